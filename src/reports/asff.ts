// `--format asff`: findings in the AWS Security Finding Format (schema 2018-10-08), as AWS
// Security Hub's BatchImportFindings takes them ({"Findings": [...]}), for a custom integration:
// ProductArn arn:PARTITION:securityhub:REGION:ACCOUNT:product/ACCOUNT/default of the account that
// imports them. Ids come from the fingerprints, so a finding updates in place run after run;
// Compliance carries the runbook and NIST CSF ids, Resources the ARN and region of live findings.
import type { ScanOutcome } from './outcome.js';
import type { Result } from '../engine/results.js';
import type { Rule } from '../engine/rule-types.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import { partitionOf } from '../aws/arn.js';
import { jsonChunks } from '../util/json-chunks.js';
import { waiverUntil } from './summary.js';

export interface AsffOptions {
  /** The account and region whose Security Hub imports the findings (ProductArn). */
  account?: string;
  region?: string;
  /** The run's category (as SARIF's automationDetails): what `publish` replaces and archives. */
  category?: string;
  generatedAt: string;
}

export const ASFF_SCHEMA_VERSION = '2018-10-08';
const EMITTED = new Set(['fail', 'unknown', 'waived', 'pass']);
const SEVERITY_LABELS: Record<string, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };
const COMPLIANCE: Record<string, string> = { fail: 'FAILED', waived: 'FAILED', unknown: 'NOT_AVAILABLE', pass: 'PASSED' };
/** ASFF resource types of ecsguard's: what Security Hub shows as the resource. */
const RESOURCE_TYPES = new Map([
  ['ecs:task-definition', 'AwsEcsTaskDefinition'],
  ['ecs:service', 'AwsEcsService'],
  ['ecs:cluster', 'AwsEcsCluster'],
  ['ec2:container-instance', 'AwsEc2Instance'],
  ['iam:role', 'AwsIamRole'],
  ['ec2:vpc', 'AwsEc2Vpc'],
  ['cloudtrail:trail', 'AwsCloudTrailTrail'],
  ['kms:key', 'AwsKmsKey'],
  ['logs:log-group', 'AwsLogsLogGroup'],
  ['aws:account', 'AwsAccount'],
]);

/** Text cut to an ASFF field's limit, on a character boundary. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** What the findings need that the scan cannot know: the importing account and region. */
export function asffTarget(outcome: ScanOutcome, options: AsffOptions): { account: string; region: string } | string {
  const live = outcome.results.find((r) => r.resource.account && r.resource.region);
  const account = options.account ?? live?.resource.account;
  const region = options.region ?? live?.resource.region;
  if (!account || !region) return 'the account and region whose Security Hub imports the findings: --asff-account ID --asff-region REGION (a live audit gives its own)';
  return { account, region };
}

function requirements(rule: Rule | undefined): string[] {
  if (!rule) return [];
  const m = rule.mappings;
  const out = [
    ...(m.runbook.controls ?? []).map((c) => `ECS runbook control ${c}`),
    ...(m.runbook.section !== undefined ? [`ECS runbook section ${m.runbook.section}`] : []),
    ...m.nist.csf20.map((id) => `NIST CSF 2.0 ${id}`),
    ...m.nist.csf11.map((id) => `NIST CSF 1.1 ${id}`),
  ];
  return out.slice(0, 32).map((x) => clip(x, 128));
}

function finding(r: Result, rule: Rule | undefined, target: { account: string; region: string }, productArn: string, at: string, category: string | undefined): Record<string, unknown> {
  const live = r.resource.account !== undefined;
  const account = r.resource.account && /^\d{12}$/.test(r.resource.account) ? r.resource.account : target.account;
  const region = r.resource.region ?? target.region;
  const resource: Record<string, unknown> = live
    ? { Type: RESOURCE_TYPES.get(r.resource.type) ?? 'Other', Id: clip(r.resource.id, 512), Region: region, Partition: partitionOf(region) }
    : { Type: 'Other', Id: clip(`${r.location.file}#${r.resource.address ?? r.resource.id}`, 512), Details: { Other: { file: clip(r.location.file, 1024), line: String(r.location.line), resource: clip(r.resource.name, 1024) } } };
  const out: Record<string, unknown> = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `ecsguard/v1/${fingerprintOf(r) ?? `${r.ruleId}/${r.resource.id}`}`,
    ProductArn: productArn,
    ProductName: 'ecsguard',
    CompanyName: 'ecsguard',
    GeneratorId: `ecsguard/${r.ruleId}`,
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards/ECS security runbook'],
    CreatedAt: at,
    UpdatedAt: at,
    Severity: { Label: SEVERITY_LABELS[r.severity] ?? 'INFORMATIONAL', Original: r.severity },
    Title: clip(rule?.title ?? r.ruleId, 256),
    Description: clip(r.message, 1024),
    Resources: [resource],
    Compliance: { Status: COMPLIANCE[r.status] ?? 'NOT_AVAILABLE', RelatedRequirements: requirements(rule) },
    ProductFields: {
      'ecsguard/RuleId': r.ruleId,
      'ecsguard/Status': r.status,
      ...(r.reason ? { 'ecsguard/Reason': clip(r.reason, 2048) } : {}),
      ...(category ? { 'ecsguard/Category': clip(category, 2048) } : {}),
      ...(live ? {} : { 'ecsguard/File': clip(r.location.file, 2048), 'ecsguard/Line': String(r.location.line) }),
    },
    RecordState: 'ACTIVE',
    Workflow: { Status: r.status === 'waived' ? 'SUPPRESSED' : r.status === 'pass' ? 'RESOLVED' : 'NEW' },
  };
  if (rule) {
    const url = rule.references.find((u) => u.startsWith('https://'));
    out.Remediation = { Recommendation: { Text: clip(rule.remediation.trim().replace(/\s+/g, ' '), 512), ...(url ? { Url: url } : {}) } };
  }
  if (r.waiver) out.Note = { Text: clip(`waived ${waiverUntil(r.waiver)}: ${r.waiver.reason}`, 512), UpdatedBy: clip(r.waiver.owner, 512), UpdatedAt: at };
  return out;
}

/**
 * The findings of a scan, in chunks made as they are written (passes are findings too: a large
 * scan's file outgrows one string), or why they cannot be written (a file scan names no account).
 */
export function renderAsff(outcome: ScanOutcome, options: AsffOptions): Iterable<string> {
  const target = asffTarget(outcome, options);
  if (typeof target === 'string') throw new Error(`asff needs ${target}`);
  const productArn = `arn:${partitionOf(target.region)}:securityhub:${target.region}:${target.account}:product/${target.account}/default`;
  const rules = new Map(outcome.rules.map((r) => [r.id, r]));
  const emitted = outcome.results.filter((r) => EMITTED.has(r.status));
  return jsonChunks({ Findings: emitted }, ['Findings'], emitted, 2, { each: (r) => finding(r, rules.get(r.ruleId), target, productArn, options.generatedAt, options.category) });
}
