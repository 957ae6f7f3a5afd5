// ecs-ecr-image: images come from an ECR registry (or a registry the organisation allows), named
// in full as registry/repository:tag, not latest; a digest is the strongest pin. Image references
// are parsed by hand (no regex over the whole value).
import { describeComputed } from '../inventory/computed.js';
import { isObject, own, type JsonValue } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';
import type { Predicate, PredicateOutcome } from './types.js';

export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** `registry/repo[:tag][@digest]`; the registry is the first part when it has a dot, colon or is localhost. */
export function parseImage(image: string): ImageReference {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  const path = hasRegistry ? rest.slice(slash + 1) : rest;
  const colon = path.lastIndexOf(':');
  const out: ImageReference = { registry, repository: colon === -1 ? path : path.slice(0, colon) };
  if (colon !== -1) out.tag = path.slice(colon + 1);
  if (digest !== undefined) out.digest = digest;
  return out;
}

/**
 * `123456789012.dkr.ecr.eu-west-1.amazonaws.com` (and .com.cn, FIPS endpoints). A NUL stands for
 * a part a template substitutes (${AWS::AccountId}, ${AWS::Region}, ${AWS::URLSuffix}): it may
 * take the place of the account, the region or the whole domain suffix, nothing else.
 */
export function isEcrRegistry(registry: string): boolean {
  const parts = registry.split('.');
  const suffix = parts.slice(4).join('.');
  return (
    parts.length >= 5 &&
    (/^[0-9]{12}$/.test(parts[0]!) || parts[0] === '\u0000') &&
    parts[1] === 'dkr' &&
    (parts[2] === 'ecr' || parts[2] === 'ecr-fips') &&
    parts[3] !== '' &&
    (suffix === 'amazonaws.com' || suffix === 'amazonaws.com.cn' || suffix === '\u0000')
  );
}

/** A template's Fn::Sub / Fn::Join image rendered with its substitutions as one opaque marker. */
function renderImage(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return undefined;
  const sub = own(value, 'Fn::Sub');
  const template = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (template !== undefined) return template.replace(/\$\{[^}]{1,200}\}/g, '\u0000');
  const join = own(value, 'Fn::Join');
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map((p) => (typeof p === 'string' ? p : '\u0000')).join(join[0]);
  return undefined;
}

export const ecrImage: Predicate = {
  messages: ['not-allowed-registry', 'no-tag', 'latest-tag'],
  evaluate({ resource, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const containers = own(resource.data, 'containerDefinitions');
    if (!Array.isArray(containers) || containers.length === 0) {
      out.notApplicable = 'no container definitions';
      return out;
    }
    const allowed = Array.isArray(parameters.allowedRegistries) ? parameters.allowedRegistries.filter((r): r is string => typeof r === 'string') : [];
    containers.forEach((c, i) => {
      const name = String(own(c, 'name') ?? `#${i}`);
      const pointer = joinPointer('/containerDefinitions', i, 'image');
      const value = own(c, 'image');
      if (value === undefined || value === null) return;
      const image = renderImage(value);
      if (image === undefined) {
        out.unknowns.push({ pointer, reason: `the image of container "${name}" is ${describeComputed(value)}, set at deploy time` });
        return;
      }
      const ref = parseImage(image);
      // a substituted part of the host (account, region, URL suffix) is still an ECR host's shape
      const host = ref.registry.replace(/\u0000/g, 'x');
      const ecr = isEcrRegistry(ref.registry);
      const hostOnly = ref.registry.replace(/:[0-9]{1,5}$/, '');
      const ok = allowed.length > 0 ? allowed.some((a) => hostOnly === a || ref.registry === a) || (allowed.includes('ecr') && ecr) : ecr;
      if (!ok) {
        out.violations.push({ message: 'not-allowed-registry', pointer, data: { container: name, registry: host, allowed: allowed.length ? allowed.join(', ') : 'Amazon ECR' } });
        return;
      }
      if (ref.digest) return;
      if (ref.tag === undefined || ref.tag === '') out.violations.push({ message: 'no-tag', pointer, data: { container: name, repository: ref.repository } });
      else if (ref.tag === 'latest') out.violations.push({ message: 'latest-tag', pointer, data: { container: name, repository: ref.repository } });
      else if (ref.tag.includes('\u0000')) out.unknowns.push({ pointer, reason: `the image tag of container "${name}" is set at deploy time` });
    });
    return out;
  },
};
