// The resources one evaluation sees, and the relations between them (a task definition's
// execution and task roles), resolved here so that rules never search for them.
//
// A file scan evaluates file by file (so parsed files can be dropped as it goes): each file's
// inventory holds that file's resources plus the roles with literal ARNs found anywhere so far.
// A lookup by ARN that finds nothing is recorded, so the scan can evaluate that pair again once
// every file has been read.
import { arnReadFrom, isComputed, isUnseen, unknownPhrase } from './computed.js';
import type { Resource } from './resource.js';
import { own, type JsonValue } from '../util/json.js';
import { describeGap, type Gap } from './gap.js';

interface RelationSpec {
  /** The type of resource the relation starts from. */
  from: string;
  /** The field of the subject that names the related resource: a name, or a path (`overrides/taskRoleArn`). */
  field: string;
  /** The field read when `field` is absent: DescribeServices names a service's cluster `clusterArn`. */
  also?: string;
  type: string;
  what: string;
}

/**
 * Relation name -> where each type of subject names the related resource, and its type: a task
 * started outside a service runs with the task role its RunTask overrides name, in place of its
 * task definition's.
 */
const RELATIONS: Record<string, RelationSpec[]> = {
  executionRole: [{ from: 'ecs:task-definition', field: 'executionRoleArn', type: 'iam:role', what: 'execution role' }],
  taskRole: [
    { from: 'ecs:task-definition', field: 'taskRoleArn', type: 'iam:role', what: 'task role' },
    { from: 'ecs:scheduled-task', field: 'overrides/taskRoleArn', type: 'iam:role', what: 'task role override' },
  ],
  cluster: [
    { from: 'ecs:service', field: 'cluster', also: 'clusterArn', type: 'ecs:cluster', what: 'cluster' },
    { from: 'ecs:scheduled-task', field: 'cluster', also: 'clusterArn', type: 'ecs:cluster', what: 'cluster' },
  ],
};

function waysOf(relation: string): RelationSpec[] {
  return Object.prototype.hasOwnProperty.call(RELATIONS, relation) ? RELATIONS[relation]! : [];
}

/** How a relation goes from a type of subject: its own way, else the first (a rule's test resource of another shape). */
function relationSpec(relation: string, subjectType?: string): RelationSpec | undefined {
  const ways = waysOf(relation);
  return ways.find((w) => w.from === subjectType) ?? ways[0];
}

/** Whether a relation starts from a resource type (a rule's `via` is checked with it when rules load). */
export function relationStartsFrom(relation: string, subjectType: string): boolean {
  return waysOf(relation).some((w) => w.from === subjectType);
}

/**
 * The value at a field or path of the subject; a computed value on the way (overrides a template
 * builds) is that value, since what it holds is not known.
 */
function fieldValue(data: JsonValue, field: string): JsonValue | undefined {
  if (!field.includes('/')) return own(data, field);
  let v: JsonValue | undefined = data;
  for (const key of field.split('/')) {
    if (v === undefined || v === null || isComputed(v)) return v;
    v = own(v, key);
  }
  return v;
}

/** Resources found by name within their file as well as by id (a role's or cluster's ARN is often computed there). */
const NAMED_IN_FILE = new Set(['iam:role', 'ecs:cluster']);

/** The field of the subject that names a relation's resource (`executionRoleArn`, `overrides/taskRoleArn`), or undefined. */
export function relationField(relation: string, subjectType?: string): string | undefined {
  return relationSpec(relation, subjectType)?.field;
}

/** Resources with literal ARNs, from every file read so far. */
export class ArnIndex {
  private readonly byArn = new Map<string, Resource>();
  add(r: Resource): void {
    const arn = own(r.data, 'Arn') ?? own(r.data, 'arn');
    if (typeof arn === 'string') this.byArn.set(arn, r);
    if (r.id.startsWith('arn:')) this.byArn.set(r.id, r);
  }
  get(arn: string): Resource | undefined {
    return this.byArn.get(arn);
  }
}

/** What predicates may ask of the inventory: related resources, lookups, and the gaps that hide some. */
export interface RelatedLookup {
  /** A related resource: `found`, `absent` (the field is not set), or `not-visible` (set, not in the inventory). */
  related(from: Resource, relation: string): { status: 'found'; resource: Resource } | { status: 'absent' } | { status: 'not-visible'; reason: string };
  /** A resource by type and id (ARN), from any source of this evaluation. */
  find(type: string, id: string): Resource | undefined;
  /** Every resource of a type. */
  ofType(type: string): Resource[];
  /** Why a resource could not be read, when a recorded gap says so. */
  gapFor(id: string): string | undefined;
  /** Why resources of a type could not be listed in an account, when a recorded gap says so. */
  gapForType(type: string, account: string): string | undefined;
  /** The same, for one region of the account. */
  gapForTypeIn(type: string, account: string, region: string): string | undefined;
}

const NO_MISSES: readonly string[] = Object.freeze([]);

export class Inventory implements RelatedLookup {
  private readonly byFileAndId = new Map<string, Resource>();
  /** `type|file|name` -> resource, for roles named by ARN whose template computes the ARN. */
  private readonly byFileAndName = new Map<string, Resource>();
  private readonly arns: ArnIndex;
  /** ARNs looked up and not found, since the last call to takeMisses(). */
  private misses: string[] = [];
  private readonly byTypeAndId = new Map<string, Resource>();
  private readonly byType = new Map<string, Resource[]>();
  private readonly gapByResource = new Map<string, string>();
  private readonly gapByType = new Map<string, string>();

  constructor(
    readonly resources: Resource[],
    shared?: ArnIndex,
    gaps: readonly Gap[] = [],
  ) {
    this.arns = shared ?? new ArnIndex();
    for (const g of gaps) {
      const why = describeGap(g);
      for (const id of g.affects.resources ?? []) if (!this.gapByResource.has(id)) this.gapByResource.set(id, why);
      for (const type of g.affects.types ?? []) {
        if (!this.gapByType.has(`${type}|${g.account}`)) this.gapByType.set(`${type}|${g.account}`, why);
        if (!this.gapByType.has(`${type}|${g.account}|${g.region}`)) this.gapByType.set(`${type}|${g.account}|${g.region}`, why);
      }
    }
    for (const r of resources) {
      // a resource named but not described is never "found": lookups get why it is unseen
      if (r.unseen !== undefined && !this.gapByResource.has(r.id)) this.gapByResource.set(r.id, r.unseen);
      this.byTypeAndId.set(`${r.type}|${r.id}`, r);
      const sameType = this.byType.get(r.type);
      if (sameType) sameType.push(r);
      else this.byType.set(r.type, [r]); // pushed, not copied: a snapshot holds thousands
      this.byFileAndId.set(`${r.type}|${r.origin.unit ?? r.origin.file}|${r.id}`, r);
      if (NAMED_IN_FILE.has(r.type)) this.byFileAndName.set(`${r.type}|${r.origin.unit ?? r.origin.file}|${r.name}`, r);
      this.arns.add(r);
    }
  }

  /** The resource, if it was seen; an unseen placeholder is not returned (gapFor says why). */
  find(type: string, id: string): Resource | undefined {
    const r = this.byTypeAndId.get(`${type}|${id}`);
    return r?.unseen === undefined ? r : undefined;
  }

  ofType(type: string): Resource[] {
    return this.byType.get(type) ?? [];
  }

  gapFor(id: string): string | undefined {
    return this.gapByResource.get(id);
  }

  gapForType(type: string, account: string): string | undefined {
    return this.gapByType.get(`${type}|${account}`) ?? this.gapByType.get(`*|${account}`);
  }

  gapForTypeIn(type: string, account: string, region: string): string | undefined {
    return this.gapByType.get(`${type}|${account}|${region}`) ?? this.gapByType.get(`*|${account}|${region}`);
  }

  takeMisses(): readonly string[] {
    const m = this.misses;
    // asked after every rule on every resource: most of the time there is nothing to hand over
    if (m.length === 0) return NO_MISSES;
    this.misses = [];
    return m;
  }

  related(from: Resource, relation: string): ReturnType<RelatedLookup['related']> {
    const spec = relationSpec(relation, from.type);
    if (!spec) throw new Error(`unknown relation ${relation}`);
    const named = spec.field.replace(/\//g, '.');
    // an unseen placeholder is never evidence: what it would have shown is not visible
    const found = (hit: Resource): ReturnType<RelatedLookup['related']> => (hit.unseen === undefined ? { status: 'found', resource: hit } : { status: 'not-visible', reason: `${spec.what} ${hit.id} could not be read: ${hit.unseen}` });
    const linked = from.links?.[relation];
    if (linked !== undefined) {
      const hit = this.byFileAndId.get(`${spec.type}|${from.origin.unit ?? from.origin.file}|${linked}`);
      if (hit) return found(hit);
    }
    const given = (v: JsonValue | undefined): v is JsonValue => v !== undefined && v !== null && v !== '';
    const first = fieldValue(from.data, spec.field);
    const value = given(first) || spec.also === undefined ? first : own(from.data, spec.also);
    if (!given(value)) return { status: 'absent' };
    if (isComputed(value)) {
      // the ARN of a resource of the same template or module (a role an input names by reference)
      const target = arnReadFrom(value);
      const hit = target === undefined ? undefined : this.byFileAndId.get(`${spec.type}|${from.origin.unit ?? from.origin.file}|${target}`);
      if (hit) return found(hit);
      return { status: 'not-visible', reason: isUnseen(value) ? `${named} is ${unknownPhrase(value)}` : `${named} is ${unknownPhrase(value)}, not a ${spec.what} defined in the scanned files` };
    }
    if (typeof value !== 'string') return { status: 'not-visible', reason: `${named} is not a string` };
    const byArn = this.arns.get(value);
    if (byArn && byArn.type === spec.type) return found(byArn);
    // within one file, a role named by ARN or name (CloudFormation and Terraform roles' ARNs are computed)
    const byName = this.byFileAndName.get(`${spec.type}|${from.origin.unit ?? from.origin.file}|${value.slice(value.lastIndexOf('/') + 1)}`);
    if (byName) return found(byName);
    const gap = this.gapFor(value);
    if (gap) return { status: 'not-visible', reason: `${spec.what} ${value} could not be read: ${gap}` };
    this.misses.push(value);
    return { status: 'not-visible', reason: from.origin.shape === 'inventory-snapshot' ? `${spec.what} ${value} is not in the inventory` : `${spec.what} ${value} is not defined in the scanned files; scan the template that defines it or the live account` };
  }
}
