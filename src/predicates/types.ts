// The contract between the engine and named predicates: a predicate reads a resource (and what
// the inventory relates to it) and reports violations and blind spots, never a bare boolean, so
// findings stay precise and missing data stays visible.
import type { Resource } from '../inventory/resource.js';

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

export interface RelatedLookup {
  /** A related resource: `found`, `absent` (the field is not set), or `not-visible` (set, not in the inventory). */
  related(from: Resource, relation: string): { status: 'found'; resource: Resource } | { status: 'absent' } | { status: 'not-visible'; reason: string };
  /** A resource by type and id (ARN), from any source of this evaluation. */
  find(type: string, id: string): Resource | undefined;
  /** Every resource of a type. */
  ofType(type: string): Resource[];
  /** Why a resource could not be read, when a recorded gap says so. */
  gapFor(id: string): string | undefined;
  /** Why resources of a type could not be listed in an account, when a recorded gap says so. */
  gapForType(type: string, account: string): string | undefined;
  /** The same, for one region of the account. */
  gapForTypeIn(type: string, account: string, region: string): string | undefined;
}

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
