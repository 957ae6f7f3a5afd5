// The set of resources one scan evaluates, and the relations between them (a task definition's
// execution and task roles), resolved here so that rules never search for them.
import { describeComputed, isComputed } from './computed.js';
import type { Resource } from './resource.js';
import { own } from '../util/json.js';
import type { RelatedLookup } from '../predicates/types.js';

/** Relation name -> the field of the subject that names the related resource, and its type. */
const RELATIONS: Record<string, { field: string; type: string; what: string }> = {
  executionRole: { field: 'executionRoleArn', type: 'iam:role', what: 'execution role' },
  taskRole: { field: 'taskRoleArn', type: 'iam:role', what: 'task role' },
};

export class Inventory implements RelatedLookup {
  private readonly byFileAndId = new Map<string, Resource>();
  private readonly byArn = new Map<string, Resource>();

  constructor(readonly resources: Resource[]) {
    for (const r of resources) {
      this.byFileAndId.set(`${r.type}|${r.origin.file}|${r.id}`, r);
      const arn = own(r.data, 'Arn') ?? own(r.data, 'arn');
      if (typeof arn === 'string') this.byArn.set(arn, r);
      if (r.id.startsWith('arn:')) this.byArn.set(r.id, r);
    }
  }

  related(from: Resource, relation: string): ReturnType<RelatedLookup['related']> {
    const spec = RELATIONS[relation];
    if (!spec) throw new Error(`unknown relation ${relation}`);
    const linked = from.links?.[relation];
    if (linked !== undefined) {
      const hit = this.byFileAndId.get(`${spec.type}|${from.origin.file}|${linked}`);
      if (hit) return { status: 'found', resource: hit };
    }
    const value = own(from.data, spec.field);
    if (value === undefined || value === null || value === '') return { status: 'absent' };
    if (isComputed(value)) {
      return { status: 'not-visible', reason: `${spec.field} is ${describeComputed(value)}, not a role defined in the scanned files` };
    }
    if (typeof value !== 'string') return { status: 'not-visible', reason: `${spec.field} is not a string` };
    const byArn = this.byArn.get(value);
    if (byArn && byArn.type === spec.type) return { status: 'found', resource: byArn };
    // within one file, a role named by ARN or name (CloudFormation and Terraform roles' ARNs are computed)
    const roleName = value.slice(value.lastIndexOf('/') + 1);
    for (const r of this.resources) {
      if (r.type === spec.type && r.origin.file === from.origin.file && r.name === roleName) return { status: 'found', resource: r };
    }
    return { status: 'not-visible', reason: `${spec.what} ${value} is not defined in the scanned files; scan the template that defines it or the live account` };
  }
}
