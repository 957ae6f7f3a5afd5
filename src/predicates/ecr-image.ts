// ecs-ecr-image: images come from an ECR registry (or a registry the organisation allows), named
// in full as registry/repository:tag, not latest; a digest is the strongest pin. Image references
// are parsed by hand (no regex over the whole value).
import { isComputed, unknownPhrase } from '../inventory/computed.js';
import { listItemsOf, renderTexts } from '../inventory/intrinsic-values.js';
import { own, type JsonValue } from '../util/json.js';
import { joinPointer, toPointer } from '../util/pointer.js';
import { definePredicate, stringsParam } from './define.js';
import type { PredicateOutcome } from './types.js';

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

// account.dkr.ecr[-fips].region.suffix; the region holds no dot, so nothing can backtrack
const ECR_REGISTRY = /^(?:[0-9]{12}|\u0000)\.dkr\.ecr(?:-fips)?\.[^.]+\.(?:amazonaws\.com(?:\.cn)?|\u0000)$/;

/**
 * `123456789012.dkr.ecr.eu-west-1.amazonaws.com` (and .com.cn, FIPS endpoints). A NUL stands for
 * a part a template substitutes (${AWS::AccountId}, ${AWS::Region}, ${AWS::URLSuffix}): it may
 * take the place of the account, the region or the whole domain suffix, nothing else.
 */
export function isEcrRegistry(registry: string): boolean {
  return ECR_REGISTRY.test(registry);
}

/**
 * The images a value can name: a template's Fn::Sub / Fn::Join rendered with its substitutions as
 * one opaque marker (NUL), each Fn::If branch; none when the whole value is decided at deploy time.
 */
export function renderImages(value: JsonValue): string[] {
  return renderTexts(value, '\u0000').texts.map((t) => markPlaceholders(t.text)).filter((t) => !/^\u0000*$/.test(t));
}

/**
 * Placeholders a deploy step substitutes, as the same opaque marker (NUL): CodeDeploy's
 * `<IMAGE1_NAME>`, envsubst's `${IMAGE}` and `$TAG`, `{{ must_env "TAG" }}`, `#{Tag}`, `__TAG__`,
 * `@@TAG@@`. Each pattern is bounded, so nothing backtracks far.
 */
function markPlaceholders(image: string): string {
  // real image names are a few hundred characters; a longer value is checked as written
  if (image.length > 2048 || !/[<$#{_@]/.test(image)) return image;
  return image
    .replace(/<[^<>]{1,100}>/g, '\u0000')
    .replace(/\$\{[^{}]{1,200}\}|\{\{[^{}]{1,200}\}\}|#\{[^{}]{1,200}\}/g, '\u0000')
    .replace(/\$[A-Za-z_][A-Za-z0-9_]{0,100}/g, '\u0000')
    .replace(/__[A-Za-z0-9]{1,100}(?:_[A-Za-z0-9]{1,100}){0,10}__|@@[A-Za-z0-9_]{1,100}@@/g, '\u0000');
}

export const ecrImage = definePredicate({
  id: 'ecr-image',
  messages: {
    'not-allowed-registry': 'Container "{{container}}" pulls its image from {{registry}}, not from {{allowed}}',
    'no-tag': 'Container "{{container}}" names image {{repository}} without a tag or digest (it runs whatever latest is)',
    'latest-tag': 'Container "{{container}}" runs {{repository}}:latest',
  },
  parameters: {
    type: 'object',
    additionalProperties: false,
    properties: {
      allowedRegistries: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Registry hosts allowed besides ECR (ecr keeps ECR allowed)',
        default: [],
      },
    },
  },
  evaluate({ resource, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const containers = own(resource.data, 'containerDefinitions');
    const listed = listItemsOf(containers, ['containerDefinitions']);
    if (listed === undefined && containers !== undefined && isComputed(containers)) {
      out.unknowns.push({ pointer: '/containerDefinitions', reason: `containerDefinitions is ${unknownPhrase(containers)}` });
      return out;
    }
    const items = listed ?? [];
    if (items.length === 0) {
      out.notApplicable = 'no container definitions';
      return out;
    }
    const allowed = stringsParam(parameters, 'allowedRegistries');
    for (const item of items) {
      const c = item.value;
      const ownName = own(c, 'name');
      const name = (typeof ownName === 'string' ? ownName : `#${item.segments[1]}`) + (item.condition ? ` (when ${item.condition})` : '');
      const pointer = joinPointer(toPointer(item.segments), 'image');
      const value = own(c, 'image');
      if (value === undefined) continue;
      const images = renderImages(value);
      if (images.length === 0) {
        const what = typeof value === 'string' ? 'a placeholder that a deploy step fills in, set at deploy time' : unknownPhrase(value);
        out.unknowns.push({ pointer, reason: `the image of container "${name}" is ${what}` });
        continue;
      }
      for (const image of images) if (checkImage(out, image, name, pointer, allowed)) break;
    }
    return out;
  },
});

/** Checks one image reference; returns whether it reported something. */
function checkImage(out: PredicateOutcome, image: string, name: string, pointer: string, allowed: string[]): boolean {
  const ref = parseImage(image);
  // `${Registry}/app:1`: the first part, registry or Docker Hub namespace, is set at deploy time
  const slash = image.indexOf('/');
  const registryLater = slash !== -1 && image.slice(0, slash).includes('\u0000') && !isEcrRegistry(ref.registry);
  if (registryLater || (slash === -1 && ref.repository.includes('\u0000'))) {
    // whatever registry the deploy fills in, latest (or no tag after a repository written out) is not pinned
    if (unpinnedTag(out, ref, name, pointer)) return true;
    out.unknowns.push({ pointer, reason: registryLater ? `the registry of container "${name}"'s image is set at deploy time` : `the image of container "${name}" is set at deploy time` });
    return true;
  }
  // a substituted part of the host (account, region, URL suffix) is still an ECR host's shape
  const host = ref.registry.replace(/\u0000/g, 'x');
  const ecr = isEcrRegistry(ref.registry);
  const hostOnly = ref.registry.replace(/:[0-9]{1,5}$/, '');
  const ok = allowed.length > 0 ? allowed.some((a) => hostOnly === a || ref.registry === a) || (allowed.includes('ecr') && ecr) : ecr;
  if (!ok) {
    out.violations.push({ message: 'not-allowed-registry', pointer, data: { container: name, registry: host, allowed: allowed.length ? allowed.join(', ') : 'Amazon ECR' } });
    return true;
  }
  if (ref.digest) return false;
  if (unpinnedTag(out, ref, name, pointer)) return true;
  if (ref.tag !== undefined && ref.tag.includes('\u0000')) {
    out.unknowns.push({ pointer, reason: `the image tag of container "${name}" is set at deploy time` });
    return true;
  }
  return false;
}

/**
 * An image that runs whatever latest is: tagged latest, or with no tag or digest after a
 * repository written out (a placeholder at the end may hold the tag). Reports it; returns whether.
 */
function unpinnedTag(out: PredicateOutcome, ref: ImageReference, name: string, pointer: string): boolean {
  if (ref.digest !== undefined) return false;
  // a part set at deploy time (a repository's name) is shown as ${...}, never as the marker
  const repository = ref.repository.replace(/\u0000/g, '${...}');
  const lastPart = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  if ((ref.tag === undefined || ref.tag === '') && !lastPart.includes('\u0000')) out.violations.push({ message: 'no-tag', pointer, data: { container: name, repository } });
  else if (ref.tag === 'latest') out.violations.push({ message: 'latest-tag', pointer, data: { container: name, repository } });
  else return false;
  return true;
}
