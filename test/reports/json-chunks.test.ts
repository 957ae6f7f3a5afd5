// Reports too large for one string are written in chunks: the chunks must be exactly the JSON
// a single JSON.stringify would give, whatever the list's place, size and contents.
import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, jsonChunks } from '../../src/util/json-chunks.js';

describe('jsonChunks', () => {
  const item = (i: number) => ({ ruleId: `r-${i}`, message: `line one\nline "two" \u2028 ${'x'.repeat(i % 7)}`, data: { n: i, list: [i, { deep: [i] }] }, empty: {}, none: [] });
  for (const indent of [0, 2] as const) {
    it(`equals JSON.stringify with indent ${indent}: a top-level list, a nested one, an empty one`, () => {
      const results = Array.from({ length: 50 }, (_, i) => item(i));
      const top = { schemaVersion: '1.3', summary: { n: 50 }, results, controls: [{ id: '1' }], errors: [] };
      const nested = { version: '2.1.0', runs: [{ tool: { name: 'x' }, results, invocations: [{ ok: true }] }] };
      const stringify = (v: unknown) => JSON.stringify(v, null, indent || undefined) + '\n';
      expect([...jsonChunks(top, ['results'], results, indent)].join('')).toBe(stringify(top));
      expect([...jsonChunks(nested, ['runs', 0, 'results'], results, indent)].join('')).toBe(stringify(nested));
      const none = { ...top, results: [] };
      expect([...jsonChunks(none, ['results'], [], indent)].join('')).toBe(stringify(none));
      // one item a line: the same document, each item's JSON on a line of its own
      const oneLine = [...jsonChunks(top, ['results'], results, indent, { oneLineItems: true })].join('');
      expect(JSON.parse(oneLine)).toEqual(top);
      if (indent) expect(oneLine.split('\n').filter((l) => l.startsWith('    {"ruleId":'))).toHaveLength(results.length);
      else expect(oneLine).toBe(stringify(top));
      // items given as their own JSON text: the same document, character for character
      expect([...jsonChunks(top, ['results'], results, indent, { oneLineItems: true, eachJson: (x) => JSON.stringify(x) })].join('')).toBe(oneLine);
    });
  }
  it('splits a large list into chunks of about CHUNK_CHARS (young objects, not large ones), and leaves the document unchanged', () => {
    const results = Array.from({ length: 20_000 }, (_, i) => item(i));
    const doc = { a: 1, results };
    const chunks = [...jsonChunks(doc, ['results'], results, 2)];
    expect(chunks.length).toBeGreaterThan(3);
    // a chunk ends with the item that fills it: at most one item past the size
    expect(Math.max(...chunks.slice(0, -1).map((c) => c.length))).toBeLessThan(CHUNK_CHARS + 500);
    expect(JSON.parse(chunks.join(''))).toEqual(doc);
    expect(doc.results).toBe(results);
  });
  it('refuses item JSON text where items are indented across lines', () => {
    expect(() => [...jsonChunks({ results: [1] }, ['results'], [1], 2, { eachJson: String })]).toThrow(/one line/);
  });
});
