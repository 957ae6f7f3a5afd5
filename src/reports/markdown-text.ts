// Text from files placed in Markdown: table cells and code spans that nothing in the text can break.
import { oneLine } from '../util/printable.js';

// Names, messages and waiver reasons come from files in a pull request: the Markdown punctuation
// that makes links, images, mentions, HTML and table cells is escaped, and so are ":" and "." so
// that GitHub does not autolink a URL or a domain a file wrote (https\://evil\.example renders
// as text). Line breaks, control and bidirectional characters are written as escapes. Emphasis
// characters are left alone: at worst cosmetic, and IAM messages are full of "*".
export function cell(s: string): string {
  return oneLine(s).replace(/[\\`[\]<>|@:.]/g, '\\$&');
}

/** A code span that holds any text: its fence is longer than the longest run of backticks in it. */
export function code(s: string): string {
  const flat = oneLine(s).replace(/\|/g, '\\|'); // GFM tables need \| even in code
  let longest = 0;
  for (const m of flat.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}
