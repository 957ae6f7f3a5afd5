// Names and values in reports come from untrusted files: a container named "\u001b]0;..." would
// drive the reader's terminal, a newline would forge a report line, and bidirectional controls
// (U+202A-202E, U+2066-2069) reorder what a reviewer sees. Text meant for people shows them as
// escapes. One character class, no repetition: linear on any input.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const INLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// the same classes without /g, to test first: most text has nothing to escape, and a test is
// cheaper than a replace that finds nothing
const HAS_CONTROL = new RegExp(CONTROL.source);
const HAS_INLINE = new RegExp(INLINE.source);

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A whole report: every control character except newline and tab written as \u00XX. */
export function printable(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, escape) : text;
}

/** A value from a file placed on one line of a report: newlines and tabs are escaped too. */
export function oneLine(text: string): string {
  return HAS_INLINE.test(text) ? text.replace(INLINE, escape) : text;
}
