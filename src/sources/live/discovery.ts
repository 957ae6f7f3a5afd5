// What each kind of resource leads a collection to. A call that fails to show resources of one
// kind also leaves unseen what they would have named: a service names its task definition and
// subnets, a task definition its roles, parameters, secrets and log groups, and those their KMS
// keys. Gaps carry these kinds too, so no check says "the account has none" of something the
// failed call could have led to.
const NAMES: Record<string, readonly string[]> = {
  'ecs:cluster': ['ecs:service', 'ec2:container-instance'],
  'ecs:service': ['ecs:task-definition', 'ec2:vpc'],
  'ec2:container-instance': ['ec2:vpc', 'ec2:launch-template'],
  'ecs:task-definition': ['iam:role', 'ssm:parameter', 'secretsmanager:secret', 'logs:log-group', 'kms:key'],
  'ssm:parameter': ['kms:key'],
  'secretsmanager:secret': ['kms:key'],
  'logs:log-group': ['kms:key'],
  'cloudtrail:trail': ['kms:key'],
  'events:rule': ['ecs:scheduled-task'],
};

/** The kinds `types` lead to, transitively, `types` themselves not included unless reached again. */
export function downstreamOf(types: readonly string[]): string[] {
  const out = new Set<string>();
  const queue = types.flatMap((t) => NAMES[t] ?? []);
  while (queue.length > 0) {
    const t = queue.pop()!;
    if (out.has(t)) continue;
    out.add(t);
    for (const next of NAMES[t] ?? []) queue.push(next);
  }
  return [...out].sort();
}

/** What a failed call affects: the kinds it lists and all they lead to. */
export function withDownstream(types: readonly string[]): string[] {
  return [...new Set([...types, ...downstreamOf(types)])].sort();
}

/** What a failed describe of these resources affects: them, and the kinds they would have named. */
export function hides(type: string, ids: readonly string[]): { resources: string[]; types?: string[] } {
  const types = downstreamOf([type]);
  return { resources: [...ids], ...(types.length > 0 ? { types } : {}) };
}
