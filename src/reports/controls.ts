// `ecsguard controls`: the roll-up by control statement and CSF subcategory, in text, JSON or
// Markdown.
import { FRAMEWORK_NAMES, type ControlRollup, type ControlStatus } from '../compliance/rollup.js';
import type { ScanOutcome } from './outcome.js';
import { configurationLines, exitMeaning } from './summary.js';
import { oneLine } from '../util/printable.js';
import { cell, code } from './markdown-text.js';
import { groupBy } from '../util/group.js';
import { toolVersion } from '../util/version.js';

export const CONTROL_FORMATS = ['text', 'json', 'markdown'] as const;
export type ControlFormat = (typeof CONTROL_FORMATS)[number];

export function renderControls(format: ControlFormat, controls: ControlRollup[], outcome: ScanOutcome): string {
  if (format === 'json') return JSON.stringify({ tool: { name: 'ecsguard', version: toolVersion() }, exitCode: outcome.exitCode, configuration: outcome.configuration, controls }, null, 2) + '\n';
  const byFramework = groupBy(controls, (c) => c.framework);
  const out: string[] = [];
  for (const line of configurationLines(outcome)) out.push(format === 'markdown' ? `- ${cell(line)}` : oneLine(line));
  out.push('');
  const tally = (c: ControlRollup) => `${c.counts.fail} failed, ${c.counts.unknown} unknown, ${c.counts.waived} waived, ${c.counts.pass} passed`;
  const label = (s: ControlStatus) => (s === 'no-rules' ? 'not covered' : s);
  for (const [framework, list] of byFramework) {
    if (format === 'markdown') {
      out.push(`### ${FRAMEWORK_NAMES[framework]}`, '', '| Control | Status | Results | Rules | Title |', '| --- | --- | --- | --- | --- |');
      for (const c of list) out.push(`| ${c.id} | ${label(c.status)} | ${tally(c)} | ${c.rules.map((r) => code(r)).join(', ') || (c.offRules?.length ? `${c.offRules.map((r) => code(r)).join(', ')} (turned off)` : '–')} | ${cell(c.title)} |`);
      out.push('');
    } else {
      out.push(FRAMEWORK_NAMES[framework]);
      for (const c of list) {
        out.push(`  ${c.id.padEnd(9)} ${label(c.status).padEnd(14)} ${tally(c).padEnd(44)} ${c.title}`);
        if (c.rules.length) out.push(`  ${' '.repeat(9)} rules: ${c.rules.join(', ')}`);
        if (c.offRules?.length) out.push(`  ${' '.repeat(9)} turned off: ${c.offRules.join(', ')} (turn on in .ecsguard.yaml: rules.<id>.enabled)`);
      }
      out.push('');
    }
  }
  out.push(format === 'markdown' ? `_${exitMeaning(outcome)}_` : exitMeaning(outcome), '');
  return out.join('\n');
}
