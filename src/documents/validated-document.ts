// Reads a small YAML or JSON file ecsguard itself is configured with (a rule, .ecsguard.yaml),
// checks it against its schema, and turns any problem into a UserError at the offending line.
import { UserError } from '../util/errors.js';
import { parsePointer } from '../util/pointer.js';
import { validateWith, type GeneratedValidator } from '../util/schema-errors.js';
import { parseDocumentText, type ParsedDocument, type ParseOptions } from './parse-document.js';
import { readText } from './read-text.js';

export interface ValidatedDocument {
  doc: ParsedDocument;
  /** An error at the place a pointer names: for checks made after the schema's. */
  errorAt(pointer: string, message: string): UserError;
}

export function readValidatedDocument(path: string, display: string, validate: GeneratedValidator, what: string, maxBytes = 1024 * 1024, options: ParseOptions = {}): { ok: true; value: ValidatedDocument } | { ok: false; error: UserError } {
  const read = readDocument(path, display, maxBytes, options);
  return read.ok ? validateDocument(read.doc, display, validate, what) : read;
}

/** Reads and parses, without a schema yet (for a caller that picks one from the content). */
export function readDocument(path: string, display: string, maxBytes: number, options: ParseOptions = {}): { ok: true; doc: ParsedDocument } | { ok: false; error: UserError } {
  const text = readText(path, display, maxBytes);
  if (!text.ok) return { ok: false, error: text.error };
  // an empty file is an empty mapping (a configuration file with nothing set yet)
  if (text.text.trim() === '') return { ok: true, doc: { format: 'yaml', value: {}, locate: () => ({ line: 1, column: 1 }) } };
  return parseDocumentText(text.text, display, options);
}

export function validateDocument(doc: ParsedDocument, display: string, validate: GeneratedValidator, what: string): { ok: true; value: ValidatedDocument } | { ok: false; error: UserError } {
  const errorAt = (pointer: string, message: string) => {
    const pos = doc.locate(parsePointer(pointer));
    return new UserError(`invalid ${what}: ${message}`, display, pos.line, pos.column);
  };
  const problem = validateWith(validate, doc.value);
  if (problem) return { ok: false, error: errorAt(problem.pointer, problem.message) };
  return { ok: true, value: { doc, errorAt } };
}
