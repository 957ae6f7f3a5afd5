// The shape of a rule file, as validated by rules/schema.json.
import type { JsonObject, JsonValue } from '../util/json.js';
import type { Predicate } from '../predicates/types.js';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { grants: { action: string | string[]; resource: string } }
  | LeafCondition;

export interface LeafCondition {
  path: string;
  ignoreCase?: boolean;
  exists?: boolean;
  equals?: JsonValue;
  notEquals?: JsonValue;
  in?: JsonValue[];
  notIn?: JsonValue[];
  matches?: string;
  notMatches?: string;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  hasKeys?: string[];
  forAll?: Condition;
  forAny?: Condition;
  forNone?: Condition;
}

export type Expectation =
  | { that: Condition; message: string; at?: string; data?: Record<string, string>; continue?: boolean }
  | { predicate: string };

/** Relations a check may step through to the related resource (`via`). */
export type Relation = 'executionRole' | 'taskRole';

export interface RuleCheck {
  applies?: Condition;
  /** Check the related resource (the task's execution or task role) instead of the subject. */
  via?: Relation;
  each?: string;
  as?: string;
  label?: string;
  expect: Expectation[];
}

export interface RuleCase {
  name: string;
  expect: 'fail' | 'pass' | 'unknown' | 'not-applicable';
  lookalike?: boolean;
  todo?: string;
  resource?: JsonObject;
  id?: string;
  region?: string;
  account?: string;
  gaps?: Record<string, string>;
  file?: string;
  /** With file: the resource of the file to evaluate (Terraform address, CloudFormation logical id). */
  address?: string;
  related?: Array<{ type: string; id: string; link?: string; data: JsonObject; gaps?: Record<string, string>; unseen?: string }>;
  parameters?: JsonObject;
  findings?: Array<{ message: string; pointer?: string; line?: number; data?: JsonObject }>;
}

export interface RuleDefinition {
  id: string;
  aliases?: string[];
  name: string;
  title: string;
  severity: Severity;
  /** SARIF precision: how often a finding is a true positive (default high). */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  resource: string;
  enabled?: boolean;
  from?: Array<'files' | 'live'>;
  rationale: string;
  remediation: string;
  references: string[];
  mappings: {
    nist: { csf11: string[]; csf20: string[] };
    runbook: { section: string; controls?: number[] };
  };
  /** The declarative expectations' messages; a predicate brings its own. */
  messages: Record<string, string>;
  /** Defaults of the parameters (from the predicate's schema). */
  parameters?: JsonObject;
  parameterSchema?: JsonObject;
  check: RuleCheck;
  cases: RuleCase[];
}

/** A loaded rule: its definition plus where it came from. */
export interface Rule extends RuleDefinition {
  /** Path of the rule file, for errors and `rules test`. */
  file: string;
  /** Shipped with ecsguard (true) or from a --rules directory. */
  builtin: boolean;
  /** Locates a pointer into the rule file (for case failures). */
  locate(pointer: string): { line: number; column: number };
  /** The predicates its expectations call, by id (shipped, or from its --rules directory). */
  predicates: Readonly<Record<string, Predicate>>;
}
