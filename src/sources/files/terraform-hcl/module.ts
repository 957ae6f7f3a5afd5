// A folder of `.tf` files is one Terraform module: its files are parsed, their declarations
// gathered (resources, data sources, locals, variables, outputs, module calls), local module calls
// followed with their inputs, and each resource instance evaluated into the values Terraform's plan
// would show. terraform-resources.ts then builds the resource model from them, as for plans.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseHcl, parseHclTemplate, type HclAttribute, type HclBlock, type HclBody, type HclTemplatePart } from '../../../documents/hcl-syntax.js';
import { formatBytes, readText } from '../../../documents/read-text.js';
import { parseTerraformJson } from '../../../documents/terraform-json.js';
import { LocateMemo } from '../../../documents/json-scanner.js';
import { UserError } from '../../../util/errors.js';
import { isObject, nestingDepth, setOwn, type JsonObject, type JsonValue } from '../../../util/json.js';
import { LineIndex, type SourcePosition } from '../../../util/positions.js';
import { COMPUTED_KEY, describeComputed, isComputed, templateParts } from '../../../inventory/computed.js';
import type { Resource } from '../../../inventory/resource.js';
import { parseJsonData } from '../../../inventory/written-markers.js';
import type { InlineSuppression } from '../../../inventory/suppressions.js';
import { MAX_NESTING } from '../../../documents/parse-document.js';
import { commentSuppressions, type InlineSuppressions } from '../inline-suppressions.js';
import { checkedResources } from '../load-file.js';
import { buildTerraformResources, stripInstanceKeys, type PlannedResource, type References } from '../terraform-resources.js';
import { registryModuleKind, registryOutputs, registryResources, type RegistryCall } from './registry-modules.js';
import { computed, EVALUATION_BUDGET, markEncoded, ModuleEvaluator, type Budget, type Frame, type ModuleDecls, type ReadInside } from './evaluate.js';
import { includedFile, isTerragruntFile, sourceOf, terragruntUnit, type TerragruntUnit } from './terragrunt.js';
import { Places, type Place } from './places.js';
import { fillHoles } from '../json-holes.js';
import { ecsCliCalls, mayRunEcsCommands } from '../aws-cli-commands.js';
import { commandResources, FileLines } from '../script-files.js';
import { groupBy } from '../../../util/group.js';

/** Resource types the rules read; the rest of a module is passed over. */
const READ_TYPES = new Set([
  'aws_cloudwatch_event_target',
  'aws_scheduler_schedule',
  'aws_sfn_state_machine',
  'aws_ecs_task_definition',
  'aws_ecs_service',
  'aws_ecs_task_set',
  'aws_ecs_cluster',
  'aws_ecs_express_gateway_service',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_launch_template',
  'aws_launch_configuration',
  'aws_instance',
  // read for what links a launch template to ECS: a capacity provider's Auto Scaling group
  'aws_ecs_capacity_provider',
  'aws_autoscaling_group',
  // where task definitions' secrets are kept, and the keys that encrypt them
  'aws_secretsmanager_secret',
  'aws_secretsmanager_secret_version',
  'aws_ssm_parameter',
  'aws_kms_key',
  'aws_kms_alias',
  // where task definitions' logs go
  'aws_cloudwatch_log_group',
  // the listeners clients reach services through, and their load balancers' types
  'aws_lb',
  'aws_alb',
  'aws_lb_listener',
  'aws_alb_listener',
  'aws_lb_listener_rule',
  'aws_alb_listener_rule',
  // a Classic Load Balancer's listeners send to the service's instances directly
  'aws_elb',
]);

/** Attributes holding a JSON document: parsed where written (a heredoc, a file) with their places. */
const JSON_DOCUMENTS = new Map<string, readonly string[]>([
  ['aws_ecs_task_definition', ['container_definitions']],
  ['aws_iam_role', ['assume_role_policy']],
  ['aws_iam_role_policy', ['policy']],
  ['aws_iam_policy', ['policy']],
  ['aws_cloudwatch_event_target', ['input']],
  ['aws_sfn_state_machine', ['definition']],
]);

/** Attributes the AWS provider types as strings (numbers written there become text). */
const STRING_ATTRIBUTES = new Map<string, readonly string[]>([
  ['aws_ecs_task_definition', ['cpu', 'memory', 'family', 'network_mode', 'pid_mode', 'ipc_mode']],
  ['aws_ecs_service', ['platform_version', 'name']],
  ['aws_ecs_task_set', ['platform_version', 'service']],
]);

const MAX_MODULE_DEPTH = 8;

/**
 * Largest .tf file read: the parser takes about a second a megabyte of hostile text (real
 * configuration files are kilobytes), so a pull request cannot stall a gate for minutes.
 */
export const MAX_TERRAFORM_FILE_BYTES = 4 * 1024 * 1024;

export interface HclFile {
  /** Absolute path. */
  path: string;
  display: string;
  /** Named on the command line: an error to report even when it names no ECS resource. */
  explicit?: boolean;
}

/**
 * Raw text that names what ecsguard reads: in a directory walk, a file that does not parse and
 * names none of it is passed over (one of many unrelated Terraform files), not an error.
 */
const READ_WORDS = ['aws_ecs_', 'aws_iam_', 'container_definitions', 'module "'];

export interface ModuleLoadResult {
  /** The module's folder, for messages. */
  folder: string;
  files: string[];
  resources: Resource[];
  errors: UserError[];
  /** Module calls that name ECS but are not read (a registry module ecsguard does not model). */
  notices: UserError[];
  suppressions: InlineSuppression[];
}

export interface ModuleOptions {
  maxBytes: number;
  /** Real paths of the scanned directories: file() and module sources must stay below one. */
  roots: string[];
  /** Display path of an absolute path. */
  display(path: string): string;
  /** Variable files (absolute paths) every root module reads after its own: `-var-file`, named by the user, so read wherever they are. */
  varFiles?: string[];
}

interface ParsedFile {
  display: string;
  text: string;
  body: HclBody;
}

/** Parses and caches the module folders of one scan. */
export class TerraformModules {
  private readonly parsed = new Map<string, ParsedFile | null>();
  private readonly lines = new Map<string, LineIndex>();
  /** Texts of the files read (modules, file(), templatefile()), by display path, to place lines. */
  private readonly texts = new Map<string, string>();
  /** Why a file could not be read or parsed, by path: reported once, by the module that reads it. */
  private readonly errors = new Map<string, UserError>();
  private readonly reported = new Set<string>();

  /** The file's read or parse error, the first time it is asked for. */
  takeError(path: string): UserError | undefined {
    const e = this.errors.get(path);
    if (!e || this.reported.has(path)) return undefined;
    this.reported.add(path);
    return e;
  }
  /** Files passed over, with why (for --verbose), taken by the caller; and all of them, by display path. */
  readonly skipped: Array<[string, string]> = [];
  readonly passedOver = new Set<string>();
  /** Real paths of the files file() and templatefile() read: part of a module, not scanned alone. */
  readonly consumed = new Set<string>();

  constructor(private readonly options: ModuleOptions) {}

  /** The variable files named on the command line, read by every root module after its own. */
  get varFiles(): HclFile[] {
    return (this.options.varFiles ?? []).map((path) => ({ path, display: this.options.display(path), explicit: true }));
  }

  /** A JSON variable file's variables, or undefined with its error taken once (see takeError). */
  readJsonVariables(file: HclFile): JsonObject | undefined {
    const text = readText(file.path, file.display, this.options.maxBytes);
    let parsed: JsonValue = null;
    if (!text.ok) this.errors.set(file.path, text.error);
    else {
      const decoded = parseJsonData(text.text);
      if (decoded === undefined) this.errors.set(file.path, new UserError('not valid JSON; its variables are not used', file.display));
      else parsed = decoded;
    }
    return isObject(parsed) && nestingDepth(parsed, MAX_NESTING) <= MAX_NESTING ? parsed : undefined;
  }

  display(path: string): string {
    return this.options.display(path);
  }

  /** The `.tf` and `.tf.json` files of a folder that a walk did not list (a called module's). */
  folderFiles(dir: string): HclFile[] {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /\.tf(\.json)?$/i.test(n)).sort();
    } catch {
      return [];
    }
    return names.map((n) => ({ path: join(dir, n), display: this.options.display(join(dir, n)) }));
  }

  parse(file: HclFile): ParsedFile | undefined {
    if (this.parsed.has(file.path)) return this.parsed.get(file.path) ?? undefined;
    let size = 0;
    try {
      size = statSync(file.path).size;
    } catch {
      // readText says why it cannot be read
    }
    if (size > MAX_TERRAFORM_FILE_BYTES && size <= this.options.maxBytes) {
      this.errors.set(file.path, new UserError(`file is ${formatBytes(size)}, larger than the ${formatBytes(MAX_TERRAFORM_FILE_BYTES)} ecsguard reads of a Terraform file; not scanned`, file.display));
      this.parsed.set(file.path, null);
      return undefined;
    }
    const text = readText(file.path, file.display, this.options.maxBytes);
    let result: ParsedFile | null = null;
    if (!text.ok) this.errors.set(file.path, text.error);
    else {
      const parsed = /\.json$/i.test(file.path) ? parseTerraformJson(text.text, file.display) : parseHcl(text.text, file.display);
      if (!parsed.ok) {
        if (file.explicit || READ_WORDS.some((w) => text.text.includes(w))) this.errors.set(file.path, parsed.error);
        else {
          this.skipped.push([file.display, 'does not parse, and declares no ECS or IAM resource']);
          this.passedOver.add(file.display);
        }
      }
      else {
        result = { display: file.display, text: text.text, body: parsed.body };
        this.texts.set(file.display, text.text);
      }
    }
    this.parsed.set(file.path, result);
    return result ?? undefined;
  }

  /** The text of a file read in this scan, by display path. */
  textOf(file: string): string | undefined {
    return this.texts.get(file);
  }

  position(place: Place): SourcePosition {
    let index = this.lines.get(place.file);
    if (!index) {
      index = new LineIndex(this.texts.get(place.file) ?? '');
      this.lines.set(place.file, index);
    }
    return { ...index.position(place.offset), file: place.file };
  }


  /** Local module sources a folder calls (absolute folders inside the scanned tree). */
  calledFolders(files: HclFile[]): string[] {
    const out: string[] = [];
    for (const f of files) {
      const p = this.parse(f);
      if (!p) continue;
      // a Terragrunt unit names the module it runs in its (or its include's) terraform block
      const unit = isTerragruntFile(f.path) ? unitSource(p.body, dirname(f.path), this)?.childDir : undefined;
      if (unit) out.push(unit);
      for (const b of p.body.blocks) {
        if (b.type !== 'module') continue;
        const dir = this.localSource(dirname(f.path), b.body);
        if (dir) out.push(dir);
      }
    }
    return out;
  }

  /** A module block's local source folder, when it is one inside the scanned tree. */
  localSource(fromDir: string, body: HclBody): string | undefined {
    const text = sourceText(body);
    if (!text || !(text.startsWith('./') || text.startsWith('../'))) return undefined;
    return this.folderInside(resolve(fromDir, text));
  }

  /** A folder's real path when it lies inside a scanned directory, else undefined. */
  folderInside(path: string): string | undefined {
    const dir = this.inside(path);
    try {
      return dir && statSync(dir).isDirectory() ? dir : undefined;
    } catch {
      return undefined;
    }
  }

  /** The real path when it lies inside a scanned directory, else undefined. */
  inside(path: string): string | undefined {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return undefined;
    }
    return this.options.roots.some((r) => real === r || real.startsWith(r + sep)) ? real : undefined;
  }

  readInside: ReadInside = (fromDir, path) => {
    if (path.includes('://') || path.startsWith('~')) return { ok: false, reason: 'not a local path' };
    const abs = isAbsolute(path) ? path : resolve(fromDir, path);
    const real = this.inside(abs);
    if (!real) return { ok: false, reason: 'not a file inside the scanned tree' };
    try {
      if (!statSync(real).isFile()) return { ok: false, reason: 'not a regular file' };
    } catch {
      return { ok: false, reason: 'not readable' };
    }
    const display = this.options.display(abs);
    const text = readText(real, display, this.options.maxBytes);
    if (!text.ok) return { ok: false, reason: 'not readable' };
    this.texts.set(display, text.text);
    this.consumed.add(real);
    return { ok: true, text: text.text, file: display };
  };

  /** A template file's text as template parts, through the HCL parser. */
  parseTemplate = (text: string, file: string): HclTemplatePart[] | undefined => parseHclTemplate(text, file);
}

/** "ecs" as a word of a module source: `cloudposse/ecs-container-definition/aws`, `../modules/ecs`. */
const NAMES_ECS = /(^|[^a-z])ecs([^a-z]|$)/i;

/**
 * A notice for a module call that names ECS but is not read: a registry or git module ecsguard
 * does not model (never fetched), or a local folder outside the scanned directories. What it
 * creates is not checked, and the report would otherwise not say so.
 */
function unreadModule(name: string, source: string | undefined, at: SourcePosition): UserError | undefined {
  if (source === undefined || !NAMES_ECS.test(source)) return undefined;
  const local = source.startsWith('./') || source.startsWith('../');
  // a URL's credentials (https://user:token@host/...) are never shown
  const safe = source.replace(/:\/\/[^/@\s]{1,200}@/, '://…@');
  const shown = /^[\x21-\x7e…]{1,200}$/.test(safe) ? ` (${safe})` : '';
  const why = local ? `its folder${shown} is outside the scanned directories or missing` : `its source${shown} is not fetched (of registry modules, ecsguard reads only the clusters, services and containers of terraform-aws-modules/ecs, the container of cloudposse/ecs-container-definition and the task definition and service of cloudposse/ecs-alb-service-task)`;
  return new UserError(`module "${name}" is not read: ${why}; the ECS resources it creates are not checked`, at.file, at.line, at.column);
}

/** A module block's `source`, when it is a literal string. */
function sourceText(body: HclBody): string | undefined {
  const source = body.attributes.find((a) => a.name === 'source');
  const part = source?.value.kind === 'template' && source.value.parts.length === 1 ? source.value.parts[0] : undefined;
  return part && 'text' in part ? part.text : undefined;
}

/** The files Terraform loads by itself: terraform.tfvars(.json), then *.auto.tfvars(.json) in lexical order. */
function isVariableFile(name: string): boolean {
  const base = name.endsWith('.json') ? name.slice(0, -5) : name;
  return base === 'terraform.tfvars' || (base.endsWith('.auto.tfvars') && base.length > '.auto.tfvars'.length);
}

function variableFileOrder(a: string, b: string): number {
  const rank = (n: string) => (n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The values a root module's folder gives its variables in the files Terraform loads without
 * being asked (terraform.tfvars, *.auto.tfvars): they win over the variables' defaults. Their
 * values are literals, evaluated without access to anything else; a later file wins.
 */
function variableFiles(dir: string, modules: TerraformModules, places: Places, budget: Budget, result: ModuleLoadResult): Map<string, JsonValue> {
  const inputs = new Map<string, JsonValue>();
  let names: string[];
  try {
    names = readdirSync(dir).filter(isVariableFile);
  } catch {
    return inputs;
  }
  names.sort(variableFileOrder);
  const none: ModuleDecls = { dir, prefix: '', pathModule: '.', rootDir: dir, locals: new Map(), variables: new Map(), outputs: new Map(), resources: new Map(), calls: new Map() };
  const literal = new ModuleEvaluator(none, places, budget, () => ({ ok: false, reason: 'a variable file reads no file' }), () => undefined);
  const files: HclFile[] = [];
  for (const name of names) {
    const path = modules.inside(join(dir, name));
    if (path) files.push({ path, display: modules.display(join(dir, name)) });
  }
  // then those named with --var-file, as terraform plan reads -var-file after the automatic ones
  files.push(...modules.varFiles);
  for (const file of files) {
    if (file.path.endsWith('.json')) {
      // Terraform's JSON variable files: one object of variable name -> value
      const parsed = modules.readJsonVariables(file);
      if (parsed) for (const k of Object.keys(parsed)) inputs.set(k, parsed[k]!);
      else {
        const e = modules.takeError(file.path);
        if (e) result.errors.push(e);
      }
      continue;
    }
    const parsed = modules.parse(file);
    if (!parsed) {
      const e = modules.takeError(file.path);
      if (e) result.errors.push(e);
      continue;
    }
    result.files.push(file.display);
    for (const a of parsed.body.attributes) inputs.set(a.name, literal.evaluate(a.value, { file: file.display, depth: 0 }));
  }
  return inputs;
}

/**
 * Loads one root module (a folder of the scan) and every local module it calls, and builds the
 * resource model from all their resources.
 */
export function loadTerraformModule(files: HclFile[], modules: TerraformModules): ModuleLoadResult {
  const folder = files[0] ? modules.display(dirname(files[0].path)) : '.';
  const result: ModuleLoadResult = { folder, files: files.map((f) => f.display), resources: [], errors: [], notices: [], suppressions: [] };
  const places = new Places();
  const budget: Budget = { left: EVALUATION_BUDGET };
  const planned: PlannedResource[] = [];
  const references: References = new Map();
  const rootDir = dirname(files[0]?.path ?? '.');
  const inline: InlineSuppressions = { found: [], errors: [] };
  const rootInputs = variableFiles(rootDir, modules, places, budget, result);
  const root = buildModule(files, rootDir, rootDir, '', '.', rootInputs, modules, places, budget, [rootDir], 0, inline, result.errors, result.notices);
  collectInstances(root, planned, references, places, result.errors);
  const commands: LocalExecCommand[] = [];
  collectLocalExec(root, commands);
  const src = {
    file: files[0]?.display ?? folder,
    shape: 'terraform-hcl' as const,
    locate: (segments: readonly string[]): SourcePosition => {
      const r = planned[Number(segments[1])];
      if (!r) return { line: 1, column: 1 };
      const fallback = places.selfOf(r.values) ?? { file: r.file ?? src.file, offset: 0 };
      return modules.position(places.locate(r.values, segments.slice(2), fallback));
    },
    renamed: (obj: JsonObject, from: string, to: string) => places.copyMember(obj, from, obj, to),
  };
  const built = buildTerraformResources(planned, references, src);
  for (const e of built.errors) result.errors.push(e);
  const incomplete = new Map(planned.filter((p) => p.incomplete).map((p) => [p.address, p.incomplete!]));
  // by the planned resource each was built from (a state machine's tasks share its address)
  if (incomplete.size > 0) {
    for (const r of built.resources) {
      const why = incomplete.get((r.origin.kind === 'file' && r.origin.address) || r.id);
      if (why) r.incomplete = why;
    }
  }
  for (const r of checkedResources([...built.resources, ...localExecResources(commands, modules)], src.file, result.errors)) {
    r.origin.unit = folder;
    result.resources.push(r);
  }
  if (result.resources.length > 0) {
    for (const w of inline.found) result.suppressions.push(w);
    for (const e of inline.errors) result.errors.push(e);
  }
  return result;
}

function buildModule(
  files: HclFile[],
  dir: string,
  rootDir: string,
  prefix: string,
  pathModule: string,
  inputs: Map<string, JsonValue>,
  modules: TerraformModules,
  places: Places,
  budget: Budget,
  ancestors: string[],
  depth: number,
  inline: InlineSuppressions,
  errors: UserError[],
  notices: UserError[],
): ModuleEvaluator {
  const decls: ModuleDecls = { dir, prefix, pathModule, rootDir, locals: new Map(), variables: new Map(), outputs: new Map(), resources: new Map(), calls: new Map() };
  const units: Array<{ body: HclBody; file: string }> = [];
  for (const f of files) {
    const p = modules.parse(f);
    if (!p) {
      const e = modules.takeError(f.path);
      if (e) errors.push(e);
      continue;
    }
    commentSuppressions(p.text, p.display, inline);
    // a Terragrunt unit's own locals are read as a module's are; its source and inputs below
    if (isTerragruntFile(f.path)) units.push({ body: p.body, file: p.display });
    for (const b of p.body.blocks) {
      const [l0, l1] = b.labels;
      if (b.type === 'resource' && l0 && l1) decls.resources.set(`${l0}.${l1}`, { mode: 'managed', type: l0, name: l1, block: b, file: p.display });
      else if (b.type === 'data' && l0 && l1) decls.resources.set(`data.${l0}.${l1}`, { mode: 'data', type: l0, name: l1, block: b, file: p.display });
      else if (b.type === 'locals') for (const a of b.body.attributes) decls.locals.set(a.name, { expr: a.value, file: p.display });
      else if (b.type === 'variable' && l0) {
        const d = b.body.attributes.find((a) => a.name === 'default');
        const s = b.body.attributes.find((a) => a.name === 'sensitive')?.value;
        const sensitive = s?.kind === 'literal' && s.value === true;
        decls.variables.set(l0, { ...(d ? { default: d.value } : {}), file: p.display, ...(sensitive ? { sensitive } : {}) });
      } else if (b.type === 'output' && l0) {
        const v = b.body.attributes.find((a) => a.name === 'value');
        if (v) decls.outputs.set(l0, { expr: v.value, file: p.display });
      } else if (b.type === 'module' && l0) decls.calls.set(l0, { block: b, file: p.display });
    }
  }
  const evaluator = new ModuleEvaluator(decls, places, budget, modules.readInside, modules.parseTemplate, inputs);
  for (const [name, call] of decls.calls) {
    const childDir = modules.localSource(dir, call.block.body);
    const source = sourceText(call.block.body);
    const registry = childDir ? undefined : registryModuleKind(source ?? '');
    if (registry === undefined && !childDir) {
      const notice = unreadModule(name, source, modules.position({ file: call.file, offset: call.block.start }));
      if (notice) notices.push(notice);
      continue;
    }
    if (registry === undefined && (ancestors.includes(childDir!) || depth + 1 > MAX_MODULE_DEPTH)) continue;
    // the call's arguments are the child's variables, evaluated here (count/for_each on a call: once)
    const childInputs = new Map<string, JsonValue>();
    const frame: Frame = { file: call.file, depth: 0 };
    for (const a of call.block.body.attributes) {
      if (a.name === 'source' || a.name === 'version' || a.name === 'providers' || a.name === 'count' || a.name === 'for_each' || a.name === 'depends_on') continue;
      childInputs.set(a.name, evaluator.evaluate(a.value, frame));
    }
    if (registry !== undefined) {
      const inputs = new Map<string, { value: JsonValue; place: Place }>();
      for (const a of call.block.body.attributes) {
        const value = childInputs.get(a.name);
        if (value !== undefined) inputs.set(a.name, { value, place: { file: call.file, offset: a.start } });
      }
      call.registry = { kind: registry, inputs, at: { file: call.file, offset: call.block.start } };
      call.outputs = registryOutputs(call.registry, places, markEncoded);
      continue;
    }
    if (!childDir) continue;
    const childPathModule = relative(rootDir, childDir).split(sep).join('/') || '.';
    call.child = buildModule(modules.folderFiles(childDir), childDir, rootDir, `${prefix}module.${name}.`, childPathModule, childInputs, modules, places, budget, [...ancestors, childDir], depth + 1, inline, errors, notices);
  }
  for (const unit of units) {
    const found = unitSource(unit.body, dir, modules, errors);
    if (!found) continue;
    const { terraform, inputs, source, childDir, registry, parents } = found;
    if (!childDir && registry === undefined) {
      const at = modules.position({ file: found.file ?? unit.file, offset: terraform.start });
      // a source built otherwise is said to be, for a unit that names ECS (its module, its inputs)
      const notice = source !== undefined ? unreadModule('terragrunt', source, at) : NAMES_ECS.test(modules.textOf(unit.file) ?? '') ? new UserError('module "terragrunt" is not read: its source is built with functions ecsguard does not evaluate; the ECS resources it creates are not checked', at.file, at.line, at.column) : undefined;
      if (notice) notices.push(notice);
      continue;
    }
    if (childDir && (ancestors.includes(childDir) || depth + 1 > MAX_MODULE_DEPTH)) continue;
    const written = new Map<string, Place>();
    const childInputs = terragruntInputs(evaluator, inputs, parents, unit.file, modules, places, budget, written);
    if (registry !== undefined) {
      // a module ecsguard models (terraform-aws-modules/ecs, cloudposse's), read from its inputs
      // as a module block's call is, each input at the line that writes it
      const at: Place = { file: unit.file, offset: inputs?.start ?? terraform.start };
      const given = new Map<string, { value: JsonValue; place: Place }>();
      for (const [name, value] of childInputs) given.set(name, { value, place: written.get(name) ?? at });
      const call: RegistryCall = { kind: registry, inputs: given, at: { file: unit.file, offset: terraform.start } };
      // the model reads the inputs it is given and its defaults for the rest: with an include not
      // read (or inputs computed whole), a default may be wrong, so what it would pass is unknown
      if (childInputs instanceof UnknownUnlessGiven) call.incomplete = 'the Terragrunt unit includes a configuration ecsguard could not read (or computes its inputs whole), which may set inputs of the module';
      decls.calls.set('terragrunt', { block: terraform, file: unit.file, registry: call, outputs: registryOutputs(call, places, markEncoded) });
      continue;
    }
    if (!childDir) continue;
    // Terragrunt runs the source module as the root: its resources keep their own addresses
    const childPathModule = relative(rootDir, childDir).split(sep).join('/') || '.';
    const child = buildModule(modules.folderFiles(childDir), childDir, rootDir, prefix, childPathModule, childInputs, modules, places, budget, [...ancestors, childDir], depth + 1, inline, errors, notices);
    decls.calls.set('terragrunt', { block: terraform, file: unit.file, child });
  }
  return evaluator;
}

/** Terragrunt's deep merge of a unit's input over an included one's: maps merged, lists joined. */
function deepMerge(base: JsonValue, over: JsonValue): JsonValue {
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  if (!isObject(base) || !isObject(over) || isComputed(base) || isComputed(over)) return over;
  const out: JsonObject = {};
  for (const k of Object.keys(base)) setOwn(out, k, base[k]!);
  for (const k of Object.keys(over)) setOwn(out, k, Object.prototype.hasOwnProperty.call(base, k) ? deepMerge(base[k]!, over[k]!) : over[k]!);
  return out;
}

/** Every variable of a unit whose included configuration could not be read: that one may set it. */
class UnknownUnlessGiven extends Map<string, JsonValue> {
  override get(name: string): JsonValue {
    return super.get(name) ?? computed(`inputs.${name}`);
  }
}

/**
 * A Terragrunt unit's inputs: those of the configurations it includes (their own `inputs`, each
 * evaluated with its own locals), then its own over them, as Terragrunt's shallow merge does.
 * Values are placed where they are written.
 */
/**
 * The module a Terragrunt unit runs: its own `terraform { source }`, or (the DRY layout) that of
 * a configuration it includes, as a folder inside the scanned directories or a registry module
 * ecsguard models. A relative path is from the unit's folder; an inherited one is followed only
 * when Terragrunt's functions build it, since a relative one there is read from where Terragrunt
 * runs. `errors` gets the included files' read errors (none when only looking).
 */
function unitSource(body: HclBody, dir: string, modules: TerraformModules, errors?: UserError[]) {
  const { terraform: written, inputs, includes } = terragruntUnit(body);
  const parents = includes.map((include) => includedConfig(include, dir, modules, errors));
  const inherited = written ? undefined : parents.find((p) => p.unit?.terraform);
  const terraform = written ?? inherited?.unit?.terraform;
  if (!terraform) return undefined;
  const source = sourceOf(terraform, dir, (inherited ?? parents[0])?.path);
  const local = source !== undefined && (isAbsolute(source) || (!inherited && (source.startsWith('./') || source.startsWith('../'))));
  const childDir = local ? modules.folderInside(resolve(dir, source!)) : undefined;
  const registry = childDir || source === undefined ? undefined : registryModuleKind(source);
  return { terraform, inputs, source, childDir, registry, parents, ...(inherited?.parsed ? { file: inherited.parsed.display } : {}) };
}

/** An included configuration, read only inside the scanned directories, as every file a module reads. */
interface IncludedConfig {
  include: HclBlock;
  path?: string;
  parsed?: ParsedFile;
  /** What the parsed file sets: its source and inputs. */
  unit?: TerragruntUnit;
}

function includedConfig(include: HclBlock, dir: string, modules: TerraformModules, errors?: UserError[]): IncludedConfig {
  const found = includedFile(include, dir);
  const path = found ? modules.inside(found) : undefined;
  if (!path) return { include };
  const parsed = modules.parse({ path, display: modules.display(found!) });
  if (!parsed) {
    const e = errors ? modules.takeError(path) : undefined;
    if (e) errors!.push(e);
    return { include, path };
  }
  return { include, path, parsed, unit: terragruntUnit(parsed.body) };
}

function terragruntInputs(evaluator: ModuleEvaluator, inputs: HclAttribute | undefined, parents: IncludedConfig[], file: string, modules: TerraformModules, places: Places, budget: Budget, written: Map<string, Place>): Map<string, JsonValue> {
  let out = new Map<string, JsonValue>();
  let deep = false;
  const merge = (value: JsonValue) => {
    if (!isObject(value) || isComputed(value)) return;
    for (const k of Object.keys(value)) {
      const before = out.get(k);
      out.set(k, deep && before !== undefined ? deepMerge(before, value[k]!) : value[k]!);
      const place = places.memberOf(value, k);
      if (place) written.set(k, place);
    }
  };
  for (const { include, path, parsed, unit } of parents) {
    // Terragrunt's merge_strategy: shallow by default, deep merges maps and joins lists, and
    // no_merge leaves the included inputs out; one ecsguard cannot read may do any of these
    const strategy = include.body.attributes.find((a) => a.name === 'merge_strategy')?.value;
    const named = strategy === undefined ? 'shallow' : strategy.kind === 'template' && strategy.parts.length === 1 && 'text' in strategy.parts[0]! ? strategy.parts[0].text : undefined;
    if (named === 'no_merge') continue;
    if (named === 'deep') deep = true;
    else if (named !== 'shallow') {
      out = new UnknownUnlessGiven(out);
      continue;
    }
    if (!parsed) {
      out = new UnknownUnlessGiven(out);
      continue;
    }
    const parentInputs = unit?.inputs;
    if (!parentInputs) continue;
    const parentDecls: ModuleDecls = { dir: dirname(path!), prefix: '', pathModule: '.', rootDir: dirname(path!), locals: new Map(), variables: new Map(), outputs: new Map(), resources: new Map(), calls: new Map() };
    for (const b of parsed.body.blocks) if (b.type === 'locals') for (const a of b.body.attributes) parentDecls.locals.set(a.name, { expr: a.value, file: parsed.display });
    const parent = new ModuleEvaluator(parentDecls, places, budget, modules.readInside, modules.parseTemplate);
    merge(parent.evaluate(parentInputs.value, { file: parsed.display, depth: 0 }));
  }
  if (inputs) {
    const value = evaluator.evaluate(inputs.value, { file, depth: 0 });
    // inputs computed whole (a merge of what only Terragrunt reads): no variable is known
    if (isObject(value) && isComputed(value)) out = new UnknownUnlessGiven();
    else merge(value);
  }
  return out;
}

/** Every resource instance of a module and its called modules, with its values and references. */
function collectInstances(evaluator: ModuleEvaluator, planned: PlannedResource[], references: References, places: Places, errors: UserError[]): void {
  const decls = evaluator.decls;
  for (const decl of decls.resources.values()) {
    if (decl.mode !== 'managed' || !READ_TYPES.has(decl.type)) continue;
    const base: Frame = { file: decl.file, depth: 0 };
    const { instances } = evaluator.instances(decl.block, base);
    const documents = JSON_DOCUMENTS.get(decl.type) ?? [];
    for (const inst of instances) {
      const frame: Frame = { ...base, vars: inst.vars };
      const skip = new Set(['count', 'for_each', 'depends_on', 'provider', ...documents]);
      const values = evaluator.bodyValues(decl.block.body, frame, decl.block.start, skip);
      for (const name of documents) {
        const a = decl.block.body.attributes.find((x) => x.name === name);
        if (!a) continue;
        values[name] = evaluator.jsonDocument(a.value, frame, (text, file, toFile, holes) => parseJsonText(text, file, toFile, holes, places));
        places.member(values, name, { file: decl.file, offset: a.start });
      }
      // the provider's string attributes: Terraform converts a number written there to text
      for (const name of STRING_ATTRIBUTES.get(decl.type) ?? []) {
        const v = values[name];
        if (typeof v === 'number' || typeof v === 'boolean') values[name] = String(v);
      }
      const configAddress = `${decls.prefix}${decl.type}.${decl.name}`;
      const address = configAddress + inst.suffix;
      if (!withinLimits(values)) {
        const pos = { file: decl.file, offset: decl.block.start };
        errors.push(new UserError(`${address}: its values nest more than ${MAX_NESTING} levels deep or expand past ${MAX_VALUES.toLocaleString('en-US')} values; not scanned`, pos.file));
        continue;
      }
      planned.push({ address, configAddress, modulePrefix: decls.prefix, type: decl.type, values, pointer: ['#', String(planned.length)], unknown: {}, file: decl.file });
      references.set(configAddress, referencesOf(values, references.get(configAddress)));
    }
  }
  for (const [name, call] of decls.calls) {
    if (call.child) collectInstances(call.child, planned, references, places, errors);
    if (!call.registry) continue;
    const modulePrefix = `${decls.prefix}module.${name}.`;
    for (const inst of registryResources(call.registry, places)) {
      const address = modulePrefix + inst.address;
      if (!withinLimits(inst.values)) {
        errors.push(new UserError(`${address}: its values nest more than ${MAX_NESTING} levels deep or expand past ${MAX_VALUES.toLocaleString('en-US')} values; not scanned`, call.file));
        continue;
      }
      planned.push({ address, configAddress: stripInstanceKeys(address), modulePrefix, type: inst.type, values: inst.values, pointer: ['#', String(planned.length)], unknown: {}, file: call.file, ...(call.registry.incomplete ? { incomplete: call.registry.incomplete } : {}) });
    }
  }
}

/** A `local-exec` provisioner's command: a script Terraform runs on the machine that applies it. */
interface LocalExecCommand {
  script: string;
  place: Place;
  /** The resource whose provisioner runs it. */
  address: string;
}

/**
 * The commands of the module's `local-exec` provisioners (of any resource: `null_resource` and
 * `terraform_data` hold most), and of its local modules'. A part known only at apply time
 * (`${aws_ecs_cluster.main.name}`) is a placeholder in the script, as the shell's own are.
 */
function collectLocalExec(evaluator: ModuleEvaluator, out: LocalExecCommand[]): void {
  for (const decl of evaluator.decls.resources.values()) {
    if (decl.mode !== 'managed') continue;
    const provisioners = decl.block.body.blocks.filter((b) => b.type === 'provisioner' && b.labels[0] === 'local-exec');
    if (provisioners.length === 0) continue;
    const base: Frame = { file: decl.file, depth: 0 };
    for (const inst of evaluator.instances(decl.block, base).instances) {
      for (const p of provisioners) {
        const command = p.body.attributes.find((a) => a.name === 'command');
        if (!command) continue;
        const script = scriptText(evaluator.evaluate(command.value, { ...base, vars: inst.vars }));
        if (script !== undefined && mayRunEcsCommands(script)) out.push({ script, place: { file: decl.file, offset: command.start }, address: `${evaluator.decls.prefix}${decl.type}.${decl.name}` });
      }
    }
  }
  for (const call of evaluator.decls.calls.values()) if (call.child) collectLocalExec(call.child, out);
}

/** A command's text, with each part known only at apply time as a `${...}` placeholder. */
function scriptText(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value;
  const parts = templateParts(value);
  if (!parts) return undefined;
  return parts.map((p) => (typeof p === 'string' ? p : '${' + partName(p).replace(/[{}\r\n]/g, ' ') + '}')).join('');
}

/** How a part known at apply time is named: by what it reads (`aws_subnet.a.id`), else described. */
function partName(part: JsonValue): string {
  const text = isObject(part) ? part[COMPUTED_KEY] : undefined;
  if (typeof text !== 'string') return describeComputed(part);
  const paren = text.indexOf(' (');
  return paren === -1 ? text : text.slice(0, paren);
}

function localExecResources(commands: LocalExecCommand[], modules: TerraformModules): Resource[] {
  const out: Resource[] = [];
  for (const byFile of groupBy(commands, (c) => c.place.file).values()) {
    const file = byFile[0]!.place.file;
    const lines = new FileLines(modules.textOf(file) ?? '');
    const calls = byFile.flatMap((c) => ecsCliCalls(c.script, lines.placer(c.script, modules.position(c.place))).map((call) => ({ ...call, runBy: `the local-exec provisioner of ${c.address}` })));
    for (const r of commandResources(calls, file)) out.push(r);
  }
  return out;
}

const MAX_VALUES = 200_000;

/** Values of one resource stay within what the rules may walk: depth and count (shared parts counted each time). */
function withinLimits(values: JsonValue): boolean {
  // counted first: shared parts make a small tree of locals stand for 2^40 values
  let left = MAX_VALUES;
  const stack: JsonValue[] = [values];
  while (stack.length > 0) {
    if (--left < 0) return false;
    const v = stack.pop()!;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isObject(v)) for (const k of Object.keys(v)) stack.push(v[k]!);
  }
  return nestingDepth(values, MAX_NESTING) <= MAX_NESTING;
}

/** attribute -> the addresses its deploy-time values name (`aws_iam_role.exec.arn`). */
function referencesOf(values: JsonObject, into = new Map<string, string[]>()): Map<string, string[]> {
  for (const attr of Object.keys(values)) {
    const found = new Set(into.get(attr) ?? []);
    const stack: JsonValue[] = [values[attr]!];
    let budget = 10_000;
    while (stack.length > 0 && budget-- > 0) {
      const v = stack.pop()!;
      if (isComputed(v) && isObject(v)) {
        const text = v[COMPUTED_KEY];
        if (typeof text === 'string') found.add(text);
        const parts = templateParts(v);
        if (parts) for (const p of parts) stack.push(p);
        continue;
      }
      if (Array.isArray(v)) for (const x of v) stack.push(x);
      else if (isObject(v)) for (const k of Object.keys(v)) stack.push(v[k]!);
    }
    if (found.size > 0) into.set(attr, [...found]);
  }
  return into;
}

/**
 * JSON text written in HCL (a heredoc, a quoted string, a file): parsed, its unknown
 * interpolations turned back into deploy-time values, its members placed in the file.
 */
function parseJsonText(text: string, file: string, toFile: (offset: number) => number, holes: Map<string, JsonValue>, places: Places): JsonValue | undefined {
  let value = parseJsonData(text);
  if (value === undefined) return undefined;
  if (nestingDepth(value, MAX_NESTING) > MAX_NESTING) return undefined;
  // the holes are the loader's own deploy-time values, filled in after the text's own are defused
  if (holes.size > 0) value = fillHoles(value, holes);
  if (typeof value === 'object' && value !== null) places.jsonText(value, { file, text, toFile, memo: new LocateMemo() });
  return value;
}

