// Offsets to 1-based line and column (UTF-16 code units, SARIF's default column kind).
import { lastAtOrBefore } from './sorted.js';

export interface SourcePosition {
  line: number;
  column: number;
  /** Set when the place is in another file than the resource's own (a Terraform module's files). */
  file?: string;
}

export class LineIndex {
  private starts: Int32Array | undefined;
  /** Where the first line ends (-1: the text is one line), found once: a one-line file may have thousands of findings. */
  private firstNewline: number | undefined;
  constructor(private readonly text: string) {}

  position(offset: number): SourcePosition {
    if (!this.starts) {
      // most lookups of a file that has no finding are its first line: no index needed
      const firstNewline = (this.firstNewline ??= this.text.indexOf('\n'));
      if (firstNewline === -1 || offset <= firstNewline) return { line: 1, column: offset + 1 };
    }
    const starts = this.lineStarts();
    const lo = lastAtOrBefore(starts, offset);
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** The offset of a 0-based line and column (past the last line: the end of the text). */
  offset(line: number, column: number): number {
    const start = this.lineStarts()[line];
    return start === undefined ? this.text.length : start + column;
  }

  private lineStarts(): Int32Array {
    if (this.starts) return this.starts;
    // counted first, then filled: one typed array a file, not an array grown line by line
    const t = this.text;
    const firstNewline = (this.firstNewline ??= t.indexOf('\n'));
    let lines = 1;
    for (let i = firstNewline; i !== -1; i = t.indexOf('\n', i + 1)) lines++;
    const starts = new Int32Array(lines);
    let k = 1;
    for (let i = firstNewline; i !== -1; i = t.indexOf('\n', i + 1)) starts[k++] = i + 1;
    return (this.starts = starts);
  }
}
