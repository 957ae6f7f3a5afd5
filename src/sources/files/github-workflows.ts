// GitHub Actions workflows (and composite actions) that render task definitions when they deploy:
// a step of aws-actions/amazon-ecs-render-task-definition writes its `environment-variables`
// (KEY=value lines), `command` and `image` into a container of the task definition it deploys.
// What it writes is part of that task definition, in plaintext, though no task definition file
// shows it: each such step is read as the container change it makes. An expression the workflow
// fills in (`${{ steps.build.outputs.image }}`) is a placeholder; one reading the `secrets`
// context is a secret by definition, written into the task definition.
import type { ParsedDocument } from '../../documents/parse-document.js';
import { isObject, own, ownArray, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import { credential, placeholder, template } from '../../inventory/computed.js';
import type { Resource } from '../../inventory/resource.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';

const RENDER_ACTION = 'aws-actions/amazon-ecs-render-task-definition@';

export interface RenderStep {
  /** The job's id (a composite action's steps have none). */
  job?: string;
  index: number;
  /** Where the step's `with` is written. */
  at: string[];
  name: string | undefined;
  inputs: JsonObject;
}

/** The render steps of a workflow's jobs or a composite action's steps; undefined when it has none. */
export function renderSteps(value: JsonValue): RenderStep[] | undefined {
  if (!isObject(value)) return undefined;
  const out: RenderStep[] = [];
  const add = (steps: JsonValue[] | undefined, at: string[], job?: string) => {
    (steps ?? []).forEach((step, i) => {
      const uses = ownString(step, 'uses');
      if (uses === undefined || !uses.toLowerCase().startsWith(RENDER_ACTION)) return;
      const inputs = own(step, 'with');
      const found: RenderStep = { index: i, at: [...at, String(i), 'with'], name: ownString(step, 'name'), inputs: isObject(inputs) ? inputs : {} };
      if (job !== undefined) found.job = job;
      out.push(found);
    });
  };
  const jobs = own(value, 'jobs');
  if (isObject(jobs)) for (const job of Object.keys(jobs)) add(ownArray(jobs[job], 'steps'), ['jobs', job, 'steps'], job);
  const runs = own(value, 'runs');
  if (ownString(runs, 'using') === 'composite') add(ownArray(runs, 'steps'), ['runs', 'steps']);
  return out.length > 0 ? out : undefined;
}

/**
 * A value as the workflow writes it: literal text around `${{ ... }}` expressions, each filled
 * in when the workflow runs; one reading `secrets.` is a credential. Linear: indexOf only.
 */
export function workflowValue(s: string): JsonValue {
  if (!s.includes('${{')) return s;
  const parts: JsonValue[] = [];
  let i = 0;
  for (;;) {
    const start = s.indexOf('${{', i);
    const end = start === -1 ? -1 : s.indexOf('}}', start + 3);
    if (end === -1) break;
    parts.push(s.slice(i, start));
    const expression = s.slice(start + 3, end).trim();
    const written = s.slice(start, end + 2);
    parts.push(expression.startsWith('secrets.') ? credential('GitHub Actions secret', written) : placeholder(written));
    i = end + 2;
  }
  parts.push(s.slice(i));
  return template(parts);
}

/** `KEY=value` lines, as the action splits them (blank lines skipped, the first `=` divides). */
function environment(text: string): Array<{ name: string; value: JsonValue }> {
  const out: Array<{ name: string; value: JsonValue }> = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const eq = trimmed.indexOf('=');
    if (trimmed === '' || eq <= 0) continue;
    out.push({ name: trimmed.slice(0, eq).trim(), value: workflowValue(trimmed.slice(eq + 1).trim()) });
  }
  return out;
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

/** Each render step as the container change it makes, placed at the step's inputs in the file. */
export function extractRenderSteps(doc: ParsedDocument, file: string, steps: RenderStep[]): Resource[] {
  return steps.map((step) => {
    const label = step.name !== undefined ? `"${step.name}"` : `#${step.index + 1}`;
    const where = step.job !== undefined ? `step ${label} of job ${step.job}` : `step ${label}`;
    const container: JsonObject = { name: ownString(step.inputs, 'container-name') ?? 'the container' };
    const image = ownString(step.inputs, 'image');
    if (image !== undefined) container.image = workflowValue(image);
    const env = ownString(step.inputs, 'environment-variables');
    if (env !== undefined) container.environment = environment(env);
    const command = ownString(step.inputs, 'command');
    if (command !== undefined) container.command = commandArguments(command).map(workflowValue);
    const taskDefinition = ownString(step.inputs, 'task-definition') ?? ownString(step.inputs, 'task-definition-family') ?? ownString(step.inputs, 'task-definition-arn');
    const data: JsonObject = { step: `workflow ${where}`, containerDefinitions: [container] };
    if (taskDefinition !== undefined) data.taskDefinition = taskDefinition;
    // each input is one YAML value: what a container field holds is placed at its input
    const input = (field: string, name: string): SourceMapEntry => ({ data: ['containerDefinitions', '0', field], source: [...step.at, name], node: undefined, keys: 'opaque' });
    const entries: SourceMapEntry[] = [{ data: [], source: step.at, node: step.inputs, keys: 'same' }, input('environment', 'environment-variables'), input('command', 'command'), input('image', 'image')];
    const map = new ResourceSourceMap(entries, doc.locate);
    const id = step.job !== undefined ? `${step.job}/${step.index + 1}` : String(step.index + 1);
    return { type: 'ecs:deploy-step', id, name: `workflow ${where}`, data, origin: { kind: 'file', file, shape: 'github-workflow', address: id, locate: (p) => map.locate(p) } };
  });
}
