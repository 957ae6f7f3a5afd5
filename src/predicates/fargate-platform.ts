// ecs-fargate-platform-version: a service on Fargate runs on LATEST or on the newest platform
// version of its operating system family (parameters), since older versions miss kernel and
// runtime security fixes. A platform version is a dotted number, compared part by part.
import { isComputed, unknownPhrase } from '../inventory/computed.js';
import { valueBranches } from '../inventory/intrinsic-values.js';
import { own, ownArray, ownString, type JsonValue } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { definePredicate, stringParam } from './define.js';
import type { PredicateOutcome } from './types.js';

const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT']);

/** `1.4.0` -> [1, 4, 0]; undefined for anything else. */
export function versionParts(v: string): number[] | undefined {
  const parts = v.split('.');
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => !/^[0-9]{1,6}$/.test(p))) return undefined;
  return parts.map(Number);
}

export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether the service runs on Fargate: yes, no, or decided elsewhere (deploy time). */
function onFargate(data: JsonValue): boolean | 'unknown' {
  const launchType = own(data, 'launchType');
  if (launchType !== undefined && isComputed(launchType)) return 'unknown';
  if (launchType === 'FARGATE') return true;
  if (typeof launchType === 'string') return false;
  const strategy = ownArray(data, 'capacityProviderStrategy') ?? [];
  if (strategy.some((s) => isComputed(own(s, 'capacityProvider')))) return 'unknown';
  if (strategy.length > 0) return strategy.some((s) => FARGATE_PROVIDERS.has(ownString(s, 'capacityProvider') ?? ''));
  // neither set: the cluster's default capacity provider strategy decides; a version set on the
  // service only means something on Fargate
  return own(data, 'platformVersion') !== undefined ? true : 'unknown';
}

type Finding = { message: string; data: Record<string, string> };

/**
 * One service or task set: its platform version against the newest of its operating system
 * family. Returns why it is not applicable, or undefined when it was checked.
 */
function checkSubject(out: PredicateOutcome, data: JsonValue, at: string[], parameters: Record<string, unknown>, finding: (version: string, newest: string) => Finding, what = 'the service'): string | undefined {
  const fargate = onFargate(data);
  const version = own(data, 'platformVersion');
  if (fargate === false) return `${what} does not run on Fargate`;
  // unset means LATEST
  if (version === undefined || version === 'LATEST') {
    return fargate === 'unknown' && version === undefined ? 'no launch type or capacity provider names Fargate, and no platform version is set' : undefined;
  }
  const linux = stringParam(parameters, 'linux');
  const windows = stringParam(parameters, 'windows');
  if (linux === undefined || windows === undefined) {
    out.unknowns.push({ pointer: toPointer([...at, 'platformVersion']), reason: 'the newest platform versions to compare with are not set (parameters linux and windows)' });
    return undefined;
  }
  const family = (ownString(data, 'platformFamily') ?? '').toUpperCase();
  const newest = family.startsWith('WINDOWS') ? windows : family === 'LINUX' ? linux : undefined;
  for (const branch of valueBranches(version, [...at, 'platformVersion'])) {
    const v = branch.value;
    const pointer = toPointer(branch.segments);
    if (typeof v !== 'string') {
      out.unknowns.push({ pointer, reason: `the platform version is ${isComputed(v) ? unknownPhrase(v) : 'not a string'}` });
      continue;
    }
    if (v === 'LATEST') continue;
    const parts = versionParts(v);
    if (!parts) {
      out.unknowns.push({ pointer, reason: `the platform version "${v.slice(0, 40)}" is not a version number` });
      continue;
    }
    const atLeast = (n: string) => compareVersions(parts, versionParts(n) ?? [0]) >= 0;
    if (newest !== undefined ? atLeast(newest) : atLeast(linux)) continue;
    if (newest === undefined && compareVersions(parts, versionParts(windows) ?? [0]) === 0) {
      out.unknowns.push({ pointer, reason: `platform version ${v} is the newest for Windows, not for Linux, and the operating system family of ${what === 'the service' ? "the service's tasks" : 'its task definition'} is not known here` });
      continue;
    }
    const f = finding(branch.condition ? `${v} (when ${branch.condition})` : v, newest ?? linux);
    out.violations.push({ message: f.message, pointer, data: f.data });
  }
  return undefined;
}

/** The newest platform versions a version is compared with, as both predicates take them. */
const NEWEST_VERSIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    linux: {
      type: 'string',
      pattern: '^[0-9]{1,6}(\\.[0-9]{1,6}){0,3}$',
      description: 'The newest Fargate platform version for Linux',
      default: '1.4.0',
    },
    windows: {
      type: 'string',
      pattern: '^[0-9]{1,6}(\\.[0-9]{1,6}){0,3}$',
      description: 'The newest Fargate platform version for Windows',
      default: '1.0.0',
    },
  },
} as const;

export const fargatePlatformVersion = definePredicate({
  id: 'fargate-platform-version',
  messages: {
    'old-platform-version': 'Service {{service}} runs on Fargate platform version {{version}}, older than {{newest}}; use LATEST',
    'task-set-old-platform-version': 'Task set {{taskSet}} of service {{service}} runs on Fargate platform version {{version}}, older than {{newest}}; use LATEST',
  },
  parameters: NEWEST_VERSIONS,
  evaluate({ resource, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const service = ownString(resource.data, 'serviceName') ?? resource.name;
    // the service, and each of its task sets (an external deployment's): each runs where it says
    const subjects: Array<{ data: JsonValue; at: string[]; taskSet?: string }> = [{ data: resource.data, at: [] }];
    (ownArray(resource.data, 'taskSets') ?? []).forEach((ts, i) => subjects.push({ data: ts, at: ['taskSets', String(i)], taskSet: ownString(ts, 'id') ?? `#${i}` }));
    const notApplicable: string[] = [];
    for (const subject of subjects) {
      const taskSet = subject.taskSet;
      const skipped = checkSubject(out, subject.data, subject.at, parameters, (version, newest): Finding =>
        taskSet === undefined ? { message: 'old-platform-version', data: { service, version, newest } } : { message: 'task-set-old-platform-version', data: { service, taskSet, version, newest } },
      );
      if (skipped !== undefined) notApplicable.push(skipped);
    }
    // not applicable only when neither the service nor any task set runs on a Fargate version
    if (notApplicable.length === subjects.length && out.violations.length === 0 && out.unknowns.length === 0) out.notApplicable = notApplicable[0];
    return out;
  },
});

/**
 * ecs-scheduled-task-platform-version: the tasks an EventBridge rule, a Scheduler schedule or a
 * Step Functions state starts run on the platform version RunTask is given there, not a service's.
 */
export const scheduledTaskPlatformVersion = definePredicate({
  id: 'scheduled-task-platform-version',
  messages: {
    'old-platform-version': '{{launcher}} starts tasks on Fargate platform version {{version}}, older than {{newest}}; use LATEST',
  },
  parameters: NEWEST_VERSIONS,
  evaluate({ resource, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const launcher = ownString(resource.data, 'launcher') ?? resource.name;
    const skipped = checkSubject(out, resource.data, [], parameters, (version, newest) => ({ message: 'old-platform-version', data: { launcher, version, newest } }), 'the task');
    if (skipped !== undefined && out.violations.length === 0 && out.unknowns.length === 0) out.notApplicable = skipped;
    return out;
  },
});
