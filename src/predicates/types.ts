// The contract between the engine and named predicates: a predicate reads a resource (and what
// the inventory relates to it) and reports violations and blind spots, never a bare boolean, so
// findings stay precise and missing data stays visible.
import type { Resource } from '../inventory/resource.js';
import type { RelatedLookup } from '../inventory/inventory.js';
import type { JsonObject } from '../util/json.js';

export type MessageData = Record<string, string | number>;

export interface Violation {
  /** Message id from the rule's `messages`. */
  message: string;
  data: MessageData;
  /** Pointer into the resource the finding points at. */
  pointer: string;
  /** When the offending place is in another resource (a role's policy statement). */
  at?: { resource: Resource; pointer: string };
}

export interface Blind {
  pointer: string;
  reason: string;
}

export interface PredicateOutcome {
  violations: Violation[];
  unknowns: Blind[];
  /** Set when the check does not apply to this resource, with why. */
  notApplicable?: string;
}

export type { RelatedLookup };

export interface PredicateContext {
  resource: Resource;
  inventory: RelatedLookup;
  parameters: Record<string, unknown>;
}

/**
 * A named check, self-describing: its id (what a rule's `- predicate:` names), the messages it
 * reports (id -> template with {{placeholders}}) and the JSON Schema of the settings an
 * organisation may give it (each property's `default` is the default), so a rule file names only
 * what is declarative. Built with definePredicate; `--rules` directories may bring their own.
 */
export interface Predicate {
  id: string;
  messages: Readonly<Record<string, string>>;
  parameters?: JsonObject;
  evaluate(ctx: PredicateContext): PredicateOutcome;
}
