/**
 * Control characters (NUL above all: PostgreSQL text cannot hold it) have no place in names,
 * SKUs, token claims or credentials; pasted keys may carry line breaks and tabs.
 */
// Matching control characters is what these patterns are for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacters(text: string, opts: { allowLineBreaks?: boolean } = {}): boolean {
  return (opts.allowLineBreaks ? CONTROL_BUT_WHITESPACE : CONTROL).test(text);
}
