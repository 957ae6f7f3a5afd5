// Validators for the reports the tests produce: the official SARIF 2.1.0 schema (draft 2020-12)
// and ecsguard's own JSON report schema.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ROOT } from '../helpers.js';

const sarifAjv = new Ajv2020.default({ allErrors: true, strict: false, validateFormats: true });
addFormats.default(sarifAjv);
export const validateSarif = sarifAjv.compile(JSON.parse(readFileSync(`${ROOT}/fixtures/schemas/sarif-2.1.0.json`, 'utf8')));

const jsonAjv = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(jsonAjv);
export const validateJsonReport = jsonAjv.compile(JSON.parse(readFileSync(`${ROOT}/schemas/report.schema.json`, 'utf8')));
export const validateDiff = jsonAjv.compile(JSON.parse(readFileSync(`${ROOT}/schemas/diff.schema.json`, 'utf8')));
export const validateAsff = jsonAjv.compile(JSON.parse(readFileSync(`${ROOT}/schemas/asff.schema.json`, 'utf8')));
