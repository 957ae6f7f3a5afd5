// `ecsguard rules list` and `ecsguard rules test`.
import { loadRules } from '../engine/load-rules.js';
import { casesReadTerraform, runRuleCases, type CaseOutcome } from '../scan/rule-cases.js';
import { loadHclParser } from '../documents/hcl-syntax.js';
import type { Rule } from '../engine/rule-types.js';
import { RULES_HELP } from './help.js';
import { UsageError, parseOptions, ruleSources } from './args.js';
import { printable } from '../util/printable.js';
import { cell, code } from '../reports/markdown-text.js';

export async function rulesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      format: { type: 'string' },
      rules: { type: 'string', multiple: true },
      'no-builtin-rules': { type: 'boolean' },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    RULES_HELP,
  );
  if (values.help) {
    process.stdout.write(RULES_HELP);
    return 0;
  }
  const sub = positionals[0];
  if (sub !== 'list' && sub !== 'test') throw new UsageError(sub ? `unknown rules command "${sub}"` : 'rules needs a command: list or test', RULES_HELP);
  const { rulesDirs, builtin } = ruleSources(values, RULES_HELP);
  const cwd = process.cwd();
  const { rules, errors } = loadRules(rulesDirs, cwd, { builtin });
  for (const e of errors) process.stderr.write(`ecsguard: ${e.format()}\n`);
  if (sub === 'list') {
    const format = values.format ?? 'text';
    if (format === 'json') process.stdout.write(JSON.stringify(rules.map(ruleSummary), null, 2) + '\n');
    else if (format === 'markdown') process.stdout.write(printable(rulesMarkdownTable(rules)));
    else if (format === 'text') process.stdout.write(printable(rulesText(rules)));
    else throw new UsageError('--format must be one of text, json, markdown', RULES_HELP);
    return errors.length > 0 ? 2 : 0;
  }
  if (values.format !== undefined) throw new UsageError('rules test has no --format', RULES_HELP);
  let failed = 0;
  let todo = 0;
  let passed = 0;
  if (casesReadTerraform(rules)) await loadHclParser();
  for (const rule of [...rules].sort(byId)) {
    const outcomes = runRuleCases(rule, cwd);
    for (const o of outcomes) {
      if (o.todo !== undefined) {
        todo++;
        process.stdout.write(printable(`todo  ${rule.id}: ${o.name} (${o.where}): ${o.todo}${o.passed ? ' [now passes: remove todo]' : ''}\n`));
      } else if (o.passed) {
        passed++;
      } else {
        failed++;
        process.stdout.write(printable(describeFailure(o)));
      }
    }
    const bad = outcomes.filter((o) => !o.passed && o.todo === undefined).length;
    process.stdout.write(`${bad === 0 ? 'ok  ' : 'FAIL'}  ${rule.id} (${outcomes.length} cases)\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed${todo ? `, ${todo} todo` : ''}\n`);
  return errors.length > 0 ? 2 : failed > 0 ? 1 : 0;
}

function byId(a: Rule, b: Rule): number {
  return a.id < b.id ? -1 : 1;
}

function describeFailure(o: CaseOutcome): string {
  return `FAIL  ${o.rule}: ${o.name} (${o.where})\n${o.problems.map((p) => `        ${p}\n`).join('')}`;
}

export function ruleSummary(r: Rule): object {
  return {
    id: r.id,
    name: r.name,
    title: r.title,
    severity: r.severity,
    resource: r.resource,
    enabled: r.enabled ?? true,
    builtin: r.builtin,
    mappings: { nist: r.mappings.nist, runbook: { section: r.mappings.runbook.section, controls: r.mappings.runbook.controls ?? [] } },
    references: r.references,
    file: r.file,
  };
}

function rulesText(rules: Rule[]): string {
  const rows = [...rules].sort(byId).map((r) => [r.id, r.severity, sectionLabel(r), r.mappings.nist.csf11.join(',') || '-', r.mappings.nist.csf20.join(',') || '-', r.title]);
  const head = ['ID', 'SEVERITY', 'RUNBOOK', 'CSF 1.1', 'CSF 2.0', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}

function sectionLabel(r: Rule): string {
  const s = r.mappings.runbook.section;
  const controls = r.mappings.runbook.controls ?? [];
  return `${s.startsWith('ops-') ? `ops ${s.slice(4)}` : `s${s}`}${controls.length ? ` c${controls.join(',')}` : ''}`;
}

/** The README's table of checks is this output, so it cannot drift from the rule files. */
export function rulesMarkdownTable(rules: Rule[]): string {
  const lines = ['| Rule | Severity | Checks | Runs on | Runbook | NIST CSF 1.1 | NIST CSF 2.0 |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of [...rules].sort(byId)) {
    const s = r.mappings.runbook.section;
    const section = s.startsWith('ops-') ? `operational practice ${s.slice(4)}` : `section ${s}`;
    const runbook = `${section}${r.mappings.runbook.controls?.length ? `, control ${r.mappings.runbook.controls.join(', ')}` : ''}`;
    const runsOn = `${(r.from ?? ['files', 'live']).join(', ')}${r.enabled === false ? ' (off by default)' : ''}`;
    lines.push(`| ${code(r.id)} | ${r.severity} | ${cell(r.title)} | ${runsOn} | ${runbook} | ${r.mappings.nist.csf11.join(', ') || '–'} | ${r.mappings.nist.csf20.join(', ') || '–'} |`);
  }
  return lines.join('\n') + '\n';
}
