// What a report renders: the outcome of one scan (files or a snapshot), as run-scan returns it.
// Reports read this, never the scan itself.
import type { Config } from '../engine/config.js';
import type { ConfigurationReport } from '../engine/config-report.js';
import type { Result } from '../engine/results.js';
import type { Rule, Severity } from '../engine/rule-types.js';
import type { UserError } from '../util/errors.js';

/** A result a baseline listed (a previous report). */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  message: string;
  file?: string;
  line?: number;
}

export interface ScanOutcome {
  /** The rules that ran. */
  rules: Rule[];
  /** Every enabled rule, run or not (a live-only rule in a file scan): for the control roll-up. */
  enabledRules: Rule[];
  /** Rules loaded but turned off: the roll-up says a control only they check is off, not uncovered. */
  offRules: Rule[];
  results: Result[];
  /** Problems that make the exit code 2: bad input, configuration, rules. */
  errors: UserError[];
  /** Said once, not errors: a named file that is not a task definition. */
  notices: UserError[];
  skipped: Array<[string, string]>;
  filesScanned: number;
  resources: number;
  config: Config;
  /** What the configuration in use changed, and configuration files found and ignored. */
  configuration: ConfigurationReport;
  /** Files and directories a .gitignore left out of directory scans. */
  ignoredByGitignore: number;
  /** Rule ids given to --check or --skip-check that no rule has: a usage error, no report. */
  unknownChecks: string[];
  /** For a snapshot: the accounts and regions it was collected from, and how many resources it holds. */
  liveScope?: { accounts: string[]; regions: string[]; resources: number };
  /** Against the baseline: counts, and what it listed that this run does not (fixed). */
  baseline?: { file: string; new: number; unchanged: number; absent: BaselineEntry[] };
  failOn: Severity | 'none';
  failOnUnknown: boolean;
  exitCode: 0 | 1 | 2;
}
