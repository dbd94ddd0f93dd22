/**
 * Where things are in a JSON text, for messages a person can act on: the offset of every value and every member's key
 * by JSON path (`sources[2].url`), keys given twice in one object (JSON.parse silently keeps the last), and the place
 * and plain reason of a syntax error. JSON.parse stays the judge of the value; this only finds positions.
 */

export interface JsonMap {
  /** Offset of each value's first character, by path ('(root)' for the document). */
  values: Map<string, number>;
  /** Offset of each member's key, by the member's path. */
  keys: Map<string, number>;
  /** A key given again in the same object: the object's path, the key, and where it is given the second time. */
  repeated: { path: (string | number)[]; key: string; offset: number }[];
}

export type JsonScan = { ok: true; map: JsonMap } | { ok: false; message: string; offset: number };

/** `sources[2].url` from ['sources', 2, 'url']; '(root)' for the empty path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

class Stop extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

export function scanJson(text: string): JsonScan {
  const map: JsonMap = { values: new Map(), keys: new Map(), repeated: [] };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (text.startsWith('//', i) || text.startsWith('/*', i)) throw new Stop('comments are not allowed in JSON', i);
  };
  const end = (what: string) => new Stop(`the file ends ${what}`, text.length);

  const string = (): string => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) throw end('inside a string (a closing " is missing)');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === '\n' || c === '\r') throw new Stop('a string cannot hold a line break (write \\n, or close the string with ")', i);
      if (c < ' ') throw new Stop('a string cannot hold a control character (write it as \\u00XX)', i);
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop('\\u must be followed by four hex digits', i);
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new Stop(`"\\${e ?? ''}" is not an escape JSON knows (a backslash is written \\\\)`, i);
        i += 2;
        continue;
      }
      i++;
    }
  };

  const value = (path: (string | number)[]): void => {
    space();
    if (i >= text.length) throw end('where a value was expected');
    map.values.set(formatPath(path), i);
    const c = text[i]!;
    if (c === '{') {
      object(path);
      return;
    }
    if (c === '[') {
      array(path);
      return;
    }
    if (c === '"') {
      string();
      return;
    }
    if (c === "'") throw new Stop('strings must be in double quotes', i);
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    throw new Stop(`expected a value (a string, number, object, array, true, false or null), found ${JSON.stringify(text[i])}`, i);
  };

  const object = (path: (string | number)[]): void => {
    i++;
    const seen = new Set<string>();
    space();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      space();
      if (i >= text.length) throw end('inside an object (a closing } is missing)');
      if (text[i] !== '"') {
        throw new Stop(text[i] === "'" || /[A-Za-z_$]/.test(text[i]!) ? 'keys must be in double quotes' : `expected a key in double quotes, found ${JSON.stringify(text[i])}`, i);
      }
      const keyAt = i;
      const key = string();
      const member = formatPath([...path, key]);
      if (seen.has(key)) map.repeated.push({ path, key, offset: keyAt });
      seen.add(key);
      map.keys.set(member, keyAt);
      space();
      if (text[i] !== ':') throw i >= text.length ? end('after a key') : new Stop(`expected ":" after the key "${key}"`, i);
      i++;
      value([...path, key]);
      space();
      const commaAt = i;
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === '}') throw new Stop('a trailing comma before "}" is not allowed in JSON', commaAt);
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      throw i >= text.length ? end('inside an object (a closing } is missing)') : new Stop(`expected "," or "}" after the value of "${key}"`, i);
    }
  };

  const array = (path: (string | number)[]): void => {
    i++;
    space();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let n = 0; ; n++) {
      value([...path, n]);
      space();
      const commaAt = i;
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === ']') throw new Stop('a trailing comma before "]" is not allowed in JSON', commaAt);
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      throw i >= text.length ? end('inside an array (a closing ] is missing)') : new Stop(`expected "," or "]" after an element`, i);
    }
  };

  try {
    value([]);
    space();
    if (i < text.length) throw new Stop('unexpected text after the end of the JSON document', i);
    return { ok: true, map };
  } catch (err) {
    if (err instanceof Stop) return { ok: false, message: err.message, offset: err.offset };
    throw err;
  }
}

/** 1-based line and column (in UTF-16 code units, as editors count them for Chinese text) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let j = text.indexOf('\n'); j !== -1 && j < offset; j = text.indexOf('\n', j + 1)) {
    line++;
    lineStart = j + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
