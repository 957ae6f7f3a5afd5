// SARIF 2.1.0 as GitHub code scanning ingests it: rules with help and a numeric
// security-severity, every result with a relative file URI and a start line, fingerprints that
// survive line moves, kind "fail" for findings and "open" for checks that could not be evaluated
// (plus a tool notification), suppressions for waived results.
import type { Result } from '../engine/results.js';
import type { Rule, Severity } from '../engine/rule-types.js';
import type { ScanOutcome } from './outcome.js';
import { toolVersion } from '../util/version.js';
import { oneLine } from '../util/printable.js';
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listedResults, severitiesByRule } from './summary.js';
import { jsonChunks } from '../util/json-chunks.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import { CSF11_TITLES, CSF20_TITLES } from '../compliance/nist-csf.js';
import { CONTROL_STATEMENTS, RUNBOOK_SOURCE, SECTIONS } from '../compliance/runbook.js';

/** The taxonomies results pivot on; a rule's relationships point at its taxa by index. */
const TAXONOMIES = [
  { name: 'NIST CSF 1.1', version: '1.1', organization: 'NIST', informationUri: 'https://www.nist.gov/cyberframework/framework', text: 'NIST Cybersecurity Framework 1.1 subcategories' },
  { name: 'NIST CSF 2.0', version: '2.0', organization: 'NIST', informationUri: 'https://www.nist.gov/cyberframework', text: 'NIST Cybersecurity Framework 2.0 subcategories' },
  { name: 'ECS security runbook', version: '2021-08-21', organization: 'Security Engineering', text: `${RUNBOOK_SOURCE}: control statements and sections` },
] as const;

function ruleTaxa(rule: Rule): Array<[number, string]> {
  return [
    ...rule.mappings.nist.csf11.map((id): [number, string] => [0, id]),
    ...rule.mappings.nist.csf20.map((id): [number, string] => [1, id]),
    ...(rule.mappings.runbook.controls ?? []).map((c): [number, string] => [2, `control-${c}`]),
    [2, `section-${rule.mappings.runbook.section}`],
  ];
}

function taxonTitle(index: number, id: string): { name: string; text: string } {
  if (index === 0) return { name: id, text: CSF11_TITLES[id] ?? id };
  if (index === 1) return { name: id, text: CSF20_TITLES[id] ?? id };
  if (id.startsWith('control-')) return { name: `Control statement ${id.slice(8)}`, text: CONTROL_STATEMENTS[Number(id.slice(8))] ?? id };
  const section = id.slice(8);
  return { name: section.startsWith('ops-') ? `Operational best practice ${section.slice(4)}` : `Section ${section}`, text: SECTIONS[section] ?? id };
}

function buildTaxonomies(rules: Rule[]): object[] {
  const used = TAXONOMIES.map(() => new Set<string>());
  for (const rule of rules) for (const [i, id] of ruleTaxa(rule)) used[i]!.add(id);
  return TAXONOMIES.map((t, i) => ({
    name: t.name,
    version: t.version,
    organization: t.organization,
    ...('informationUri' in t ? { informationUri: t.informationUri } : {}),
    shortDescription: { text: t.text },
    isComprehensive: false,
    taxa: [...used[i]!].sort().map((id) => {
      const { name, text } = taxonTitle(i, id);
      return { id, name, shortDescription: { text } };
    }),
  }));
}

const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub shows at most 20 tags per rule. */
const MAX_TAGS = 20;

export interface SarifOptions {
  /** One stable category per kind of run, so uploads replace rather than pile up. */
  automationId?: string;
  /** GitHub code scanning rejects a run with more results than this. */
  maxResults?: number;
  /**
   * Checks that could not be evaluated: as results of a companion rule `<id>.unknown` with no
   * security-severity (default: GitHub ranks a result by its rule's security-severity whatever its
   * level, so an unknown of a high rule under that rule would show as a High alert), left out
   * (notifications only), or under the rule itself.
   */
  unknown?: 'companion' | 'omit' | 'inline';
  /** Waived results: left out (default: GitHub ignores suppressions and would open alerts), or with suppressions. */
  waived?: 'omit' | 'suppress';
  /** Absolute directory URIs are relative to (the repository's top); default: the working directory. */
  sourceRoot?: string;
  /** Absolute working directory the report's paths are relative to. */
  cwd?: string;
}

export const GITHUB_MAX_RESULTS = 25_000;
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Runbook ids first: when a rule maps to many CSF subcategories, the 20-tag limit cuts those. */
export function ruleTags(rule: Rule): string[] {
  const tags = ['security', 'ecs', `runbook/section-${rule.mappings.runbook.section}`];
  for (const c of rule.mappings.runbook.controls ?? []) tags.push(`runbook/control-${c}`);
  for (const id of rule.mappings.nist.csf20) tags.push(`NIST-CSF-2.0/${id}`);
  for (const id of rule.mappings.nist.csf11) tags.push(`NIST-CSF-1.1/${id}`);
  return tags.slice(0, MAX_TAGS);
}

function ruleHelp(rule: Rule): { text: string; markdown: string } {
  const refs = rule.references.map((r) => `- ${r}`).join('\n');
  const mapping = `NIST CSF 1.1: ${rule.mappings.nist.csf11.join(', ') || 'none'}; NIST CSF 2.0: ${rule.mappings.nist.csf20.join(', ') || 'none'}; runbook section ${rule.mappings.runbook.section}${rule.mappings.runbook.controls?.length ? `, control statement(s) ${rule.mappings.runbook.controls.join(', ')}` : ''}`;
  return {
    text: `${rule.rationale.trim()}\n\nRemediation:\n${rule.remediation.trim()}\n\n${mapping}\n\nReferences:\n${refs}`,
    markdown: `${rule.rationale.trim()}\n\n**Remediation**\n\n${rule.remediation.trim()}\n\n**Mappings**: ${mapping}\n\n**References**\n\n${refs}`,
  };
}

/** The SARIF log's text (compact: GitHub caps an upload at 10 MB gzipped), in chunks made as they are written. */
export function renderSarif(outcome: ScanOutcome, options: SarifOptions = {}): Iterable<string> {
  const log = buildSarif(outcome, options);
  return jsonChunks(log, ['runs', 0, 'results'], log.runs[0]!.results, 0);
}

export function buildSarif(outcome: ScanOutcome, options: SarifOptions = {}): Record<string, unknown> & { runs: Array<{ results: unknown[] }> } {
  const severityOf = severitiesByRule(outcome.results);
  const unknownMode = options.unknown ?? 'companion';
  const waivedMode = options.waived ?? 'omit';
  const cwd = options.cwd ?? process.cwd();
  const root = options.sourceRoot ?? cwd;
  const uri = uriMaker(cwd, root);
  const listedAll = listedResults(outcome);
  const all = listedAll.filter((r) => (r.status !== 'waived' || waivedMode === 'suppress') && (r.status !== 'unknown' || unknownMode !== 'omit'));
  const rules = [...outcome.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  // companion rules for checks that could not be evaluated, after the rules themselves
  const unknownRules = new Set<string>();
  for (const r of all) if (r.status === 'unknown') unknownRules.add(r.ruleId);
  const companions = unknownMode === 'companion' ? rules.filter((rule) => unknownRules.has(rule.id)) : [];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  companions.forEach((r, i) => index.set(`${r.id}${UNKNOWN_SUFFIX}`, rules.length + i));
  const max = options.maxResults ?? GITHUB_MAX_RESULTS;
  // over GitHub's limit, keep the most severe (fail before unknown, then file order) and say so
  const listed = all.length <= max ? all : mostSevere(all, max);
  const notifications: object[] = [];
  if (listed.length < all.length) {
    notifications.push({
      level: 'warning',
      descriptor: { id: 'results-truncated' },
      message: { text: `${all.length - listed.length} of ${all.length} results are not in this SARIF file: GitHub code scanning accepts ${max} per run. The most severe are kept; the JSON report (--format json) has them all.` },
    });
  }
  for (const e of outcome.errors) {
    const n: Record<string, unknown> = { level: 'error', message: { text: e.format() }, descriptor: { id: 'input-error' } };
    if (e.file) n.locations = [{ physicalLocation: { artifactLocation: { uri: uri(e.file), uriBaseId: SRCROOT }, ...(e.line ? { region: { startLine: e.line, ...(e.column ? { startColumn: e.column } : {}) } } : {}) } }];
    notifications.push(n);
  }
  const physical = (file: string, line: number, column: number) => ({ physicalLocation: { artifactLocation: { uri: uri(file), uriBaseId: SRCROOT }, region: { startLine: line, startColumn: column } } });
  const notEvaluated = (r: Result, rule: { id: string; index: number }) => ({
    level: 'warning',
    message: { text: oneLine(`${r.ruleId} could not be evaluated for ${r.resource.name}: ${r.reason ?? r.message}`) },
    descriptor: { id: 'check-not-evaluated' },
    associatedRule: rule,
    locations: [physical(r.location.file, r.location.line, r.location.column)],
  });
  const results = listed.map((r) => {
    const companion = r.status === 'unknown' && unknownMode === 'companion';
    const ruleId = companion ? `${r.ruleId}${UNKNOWN_SUFFIX}` : r.ruleId;
    const ruleIndex = index.get(ruleId)!;
    if (r.status === 'unknown') notifications.push(notEvaluated(r, { id: ruleId, index: ruleIndex }));
    return sarifResult(r, ruleId, ruleIndex, companion, physical);
  });
  // unknowns left out of the results are still said, as notifications
  if (unknownMode === 'omit') {
    for (const r of listedAll) if (r.status === 'unknown') notifications.push(notEvaluated(r, { id: r.ruleId, index: index.get(r.ruleId)! }));
  }
  const driverRule = (rule: Rule) => {
    const severity = severityOf.get(rule.id) ?? rule.severity;
    return {
      id: rule.id,
      name: rule.name,
      ...(rule.aliases?.length ? { deprecatedIds: rule.aliases } : {}),
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.rationale.replace(/\s+/g, ' ').trim() },
      help: ruleHelp(rule),
      helpUri: rule.references[0],
      relationships: ruleTaxa(rule).map(([index, id]) => ({ target: { id, toolComponent: { name: TAXONOMIES[index]!.name, index } }, kinds: ['relevant'] })),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: ruleTags(rule),
        'security-severity': SECURITY_SEVERITY[severity],
        precision: rule.precision ?? 'high',
        'problem.severity': LEVEL[severity] === 'note' ? 'recommendation' : LEVEL[severity],
      },
    };
  };
  // no security-severity: GitHub ranks the result as a note, not by the rule's severity
  const companionRule = (rule: Rule) => ({
    id: `${rule.id}${UNKNOWN_SUFFIX}`,
    name: `${rule.name}NotEvaluated`,
    shortDescription: { text: `Could not be evaluated: ${rule.title}` },
    fullDescription: { text: `ecsguard could not evaluate ${rule.id} on these resources (data missing, computed at deploy time, or unreadable); the message says why. A check that cannot see its data is never reported as passing.` },
    help: { text: `The result's message says what was missing. ${rule.title}.`, markdown: `The result's message says what was missing. The check itself: **${rule.id}**, ${rule.title}.` },
    helpUri: rule.references[0],
    defaultConfiguration: { level: 'note' },
    properties: { tags: ['ecsguard/not-evaluated', ...ruleTags(rule).slice(0, MAX_TAGS - 1)], precision: 'high' },
  });
  const run: Record<string, unknown> & { results: unknown[] } = {
    tool: {
      driver: {
        name: 'ecsguard',
        semanticVersion: toolVersion(),
        version: toolVersion(),
        informationUri: INFORMATION_URI,
        supportedTaxonomies: TAXONOMIES.map((t, index) => ({ name: t.name, index })),
        rules: [...rules.map(driverRule), ...companions.map(companionRule)],
      },
    },
    taxonomies: buildTaxonomies(rules),
    automationDetails: { id: options.automationId ?? 'ecsguard/files/' },
    // GitHub reads each URI as relative to the repository's top; other viewers resolve %SRCROOT%
    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href } },
    columnKind: 'utf16CodeUnits',
    results,
    invocations: [
      {
        executionSuccessful: outcome.errors.length === 0,
        toolExecutionNotifications: notifications,
        // what the configuration changed travels with the results, so a dashboard sees it
        properties: {
          // the thresholds this run was judged by, and its verdict: `ecsguard merge` reads them
          failOn: outcome.failOn,
          failOnUnknown: outcome.failOnUnknown,
          exitCode: outcome.exitCode,
          configuration: outcome.configuration,
          ignoredByGitignore: outcome.ignoredByGitignore,
          ...(outcome.baseline ? { baseline: { file: outcome.baseline.file, new: outcome.baseline.new, unchanged: outcome.baseline.unchanged, absent: outcome.baseline.absent.map((a) => a.fingerprint) } } : {}),
        },
      },
    ],
  };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}

/** The `max` most severe results (fail before unknown, then file order), in file order: ranks counted, no sort. */
function mostSevere(all: Result[], max: number): Result[] {
  const ranks = new Uint8Array(all.length);
  const counts = new Array<number>(10).fill(0);
  all.forEach((r, i) => counts[(ranks[i] = SEVERITY_RANK[r.severity] * 2 + (r.status === 'unknown' ? 1 : 0))]!++);
  // every rank below the cut is kept; of the cut rank, the first ones in file order
  let cut = 0;
  let room = max;
  while (cut < counts.length && counts[cut]! <= room) room -= counts[cut++]!;
  const out: Result[] = [];
  all.forEach((r, i) => {
    if (ranks[i]! < cut) out.push(r);
    else if (ranks[i] === cut && room > 0) {
      out.push(r);
      room--;
    }
  });
  return out;
}

const SRCROOT = '%SRCROOT%';
const UNKNOWN_SUFFIX = '.unknown';
const INFORMATION_URI = 'https://github.com/ecsguard/ecsguard';

/** Display paths (relative to the working directory) as URIs relative to the source root. */
function uriMaker(cwd: string, root: string): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    let u = cache.get(file);
    if (u === undefined) {
      const rel = relative(root, resolve(cwd, file)).split(sep).join('/');
      // percent-encode what a URI cannot hold, keep the slashes
      u = rel.split('/').map((part) => encodeURIComponent(part)).join('/');
      cache.set(file, u);
    }
    return u;
  };
}

type Physical = (file: string, line: number, column: number) => object;

function sarifResult(r: Result, ruleId: string, ruleIndex: number, companion: boolean, physical: Physical): object {
  const location = {
    ...physical(r.location.file, r.location.line, r.location.column),
    logicalLocations: [{ name: r.resource.name, fullyQualifiedName: r.resource.address ?? r.resource.id, kind: 'resource' }],
  };
  const out: Record<string, unknown> = {
    ruleId,
    ruleIndex,
    kind: r.status === 'unknown' ? 'open' : 'fail',
    level: r.status === 'unknown' ? (companion ? 'note' : 'none') : LEVEL[r.severity],
    message: { text: oneLine(r.message) },
    locations: [location],
    partialFingerprints: { 'ecsguard/v1': fingerprintOf(r)! },
    properties: {
      status: r.status,
      // the effective severity (after configuration), so a merged log can judge the exit code
      severity: r.severity,
      resourceType: r.resource.type,
      resourceId: r.resource.id,
      pointer: r.location.pointer,
      ...(r.messageId ? { messageId: r.messageId } : {}),
      ...(r.data?.kind === 'high-entropy string' ? { precision: 'medium' } : {}),
    },
  };
  if (r.baselineState) out.baselineState = r.baselineState;
  if (r.related?.length) {
    out.relatedLocations = r.related.map((l, i) => ({ id: i + 1, ...physical(l.file, l.line, l.column), message: { text: `referenced from ${oneLine(l.pointer.slice(1).replace(/\//g, '.')) || 'here'}` } }));
  }
  if (r.status === 'waived' && r.waiver) {
    out.suppressions = [{ kind: r.waiver.inline ? 'inSource' : 'external', status: 'accepted', justification: oneLine(`${r.waiver.reason} (owner ${r.waiver.owner}, expires ${r.waiver.expires}, ${r.waiver.source.file}:${r.waiver.source.line})`) }];
  }
  return out;
}
