// Where each character of a text derived from a source (escapes applied, expansions replaced)
// was written in the source: anchors mark where the two shift against each other, and between
// anchors characters run on one to one. Memory grows with the anchors, not with the text.
import { lastAtOrBefore } from './sorted.js';

export class AnchoredOffsets {
  private readonly at: number[] = [0];
  private readonly from: number[];

  /** `start`: where the text's first character is in the source; `end`: the source offset no place goes past. */
  constructor(start: number, private end = Number.MAX_SAFE_INTEGER) {
    this.from = [start];
  }

  /** From `index` of the text on, characters run on one to one from `offset` of the source. */
  anchor(index: number, offset: number): void {
    this.at.push(index);
    this.from.push(offset);
  }

  /** The text has been read to the source's `end`. */
  close(end: number): void {
    this.end = end;
  }

  /** Where the character at `index` of the text is in the source. */
  offset(index: number): number {
    const lo = lastAtOrBefore(this.at, index);
    return Math.min(this.from[lo]! + (index - this.at[lo]!), this.end);
  }
}
