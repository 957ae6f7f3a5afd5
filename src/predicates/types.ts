// The contract between the engine and named predicates: a predicate reads a resource (and what
// the inventory relates to it) and reports violations and blind spots, never a bare boolean, so
// findings stay precise and missing data stays visible.
import type { Resource } from '../inventory/resource.js';
import type { RelatedLookup } from '../inventory/inventory.js';

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

export interface Predicate {
  /** Message ids the predicate may emit; a rule using it must define each. */
  messages: readonly string[];
  evaluate(ctx: PredicateContext): PredicateOutcome;
}
