/**
 * A cap on how deep markup may nest, applied to the text before htmlparser2 builds a tree from it. An element nested
 * 100,000 levels deep cost htmlparser2 half a minute (its open-element stack grows at the front, so each level costs
 * the depth so far) and then overflowed the call stack of every recursive walk after it (serialising, text
 * extraction), failing the whole feed for one entry. Real feeds and articles nest a few dozen levels at most.
 *
 * The text is read once with htmlparser2's own tokenizer, and the open-element stack the parser would build is
 * mirrored; an opening tag that would go past the cap is cut out of the text (its text content stays; its closing
 * tag stays too and, as for any stray closing tag, closes at most what is open). What is left nests at most
 * MAX_NESTING levels, so parsing it is linear and every recursive walk over it is shallow.
 */
import { Tokenizer } from 'htmlparser2';

/** Elements nested deeper than this are flattened: far beyond real content, far within any call stack. */
export const MAX_NESTING = 256;

export interface Capped {
  text: string;
  /** Whether anything was cut. */
  capped: boolean;
}

/** A cut-out opening tag, and for an XML entry element that had to be cut into, the entry's own span. */
interface Span {
  start: number;
  end: number;
}

export interface CappedXml extends Capped {
  /** Entry elements (`item`, `entry`) that had markup cut out, as they stood in the original text. */
  deepEntries: string[];
  /** Whether markup outside every entry was cut. */
  cappedOutsideEntries: boolean;
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
/** HTML elements whose content the tokenizer reads as raw text: cut out whole, or their text would turn into markup. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

const ENTRY = /^(?:[^:]+:)?(?:item|entry)$/i;

interface Open {
  name: string;
  /** Where its opening tag starts in the text. */
  start: number;
  /** For an entry element: whether markup inside it was cut. */
  cut?: boolean;
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

  /** A closing tag closes the innermost open element of its name and everything inside it; else nothing. */
  closeTo(name: string, onClose: (open: Open) => void): void {
    if (!this.counts.get(name)) return;
    for (;;) {
      const open = this.pop();
      onClose(open);
      if (open.name === name) return;
    }
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
 * The spans to cut, in document order: opening tags past the cap and, once there is one, the closing tags that close
 * nothing (the parser ignores them; after a cut of 100,000 opening tags, their 100,000 closing tags are all such).
 */
function scan(text: string, xml: boolean, limit: number): { cuts: Span[]; capped: boolean; deepEntries: Span[]; outside: boolean } {
  const mirror = new Mirror(xml);
  const cuts: Span[] = [];
  /** Adjacent cuts join: a run of 100,000 cut tags is one span. */
  const cut = (start: number, end: number) => {
    const last = cuts.at(-1);
    if (last && last.end === start) last.end = end;
    else cuts.push({ start, end });
  };
  let capped = false;
  const deepEntries: Span[] = [];
  let outside = false;
  let tagName = '';
  let tagStart = -1;
  /** The opening tag being read is cut: where it starts. */
  let cutting = -1;
  /** A raw-text element whose opening tag was cut: cut through its closing tag. */
  let cuttingRaw: { name: string; start: number } | null = null;
  const onClose = (open: Open, end: number) => {
    if (open.cut) deepEntries.push({ start: open.start, end });
  };

  const tokenizer = new Tokenizer(
    { xmlMode: xml, decodeEntities: false },
    {
      onopentagname(start, endIndex) {
        tagStart = start - 1;
        tagName = xml ? text.slice(start, endIndex) : text.slice(start, endIndex).toLowerCase();
        const closes = mirror.impliedCloses(tagName);
        const isVoid = !xml && VOID.has(tagName);
        if (isVoid || mirror.stack.length - closes < limit) {
          for (let i = 0; i < closes; i++) onClose(mirror.pop(), tagStart);
          if (!isVoid) mirror.push({ name: tagName, start: tagStart });
          return;
        }
        // Cut: the parser will never see this tag, so it closes nothing either.
        cutting = tagStart;
        capped = true;
        if (mirror.entry) mirror.entry.cut = true;
        else outside = true;
      },
      onopentagend(endIndex) {
        if (cutting === -1) return;
        if (!xml && RAW_TEXT.has(tagName)) cuttingRaw = { name: tagName, start: cutting };
        else cut(cutting, endIndex + 1);
        cutting = -1;
      },
      onselfclosingtag(endIndex) {
        if (cutting !== -1) {
          cut(cutting, endIndex + 1);
          cutting = -1;
        } else if (xml && mirror.stack.at(-1)?.name === tagName && mirror.stack.at(-1)?.start === tagStart) {
          onClose(mirror.pop(), endIndex + 1);
        }
      },
      onclosetag(start, endIndex) {
        const name = xml ? text.slice(start, endIndex) : text.slice(start, endIndex).toLowerCase();
        const closeEnd = text.indexOf('>', endIndex) + 1 || text.length;
        if (cuttingRaw) {
          if (name === cuttingRaw.name) {
            cut(cuttingRaw.start, closeEnd);
            cuttingRaw = null;
          }
          return;
        }
        if (!xml && VOID.has(name)) return;
        const closeStart = text.lastIndexOf('<', start);
        // (HTML reads a stray </p> as an empty paragraph: nothing a reader would miss.)
        if (!mirror.isOpen(name)) {
          if (capped) cut(closeStart, closeEnd);
          return;
        }
        mirror.closeTo(name, (o) => onClose(o, o.name === name ? closeEnd : closeStart));
      },
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      onattribname() {},
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onprocessinginstruction() {},
      ontext() {},
      ontextentity() {},
    },
  );
  tokenizer.write(text);
  tokenizer.end();
  if (cuttingRaw) cut((cuttingRaw as { start: number }).start, text.length);
  // Entries still open at the end (a document cut off) run to its end.
  for (const open of mirror.stack) if (open.cut) deepEntries.push({ start: open.start, end: text.length });
  return { cuts, capped, deepEntries, outside };
}

/** `text` without the spans (sorted, disjoint). */
function without(text: string, spans: readonly Span[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.start));
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * A cheap bound first: markup cannot nest deeper than it has tags, and most texts have fewer tags than the cap.
 * Counting `<` is far quicker than tokenizing.
 */
function fewTags(text: string, limit: number): boolean {
  let n = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) if (++n > limit) return false;
  return true;
}

/** HTML (or XML, with `xml`) with every element nested deeper than `limit` flattened into its parent. */
export function capNesting(text: string, opts: { xml: boolean; limit?: number }): Capped {
  const limit = opts.limit ?? MAX_NESTING;
  if (fewTags(text, limit)) return { text, capped: false };
  const { cuts, capped } = scan(text, opts.xml, limit);
  if (!capped) return { text, capped: false };
  return { text: without(text, cuts), capped: true };
}

/**
 * A feed document with the entries that nest deeper than the cap taken out whole (returned, flattened, so that they
 * can be named), and markup outside the entries flattened.
 */
export function capFeedNesting(text: string, limit = MAX_NESTING): CappedXml {
  const none = { text, capped: false, deepEntries: [], cappedOutsideEntries: false };
  if (fewTags(text, limit)) return none;
  const { cuts, capped, deepEntries, outside } = scan(text, true, limit);
  if (!capped) return none;
  // Outermost entries only, in document order; the cuts inside them go with them.
  const entries = deepEntries
    .sort((a, b) => a.start - b.start)
    .filter((e, i, all) => !all.slice(0, i).some((o) => o.start <= e.start && e.end <= o.end));
  const inside = (s: Span) => entries.some((e) => e.start <= s.start && s.end <= e.end);
  const removed = [...entries, ...cuts.filter((c) => !inside(c))].sort((a, b) => a.start - b.start);
  return {
    text: without(text, removed),
    capped: true,
    deepEntries: entries.map((e) => without(text.slice(e.start, e.end), cuts.filter((c) => e.start <= c.start && c.end <= e.end).map((c) => ({ start: c.start - e.start, end: c.end - e.start })))),
    cappedOutsideEntries: outside,
  };
}
