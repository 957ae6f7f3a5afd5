// CodeDeploy AppSpec files of ECS blue/green deployments (appspec.yaml / appspec.json): each
// `Resources` entry of type AWS::ECS::Service says how CodeDeploy starts the replacement task
// set: its task definition, Fargate platform version, network configuration (a public IP) and
// capacity providers. It is read as a CloudFormation task set of a service deployed elsewhere,
// located in the file; what CodeDeploy fills in (`<TASK_DEFINITION>`) is a placeholder.
import type { ParsedDocument } from '../../documents/parse-document.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';

export interface AppSpecTarget {
  /** The entry's name (`TargetService`), which the file gives the deployment's service. */
  name: string;
  /** Where its properties are written. */
  at: string[];
  properties: JsonObject;
}

/** A key as CodeDeploy reads the AppSpec's sections, in either case (`Resources`, `resources`). */
function ownEitherCase(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return own(value, key) ?? own(value, key.toLowerCase());
}

/**
 * The ECS services an AppSpec deploys, or undefined when the document is not an AppSpec of an
 * ECS deployment: a `version` beside a `Resources` list of one-key entries typed AWS::ECS::Service.
 */
export function appSpecTargets(value: JsonValue): AppSpecTarget[] | undefined {
  if (!isObject(value) || own(value, 'version') === undefined) return undefined;
  const key = own(value, 'Resources') !== undefined ? 'Resources' : 'resources';
  const list = own(value, key);
  if (!Array.isArray(list)) return undefined;
  const out: AppSpecTarget[] = [];
  list.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const names = Object.keys(entry);
    if (names.length !== 1) return;
    const name = names[0]!;
    const body = entry[name];
    if (ownEitherCase(body, 'Type') !== 'AWS::ECS::Service') return;
    const propertiesKey = own(body, 'Properties') !== undefined ? 'Properties' : 'properties';
    const properties = own(body, propertiesKey);
    out.push({ name, at: [key, String(i), name, propertiesKey], properties: isObject(properties) ? properties : {} });
  });
  return out.length > 0 ? out : undefined;
}

/**
 * The targets as a template of task sets whose service is deployed elsewhere (the deployment
 * group's), each named by its entry, whose pointers land in the file.
 */
export function appSpecTemplate(doc: ParsedDocument, targets: AppSpecTarget[]): ParsedDocument {
  const resources: JsonObject = {};
  const written = new Map<string, string[]>();
  for (const t of targets) {
    // the listener wiring is CodeDeploy's own; the rest is the task set's, as CreateTaskSet takes it
    const properties: JsonObject = {};
    for (const k of Object.keys(t.properties)) if (k !== 'LoadBalancerInfo') setOwn(properties, k, t.properties[k]!);
    properties.Service = t.name;
    setOwn(resources, t.name, { Type: 'AWS::ECS::TaskSet', Properties: markPlaceholderStrings(properties) });
    written.set(t.name, t.at);
  }
  return {
    format: doc.format,
    value: { Resources: resources },
    locate: (segments) => {
      const [section, name, props, ...rest] = segments;
      const at = section === 'Resources' && name !== undefined ? written.get(name) : undefined;
      if (!at) return doc.locate([]);
      return doc.locate(props === 'Properties' ? [...at, ...rest] : at.slice(0, -1));
    },
  };
}
