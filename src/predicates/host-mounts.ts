// ecs-no-sensitive-host-mounts: no host volume a container mounts gives it a place on the container
// instance from which it can take the host: the container runtime's socket (or the directory that
// holds it), the host's root, /proc, /dev, its ECS agent's data and configuration, root's home.
// The path is compared as the host resolves it (`/var//run/./docker.sock` is the socket), so a
// spelling cannot step around the list.
import { posix } from 'node:path';
import { describeComputed, isComputed } from '../inventory/computed.js';
import { listItemsOf } from '../inventory/intrinsic-values.js';
import { own, type JsonValue } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

const SOCKET = 'the container runtime socket: control of every container on the host';
const SOCKET_DIR = 'a directory holding the container runtime socket';
const RUNTIME_DATA = "the container runtime's data (every container's file system)";

/** Host paths, as the host resolves them, and what each gives a container. */
const EXACT = new Map<string, string>([
  ['/', "the host's root file system"],
  ['/var/run/docker.sock', SOCKET],
  ['/run/docker.sock', SOCKET],
  ['/var/run/containerd/containerd.sock', SOCKET],
  ['/run/containerd/containerd.sock', SOCKET],
  ['/var/run/crio/crio.sock', SOCKET],
  ['/run/podman/podman.sock', SOCKET],
  ['/var/run', SOCKET_DIR],
  ['/run', SOCKET_DIR],
  ['/var/run/containerd', SOCKET_DIR],
  ['/run/containerd', SOCKET_DIR],
  ['/etc', "the host's configuration"],
  ['/etc/shadow', "the host's password hashes"],
  ['/etc/sudoers', "the host's sudo rules"],
  ['/dev', "all of the host's devices"],
  ['/sys', "the host's kernel interfaces"],
  ['/home', "the host users' home directories"],
  ['/var/lib/docker', RUNTIME_DATA],
  ['/var/lib/containerd', RUNTIME_DATA],
]);
/** Host paths whose every descendant gives as much. */
const TREES = new Map<string, string>([
  ['/proc', "the host's processes and kernel settings (/proc)"],
  ['/root', "root's home on the host"],
  ['/boot', "the host's kernel and boot loader"],
  // the runtime's data, where every container's file system is (the legacy vfs driver's
  // directory of AWS's old examples, empty on today's overlay2 hosts, is not among them)
  ['/var/lib/docker/containers', RUNTIME_DATA],
  ['/var/lib/docker/overlay2', RUNTIME_DATA],
  ['/var/lib/docker/volumes', RUNTIME_DATA],
  ['/var/lib/ecs', "the ECS agent's data (its state and credentials)"],
  ['/etc/ecs', "the ECS agent's configuration (registry credentials among it)"],
]);

/** Host devices that are the host's memory or disks: raw access to either is the host. */
const MEMORY_DEVICES = new Set(['/dev/mem', '/dev/kmem', '/dev/port']);
const DISK_DEVICE_PREFIXES = ['/dev/sd', '/dev/xvd', '/dev/nvme', '/dev/hd', '/dev/vd', '/dev/dm-', '/dev/mapper/', '/dev/disk/', '/dev/root'];

/** What a host device gives a container, or undefined for the others (/dev/fuse, /dev/net/tun, a GPU). */
export function sensitiveHostDevice(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const p = posix.normalize(path.slice(0, 4096));
  if (MEMORY_DEVICES.has(p)) return "the host's memory";
  if (DISK_DEVICE_PREFIXES.some((d) => p.startsWith(d))) return "a disk of the host, read and written below its file systems";
  return undefined;
}

/** What a host path gives a container, or undefined when it is none of the listed places. */
export function sensitiveHostPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  let p = posix.normalize(path.slice(0, 4096));
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const exact = EXACT.get(p);
  if (exact) return exact;
  for (const [root, what] of TREES) if (p === root || p.startsWith(root + '/')) return what;
  return undefined;
}

export const hostMounts = definePredicate({
  id: 'sensitive-host-mounts',
  messages: {
    'sensitive-host-mount': 'Volume "{{volume}}" mounts the host path {{path}} ({{what}}) into {{containers}}',
    'sensitive-host-device': 'Container "{{container}}" is given the host device {{path}} ({{what}})',
  },
  evaluate({ resource }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const devices = checkDevices(out, own(resource.data, 'containerDefinitions'));
    const volumes = own(resource.data, 'volumes');
    if (volumes === undefined || volumes === null) {
      if (devices === 0 && out.violations.length === 0 && out.unknowns.length === 0) out.notApplicable = 'the task definition has no volumes and maps no devices';
      return out;
    }
    const items = listItemsOf(volumes, ['volumes']);
    if (items === undefined) {
      out.unknowns.push({ pointer: '/volumes', reason: `volumes is ${describeComputed(volumes)}` });
      return out;
    }
    const mounts = mountsByVolume(own(resource.data, 'containerDefinitions'));
    let hostVolumes = 0;
    for (const { value: v, segments, condition } of items) {
      const host = own(v, 'host');
      // a volume, or its host settings, decided at deploy time may be any host path
      const opaque = isComputed(v) ? { at: segments, value: v } : isComputed(host) ? { at: [...segments, 'host'], value: host! } : undefined;
      if (opaque) {
        out.unknowns.push({ pointer: toPointer(opaque.at), reason: `volume ${toPointer(opaque.at)} is ${describeComputed(opaque.value)}` });
        continue;
      }
      // the ECS API's host.sourcePath, or Terraform's volume block host_path
      const [path, at] = own(host, 'sourcePath') !== undefined ? [own(host, 'sourcePath'), [...segments, 'host', 'sourcePath']] : [own(v, 'hostPath'), [...segments, 'hostPath']];
      if (path === undefined || path === null) continue;
      hostVolumes++;
      const name = own(v, 'name');
      const volume = typeof name === 'string' ? name : `#${segments[segments.length - 1]}`;
      if (isComputed(path)) {
        out.unknowns.push({ pointer: toPointer(at), reason: `the host path of volume "${volume}" is ${describeComputed(path)}` });
        continue;
      }
      if (typeof path !== 'string') continue;
      const what = sensitiveHostPath(path);
      if (!what) continue;
      const by = typeof name === 'string' ? mounts.named.get(name) : undefined;
      // a volume no container mounts gives nobody the path; one a container may mount (a name
      // decided at deploy time) is taken as mounted
      if (!by && !mounts.undecided) continue;
      const containers = by ? by.map((c) => `container "${c}"`).join(', ') : 'a container';
      out.violations.push({ message: 'sensitive-host-mount', pointer: toPointer(at), data: { volume, path: path.slice(0, 200), what, containers, ...(condition ? { when: condition } : {}) } });
    }
    if (hostVolumes === 0 && devices === 0 && out.violations.length === 0 && out.unknowns.length === 0) out.notApplicable = 'the task definition mounts no host path';
    return out;
  },
});

/** The containers that mount each volume, by name; `undecided` when a mount's volume or a container list is set at deploy time. */
function mountsByVolume(containers: JsonValue | undefined): { named: Map<string, string[]>; undecided: boolean } {
  const named = new Map<string, string[]>();
  let undecided = false;
  const list = listItemsOf(containers, ['containerDefinitions']);
  if (list === undefined) return { named, undecided: containers !== undefined && containers !== null };
  for (const { value: c, segments } of list) {
    // a container decided at deploy time may mount any volume
    if (isComputed(c)) {
      undecided = true;
      continue;
    }
    const label = containerLabel(c, segments);
    const points = own(c, 'mountPoints');
    if (points === undefined || points === null) continue;
    const items = listItemsOf(points, []);
    if (items === undefined) {
      undecided = true;
      continue;
    }
    for (const { value: m } of items) {
      const source = own(m, 'sourceVolume');
      if (typeof source !== 'string') {
        if (source !== undefined && source !== null) undecided = true;
        continue;
      }
      const users = named.get(source) ?? [];
      if (!users.includes(label)) users.push(label);
      named.set(source, users);
    }
  }
  return { named, undecided };
}

/** The host devices containers are given (linuxParameters.devices); returns how many are mapped. */
function checkDevices(out: PredicateOutcome, containers: JsonValue | undefined): number {
  let mapped = 0;
  for (const { value: c, segments } of listItemsOf(containers, ['containerDefinitions']) ?? []) {
    const label = containerLabel(c, segments);
    const at = [...segments, 'linuxParameters', 'devices'];
    const linux = isComputed(c) ? c : own(c, 'linuxParameters');
    if (isComputed(linux)) {
      out.unknowns.push({ pointer: toPointer([...segments, 'linuxParameters']), reason: `the linuxParameters of container "${label}" are ${describeComputed(linux!)}` });
      continue;
    }
    const devices = own(linux, 'devices');
    if (devices === undefined || devices === null) continue;
    const items = listItemsOf(devices, at);
    if (items === undefined) {
      out.unknowns.push({ pointer: toPointer(at), reason: `the devices of container "${label}" are ${describeComputed(devices)}` });
      continue;
    }
    for (const { value: d, segments: ds, condition } of items) {
      if (isComputed(d)) {
        out.unknowns.push({ pointer: toPointer(ds), reason: `a device of container "${label}" is ${describeComputed(d)}` });
        continue;
      }
      const path = own(d, 'hostPath');
      if (path === undefined || path === null) continue;
      mapped++;
      if (isComputed(path)) {
        out.unknowns.push({ pointer: toPointer([...ds, 'hostPath']), reason: `a host device of container "${label}" is ${describeComputed(path)}` });
        continue;
      }
      if (typeof path !== 'string') continue;
      const what = sensitiveHostDevice(path);
      if (what) out.violations.push({ message: 'sensitive-host-device', pointer: toPointer([...ds, 'hostPath']), data: { container: label, path: path.slice(0, 200), what, ...(condition ? { when: condition } : {}) } });
    }
  }
  return mapped;
}

/** A container as findings name it: its name, or its place in the list. */
function containerLabel(c: JsonValue, segments: readonly string[]): string {
  const name = own(c, 'name');
  return typeof name === 'string' ? name : `#${segments[segments.length - 1]}`;
}
