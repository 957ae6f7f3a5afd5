// What the configuration in use changed, for every report to state: a reviewer must see when a
// configuration turns a check off or lowers a severity, and a configuration file that was found
// but not used (one inside the scanned tree) is named, so adding one is never a silent bypass.
import type { Config } from './config.js';
import type { Waiver } from './results.js';
import type { Rule, Severity } from './rule-types.js';
import type { WaiverLimits } from './waivers.js';

export interface ConfigurationReport {
  /** The file in use (display path), if any. */
  file?: string;
  /** How it was chosen: --config, found from the working directory up, none found, --no-config. */
  source: 'option' | 'found' | 'none' | 'disabled';
  /** Configuration files found inside the scanned paths and not used. */
  ignored: string[];
  disabledRules: string[];
  /** Rules shipped off that the configuration turns on. */
  enabledRules: string[];
  severities: Array<{ rule: string; from: Severity; to: Severity }>;
  /** Rules whose parameters the configuration sets. */
  parameters: string[];
  failOn?: Severity | 'none';
  failOnUnknown?: boolean;
  exclude: string[];
  maxWaiverDays?: number;
  waivers: {
    /** Waivers that apply today. */
    active: number;
    expired: number;
    refused: number;
    /** Expiry dates of the active ones. */
    earliest?: string;
    latest?: string;
  };
  /** Suppressions written in the scanned files, and whether the configuration applies them. */
  inlineSuppressions?: { found: number; allowed: boolean };
  /** Rules the command line chose with --check, or left out with --skip-check. */
  checks?: string[];
  skippedChecks?: string[];
  /** Active waivers that expire more than a year out (without max-waiver-days). */
  farWaivers: Array<{ rule: string; expires: string; file: string; line: number }>;
}

export function describeConfiguration(config: Config, source: ConfigurationReport['source'], ignored: string[], rules: Rule[], limits: WaiverLimits, today: string): ConfigurationReport {
  const report: ConfigurationReport = {
    source,
    ignored,
    disabledRules: [],
    enabledRules: [],
    severities: [],
    parameters: [],
    exclude: config.exclude,
    waivers: { active: 0, expired: 0, refused: limits.refused.length },
    farWaivers: limits.far.map((w) => ({ rule: w.rule, expires: w.expires, file: w.source.file, line: w.source.line })),
  };
  if (config.file !== undefined) report.file = config.file;
  if (config.failOn !== undefined) report.failOn = config.failOn;
  if (config.failOnUnknown !== undefined) report.failOnUnknown = config.failOnUnknown;
  if (config.maxWaiverDays !== undefined) report.maxWaiverDays = config.maxWaiverDays;
  for (const rule of rules) {
    const own = config.rules[rule.id] ?? Object.entries(config.rules).find(([id]) => rule.aliases?.includes(id))?.[1];
    if (!own) continue;
    const shipped = rule.enabled ?? true;
    if (own.enabled === false && shipped) report.disabledRules.push(rule.id);
    if (own.enabled === true && !shipped) report.enabledRules.push(rule.id);
    if (own.severity !== undefined && own.severity !== rule.severity) report.severities.push({ rule: rule.id, from: rule.severity, to: own.severity });
    if (own.parameters !== undefined) report.parameters.push(rule.id);
  }
  const active = limits.accepted.filter((w: Waiver) => w.expires >= today);
  report.waivers.active = active.length;
  report.waivers.expired = limits.accepted.length - active.length;
  if (active.length > 0) {
    const dates = active.map((w) => w.expires).sort();
    report.waivers.earliest = dates[0]!;
    report.waivers.latest = dates[dates.length - 1]!;
  }
  return report;
}
