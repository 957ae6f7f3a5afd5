// `ecsguard diff`: what changed between two JSON reports of the same scope. Findings (failing,
// unknown and waived results) are matched by fingerprint (ecsguard/v1, stable when lines move):
// new in the later report, fixed (gone from it), unchanged; counted by rule and by control (the
// runbook's control statements and operational practices and the CSF 2.0 subcategories of each
// rule, as `ecsguard controls` counts them).
import { cell, code } from './markdown-text.js';
import { oneLine, printable } from '../util/printable.js';
import { toolVersion } from '../util/version.js';
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import { isListed } from './summary.js';
import { controlIds, type MappedRule } from '../compliance/rollup.js';

const DIFF_FRAMEWORKS = ['runbook', 'csf20'] as const;

/** The parts of an ecsguard JSON report a diff reads (validated against its schema before). */
export interface ReportForDiff {
  generatedAt?: string;
  rules: Array<{ id: string; title: string; severity: string; mappings?: { nist?: { csf11?: string[]; csf20?: string[] }; runbook?: { section?: string; controls?: number[] } } }>;
  results: Array<{ ruleId: string; status: string; severity: string; message: string; fingerprint?: string; location: { file: string; line: number } }>;
}

export interface DiffFinding {
  ruleId: string;
  status: string;
  /** The status in the earlier report, when it differs (a finding waived since, say). */
  previousStatus?: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  fingerprint: string;
}

export interface DiffCounts {
  new: number;
  fixed: number;
  unchanged: number;
}

export interface ReportDiff {
  old: { file: string; generatedAt?: string };
  new: { file: string; generatedAt?: string };
  summary: DiffCounts & { newFailing: number };
  byRule: Array<{ ruleId: string; title: string; severity: string } & DiffCounts>;
  byControl: Array<{ framework: 'runbook' | 'csf20'; id: string } & DiffCounts>;
  findings: { new: DiffFinding[]; fixed: DiffFinding[]; unchanged: DiffFinding[] };
}

/** The most severe first. */
const rank = (severity: string) => -SEVERITIES.indexOf(severity as Severity);

function listed(report: ReportForDiff): Map<string, DiffFinding> {
  const out = new Map<string, DiffFinding>();
  for (const r of report.results) {
    if (!isListed(r.status) || !r.fingerprint) continue;
    out.set(r.fingerprint, { ruleId: r.ruleId, status: r.status, severity: r.severity, message: r.message, file: r.location.file, line: r.location.line, fingerprint: r.fingerprint });
  }
  return out;
}

const bySeverity = (a: DiffFinding, b: DiffFinding) =>
  rank(a.severity) - rank(b.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

export function diffReports(older: { file: string; report: ReportForDiff }, newer: { file: string; report: ReportForDiff }): ReportDiff {
  const before = listed(older.report);
  const after = listed(newer.report);
  const findings: ReportDiff['findings'] = { new: [], fixed: [], unchanged: [] };
  for (const [fp, f] of after) {
    const was = before.get(fp);
    if (!was) findings.new.push(f);
    else findings.unchanged.push(was.status === f.status ? f : { ...f, previousStatus: was.status });
  }
  for (const [fp, f] of before) if (!after.has(fp)) findings.fixed.push(f);
  for (const list of Object.values(findings)) list.sort(bySeverity);

  // rules as the later report describes them (the earlier one for rules since removed)
  const rules = new Map<string, ReportForDiff['rules'][number]>();
  for (const r of [...older.report.rules, ...newer.report.rules]) rules.set(r.id, r);
  const ruleRows = new Map<string, ReportDiff['byRule'][number]>();
  const controlRows = new Map<string, ReportDiff['byControl'][number]>();
  const count = (f: DiffFinding, kind: keyof DiffCounts) => {
    const rule = rules.get(f.ruleId);
    const row = ruleRows.get(f.ruleId) ?? { ruleId: f.ruleId, title: rule?.title ?? f.ruleId, severity: rule?.severity ?? f.severity, new: 0, fixed: 0, unchanged: 0 };
    row[kind]++;
    ruleRows.set(f.ruleId, row);
    // the controls as `ecsguard controls` counts them (operational practices included)
    const mapped = rule?.mappings ? ({ id: rule.id, mappings: { nist: { csf11: rule.mappings.nist?.csf11 ?? [], csf20: rule.mappings.nist?.csf20 ?? [] }, runbook: { section: rule.mappings.runbook?.section ?? '', controls: rule.mappings.runbook?.controls ?? [] } } } satisfies MappedRule) : undefined;
    const controls = mapped ? DIFF_FRAMEWORKS.flatMap((framework) => controlIds(mapped, framework).map((id) => [framework, id] as const)) : [];
    for (const [framework, id] of controls) {
      const key = `${framework} ${id}`;
      const c = controlRows.get(key) ?? { framework, id, new: 0, fixed: 0, unchanged: 0 };
      c[kind]++;
      controlRows.set(key, c);
    }
  };
  for (const f of findings.new) count(f, 'new');
  for (const f of findings.fixed) count(f, 'fixed');
  for (const f of findings.unchanged) count(f, 'unchanged');
  const byRule = [...ruleRows.values()].sort((a, b) => rank(a.severity) - rank(b.severity) || (a.ruleId < b.ruleId ? -1 : 1));
  const byControl = [...controlRows.values()].sort((a, b) => (a.framework === b.framework ? a.id.localeCompare(b.id, 'en', { numeric: true }) : a.framework === 'runbook' ? -1 : 1));
  return {
    old: { file: older.file, ...(older.report.generatedAt ? { generatedAt: older.report.generatedAt } : {}) },
    new: { file: newer.file, ...(newer.report.generatedAt ? { generatedAt: newer.report.generatedAt } : {}) },
    summary: { new: findings.new.length, fixed: findings.fixed.length, unchanged: findings.unchanged.length, newFailing: findings.new.filter((f) => f.status === 'fail').length },
    byRule,
    byControl,
    findings,
  };
}

/** The new failing findings at or above a threshold: what makes `diff` exit 1. */
export function newFailingAtOrAbove(diff: ReportDiff, threshold: string): DiffFinding[] {
  if (threshold === 'none') return [];
  const limit = rank(threshold);
  return diff.findings.new.filter((f) => f.status === 'fail' && rank(f.severity) <= limit);
}

export function renderDiffJson(diff: ReportDiff): string {
  return JSON.stringify({ schemaVersion: '1.0', tool: { name: 'ecsguard', version: toolVersion() }, ...diff }, null, 2) + '\n';
}

const label = (f: DiffFinding) => `${f.status}${f.previousStatus ? ` (was ${f.previousStatus})` : ''}`;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function renderDiffText(diff: ReportDiff): string {
  const lines: string[] = [];
  lines.push(`ecsguard diff: ${oneLine(diff.old.file)}${diff.old.generatedAt ? ` (${oneLine(diff.old.generatedAt)})` : ''} -> ${oneLine(diff.new.file)}${diff.new.generatedAt ? ` (${oneLine(diff.new.generatedAt)})` : ''}`);
  lines.push(`${plural(diff.summary.new, 'new finding')} (${diff.summary.newFailing} failing), ${diff.summary.fixed} fixed, ${diff.summary.unchanged} unchanged`);
  for (const [title, list] of [['New', diff.findings.new], ['Fixed', diff.findings.fixed]] as const) {
    if (list.length === 0) continue;
    lines.push('', `${title} (${list.length}):`);
    for (const f of list) lines.push(`  ${f.severity.padEnd(8)} ${label(f).padEnd(8)} ${f.ruleId}  ${oneLine(f.file)}:${f.line}  ${oneLine(f.message)}`);
  }
  if (diff.byRule.length > 0) {
    lines.push('', 'By rule:', `  ${'rule'.padEnd(34)} ${'new'.padStart(5)} ${'fixed'.padStart(6)} ${'unchanged'.padStart(10)}`);
    for (const r of diff.byRule) lines.push(`  ${r.ruleId.padEnd(34)} ${String(r.new).padStart(5)} ${String(r.fixed).padStart(6)} ${String(r.unchanged).padStart(10)}`);
  }
  if (diff.byControl.length > 0) {
    lines.push('', 'By control:', `  ${'control'.padEnd(34)} ${'new'.padStart(5)} ${'fixed'.padStart(6)} ${'unchanged'.padStart(10)}`);
    for (const c of diff.byControl) lines.push(`  ${`${c.framework === 'runbook' ? 'runbook control' : 'CSF 2.0'} ${c.id}`.padEnd(34)} ${String(c.new).padStart(5)} ${String(c.fixed).padStart(6)} ${String(c.unchanged).padStart(10)}`);
  }
  return printable(lines.join('\n') + '\n');
}

export function renderDiffMarkdown(diff: ReportDiff): string {
  const out: string[] = [];
  out.push('## ecsguard: changes since the last report', '');
  out.push(`**${diff.summary.new} new** (${diff.summary.newFailing} failing) · **${diff.summary.fixed} fixed** · ${diff.summary.unchanged} unchanged`, '');
  out.push(`- From ${code(diff.old.file)}${diff.old.generatedAt ? ` (${cell(diff.old.generatedAt)})` : ''} to ${code(diff.new.file)}${diff.new.generatedAt ? ` (${cell(diff.new.generatedAt)})` : ''}`, '');
  for (const [title, list] of [['New findings', diff.findings.new], ['Fixed', diff.findings.fixed]] as const) {
    if (list.length === 0) continue;
    out.push(`### ${title}`, '', '| Severity | Status | Rule | Location | Finding |', '| --- | --- | --- | --- | --- |');
    for (const f of list) out.push(`| ${f.severity} | ${cell(label(f))} | ${code(f.ruleId)} | ${code(`${f.file}:${f.line}`)} | ${cell(f.message)} |`);
    out.push('');
  }
  if (diff.byRule.length > 0) {
    out.push('### By rule', '', '| Rule | Severity | New | Fixed | Unchanged |', '| --- | --- | ---: | ---: | ---: |');
    for (const r of diff.byRule) out.push(`| ${code(r.ruleId)} | ${r.severity} | ${r.new} | ${r.fixed} | ${r.unchanged} |`);
    out.push('');
  }
  if (diff.byControl.length > 0) {
    out.push('### By control', '', '| Control | New | Fixed | Unchanged |', '| --- | ---: | ---: | ---: |');
    for (const c of diff.byControl) out.push(`| ${c.framework === 'runbook' ? 'Runbook control' : 'CSF 2.0'} ${cell(c.id)} | ${c.new} | ${c.fixed} | ${c.unchanged} |`);
    out.push('');
  }
  return printable(out.join('\n'));
}
