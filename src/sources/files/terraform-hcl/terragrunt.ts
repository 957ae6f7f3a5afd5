// Terragrunt units: a `terragrunt.hcl` whose `terraform { source = "../modules//ecs" }` names a
// local module and whose `inputs = { ... }` are that module's variables, as `terragrunt apply`
// runs it. The unit is read as a call of that module with those inputs, merged over the inputs of
// the configuration it includes (`include { path = find_in_parent_folders() }`), so what the
// inputs write into a task definition is checked at its line of the terragrunt.hcl. A source that
// is not a local folder inside the scanned tree is never fetched; an include that cannot be found
// leaves every variable the unit does not set unknown, since the parent may set it.
import { statSync } from 'node:fs';
import { workTreeAbove } from '../git-index.js';
import { basename, dirname, isAbsolute, join } from 'node:path';
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
 * The file an include names: `find_in_parent_folders()` (the nearest terragrunt.hcl above the
 * unit's folder, or the name given: `find_in_parent_folders("root.hcl")`), or a path written
 * with literal text and the path functions sourceOf knows; undefined for any other expression,
 * or when no such file exists.
 */
export function includedFile(include: HclBlock, unitDir: string): string | undefined {
  const path = include.body.attributes.find((a) => a.name === 'path')?.value;
  const text = path ? pathText(path, unitDir, undefined) : undefined;
  if (text === undefined) return undefined;
  const file = isAbsolute(text) ? text : join(unitDir, text);
  return isFile(file) ? file : undefined;
}

/**
 * The `terraform { source }` of a unit as text: a literal, or a template of literal text and the
 * path functions Terragrunt gives (`get_terragrunt_dir()`, `get_repo_root()`,
 * `get_parent_terragrunt_dir()`, `find_in_parent_folders(...)` and `dirname()` of it), filled in
 * for the unit's folder. Undefined for anything else: a source ecsguard cannot know.
 */
export function sourceOf(terraform: HclBlock, unitDir: string, parentFile: string | undefined): string | undefined {
  const source = terraform.body.attributes.find((a) => a.name === 'source')?.value;
  return source ? pathText(source, unitDir, parentFile) : undefined;
}

function pathText(source: HclExpr, unitDir: string, parentFile: string | undefined): string | undefined {
  const literal = literalText(source);
  if (literal !== undefined) return literal;
  if (source.kind !== 'template') return pathCall(source, unitDir, parentFile);
  let out = '';
  for (const part of source.parts) {
    if ('text' in part) out += part.text;
    else if ('expr' in part) {
      const v = pathCall(part.expr, unitDir, parentFile);
      if (v === undefined) return undefined;
      out += v;
    } else return undefined;
  }
  return out;
}

function pathCall(expr: HclExpr, unitDir: string, parentFile: string | undefined): string | undefined {
  if (expr.kind !== 'call') return undefined;
  switch (expr.name) {
    case 'get_terragrunt_dir':
      return expr.args.length === 0 ? unitDir : undefined;
    case 'get_parent_terragrunt_dir':
      return expr.args.length === 0 && parentFile ? dirname(parentFile) : undefined;
    case 'get_repo_root':
      return expr.args.length === 0 ? workTreeAbove(unitDir)?.root : undefined;
    case 'find_in_parent_folders':
      return findInParentFolders(expr.args, unitDir);
    case 'dirname': {
      const inner = expr.args.length === 1 ? pathCall(expr.args[0]!, unitDir, parentFile) : undefined;
      return inner === undefined ? undefined : dirname(inner);
    }
    default:
      return undefined;
  }
}

function findInParentFolders(args: HclExpr[], unitDir: string): string | undefined {
  if (args.length > 1) return undefined;
  const name = args.length === 1 ? literalText(args[0]!) : TERRAGRUNT_FILE;
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
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
