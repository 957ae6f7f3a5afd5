// Locating a JSON pointer in a file's text: exact places, the shared table of container ends
// used by files located one after another, and a large file's own table made once.
import { describe, expect, it } from 'vitest';
import { LocateMemo, locateJsonPointer } from '../../src/documents/json-scanner.js';

const at = (text: string, needle: string, from = 0) => text.indexOf(needle, from);

describe('locateJsonPointer', () => {
  const text = JSON.stringify({ a: { 'k\\"y': [1, { b: 'x' }], dup: 1, dup2: [[], {}] }, list: [{ n: 1 }, { n: 2 }] }, null, 2).replace('"dup2"', '"dup"');
  it('finds members, elements, escaped and repeated keys, and the deepest ancestor of what is missing', () => {
    const memo = new LocateMemo();
    expect(locateJsonPointer(text, ['a'], memo)).toBe(at(text, '"a"'));
    expect(locateJsonPointer(text, ['a', 'k\\"y', '1', 'b'], memo)).toBe(at(text, '"b"'));
    // JSON.parse keeps the last of repeated keys, and so does the locator
    expect(locateJsonPointer(text, ['a', 'dup'], memo)).toBe(at(text, '"dup"', at(text, '"dup"') + 1));
    expect(locateJsonPointer(text, ['list', '1', 'n'], memo)).toBe(at(text, '"n"', at(text, '"n"') + 1));
    expect(locateJsonPointer(text, ['list', '7', 'n'], memo)).toBe(at(text, '"list"'));
    expect(locateJsonPointer(text, ['a', 'missing'], memo)).toBe(at(text, '"a"'));
  });

  it('gives the same places when two files are located in turn (the shared table is made again for each)', () => {
    const other = JSON.stringify({ list: [{ n: 1 }, { deeper: { n: 2 } }], a: {} }, null, 4);
    const m1 = new LocateMemo();
    const m2 = new LocateMemo();
    for (let round = 0; round < 3; round++) {
      expect(locateJsonPointer(text, ['list', '1', 'n'], m1)).toBe(at(text, '"n"', at(text, '"n"') + 1));
      expect(locateJsonPointer(other, ['list', '1', 'deeper', 'n'], m2)).toBe(at(other, '"n"', at(other, '"n"') + 1));
      expect(locateJsonPointer(other, ['a'], m2)).toBe(at(other, '"a"'));
    }
  });

  it('makes a large file its own table once, not once a lookup', () => {
    const items = Array.from({ length: 60_000 }, (_, i) => ({ name: `c${i}`, environment: [{ name: 'X', value: 'y'.repeat(20) }] }));
    const big = JSON.stringify({ containerDefinitions: items }, null, 2);
    expect(big.length).toBeGreaterThan(1 << 22);
    const memo = new LocateMemo();
    expect(locateJsonPointer(big, ['containerDefinitions', '59999', 'environment', '0', 'value'], memo)).toBe(big.lastIndexOf('"value"'));
    const table = memo.largeEnds;
    expect(table).toBeInstanceOf(Map);
    expect(locateJsonPointer(big, ['containerDefinitions', '3', 'name'], memo)).toBe(at(big, '"name"', at(big, '"c3"') - 10));
    expect(memo.largeEnds).toBe(table);
  });
});
