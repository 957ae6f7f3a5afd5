// Terragrunt units: a `terragrunt.hcl` whose `terraform { source = "../modules//ecs" }` names a
// local module and whose `inputs = { ... }` are that module's variables, as `terragrunt apply`
// runs it. The unit is read as a call of that module with those inputs, merged over the inputs of
// the configuration it includes (`include { path = find_in_parent_folders() }`), so what the
// inputs write into a task definition is checked at its line of the terragrunt.hcl. A source that
// is not a local folder inside the scanned tree is never fetched; an include that cannot be found
// leaves every variable the unit does not set unknown, since the parent may set it.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HclAttribute, HclBlock, HclBody, HclExpr } from '../../../documents/hcl-syntax.js';

/** The file name Terragrunt reads a unit from. */
export const TERRAGRUNT_FILE = 'terragrunt.hcl';

export function isTerragruntFile(path: string): boolean {
  return basename(path) === TERRAGRUNT_FILE;
}

export interface TerragruntUnit {
  /** The `terraform` block that names the module (its `source`). */
  terraform?: HclBlock;
  inputs?: HclAttribute;
  /** The `include` blocks: the configurations whose inputs the unit's are merged over. */
  includes: HclBlock[];
}

export function terragruntUnit(body: HclBody): TerragruntUnit {
  return {
    terraform: body.blocks.find((b) => b.type === 'terraform' && b.body.attributes.some((a) => a.name === 'source')),
    inputs: body.attributes.find((a) => a.name === 'inputs'),
    includes: body.blocks.filter((b) => b.type === 'include'),
  };
}

/**
 * The file an include names, when it is `find_in_parent_folders()` (the nearest terragrunt.hcl
 * above the unit's folder, or the name given: `find_in_parent_folders("root.hcl")`) or a literal
 * path; undefined for any other expression, or when no such file exists.
 */
export function includedFile(include: HclBlock, unitDir: string): string | undefined {
  const path = include.body.attributes.find((a) => a.name === 'path')?.value;
  if (!path) return undefined;
  const literal = literalText(path);
  if (literal !== undefined) {
    const file = join(unitDir, literal);
    return isFile(file) ? file : undefined;
  }
  if (path.kind !== 'call' || path.name !== 'find_in_parent_folders' || path.args.length > 1) return undefined;
  const name = path.args.length === 1 ? literalText(path.args[0]!) : TERRAGRUNT_FILE;
  if (name === undefined || name.includes('/') || name.includes('\\')) return undefined;
  for (let dir = dirname(unitDir); ; dir = dirname(dir)) {
    if (isFile(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

function literalText(expr: HclExpr): string | undefined {
  if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  const part = expr.kind === 'template' && expr.parts.length === 1 ? expr.parts[0] : undefined;
  return part && 'text' in part ? part.text : expr.kind === 'template' && expr.parts.length === 0 ? '' : undefined;
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
