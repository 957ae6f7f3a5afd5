// Serverless Framework service files (serverless.yml): their `resources` section is CloudFormation
// the framework merges into the stack it deploys, where ECS task definitions and services are
// often written. The section is read as a template, located where it sits in the file. The
// framework's variables (`${env:X}`, `${ssm:/p}`, `${opt:stage}`) are filled in at deploy time, so
// a string made of them is a placeholder; `${self:a.b}` naming a plain value of the file itself
// is that value, as the framework resolves it.
import type { ParsedDocument } from '../../documents/parse-document.js';
import { isObject, own, ownObject, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { mapStrings, markPlaceholderStrings } from '../../inventory/written-markers.js';
import { isCloudFormationTemplate } from './cloudformation.js';
import { plainValueAt, substituteReferences } from './interpolation.js';

/** The template sections the framework merges from `resources`. */
const SECTIONS = ['Resources', 'Conditions', 'Mappings', 'Outputs', 'Parameters', 'Metadata', 'Rules', 'Transform', 'Description'];

/** `resources` is one fragment or a list of them (a later one's logical id replaces an earlier one's). */
function fragments(value: JsonValue): Array<{ fragment: JsonObject; at: string[] }> | undefined {
  if (!isObject(value)) return undefined;
  // a service file: `service` and `provider` (AWS, when it says) beside `resources`
  if (own(value, 'service') === undefined || !isObject(own(value, 'provider'))) return undefined;
  const provider = ownString(own(value, 'provider'), 'name');
  if (provider !== undefined && provider !== 'aws') return undefined;
  const resources = own(value, 'resources');
  if (isObject(resources)) return [{ fragment: resources, at: ['resources'] }];
  // no resources of its own: the state machines of serverless-step-functions may still run tasks
  if (!Array.isArray(resources)) return [];
  const out: Array<{ fragment: JsonObject; at: string[] }> = [];
  resources.forEach((f, i) => {
    // `${file(...)}` includes are read where the walk finds those files, as templates of their own
    if (isObject(f)) out.push({ fragment: f, at: ['resources', String(i)] });
  });
  return out;
}

export interface ServerlessResources {
  template: JsonObject;
  /** Where each section's member was written: `section\0key` (or the section) -> the fragment's pointer. */
  written: Map<string, string[]>;
  /** State machines of the serverless-step-functions plugin, by logical id: where each is written. */
  machines: Map<string, string[]>;
}

/**
 * The CloudFormation a Serverless Framework service file adds to its stack, merged from its
 * fragments as written; undefined when the file is not one or adds no resources.
 */
export function serverlessResources(value: JsonValue): ServerlessResources | undefined {
  const parts = fragments(value);
  if (!parts) return undefined;
  const template: JsonObject = {};
  const written = new Map<string, string[]>();
  const machines = new Map<string, string[]>();
  for (const { fragment, at } of parts) {
    for (const section of SECTIONS) {
      const members = own(fragment, section);
      if (members === undefined) continue;
      if (!isObject(members)) {
        setOwn(template, section, members);
        written.set(section, at);
        continue;
      }
      const merged = isObject(own(template, section)) ? (template[section] as JsonObject) : {};
      for (const key of Object.keys(members)) {
        setOwn(merged, key, members[key]!);
        written.set(`${section}\u0000${key}`, at);
      }
      setOwn(template, section, merged);
    }
  }
  stateMachines(value, template, machines);
  return isCloudFormationTemplate(template) ? { template, written, machines } : undefined;
}

/**
 * The serverless-step-functions plugin's `stepFunctions.stateMachines`: each `definition` is a
 * state machine of the stack, added to the template as one (named by its key, unless the
 * resources already use that logical id).
 */
function stateMachines(value: JsonValue, template: JsonObject, machines: Map<string, string[]>): void {
  const declared = ownObject(ownObject(value, 'stepFunctions'), 'stateMachines');
  if (!declared) return;
  const resources = ownObject(template, 'Resources') ?? {};
  for (const name of Object.keys(declared)) {
    const definition = own(declared[name], 'definition');
    if (!isObject(definition)) continue;
    const id = own(resources, name) === undefined ? name : `${name}StepFunctionsStateMachine`;
    if (own(resources, id) !== undefined) continue;
    setOwn(resources, id, { Type: 'AWS::StepFunctions::StateMachine', Properties: { Definition: definition } });
    machines.set(id, ['stepFunctions', 'stateMachines', name]);
  }
  if (machines.size > 0) setOwn(template, 'Resources', resources);
}

/**
 * The merged resources as a document of their own, whose pointers land in the file, with the
 * framework's variables resolved or marked as placeholders (in place: run after the file's own
 * markers are defused).
 */
export function serverlessTemplate(doc: ParsedDocument, { template, written, machines }: ServerlessResources): ParsedDocument {
  const root = doc.value as JsonObject;
  for (const section of SECTIONS) {
    const members = own(template, section);
    if (members !== undefined) setOwn(template, section, markPlaceholderStrings(resolveSelf(members, root), CFN_VERBATIM));
  }
  return {
    format: doc.format,
    value: template,
    locate: (segments) => {
      const [section, key] = segments;
      const machine = section === 'Resources' && key !== undefined ? machines.get(key) : undefined;
      if (machine) return doc.locate(segments[2] === 'Properties' && segments[3] === 'Definition' ? [...machine, 'definition', ...segments.slice(4)] : machine);
      const at = (section !== undefined && (written.get(`${section}\u0000${key}`) ?? written.get(section))) || ['resources'];
      return doc.locate([...at, ...segments]);
    },
  };
}

/** CloudFormation's own `${...}` lives in Fn::Sub: not the framework's to fill in. */
const CFN_VERBATIM: ReadonlySet<string> = new Set(['Fn::Sub']);

const SELF = '${self:';

/**
 * Strings with `${self:path}` naming a string, number or boolean of the file (one that holds no
 * variable itself) get that value, as the framework substitutes it; anything else is left as written.
 */
function resolveSelf(value: JsonValue, root: JsonObject): JsonValue {
  return mapStrings(value, (s) => (s.includes(SELF) ? substituteReferences(s, SELF, (path) => plainValueAt(root, path)) : undefined));
}
