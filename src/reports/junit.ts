// JUnit XML for CI test-report views: one test suite per rule, one test case per rule and
// resource. A failing check is a <failure> listing its findings; a check that could not be
// evaluated is an <error> when unknowns fail the run and <skipped> otherwise; waived and
// not-applicable checks are <skipped> with why.
import type { Result } from '../engine/results.js';
import type { ScanOutcome } from './outcome.js';
import { groupBy } from '../util/group.js';
import { toolVersion } from '../util/version.js';
import { waiverUntil } from './summary.js';

/** Text for XML: escaped, and without the characters XML 1.0 cannot hold at all. */
function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function renderJunit(outcome: ScanOutcome): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const byRule = groupBy(outcome.results, (r) => r.ruleId);
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const rule of outcome.rules) {
    const results = byRule.get(rule.id) ?? [];
    const byResource = groupBy(results, (r) => `${r.resource.file}\u0000${r.resource.id}`);
    const cases: string[] = [];
    const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const group of byResource.values()) {
      counts.tests++;
      const first = group[0]!;
      const name = `${first.resource.name} (${first.resource.file})`;
      const head = `    <testcase classname="${xml(rule.id)}" name="${xml(name)}" file="${xml(first.resource.file)}">`;
      const fails = group.filter((r) => r.status === 'fail');
      const unknowns = group.filter((r) => r.status === 'unknown');
      if (fails.length > 0) {
        counts.failures++;
        cases.push(head, `      <failure message="${xml(`${fails.length} finding(s): ${fails[0]!.message}`)}" type="${xml(first.severity)}">${xml(fails.map(where).join('\n'))}</failure>`, '    </testcase>');
      } else if (unknowns.length > 0 && outcome.failOnUnknown) {
        counts.errors++;
        cases.push(head, `      <error message="${xml(unknowns[0]!.message)}" type="unknown">${xml(unknowns.map(where).join('\n'))}</error>`, '    </testcase>');
      } else if (unknowns.length > 0 || group.every((r) => r.status === 'waived' || r.status === 'not-applicable')) {
        counts.skipped++;
        cases.push(head, `      <skipped message="${xml(skipReason(unknowns[0] ?? first))}"/>`, '    </testcase>');
      } else {
        cases.push(head.replace(/>$/, '/>'));
      }
    }
    tests += counts.tests;
    failures += counts.failures;
    errors += counts.errors;
    skipped += counts.skipped;
    suites.push(`  <testsuite name="${xml(rule.id)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}">`);
    for (const c of cases) suites.push(c); // one at a time: a spread of 100,000 overflows the stack
    suites.push('  </testsuite>');
  }
  out.push(`<testsuites name="ecsguard ${xml(toolVersion())}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`);
  for (const s of suites) out.push(s);
  out.push('</testsuites>', '');
  return out.join('\n');
}

function where(r: Result): string {
  return `${r.location.file}:${r.location.line}:${r.location.column}: ${r.message}`;
}

function skipReason(r: Result): string {
  if (r.status === 'waived' && r.waiver) return `waived ${waiverUntil(r.waiver)} by ${r.waiver.owner}: ${r.waiver.reason}`;
  return r.reason ?? r.message;
}
