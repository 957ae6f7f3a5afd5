// Turns ajv's error list (from the validators generated at build time) into the one error a
// person should read first: the deepest place, in plain words, with its JSON pointer.

export interface SchemaErrorObject {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type GeneratedValidator = ((data: unknown) => boolean) & { errors?: SchemaErrorObject[] | null };

export interface SchemaProblem {
  pointer: string;
  message: string;
}

export function validateWith(validate: GeneratedValidator, data: unknown): SchemaProblem | undefined {
  if (validate(data)) return undefined;
  return pickError(validate.errors ?? []);
}

function pickError(errors: SchemaErrorObject[]): SchemaProblem {
  // Deepest first; among equals, concrete keywords beat the anyOf/oneOf summaries.
  const rank = (e: SchemaErrorObject) => (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if' ? 0 : 1);
  const sorted = [...errors].sort((a, b) => depth(b.instancePath) - depth(a.instancePath) || rank(b) - rank(a));
  const best = sorted[0];
  if (!best) return { pointer: '', message: 'does not match the schema' };
  return { pointer: pointerOf(best), message: describe(best, errors) };
}

function depth(p: string): number {
  return p === '' ? 0 : p.split('/').length;
}

function pointerOf(e: SchemaErrorObject): string {
  if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') {
    return `${e.instancePath}/${e.params.additionalProperty.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return e.instancePath;
}

function describe(e: SchemaErrorObject, all: SchemaErrorObject[]): string {
  const field = e.instancePath === '' ? 'the document' : e.instancePath.slice(1).replace(/\//g, '.');
  switch (e.keyword) {
    case 'type': {
      // Under anyOf several type errors name the same place: list every accepted type.
      const types = new Set<string>();
      // one type error may accept several ("string,number,boolean,null")
      for (const x of all) if (x.instancePath === e.instancePath && x.keyword === 'type') for (const t of String(x.params.type).split(',')) types.add(t);
      // "object" beside other types is the alternative for a template-computed value
      // ({"Ref": ...}); naming it would mislead, the field wants the other type.
      if (types.size > 1) types.delete('object');
      const named = [...types].map((t) => (t === 'null' ? 'null' : t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : `a ${t}`));
      return `${field} must be ${named.length > 2 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named.join(' or ')}`;
    }
    case 'required':
      return `${field} lacks the required field "${String(e.params.missingProperty)}"`;
    case 'additionalProperties':
      return `unknown field "${String(e.params.additionalProperty)}" in ${field}`;
    case 'enum':
      return `${field} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${field} has an invalid format`;
    case 'const':
      return `${field} must be ${JSON.stringify(e.params.allowedValue)}`;
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}
