// Named predicates rules may call: `predicate: <name>` in a rule's expectations.
import { executionRoleScope } from './execution-role-scope.js';
import { plaintextSecrets } from './plaintext-secrets.js';
import type { Predicate } from './types.js';

export const PREDICATES: Readonly<Record<string, Predicate>> = {
  'plaintext-secrets': plaintextSecrets,
  'execution-role-scope': executionRoleScope,
};
