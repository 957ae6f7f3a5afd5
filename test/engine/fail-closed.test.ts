// Fail closed, in bounded time: a rule that throws is an internal error (exit 2), never a pass or
// a quiet unknown; inputs of a size no spread or recursion survives are scanned.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Rule } from '../../src/engine/rule-types.js';
import { scanFiles } from '../../src/scan/scan-files.js';
import { findFiles } from '../../src/sources/files/walk.js';
import { ROOT, tempDir } from '../helpers.js';

const shipped = loadRules([], ROOT).rules;
const settingsOf = (rules: Rule[]) => new Map(rules.map((r) => [r.id, { severity: r.severity, parameters: r.parameters ?? {} }]));

describe('a rule that throws', () => {
  it('is an internal error naming the rule and the file, and the other rules still run', () => {
    const privileged = shipped.find((r) => r.id === 'ecs-no-privileged')!;
    // a condition without an operator cannot pass the rule schema: only a bug gets here
    const broken: Rule = { ...privileged, id: 'org-broken', check: { expect: [{ that: { path: 'family' } as never, message: 'privileged' }] } };
    const dir = tempDir({ 'td.json': JSON.stringify({ family: 'f', containerDefinitions: [{ name: 'a', privileged: true }] }) });
    const rules = [broken, privileged];
    const out = scanFiles([{ path: join(dir, 'td.json'), display: 'td.json', explicit: true }], { rules, settings: settingsOf(rules), maxBytes: 1 << 20 });
    expect(out.errors.map((e) => e.format())).toEqual(['td.json: internal error: rule org-broken failed on f (condition on family has no operator); please report it']);
    expect(out.results.map((r) => [r.ruleId, r.status])).toEqual([['ecs-no-privileged', 'fail']]);
  });
});

describe('inputs of adversarial size', () => {
  it('a container with 200,000 labels is scanned, and a secret among them found', () => {
    const labels: Record<string, string> = {};
    for (let i = 0; i < 200_000; i++) labels[`com.example.label-${i}`] = `value-${i}`;
    labels['com.example.deploy-token'] = 'tok-8f7e6d5c4b3a';
    const dir = tempDir({ 'td.json': JSON.stringify({ family: 'labels', containerDefinitions: [{ name: 'a', dockerLabels: labels }] }) });
    const rules = shipped.filter((r) => r.id === 'ecs-no-plaintext-secrets');
    const out = scanFiles([{ path: join(dir, 'td.json'), display: 'td.json', explicit: true }], { rules, settings: settingsOf(rules), maxBytes: 1 << 26 });
    expect(out.errors).toEqual([]);
    expect(out.results.map((r) => [r.status, r.location.pointer, r.location.line])).toEqual([['fail', '/containerDefinitions/0/dockerLabels/com.example.deploy-token', 1]]);
  });
  it('a directory of 150,000 files is walked', () => {
    // on tmpfs when there is one: creating 150,000 files on a busy disk takes a minute
    const dir = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/ecsguard-test-') : tempDir();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (let d = 0; d < 150; d++) {
      const sub = join(dir, `d${d}`);
      mkdirSync(sub);
      for (let f = 0; f < 1000; f++) writeFileSync(join(sub, `f${f}.json`), '');
    }
    const walk = findFiles(['.'], { cwd: dir });
    expect(walk.errors).toEqual([]);
    expect(walk.files).toHaveLength(150_000);
  }, 120_000);
});
