/**
 * Where a text stops being JSON, and what it needed there, in words that quote nothing of it.
 * V8's own message shows the text around the fault, and a body's text may be a secret (a
 * password in variables, a token in a push): a client is told the place and the fix instead.
 */
export interface JsonFault {
  /** 1-based, counted in characters. */
  line: number;
  column: number;
  problem: string;
}

const A_VALUE = 'a value is expected (a string in double quotes, a number, true, false, null, an object or an array)';
const SINGLE_QUOTES = 'strings take double quotes, not single';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** What the scanner expects next: a value (`first-value` just after '['), a property name (`first-key` just after '{'), ':', or ',' / a closer. */
type Expecting = 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'next';

/** The first fault in `text`, or undefined when it is one complete JSON value. Iterative, so any depth of nesting is safe. */
export function findJsonFault(text: string): JsonFault | undefined {
  // The closing bracket each open object or array still needs, innermost last.
  const open: string[] = [];
  let expecting: Expecting = 'value';
  let i = 0;
  const at = (offset: number, problem: string): JsonFault => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < offset; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    return { line, column: offset - lineStart + 1, problem };
  };
  const expected = (): string => {
    const closer = open.at(-1);
    if (expecting === 'first-value') return "a value or ']' is expected";
    if (expecting === 'key') return 'a property name in double quotes is expected';
    if (expecting === 'first-key') return "a property name in double quotes or '}' is expected";
    if (expecting === 'colon') return "':' is expected after the property name";
    if (expecting === 'next') return `',' or '${closer}' is expected`;
    return A_VALUE;
  };
  /** The offset just past the string opening at `start`, or its fault. */
  const stringEnd = (start: number): number | JsonFault => {
    for (let k = start + 1; k < text.length; k++) {
      const code = text.charCodeAt(k);
      if (code === 34) return k + 1;
      if (code < 0x20) return at(k, 'a control character (a line break, a tab…) inside a string must be written as an escape: \\n, \\t or \\u00XX');
      if (code !== 92) continue;
      const escape = text[k + 1];
      const fine = escape === 'u' ? /^[0-9a-fA-F]{4}$/.test(text.slice(k + 2, k + 6)) : escape !== undefined && ESCAPES.has(escape);
      if (!fine) return at(k, 'a backslash in a string starts an escape: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits');
      k += escape === 'u' ? 5 : 1;
    }
    return at(start, 'this string is never closed: add its closing "');
  };
  /** The offset just past the scalar value at `start`, or its fault. */
  const scalarEnd = (start: number): number | JsonFault => {
    const c = text[start]!;
    if (c === '"') return stringEnd(start);
    if (c === "'") return at(start, SINGLE_QUOTES);
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = start;
      const end = NUMBER.exec(text) ? NUMBER.lastIndex : start;
      if (end === start || /[\d.eE+-]/.test(text[end] ?? '')) {
        return at(start, 'this number is malformed: JSON numbers are written like -12, 0.5 or 1e3 (no leading zeros, no trailing point)');
      }
      return end;
    }
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, start)) return start + word.length;
    return at(start, A_VALUE);
  };

  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const c = text[i];
    if (c === undefined) return expecting === 'next' && open.length === 0 ? undefined : at(i, `${expected()}, but nothing follows`);
    if (expecting === 'next') {
      if (open.length === 0) return at(i, 'the JSON value ends before this: remove what follows it');
      if (c === ',') expecting = open.at(-1) === '}' ? 'key' : 'value';
      else if (c === open.at(-1)) open.pop();
      else return at(i, expected());
      i++;
    } else if (expecting === 'colon') {
      if (c !== ':') return at(i, expected());
      expecting = 'value';
      i++;
    } else if (expecting === 'key' || expecting === 'first-key') {
      if (c === '}' && expecting === 'first-key') {
        open.pop();
        expecting = 'next';
        i++;
        continue;
      }
      if (c === '}') return at(i, "a property name in double quotes is expected: remove the comma before '}'");
      if (c === "'") return at(i, SINGLE_QUOTES);
      if (c !== '"') return at(i, expected());
      const end = stringEnd(i);
      if (typeof end !== 'number') return end;
      expecting = 'colon';
      i = end;
    } else if (c === ']' && expecting === 'first-value') {
      open.pop();
      expecting = 'next';
      i++;
    } else if (c === ']' && open.at(-1) === ']') {
      return at(i, "a value is expected: remove the comma before ']'");
    } else if (c === '{' || c === '[') {
      open.push(c === '{' ? '}' : ']');
      expecting = c === '{' ? 'first-key' : 'first-value';
      i++;
    } else {
      const end = scalarEnd(i);
      if (typeof end !== 'number') return end;
      expecting = 'next';
      i = end;
    }
  }
}

/** A client's answer for a text that is not JSON: where it breaks and the fix; undefined when it is JSON. */
export function describeJsonFault(text: string, what = 'the body'): string | undefined {
  const fault = findJsonFault(text);
  return fault && `${what} is not valid JSON: at line ${fault.line}, column ${fault.column}, ${fault.problem}`;
}
