// What evaluation produces: one result per finding (fail), per blind spot (unknown) or per
// evaluated resource (pass, not-applicable), each pointing at a place in a file.
import type { ResourceType } from '../inventory/resource.js';
import type { Severity } from './rule-types.js';
import type { Status } from '../compliance/rollup.js';

// the statuses are the roll-up's vocabulary too (compliance/ is a leaf)
export type { Status };
export const STATUSES: readonly Status[] = ['fail', 'unknown', 'waived', 'pass', 'not-applicable'];

export interface ResultLocation {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the resource's data. */
  pointer: string;
  /** Resource the place belongs to (may differ from the subject: a role's statement). */
  resourceId: string;
}

export interface Waiver {
  rule: string;
  path?: string;
  resource?: string;
  reason: string;
  owner: string;
  expires: string;
  /** Where the waiver is written: .ecsguard.yaml (or the scanned file, for an inline one) and its line. */
  source: { file: string; line: number };
  /**
   * Written in the scanned file itself (CloudFormation Metadata, a `# ecsguard:skip=` comment): it
   * applies to that file only, and with `line` to the findings on that line only.
   */
  inline?: { file: string; line?: number; lastLine?: number };
}

/** The expiry of an inline suppression that gives none: it counts as expiring far out. */
export const NO_EXPIRY = '9999-12-31';

export interface Result {
  ruleId: string;
  severity: Severity;
  status: Status;
  /** The subject; `account` and `region` (and `live`) when it is an AWS resource from a live audit. */
  resource: { type: ResourceType; id: string; name: string; file: string; address?: string; account?: string; region?: string; live?: boolean };
  /** Message id and its data (for fail); the rendered message text. */
  messageId?: string;
  data?: Record<string, string | number>;
  message: string;
  location: ResultLocation;
  /** Other places that explain the finding (the task definition's executionRoleArn). */
  related?: ResultLocation[];
  /** Why a result is unknown or not-applicable. */
  reason?: string;
  waiver?: Waiver;
  /** A waiver that would have matched but has expired. */
  expiredWaiver?: Waiver;
  /** Set only where fingerprintOf cannot derive one (results made for gaps); see engine/fingerprint.ts. */
  fingerprint?: string;
  /** Against a --baseline report: seen there before, or introduced by this change. */
  baselineState?: 'new' | 'unchanged';
}
