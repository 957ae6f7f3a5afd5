// .ecsguard.yaml: given with --config, else the first one from the current directory upward to
// the repository's top (git), never one inside the scanned tree (a pull request could add one to
// switch the gate off); validated against schemas/config.schema.json. Rule switches, severity
// overrides and parameters, the failure threshold, path exclusions, waivers and their limits.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { validateConfig } from '../generated/validators.js';
import { readValidatedDocument } from '../documents/validated-document.js';
import { UserError } from '../util/errors.js';
import { parsePointer } from '../util/pointer.js';
import type { JsonObject } from '../util/json.js';
import { isRealDate } from '../util/dates.js';
import type { Waiver } from './results.js';
import type { Rule, Severity } from './rule-types.js';

export const CONFIG_NAMES = ['.ecsguard.yaml', '.ecsguard.yml'];

export interface Config {
  /** Display path of the file, or undefined when none was found. */
  file?: string;
  /** Absolute directory paths in the file are relative to. */
  dir: string;
  failOn?: Severity | 'none';
  failOnUnknown?: boolean;
  /** Waivers may not expire more than this many days after today. */
  maxWaiverDays?: number;
  /** false: suppressions written in the scanned files are not applied. */
  allowInlineSuppressions?: boolean;
  exclude: string[];
  /** Terraform variable files (`terraform.var-files`), absolute, each with the line that names it. */
  varFiles?: Array<{ path: string; line: number | undefined }>;
  rules: Record<string, { enabled?: boolean; severity?: Severity; parameters?: JsonObject }>;
  waivers: Waiver[];
  /** Settings of live audits (`live:`), which command-line options override. */
  live?: LiveConfig;
  /** Line of a key in the file, for errors found later (unknown rule ids). */
  lineOf(pointer: string): number | undefined;
}

export interface LiveConfig {
  regions?: string[];
  allRegions?: boolean;
  accounts?: Array<{ id: string; name?: string; roleArn?: string; externalId?: string }>;
  org?: { role: string; units?: string[]; exclude?: string[]; externalId?: string };
  concurrency?: number;
  accountConcurrency?: number;
  retryMode?: 'standard' | 'adaptive';
  maxAttempts?: number;
  timeout?: number;
}

export function emptyConfig(cwd: string): Config {
  return { dir: cwd, exclude: [], rules: {}, waivers: [], lineOf: () => undefined };
}

/**
 * The first .ecsguard.yaml from the working directory upward, stopping at the repository's top
 * (the directory that holds .git) or the file system's root. What is scanned plays no part.
 */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const found = configIn(dir);
    if (found) return found;
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

/** A configuration file in a directory, if there is one. */
export function configIn(dir: string): string | undefined {
  for (const name of CONFIG_NAMES) {
    const candidate = join(dir, name);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/** The repository's top directory (git's top level) at or above `start`, if any. */
export function gitTopLevel(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function loadConfig(path: string, cwd: string): { ok: true; config: Config } | { ok: false; error: UserError } {
  const display = relative(cwd, path).split(sep).join('/') || path;
  const read = readValidatedDocument(path, display, validateConfig, 'configuration', undefined, { uniqueKeys: true });
  if (!read.ok) return read;
  const { doc, errorAt } = read.value;
  const at = (pointer: string, message: string) => ({ ok: false as const, error: errorAt(pointer, message) });
  const value = doc.value as JsonObject;
  const waivers: Waiver[] = [];
  const rawWaivers = (value.waivers ?? []) as JsonObject[];
  for (const [i, w] of rawWaivers.entries()) {
    const expires = String(w.expires);
    if (!isRealDate(expires)) return at(`/waivers/${i}/expires`, `waivers.${i}.expires is not a real date: ${expires}`);
    const waiver: Waiver = {
      rule: String(w.rule),
      reason: String(w.reason),
      owner: String(w.owner),
      expires,
      source: { file: display, line: doc.locate(['waivers', String(i)]).line },
    };
    if (typeof w.path === 'string') waiver.path = w.path;
    if (typeof w.resource === 'string') waiver.resource = w.resource;
    waivers.push(waiver);
  }
  const config: Config = {
    file: display,
    dir: dirname(path),
    exclude: (value.exclude ?? []) as string[],
    rules: (value.rules ?? {}) as Config['rules'],
    waivers,
    lineOf: (pointer) => doc.locate(parsePointer(pointer)).line,
  };
  if (value['fail-on'] !== undefined) config.failOn = value['fail-on'] as Config['failOn'];
  if (typeof value['max-waiver-days'] === 'number') config.maxWaiverDays = value['max-waiver-days'];
  if (typeof value['allow-inline-suppressions'] === 'boolean') config.allowInlineSuppressions = value['allow-inline-suppressions'];
  if (value['fail-on-unknown'] !== undefined) config.failOnUnknown = value['fail-on-unknown'] === true;
  if (value.live !== undefined) config.live = liveSettings(value.live as JsonObject);
  const varFiles = (value.terraform as JsonObject | undefined)?.['var-files'];
  if (Array.isArray(varFiles)) config.varFiles = varFiles.map((f, i) => ({ path: resolve(dirname(path), String(f)), line: doc.locate(['terraform', 'var-files', String(i)]).line }));
  return { ok: true, config };
}

/** The `live:` section, already validated by the schema, in the collector's terms. */
function liveSettings(v: JsonObject): LiveConfig {
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const strings = (x: unknown) => (Array.isArray(x) ? x.map(String) : undefined);
  const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
  const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
  const org = v.org as JsonObject | undefined;
  return defined<LiveConfig>({
    regions: strings(v.regions),
    allRegions: typeof v['all-regions'] === 'boolean' ? v['all-regions'] : undefined,
    accounts: Array.isArray(v.accounts) ? (v.accounts as JsonObject[]).map((a) => defined({ id: String(a.id), name: str(a.name), roleArn: str(a['role-arn']), externalId: str(a['external-id']) })) : undefined,
    org: org ? defined({ role: String(org.role), units: strings(org.units), exclude: strings(org.exclude), externalId: str(org['external-id']) }) : undefined,
    concurrency: num(v.concurrency),
    accountConcurrency: num(v['account-concurrency']),
    retryMode: v['retry-mode'] === 'adaptive' || v['retry-mode'] === 'standard' ? v['retry-mode'] : undefined,
    maxAttempts: num(v['max-attempts']),
    timeout: num(v.timeout),
  });
}

/** Rule ids in the configuration that no loaded rule has (a typo would silently do nothing). */
export function unknownRuleIds(config: Config, rules: Rule[]): UserError[] {
  const known = new Set(rules.flatMap((r) => [r.id, ...(r.aliases ?? [])]));
  const errors: UserError[] = [];
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id)) errors.push(new UserError(`invalid configuration: unknown rule id "${id}" under rules`, config.file, config.lineOf(`/rules/${id}`)));
  }
  config.waivers.forEach((w) => {
    if (w.rule !== '*' && !known.has(w.rule)) errors.push(new UserError(`invalid configuration: waiver for unknown rule id "${w.rule}"`, config.file, w.source.line));
  });
  return errors;
}

/** A matcher for `exclude` globs, on paths relative to the working directory. */
export function excludeMatcher(config: Config, cwd: string): ((display: string) => boolean) | undefined {
  if (config.exclude.length === 0) return undefined;
  const match = picomatch(config.exclude, { dot: true });
  return (display) => {
    const rel = relative(config.dir, resolve(cwd, display)).split(sep).join('/');
    return match(rel) || match(rel + '/');
  };
}
