// One report of a scan in a format: the dispatch from a format name to its writer.
import type { ScanOutcome } from './outcome.js';
import { buildJsonReport } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { buildSarif, type SarifOptions } from './sarif.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  live: boolean;
  generatedAt: string;
  sarif: SarifOptions;
  /** Colour the text report (a terminal that allows it). */
  colour?: boolean;
  /** A full report written in the same run, for the Markdown report's pointer. */
  fullReport?: string;
}

export function renderReport(format: ReportFormat, outcome: ScanOutcome, options: ReportOptions): string {
  switch (format) {
    case 'json':
      return JSON.stringify(buildJsonReport(outcome, options.generatedAt), null, 2) + '\n';
    case 'sarif':
      // compact: SARIF is for machines, and GitHub caps an upload at 10 MB gzipped
      return JSON.stringify(buildSarif(outcome, options.sarif)) + '\n';
    case 'markdown':
      return renderMarkdown(outcome, options.fullReport ? { fullReport: options.fullReport } : {});
    case 'junit':
      return renderJunit(outcome);
    default:
      return renderText(outcome, { colour: options.colour === true });
  }
}
