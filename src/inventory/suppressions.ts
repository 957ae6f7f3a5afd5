// A suppression written in a scanned file: which rule, why, until when, and what it covers (one
// resource of the file, or the findings on one line). The scan turns them into waivers.

export interface InlineSuppression {
  rule: string;
  reason: string;
  /** YYYY-MM-DD, when the file gives one. */
  expires?: string;
  /** The file and line the suppression is written on. */
  file: string;
  line: number;
  /** A CloudFormation logical id: the suppression covers that resource. */
  resource?: string;
  /** A comment's line: the suppression covers the findings on this line of the file. */
  targetLine?: number;
  /** The last line it covers, when the line starts a statement written across several (a shell command). */
  targetEnd?: number;
}
