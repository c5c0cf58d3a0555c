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

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('finding where a text stops being JSON', () => {
  it('agrees with JSON.parse on which of 20,000 damaged texts are JSON', () => {
    const next = random(15);
    const pick = <T>(items: ArrayLike<T>) => items[Math.floor(next() * items.length)]!;
    const alphabet = '{}[]:,"\'\\ \n\t0123456789.-+eEtrufalsnx\u0001';
    const disagreements: string[] = [];
    let refused = 0;
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
      if ((fault === undefined) !== parses(text)) disagreements.push(text);
      if (fault) refused++;
    }
    expect(disagreements).toEqual([]);
    // Most damage breaks the text; the comparison above covers both answers.
    expect(refused).toBeGreaterThan(10_000);
  });

  it('names the place and the fix', () => {
    expect(describeJsonFault('{"a": 1,\n "b": 01}')).toBe(
      'the body is not valid JSON: at line 2, column 7, this number is malformed: JSON numbers are written like -12, 0.5 or 1e3 (no leading zeros, no trailing point)',
    );
    expect(describeJsonFault('{"a": 1,}')).toBe(
      "the body is not valid JSON: at line 1, column 9, a property name in double quotes is expected: remove the comma before '}'",
    );
    expect(describeJsonFault('{query: "x"}')).toBe("the body is not valid JSON: at line 1, column 2, a property name in double quotes or '}' is expected");
    expect(describeJsonFault('{"a" 1}')).toBe("the body is not valid JSON: at line 1, column 6, ':' is expected after the property name");
    expect(describeJsonFault('{"a": "b\\x"}')).toBe(
      'the body is not valid JSON: at line 1, column 9, a backslash in a string starts an escape: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits',
    );
    expect(describeJsonFault('{"a": [1, 2}')).toBe("the body is not valid JSON: at line 1, column 12, ',' or ']' is expected");
    expect(describeJsonFault('{} {}')).toBe('the body is not valid JSON: at line 1, column 4, the JSON value ends before this: remove what follows it');
    expect(describeJsonFault('{"a": 1', 'the push')).toBe("the push is not valid JSON: at line 1, column 8, ',' or '}' is expected, but nothing follows");
    expect(describeJsonFault('{"a": [1, 2]}')).toBeUndefined();
  });

  it('copes with any depth of nesting', () => {
    expect(findJsonFault('['.repeat(200_000) + ']'.repeat(200_000))).toBeUndefined();
    expect(findJsonFault('['.repeat(200_000))).toMatchObject({ line: 1, column: 200_001 });
  });
});
