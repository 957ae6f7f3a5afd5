// ecsguard's own JSON report (schemas/report.schema.json): summary, every result with its status
// and location, errors. Dashboards read this; its field names are part of the interface.
import type { ScanOutcome } from './outcome.js';
import type { Result } from '../engine/results.js';
import { toolVersion } from '../util/version.js';
import { controlsOf, countStatuses, severitiesByRule } from './summary.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import { jsonChunks } from '../util/json-chunks.js';

export const REPORT_SCHEMA_VERSION = '1.3';

/**
 * The report's text, in chunks made as they are written: each result becomes JSON on its turn,
 * on a line of its own (a 10,000-file scan has 160,000 results: indented they make the report a
 * third larger and take twice as long to write; one a line, they grep and diff well).
 */
export function renderJsonReport(outcome: ScanOutcome, generatedAt: string, indent: 0 | 2 = 2): Iterable<string> {
  const report = buildJsonReport(outcome, generatedAt);
  return jsonChunks(report, ['results'], report.results, indent, { eachJson: resultJson(), oneLineItems: true });
}

/** The report, with the scan's results as they are (jsonResult gives each one's JSON form). */
function buildJsonReport(outcome: ScanOutcome, generatedAt: string): Record<string, unknown> & { results: readonly Result[] } {
  const severityOf = severitiesByRule(outcome.results);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'ecsguard', version: toolVersion() },
    generatedAt,
    summary: {
      filesScanned: outcome.filesScanned,
      resources: outcome.resources,
      rules: outcome.rules.length,
      results: countStatuses(outcome.results),
      errors: outcome.errors.length,
      failOn: outcome.failOn,
      failOnUnknown: outcome.failOnUnknown,
      exitCode: outcome.exitCode,
      ignoredByGitignore: outcome.ignoredByGitignore,
      ...(outcome.liveScope ? { snapshotResources: outcome.liveScope.resources } : {}),
    },
    configuration: outcome.configuration,
    ...(outcome.baseline ? { baseline: outcome.baseline } : {}),
    rules: outcome.rules.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      severity: severityOf.get(r.id) ?? r.severity,
      resource: r.resource,
      mappings: {
        nist: { csf11: r.mappings.nist.csf11, csf20: r.mappings.nist.csf20 },
        runbook: { section: r.mappings.runbook.section, controls: r.mappings.runbook.controls ?? [] },
      },
    })),
    results: outcome.results,
    controls: controlsOf(outcome),
    errors: outcome.errors.map((e) => ({
      file: e.file ?? null,
      line: e.line ?? null,
      column: e.column ?? null,
      message: e.message,
    })),
  };
}

/**
 * One result's JSON text, as the report writes it: its fields in the report's order, each value
 * through JSON.stringify. A 10,000-file scan has 160,000 results sharing 10,000 resource
 * descriptions, one resource's results one after the other: the last description's text is kept.
 */
function resultJson(): (r: Result) => string {
  const q = JSON.stringify;
  let described: Result['resource'] | undefined;
  let resource = '';
  return (r) => {
    if (r.resource !== described) {
      described = r.resource;
      resource = q(r.resource);
    }
    let out = `{"ruleId":${q(r.ruleId)},"status":${q(r.status)},"severity":${q(r.severity)},"message":${q(r.message)}`;
    if (r.messageId) out += `,"messageId":${q(r.messageId)},"data":${q(r.data ?? {})}`;
    out += `,"resource":${resource},"location":${q(r.location)}`;
    if (r.related) out += `,"related":${q(r.related)}`;
    if (r.reason) out += `,"reason":${q(r.reason)}`;
    if (r.waiver) out += `,"waiver":${q(r.waiver)}`;
    if (r.expiredWaiver) out += `,"expiredWaiver":${q(r.expiredWaiver)}`;
    const fingerprint = fingerprintOf(r);
    if (fingerprint) out += `,"fingerprint":${q(fingerprint)}`;
    if (r.baselineState) out += `,"baselineState":${q(r.baselineState)}`;
    return out + '}';
  };
}
