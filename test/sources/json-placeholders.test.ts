// JSON task definitions with template placeholders where values go (envsubst, Jinja, Go
// templates, ERB, Octopus): read with the placeholders as values filled in before deployment, at
// the places the file has them; text that is not JSON for any other reason stays an error.
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, restorePlaceholders } from '../../src/documents/json-placeholders.js';
import { load, tempDir } from '../helpers.js';

describe('fillPlaceholders', () => {
  it('replaces each placeholder in a value place by a string of its length, and names it again after parsing', () => {
    const text = '{"cpu": ${CPU}, "memory": $MEMORY, "a": [{{ x }}, #{Y}, <%= z %>], "b": {% raw %}, "s": "${KEEP} {{ too }}"}';
    const filled = fillPlaceholders(text)!;
    expect(filled.text.length).toBe(text.length);
    expect(filled.placeholders).toEqual(['${CPU}', '$MEMORY', '{{ x }}', '#{Y}', '<%= z %>', '{% raw %}']);
    // every offset outside the placeholders is the file's
    expect(filled.text.indexOf('"memory"')).toBe(text.indexOf('"memory"'));
    expect(filled.text.indexOf('"s"')).toBe(text.indexOf('"s"'));
    const value = restorePlaceholders(JSON.parse(filled.text), filled.placeholders, (p) => ({ p }));
    expect(value).toEqual({ cpu: { p: '${CPU}' }, memory: { p: '$MEMORY' }, a: [{ p: '{{ x }}' }, { p: '#{Y}' }, { p: '<%= z %>' }], b: { p: '{% raw %}' }, s: '${KEEP} {{ too }}' });
  });

  it('names each of more placeholders than one marker character can count', () => {
    const items = Array.from({ length: 300 }, (_, i) => `"k${i}": \${V${i}}`);
    const filled = fillPlaceholders(`{${items.join(', ')}}`)!;
    const value = restorePlaceholders(JSON.parse(filled.text), filled.placeholders, (p) => p) as Record<string, string>;
    expect(value.k0).toBe('${V0}');
    expect(value.k299).toBe('${V299}');
  });

  it('leaves text alone that has no placeholder in a value place, or one that does not close on its line', () => {
    expect(fillPlaceholders('{"a": "${X}"}')).toBeUndefined();
    expect(fillPlaceholders('{"a": 1,}')).toBeUndefined();
    expect(fillPlaceholders('{"a": ${X\n}')).toBeUndefined();
    expect(fillPlaceholders('{"a": {{ x }')).toBeUndefined();
    // a key's place or the document's own place is not a value's
    expect(fillPlaceholders('{ ${KEY}: 1 }')).toBeUndefined();
    expect(fillPlaceholders('{{ toJson .Values }}')).toBeUndefined();
    // too short to be replaced by a string: not read
    expect(fillPlaceholders('{"a": $X}')).toBeUndefined();
  });

  it('is linear on a crafted text of many placeholder starts', () => {
    const text = `{"a": [${'${X}, '.repeat(200_000)}1]}`;
    const filled = fillPlaceholders(text)!;
    expect(filled.placeholders.length).toBe(200_000);
    expect(fillPlaceholders(`{"a": [${'{{'.repeat(200_000)}]}`)).toBeUndefined();
    expect(fillPlaceholders(`{"a": [${'<'.repeat(200_000)}]}`)).toBeUndefined();
    expect(fillPlaceholders(`{"a": [${'__'.repeat(200_000)}]}`)).toBeUndefined();
  });

  it('fills token placeholders in value places: <CPU>, __CPU__, @@CPU@@', () => {
    const filled = fillPlaceholders('{"cpu": <CPU>, "memory": __MEMORY__, "privileged": @@PRIVILEGED@@}')!;
    expect(filled.placeholders).toEqual(['<CPU>', '__MEMORY__', '@@PRIVILEGED@@']);
  });
});

describe('a task definition file with template placeholders', () => {
  const text = [
    '{',
    '  "family": "${SERVICE}",',
    '  "cpu": ${CPU},',
    '  "containerDefinitions": [',
    '    {',
    '      "name": "app",',
    '      "image": "${IMAGE}",',
    '      "privileged": {{ privileged }},',
    '      "environment": [{ "name": "API_TOKEN", "value": "tok-8f3k2j5h7g9d1s" }]',
    '    }',
    '  ]',
    '}',
  ].join('\n');

  it('is scanned: literal values are checked, placeholders are values filled in before deployment', () => {
    const dir = tempDir({ 'task-definition.json': text });
    const result = load(`${dir}/task-definition.json`, false, 'task-definition.json');
    expect(result.errors).toEqual([]);
    const td = result.resources[0]!;
    expect(td.data.cpu).toEqual({ $placeholder: '${CPU}' });
    const container = (td.data.containerDefinitions as any[])[0];
    expect(container.privileged).toEqual({ $placeholder: '{{ privileged }}' });
    expect(container.environment[0].value).toBe('tok-8f3k2j5h7g9d1s');
    // places are the file's own
    expect(td.origin.locate('/containerDefinitions/0/privileged').line).toBe(8);
    expect(td.origin.locate('/containerDefinitions/0/environment/0/value').line).toBe(9);
  });

  it('that is not JSON for another reason too stays an error at its place', () => {
    const dir = tempDir({ 'task-definition.json': text.replace('"name": "app",', '"name": "app",,') });
    const result = load(`${dir}/task-definition.json`, false, 'task-definition.json');
    expect(result.resources).toEqual([]);
    expect(result.errors.map((e) => `${e.line}: ${e.message}`)).toEqual(['6: invalid JSON: expected a double-quoted property name']);
  });
});

describe('a YAML task definition with unquoted Jinja or Go template placeholders', () => {
  it('reads `{{ x }}` (a mapping whose key is a mapping, to YAML) as the placeholder, at its line', () => {
    const text = ['family: web', 'networkMode: {{ network_mode }}', 'containerDefinitions:', '  - name: web', '    privileged: {{ privileged }}', '    labels: {a: 1}', '    options: {{a: 1}: 2, b: 3}', ''].join('\n');
    const dir = tempDir({ 'td.yaml': text });
    const result = load(`${dir}/td.yaml`, false, 'td.yaml');
    expect(result.errors).toEqual([]);
    const td = result.resources[0]!;
    expect(td.data.networkMode).toEqual({ $placeholder: '{{ network_mode }}' });
    const container = (td.data.containerDefinitions as any[])[0];
    expect(container.privileged).toEqual({ $placeholder: '{{ privileged }}' });
    // flow mappings that are not one placeholder stay mappings
    expect(container.labels).toEqual({ a: 1 });
    expect(Object.keys(container.options)).toEqual(['{"a":1}', 'b']);
    expect(td.origin.locate('/containerDefinitions/0/privileged').line).toBe(5);
  });
});
