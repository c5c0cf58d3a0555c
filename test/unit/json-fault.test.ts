import { describeJsonFault, findJsonFault } from '../../src/http/json-fault.js';

const SAMPLES = [
  '{"query": "{ orders(first: 10) { edges { cursor } } }", "variables": {"first": 10, "after": null}}',
  '[{"orderId": "MYN000000001", "lines": [{"sku": "KURTA-M", "price": 1299.5, "qty": 2e0}], "paid": true, "tags": []}]',
  '{"a": {"b": {"c": [1, -0.25, 3E+2, "\\u20b9 \\n \\" \\\\ \\/", false, {}]}}}',
  '  "a string at the top"  ',
  '-12.5e-3',
];

/** A deterministic stream of numbers in [0, 1) (mulberry32): the same texts on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Undefined when JSON.parse takes the text; else the offset V8's message names, or true when it names none. */
function whereJsonParseBroke(text: string): number | true | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    return position ? Number(position[1]) : true;
  }
}

/** The offset a fault's line and column name (the samples and the damage hold no carriage return). */
const offsetOf = (text: string, fault: { line: number; column: number }) =>
  text
    .split('\n')
    .slice(0, fault.line - 1)
    .reduce((sum, line) => sum + line.length + 1, 0) +
  fault.column -
  1;

describe('finding where a text stops being JSON', () => {
  it('agrees with JSON.parse on which of 20,000 damaged texts are JSON, and never places a fault past where JSON.parse broke', () => {
    const next = random(15);
    const pick = <T>(items: ArrayLike<T>) => items[Math.floor(next() * items.length)]!;
    const alphabet = '{}[]:,"\'\\ \n\t0123456789.-+eEtrufalsnx/*\u0001';
    const disagreements: string[] = [];
    const pastTheBreak: string[] = [];
    let refused = 0;
    let placed = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = pick(SAMPLES);
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * (text.length + 1));
        const kind = next();
        if (kind < 0.4) text = text.slice(0, at) + pick(alphabet) + text.slice(at + 1);
        else if (kind < 0.7) text = text.slice(0, at) + pick(alphabet) + text.slice(at);
        else if (kind < 0.9) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at);
      }
      const fault = findJsonFault(text);
      const broke = whereJsonParseBroke(text);
      if ((fault === undefined) !== (broke === undefined)) disagreements.push(text);
      if (fault) refused++;
      // V8 names a position for most of its refusals: the library's place is that one or earlier (a string's fault is placed at its quote).
      if (fault && typeof broke === 'number') {
        placed++;
        if (offsetOf(text, fault) > broke) pastTheBreak.push(text);
      }
    }
    expect(disagreements).toEqual([]);
    expect(pastTheBreak).toEqual([]);
    // Most damage breaks the text; the comparison above covers both answers.
    expect(refused).toBeGreaterThan(10_000);
    expect(placed).toBeGreaterThan(5_000);
  });

  it('names the place and the fix', () => {
    expect(describeJsonFault('{"a": 1,\n "b": 01}')).toBe("the body is not valid JSON: at line 2, column 8, ',' or '}' is expected");
    expect(describeJsonFault('{"a": 1,}')).toBe(
      "the body is not valid JSON: at line 1, column 9, a property name in double quotes is expected: remove the comma before '}'",
    );
    expect(describeJsonFault('[1, 2,]')).toBe("the body is not valid JSON: at line 1, column 7, a value is expected: remove the comma before ']'");
    expect(describeJsonFault('{query: "x"}')).toBe(
      "the body is not valid JSON: at line 1, column 2, this is not JSON: JSON is made of strings in double quotes, numbers, true, false, null, '{}', '[]', ':' and ','",
    );
    expect(describeJsonFault("{'query': 'x'}")).toBe(
      'the body is not valid JSON: at line 1, column 2, strings and property names take double quotes, not single',
    );
    expect(describeJsonFault('{"a" 1}')).toBe("the body is not valid JSON: at line 1, column 6, ':' is expected after the property name");
    expect(describeJsonFault('{"a": "b\\x"}')).toBe(
      'the body is not valid JSON: at line 1, column 7, this string has an escape JSON does not know: a backslash starts \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits',
    );
    expect(describeJsonFault('{"a": [1, 2}')).toBe("the body is not valid JSON: at line 1, column 12, ',' or ']' is expected");
    expect(describeJsonFault('{"a": 1 // why\n}')).toBe('the body is not valid JSON: at line 1, column 9, JSON has no comments: remove it');
    expect(describeJsonFault('{} {}')).toBe('the body is not valid JSON: at line 1, column 4, the JSON value ends before this: remove what follows it');
    expect(describeJsonFault('{"a": 1', 'the push')).toBe(
      "the push is not valid JSON: at line 1, column 8, '}' is expected to close the object, but nothing follows",
    );
    expect(describeJsonFault('{"a": [1, 2]}')).toBeUndefined();
  });

  it('copes with any depth of nesting: JSON.parse still judges where the library cannot follow', () => {
    expect(describeJsonFault('['.repeat(200_000) + ']'.repeat(200_000))).toBeUndefined();
    expect(describeJsonFault('['.repeat(200_000))).toBe('the body is not valid JSON');
    expect(describeJsonFault('['.repeat(1_000) + ']'.repeat(999))).toBe(
      "the body is not valid JSON: at line 1, column 2000, ']' is expected to close the array, but nothing follows",
    );
  });
});
