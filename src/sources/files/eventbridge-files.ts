// EventBridge targets and Scheduler schedules as the AWS CLI reads and writes them: `aws events
// put-targets` input (`--cli-input-json`, or the `--targets file://` array), `list-targets-by-rule`
// output, and `aws scheduler create-schedule` input or `get-schedule` output. Their members are
// CloudFormation's own (Targets, EcsParameters, Input), so each file is read as a template of one
// rule or schedule, located in the file, and its ECS targets become scheduled tasks.
import type { ParsedDocument } from '../../documents/parse-document.js';
import { isObject, own, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';
import { isRunTaskTarget } from '../../aws/arn.js';

export interface EventBridgeFile {
  kind: 'rule' | 'schedule';
  /** The rule's or schedule's name, when the file gives it. */
  name?: string;
  /** The rule's targets, or the schedule's target, as written. */
  properties: JsonObject;
  /** Where `Targets` (or `Target`) sits: at the top, or the file is the targets array itself. */
  bare: boolean;
}

const hasEcsParameters = (t: JsonValue | undefined): boolean => isObject(t) && isObject(own(t, 'EcsParameters'));

/** A target as EventBridge writes one: an id and an ARN. */
const isTarget = (t: JsonValue): boolean => isObject(t) && typeof own(t, 'Id') === 'string' && own(t, 'Arn') !== undefined;

/** The rule or schedule a document of the CLI's shape describes, when one of its targets runs ECS tasks. */
export function eventBridgeFile(value: JsonValue): EventBridgeFile | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0 || !value.every(isTarget) || !value.some(hasEcsParameters)) return undefined;
    return { kind: 'rule', properties: { Targets: value }, bare: true };
  }
  if (!isObject(value) || own(value, 'Resources') !== undefined) return undefined;
  const targets = own(value, 'Targets');
  if (Array.isArray(targets) && targets.every(isTarget) && targets.some(hasEcsParameters)) {
    return withName({ kind: 'rule', properties: { Targets: targets }, bare: false }, ownString(value, 'Rule') ?? ownString(value, 'Name'));
  }
  // a schedule: its target with EcsParameters, beside what only a schedule has
  const target = own(value, 'Target');
  const scheduled = own(value, 'ScheduleExpression') !== undefined || own(value, 'FlexibleTimeWindow') !== undefined;
  if (scheduled && (hasEcsParameters(target) || isRunTaskTarget(own(target, 'Arn')))) return withName({ kind: 'schedule', properties: { Target: target! }, bare: false }, ownString(value, 'Name'));
  return undefined;
}

function withName(found: EventBridgeFile, name: string | undefined): EventBridgeFile {
  if (name !== undefined && name !== '') found.name = name;
  return found;
}

/**
 * The rule or schedule as a template of one resource, named by the file's name for it (or
 * `fallback`), whose pointers land in the file; placeholders a deploy step fills in are marked.
 */
export function eventBridgeTemplate(doc: ParsedDocument, found: EventBridgeFile, fallback: string): ParsedDocument {
  const id = found.name ?? fallback;
  const resources: JsonObject = {};
  setOwn(resources, id, { Type: found.kind === 'rule' ? 'AWS::Events::Rule' : 'AWS::Scheduler::Schedule', Properties: markPlaceholderStrings(found.properties) });
  return {
    format: doc.format,
    value: { Resources: resources },
    locate: (segments) => {
      // Resources/<id>/Properties/Targets/0/... -> Targets/0/... (or 0/... in a bare array)
      const rest = segments[2] === 'Properties' ? segments.slice(3) : [];
      return doc.locate(found.bare ? rest.slice(1) : rest);
    },
  };
}
