// CloudFormation templates (JSON or YAML, CDK synth output included): every
// AWS::ECS::TaskDefinition with its properties renamed to the ECS API's fields, and the IAM roles
// of the same template with the policies attached to them (by reference or by role name), linked
// to the task definitions that name them, so role checks run on templates. What the template
// decides itself (loops, mappings, constant conditions) is evaluated first: cfn-intrinsics.ts.
import { classicBalancer, listenersByTargetGroup } from './cfn-listeners.js';
import { UserError } from '../../util/errors.js';
import { isObject, own, ownArray, ownObject, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import type { FileOrigin, Resource } from '../../inventory/resource.js';
import { launchedInstances } from '../../inventory/launched-instances.js';
import { namesRunTaskTarget, runTaskRequestData } from '../../inventory/run-task-request.js';
import { firstBy } from '../../util/group.js';
import { writtenKey, writtenLogGroup, writtenParameter, writtenSecret } from '../../inventory/file-stores.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import { MAP_VALUED_FIELDS, ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import { toApiFieldName } from '../../inventory/api-field-names.js';
import { describeComputed, INPUT_PER_EVENT, isComputed, isNoValue, unseen } from '../../inventory/computed.js';
import { renderTexts } from '../../inventory/intrinsic-values.js';
import { parameterName, secretFields } from '../../inventory/references.js';
import { namesEcsOptimizedImage, summariseFileUserData } from '../../inventory/user-data.js';
import { macroName, resolveValue, scopeUnderCondition, templateResources, type ResolveState, type TemplateScope } from './cfn-intrinsics.js';
import { applyScalarTypes } from './normalise-fields.js';
import { metadataSuppressions, type InlineSuppressions } from './inline-suppressions.js';
import { stateMachineResource, stateMachineTasks, substituteDefinition, type StateMachineTask } from './step-functions.js';
import { jsonFromTemplateText } from './json-holes.js';
import { expressServiceStep } from './express-services.js';

export function isCloudFormationTemplate(value: JsonValue): boolean {
  if (!isObject(value)) return false;
  const resources = ownObject(value, 'Resources');
  if (!resources) return false;
  if (own(value, 'AWSTemplateFormatVersion') !== undefined) return true;
  return Object.entries(resources).some(([k, r]) => k.startsWith('Fn::ForEach::') || (typeof ownString(r, 'Type') === 'string' && ownString(r, 'Type')!.includes('::')));
}

/**
 * `aws cloudformation get-template` output: the template under TemplateBody, as an object (a JSON
 * template) or as its text (a YAML one), beside StagesAvailable.
 */
export function exportedTemplateBody(value: JsonValue): JsonValue | undefined {
  if (!isObject(value)) return undefined;
  const body = own(value, 'TemplateBody');
  if (body === undefined || !Object.keys(value).every((k) => k === 'TemplateBody' || k === 'StagesAvailable')) return undefined;
  if (typeof body === 'string') return body.includes('Resources') ? body : undefined;
  return isCloudFormationTemplate(body) ? body : undefined;
}

/** Types whose properties are read; others are only known by type (for references to them). */
const READ_TYPES = new Set([
  'AWS::ECS::TaskDefinition', 'AWS::ECS::Service', 'AWS::ECS::Cluster', 'AWS::ECS::TaskSet', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy',
  'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::Instance',
  'AWS::ECS::CapacityProvider', 'AWS::AutoScaling::AutoScalingGroup',
  'AWS::SecretsManager::Secret', 'AWS::SSM::Parameter', 'AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::Logs::LogGroup',
  'AWS::Events::Rule', 'AWS::Scheduler::Schedule', 'AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine',
  'AWS::ECS::ExpressGatewayService', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancing::LoadBalancer',
]);

/** Types that launch EC2 instances (ECS container instances among them). */
const LAUNCHERS = new Set(['AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::Instance']);

interface Entry {
  logicalId: string;
  type: string;
  /** Properties with what the template decides folded in. */
  props: JsonObject;
  /** Properties as written: the source map finds renamed keys in them. */
  raw: JsonObject;
  /** Where the properties sit in the file. */
  source: string[];
  /** A launch template's or configuration's cfn-init configuration (Metadata AWS::CloudFormation::Init), resolved. */
  init?: JsonValue;
  unseen?: string;
  incomplete?: string;
  /** From a path the source map builds to the file's: spread `Properties: !If` keys sit inside the branches. */
  relocate?: (segments: readonly string[]) => readonly string[];
}

function templateEntries(doc: ParsedDocument, file: string, suppressions: InlineSuppressions, errors: UserError[]): { entries: Entry[]; scope: TemplateScope } {
  const { resources, scope, overflow } = templateResources(doc.value as JsonObject);
  const entries: Entry[] = [];
  if (overflow !== undefined) {
    const at = doc.locate(['Resources']);
    errors.push(new UserError(`Resources expand (Fn::ForEach) to more than ${overflow.toLocaleString('en-US')} members, far past the 500 CloudFormation takes; not scanned`, file, at.line, at.column));
  }
  const macro = templateMacro(own(doc.value, 'Transform'));
  for (const r of resources) {
    const type = ownString(r.value, 'Type');
    if (own(r.value, 'Metadata') !== undefined) metadataSuppressions(r.value, r.logicalId, file, doc.locate([...r.source, 'Metadata']).line, suppressions);
    if (!type || !READ_TYPES.has(type)) continue;
    // a resource whose condition the template decides false is never created
    const condition = ownString(r.value, 'Condition');
    if (condition !== undefined && scope.conditions.get(condition) === false) continue;
    const raw = ownObject(r.value, 'Properties') ?? {};
    const state: ResolveState = { depth: 0 };
    // the resource exists only where its condition holds: its Fn::Ifs on that condition are decided
    const resourceScope = condition === undefined ? scope : scopeUnderCondition(scope, condition);
    let props = resolveValue(raw, resourceScope, state);
    // Properties that are one intrinsic: a condition's branches are each key's, anything else
    // (AWS::Include's Fn::Transform) is the deployer's
    let whole: string | undefined;
    let written = raw;
    let relocate: Entry['relocate'];
    if (isComputed(props)) {
      const spread = spreadCondition(props);
      if (spread) {
        props = spread;
        written = spreadCondition(raw) ?? raw;
        relocate = branchPath(r.source.length + 1);
      } else whole = `its properties are ${describeComputed(props)}, set at deploy time`;
    }
    const entry: Entry = { logicalId: r.logicalId, type, props: isObject(props) && whole === undefined ? props : {}, raw: written, source: [...r.source, 'Properties'] };
    if (relocate) entry.relocate = relocate;
    const init = own(ownObject(r.value, 'Metadata'), 'AWS::CloudFormation::Init');
    if (init !== undefined && LAUNCHERS.has(type)) entry.init = resolveValue(init, resourceScope, state);
    const unseen = r.unseen ?? whole ?? state.unseen;
    if (unseen !== undefined) entry.unseen = unseen;
    const incomplete = state.incomplete ?? macro;
    if (incomplete !== undefined) entry.incomplete = incomplete;
    entries.push(entry);
  }
  return { entries, scope };
}

/**
 * The template's own macros (`Transform: [MyMacro]`) rewrite it at deploy time, so what every
 * resource ends up with is more than the file shows; AWS's transforms (SAM, LanguageExtensions,
 * CodeDeployBlueGreen, ...) generate their own resource types and leave ECS properties alone.
 */
function templateMacro(transform: JsonValue | undefined): string | undefined {
  const names = Array.isArray(transform) ? transform : transform === undefined ? [] : [transform];
  const custom = names.find((n) => typeof n !== 'string' || !n.startsWith('AWS::'));
  return custom === undefined ? undefined : `the template's macro ${macroName(custom)} may rewrite it at deploy time, which the template does not show`;
}

/**
 * `Properties: !If [Cond, A, B]` as each property's own `!If [Cond, A.x, B.x]` (a property one
 * branch leaves out is AWS::NoValue there), which the checks read branch by branch. Undefined
 * when a branch is not a map of properties.
 */
function spreadCondition(value: JsonValue): JsonObject | undefined {
  const args = own(value, 'Fn::If');
  if (!Array.isArray(args) || args.length !== 3) return undefined;
  const branch = (b: JsonValue | undefined): JsonObject | undefined => (isNoValue(b) ? {} : isComputed(b) ? spreadCondition(b!) : isObject(b) ? b : undefined);
  const yes = branch(args[1]);
  const no = branch(args[2]);
  if (!yes || !no) return undefined;
  const out: JsonObject = {};
  const none = { Ref: 'AWS::NoValue' };
  for (const k of new Set([...Object.keys(yes), ...Object.keys(no)])) {
    setOwn(out, k, { 'Fn::If': [args[0]!, Object.prototype.hasOwnProperty.call(yes, k) ? yes[k]! : none, Object.prototype.hasOwnProperty.call(no, k) ? no[k]! : none] });
  }
  return out;
}

/**
 * A spread property's path (`Properties/X/Fn::If/1/...`) as the file writes it
 * (`Properties/Fn::If/1/X/...`); `at` is the index of X. One level: a branch's own !If stays at
 * the property.
 */
function branchPath(at: number): (segments: readonly string[]) => readonly string[] {
  return (segs) => (segs.length > at + 2 && segs[at + 1] === 'Fn::If' && (segs[at + 2] === '1' || segs[at + 2] === '2') ? [...segs.slice(0, at), 'Fn::If', segs[at + 2]!, segs[at]!, ...segs.slice(at + 3)] : segs.length > at ? [...segs.slice(0, at), 'Fn::If'] : segs);
}

/** The template's resources; inline suppressions in resources' Metadata go to `suppressions`, a template too large to read to `errors`. */
export function extractCloudFormation(doc: ParsedDocument, file: string, suppressions: InlineSuppressions = { found: [], errors: [] }, errors: UserError[] = []): Resource[] {
  const { entries, scope } = templateEntries(doc, file, suppressions, errors);
  const byId = new Map(entries.map((e) => [e.logicalId, e]));
  const roles = collectRoles(entries, byId, file, doc);
  const out: Resource[] = [];
  const resourceIds: ReadonlySet<string> = new Set(scope.types.keys());
  const origin = (e: Entry, entries: SourceMapEntry[]) => {
    const relocate = e.relocate;
    const map = new ResourceSourceMap(entries, relocate ? (segments) => doc.locate(relocate(segments)) : doc.locate);
    return { kind: 'file' as const, file, shape: 'cloudformation' as const, address: e.logicalId, locate: (p: string) => map.locate(p), resourceIds };
  };
  // parameters by their literal name, as a task definition may name them (ValueFrom: /app/db)
  const parametersByName = firstBy(entries, (e) => (e.type === 'AWS::SSM::Parameter' ? ownString(e.props, 'Name') || undefined : undefined));
  for (const e of entries) {
    if (e.type !== 'AWS::ECS::TaskDefinition') continue;
    const data = toApiShape(e.props, false) as JsonObject;
    applyScalarTypes(data);
    const family = ownString(data, 'family');
    const resource: Resource = {
      type: 'ecs:task-definition',
      id: e.logicalId,
      name: family ?? e.logicalId,
      data,
      origin: origin(e, [{ data: [], source: e.source, node: e.raw, keys: 'cloudformation' }]),
    };
    if (e.unseen !== undefined) resource.unseen = e.unseen;
    const links: Record<string, string> = {};
    const exec = roles.named(own(e.props, 'ExecutionRoleArn'));
    if (exec) links.executionRole = exec;
    const task = roles.named(own(e.props, 'TaskRoleArn'));
    if (task) links.taskRole = task;
    if (Object.keys(links).length > 0) resource.links = links;
    const refersTo = secretReferences(data, byId, parametersByName);
    if (refersTo) resource.refersTo = refersTo;
    out.push(resource);
  }
  for (const e of entries) {
    if (e.type !== 'AWS::ECS::ExpressGatewayService') continue;
    const data = expressServiceStep(ownString(e.props, 'ServiceName') ?? e.logicalId, toApiShape(own(e.props, 'PrimaryContainer') ?? null, false));
    if (!data) continue;
    const sources: SourceMapEntry[] = [
      { data: [], source: e.source, node: e.raw, keys: 'cloudformation' },
      { data: ['containerDefinitions', '0'], source: [...e.source, 'PrimaryContainer'], node: own(e.raw, 'PrimaryContainer'), keys: 'cloudformation' },
    ];
    const resource: Resource = { type: 'ecs:deploy-step', id: e.logicalId, name: data.step as string, data, origin: origin(e, sources) };
    if (e.unseen !== undefined) resource.unseen = e.unseen;
    out.push(resource);
  }
  for (const r of storedSecrets(out, byId, origin)) out.push(r);
  for (const r of writtenLogGroups(out, entries, origin)) out.push(r);
  // services, with the task sets of this template that belong to them (network configuration)
  const services = new Map<string, ServiceBuild>();
  const addService = (key: string, e: Entry, name: string, data: JsonObject): ServiceBuild => {
    const sources: SourceMapEntry[] = [{ data: [], source: e.source, node: e.raw, keys: 'cloudformation' }];
    const resource: Resource = { type: 'ecs:service', id: e.logicalId, name, data, origin: origin(e, sources) };
    if (e.unseen !== undefined) resource.unseen = e.unseen;
    const build = { resource, entries: sources };
    services.set(key, build);
    out.push(resource);
    return build;
  };
  for (const e of entries) {
    if (e.type !== 'AWS::ECS::Service') continue;
    const build = addService(e.logicalId, e, ownString(e.props, 'ServiceName') ?? e.logicalId, toApiShape(e.props, false) as JsonObject);
    // the cluster of this template it runs in (its managed storage key encrypts the service's EBS volumes)
    const cluster = refTarget(own(e.props, 'Cluster'));
    if (cluster !== undefined && byId.get(cluster)?.type === 'AWS::ECS::Cluster') build.resource.links = { cluster };
  }
  attachListeners(entries, services, refTarget);
  for (const e of entries) {
    if (e.type !== 'AWS::ECS::TaskSet') continue;
    const serviceRef = own(e.props, 'Service');
    // a service deployed elsewhere (a name, an ARN, an import): its task sets of this template are
    // checked as one service resource, placed at the first of them
    const external = `external:${JSON.stringify(serviceRef ?? null)}`;
    const label = serviceRef === undefined ? `(none named by ${e.logicalId})` : typeof serviceRef === 'string' ? serviceRef : describeComputed(serviceRef);
    const service = services.get(refTarget(serviceRef) ?? '') ?? services.get(external) ?? addService(external, e, label, { serviceName: label });
    const list = ((service.resource.data.taskSets as JsonValue[] | undefined) ??= []);
    service.entries.push({ data: ['taskSets', String(list.length)], source: e.source, node: e.raw, keys: 'cloudformation' });
    list.push({ ...(toApiShape(e.props, false) as JsonObject), id: e.logicalId });
    if (e.unseen !== undefined) service.resource.unseen ??= e.unseen;
  }
  for (const e of entries) {
    if (e.type !== 'AWS::ECS::Cluster') continue;
    // the API names the cluster's settings `settings`; CloudFormation `ClusterSettings`
    const data = toApiShape(e.props, false) as JsonObject;
    const settings = own(data, 'clusterSettings');
    if (settings !== undefined) {
      delete data.clusterSettings;
      data.settings = settings;
    }
    const name = ownString(data, 'clusterName') ?? e.logicalId;
    if (own(data, 'clusterName') === undefined) data.clusterName = name;
    const resource: Resource = { type: 'ecs:cluster', id: e.logicalId, name, data, origin: origin(e, [{ data: [], source: e.source, node: e.raw, keys: 'cloudformation', rename: { settings: 'ClusterSettings' } }]) };
    if (e.unseen !== undefined) resource.unseen = e.unseen;
    out.push(resource);
  }
  for (const r of scheduledTasks(entries, origin)) out.push(r);
  const forCapacityProviders = capacityProviderLaunchers(entries, byId);
  const templates = launchTemplates(entries);
  for (const e of entries) {
    if (!LAUNCHERS.has(e.type)) continue;
    const written = ownString(e.props, e.type === 'AWS::EC2::LaunchTemplate' ? 'LaunchTemplateName' : 'LaunchConfigurationName');
    const ecsGroup = forCapacityProviders.has(e.logicalId) || (written !== undefined && forCapacityProviders.has(`name:${written}`));
    const instances = launchedContainerInstances(e, doc.value as JsonObject, ecsGroup, templates, (entries) => origin(e, entries));
    if (instances) out.push(instances);
  }
  // the roles a task runs with: its task definition's, or one a task's RunTask overrides name
  if (out.some((r) => r.type === 'ecs:task-definition' || r.type === 'ecs:scheduled-task')) for (const role of roles.resources) out.push(role);
  for (const r of out) {
    // an address starts with the logical id it was built from (alphanumeric: `Rule/Target`)
    const incomplete = byId.get(/^[A-Za-z0-9]+/.exec(r.origin.address ?? '')?.[0] ?? '')?.incomplete;
    if (incomplete !== undefined && r.unseen === undefined) r.incomplete = incomplete;
  }
  return out;
}

interface ServiceBuild {
  resource: Resource;
  entries: SourceMapEntry[];
}

/**
 * The listeners clients reach each service through: for every target group of its load
 * balancers, the template's listeners (default actions and rules) forwarding to it, at their
 * place in the file, or `listener: null` when none of this template does.
 */
function attachListeners(entries: readonly Entry[], services: ReadonlyMap<string, ServiceBuild>, target: (v: JsonValue | undefined) => string | undefined): void {
  const byTargetGroup = listenersByTargetGroup(entries, target);
  for (const e of entries) {
    const build = e.type === 'AWS::ECS::Service' ? services.get(e.logicalId) : undefined;
    const balancers = ownArray(e.props, 'LoadBalancers');
    if (!build || !balancers) continue;
    const listeners: JsonValue[] = [];
    for (const lb of balancers) {
      const classic = own(lb, 'LoadBalancerName');
      if (classic !== undefined && classic !== null) classicListeners(entries, classic, target, build, listeners);
      const written = own(lb, 'TargetGroupArn');
      if (written === undefined || written === null) continue;
      const tg = target(written);
      const label = tg ?? (typeof written === 'string' ? written : describeComputed(written));
      const uses = tg !== undefined ? byTargetGroup.get(tg) ?? [] : [];
      if (uses.length === 0) listeners.push({ targetGroup: label, listener: null });
      for (const u of uses) {
        build.entries.push({ data: ['listeners', String(listeners.length)], source: u.entry.source, node: u.entry.raw, keys: 'cloudformation' });
        const protocol = own(u.entry.props, 'Protocol');
        const sslPolicy = own(u.entry.props, 'SslPolicy');
        listeners.push({ targetGroup: label, listener: u.listener, ...(u.rule !== undefined ? { rule: u.rule } : {}), ...(protocol !== undefined ? { protocol } : {}), ...(sslPolicy !== undefined ? { sslPolicy } : {}) });
      }
    }
    build.resource.data.listeners = listeners;
  }
}

/**
 * The listeners of the Classic Load Balancer a service's LoadBalancerName names, each at its
 * place in the file (`listener: null` when the template does not define the balancer).
 */
function classicListeners(entries: readonly Entry[], written: JsonValue, target: (v: JsonValue | undefined) => string | undefined, build: ServiceBuild, listeners: JsonValue[]): void {
  const clb = classicBalancer(entries, written, target);
  const label = clb?.logicalId ?? (typeof written === 'string' ? written.slice(0, 200) : describeComputed(written));
  if (!clb) {
    listeners.push({ loadBalancer: label, listener: null });
    return;
  }
  const list = own(clb.props, 'Listeners');
  if (!Array.isArray(list)) {
    listeners.push({ loadBalancer: label, unseen: `its Listeners are ${list === undefined ? 'not set' : describeComputed(list)}` });
    return;
  }
  const rawList = own(clb.raw, 'Listeners');
  list.forEach((l, j) => {
    const node = Array.isArray(rawList) && isObject(rawList[j]) ? (rawList[j] as JsonObject) : clb.raw;
    build.entries.push({ data: ['listeners', String(listeners.length)], source: node === clb.raw ? clb.source : [...clb.source, 'Listeners', String(j)], node, keys: 'cloudformation' });
    const port = own(l, 'LoadBalancerPort');
    const protocol = own(l, 'Protocol');
    listeners.push({ loadBalancer: label, listener: `${label} (${typeof port === 'string' || typeof port === 'number' ? `port ${String(port).slice(0, 8)}` : `listener ${j + 1}`})`, ...(protocol !== undefined ? { protocol } : {}) });
  });
}

/**
 * ECS tasks other services start (RunTask) with their own network configuration, platform and
 * overrides: EventBridge rules' targets and EventBridge Scheduler schedules with EcsParameters,
 * and the states of Step Functions state machines that run tasks.
 */
function scheduledTasks(entries: Entry[], origin: (e: Entry, entries: SourceMapEntry[]) => FileOrigin): Resource[] {
  const out: Resource[] = [];
  const add = (e: Entry, id: string, launcher: string, target: JsonValue | undefined, written: JsonValue | undefined, at: string[]) => {
    const parameters = own(target, 'EcsParameters');
    if (!isObject(parameters)) return;
    // the launcher is the loader's: a key the parameters write cannot replace it
    const data: JsonObject = { ...(toApiShape(parameters, false) as JsonObject), launcher };
    const sources: SourceMapEntry[] = [{ data: [], source: [...at, 'EcsParameters'], node: own(written, 'EcsParameters'), keys: 'cloudformation' }];
    // the input is RunTask's overrides, as JSON text (a !Sub or !Join keeps its deploy-time parts
    // where they go); one the event gives or a transformer builds is known only when the rule fires
    const input = own(target, 'Input');
    const perEvent = own(target, 'InputTransformer') !== undefined || own(target, 'InputPath') !== undefined;
    const overrides = perEvent ? unseen(INPUT_PER_EVENT) : (jsonFromTemplateText(input) ?? (typeof input === 'string' ? undefined : input));
    if (overrides !== undefined) {
      data.overrides = overrides;
      sources.push({ data: ['overrides'], source: [...at, perEvent ? (own(target, 'InputTransformer') !== undefined ? 'InputTransformer' : 'InputPath') : 'Input'], node: undefined, keys: 'opaque' });
    }
    const resource: Resource = { type: 'ecs:scheduled-task', id, name: launcher, data, origin: origin(e, sources) };
    if (e.unseen !== undefined) resource.unseen = e.unseen;
    out.push(resource);
  };
  for (const e of entries) {
    if (e.type === 'AWS::Events::Rule') {
      const written = ownArray(e.raw, 'Targets');
      (ownArray(e.props, 'Targets') ?? []).forEach((t, i) => {
        const target = ownString(t, 'Id') ?? String(i);
        add(e, `${e.logicalId}/${target}`, `EventBridge rule ${e.logicalId} (target ${target})`, t, written?.[i], [...e.source, 'Targets', String(i)]);
      });
    } else if (e.type === 'AWS::Scheduler::Schedule') {
      const target = own(e.props, 'Target');
      const launcher = `EventBridge Scheduler schedule ${e.logicalId}`;
      if (namesRunTaskTarget(own(target, 'Arn'))) out.push(runTaskRequestTask(e, e.logicalId, launcher, own(target, 'Input'), [...e.source, 'Target', 'Input'], origin));
      else add(e, e.logicalId, launcher, target, own(e.raw, 'Target'), [...e.source, 'Target']);
    } else if (e.type === 'AWS::StepFunctions::StateMachine' || e.type === 'AWS::Serverless::StateMachine') {
      for (const task of stateMachineDefinitionTasks(e)) out.push(stateMachineResource(task, origin(e, task.entries), e.unseen ?? task.unseen));
    }
  }
  return out;
}

/**
 * A schedule whose universal target calls RunTask: its Input (JSON text, or text a !Sub or !Join
 * assembles) is the RunTask request, in the API's own field names, all of it at the Input's line.
 */
function runTaskRequestTask(e: Entry, id: string, launcher: string, input: JsonValue | undefined, at: string[], origin: (e: Entry, entries: SourceMapEntry[]) => FileOrigin): Resource {
  const request = jsonFromTemplateText(input) ?? (isObject(input) && !isComputed(input) ? input : undefined);
  const data = isObject(request) ? runTaskRequestData(request, launcher) : { launcher };
  const resource: Resource = { type: 'ecs:scheduled-task', id, name: launcher, data, origin: origin(e, [{ data: [], source: at, node: undefined, keys: 'opaque' }]) };
  const unseenWhy = e.unseen ?? (isObject(request) ? undefined : `its RunTask request (the target's Input) is ${input === undefined ? 'not given' : isComputed(input) ? describeComputed(input) : 'not a JSON object'}`);
  if (unseenWhy !== undefined) resource.unseen = unseenWhy;
  return resource;
}

/**
 * The ECS tasks a state machine's states start, from its Definition (placed in the template) or
 * its DefinitionString (JSON text, or text a !Sub or !Join assembles), with its
 * DefinitionSubstitutions applied; a definition kept in S3 is not in the template.
 */
function stateMachineDefinitionTasks(e: Entry): StateMachineTask[] {
  const substitutions = ownObject(e.props, 'DefinitionSubstitutions');
  const definition = own(e.props, 'Definition');
  if (isObject(definition)) {
    return stateMachineTasks(e.logicalId, substituteDefinition(definition, substitutions), { source: [...e.source, 'Definition'], node: own(e.raw, 'Definition') });
  }
  const text = jsonFromTemplateText(own(e.props, 'DefinitionString'));
  if (text === undefined) return [];
  return stateMachineTasks(e.logicalId, substituteDefinition(text, substitutions), { source: [...e.source, 'DefinitionString'], node: undefined });
}

/** Renames CloudFormation's PascalCase keys to API field names; intrinsics and map keys stay. */
function toApiShape(value: JsonValue, verbatimKeys: boolean): JsonValue {
  if (Array.isArray(value)) return value.map((v) => toApiShape(v, false));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0]!.startsWith('$'))) {
    // an Fn::If keeps its name, and its branches are properties like any other
    const branches = own(value, 'Fn::If');
    if (Array.isArray(branches) && branches.length === 3) return { 'Fn::If': [branches[0]!, toApiShape(branches[1]!, verbatimKeys), toApiShape(branches[2]!, verbatimKeys)] };
    return value;
  }
  const out: JsonObject = {};
  for (const k of keys) {
    const name = verbatimKeys ? k : toApiFieldName(k);
    setOwn(out, name, toApiShape(value[k]!, !verbatimKeys && MAP_VALUED_FIELDS.has(name)));
  }
  return out;
}

interface RoleBuild {
  logicalId: string;
  entry: Entry;
  data: JsonObject;
  entries: SourceMapEntry[];
  /** Logical ids of the template's managed policies attached, each once. */
  managed: Set<string>;
}

interface TemplateRoles {
  resources: Resource[];
  /** Which role of the template a role reference (Ref, GetAtt, Sub, ARN or name) names. */
  named(value: JsonValue | undefined): string | undefined;
}

function collectRoles(entries: Entry[], byId: Map<string, Entry>, file: string, doc: ParsedDocument): TemplateRoles {
  const builds = new Map<string, RoleBuild>();
  /** Role name (a literal, or a computed name's JSON) -> logical id. */
  const byName = new Map<string, string>();
  for (const e of entries) {
    if (e.type !== 'AWS::IAM::Role') continue;
    const props = e.props;
    const base = e.source;
    const roleName = own(props, 'RoleName');
    const data: JsonObject = {
      RoleName: roleName ?? e.logicalId,
      Arn: { 'Fn::GetAtt': [e.logicalId, 'Arn'] },
      RolePolicyList: [],
      AttachedManagedPolicies: [],
    };
    const sources: SourceMapEntry[] = [{ data: [], source: base, node: e.raw, keys: 'same' }];
    const assume = own(props, 'AssumeRolePolicyDocument');
    if (assume !== undefined) data.AssumeRolePolicyDocument = assume;
    const boundary = own(props, 'PermissionsBoundary');
    if (boundary !== undefined) {
      data.PermissionsBoundary = { PermissionsBoundaryArn: boundary };
      const managed = byId.get(refTarget(boundary) ?? '');
      if (managed?.type === 'AWS::IAM::ManagedPolicy') {
        (data.PermissionsBoundary as JsonObject).PolicyDocument = own(managed.props, 'PolicyDocument') ?? null;
        sources.push({ data: ['PermissionsBoundary', 'PolicyDocument'], source: [...managed.source, 'PolicyDocument'], node: own(managed.raw, 'PolicyDocument') ?? null, keys: 'same' });
      }
    }
    const build: RoleBuild = { logicalId: e.logicalId, entry: e, data, entries: sources, managed: new Set() };
    (ownArray(props, 'Policies') ?? []).forEach((p, i) => {
      addInline(build, { PolicyName: own(p, 'PolicyName') ?? `policy-${i}`, PolicyDocument: own(p, 'PolicyDocument') ?? null }, [...base, 'Policies', String(i)], p);
    });
    (ownArray(props, 'ManagedPolicyArns') ?? []).forEach((arn, i) => {
      const managedId = refTarget(arn);
      const managed = managedId ? byId.get(managedId) : undefined;
      if (managed && managed.type === 'AWS::IAM::ManagedPolicy') {
        addManaged(build, managed);
      } else {
        const list = data.AttachedManagedPolicies as JsonValue[];
        sources.push({ data: ['AttachedManagedPolicies', String(list.length)], source: [...base, 'ManagedPolicyArns', String(i)], node: arn, keys: 'same' });
        // a !Sub ARN still ends in the policy's name
        const text = typeof arn === 'string' ? arn : ownString(arn, 'Fn::Sub');
        list.push({ PolicyArn: arn, PolicyName: text !== undefined ? text.slice(text.lastIndexOf('/') + 1) : managedId ?? 'unknown' });
      }
    });
    builds.set(e.logicalId, build);
    const nameKey = roleNameKey(roleName);
    if (nameKey !== undefined && !byName.has(nameKey)) byName.set(nameKey, e.logicalId);
  }
  const named = (value: JsonValue | undefined): string | undefined => {
    if (value === undefined || value === null) return undefined;
    const target = refTarget(value);
    if (target && builds.has(target)) return target;
    // "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ExecRole}" names the role ${ExecRole}
    const inSub = subNames(value).find((name) => builds.has(name));
    if (inSub) return inSub;
    if (typeof value === 'string') return byName.get(roleNameKey(value.slice(value.lastIndexOf('/') + 1))!);
    // a computed role name written the same way twice names the same role
    return byName.get(roleNameKey(value)!);
  };
  // Policies defined as their own resources and attached to roles of this template, by reference
  // or by the role's name.
  for (const e of entries) {
    const props = e.props;
    if (e.type === 'AWS::IAM::Policy' || e.type === 'AWS::IAM::ManagedPolicy') {
      for (const ref of ownArray(props, 'Roles') ?? []) {
        const build = builds.get(named(ref) ?? '');
        if (!build) continue;
        if (e.type === 'AWS::IAM::Policy') addInline(build, { PolicyName: own(props, 'PolicyName') ?? e.logicalId, PolicyDocument: own(props, 'PolicyDocument') ?? null }, e.source, e.raw);
        else addManaged(build, e);
      }
    } else if (e.type === 'AWS::IAM::RolePolicy') {
      const build = builds.get(named(own(props, 'RoleName')) ?? '');
      if (build) addInline(build, { PolicyName: own(props, 'PolicyName') ?? e.logicalId, PolicyDocument: own(props, 'PolicyDocument') ?? null }, e.source, e.raw);
    }
  }
  const resources: Resource[] = [];
  for (const b of builds.values()) {
    const map = new ResourceSourceMap(b.entries, doc.locate);
    const roleName = b.data.RoleName;
    const role: Resource = {
      type: 'iam:role',
      id: b.logicalId,
      name: typeof roleName === 'string' ? roleName : b.logicalId,
      data: b.data,
      origin: { kind: 'file', file, shape: 'cloudformation', address: b.logicalId, locate: (p) => map.locate(p) },
    };
    if (b.entry.unseen !== undefined) role.unseen = b.entry.unseen;
    resources.push(role);
  }
  return { resources, named };
}

function roleNameKey(name: JsonValue | undefined): string | undefined {
  if (name === undefined || name === null) return undefined;
  return typeof name === 'string' ? `name:${name}` : `computed:${JSON.stringify(name)}`;
}

function addInline(build: RoleBuild, policy: JsonObject, source: string[], node: JsonValue): void {
  const list = build.data.RolePolicyList as JsonValue[];
  build.entries.push({ data: ['RolePolicyList', String(list.length)], source, node, keys: 'same' });
  list.push(policy);
}

function addManaged(build: RoleBuild, managed: Entry): void {
  if (build.managed.has(managed.logicalId)) return;
  build.managed.add(managed.logicalId);
  const list = build.data.AttachedManagedPolicies as JsonValue[];
  build.entries.push({ data: ['AttachedManagedPolicies', String(list.length)], source: managed.source, node: managed.raw, keys: 'same' });
  list.push({ PolicyName: own(managed.props, 'ManagedPolicyName') ?? managed.logicalId, PolicyArn: { Ref: managed.logicalId }, PolicyDocument: own(managed.props, 'PolicyDocument') ?? null });
}

/** What a task definition reads its secrets from: the template's secrets and parameters. */
const SECRET_STORES = new Set(['AWS::SecretsManager::Secret', 'AWS::SSM::Parameter']);

/**
 * The fields of a task definition that name a secret or parameter of the template, by pointer:
 * `ValueFrom: !Ref DbSecret`, `!Sub "${DbSecret}:password::"` or `!Sub
 * "arn:...:parameter/${DbParam}"` (a Ref of a parameter is its name).
 */
function secretReferences(td: JsonObject, byId: ReadonlyMap<string, Entry>, parametersByName: ReadonlyMap<string, Entry>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const named = (v: JsonValue | undefined): string | undefined => {
    if (typeof v === 'string') return parametersByName.get(parameterName(v))?.logicalId;
    const target = refTarget(v);
    if (target) return SECRET_STORES.has(byId.get(target)?.type ?? '') ? target : undefined;
    return subNames(v)
      .map((name) => name.split('.')[0]!)
      .find((id) => SECRET_STORES.has(byId.get(id)?.type ?? ''));
  };
  for (const { pointer, value } of secretFields(td)) {
    const id = named(value as JsonValue);
    if (id) out[pointer] = id;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The secrets and parameters the template's task definitions name, as the live audit describes
 * them (`ssm:parameter` with its Type, `secretsmanager:secret` with its KmsKeyId), and the
 * template's KMS keys they are encrypted with: customer managed keys, by definition. A key the
 * secret names through an alias of the template is that alias's key.
 */
function storedSecrets(out: Resource[], byId: ReadonlyMap<string, Entry>, origin: (e: Entry, entries: SourceMapEntry[]) => FileOrigin): Resource[] {
  const named = new Set<string>();
  for (const r of out) for (const id of Object.values(r.refersTo ?? {})) named.add(id);
  const made: Resource[] = [];
  const keys = new Set<string>();
  const keyOf = (v: JsonValue | undefined): JsonValue | undefined => {
    const target = refTarget(v);
    const entry = target === undefined ? undefined : byId.get(target);
    if (entry?.type === 'AWS::KMS::Key') {
      keys.add(entry.logicalId);
      return entry.logicalId;
    }
    if (entry?.type === 'AWS::KMS::Alias') return keyOf(own(entry.props, 'TargetKeyId'));
    return v;
  };
  const written = (e: Entry) => ({ id: e.logicalId, name: ownString(e.props, 'Name') ?? e.logicalId, origin: origin(e, [{ data: [], source: e.source, node: e.raw, keys: 'same' }]) });
  for (const id of named) {
    const e = byId.get(id)!;
    const name = own(e.props, 'Name') ?? e.logicalId;
    // CloudFormation creates String and StringList parameters only: never a SecureString
    if (e.type === 'AWS::SSM::Parameter') made.push(writtenParameter(written(e), name, own(e.props, 'Type'), undefined));
    else made.push(writtenSecret(written(e), name, keyOf(own(e.props, 'KmsKeyId'))));
  }
  for (const k of keys) {
    const e = byId.get(k)!;
    made.push(writtenKey(written(e), own(e.props, 'Origin') ?? 'AWS_KMS'));
  }
  return made;
}

/**
 * The template's log groups its task definitions send awslogs output to (`awslogs-group: !Ref
 * Logs`, or the group's name), as the live audit describes them: logGroupName, kmsKeyId and
 * retentionInDays (absent when the group keeps logs forever).
 */
function writtenLogGroups(out: Resource[], entries: Entry[], origin: (e: Entry, entries: SourceMapEntry[]) => FileOrigin): Resource[] {
  const groups = entries.filter((e) => e.type === 'AWS::Logs::LogGroup');
  if (groups.length === 0) return [];
  const byName = firstBy(groups, (g) => ownString(g.props, 'LogGroupName') || undefined);
  const ids = new Set(groups.map((g) => g.logicalId));
  const written = new Set<string>();
  for (const td of out) {
    if (td.type !== 'ecs:task-definition') continue;
    for (const c of ownArray(td.data, 'containerDefinitions') ?? []) {
      const group = own(own(own(c, 'logConfiguration'), 'options'), 'awslogs-group');
      const target = refTarget(group);
      const id = target !== undefined ? (ids.has(target) ? target : undefined) : typeof group === 'string' ? byName.get(group)?.logicalId : undefined;
      if (id) written.add(id);
    }
  }
  return groups
    .filter((e) => written.has(e.logicalId))
    .map((e) => {
      const w = { id: e.logicalId, name: ownString(e.props, 'LogGroupName') ?? e.logicalId, origin: origin(e, [{ data: [], source: e.source, node: e.raw, keys: 'cloudformation' }]), ...(e.unseen !== undefined ? { unseen: e.unseen } : {}) };
      return writtenLogGroup(w, own(e.props, 'KmsKeyId'), own(e.props, 'RetentionInDays'));
    });
}

/** The names a `!Sub` template refers to (`${ExecRole}`, `${DbSecret.Arn}`), in order; none for any other value. */
function subNames(value: JsonValue | undefined): string[] {
  const sub = own(value, 'Fn::Sub');
  const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  const out: string[] = [];
  if (!text) return out;
  for (let i = text.indexOf('${'); i !== -1; i = text.indexOf('${', i + 2)) {
    const end = text.indexOf('}', i);
    if (end === -1) break;
    out.push(text.slice(i + 2, end));
  }
  return out;
}

/** `!Ref X` or `!GetAtt X.Arn` -> X. */
function refTarget(value: JsonValue | undefined): string | undefined {
  const ref = ownString(value, 'Ref');
  if (ref) return ref;
  const getAtt = own(value, 'Fn::GetAtt');
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** The template's launch templates, by logical id and by name. */
interface LaunchTemplates {
  byId: Map<string, Entry>;
  byName: Map<string, Entry>;
}

function launchTemplates(entries: Entry[]): LaunchTemplates {
  const templates = entries.filter((e) => e.type === 'AWS::EC2::LaunchTemplate');
  return { byId: firstBy(templates, (e) => e.logicalId), byName: firstBy(templates, (e) => ownString(e.props, 'LaunchTemplateName') || undefined) };
}

/**
 * A launch template or launch configuration that starts ECS container instances (an ECS capacity
 * provider's group launches from it, its user data configures the ECS agent, or its image is an
 * ECS-optimized AMI): the instances it launches, with their metadata options and a summary of
 * their user data, for ecs-imds-blocked.
 */
function launchedContainerInstances(e: Entry, template: JsonObject, ecsGroup: boolean, templates: LaunchTemplates, originOf: (entries: SourceMapEntry[]) => FileOrigin): Resource | undefined {
  const isTemplate = e.type === 'AWS::EC2::LaunchTemplate';
  const props = isTemplate ? ownObject(e.props, 'LaunchTemplateData') ?? {} : e.props;
  const rawUserData = own(props, 'UserData');
  // cfn-init runs what the resource's AWS::CloudFormation::Init says (commands, files such as
  // /etc/ecs/ecs.config) when the user data calls it: part of how the instance boots
  const userData = summariseFileUserData(rawUserData, true, e.init === undefined ? [] : initTexts(e.init));
  if (!ecsGroup && !userData?.configuresEcs && !ecsOptimizedImage(own(props, 'ImageId'), template)) return undefined;
  const instance = e.type === 'AWS::EC2::Instance';
  const source = isTemplate ? [...e.source, 'LaunchTemplateData'] : e.source;
  const node = isTemplate ? own(e.raw, 'LaunchTemplateData') : e.raw;
  const resource = launchedInstances({
    id: e.logicalId,
    name: ownString(e.props, isTemplate ? 'LaunchTemplateName' : 'LaunchConfigurationName') ?? e.logicalId,
    origin: originOf([
      { data: [], source: e.source, node: e.raw, keys: 'same' },
      { data: ['LaunchTemplateData'], source, node, keys: 'same' },
    ]),
    metadataOptions: instance ? instanceMetadataOptions(props, templates) : own(props, 'MetadataOptions'),
    userData,
    userDataField: 'UserData',
    unreadable: () => `UserData is ${describeComputed(rawUserData!)}`,
    oneInstance: instance,
  });
  if (e.unseen !== undefined) resource.unseen = e.unseen;
  return resource;
}

/**
 * The launch templates and configurations (logical ids, or `name:` and a launch template's name)
 * that the Auto Scaling groups of the template's ECS capacity providers launch from: what they
 * start are ECS container instances, whatever their user data and image say.
 */
function capacityProviderLaunchers(entries: Entry[], byId: ReadonlyMap<string, Entry>): Set<string> {
  const out = new Set<string>();
  const add = (v: JsonValue | undefined) => {
    const target = refTarget(v);
    if (target) out.add(target);
    else if (typeof v === 'string') out.add(`name:${v}`);
  };
  for (const e of entries) {
    if (e.type !== 'AWS::ECS::CapacityProvider') continue;
    const group = byId.get(refTarget(own(ownObject(e.props, 'AutoScalingGroupProvider'), 'AutoScalingGroupArn')) ?? '');
    if (group?.type !== 'AWS::AutoScaling::AutoScalingGroup') continue;
    add(own(group.props, 'LaunchConfigurationName'));
    const mixed = ownObject(ownObject(group.props, 'MixedInstancesPolicy'), 'LaunchTemplate');
    const specs = [ownObject(group.props, 'LaunchTemplate'), ownObject(mixed, 'LaunchTemplateSpecification')];
    for (const o of ownArray(mixed, 'Overrides') ?? []) specs.push(ownObject(o, 'LaunchTemplateSpecification'));
    for (const spec of specs) {
      add(own(spec, 'LaunchTemplateId'));
      add(own(spec, 'LaunchTemplateName'));
    }
  }
  return out;
}

/**
 * An instance's metadata options: its own; else, when it names a launch template, that template's
 * (when this template writes it; unseen otherwise); else none, the defaults.
 */
function instanceMetadataOptions(props: JsonObject, templates: LaunchTemplates): JsonValue | undefined {
  const written = own(props, 'MetadataOptions');
  if (written !== undefined) return written;
  const spec = own(props, 'LaunchTemplate');
  if (spec === undefined) return undefined;
  const id = refTarget(own(spec, 'LaunchTemplateId'));
  const name = ownString(spec, 'LaunchTemplateName');
  const named = (id !== undefined ? templates.byId.get(id) : undefined) ?? (name !== undefined ? templates.byName.get(name) : undefined);
  if (!named) return unseen('the metadata options of the launch template it names');
  return own(ownObject(named.props, 'LaunchTemplateData'), 'MetadataOptions');
}

/** The texts of a cfn-init configuration: its commands and file contents, each as it can be rendered. */
function initTexts(init: JsonValue): string[] {
  const out: string[] = [];
  let budget = 10_000;
  const walk = (v: JsonValue): void => {
    if (budget-- <= 0) return;
    if (typeof v === 'string') out.push(v);
    else if (isComputed(v)) out.push(...renderTexts(v).texts.map((t) => t.text));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) for (const k of Object.keys(v)) walk(v[k]!);
  };
  walk(init);
  return out;
}

/** An ECS-optimized AMI, or a !Ref to a parameter whose default is one (the public ECS AMI parameter). */
function ecsOptimizedImage(imageId: JsonValue | undefined, template: JsonObject): boolean {
  if (namesEcsOptimizedImage(imageId)) return true;
  const ref = ownString(imageId, 'Ref');
  return ref !== undefined && namesEcsOptimizedImage(ownString(ownObject(ownObject(template, 'Parameters'), ref), 'Default'));
}
