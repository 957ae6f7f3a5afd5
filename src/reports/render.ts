// One report of a scan in a format: the dispatch from a format name to its writer.
import type { ScanOutcome } from './outcome.js';
import { renderJsonReport } from './json.js';
import { renderJunit } from './junit.js';
import { renderHtml } from './html/render-html.js';
import { renderAsff } from './asff.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'junit', 'html', 'asff'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  live: boolean;
  generatedAt: string;
  sarif: SarifOptions;
  /** Colour the text report (a terminal that allows it). */
  colour?: boolean;
  /** A full report written in the same run, for the Markdown report's pointer. */
  fullReport?: string;
  /** ASFF: the account and region whose Security Hub imports the findings. */
  asff?: { account?: string; region?: string };
}

/** A report's text: one string, or chunks written one after the other as they are made. */
export type ReportText = string | Iterable<string>;

export function renderReport(format: ReportFormat, outcome: ScanOutcome, options: ReportOptions): ReportText {
  switch (format) {
    case 'json':
      return renderJsonReport(outcome, options.generatedAt);
    case 'sarif':
      return renderSarif(outcome, options.sarif);
    case 'markdown':
      return renderMarkdown(outcome, options.fullReport ? { fullReport: options.fullReport } : {});
    case 'junit':
      return renderJunit(outcome);
    case 'html':
      return renderHtml(outcome, options.generatedAt);
    case 'asff':
      return renderAsff(outcome, { ...options.asff, category: options.sarif.automationId, generatedAt: options.generatedAt });
    default:
      return renderText(outcome, { colour: options.colour === true });
  }
}
