// The Amazon ECS CLI's projects (`ecs-cli compose`): a Docker Compose file's services become the
// containers of a task definition, and `ecs-params.yml` beside it adds what Compose cannot say:
// the task's roles, network mode and size, each container's secrets and essential flag, EFS
// volumes, and the network configuration `compose service up` gives the service. Read from the
// ECS parameters file (the file that makes a Compose project an ECS one), with each finding at
// the line of the file that sets it. Conversions follow the ECS CLI's: `mem_limit: 512m` is
// `memory: 512`, `read_only` is `readonlyRootFilesystem`, a variable written without a value is
// taken from the environment ecs-cli runs in (a placeholder).
import type { ParsedDocument } from '../../documents/parse-document.js';
import type { Resource } from '../../inventory/resource.js';
import { placeholder, unseen } from '../../inventory/computed.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';
import { isObject, own, ownObject, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { parsePointer, toPointer } from '../../util/pointer.js';
import type { SourcePosition } from '../../util/positions.js';
import { shellCommands } from './shell-words.js';
import type { EnvFileReader } from './env-files.js';
import { asBoolean } from './normalise-fields.js';

/** An ECS parameters file: `version: 1` with `task_definition` or `run_params`. */
export function isEcsParams(value: JsonValue): boolean {
  if (!isObject(value)) return false;
  const version = own(value, 'version');
  return (version === 1 || version === '1') && (isObject(own(value, 'task_definition')) || isObject(own(value, 'run_params')));
}

/** A parsed file of the project, and how findings name it when it is not the parameters file. */
export interface ProjectFile {
  doc: ParsedDocument;
  /** Display path, for places in the Compose file. */
  display: string;
}

/** Where a part of the resources' data is written: in which file, at which path, and whether the keys below are the file's. */
interface Place {
  compose: boolean;
  path: Array<string | number>;
  sameBelow?: boolean;
  /** A place in another file of the project (a line of an env_file). */
  at?: SourcePosition;
}

class Places {
  private readonly places = new Map<string, Place>();
  constructor(
    private readonly params: ParsedDocument,
    private readonly compose: ProjectFile | undefined,
  ) {}

  set(data: Array<string | number>, place: Place): void {
    this.places.set(toPointer(data), place);
  }

  /** The place of a data pointer: its own, or its nearest ancestor's (with the rest of the path when keys are the file's). */
  locate(pointer: string): SourcePosition {
    const segs = parsePointer(pointer);
    for (let n = segs.length; n >= 0; n--) {
      const hit = this.places.get(toPointer(segs.slice(0, n)));
      if (!hit) continue;
      if (hit.at) return hit.at;
      const path = (hit.sameBelow ? [...hit.path, ...segs.slice(n)] : hit.path).map(String);
      if (!hit.compose) return this.params.locate(path);
      return this.compose ? { ...this.compose.doc.locate(path), file: this.compose.display } : this.params.locate([]);
    }
    return this.params.locate([]);
  }
}

/** The task definition and (with a network configuration) the service an ECS CLI project deploys. */
export function extractEcsCliProject(params: ParsedDocument, file: string, project: string, compose: ProjectFile | { missing: string }, envFiles: EnvFileReader): Resource[] {
  const p = params.value as JsonObject;
  const composeFile = 'doc' in compose ? compose : undefined;
  const places = new Places(params, composeFile);
  const td = ownObject(p, 'task_definition') ?? {};
  const data: JsonObject = { family: project };
  places.set([], { compose: false, path: [] });
  // a task-level field from its place under task_definition (a number, as ECS takes it, its text)
  const task = (field: string, ...path: string[]) => {
    const value = path.reduce<JsonValue | undefined>((v, k) => own(v, k), td);
    if (value === undefined || value === null) return;
    data[field] = scalarOrValue(value);
    places.set([field], { compose: false, path: ['task_definition', ...path] });
  };
  // ECS CLI's default network mode is bridge
  if (own(td, 'ecs_network_mode') == null) data.networkMode = 'bridge';
  task('networkMode', 'ecs_network_mode');
  task('taskRoleArn', 'task_role_arn');
  task('executionRoleArn', 'task_execution_role');
  task('pidMode', 'pid_mode');
  task('ipcMode', 'ipc_mode');
  task('cpu', 'task_size', 'cpu_limit');
  task('memory', 'task_size', 'mem_limit');
  const volumes = efsVolumes(td, places);
  if (volumes.length > 0) data.volumes = volumes;

  const overrides = ownObject(td, 'services') ?? {};
  if (!composeFile) {
    data.containerDefinitions = unseen(`the containers are in the Docker Compose file ecs-cli reads with ${file.slice(file.lastIndexOf('/') + 1)}, ${(compose as { missing: string }).missing}`);
  } else {
    const services = composeServices(composeFile.doc.value);
    // a service's bind mounts are volumes of the task, after the parameters file's EFS volumes
    const mounts: BindMounts = { volumes: [...volumes], places };
    data.containerDefinitions = services.map(({ name, service, path }, i) => container(name, service, path, ownObject(overrides, name), i, places, envFiles, mounts));
    if (mounts.volumes.length > 0) data.volumes = mounts.volumes;
    markPlaceholderStrings(data.containerDefinitions);
  }
  const out: Resource[] = [{ type: 'ecs:task-definition', id: project, name: project, data, origin: { kind: 'file', file, shape: 'ecs-cli-project', address: project, locate: (ptr) => places.locate(ptr) } }];

  const vpc = ownObject(ownObject(ownObject(p, 'run_params'), 'network_configuration'), 'awsvpc_configuration');
  if (vpc) {
    const servicePlaces = new Places(params, composeFile);
    const at = ['run_params', 'network_configuration', 'awsvpc_configuration'];
    const awsvpc: JsonObject = {};
    for (const [field, key] of [['subnets', 'subnets'], ['securityGroups', 'security_groups'], ['assignPublicIp', 'assign_public_ip']] as const) {
      const v = own(vpc, key);
      if (v === undefined || v === null) continue;
      awsvpc[field] = v;
      servicePlaces.set(['networkConfiguration', 'awsvpcConfiguration', field], { compose: false, path: [...at, key], sameBelow: true });
    }
    servicePlaces.set([], { compose: false, path: ['run_params'] });
    const service: JsonObject = { serviceName: project, taskDefinition: project, networkConfiguration: { awsvpcConfiguration: awsvpc } };
    markPlaceholderStrings(service);
    out.push({ type: 'ecs:service', id: project, name: project, data: service, origin: { kind: 'file', file, shape: 'ecs-cli-project', address: `${project} (ecs-cli compose service)`, locate: (ptr) => servicePlaces.locate(ptr) } });
  }
  return out;
}

/** A Compose file's services: `services:` (format 2 and 3), or the top-level map of format 1. */
function composeServices(value: JsonValue): Array<{ name: string; service: JsonObject; path: string[] }> {
  const listed = ownObject(value, 'services');
  const root = listed ?? (isObject(value) && own(value, 'version') === undefined ? value : {});
  const prefix = listed ? ['services'] : [];
  return Object.keys(root)
    .filter((k) => isObject(root[k]))
    .map((name) => ({ name, service: root[name] as JsonObject, path: [...prefix, name] }));
}

/** One Compose service as the container ECS CLI writes, with the parameters file's settings for it. */
function container(name: string, s: JsonObject, at: string[], extra: JsonObject | undefined, i: number, places: Places, envFiles: EnvFileReader, mounts: BindMounts): JsonObject {
  const base = ['containerDefinitions', i];
  const c: JsonObject = { name };
  places.set(base, { compose: true, path: at });
  const put = (field: string, value: JsonValue | undefined, key: string, compose = true, sameBelow = false) => {
    if (value === undefined) return;
    c[field] = value;
    places.set([...base, field], { compose, path: compose ? [...at, key] : ['task_definition', 'services', name, key], sameBelow });
  };
  // a service Compose builds has no image ecs-cli can name from the file
  put('image', scalarOrUndefined(own(s, 'image')) ?? (own(s, 'build') !== undefined ? unseen("built from the service's build context (the name it is pushed as is not in the Compose file)") : undefined), own(s, 'image') !== undefined ? 'image' : 'build');
  put('command', words(own(s, 'command')), 'command');
  put('entryPoint', words(own(s, 'entrypoint')), 'entrypoint');
  put('user', scalarOrUndefined(own(s, 'user')), 'user');
  put('privileged', boolOrValue(own(s, 'privileged')), 'privileged');
  put('readonlyRootFilesystem', boolOrValue(own(s, 'read_only')), 'read_only');
  put('hostname', scalarOrUndefined(own(s, 'hostname')), 'hostname');
  put('workingDirectory', scalarOrUndefined(own(s, 'working_dir')), 'working_dir');
  put('cpu', numberOrValue(own(extra, 'cpu_shares') ?? own(s, 'cpu_shares')), 'cpu_shares', own(extra, 'cpu_shares') === undefined);
  const memory = own(extra, 'mem_limit') ?? own(s, 'mem_limit');
  put('memory', mebibytes(memory), 'mem_limit', own(extra, 'mem_limit') === undefined);
  const reservation = own(extra, 'mem_reservation') ?? own(s, 'mem_reservation');
  put('memoryReservation', mebibytes(reservation), 'mem_reservation', own(extra, 'mem_reservation') === undefined);
  // an env_file's variables and environment's own, which win over them
  const own_ = environment(own(s, 'environment'), [...at, 'environment']);
  const named = new Set(own_.map((e) => own(e.value, 'name')));
  const all = [...envFileEntries(own(s, 'env_file'), [...at, 'env_file'], envFiles).filter((e) => !named.has(own(e.value, 'name') as string)), ...own_];
  if (all.length > 0 || own(s, 'environment') !== undefined) {
    c.environment = all.map((e, j) => {
      places.set([...base, 'environment', j], e.place);
      return e.value;
    });
  }
  const labels = own(s, 'labels');
  if (labels !== undefined) put('dockerLabels', keyValues(labels), 'labels');
  const logging = ownObject(s, 'logging');
  if (logging) {
    const lc: JsonObject = {};
    if (own(logging, 'driver') !== undefined) lc.logDriver = scalarOrValue(own(logging, 'driver')!);
    if (isObject(own(logging, 'options'))) lc.options = own(logging, 'options')!;
    put('logConfiguration', lc, 'logging');
    places.set([...base, 'logConfiguration', 'logDriver'], { compose: true, path: [...at, 'logging', 'driver'] });
    places.set([...base, 'logConfiguration', 'options'], { compose: true, path: [...at, 'logging', 'options'], sameBelow: true });
  }
  put('dockerSecurityOptions', own(s, 'security_opt') ?? undefined, 'security_opt', true, true);
  const capAdd = own(s, 'cap_add');
  const capDrop = own(s, 'cap_drop');
  const devices = composeDevices(own(s, 'devices'), [...base, 'linuxParameters', 'devices'], [...at, 'devices'], places);
  if (capAdd !== undefined || capDrop !== undefined || devices !== undefined || own(extra, 'init_process_enabled') !== undefined) {
    const lp: JsonObject = {};
    if (capAdd !== undefined || capDrop !== undefined) {
      const capabilities: JsonObject = {};
      if (capAdd !== undefined) capabilities.add = capAdd;
      if (capDrop !== undefined) capabilities.drop = capDrop;
      lp.capabilities = capabilities;
    }
    if (devices !== undefined) lp.devices = devices;
    if (own(extra, 'init_process_enabled') !== undefined) lp.initProcessEnabled = boolOrValue(own(extra, 'init_process_enabled'))!;
    put('linuxParameters', lp, capAdd !== undefined ? 'cap_add' : capDrop !== undefined ? 'cap_drop' : 'devices');
  }
  const mountPoints = bindMounts(own(s, 'volumes'), base, [...at, 'volumes'], mounts);
  if (mountPoints !== undefined) c.mountPoints = mountPoints;
  // the parameters file's own settings of the container
  if (extra) {
    put('essential', boolOrValue(own(extra, 'essential')), 'essential', false);
    const secrets = own(extra, 'secrets');
    if (Array.isArray(secrets)) {
      c.secrets = secrets.map((x, j) => {
        places.set([...base, 'secrets', j], { compose: false, path: ['task_definition', 'services', name, 'secrets', j] });
        places.set([...base, 'secrets', j, 'valueFrom'], { compose: false, path: ['task_definition', 'services', name, 'secrets', j, 'value_from'] });
        return { name: scalarOrValue(own(x, 'name') ?? null), valueFrom: scalarOrValue(own(x, 'value_from') ?? null) };
      });
    }
    const credentials = ownObject(extra, 'repository_credentials');
    if (credentials && own(credentials, 'credentials_parameter') !== undefined) {
      put('repositoryCredentials', { credentialsParameter: scalarOrValue(own(credentials, 'credentials_parameter')!) }, 'repository_credentials', false);
    }
    const firelens = ownObject(extra, 'firelens_configuration');
    if (firelens) put('firelensConfiguration', { type: scalarOrValue(own(firelens, 'type') ?? null), ...(isObject(own(firelens, 'options')) ? { options: own(firelens, 'options')! } : {}) }, 'firelens_configuration', false);
  }
  return c;
}

/** An environment entry and where it is written. */
interface Entry {
  value: JsonValue;
  place: Place;
}

/** `environment:` as a map or a list of `KEY=value`; a key without a value is read from where ecs-cli runs. */
function environment(value: JsonValue | undefined, at: string[]): Entry[] {
  const out: Entry[] = [];
  const add = (name: string, v: JsonValue | undefined, path: Array<string | number>) => {
    out.push({ value: { name, value: v === undefined || v === null ? placeholder(`\${${name}}`) : scalarOrValue(v) }, place: { compose: true, path } });
  };
  if (Array.isArray(value)) {
    value.forEach((item, j) => {
      if (typeof item !== 'string') return;
      const eq = item.indexOf('=');
      add(eq === -1 ? item : item.slice(0, eq), eq === -1 ? undefined : item.slice(eq + 1), [...at, j]);
    });
  } else if (isObject(value)) {
    for (const k of Object.keys(value)) add(k, value[k], [...at, k]);
  }
  return out;
}

/**
 * The environment entries of a service's env_file (one path or a list): each variable at its line
 * of the file; a file that could not be read is an entry no check can see into.
 */
function envFileEntries(value: JsonValue | undefined, at: string[], envFiles: EnvFileReader): Entry[] {
  const out: Entry[] = [];
  const paths = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  paths.forEach((path, j) => {
    const where = typeof value === 'string' ? at : [...at, j];
    // a path is shown only when it is one (a value written there is not repeated)
    const shown = typeof path === 'string' && /^[A-Za-z0-9_./-]{1,120}$/.test(path) ? path : 'one of its env_file entries';
    const read = typeof path === 'string' ? envFiles(path) : { missing: 'it is not a path' };
    if ('missing' in read) {
      out.push({ value: unseen(`the variables of ${shown}, which ecs-cli adds to the environment, could not be read (${read.missing})`), place: { compose: true, path: where } });
      return;
    }
    for (const e of read.entries) out.push({ value: { name: e.name, value: e.value }, place: { compose: true, path: where, at: { line: e.line, column: 1, file: read.display } } });
  });
  return out;
}

/** The task's volumes as they grow, and where each is written. */
interface BindMounts {
  volumes: JsonValue[];
  places: Places;
}

/**
 * A service's `volumes` that name a host path (`/var/run/docker.sock:/var/run/docker.sock:ro`, or
 * the long form `{ type: bind, source, target }`), as ECS CLI writes them: a host volume of the
 * task (`host.sourcePath`) and the container's mount point. Named volumes (Docker volumes) and
 * anonymous ones hand over no host path. A list the file computes is kept as written.
 */
function bindMounts(value: JsonValue | undefined, base: Array<string | number>, at: Array<string | number>, mounts: BindMounts): JsonValue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const points: JsonValue[] = [];
  value.forEach((item, j) => {
    let source: JsonValue | undefined;
    let target: JsonValue | undefined;
    let readOnly: boolean | undefined;
    if (typeof item === 'string') {
      const parts = item.split(':');
      if (parts.length < 2) return; // an anonymous volume
      [source, target] = [parts[0]!, parts[1]!];
      readOnly = parts[2] === 'ro' ? true : undefined;
    } else if (isObject(item) && (own(item, 'type') === 'bind' || own(item, 'type') === undefined)) {
      source = own(item, 'source');
      target = own(item, 'target');
      if (own(item, 'read_only') !== undefined) readOnly = boolOrValue(own(item, 'read_only')) === true;
    }
    // a host path starts with / . or ~ (a bare name is a named volume)
    if (typeof source !== 'string' || !/^[/.~]/.test(source)) return;
    const name = `${String(at[at.length - 2] ?? 'service')}-bind-${j}`;
    const v = mounts.volumes.length;
    mounts.places.set(['volumes', v], { compose: true, path: [...at, j] });
    mounts.volumes.push({ name, host: { sourcePath: source } });
    mounts.places.set([...base, 'mountPoints', points.length], { compose: true, path: [...at, j] });
    points.push({ sourceVolume: name, containerPath: target === undefined ? null : scalarOrValue(target), ...(readOnly !== undefined ? { readOnly } : {}) });
  });
  return points.length > 0 ? points : undefined;
}

/** `devices: [/dev/fuse, "/dev/sda:/dev/xvda:rwm"]` as linuxParameters.devices. */
function composeDevices(value: JsonValue | undefined, data: Array<string | number>, at: Array<string | number>, places: Places): JsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return value;
  return value.map((d, j) => {
    places.set([...data, j], { compose: true, path: [...at, j] });
    if (typeof d !== 'string') return d;
    const [hostPath, containerPath, permissions] = d.split(':');
    return { hostPath: hostPath!, containerPath: containerPath ?? hostPath!, ...(permissions ? { permissions: [...permissions].map((p) => (p === 'r' ? 'read' : p === 'w' ? 'write' : 'mknod')) } : {}) };
  });
}

/** ECS CLI's EFS volumes (`efs_volumes`), as the task definition's `volumes`. */
function efsVolumes(td: JsonObject, places: Places): JsonValue[] {
  const list = own(td, 'efs_volumes');
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((v, i) => {
    const at = ['task_definition', 'efs_volumes', i];
    places.set(['volumes', i], { compose: false, path: at });
    const efs: JsonObject = {};
    const field = (name: string, key: string, into: JsonObject = efs, prefix: string[] = []) => {
      const x = own(v, key);
      if (x === undefined || x === null) return;
      into[name] = scalarOrValue(x);
      places.set(['volumes', i, 'efsVolumeConfiguration', ...prefix, name], { compose: false, path: [...at, key] });
    };
    field('fileSystemId', 'filesystem_id');
    field('rootDirectory', 'root_directory');
    field('transitEncryption', 'transit_encryption');
    field('transitEncryptionPort', 'transit_encryption_port');
    if (own(v, 'access_point') !== undefined || own(v, 'iam') !== undefined) {
      const auth: JsonObject = {};
      field('accessPointId', 'access_point', auth, ['authorizationConfig']);
      field('iam', 'iam', auth, ['authorizationConfig']);
      efs.authorizationConfig = auth;
    }
    places.set(['volumes', i, 'efsVolumeConfiguration'], { compose: false, path: at });
    return { name: scalarOrValue(own(v, 'name') ?? null), efsVolumeConfiguration: efs };
  });
}

/** A command as a list of words: Compose's string form is split as a shell would. */
function words(value: JsonValue | undefined): JsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return (shellCommands(value)[0]?.words ?? []).map((w) => w.text);
  return value;
}

/** `512m`, `1g`, `1.5GB` or a number of bytes, in MiB (as ECS CLI writes memory); other values as written. */
function mebibytes(value: JsonValue | undefined): JsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Math.floor(value / (1024 * 1024));
  if (typeof value !== 'string') return value;
  const m = /^\s*([0-9]{1,12}(?:\.[0-9]{1,6})?)\s*([bkmg]?)b?\s*$/i.exec(value);
  if (!m) return value;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const bytes = unit === 'g' ? n * 1024 ** 3 : unit === 'm' ? n * 1024 ** 2 : unit === 'k' ? n * 1024 : n;
  return Math.floor(bytes / 1024 ** 2);
}

function keyValues(value: JsonValue): JsonValue {
  if (!Array.isArray(value)) return value;
  const out: JsonObject = {};
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const eq = item.indexOf('=');
    setOwn(out, eq === -1 ? item : item.slice(0, eq), eq === -1 ? '' : item.slice(eq + 1));
  }
  return out;
}

function scalarOrUndefined(value: JsonValue | undefined): JsonValue | undefined {
  return value === undefined || value === null ? undefined : scalarOrValue(value);
}

/** A YAML number where ECS wants a string (a user `1000`), as the text. */
function scalarOrValue(value: JsonValue): JsonValue {
  return typeof value === 'number' ? String(value) : value;
}

function numberOrValue(value: JsonValue | undefined): JsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value;
}

/** Compose's booleans may be written as strings. */
/** ecs-cli reads Compose files with go-yaml v2, a YAML 1.1 reader: `privileged: yes` is true. */
function boolOrValue(value: JsonValue | undefined): JsonValue | undefined {
  return value === undefined || value === null ? undefined : asBoolean(value);
}
