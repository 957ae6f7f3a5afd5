import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { runRuleCases } from '../../src/engine/rule-cases.js';

const cwd = process.cwd();
const { rules, errors } = loadRules([], cwd);

describe('shipped rules load', () => {
  it('without errors', () => {
    expect(errors.map((e) => e.format())).toEqual([]);
    expect(rules.map((r) => r.id).sort()).toEqual([
      'cloudtrail-multi-region',
      'ecs-awslogs-stream-prefix',
      'ecs-execution-role-scoped',
      'ecs-imds-blocked',
      'ecs-no-plaintext-secrets',
      'ecs-secrets-customer-kms',
      'vpc-endpoints-present',
      'vpc-flow-logs-enabled',
    ]);
  });
});

for (const rule of rules) {
  describe(`${rule.id} cases`, () => {
    for (const outcome of runRuleCases(rule, cwd)) {
      const run = outcome.todo ? it.todo : it;
      run(`${outcome.name} (${outcome.where})`, () => {
        expect(outcome.problems).toEqual([]);
      });
    }
  });
}
