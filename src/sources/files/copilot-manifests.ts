// AWS Copilot service and job manifests (`copilot/<name>/manifest.yml`): Copilot writes a
// manifest's `variables` into the environment of the task definition it deploys, in plaintext,
// with the per-environment overrides under `environments` and the sidecars' own. Read as a deploy
// step: what the tool writes into the containers, checked by ecs-deploy-step-no-plaintext-secrets.
// An `env_file` (from the workspace's root) is read too: Copilot uploads it to S3 as the
// container's environment file, its variables plaintext, each checked at its line of that file.
// Its services and jobs run on Fargate in the environment's public subnets with public IP
// addresses unless `network.vpc.placement` is `private` (Copilot's convertNetworkConfig): each
// service is read as that ECS service, and a Scheduled Job as the tasks it starts, for the checks
// on public IPs, with each environment that sets its own placement as one more, and for the
// listeners Copilot puts in front of it (HTTPS with an http.alias, else decided by the
// application's domain, which the manifest does not show).
// The rest of what Copilot generates (roles, logging) is its templates', not the file's.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocumentText, type ParsedDocument } from '../../documents/parse-document.js';
import { readText } from '../../documents/read-text.js';
import type { Resource } from '../../inventory/resource.js';
import { placeholder, unseen } from '../../inventory/computed.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';
import { isObject, own, ownObject, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import type { EnvFileReader } from './env-files.js';
import type { SourcePosition } from '../../util/positions.js';

/** The manifest types whose workloads run on ECS (Request-Driven Web Services run on App Runner, Static Sites on S3). */
const ECS_TYPES = new Set(['Load Balanced Web Service', 'Backend Service', 'Worker Service', 'Scheduled Job']);

export interface CopilotManifest {
  name: string;
  type: string;
}

export function copilotManifest(value: JsonValue): CopilotManifest | undefined {
  const name = ownString(value, 'name');
  const type = ownString(value, 'type');
  return name !== undefined && type !== undefined && ECS_TYPES.has(type) ? { name, type } : undefined;
}

/** Where a container's settings are written in the manifest, and what it is called. */
interface Written {
  container: string;
  at: string[];
  node: JsonValue | undefined;
}

/** The lines of env files the containers' environment entries come from, by the entry's pointer. */
type EnvFileLines = Map<string, SourcePosition>;

/**
 * What Copilot's overrides may change that the manifest does not show, as reasons for the deploy
 * step (the containers' environment and secrets) and the service (its network): `taskdef_overrides`
 * paths into containers, YAML patches (`overrides/cfn.patches.yml`) by their paths, and CDK
 * overrides (any other file in `overrides/`, a program ecsguard does not run) for both.
 */
export interface CopilotOverrides {
  containers?: string;
  network?: string;
}

const CONTAINER_PATH = /environment|secrets|containerdefinitions(?:\[[0-9-]*\])?$|^\/?resources\/taskdefinition(?:\/properties)?\/?$/i;
const NETWORK_PATH = /networkconfiguration|awsvpcconfiguration|assignpublicip|subnets|^\/?resources\/service\/?$/i;

export function copilotOverrides(root: JsonObject, folder: string | undefined, maxBytes: number): CopilotOverrides {
  const out: CopilotOverrides = {};
  const rules = [own(root, 'taskdef_overrides'), ...Object.values(ownObject(root, 'environments') ?? {}).map((e) => own(e, 'taskdef_overrides'))];
  for (const list of rules) {
    if (!Array.isArray(list)) continue;
    if (list.some((r) => CONTAINER_PATH.test(ownString(r, 'path') ?? ''))) out.containers ??= 'its taskdef_overrides change the containers\' environment or secrets, which ecsguard does not apply';
  }
  if (folder === undefined) return out;
  let names: string[] = [];
  try {
    names = readdirSync(join(folder, 'overrides'));
  } catch (err) {
    // no overrides folder: nothing overridden; one that cannot be read may override anything
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return out;
    out.containers ??= 'its overrides/ folder could not be read, and Copilot applies what it holds';
    out.network ??= out.containers;
    return out;
  }
  for (const name of names) {
    if (name !== 'cfn.patches.yml' && name !== 'cfn.patches.yaml') {
      out.containers ??= `the CDK overrides in overrides/ change its CloudFormation template, which ecsguard does not run`;
      out.network ??= out.containers;
      continue;
    }
    const text = readText(join(folder, 'overrides', name), name, maxBytes);
    const parsed = text.ok ? parseDocumentText(text.text, name) : undefined;
    const patches = parsed?.ok && Array.isArray(parsed.doc.value) ? parsed.doc.value : undefined;
    const paths = patches ? patches.map((p) => own(p, 'path')) : [undefined];
    const why = `overrides/${name} patches its CloudFormation template there, which ecsguard does not apply`;
    // a patch file that cannot be read may patch anything
    if (paths.some((p) => typeof p !== 'string' || CONTAINER_PATH.test(p))) out.containers ??= why;
    if (paths.some((p) => typeof p !== 'string' || NETWORK_PATH.test(p))) out.network ??= why;
  }
  return out;
}

/** `envFiles` reads the manifest's env_file paths; without it (not read from a workspace) they are unknown. */
export function extractCopilotManifest(doc: ParsedDocument, file: string, manifest: CopilotManifest, envFiles?: EnvFileReader, overrides: CopilotOverrides = {}): Resource[] {
  const root = doc.value as JsonObject;
  const written: Written[] = [{ container: manifest.name, at: [], node: root }];
  const sidecars = (node: JsonValue | undefined, at: string[], suffix: string) => {
    const list = ownObject(node, 'sidecars');
    if (list) for (const k of Object.keys(list)) written.push({ container: k + suffix, at: [...at, 'sidecars', k], node: list[k] });
  };
  sidecars(root, [], '');
  // Copilot's log router: a sidecar of its own, with the variables the logging section gives it
  if (ownObject(root, 'logging')) written.push({ container: 'firelens_log_router', at: ['logging'], node: root.logging });
  const environments = ownObject(root, 'environments');
  for (const env of environments ? Object.keys(environments) : []) {
    const suffix = ` (environment ${env})`;
    written.push({ container: manifest.name + suffix, at: ['environments', env], node: environments![env] });
    sidecars(environments![env], ['environments', env], suffix);
  }
  const entries: SourceMapEntry[] = [{ data: [], source: [], node: root, keys: 'opaque' }];
  const containers: JsonValue[] = [];
  const lines: EnvFileLines = new Map();
  for (const w of written) {
    const c = containerOf(w, containers.length, entries, envFiles, lines);
    if (c) containers.push(c);
  }
  const step = `Copilot manifest of ${manifest.type.toLowerCase()} "${manifest.name}"`;
  const data: JsonObject = { step, containerDefinitions: containers };
  markPlaceholderStrings(data.containerDefinitions!);
  const map = new ResourceSourceMap(entries, doc.locate);
  const locate = (p: string) => (lines.size > 0 ? envFileLine(lines, p) : undefined) ?? map.locate(p);
  const out: Resource[] = [{ type: 'ecs:deploy-step', id: manifest.name, name: step, data, origin: { kind: 'file', file, shape: 'copilot-manifest', address: manifest.name, locate } }];
  if (overrides.containers) out[0]!.incomplete = overrides.containers;
  out.push(launched(doc, file, manifest, root, root, [], ''));
  for (const env of environments ? Object.keys(environments) : []) {
    if (own(own(own(environments![env], 'network'), 'vpc'), 'placement') !== undefined) out.push(launched(doc, file, manifest, root, environments![env]!, ['environments', env], ` (environment ${env})`));
  }
  if (overrides.network) for (const r of out.slice(1)) r.incomplete = overrides.network;
  return out;
}

/**
 * The ECS service (or, for a Scheduled Job, the tasks) Copilot deploys from the manifest: on
 * Fargate, with public IPs unless the placement is `private`. A placement that names subnets
 * leaves the public IP to Copilot's version, so it is unknown.
 */
function launched(doc: ParsedDocument, file: string, manifest: CopilotManifest, root: JsonObject, node: JsonValue, at: string[], suffix: string): Resource {
  const placement = own(own(own(node, 'network'), 'vpc'), 'placement');
  const assignPublicIp: JsonValue =
    placement === undefined || placement === null || placement === 'public' ? 'ENABLED'
      : placement === 'private' ? 'DISABLED'
        : typeof placement === 'string' ? placeholder(placement)
          : unseen('the subnets the placement names; whether Copilot gives tasks public IPs there depends on its version');
  const vpc: JsonObject = { assignPublicIp };
  const job = manifest.type === 'Scheduled Job';
  const id = manifest.name + suffix;
  const name = job ? `Copilot scheduled job "${manifest.name}"${suffix}` : id;
  const data: JsonObject = job ? { launcher: name, launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: vpc } } : { serviceName: id, launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: vpc } };
  // the public IP is decided at the placement, or (left to Copilot's default) by the manifest's type
  const source = placement !== undefined ? [...at, 'network', 'vpc', 'placement'] : ['type'];
  const entries: SourceMapEntry[] = [{ data: [], source: [], node: undefined, keys: 'opaque' }, { data: ['networkConfiguration'], source, node: undefined, keys: 'opaque' }];
  const balanced = job ? undefined : copilotListeners(manifest, root, node, at);
  if (balanced) {
    data.loadBalancers = [{ targetGroupArn: unseen(`the target group Copilot creates for ${manifest.name}`), containerName: manifest.name }];
    data.listeners = balanced.map((b) => b.listener);
    entries.push({ data: ['loadBalancers'], source: balanced[0]!.at, node: undefined, keys: 'opaque' });
    balanced.forEach((b, i) => entries.push({ data: ['listeners', String(i)], source: b.at, node: undefined, keys: 'opaque' }));
  }
  const map = new ResourceSourceMap(entries, doc.locate);
  return { type: job ? 'ecs:scheduled-task' : 'ecs:service', id, name, data, origin: { kind: 'file', file, shape: 'copilot-manifest', address: id, locate: (p) => map.locate(p) } };
}

/** Why a Copilot service's load balancer may listen on plain HTTP: what decides it is outside the service manifest. */
const NO_ALIAS =
  "Copilot's environment load balancer in front of it listens on HTTPS only when the application has a domain (copilot app init --domain) or the environment imports certificates, which the service manifest does not show (no http.alias); without them it forwards plain HTTP";

/**
 * The listeners in front of a Load Balanced Web Service (or a Backend Service with `http`, on an
 * internal load balancer), as Copilot makes them: with `http.alias` an HTTPS listener, and an
 * HTTP one that redirects to it unless `redirect_to_https: false`; an `nlb` listener on the port's
 * protocol (`443/tls`; TCP unless given). An environment's own http or nlb settings win over the
 * manifest's. Undefined when the service has no load balancer.
 */
function copilotListeners(manifest: CopilotManifest, root: JsonObject, node: JsonValue, at: string[]): Array<{ listener: JsonObject; at: string[] }> | undefined {
  // an environment's setting, else the manifest's, with where it is written
  const setting = (section: string, key?: string): { value: JsonValue | undefined; at: string[] } => {
    for (const [n, where] of node === root ? [[root, []] as const] : [[node, at] as const, [root, []] as const]) {
      const v = key === undefined ? own(n, section) : own(own(n, section), key);
      if (v !== undefined && v !== null) return { value: v, at: key === undefined ? [...where, section] : [...where, section, key] };
    }
    return { value: undefined, at: [] };
  };
  const http = setting('http');
  const alb = manifest.type === 'Load Balanced Web Service' ? http.value !== false : manifest.type === 'Backend Service' && isObject(http.value);
  const targetGroup = `of Copilot service ${manifest.name}`;
  const out: Array<{ listener: JsonObject; at: string[] }> = [];
  if (alb) {
    const alias = setting('http', 'alias');
    const where = http.at.length > 0 ? http.at : ['type'];
    if (alias.value === undefined || alias.value === '' || (Array.isArray(alias.value) && alias.value.length === 0)) {
      out.push({ listener: { targetGroup, listener: null, undecided: NO_ALIAS }, at: where });
    } else {
      out.push({ listener: { targetGroup, listener: "HTTPS:443 of the environment's load balancer", protocol: 'HTTPS' }, at: alias.at });
      const redirect = setting('http', 'redirect_to_https');
      if (redirect.value === false) out.push({ listener: { targetGroup, listener: "HTTP:80 of the environment's load balancer (redirect_to_https: false)", protocol: 'HTTP' }, at: redirect.at });
    }
  }
  const nlb = setting('nlb');
  if (manifest.type === 'Load Balanced Web Service' && isObject(nlb.value)) {
    const port = setting('nlb', 'port');
    const protocol = typeof port.value === 'string' ? (port.value.split('/')[1] ?? 'tcp').toUpperCase() : typeof port.value === 'number' ? 'TCP' : undefined;
    const listener = `port ${typeof port.value === 'string' || typeof port.value === 'number' ? String(port.value).slice(0, 16) : '(not set)'} of its Network Load Balancer`;
    out.push({ listener: protocol ? { targetGroup, listener, protocol } : { targetGroup, listener: null, undecided: 'its Network Load Balancer sets no nlb.port, which Copilot requires' }, at: port.at.length > 0 ? port.at : nlb.at });
  }
  return out.length > 0 ? out : undefined;
}

/** The env file line of a pointer at or below an environment entry that came from one. */
function envFileLine(lines: EnvFileLines, pointer: string): SourcePosition | undefined {
  const segs = pointer.split('/');
  return segs.length >= 5 && segs[3] === 'environment' ? lines.get(segs.slice(0, 5).join('/')) : undefined;
}

/** The container settings one part of the manifest writes (its variables, secrets and command), or undefined when it writes none. */
function containerOf(w: Written, index: number, entries: SourceMapEntry[], envFiles: EnvFileReader | undefined, lines: EnvFileLines): JsonObject | undefined {
  const base = ['containerDefinitions', String(index)];
  const container: JsonObject = { name: w.container };
  const variables = ownObject(w.node, 'variables');
  const environment: JsonValue[] = [];
  const envFile = own(w.node, 'env_file');
  if (envFile !== undefined && envFile !== null) {
    // as in ECS, a variable the manifest sets wins over the env file's
    const read = typeof envFile !== 'string' ? { missing: 'it is not a path' } : envFiles ? envFiles(envFile) : { missing: "the manifest is not in a workspace's copilot folder, so where the path starts is not known" };
    if ('missing' in read) {
      const shown = typeof envFile === 'string' && /^[A-Za-z0-9_./-]{1,120}$/.test(envFile) ? envFile : 'its env_file';
      entries.push({ data: [...base, 'environment', '0'], source: [...w.at, 'env_file'], node: undefined, keys: 'opaque' });
      environment.push(unseen(`the variables of ${shown}, which Copilot adds to the environment, could not be read (${read.missing})`));
    } else {
      for (const e of read.entries) {
        if (variables && Object.prototype.hasOwnProperty.call(variables, e.name)) continue;
        lines.set('/' + [...base, 'environment', String(environment.length)].join('/'), { line: e.line, column: 1, file: read.display });
        environment.push({ name: e.name, value: e.value });
      }
    }
  }
  if (variables) {
    for (const name of Object.keys(variables)) {
      entries.push({ data: [...base, 'environment', String(environment.length)], source: [...w.at, 'variables', name], node: undefined, keys: 'opaque' });
      environment.push({ name, value: scalar(variables[name]!) });
    }
  }
  if (environment.length > 0) container.environment = environment;
  const secrets = ownObject(w.node, 'secrets');
  if (secrets) {
    container.secrets = Object.keys(secrets).map((name, j) => {
      entries.push({ data: [...base, 'secrets', String(j)], source: [...w.at, 'secrets', name], node: undefined, keys: 'opaque' });
      const v = secrets[name]!;
      // `{secretsmanager: name}` names a Secrets Manager secret; a string, a parameter
      return { name, valueFrom: scalar(isObject(v) ? own(v, 'secretsmanager') ?? v : v) };
    });
  }
  const command = own(w.node, 'command');
  if (typeof command === 'string' || Array.isArray(command)) {
    container.command = typeof command === 'string' ? command.split(/\s+/).filter((a) => a !== '') : command.map(scalar);
    entries.push({ data: [...base, 'command'], source: [...w.at, 'command'], node: undefined, keys: 'opaque' });
  }
  if (Object.keys(container).length === 1) return undefined;
  entries.push({ data: base, source: w.at, node: undefined, keys: 'opaque' });
  return container;
}

/** A value as the task definition gets it: text; `from_cfn` (a stack's export) is filled in at deploy time. */
function scalar(v: JsonValue): JsonValue {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const exported = ownString(v, 'from_cfn');
  return placeholder(exported !== undefined ? `from_cfn: ${exported}` : 'a value Copilot fills in');
}
