// The predicates rules may call (`predicate: <id>` in a rule's expectations): every module of this
// folder that declares one with definePredicate, found by the build (src/generated/predicates.ts).
import { DISCOVERED_PREDICATES } from '../generated/predicates.js';
import type { Predicate } from './types.js';

export const PREDICATES: Readonly<Record<string, Predicate>> = Object.freeze(Object.fromEntries(DISCOVERED_PREDICATES.map((p) => [p.id, p])));
