// `ecsguard publish securityhub FINDINGS.json`: sends the findings of `scan --format asff` to AWS
// Security Hub and archives those of the same category it no longer holds. A separate command
// with its own policy (policies/ecsguard-publish-securityhub.json): the audit role stays
// read-only. The AWS SDK is loaded only here.
import { resolve } from 'node:path';
import { validateAsff } from '../generated/merge-validators.js';
import { readValidatedDocument } from '../documents/validated-document.js';
import { displayPath } from '../sources/files/walk.js';
import { UserError } from '../util/errors.js';
import { oneLine } from '../util/printable.js';
import { PUBLISH_HELP } from './help.js';
import { UsageError, parseOptions } from './args.js';
import { REGION } from './live-options.js';

export const PUBLISH_OPTIONS = {
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'no-archive': { type: 'boolean' },
  'max-attempts': { type: 'string' },
  timeout: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export async function publishCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, PUBLISH_OPTIONS, PUBLISH_HELP);
  if (values.help) {
    process.stdout.write(PUBLISH_HELP);
    return 0;
  }
  const [target, file, ...rest] = positionals;
  if (target !== 'securityhub') throw new UsageError(`publish sends findings to securityhub: ecsguard publish securityhub FINDINGS.json${target ? ` (got "${oneLine(target)}")` : ''}`, PUBLISH_HELP);
  if (file === undefined || rest.length > 0) throw new UsageError('publish securityhub takes one file: the output of scan --format asff', PUBLISH_HELP);
  const maxAttempts = values['max-attempts'] === undefined ? 5 : Number(values['max-attempts']);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) throw new UsageError('--max-attempts must be a whole number from 1 to 20', PUBLISH_HELP);
  const timeoutS = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 600) throw new UsageError('--timeout must be a number of seconds from 1 to 600', PUBLISH_HELP);
  if (values.region !== undefined && !REGION.test(values.region)) throw new UsageError('--region must be an AWS region, such as us-east-1', PUBLISH_HELP);

  const cwd = process.cwd();
  const display = displayPath(cwd, resolve(cwd, file));
  const read = readValidatedDocument(resolve(cwd, file), display, validateAsff, 'ASFF findings file (scan --format asff)', MAX_INPUT_BYTES);
  if (!read.ok) {
    process.stderr.write(`ecsguard: ${read.error.format()}\n`);
    return 2;
  }
  const findings = (read.value.doc.value as { Findings: Array<Record<string, unknown>> }).Findings;
  const products = [...new Set(findings.map((f) => String(f.ProductArn)))];
  if (products.length > 1) {
    process.stderr.write(`ecsguard: ${new UserError(`holds findings of ${products.length} product ARNs; publish one importing account and region at a time`, display).format()}\n`);
    return 2;
  }
  const productRegion = products[0]?.split(':')[3];
  const region = values.region ?? productRegion;
  if (!region) throw new UsageError('no finding names a region: give --region', PUBLISH_HELP);
  if (productRegion && region !== productRegion) throw new UsageError(`--region ${region} is not the region of the findings' ProductArn (${productRegion})`, PUBLISH_HELP);

  // the SDK is loaded here only (through a module of ours, so the bundle requires it)
  const { createSecurityHubClient, publishFindings } = await import('../publish/securityhub.js');
  const client = createSecurityHubClient({ region, maxAttempts, timeoutMs: timeoutS * 1000, ...(values.profile ? { profile: values.profile } : {}), ...(values['endpoint-url'] ? { endpointUrl: values['endpoint-url'] } : {}) });
  try {
    const out = await publishFindings(client, findings, { archive: !values['no-archive'], now: new Date().toISOString() });
    for (const f of out.failed.slice(0, 20)) process.stderr.write(`ecsguard: ${display}: Security Hub refused finding ${oneLine(f.id)}: ${oneLine(f.code)}${f.message ? ` (${oneLine(f.message).slice(0, 200)})` : ''}\n`);
    if (out.failed.length > 20) process.stderr.write(`ecsguard: ${display}: and ${out.failed.length - 20} more refused findings\n`);
    if (!values.quiet) process.stderr.write(`ecsguard: published ${out.imported} of ${findings.length} findings to Security Hub in ${region}${values['no-archive'] ? '' : `, archived ${out.archived} no longer reported`} (${out.calls} calls)\n`);
    return out.failed.length > 0 ? 2 : 0;
  } catch (err) {
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const why = e.name === 'AccessDeniedException' || e.$metadata?.httpStatusCode === 403 ? 'access denied (the role needs policies/ecsguard-publish-securityhub.json)' : e.name === 'InvalidAccessException' ? 'Security Hub is not enabled in this account and region' : oneLine(`${e.name ?? 'error'}: ${e.message ?? String(err)}`).slice(0, 300);
    process.stderr.write(`ecsguard: ${new UserError(`cannot publish to Security Hub in ${region}: ${why}`, display).format()}\n`);
    return 2;
  } finally {
    client.destroy();
  }
}
