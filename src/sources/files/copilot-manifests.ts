// AWS Copilot service and job manifests (`copilot/<name>/manifest.yml`): Copilot writes a
// manifest's `variables` into the environment of the task definition it deploys, in plaintext,
// with the per-environment overrides under `environments` and the sidecars' own. Read as a deploy
// step: what the tool writes into the containers, checked by ecs-deploy-step-no-plaintext-secrets.
// The rest of what Copilot generates (roles, logging, network) is its templates', not the file's.
import type { ParsedDocument } from '../../documents/parse-document.js';
import type { Resource } from '../../inventory/resource.js';
import { placeholder } from '../../inventory/computed.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';
import { isObject, own, ownObject, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';

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

export function extractCopilotManifest(doc: ParsedDocument, file: string, manifest: CopilotManifest): Resource[] {
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
  for (const w of written) {
    const c = containerOf(w, containers.length, entries);
    if (c) containers.push(c);
  }
  const step = `Copilot manifest of ${manifest.type.toLowerCase()} "${manifest.name}"`;
  const data: JsonObject = { step, containerDefinitions: containers };
  markPlaceholderStrings(data.containerDefinitions!);
  const map = new ResourceSourceMap(entries, doc.locate);
  return [{ type: 'ecs:deploy-step', id: manifest.name, name: step, data, origin: { kind: 'file', file, shape: 'copilot-manifest', address: manifest.name, locate: (p) => map.locate(p) } }];
}

/** The container settings one part of the manifest writes (its variables, secrets and command), or undefined when it writes none. */
function containerOf(w: Written, index: number, entries: SourceMapEntry[]): JsonObject | undefined {
  const base = ['containerDefinitions', String(index)];
  const container: JsonObject = { name: w.container };
  const variables = ownObject(w.node, 'variables');
  if (variables) {
    container.environment = Object.keys(variables).map((name, j) => {
      entries.push({ data: [...base, 'environment', String(j)], source: [...w.at, 'variables', name], node: undefined, keys: 'opaque' });
      return { name, value: scalar(variables[name]!) };
    });
  }
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
