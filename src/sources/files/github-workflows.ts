// GitHub Actions workflows (and composite actions) that deploy to ECS. A step of
// aws-actions/amazon-ecs-render-task-definition writes its `environment-variables` (KEY=value
// lines), `command` and `image` into a container of the task definition it deploys: that is
// part of the task definition, in plaintext, though no task definition file shows it, so each
// such step is read as the container change it makes. A step of
// aws-actions/amazon-ecs-deploy-task-definition with `run-task: true` starts tasks itself
// (RunTask, with its own subnets, public IP and container overrides): a scheduled task. An
// expression the workflow fills in (`${{ steps.build.outputs.image }}`) is a placeholder; one
// reading the `secrets` context is a secret by definition. Input names are case-insensitive,
// as the runner reads them.
import type { ParsedDocument } from '../../documents/parse-document.js';
import { isObject, own, ownArray, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { credential, delimitedTemplate, placeholder } from '../../inventory/computed.js';
import type { Resource } from '../../inventory/resource.js';
import type { SourcePosition } from '../../util/positions.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import { parseJsonData } from '../../inventory/written-markers.js';
import { expressServiceStep } from './express-services.js';

const ACTIONS = new Map([
  ['aws-actions/amazon-ecs-render-task-definition@', 'render'],
  ['aws-actions/amazon-ecs-deploy-task-definition@', 'deploy'],
  ['aws-actions/amazon-ecs-deploy-express-service@', 'express'],
] as const);

export interface WorkflowStep {
  action: 'render' | 'deploy' | 'express';
  /** The job's id (a composite action's steps have none). */
  job?: string;
  index: number;
  /** Where the step's `with` is written. */
  at: string[];
  name: string | undefined;
  inputs: JsonObject;
  /** The step's variables set from secrets (its env, its job's, the workflow's): `${{ env.X }}` of one is the secret. */
  secretEnv?: ReadonlyMap<string, string>;
}

/** The ECS steps of a workflow's jobs or a composite action's steps; undefined when it has none. */
export function workflowSteps(value: JsonValue): WorkflowStep[] | undefined {
  if (!isObject(value)) return undefined;
  const out: WorkflowStep[] = [];
  const add = (steps: JsonValue[] | undefined, at: string[], job?: string, envs: JsonValue[] = []) => {
    (steps ?? []).forEach((step, i) => {
      const uses = ownString(step, 'uses')?.toLowerCase();
      const action = uses === undefined ? undefined : [...ACTIONS].find(([prefix]) => uses.startsWith(prefix))?.[1];
      if (action === undefined) return;
      const inputs = own(step, 'with');
      const found: WorkflowStep = { action, index: i, at: [...at, String(i), 'with'], name: ownString(step, 'name'), inputs: isObject(inputs) ? inputs : {} };
      if (job !== undefined) found.job = job;
      const secrets = secretVariablesOf([own(step, 'env'), ...envs]);
      if (secrets) found.secretEnv = secrets;
      out.push(found);
    });
  };
  const jobs = own(value, 'jobs');
  if (isObject(jobs)) for (const job of Object.keys(jobs)) add(ownArray(jobs[job], 'steps'), ['jobs', job, 'steps'], job, [own(jobs[job], 'env') ?? null, own(value, 'env') ?? null]);
  const runs = own(value, 'runs');
  if (ownString(runs, 'using') === 'composite') add(ownArray(runs, 'steps'), ['runs', 'steps']);
  return out.length > 0 ? out : undefined;
}

/** An expression reading the `secrets` context (`secrets.X`, `secrets['X']`, `secrets.X || 'd'`): one bounded step, no backtracking. */
const READS_SECRETS = /(?:^|[^\w.])secrets\s*[.[]/;

/**
 * The variables env maps (nearest first: a step's, its job's, the workflow's) set from the
 * workflow's secrets, with what binds them: the nearest map that sets a name decides it.
 */
export function secretVariablesOf(envs: ReadonlyArray<JsonValue | undefined>): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  const seen = new Set<string>();
  for (const env of envs) {
    if (!isObject(env)) continue;
    for (const k of Object.keys(env)) {
      if (seen.has(k)) continue;
      seen.add(k);
      const v = env[k];
      if (typeof v === 'string' && fillsInSecret(v)) (out ??= new Map()).set(k, 'GitHub Actions secret');
    }
  }
  return out;
}

/** Whether a value the workflow writes fills in a secret (`${{ secrets.DB_PASSWORD }}`). */
export function fillsInSecret(value: string): boolean {
  for (let start = value.indexOf('${{'); start !== -1; start = value.indexOf('${{', start + 3)) {
    const end = value.indexOf('}}', start + 3);
    if (end === -1) return false;
    if (READS_SECRETS.test(value.slice(start + 3, end))) return true;
  }
  return false;
}

/**
 * A value as the workflow writes it: literal text around `${{ ... }}` expressions, each filled
 * in when the workflow runs; one reading `secrets.`, or `env.X` of a variable `secretEnv` says an
 * env sets from secrets, is a credential. Linear: indexOf only.
 */
export function workflowValue(s: string, secretEnv?: ReadonlyMap<string, string>): JsonValue {
  return delimitedTemplate(s, '${{', '}}', (written, inner) => {
    const expression = inner.trim();
    const bound = READS_SECRETS.test(expression) ? 'GitHub Actions secret' : secretEnv && envSecret(expression, secretEnv);
    return bound ? credential(bound, written) : placeholder(written);
  });
}

/** An input by its name in any case, as the runner reads it; numbers and flags as the text they are. */
function input(inputs: JsonObject, name: string): { key: string; value: string } | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(inputs).find((k) => k.toLowerCase() === lower);
  const v = key === undefined ? undefined : inputs[key];
  return key !== undefined && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') ? { key, value: String(v) } : undefined;
}

/** How a step's input values are read: workflowValue with the step's secret env. */
type ValueOf = (s: string) => JsonValue;

/** `KEY=value` lines, as the action splits them (blank lines skipped, the first `=` divides). */
function environment(text: string, value: ValueOf): Array<{ name: string; value: JsonValue }> {
  const out: Array<{ name: string; value: JsonValue }> = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const eq = trimmed.indexOf('=');
    if (trimmed === '' || eq <= 0) continue;
    out.push({ name: trimmed.slice(0, eq).trim(), value: value(trimmed.slice(eq + 1).trim()) });
  }
  return out;
}

/** `key=value` lines as the action reads labels and log options: a line's second `=` ends its value. */
function labels(text: string, valueOf: ValueOf): JsonObject {
  const out: JsonObject = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split('=');
    if (key !== undefined && key !== '' && value !== undefined) setOwn(out, key, valueOf(value));
  }
  return out;
}

/** The command: a JSON array, as the action now takes it, or (its earlier versions) a line split at whitespace. */
function commandValue(text: string, value: ValueOf): JsonValue {
  if (text.trimStart().startsWith('[')) {
    const parsed = parseJsonData(text);
    if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return (parsed as string[]).map((a) => value(a));
  }
  return commandArguments(text).map((a) => value(a));
}

/** A command line split at whitespace, as the action splits it; a `${{ ... }}` expression stays whole. */
function commandArguments(s: string): string[] {
  const out: string[] = [];
  let current = '';
  // once no `}}` follows, none follows a later `${{` either: linear on a crafted value
  let closed = true;
  for (let i = 0; i < s.length; i++) {
    const end = closed && s.startsWith('${{', i) ? s.indexOf('}}', i + 3) : -1;
    if (end === -1 && closed && s.startsWith('${{', i)) closed = false;
    if (end !== -1) {
      current += s.slice(i, end + 2);
      i = end + 1;
    } else if (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') {
      if (current !== '') out.push(current);
      current = '';
    } else current += s[i];
  }
  if (current !== '') out.push(current);
  return out;
}

/** How a step is named in findings: by its name (or place) and its job. */
function stepLabel(step: WorkflowStep): string {
  const label = step.name !== undefined ? `"${step.name}"` : `#${step.index + 1}`;
  return step.job !== undefined ? `workflow step ${label} of job ${step.job}` : `workflow step ${label}`;
}

/** Each render step as the container change it makes, each deploy step that runs a task as that task, placed at the step's inputs. */
export function extractWorkflowSteps(doc: ParsedDocument, file: string, steps: WorkflowStep[], text: string): Resource[] {
  const out: Resource[] = [];
  let lines: string[] | undefined;
  for (const step of steps) {
    const built = step.action === 'render' ? renderedContainer(step) : step.action === 'express' ? expressService(step) : runTask(step);
    if (!built) continue;
    const map = new ResourceSourceMap(built.entries, doc.locate);
    // an environment variable is placed at its own KEY=value line, below its input's key
    const env = own(ownArray(built.data, 'containerDefinitions')?.[0], 'environment');
    const envInput = input(step.inputs, 'environment-variables');
    const places = Array.isArray(env) && envInput ? variableLines((lines ??= text.split('\n')), doc.locate([...step.at, envInput.key]), env, step.action === 'express') : [];
    const locate = (p: string): SourcePosition => {
      const k = p.startsWith(ENV_POINTER) ? Number.parseInt(p.slice(ENV_POINTER.length), 10) : Number.NaN;
      return places[k] ?? map.locate(p);
    };
    const id = step.job !== undefined ? `${step.job}/${step.index + 1}` : String(step.index + 1);
    out.push({ type: built.type, id, name: stepLabel(step), data: built.data, origin: { kind: 'file', file, shape: 'github-workflow', address: id, locate } });
  }
  return out;
}

const ENV_POINTER = '/containerDefinitions/0/environment/';

// `env.X` (or `env['X']`) as a whole expression: a bounded name after a literal
const ENV_EXPRESSION = /^env(?:\.([A-Za-z_][A-Za-z0-9_-]{0,100})|\[\s*'([A-Za-z_][A-Za-z0-9_-]{0,100})'\s*\])$/;

/** What binds the variable an `env.X` expression reads, when an env sets it from secrets. */
function envSecret(expression: string, secretEnv: ReadonlyMap<string, string>): string | undefined {
  const m = ENV_EXPRESSION.exec(expression);
  return m ? secretEnv.get((m[1] ?? m[2])!) : undefined;
}

/**
 * Where each variable's `KEY=` line is (its `"KEY"` in a JSON input), searching down from the
 * input (a block or a quoted string, one variable a line); a variable not found there keeps the
 * input's place.
 */
function variableLines(lines: string[], from: SourcePosition, env: JsonValue[], json = false): Array<SourcePosition | undefined> {
  const out: Array<SourcePosition | undefined> = [];
  let at = from.line - 1;
  // a block of variables is at most as many lines as they are, blank lines aside: bounded
  const last = Math.min(lines.length, at + env.length * 4 + 8);
  for (const item of env) {
    const name = ownString(item, 'name');
    let found: SourcePosition | undefined;
    for (let i = at; name !== undefined && i < last; i++) {
      const line = lines[i]!;
      const start = line.indexOf(json ? JSON.stringify(name) : name + '=');
      // below the key only indentation comes before a variable; on the key's own line, the key
      // and the quote that opens its value (in JSON, anything: `{"name": "KEY", ...}`)
      if (start === -1 || (!json && i !== from.line - 1 && line.slice(0, start).trim() !== '')) continue;
      found = { line: i + 1, column: start + 1 };
      at = i + 1;
      break;
    }
    out.push(found);
  }
  return out;
}

interface Built {
  type: 'ecs:deploy-step' | 'ecs:scheduled-task';
  data: JsonObject;
  entries: SourceMapEntry[];
}

/** A field's data, placed at the input that holds it (each input is one YAML value). */
function atInput(step: WorkflowStep, data: string[], key: string): SourceMapEntry {
  return { data, source: [...step.at, key], node: undefined, keys: 'opaque' };
}

function renderedContainer(step: WorkflowStep): Built {
  const entries: SourceMapEntry[] = [{ data: [], source: step.at, node: step.inputs, keys: 'same' }];
  const container: JsonObject = { name: input(step.inputs, 'container-name')?.value ?? 'the container' };
  const value: ValueOf = (s) => workflowValue(s, step.secretEnv);
  const set = (field: string, name: string, read: (v: string) => JsonValue) => {
    const found = input(step.inputs, name);
    if (!found) return;
    container[field] = read(found.value);
    entries.push(atInput(step, ['containerDefinitions', '0', field], found.key));
  };
  set('image', 'image', value);
  set('environment', 'environment-variables', (v) => environment(v, value));
  set('command', 'command', (v) => commandValue(v, value));
  // the action adds `secrets` only together with environment variables
  if (input(step.inputs, 'environment-variables')) set('secrets', 'secrets', (v) => environment(v, value).map(({ name, value: from }) => ({ name, valueFrom: from })));
  set('dockerLabels', 'docker-labels', (v) => labels(v, value));
  const driver = input(step.inputs, 'log-configuration-log-driver');
  const options = input(step.inputs, 'log-configuration-options');
  if (driver || options) {
    const log: JsonObject = {};
    if (driver) log.logDriver = value(driver.value);
    if (options) log.options = labels(options.value, value);
    container.logConfiguration = log;
    entries.push(atInput(step, ['containerDefinitions', '0', 'logConfiguration'], (options ?? driver)!.key));
  }
  const data: JsonObject = { step: stepLabel(step), containerDefinitions: [container] };
  const taskDefinition = input(step.inputs, 'task-definition') ?? input(step.inputs, 'task-definition-family') ?? input(step.inputs, 'task-definition-arn');
  if (taskDefinition) data.taskDefinition = taskDefinition.value;
  return { type: 'ecs:deploy-step', data, entries };
}

/**
 * A JSON input as the Express action reads it (JSON.parse, or the step fails), its strings'
 * expressions read as the workflow fills them in; a value the workflow computes whole is a
 * placeholder, and text that is not JSON deploys nothing.
 */
function jsonInput(text: string, value: ValueOf): JsonValue | undefined {
  const parsed = parseJsonData(text);
  if (parsed === undefined) return text.includes('${{') ? placeholder(text) : undefined;
  // in place: the parse marked what the text wrote that looks like ecsguard's own markers
  const fill = (v: JsonValue): JsonValue => {
    if (typeof v === 'string') return value(v);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = fill(v[i]!);
    else if (isObject(v)) for (const k of Object.keys(v)) setOwn(v, k, fill(v[k]!));
    return v;
  };
  return fill(parsed);
}

/**
 * aws-actions/amazon-ecs-deploy-express-service: it creates or updates an Express Mode service
 * whose primary container it builds from its inputs, and ECS builds the task definition from
 * that container, so the step is the container change it makes (see express-services.ts).
 */
function expressService(step: WorkflowStep): Built | undefined {
  const value: ValueOf = (s) => workflowValue(s, step.secretEnv);
  const entries: SourceMapEntry[] = [{ data: [], source: step.at, node: step.inputs, keys: 'same' }];
  const primary: JsonObject = {};
  const set = (field: string, name: string, read: (v: string) => JsonValue | undefined) => {
    const found = input(step.inputs, name);
    const v = found ? read(found.value) : undefined;
    if (!found || v === undefined) return;
    setOwn(primary, field, v);
    entries.push(atInput(step, ['containerDefinitions', '0', field], found.key));
  };
  set('image', 'image', value);
  set('environment', 'environment-variables', (v) => jsonInput(v, value));
  set('secrets', 'secrets', (v) => jsonInput(v, value));
  set('command', 'command', (v) => jsonInput(v, value));
  set('repositoryCredentials', 'repository-credentials', (v) => ({ credentialsParameter: value(v) }));
  const service = input(step.inputs, 'service-name')?.value ?? 'the service';
  const data = expressServiceStep(service, primary, `${stepLabel(step)} (ECS Express Mode service ${service})`)!;
  return { type: 'ecs:deploy-step', data, entries };
}

/** `run-task: true`: the tasks the deploy step starts with RunTask, as the action builds the call. */
function runTask(step: WorkflowStep): Built | undefined {
  if (input(step.inputs, 'run-task')?.value.toLowerCase() !== 'true') return undefined;
  const launcher = `${stepLabel(step)} (run-task)`;
  const value: ValueOf = (s) => workflowValue(s, step.secretEnv);
  const data: JsonObject = { launcher, launchType: value(input(step.inputs, 'run-task-launch-type')?.value ?? 'FARGATE') };
  const entries: SourceMapEntry[] = [{ data: [], source: step.at, node: step.inputs, keys: 'same' }];
  const list = (name: string) => input(step.inputs, name)?.value.split(',').map((x) => x.trim()).filter((x) => x !== '').map((x) => value(x));
  const subnets = list('run-task-subnets');
  const groups = list('run-task-security-groups');
  // the action sends a network configuration only with subnets or security groups, DISABLED unless told
  if (subnets || groups) {
    const assign = input(step.inputs, 'run-task-assign-public-IP');
    data.networkConfiguration = { awsvpcConfiguration: { subnets: subnets ?? [], securityGroups: groups ?? [], assignPublicIp: assign ? value(assign.value) : 'DISABLED' } };
    if (assign) entries.push(atInput(step, ['networkConfiguration', 'awsvpcConfiguration', 'assignPublicIp'], assign.key));
  }
  const overrides = input(step.inputs, 'run-task-container-overrides');
  if (overrides) {
    const parsed = overrides.value.includes('${{') ? placeholder(overrides.value) : parseJsonData(overrides.value);
    if (parsed !== undefined) {
      data.overrides = { containerOverrides: parsed };
      entries.push(atInput(step, ['overrides'], overrides.key));
    }
  }
  const strategy = input(step.inputs, 'run-task-capacity-provider-strategy');
  const parsedStrategy = strategy ? parseJsonData(strategy.value) : undefined;
  if (Array.isArray(parsedStrategy) && parsedStrategy.length > 0) data.capacityProviderStrategy = parsedStrategy;
  return { type: 'ecs:scheduled-task', data, entries };
}
