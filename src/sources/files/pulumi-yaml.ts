// Pulumi YAML programs (Pulumi.yaml with `runtime: yaml`, or the Main.yaml a project's `main`
// points at): `resources` maps logical names to `type: aws:ecs:TaskDefinition` and its
// `properties`. Pulumi's AWS provider is Terraform's, bridged: the properties are Terraform's
// attributes in camelCase, nested blocks written as objects (a block of one) or lists. So a
// program is read into Terraform's plan shape and built by terraform-resources.ts, with
// `${other.attr}` references as the configuration references that link a task definition to
// its roles. What Pulumi fills in (other resources' outputs, configuration, `fn::invoke`) is a
// placeholder; `${name}` naming a plain value under `variables` is that value.
import type { ParsedDocument } from '../../documents/parse-document.js';
import { UserError } from '../../util/errors.js';
import { isObject, own, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import type { Resource } from '../../inventory/resource.js';
import { COMPUTED_KEY, placeholder, PULUMI_OUTPUT, unseen } from '../../inventory/computed.js';
import { mapStrings, parseJsonData, placeholderIn } from '../../inventory/written-markers.js';
import { fillPlaceholders, restorePlaceholders } from '../../documents/json-placeholders.js';
import { buildTerraformResources, type PlannedResource, type References } from './terraform-resources.js';
import { MAP_VALUED } from './terraform-blocks.js';
import { plainValueAt, substituteReferences } from './interpolation.js';

/** The Pulumi AWS types ecsguard reads, as the Terraform resource types they bridge. */
const TYPES = new Map([
  ['aws:ecs:TaskDefinition', 'aws_ecs_task_definition'],
  ['aws:ecs:Service', 'aws_ecs_service'],
  ['aws:ecs:Cluster', 'aws_ecs_cluster'],
  ['aws:ecs:ExpressGatewayService', 'aws_ecs_express_gateway_service'],
  ['aws:ecs:TaskSet', 'aws_ecs_task_set'],
  ['aws:ecs:CapacityProvider', 'aws_ecs_capacity_provider'],
  ['aws:iam:Role', 'aws_iam_role'],
  ['aws:iam:RolePolicy', 'aws_iam_role_policy'],
  ['aws:iam:RolePolicyAttachment', 'aws_iam_role_policy_attachment'],
  ['aws:iam:Policy', 'aws_iam_policy'],
  ['aws:iam:PolicyAttachment', 'aws_iam_policy_attachment'],
  ['aws:cloudwatch:LogGroup', 'aws_cloudwatch_log_group'],
  ['aws:kms:Key', 'aws_kms_key'],
  ['aws:kms:Alias', 'aws_kms_alias'],
  ['aws:ssm:Parameter', 'aws_ssm_parameter'],
  ['aws:secretsmanager:Secret', 'aws_secretsmanager_secret'],
  ['aws:secretsmanager:SecretVersion', 'aws_secretsmanager_secret_version'],
  ['aws:ec2:LaunchTemplate', 'aws_launch_template'],
  ['aws:ec2:Instance', 'aws_instance'],
  ['aws:autoscaling:Group', 'aws_autoscaling_group'],
  ['aws:cloudwatch:EventTarget', 'aws_cloudwatch_event_target'],
  ['aws:scheduler:Schedule', 'aws_scheduler_schedule'],
  ['aws:sfn:StateMachine', 'aws_sfn_state_machine'],
  // the listeners clients reach services through (aws:alb is the same provider's alias)
  ['aws:lb:LoadBalancer', 'aws_lb'],
  ['aws:lb:TargetGroup', 'aws_lb_target_group'],
  ['aws:lb:Listener', 'aws_lb_listener'],
  ['aws:lb:ListenerRule', 'aws_lb_listener_rule'],
  ['aws:alb:LoadBalancer', 'aws_lb'],
  ['aws:alb:TargetGroup', 'aws_lb_target_group'],
  ['aws:alb:Listener', 'aws_lb_listener'],
  ['aws:alb:ListenerRule', 'aws_lb_listener_rule'],
  // Classic Load Balancers (aws:elasticloadbalancing is the provider's older name)
  ['aws:elb:LoadBalancer', 'aws_elb'],
  ['aws:elasticloadbalancing:LoadBalancer', 'aws_elb'],
]);

/** Pulumi's plural names of repeated blocks, as Terraform's block names. */
const BLOCK_NAMES = new Map([
  ['volumes', 'volume'],
  ['settings', 'setting'],
  ['services', 'service'],
  ['inlinePolicies', 'inline_policy'],
  ['loadBalancers', 'load_balancer'],
  ['capacityProviderStrategies', 'capacity_provider_strategy'],
  ['defaultCapacityProviderStrategies', 'default_capacity_provider_strategy'],
  ['orderedPlacementStrategies', 'ordered_placement_strategy'],
  ['defaultActions', 'default_action'],
  ['actions', 'action'],
  ['listeners', 'listener'],
]);

/** Attributes that hold a document (JSON text or `fn::toJSON` of data): read as written, not as blocks. */
const DOCUMENTS = new Set(['container_definitions', 'assume_role_policy', 'policy', 'user_data', 'definition']);

export interface PulumiProgram {
  resources: Array<{ name: string; type: string; properties: JsonObject }>;
  variables: JsonObject;
}

/**
 * The AWS resources of a Pulumi YAML program, or undefined when the document is not one: a
 * `resources` map whose members have a Pulumi `type` (`aws:ecs:TaskDefinition`) and, when the
 * file says its runtime, the YAML runtime.
 */
export function pulumiProgram(value: JsonValue): PulumiProgram | undefined {
  if (!isObject(value) || own(value, 'Resources') !== undefined) return undefined;
  const runtime = own(value, 'runtime');
  const runtimeName = isObject(runtime) ? own(runtime, 'name') : runtime;
  if (runtimeName !== undefined && runtimeName !== 'yaml') return undefined;
  const members = own(value, 'resources');
  if (!isObject(members)) return undefined;
  const resources: PulumiProgram['resources'] = [];
  let pulumiTypes = 0;
  for (const name of Object.keys(members)) {
    const r = members[name];
    const type = ownString(r, 'type');
    if (type === undefined || !isPulumiType(type)) continue;
    pulumiTypes++;
    // `get:` reads a resource that exists already: this program does not create it
    if (own(r, 'get') !== undefined) continue;
    const properties = own(r, 'properties');
    if (TYPES.has(type)) resources.push({ name, type, properties: isObject(properties) ? properties : {} });
  }
  if (pulumiTypes === 0 || resources.length === 0) return undefined;
  const variables = own(value, 'variables');
  return { resources, variables: isObject(variables) ? variables : {} };
}

/** `package:module:Type` (three parts, the last a capitalised name): split, not a regular expression. */
function isPulumiType(type: string): boolean {
  const parts = type.split(':');
  if (parts.length !== 3 || parts.some((p) => p.length === 0 || p.length > 64)) return false;
  const c = parts[2]!.charCodeAt(0);
  return c >= 0x41 && c <= 0x5a;
}

interface Ctx {
  written: WeakMap<object, Written>;
  /** Strings with `${...}`: placeholders, or the outputs of the program's own resources. */
  strings(value: JsonValue): JsonValue;
  /** What one `${...}` stands for. */
  output(written: string): JsonValue;
}

/** Where each converted object sits in the file, and its keys' written names. */
interface Written {
  path: string[];
  keys?: Map<string, string>;
  /** A list made of one written object (a block Pulumi writes as an object). */
  wrapped?: boolean;
  /** Data parsed from JSON text: located at the text. */
  opaque?: boolean;
}

export function extractPulumiProgram(doc: ParsedDocument, file: string, program: PulumiProgram): { resources: Resource[]; errors: UserError[] } {
  const names = new Map(program.resources.map((r) => [r.name, TYPES.get(r.type)!]));
  // `${execRole.arn}` is an output of the program's resource execRole; any other `${...}` is
  // configuration, a variable of its own or a resource elsewhere: a placeholder
  const output = (p: string): JsonValue => {
    const ref = p.slice(2, -1).trim();
    return names.has(resourceName(ref)) ? { [COMPUTED_KEY]: PULUMI_OUTPUT + ref } : placeholder(p);
  };
  // `$${` is Pulumi's escape: the string is literal text
  const strings = (v: JsonValue) => mapStrings(v, (s, key) => (!s.includes(REF_OPEN) ? undefined : s.includes(ESCAPE) ? s.split(ESCAPE).join(REF_OPEN) : placeholderIn(s, key, output)));
  const ctx: Ctx = { written: new WeakMap(), strings, output };
  const planned: PlannedResource[] = [];
  const errors: UserError[] = [];
  const references: References = new Map();
  const valuesByAddress = new Map<string, JsonObject>();
  for (const r of program.resources) {
    const tfType = names.get(r.name)!;
    const address = `${tfType}.${r.name}`;
    const at = ['resources', r.name, 'properties'];
    const containers = own(r.properties, 'containerDefinitions');
    if (tfType === 'aws_ecs_task_definition' && typeof containers === 'string' && jsonText(containers, ctx) === undefined) {
      const pos = doc.locate([...at, 'containerDefinitions']);
      errors.push(new UserError(`${r.name}: containerDefinitions is not valid JSON; task definition not scanned`, file, pos.line, pos.column));
      continue;
    }
    const values: JsonObject = {};
    // Pulumi refuses a task definition without containers: nothing deploys, nothing to decide
    if (tfType === 'aws_ecs_task_definition' && own(r.properties, 'containerDefinitions') === undefined) values.container_definitions = unseen('not given in the program');
    if (AUTO_NAMED.has(tfType) && own(r.properties, 'name') === undefined) values.name = r.name;
    const keys = new Map<string, string>();
    const refs = new Map<string, string[]>();
    for (const key of Object.keys(r.properties)) {
      const attr = BLOCK_NAMES.get(key) ?? snakeCase(key);
      keys.set(attr, key);
      const raw = r.properties[key]!;
      const found = referencesIn(raw, names);
      if (found.length > 0) refs.set(attr, found);
      const resolved = substituteVariables(raw, program.variables);
      setOwn(values, attr, DOCUMENTS.has(attr) ? documentValue(resolved, [...at, key], ctx) : blockValue(resolved, attr, [...at, key], ctx, 0));
    }
    ctx.written.set(values, { path: at, keys });
    references.set(address, refs);
    valuesByAddress.set(address, values);
    planned.push({ address, configAddress: address, modulePrefix: '', type: tfType, values, pointer: ['@pulumi', address], unknown: {} });
  }
  const locate = (segments: readonly string[]) => {
    const values = segments[0] === '@pulumi' ? valuesByAddress.get(segments[1]!) : undefined;
    return doc.locate(values ? writtenPath(values, segments.slice(2), ctx) : []);
  };
  const reference = (computed: string) => {
    if (!computed.startsWith(PULUMI_OUTPUT)) return undefined;
    const ref = computed.slice(PULUMI_OUTPUT.length);
    const type = names.get(resourceName(ref));
    return type === undefined ? undefined : `${type}.${ref}`;
  };
  const built = buildTerraformResources(planned, references, { file, shape: 'pulumi-yaml', locate, reference });
  // reports name a resource as the program does: its logical name
  for (const res of built.resources) {
    const address = res.origin.address;
    if (address === undefined) continue;
    const logical = address.slice(address.indexOf('.') + 1);
    res.origin.address = logical;
    if (res.name === address) res.name = logical;
  }
  return { resources: built.resources, errors: [...errors, ...built.errors] };
}

/** The resource a reference starts with: `execRole` of `execRole.arn` or `bucket["id"]`. */
function resourceName(ref: string): string {
  return ref.split(/[.[]/, 1)[0]!;
}

/** Types Pulumi names after the logical name when no `name` is given (`web-1a2b3c4`): so do reports. */
const AUTO_NAMED = new Set(['aws_ecs_cluster', 'aws_ecs_service', 'aws_iam_role', 'aws_iam_policy', 'aws_secretsmanager_secret', 'aws_ssm_parameter', 'aws_cloudwatch_log_group']);

/** camelCase -> snake_case (`executionRoleArn` -> `execution_role_arn`, `s3BucketName` -> `s3_bucket_name`). */
function snakeCase(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) out += (i > 0 ? '_' : '') + key[i]!.toLowerCase();
    else out += key[i]!;
  }
  return out;
}

/** A built-in function call (`fn::toJSON: ...`, the older `Fn::ToJSON`): its lower-cased name and argument. */
function functionCall(v: JsonValue): { fn: string; arg: JsonValue } | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1 || !/^fn::/i.test(keys[0]!)) return undefined;
  return { fn: keys[0]!.slice(4).toLowerCase(), arg: v[keys[0]!]! };
}

/**
 * A function's value where ecsguard knows it: `toJSON` and `secret` are their argument (a secret
 * is still written into the task definition), `join` of literal strings their join. Any other
 * (invoke, readFile, select, assets) is filled in by Pulumi: a placeholder.
 */
function applyFunction(call: { fn: string; arg: JsonValue }): JsonValue {
  if (call.fn === 'tojson' || call.fn === 'secret') return call.arg;
  if (call.fn === 'join' && Array.isArray(call.arg) && typeof call.arg[0] === 'string' && Array.isArray(call.arg[1]) && call.arg[1].every((p) => typeof p === 'string')) {
    return (call.arg[1] as string[]).join(call.arg[0]);
  }
  return placeholder(`fn::${call.fn}`);
}

/** A document attribute: JSON text parsed (located at the text), `fn::toJSON` data read as written. */
function documentValue(raw: JsonValue, path: string[], ctx: Ctx): JsonValue {
  if (typeof raw === 'string') {
    const data = jsonText(raw, ctx);
    if (data === undefined) return ctx.strings(raw);
    markOpaque(data, path, ctx);
    return data;
  }
  return asWritten(raw, path, ctx, 0);
}

/**
 * JSON text's data, with `${...}` where a value goes (`"containerPort": ${port}`) or inside a
 * string read as Pulumi fills them in; undefined when the text is not a JSON object or array.
 */
function jsonText(text: string, ctx: Ctx): JsonValue | undefined {
  const filled = text.includes(REF_OPEN) ? fillPlaceholders(text) : undefined;
  const parsed = parseJsonData(filled ? filled.text : text);
  if (parsed === undefined || parsed === null || typeof parsed !== 'object') return undefined;
  return ctx.strings(filled ? restorePlaceholders(parsed, filled.placeholders, ctx.output) : parsed);
}

/** Deeper than any ECS document or block: past it, values are kept as they are. */
const MAX_DEPTH = 64;

/** Data kept with its keys (a container definition, a policy), functions applied and placeholders marked. */
function asWritten(v: JsonValue, path: string[], ctx: Ctx, depth: number): JsonValue {
  const call = functionCall(v);
  if (call) {
    const applied = applyFunction(call);
    return applied === call.arg ? asWritten(call.arg, [...path, Object.keys(v as JsonObject)[0]!], ctx, depth + 1) : ctx.strings(applied);
  }
  if (typeof v === 'string') return ctx.strings(v);
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = v.map((x, i) => asWritten(x, [...path, String(i)], ctx, depth + 1));
    ctx.written.set(out, { path });
    return out;
  }
  const out: JsonObject = {};
  for (const k of Object.keys(v)) setOwn(out, k, asWritten(v[k]!, [...path, k], ctx, depth + 1));
  ctx.written.set(out, { path });
  return out;
}

/** A block attribute: objects become Terraform's blocks (a list of one) with snake_case keys; maps are data. */
function blockValue(v: JsonValue, attr: string, path: string[], ctx: Ctx, depth: number): JsonValue {
  const call = functionCall(v);
  if (call) {
    const applied = applyFunction(call);
    if (applied !== call.arg) return ctx.strings(applied);
    return blockValue(call.arg, attr, [...path, Object.keys(v as JsonObject)[0]!], ctx, depth + 1);
  }
  if (typeof v === 'string') return ctx.strings(v);
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return v;
  if (MAP_VALUED.has(attr)) return asWritten(v, path, ctx, depth);
  if (Array.isArray(v)) {
    const out = v.map((x, i) => (isObject(x) && functionCall(x) === undefined ? blockObject(x, [...path, String(i)], ctx, depth + 1) : blockValue(x, attr, [...path, String(i)], ctx, depth + 1)));
    ctx.written.set(out, { path });
    return out;
  }
  const list = [blockObject(v, path, ctx, depth + 1)];
  ctx.written.set(list, { path, wrapped: true });
  return list;
}

function blockObject(v: JsonObject, path: string[], ctx: Ctx, depth: number): JsonObject {
  const out: JsonObject = {};
  const keys = new Map<string, string>();
  for (const key of Object.keys(v)) {
    const attr = BLOCK_NAMES.get(key) ?? snakeCase(key);
    keys.set(attr, key);
    setOwn(out, attr, DOCUMENTS.has(attr) ? documentValue(v[key]!, [...path, key], ctx) : blockValue(v[key]!, attr, [...path, key], ctx, depth + 1));
  }
  ctx.written.set(out, { path, keys });
  return out;
}

function markOpaque(v: JsonValue, path: string[], ctx: Ctx): void {
  if (v !== null && typeof v === 'object') ctx.written.set(v, { path, opaque: true });
}

/** The file path of a path into the converted values: keys back to their written names, blocks of one unwrapped. */
function writtenPath(values: JsonObject, segments: readonly string[], ctx: Ctx): string[] {
  let node: JsonValue | undefined = values;
  let path = ctx.written.get(values)!.path;
  for (const seg of segments) {
    const info = node !== null && typeof node === 'object' ? ctx.written.get(node) : undefined;
    if (info) path = info.path;
    if (info?.opaque) return path;
    if (Array.isArray(node)) {
      node = node[Number(seg)];
      if (!info?.wrapped) path = [...path, seg];
    } else if (isObject(node)) {
      path = [...path, info?.keys?.get(seg) ?? seg];
      node = own(node, seg);
    } else {
      return path;
    }
  }
  const last = node !== null && typeof node === 'object' ? ctx.written.get(node) : undefined;
  return last ? last.path : path;
}

const REF_OPEN = '${';
const ESCAPE = '$${';

/** The configuration references in a value: `${execRole.arn}` -> `aws_iam_role.execRole.arn`, for the program's own resources. */
function referencesIn(value: JsonValue, names: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  mapStrings(value, (s) => {
    for (let i = s.indexOf(REF_OPEN); i !== -1; i = s.indexOf(REF_OPEN, i + 2)) {
      const end = s.indexOf('}', i);
      if (end === -1) break;
      const ref = s.slice(i + 2, end).trim();
      const name = resourceName(ref);
      const type = names.get(name);
      if (type !== undefined) {
        const attr = ref.slice(name.length).replace(/^\./, '');
        const full = `${type}.${name}${attr ? `.${snakeCase(attr.split(/[.[]/, 1)[0]!)}` : ''}`;
        if (!out.includes(full)) out.push(full);
      }
    }
    return undefined;
  });
  return out;
}

/**
 * `${name}` or `${name.a.b}` naming a string, number or boolean under `variables` (one that holds
 * no interpolation itself) is that value, as Pulumi substitutes it; the rest is left as written.
 */
function substituteVariables(value: JsonValue, variables: JsonObject): JsonValue {
  if (Object.keys(variables).length === 0) return value;
  return mapStrings(value, (s) => (s.includes(REF_OPEN) ? substituteReferences(s, REF_OPEN, (path) => plainValueAt(variables, path), true) : undefined));
}
