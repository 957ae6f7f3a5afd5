// Names and values in reports come from untrusted files: a container named "\u001b]0;..." would
// drive the reader's terminal. Text meant for people shows control characters as escapes.
// One character class, no repetition: linear on any input.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** The text with every control character except newline and tab written as \u00XX. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
