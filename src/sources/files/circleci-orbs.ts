// CircleCI configurations (`.circleci/config.yml`) that deploy with the circleci/aws-ecs orb. Its
// update_task_definition command (and the deploy_service_update job and update_service command,
// which run it) registers a copy of the service's last task definition with the containers'
// environment variables, secrets and Docker labels the step's parameters write
// (`container=web,name=DB_URL,value=...`): part of the task definition, in plaintext, though no
// task definition file shows it, so each such step is read as the container change it makes. Its
// run_task job and command start tasks with RunTask, built from the step's parameters: a
// scheduled task. Orb versions before 3 name jobs, commands and parameters with hyphens
// (`deploy-service-update`, `container-env-var-updates`); both spellings are read. CircleCI fills
// in `<< parameters.x >>` when it compiles the configuration and the orb's scripts fill in `$VAR`
// from the job's environment: placeholders either way.
import type { ParsedDocument } from '../../documents/parse-document.js';
import { delimitedTemplate, placeholder } from '../../inventory/computed.js';
import type { Resource } from '../../inventory/resource.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';
import { cliOptionValue } from './aws-cli-commands.js';
import { isObject, own, ownArray, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import type { SourcePosition } from '../../util/positions.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';

const ORB = 'circleci/aws-ecs@';
/** The orb's jobs and commands that write into containers, and those that start tasks (names with `_`). */
const UPDATES = new Set(['update_task_definition', 'update_service', 'deploy_service_update']);
const RUNS = new Set(['run_task']);

export interface OrbStep {
  kind: 'update' | 'run';
  /** The orb's job or command, as written (`aws-ecs/deploy-service-update`). */
  uses: string;
  /** `workflow build-and-deploy` or `job deploy`, and the step's place in it. */
  where: string;
  index: number;
  /** Where the step's parameters are written. */
  at: string[];
  parameters: JsonObject;
}

/** The aws-ecs orb steps of a CircleCI configuration; undefined when it uses none. */
export function circleciOrbSteps(value: JsonValue): OrbStep[] | undefined {
  const orbs = own(value, 'orbs');
  if (!isObject(orbs)) return undefined;
  const aliases = new Set(Object.keys(orbs).filter((k) => typeof orbs[k] === 'string' && (orbs[k] as string).trim().startsWith(ORB)));
  if (aliases.size === 0) return undefined;
  const out: OrbStep[] = [];
  const add = (list: JsonValue[] | undefined, at: string[], where: string) => {
    (list ?? []).forEach((item, i) => {
      // `- aws-ecs/run_task: {...}`; a bare name takes every default
      const uses = typeof item === 'string' ? item : isObject(item) && Object.keys(item).length === 1 ? Object.keys(item)[0]! : undefined;
      const slash = uses?.indexOf('/') ?? -1;
      if (uses === undefined || slash <= 0 || !aliases.has(uses.slice(0, slash))) return;
      const name = uses.slice(slash + 1).replace(/-/g, '_');
      const kind = UPDATES.has(name) ? 'update' : RUNS.has(name) ? 'run' : undefined;
      if (kind === undefined) return;
      const parameters = typeof item === 'string' ? {} : own(item, uses);
      out.push({ kind, uses, where, index: i, at: typeof item === 'string' ? [...at, String(i)] : [...at, String(i), uses], parameters: isObject(parameters) ? parameters : {} });
    });
  };
  const workflows = own(value, 'workflows');
  if (isObject(workflows)) for (const w of Object.keys(workflows)) add(ownArray(workflows[w], 'jobs'), ['workflows', w, 'jobs'], `workflow ${w}`);
  const jobs = own(value, 'jobs');
  if (isObject(jobs)) for (const j of Object.keys(jobs)) add(ownArray(jobs[j], 'steps'), ['jobs', j, 'steps'], `job ${j}`);
  return out.length > 0 ? out : undefined;
}

/** A parameter by its name with `_` or `-` (the orb's spellings before and after version 3). */
function parameter(step: OrbStep, name: string): { key: string; value: string } | undefined {
  for (const key of [name, name.replace(/_/g, '-')]) {
    if (!Object.prototype.hasOwnProperty.call(step.parameters, key)) continue;
    const v = step.parameters[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { key, value: String(v) };
  }
  return undefined;
}

/** A value with CircleCI's `<< ... >>` as placeholders (the orb's `$VAR` are marked afterwards). */
function orbValue(s: string): JsonValue {
  return delimitedTemplate(s, '<<', '>>', (written) => placeholder(written));
}

/** One `container=...,k=v,...` group of an updates parameter, as the orb's script splits it: at commas, then at the first `=`. */
interface Group {
  container: string;
  pairs: Array<[string, string]>;
}

function groups(text: string): Group[] {
  const out: Group[] = [];
  for (const raw of text.split(',')) {
    const eq = raw.indexOf('=');
    if (eq <= 0) continue;
    const key = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1).trim();
    if (key === 'container') out.push({ container: value, pairs: [] });
    else out[out.length - 1]?.pairs.push([key, value]);
  }
  return out;
}

/** `name=X,value=Y` (or `valueFrom=Y`) pairs of a group, in order. */
function namedValues(group: Group, valueKey: string): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (let i = 0; i + 1 < group.pairs.length; i++) {
    const [k, name] = group.pairs[i]!;
    const [vk, value] = group.pairs[i + 1]!;
    if (k !== 'name' || vk !== valueKey) continue;
    out.push({ name, value });
    i++;
  }
  return out;
}

/** How a step is named in findings. */
function stepLabel(step: OrbStep): string {
  const named = parameter(step, 'name');
  return `CircleCI step ${named ? `"${named.value}"` : step.uses} (#${step.index + 1} of ${step.where})`;
}

/** Each orb step as the container changes or the tasks it makes, placed at its parameters (an entry at its `name=` in the text). */
export function extractCircleciOrbSteps(doc: ParsedDocument, file: string, steps: OrbStep[], text: string): Resource[] {
  const out: Resource[] = [];
  let lines: string[] | undefined;
  // each variable is looked for from where the one before it was found, within one budget of
  // characters for the whole file, so a crafted parameter (or many) costs linear time
  let budget = 4 * text.length + 10_000;
  const ids = new Map<string, number>();
  for (const step of steps) {
    const entries: SourceMapEntry[] = [{ data: [], source: step.at, node: step.parameters, keys: 'opaque' }];
    const places = new Map<string, SourcePosition>();
    let cursor: { key: string; line: number; column: number } | undefined;
    const placeAt = (pointer: string, key: string, needle: string) => {
      lines ??= text.split('\n');
      if (cursor?.key !== key) {
        const from = doc.locate([...step.at, key]);
        cursor = { key, line: from.line - 1, column: 0 };
      }
      // the parameter is one scalar: its text starts on the key's line, a folded one a few lines on
      for (let i = cursor.line; i < Math.min(lines.length, cursor.line + 9) && budget > 0; i++) {
        const from = i === cursor.line ? cursor.column : 0;
        const column = lines[i]!.indexOf(needle, from);
        budget -= (column === -1 ? lines[i]!.length : column) - from + needle.length;
        if (column === -1) continue;
        places.set(pointer, { line: i + 1, column: column + 1 });
        cursor = { key, line: i, column: column + needle.length };
        return;
      }
    };
    const built = step.kind === 'update' ? updatedContainers(step, entries, placeAt) : startedTasks(step, entries);
    if (!built) continue;
    const map = new ResourceSourceMap(entries, doc.locate);
    // an entry's pointer is /containerDefinitions/i/environment/j: its first five segments
    const locate = (p: string): SourcePosition => (places.size > 0 ? places.get(p.split('/', 5).join('/')) : undefined) ?? map.locate(p);
    // a workflow and a job may share a name: the second step of one place is `#2`
    const place = `${step.where.replace(/^(workflow|job) /, '')}/${step.index + 1}`;
    const n = (ids.get(place) ?? 0) + 1;
    ids.set(place, n);
    const id = n > 1 ? `${place} #${n}` : place;
    out.push({ type: built.type, id, name: stepLabel(step), data: built.data, origin: { kind: 'file', file, shape: 'circleci-config', address: id, locate } });
  }
  return out;
}

type PlaceAt = (pointer: string, key: string, needle: string) => void;

function updatedContainers(step: OrbStep, entries: SourceMapEntry[], placeAt: PlaceAt): { type: 'ecs:deploy-step'; data: JsonObject } | undefined {
  const containers = new Map<string, { index: number; data: JsonObject }>();
  const container = (name: string) => {
    let c = containers.get(name);
    if (!c) containers.set(name, (c = { index: containers.size, data: { name: orbValue(name) } }));
    return c.data;
  };
  const index = (name: string) => containers.get(name)!.index;
  const read = (param: string, each: (group: Group, key: string) => void) => {
    const found = parameter(step, param);
    if (found) for (const g of groups(found.value)) each(g, found.key);
  };
  // `name=X,value=Y` pairs into environment, `name=X,valueFrom=Y` into secrets, each at its name=
  const namedList = (param: string, field: 'environment' | 'secrets', valueKey: 'value' | 'valueFrom') =>
    read(param, (g, key) => {
      const list = ((container(g.container)[field] as JsonValue[] | undefined) ??= []) as JsonValue[];
      for (const { name, value } of namedValues(g, valueKey)) {
        const pointer = `/containerDefinitions/${index(g.container)}/${field}/${list.length}`;
        list.push({ name, [valueKey]: orbValue(value) });
        entries.push({ data: pointer.slice(1).split('/'), source: [...step.at, key], node: undefined, keys: 'opaque' });
        placeAt(pointer, key, `name=${name}`);
      }
    });
  namedList('container_env_var_updates', 'environment', 'value');
  namedList('container_secret_updates', 'secrets', 'valueFrom');
  // the orb's script sets the one label that follows each container
  read('container_docker_label_updates', (g, key) => {
    const label = g.pairs[0];
    if (!label) return;
    const c = container(g.container);
    const labels = ((c.dockerLabels as JsonObject | undefined) ??= {}) as JsonObject;
    setOwn(labels, label[0], orbValue(label[1]));
    entries.push({ data: ['containerDefinitions', String(index(g.container)), 'dockerLabels'], source: [...step.at, key], node: undefined, keys: 'opaque' });
  });
  if (containers.size === 0) return undefined;
  const data: JsonObject = { step: stepLabel(step), containerDefinitions: [...containers.values()].map((c) => c.data) };
  const family = parameter(step, 'family');
  if (family) data.taskDefinition = orbValue(family.value);
  markPlaceholderStrings(data.containerDefinitions!);
  return { type: 'ecs:deploy-step', data };
}

/** run_task: the RunTask call the orb's script makes from the step's parameters (its defaults: Fargate, awsvpc, no public IP). */
function startedTasks(step: OrbStep, entries: SourceMapEntry[]): { type: 'ecs:scheduled-task'; data: JsonObject } {
  const data: JsonObject = { launcher: stepLabel(step) };
  const set = (field: string[], param: string, read: (v: string) => JsonValue = orbValue) => {
    const found = parameter(step, param);
    if (!found || found.value === '') return undefined;
    let at: JsonObject = data;
    for (const f of field.slice(0, -1)) at = (at[f] ??= {}) as JsonObject;
    at[field[field.length - 1]!] = read(found.value);
    entries.push({ data: field, source: [...step.at, found.key], node: undefined, keys: 'opaque' });
    return found;
  };
  set(['cluster'], 'cluster') ?? set(['cluster'], 'cluster_name');
  set(['taskDefinition'], 'task_definition');
  set(['platformVersion'], 'platform_version');
  // the orb hands these to the AWS CLI as they are written: read as the CLI reads them
  const strategy = set(['capacityProviderStrategy'], 'capacity_provider_strategy', (v) => cliOptionValue('capacityProviderStrategy', v.split(/\s+/).filter((w) => w !== '')));
  const launchType = parameter(step, 'launch_type');
  if (!launchType) {
    if (!strategy) data.launchType = 'FARGATE';
  } else set(['launchType'], 'launch_type');
  if ((parameter(step, 'awsvpc')?.value ?? 'true') !== 'false') {
    const list = (v: string) => v.split(',').map((x) => x.trim()).filter((x) => x !== '').map(orbValue);
    const vpc: JsonObject = { subnets: [], securityGroups: [], assignPublicIp: 'DISABLED' };
    data.networkConfiguration = { awsvpcConfiguration: vpc };
    set(['networkConfiguration', 'awsvpcConfiguration', 'subnets'], 'subnet_ids', list);
    set(['networkConfiguration', 'awsvpcConfiguration', 'securityGroups'], 'security_group_ids', list);
    set(['networkConfiguration', 'awsvpcConfiguration', 'assignPublicIp'], 'assign_public_ip');
  }
  set(['overrides'], 'overrides', (v) => (v.includes('<<') ? placeholder(v) : cliOptionValue('overrides', [v])));
  markPlaceholderStrings(data);
  return { type: 'ecs:scheduled-task', data };
}
