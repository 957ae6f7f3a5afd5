// What the ECS API's own file shapes share: a create/update call's input (one resource, the whole
// document) and a describe call's output (a list of them), in the API's field names, each resource
// named by its ARN or name and placed where the document writes it.
import { own, ownString, type JsonObject } from '../../util/json.js';
import type { FileShape, Resource } from '../../inventory/resource.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import { baseName, placeByArn } from './ecs-task-definition-files.js';

/** How many of an object's own members a field list knows, of how many. */
export function membersKnown(value: JsonObject, fields: ReadonlySet<string>): { known: number; total: number } {
  let known = 0;
  let total = 0;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    total++;
    if (fields.has(k)) known++;
  }
  return { known, total };
}

export interface ApiResourceKind {
  type: string;
  /** The describe call's list (`services`, `clusters`), read when the shape is `described`. */
  list: string;
  arnField: string;
  /** The name field, and the other members that name the resource in update calls (`service`, `cluster`). */
  nameField: string;
  otherNames: readonly string[];
}

/**
 * The resources of an API-shaped document: the list a describe call returned, or the one resource a
 * call's input is. `moved` gives the fields the kind copies from elsewhere in a resource (a
 * service's primary deployment), each with where it is written, below the resource.
 */
export function apiResources(doc: ParsedDocument, file: string, shape: FileShape, described: boolean, kind: ApiResourceKind, moved?: (data: JsonObject) => Array<{ field: string; from: string[] }>): Resource[] {
  const root = doc.value as JsonObject;
  const found: Array<{ data: JsonObject; prefix: string[] }> = described ? (own(root, kind.list) as JsonObject[]).map((data, i) => ({ data, prefix: [kind.list, String(i)] })) : [{ data: root, prefix: [] }];
  return found.map(({ data, prefix }) => {
    const entries: SourceMapEntry[] = [{ data: [], source: prefix, node: data, keys: 'same' }];
    for (const m of moved?.(data) ?? []) entries.push({ data: [m.field], source: [...prefix, ...m.from], node: own(data, m.field), keys: 'same' });
    const map = new ResourceSourceMap(entries, doc.locate);
    const arn = ownString(data, kind.arnField);
    let named = ownString(data, kind.nameField);
    for (const other of kind.otherNames) named ??= ownString(data, other);
    const name = named ?? arn?.slice(arn.lastIndexOf('/') + 1) ?? baseName(file);
    if (own(data, kind.nameField) === undefined) data[kind.nameField] = name;
    const resource: Resource = { type: kind.type, id: arn ?? name, name, data, origin: { kind: 'file', file, shape, locate: (p) => map.locate(p) } };
    placeByArn(resource, arn);
    if (described) resource.origin.address = name;
    return resource;
  });
}
