// Loads one file: read, parse, detect its shape from content, extract resources, and check the
// task definitions' field types. Problems come back as UserError values; nothing here throws for
// bad input.
import { existsSync, lstatSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../../util/errors.js';
import { LineIndex } from '../../util/positions.js';
import { validateWith } from '../../util/schema-errors.js';
import { validateCluster, validateService, validateTaskDefinition } from '../../generated/validators.js';
import type { Resource } from '../../inventory/resource.js';
import type { JsonObject, JsonValue } from '../../util/json.js';
import { exportedTemplateBody, extractCloudFormation, isCloudFormationTemplate } from './cloudformation.js';
import { baseName, detectEcsJsonShape, extractEcsJson, notATaskDefinition } from './ecs-task-definition-files.js';
import { cliStateMachine, extractStateMachineFile, type CliStateMachine } from './step-functions.js';
import { isStateMachineDefinition } from '../../inventory/state-machine-tasks.js';
import { eventBridgeFile, eventBridgeTemplate, type EventBridgeFile } from './eventbridge-files.js';
import { extractWorkflowSteps, workflowSteps, type WorkflowStep } from './github-workflows.js';
import { detectEcsServiceShape, extractEcsServices, extractRunTaskInput, isRunTaskInput } from './ecs-service-files.js';
import { detectEcsClusterShape, extractEcsClusters } from './ecs-cluster-files.js';
import { parseDocumentText, type ParsedDocument } from '../../documents/parse-document.js';
import { DEFAULT_MAX_FILE_BYTES, readText } from '../../documents/read-text.js';
import { extractTerraformPlan, isTerraformPlan } from './terraform-plan.js';
import { serverlessResources, serverlessTemplate, type ServerlessResources } from './serverless.js';
import { ansibleTaskDefinitions } from './ansible-tasks.js';
import { extractPulumiProgram, pulumiProgram, type PulumiProgram } from './pulumi-yaml.js';
import { appSpecTargets, appSpecTemplate, type AppSpecTarget } from './codedeploy-appspec.js';
import { dropNullMembers } from './normalise-fields.js';
import { extractEcsCliProject, isEcsParams, type ProjectFile } from './ecs-cli-compose.js';
import { envFileReader, type EnvFileReader } from './env-files.js';
import { documentScriptResources, mayWriteTaskDefinitions, scriptKind, scriptResources, type CommandSpan, type EmbeddedText, type ScriptKind } from './script-files.js';
import { copilotManifest, copilotOverrides, extractCopilotManifest, type CopilotManifest } from './copilot-manifests.js';
import { circleciOrbSteps, extractCircleciOrbSteps, type OrbStep } from './circleci-orbs.js';
import { markSecretReads, mayRunEcsCommands } from './aws-cli-commands.js';
import { commentSuppressions, type InlineSuppressions } from './inline-suppressions.js';
import type { InlineSuppression } from '../../inventory/suppressions.js';
import { placeholder } from '../../inventory/computed.js';
import { defuseWrittenMarkers, markPlaceholderStrings } from '../../inventory/written-markers.js';

export interface LoadOptions {
  /** Named on the command line (a notice when it is not a task definition) or found in a walk. */
  explicit: boolean;
  maxBytes: number;
}

export interface FileLoadResult {
  file: string;
  resources: Resource[];
  errors: UserError[];
  /** Why the file was passed over (not an error): empty, not a task definition. */
  skipped?: string;
  /** For a named file that is not a task definition. */
  notice?: UserError;
  /** Suppressions written in the file (comments, CloudFormation Metadata), as waivers. */
  suppressions: InlineSuppression[];
}

/**
 * Raw text that names an ECS resource. Never used to skip a file that parses (the parsed document
 * decides, and keys can be written with escapes): only to tell, in a directory walk, a broken file
 * meant for ECS (an error) from one of the many other JSON and YAML files a repository holds.
 */
const ECS_WORDS = ['ontainerDefinitions', 'container_definitions', 'AWS::ECS::', 'aws_ecs_', 'ecs:'];

export function loadFile(path: string, file: string, options: LoadOptions): FileLoadResult {
  const result: FileLoadResult = { file, resources: [], errors: [], suppressions: [] };
  const text = readText(path, file, options.maxBytes);
  if (!text.ok) {
    result.errors.push(text.error);
    return result;
  }
  if (text.text.trim() === '') {
    result.skipped = 'empty file';
    if (options.explicit) result.notice = new UserError('empty file; nothing to scan', file);
    return result;
  }
  const script = scriptKind(path);
  if (script) return loadScript(text.text, file, script, options.explicit, result);
  if (ECS_PARAMS_NAME.test(path)) {
    const project = loadEcsCliProject(text.text, path, file, options, result);
    if (project) return project;
  }
  return loadText(text.text, file, options.explicit, result, { path, maxBytes: options.maxBytes });
}

/** ECS CLI's parameters file (`--ecs-params`, by default `ecs-params.yml`). */
const ECS_PARAMS_NAME = /(^|[\\/])ecs-params[^\\/]*\.ya?ml$/i;
/** The Compose files ecs-cli reads by default, looked for beside the parameters file. */
const COMPOSE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];
const OVERRIDE_NAMES = ['docker-compose.override.yml', 'docker-compose.override.yaml'];

/**
 * An ECS CLI project: the parameters file and the Compose file beside it, read as the task
 * definition (and service) `ecs-cli compose` deploys; the project is named by the folder, as
 * ecs-cli names it. The Compose file is read only when it is a regular file in the same folder
 * (a link is not followed). Undefined when the file is not ECS parameters.
 */
function loadEcsCliProject(text: string, path: string, file: string, options: LoadOptions, result: FileLoadResult): FileLoadResult | undefined {
  const parsed = parseDocumentText(text, file);
  if (!parsed.ok || !isEcsParams(parsed.doc.value)) return undefined;
  const inline: InlineSuppressions = { found: [], errors: [] };
  commentSuppressions(text, file, inline);
  const folder = dirname(path);
  const shownFolder = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  let compose: ProjectFile | { missing: string } = { missing: `and no ${COMPOSE_NAMES[0]} is beside it` };
  for (const name of COMPOSE_NAMES) {
    const full = join(folder, name);
    let stat;
    try {
      stat = lstatSync(full);
    } catch {
      continue;
    }
    if (!stat.isFile()) {
      compose = { missing: `and ${name} beside it is not a regular file (not read)` };
      break;
    }
    const display = shownFolder + name;
    const read = readText(full, display, options.maxBytes);
    const doc = read.ok ? parseDocumentText(read.text, display) : undefined;
    if (!read.ok || !doc?.ok) {
      compose = { missing: `and ${name} beside it could not be read as YAML` };
      result.errors.push(read.ok ? (doc as { ok: false; error: UserError }).error : read.error);
      break;
    }
    compose = { doc: doc.doc, display };
    commentSuppressions(read.text, display, inline);
    break;
  }
  const project = basename(resolve(folder));
  const envFiles = envFileReader(folder, shownFolder, options.maxBytes);
  const resources = extractEcsCliProject(parsed.doc, file, project, compose, envFiles);
  // ecs-cli (libcompose) also reads an override file beside the Compose file and merges it in:
  // not merged here, so what it may change is unknown where the Compose file alone would pass
  const override = 'doc' in compose ? OVERRIDE_NAMES.find((n) => existsSync(join(folder, n))) : undefined;
  if (override) for (const r of resources) r.incomplete = `${override} beside it, which ecs-cli merges into the Compose file, is not read`;
  for (const w of inline.found) result.suppressions.push(w);
  for (const e of inline.errors) result.errors.push(e);
  for (const r of checkedResources(resources, file, result.errors)) result.resources.push(r);
  return result;
}

/** A shell script, makefile or Jenkins pipeline: the resources its ECS commands stand for, and its `# ecsguard:skip=` comments. */
function loadScript(text: string, file: string, kind: ScriptKind, explicit: boolean, result: FileLoadResult): FileLoadResult {
  const { resources, spans, embedded } = scriptResources(text, file, kind);
  addEmbedded(resources, embedded, file, result);
  if (resources.length === 0) {
    result.skipped = 'runs no aws ecs command that starts tasks, sets a service or registers a task definition';
    if (explicit) result.notice = new UserError(`${result.skipped}; nothing to scan`, file);
    return result;
  }
  const inline: InlineSuppressions = { found: [], errors: [] };
  commentSuppressions(text, file, inline);
  for (const w of coveringCommands(inline.found, spans)) result.suppressions.push(w);
  for (const e of inline.errors) result.errors.push(e);
  for (const r of checkedResources(resources, file, result.errors)) result.resources.push(r);
  return result;
}

/**
 * The resources of a document a script writes out whole (a task definition in a here-document or
 * in a pipeline's string), located at its lines in the script. Text that does not parse is not a
 * document the script writes: passed over, as a file that is not one would be.
 */
function embeddedResources(piece: EmbeddedText, file: string, result: FileLoadResult): Resource[] {
  const made = new WeakSet<object>();
  const parsed = parseDocumentText(piece.text, file, { placeholder: madePlaceholder(made) });
  if (!parsed.ok) return [];
  const pieceLines = new LineIndex(piece.text);
  const inner = parsed.doc.locate;
  const doc: ParsedDocument = { ...parsed.doc, locate: (segments) => {
    const at = inner(segments);
    return piece.position(pieceLines.offset(at.line - 1, at.column - 1));
  } };
  const hints: TextHints = { text: piece.text, writesMarkers: mayWriteMarkers(piece.text), holdsPlaceholders: mayHoldPlaceholders(piece.text), source: undefined };
  if (piece.text.includes('$')) markSecretReads(doc.value, made, piece.secrets, piece.bareVariables);
  return documentResources(doc, hints, file, made, { found: [], errors: [] }, result);
}

/** The placeholder markers a parse makes where a template's placeholders go, each recorded as the loader's own. */
function madePlaceholder(made: WeakSet<object>): (written: string) => JsonObject {
  return (written) => {
    const marker = placeholder(written);
    made.add(marker);
    return marker;
  };
}

/**
 * Adds the resources of the documents a script writes to the file's: a document whose ids the
 * file already uses (two here-documents of one family) gets its number, as a stream's does.
 */
function addEmbedded(resources: Resource[], embedded: readonly EmbeddedText[], file: string, result: FileLoadResult): void {
  if (embedded.length === 0) return;
  const ids = new Set(resources.map((r) => r.id));
  embedded.forEach((piece, i) => {
    const found = embeddedResources(piece, file, result);
    distinctIds(found, ids, i + 1);
    for (const r of found) {
      ids.add(r.id);
      resources.push(r);
    }
  });
}

/**
 * A comment above a command written across lines covers the whole command (a comment cannot sit
 * between its continued lines): its target runs to the command's last line.
 */
function coveringCommands(found: readonly InlineSuppression[], spans: readonly CommandSpan[]): InlineSuppression[] {
  if (spans.length === 0) return [...found];
  const ends = new Map(spans);
  return found.map((w) => {
    const end = w.targetLine === undefined ? undefined : ends.get(w.targetLine);
    return end !== undefined && end > w.targetLine! ? { ...w, targetEnd: end } : w;
  });
}

/** Whether a file that does not parse must be reported: named, a CloudFormation template by name, or naming ECS. */
function brokenFileMatters(text: string, file: string, explicit: boolean): boolean {
  return explicit || /\.(template|cfn)$/i.test(file) || ECS_WORDS.some((w) => text.includes(w));
}

/**
 * A file a template engine renders (Jinja, Go templates, Terraform's templatefile sources): its
 * placeholders are read; its control blocks (`{% for %}`, `%{ if }`) are not JSON or YAML.
 */
const ENGINE_TEMPLATE = /\.(j2|jinja|jinja2|tmpl|gotmpl|tpl)$/i;

/**
 * The text with each line that is only a template engine's control block blanked (`{% if x %}`,
 * `{%- endfor %}`, `{# note #}`, Go's `{{ if .X }}` / `{{- end }}`), offsets kept; undefined when
 * it has none. A line with text beside its block keeps it: blanking it would drop that text.
 */
export function withoutControlLines(text: string): string | undefined {
  if (!text.includes('{%') && !text.includes('{#') && !text.includes('{{')) return undefined;
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    const jinja = (t.startsWith('{%') && t.endsWith('%}') && t.indexOf('{%', 2) === -1) || (t.startsWith('{#') && t.endsWith('#}') && t.indexOf('{#', 2) === -1);
    const go = t.startsWith('{{') && t.endsWith('}}') && t.indexOf('{{', 2) === -1 && GO_CONTROL.test(t);
    if (jinja || go) {
      lines[i] = ' '.repeat(lines[i]!.length);
      changed = true;
    }
  }
  return changed ? lines.join('\n') : undefined;
}

// `{{ if`, `{{- range`, `{{ end }}`, `{{/* comment */}}`: a literal prefix, bounded blanks, a word
const GO_CONTROL = /^\{\{-?[ \t]{0,8}(?:if|else|end|range|with|define|template|block|\/\*)\b/;

/** `source`: where the text was read from, for the files beside it a loader reads (a Copilot manifest's env_file). */
export function loadText(text: string, file: string, explicit: boolean, result: FileLoadResult = { file, resources: [], errors: [], suppressions: [] }, source?: TextSource): FileLoadResult {
  const made = new WeakSet<object>();
  const options = { allDocuments: true, placeholder: madePlaceholder(made) };
  let parsed = parseDocumentText(text, file, options);
  const blanked = parsed.ok || !parsed.error.message.startsWith('invalid ') ? undefined : withoutControlLines(text);
  if (blanked !== undefined) {
    // every branch and one pass of each loop, as one document; a key two branches both set is
    // ambiguous (either may be rendered), so such a file stays as it was: not JSON or YAML
    const again = parseDocumentText(blanked, file, { ...options, uniqueKeys: true });
    // JSON.parse keeps the last of two keys: read as YAML (JSON is YAML) to find them
    const unique = again.ok && again.doc.format === 'json' ? parseDocumentText(blanked, `${file}.yaml`, { uniqueKeys: true }).ok : again.ok;
    if (again.ok && unique) parsed = again;
  }
  if (!parsed.ok) {
    // a template engine's source (task-definition.json.j2) is JSON or YAML only once rendered: not
    // broken, so passed over, with a notice when named (a pre-commit hook names every file)
    if (ENGINE_TEMPLATE.test(file) && parsed.error.message.startsWith('invalid ')) {
      result.skipped = 'a template that is not JSON or YAML until it is rendered (its control blocks)';
      if (explicit) result.notice = new UserError(`${result.skipped}; not scanned`, file);
    } else if (brokenFileMatters(text, file, explicit)) result.errors.push(parsed.error);
    // a document valid but too deep says so; one that does not parse is not JSON or YAML
    else if (parsed.error.message.startsWith('invalid ')) result.skipped = 'not valid JSON or YAML, and it names no ECS resource';
    else result.skipped = `${parsed.error.message.replace(/; not scanned$/, '')}, and it names no ECS resource`;
    return result;
  }
  const inline: InlineSuppressions = { found: [], errors: [] };
  if (parsed.doc.format === 'yaml') commentSuppressions(text, file, inline);
  // a YAML stream (Kubernetes manifests, say) is each of its documents, decided one by one
  const resources: Resource[] = [];
  // what the text may hold is looked for once, not once a document
  const hints: TextHints = { text, writesMarkers: mayWriteMarkers(text), holdsPlaceholders: mayHoldPlaceholders(text), source };
  const documents = parsed.documents ?? [parsed.doc];
  const ids = new Set<string>();
  const runsCommands = mayRunEcsCommands(text) || mayWriteTaskDefinitions(text);
  const spans: CommandSpan[] = [];
  documents.forEach((doc, i) => {
    // the commands its strings run (and the documents they write) are read first: the loaders
    // below may mark placeholders in place
    const embedded: EmbeddedText[] = [];
    const commands = runsCommands ? documentScriptResources(doc, text, file, spans, embedded) : [];
    const found = documentResources(doc, hints, file, made, inline, result);
    for (const r of commands) found.push(r);
    addEmbedded(found, embedded, file, result);
    if (i > 0) distinctIds(found, ids, i + 1);
    for (const r of found) {
      ids.add(r.id);
      resources.push(r);
    }
  });
  if (resources.length > 0) {
    for (const w of coveringCommands(inline.found, spans)) result.suppressions.push(w);
    for (const e of inline.errors) result.errors.push(e);
  }
  if (resources.length === 0 && result.errors.length === 0) {
    result.skipped = 'not a task definition';
    if (explicit) result.notice = notATaskDefinition(file);
    return result;
  }
  for (const r of checkedResources(resources, file, result.errors)) result.resources.push(r);
  return result;
}

/**
 * Resources of a stream's later document whose ids an earlier document already uses (two
 * templates, each with its `Task` and `ExecRole`) get the document's number (`Task#2`), and the
 * links of that document follow them: a task definition is checked against the role of its own
 * template, never against another document's.
 */
function distinctIds(resources: Resource[], used: ReadonlySet<string>, n: number): void {
  const renamed = new Map<string, string>();
  for (const r of resources) {
    if (!used.has(r.id) || renamed.has(r.id)) continue;
    let id = `${r.id}#${n}`;
    for (let k = 2; used.has(id); k++) id = `${r.id}#${n}.${k}`;
    renamed.set(r.id, id);
  }
  if (renamed.size === 0) return;
  const follow = (refs: Record<string, string> | undefined) => {
    if (refs) for (const k of Object.keys(refs)) refs[k] = renamed.get(refs[k]!) ?? refs[k]!;
  };
  for (const r of resources) {
    r.id = renamed.get(r.id) ?? r.id;
    follow(r.links);
    follow(r.refersTo);
  }
}

/** What a file's text may hold, so its documents are walked only when it may; and the text itself. */
interface TextHints {
  text: string;
  writesMarkers: boolean;
  holdsPlaceholders: boolean;
  source: TextSource | undefined;
}

interface TextSource {
  path: string;
  maxBytes: number;
}

/**
 * The env files of a Copilot manifest (`copilot/<name>/manifest.yml`): its `env_file` paths are
 * from the workspace's root, the folder that holds `copilot/`, and are read only inside it.
 * Undefined when the manifest is not read from a workspace's `copilot/<name>/` folder.
 */
function copilotEnvFiles(source: TextSource | undefined, file: string): EnvFileReader | undefined {
  if (!source) return undefined;
  const copilotFolder = dirname(dirname(resolve(source.path)));
  if (basename(copilotFolder) !== 'copilot') return undefined;
  const root = dirname(copilotFolder);
  const parts = file.split('/');
  const shown = parts.length >= 3 && parts[parts.length - 3] === 'copilot' ? parts.slice(0, -3).join('/') : relative(process.cwd(), root).split(sep).join('/');
  return envFileReader(root, shown === '' ? '' : shown + '/', source.maxBytes);
}

/** What a document is, decided by its content in this order, with what its loader needs. */
type DocumentKind =
  | { kind: 'task-definition'; shape: NonNullable<ReturnType<typeof detectEcsJsonShape>> }
  | { kind: 'service'; shape: NonNullable<ReturnType<typeof detectEcsServiceShape>> }
  | { kind: 'cluster'; shape: NonNullable<ReturnType<typeof detectEcsClusterShape>> }
  | { kind: 'run-task' }
  | { kind: 'cloudformation' }
  | { kind: 'cloudformation-export'; body: JsonValue }
  | { kind: 'serverless'; found: ServerlessResources }
  | { kind: 'appspec'; targets: AppSpecTarget[] }
  | { kind: 'pulumi'; program: PulumiProgram }
  | { kind: 'step-functions'; cli?: CliStateMachine }
  | { kind: 'eventbridge'; found: EventBridgeFile }
  | { kind: 'workflow'; steps: WorkflowStep[] }
  | { kind: 'copilot'; manifest: CopilotManifest }
  | { kind: 'circleci'; steps: OrbStep[] }
  | { kind: 'other' };

function documentKind(doc: ParsedDocument): DocumentKind {
  const ecsShape = detectEcsJsonShape(doc.value);
  if (ecsShape) return { kind: 'task-definition', shape: ecsShape };
  const serviceShape = detectEcsServiceShape(doc.value);
  if (serviceShape) return { kind: 'service', shape: serviceShape };
  if (isRunTaskInput(doc.value)) return { kind: 'run-task' };
  const clusterShape = detectEcsClusterShape(doc.value);
  if (clusterShape) return { kind: 'cluster', shape: clusterShape };
  if (isCloudFormationTemplate(doc.value)) return { kind: 'cloudformation' };
  const body = exportedTemplateBody(doc.value);
  if (body !== undefined) return { kind: 'cloudformation-export', body };
  const found = serverlessResources(doc.value);
  if (found) return { kind: 'serverless', found };
  const targets = appSpecTargets(doc.value);
  if (targets) return { kind: 'appspec', targets };
  const rule = eventBridgeFile(doc.value);
  if (rule) return { kind: 'eventbridge', found: rule };
  if (isStateMachineDefinition(doc.value)) return { kind: 'step-functions' };
  const cli = cliStateMachine(doc.value);
  if (cli) return { kind: 'step-functions', cli };
  const manifest = copilotManifest(doc.value);
  if (manifest) return { kind: 'copilot', manifest };
  const steps = doc.format === 'yaml' ? workflowSteps(doc.value) : undefined;
  if (steps) return { kind: 'workflow', steps };
  const orbSteps = doc.format === 'yaml' ? circleciOrbSteps(doc.value) : undefined;
  if (orbSteps) return { kind: 'circleci', steps: orbSteps };
  const program = doc.format === 'yaml' ? pulumiProgram(doc.value) : undefined;
  return program ? { kind: 'pulumi', program } : { kind: 'other' };
}

/** The resources of one parsed document, by the shape its content has; errors go to `result`. */
function documentResources(doc: ParsedDocument, hints: TextHints, file: string, made: WeakSet<object>, inline: InlineSuppressions, result: FileLoadResult): Resource[] {
  const what = documentKind(doc);
  // no document may write the loaders' own markers; intrinsics are data except where a loader
  // reads them (CloudFormation's, and Pulumi's `fn::` functions)
  const readsIntrinsics = what.kind === 'cloudformation' || what.kind === 'serverless' || what.kind === 'pulumi';
  if (hints.writesMarkers) defuseWrittenMarkers(doc.value, { intrinsics: !readsIntrinsics, made });
  // a task or service definition a deploy step fills in: its placeholder strings are not values
  // (a state machine definition's are SAM's or CDK's DefinitionSubstitutions)
  if ((what.kind === 'task-definition' || what.kind === 'service' || what.kind === 'cluster' || what.kind === 'run-task' || what.kind === 'step-functions') && hints.holdsPlaceholders) {
    if (what.kind === 'step-functions' && what.cli) what.cli.definition = markPlaceholderStrings(what.cli.definition) as JsonObject;
    else doc.value = markPlaceholderStrings(doc.value);
  }
  switch (what.kind) {
    case 'task-definition':
      return [extractEcsJson(doc, file, what.shape)];
    case 'service':
      return extractEcsServices(doc, file, what.shape);
    case 'run-task':
      return [extractRunTaskInput(doc, file)];
    case 'cluster':
      return extractEcsClusters(doc, file, what.shape);
    case 'cloudformation':
      return extractCloudFormation(doc, file, inline, result.errors);
    case 'cloudformation-export': {
      // a template kept as JSON or YAML text (as one written in YAML comes back) is placed at that text
      if (typeof what.body === 'string') return embeddedResources({ text: what.body, position: () => doc.locate(['TemplateBody']) }, file, result);
      return extractCloudFormation({ format: doc.format, value: what.body, locate: (segments) => doc.locate(['TemplateBody', ...segments]) }, file, inline, result.errors);
    }
    case 'serverless':
      return extractCloudFormation(serverlessTemplate(doc, what.found), file, inline, result.errors);
    case 'appspec':
      return extractCloudFormation(appSpecTemplate(doc, what.targets), file, inline, result.errors);
    case 'eventbridge':
      return extractCloudFormation(eventBridgeTemplate(doc, what.found, baseName(file)), file, inline, result.errors);
    case 'workflow':
      return extractWorkflowSteps(doc, file, what.steps, hints.text);
    case 'circleci':
      return extractCircleciOrbSteps(doc, file, what.steps, hints.text);
    case 'copilot':
      return extractCopilotManifest(doc, file, what.manifest, copilotEnvFiles(hints.source, file), copilotOverrides(doc.value as JsonObject, hints.source ? dirname(resolve(hints.source.path)) : undefined, hints.source?.maxBytes ?? DEFAULT_MAX_FILE_BYTES));
    case 'step-functions':
      return extractStateMachineFile(doc, file, what.cli);
    case 'pulumi':
      return withErrors(extractPulumiProgram(doc, file, what.program), result);
    default:
      if (isTerraformPlan(doc.value)) return withErrors(extractTerraformPlan(doc, file), result);
      return ansibleTaskDefinitions(doc, file) ?? [];
  }
}

function withErrors(built: { resources: Resource[]; errors: UserError[] }, result: FileLoadResult): Resource[] {
  for (const e of built.errors) result.errors.push(e);
  return built.resources;
}

/**
 * Whether the text may write a marker's key (`$unseen`, an intrinsic's `Ref` or `Fn::`, a YAML
 * tag), written out or escaped: a text without any is not walked for them.
 */
function mayWriteMarkers(text: string): boolean {
  return text.includes('$') || text.includes('\\') || text.includes('Ref') || text.includes('Fn::') || text.includes('!');
}

function mayHoldPlaceholders(text: string): boolean {
  return text.includes('$') || text.includes('{{') || text.includes('{%') || text.includes('#{') || text.includes('<') || text.includes('__') || text.includes('@@');
}

/**
 * Resources as every source hands them to the engine: `null` members dropped (AWS reads them as
 * not set), task definitions' field types checked (a wrong type is an error, not a scan).
 */
export function checkedResources(resources: Resource[], file: string, errors: UserError[]): Resource[] {
  const out: Resource[] = [];
  for (const r of resources) {
    const checked = CHECKED_TYPES.get(r.type);
    if (checked) dropNullMembers(r.data);
    const problem = checked ? validateWith(checked.validate, r.data) : undefined;
    if (checked && problem) {
      const pos = r.origin.locate(problem.pointer);
      const where = r.origin.address ? `${r.origin.address}: ` : '';
      errors.push(new UserError(`${where}wrong field type: ${problem.message}; ${checked.what} not scanned`, pos.file ?? file, pos.line, pos.column));
      continue;
    }
    out.push(r);
  }
  return out;
}

/**
 * The types whose fields the checks read, validated as the ECS API types them: a list where
 * assignPublicIp goes would read as "not ENABLED", yet no deployment takes it.
 */
const CHECKED_TYPES = new Map([
  ['ecs:task-definition', { validate: validateTaskDefinition, what: 'task definition' }],
  ['ecs:service', { validate: validateService, what: 'service' }],
  // what a scheduled task sets is what a task set sets: network, launch type, platform
  ['ecs:scheduled-task', { validate: validateService, what: 'scheduled task' }],
  ['ecs:cluster', { validate: validateCluster, what: 'cluster' }],
]);
