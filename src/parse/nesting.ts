/**
 * A cap on how deep markup may nest, applied while htmlparser2 reads it. An element nested 100,000 levels deep cost
 * htmlparser2 half a minute (its open-element stack grows at the front, so each level costs the depth so far) and
 * then overflowed the call stack of every recursive walk after it (serialising, text extraction), failing the whole
 * feed for one entry. Real feeds and articles nest a few dozen levels at most.
 *
 * The parser is given a tokenizer (htmlparser2's own, via its `Tokenizer` option) that mirrors the stack of open
 * elements the parser keeps and drops each opening tag that would go past the cap, with its attributes: its text
 * content stays, and its closing tag closes at most what is open, as any stray closing tag does. The tree nests at most
 * MAX_NESTING levels, so building it is linear and every recursive walk over it is shallow. Feeds (parse/index.ts),
 * the sanitiser (html-policy.ts) and the HTML-to-text reader (html.ts) all read through it.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Elements nested deeper than this are flattened: far beyond real content, far within any call stack. */
export const MAX_NESTING = 256;

/** What a capped read cut, filled in as it reads. */
export interface NestingReport {
  /** Whether any opening tag was dropped. */
  capped: boolean;
  /** XML: where each entry element (`item`, `entry`) that had tags dropped inside it starts (its `<`). */
  deepEntries: number[];
  /** XML: whether tags outside every entry were dropped. */
  outsideEntries: boolean;
}

export function nestingReport(): NestingReport {
  return { capped: false, deepEntries: [], outsideEntries: false };
}

// HTML elements that never hold children, and those an opening tag closes implicitly (htmlparser2's own tables).
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const IMPLIES_CLOSE = new Map<string, readonly string[]>([
  ['tr', ['tr', 'th', 'td']], ['th', ['th']], ['td', ['thead', 'th', 'td']], ['body', ['head', 'link', 'script']], ['li', ['li']],
  ['option', ['option']], ['optgroup', ['optgroup', 'option']], ['dd', ['dd', 'dt']], ['dt', ['dd', 'dt']],
  ['rt', ['rt', 'rp']], ['rp', ['rt', 'rp']], ['tbody', ['thead', 'tbody']], ['tfoot', ['thead', 'tbody']],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM] as const),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((t) => [t, P] as const),
]);
/** HTML elements whose content the tokenizer reads as raw text: a dropped one goes with its content. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

const ENTRY = /^(?:[^:]+:)?(?:item|entry)$/i;

interface Open {
  name: string;
  /** Where its opening tag starts (its `<`). */
  start: number;
}

/**
 * The stack of open elements as htmlparser2's parser keeps it, bounded by the cap. In HTML mode the parser's
 * foreign-content rule (`/>` closes inside svg and math) is left out: that only makes this stack longer than the
 * parser's, never shorter, so what is cut to fit it fits the parser too.
 */
class Mirror {
  readonly stack: Open[] = [];
  /** The outermost open entry element (XML): what a cut inside it is charged to. */
  entry: Open | null = null;
  private readonly counts = new Map<string, number>();

  constructor(private readonly xml: boolean) {}

  push(open: Open): void {
    this.stack.push(open);
    this.counts.set(open.name, (this.counts.get(open.name) ?? 0) + 1);
    if (this.xml && !this.entry && ENTRY.test(open.name)) this.entry = open;
  }

  pop(): Open {
    const open = this.stack.pop()!;
    this.counts.set(open.name, this.counts.get(open.name)! - 1);
    if (open === this.entry) this.entry = null;
    return open;
  }

  isOpen(name: string): boolean {
    return (this.counts.get(name) ?? 0) > 0;
  }

  /** A closing tag closes the innermost open element of its name and everything inside it. */
  closeTo(name: string): void {
    while (this.pop().name !== name);
  }

  /** How many open elements an HTML opening tag `name` closes first (`<p>` closes an open `<p>`, `<li>` an `<li>`). */
  impliedCloses(name: string): number {
    const closes = this.xml ? undefined : IMPLIES_CLOSE.get(name);
    let n = 0;
    while (closes && n < this.stack.length && closes.includes(this.stack[this.stack.length - 1 - n]!.name)) n++;
    return n;
  }
}

/**
 * The tokenizer's events, passed on to the parser (`cbs`) except those of the opening tags past the cap. Stray
 * closing tags are passed on in XML, where the parser ignores them and keeps its positions right for
 * `withStartIndices`; after a cut in HTML they are dropped (100,000 of them slowed sanitize-html down to seconds).
 */
function cappingCallbacks(cbs: TokenizerCallbacks, xml: boolean, limit: number, report: NestingReport, text: () => string): TokenizerCallbacks {
  const mirror = new Mirror(xml);
  let tagName = '';
  let tagStart = -1;
  /** The opening tag being read is dropped. */
  let cutting = false;
  /** A raw-text element whose opening tag was dropped: its content and closing tag go too. */
  let cuttingRaw: string | null = null;
  const name = (start: number, end: number) => (xml ? text().slice(start, end) : text().slice(start, end).toLowerCase());

  return {
    onopentagname(start, endIndex) {
      tagStart = start - 1;
      tagName = name(start, endIndex);
      const closes = mirror.impliedCloses(tagName);
      const isVoid = !xml && VOID.has(tagName);
      if (isVoid || mirror.stack.length - closes < limit) {
        for (let i = 0; i < closes; i++) mirror.pop();
        if (!isVoid) mirror.push({ name: tagName, start: tagStart });
        cbs.onopentagname(start, endIndex);
        return;
      }
      // Dropped: the parser never sees this tag, so it closes nothing either.
      cutting = true;
      report.capped = true;
      if (!xml && RAW_TEXT.has(tagName)) cuttingRaw = tagName;
      if (!xml) return;
      if (!mirror.entry) report.outsideEntries = true;
      else if (report.deepEntries.at(-1) !== mirror.entry.start) report.deepEntries.push(mirror.entry.start);
    },
    onattribname: (start, endIndex) => void (cutting || cbs.onattribname(start, endIndex)),
    onattribdata: (start, endIndex) => void (cutting || cbs.onattribdata(start, endIndex)),
    onattribentity: (codepoint) => void (cutting || cbs.onattribentity(codepoint)),
    onattribend: (quote, endIndex) => void (cutting || cbs.onattribend(quote, endIndex)),
    onopentagend(endIndex) {
      if (cutting) cutting = false;
      else cbs.onopentagend(endIndex);
    },
    onselfclosingtag(endIndex) {
      if (cutting) {
        cutting = false;
        cuttingRaw = null; // the tokenizer reads no raw text after a self-closing tag
        return;
      }
      const top = mirror.stack.at(-1);
      if (xml && top?.start === tagStart) mirror.pop();
      cbs.onselfclosingtag(endIndex);
    },
    onclosetag(start, endIndex) {
      const closing = name(start, endIndex);
      if (cuttingRaw) {
        if (closing === cuttingRaw) cuttingRaw = null;
        return;
      }
      if (!xml && VOID.has(closing)) return cbs.onclosetag(start, endIndex);
      if (mirror.isOpen(closing)) mirror.closeTo(closing);
      else if (report.capped && !xml) return;
      cbs.onclosetag(start, endIndex);
    },
    ontext: (start, endIndex) => void (cuttingRaw || cbs.ontext(start, endIndex)),
    ontextentity: (codepoint, endIndex) => void (cuttingRaw || cbs.ontextentity(codepoint, endIndex)),
    oncdata: (start, endIndex, endOffset) => cbs.oncdata(start, endIndex, endOffset),
    oncomment: (start, endIndex, endOffset) => cbs.oncomment(start, endIndex, endOffset),
    ondeclaration: (start, endIndex) => cbs.ondeclaration(start, endIndex),
    onprocessinginstruction: (start, endIndex) => cbs.onprocessinginstruction(start, endIndex),
    onend: () => cbs.onend(),
  };
}

/** Parser options that read through the capping tokenizer; `report` is filled in as it reads. */
export interface CappedParserOptions {
  Tokenizer: typeof Tokenizer;
  nestingReport: NestingReport;
  nestingLimit?: number;
}

/**
 * htmlparser2's tokenizer, capping nesting. The parser hands its own options to the tokenizer it makes, which is how
 * the report and the limit reach it (see cappedParsing).
 */
class CappedTokenizer extends Tokenizer {
  private source = '';

  constructor(options: { xmlMode?: boolean; decodeEntities?: boolean; nestingReport?: NestingReport; nestingLimit?: number }, cbs: TokenizerCallbacks) {
    const holder: { self?: CappedTokenizer } = {};
    const report = options.nestingReport ?? nestingReport();
    super(options, cappingCallbacks(cbs, options.xmlMode === true, options.nestingLimit ?? MAX_NESTING, report, () => holder.self!.source));
    holder.self = this;
  }

  override write(chunk: string): void {
    // The tokenizer reports positions in everything written so far; tag names are read from it.
    this.source += chunk;
    super.write(chunk);
  }
}

/**
 * Options to add to htmlparser2's (parseDocument, Parser, sanitize-html's `parser`) so that nesting is capped at
 * `limit`, and what was cut is noted in `report`.
 */
export function cappedParsing(report: NestingReport = nestingReport(), limit = MAX_NESTING): CappedParserOptions {
  return { Tokenizer: CappedTokenizer, nestingReport: report, nestingLimit: limit };
}
