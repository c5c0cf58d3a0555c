import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';

/**
 * Where a text stops being JSON, and what it needed there, in words that quote nothing of it.
 * V8's own message shows the text around the fault, and a body's text may be a secret (a
 * password in variables, a token in a push): a client is told the place and the fix instead.
 * JSON.parse judges; jsonc-parser (VS Code's) only locates the fault it refused.
 */
export interface JsonFault {
  /** 1-based, counted in characters. */
  line: number;
  column: number;
  problem: string;
}

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };
const A_VALUE = 'a value is expected (a string in double quotes, a number, true, false, null, an object or an array)';
const NUMBER = 'this number is malformed: JSON numbers are written like -12, 0.5 or 1e3 (no leading zeros, no trailing point)';
const ESCAPES = '\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits';

/** What each of the library's codes asks of the client; the scanner's string faults are placed at the string's opening quote. */
const PROBLEMS: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: "this is not JSON: JSON is made of strings in double quotes, numbers, true, false, null, '{}', '[]', ':' and ','",
  InvalidNumberFormat: NUMBER,
  UnexpectedEndOfNumber: NUMBER,
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: A_VALUE,
  ColonExpected: "':' is expected after the property name",
  CommaExpected: "',' is expected",
  CloseBraceExpected: "'}' is expected to close the object",
  CloseBracketExpected: "']' is expected to close the array",
  EndOfFileExpected: 'the JSON value ends before this: remove what follows it',
  InvalidCommentToken: 'JSON has no comments: remove it',
  UnexpectedEndOfComment: 'JSON has no comments: remove it',
  UnexpectedEndOfString: 'this string is never closed: add its closing " (a line break inside a string is written \\n)',
  InvalidUnicode: 'this string has a \\u escape without four hex digits after it',
  InvalidEscapeCharacter: `this string has an escape JSON does not know: a backslash starts ${ESCAPES}`,
  InvalidCharacter: 'this string holds a control character (a tab…) that must be written as an escape: \\t or \\u00XX',
  '<unknown ParseErrorCode>': 'the JSON breaks here',
};

/** Thrown from the visitor to stop at the first fault: visit has no other way to stop, and the rest would be wasted work. */
const FOUND = Symbol('found');

/**
 * The first fault jsonc-parser finds in `text`, or undefined when it finds none. Its parser
 * recurses, so a text nested some thousands deep is beyond it: undefined as well.
 */
export function findJsonFault(text: string): JsonFault | undefined {
  // The closer each open object or array still needs, innermost last, and the last ':' or ',' seen since a value:
  // together they turn the library's code into the fix.
  const closers: string[] = [];
  let separator: string | undefined;
  let fault: JsonFault | undefined;
  const refine = (code: ParseErrorCode, offset: number): string => {
    const name = printParseErrorCode(code);
    const here = text[offset];
    if (name === 'InvalidSymbol' && here === "'") return 'strings and property names take double quotes, not single';
    if (name === 'PropertyNameExpected' && here === '}') return `${PROBLEMS[name]}: remove the comma before '}'`;
    if (name === 'ValueExpected' && here === ']' && separator === ',') return "a value is expected: remove the comma before ']'";
    if (name === 'CommaExpected' && closers.length > 0) return `',' or '${closers.at(-1)}' is expected`;
    return PROBLEMS[name];
  };
  const open = (closer: string) => () => {
    closers.push(closer);
    separator = undefined;
  };
  const value = () => {
    separator = undefined;
  };
  try {
    visit(
      text,
      {
        onObjectBegin: open('}'),
        onArrayBegin: open(']'),
        onObjectEnd: () => void closers.pop(),
        onArrayEnd: () => void closers.pop(),
        onObjectProperty: value,
        onLiteralValue: value,
        onSeparator: (character) => {
          separator = character;
        },
        onError: (code, offset, _length, startLine, startCharacter) => {
          const problem = refine(code, offset);
          fault = { line: startLine + 1, column: startCharacter + 1, problem: offset >= text.length ? `${problem}, but nothing follows` : problem };
          throw FOUND;
        },
      },
      STRICT,
    );
  } catch (error) {
    // A RangeError is the library's recursion out of stack: no place to name.
    if (error !== FOUND && !(error instanceof RangeError)) throw error;
  }
  return fault;
}

/** A client's answer for a text that is not JSON: where it breaks and the fix when the library can say; undefined when it is JSON. */
export function describeJsonFault(text: string, what = 'the body'): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    const fault = findJsonFault(text);
    return fault ? `${what} is not valid JSON: at line ${fault.line}, column ${fault.column}, ${fault.problem}` : `${what} is not valid JSON`;
  }
}

/** A request body read as JSON: its value, or where it breaks in words that quote none of it (never V8's message). */
export function parseJsonBody(raw: Buffer): { value: unknown } | { error: string } {
  const text = raw.toString('utf8');
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: describeJsonFault(text) ?? 'the body is not valid JSON' };
  }
}
