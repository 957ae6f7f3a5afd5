// Maps pointers into a resource's normalised data back to pointers into the file it came from.
// A resource's data may be stitched from several places (a role and the policies attached to it)
// and renamed on the way (CloudFormation's PascalCase, Terraform's snake_case), so a source map is
// a list of data-prefix -> source-prefix entries plus how keys below the prefix were renamed.
import { isObject, own, type JsonValue } from '../../util/json.js';
import { parsePointer } from '../../util/pointer.js';
import { toApiFieldName } from '../../inventory/api-field-names.js';
import type { SourcePosition } from '../../util/positions.js';

export type KeyStyle =
  /** Keys are the API's (or the data's) own: no translation. */
  | 'same'
  /** CloudFormation PascalCase below this prefix (and Step Functions' request fields), translated with toApiFieldName. */
  | 'cloudformation'
  /** Everything below this prefix lives inside one string attribute (Terraform's JSON strings). */
  | 'opaque';

export interface SourceMapEntry {
  data: string[];
  source: string[];
  /** The source node at `source`, to find renamed keys in. */
  node: JsonValue | undefined;
  keys: KeyStyle;
  /** For Terraform-style objects: explicit names of the first-level keys (api name -> source key). */
  rename?: Record<string, string>;
}

export class ResourceSourceMap {
  constructor(
    private readonly entries: SourceMapEntry[],
    private readonly locateSource: (segments: readonly string[]) => SourcePosition,
  ) {}

  locate(dataPointer: string): SourcePosition {
    const segs = parsePointer(dataPointer);
    // one entry for the whole document (most task definition files): no search; entries may be
    // added after construction (a service's task sets), so this is decided at each call
    let best = this.entries.length === 1 && this.entries[0]!.data.length === 0 ? this.entries[0] : undefined;
    if (!best) {
      for (const e of this.entries) {
        if (e.data.length <= segs.length && e.data.every((s, i) => s === segs[i]) && (!best || e.data.length > best.data.length)) {
          best = e;
        }
      }
    }
    if (!best) return this.locateSource([]);
    const rest = best.data.length === 0 ? segs : segs.slice(best.data.length);
    // keys written as the data has them: the rest of the path is the same in the source
    const translated = best.keys === 'same' && !best.rename ? rest : translate(rest, best);
    return this.locateSource(best.source.length === 0 ? translated : [...best.source, ...translated]);
  }
}

function translate(rest: string[], entry: SourceMapEntry): string[] {
  if (entry.keys === 'opaque') return [];
  const out: string[] = [];
  let node = entry.node;
  let verbatim = false;
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i]!;
    if (Array.isArray(node)) {
      out.push(seg);
      node = node[Number(seg)];
      continue;
    }
    if (!isObject(node)) {
      out.push(seg);
      node = undefined;
      continue;
    }
    let key = seg;
    if (i === 0 && entry.rename && Object.prototype.hasOwnProperty.call(entry.rename, seg)) {
      key = entry.rename[seg]!;
    } else if (entry.keys === 'cloudformation' && !verbatim && !isIntrinsicKey(seg)) {
      // a Step Functions field the state takes from its input is written `Command.$`
      key = Object.keys(node).find((k) => toApiFieldName(k) === seg) ?? Object.keys(node).find((k) => k.endsWith('.$') && toApiFieldName(k.slice(0, -2)) === seg) ?? seg;
    }
    out.push(key);
    verbatim = entry.keys === 'cloudformation' && MAP_VALUED_FIELDS.has(seg);
    node = own(node, key);
  }
  return out;
}

function isIntrinsicKey(k: string): boolean {
  return k === 'Ref' || k.startsWith('Fn::') || k === 'Condition';
}

/** Fields whose values are maps of user-chosen keys: their keys are data, not field names. */
export const MAP_VALUED_FIELDS = new Set(['options', 'dockerLabels', 'driverOpts', 'labels']);

