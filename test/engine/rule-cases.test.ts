import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { runRuleCases } from '../../src/engine/rule-cases.js';

const cwd = process.cwd();
const { rules, errors } = loadRules([], cwd);

describe('shipped rules load', () => {
  it('without errors', () => {
    expect(errors.map((e) => e.format())).toEqual([]);
    expect(rules.map((r) => r.id).sort()).toEqual([
      'cloudtrail-kms-encrypted',
      'cloudtrail-log-validation',
      'cloudtrail-multi-region',
      'ecs-awslogs-stream-prefix',
      'ecs-cluster-container-insights',
      'ecs-ecr-image',
      'ecs-events-rule',
      'ecs-execution-role-scoped',
      'ecs-imds-blocked',
      'ecs-no-host-network',
      'ecs-no-host-pid-ipc',
      'ecs-no-plaintext-secrets',
      'ecs-no-privileged',
      'ecs-non-root-user',
      'ecs-readonly-root-filesystem',
      'ecs-secrets-customer-kms',
      'ecs-service-no-public-ip',
      'ecs-task-role-distinct',
      'kms-key-origin',
      'logs-group-encrypted',
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
