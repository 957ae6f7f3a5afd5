// Offsets to lines and columns: a one-line file (minified JSON, as CDK writes it) and a file of
// many lines give the same places however many lookups are made, in any order.
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/util/positions.js';

describe('LineIndex', () => {
  it('a text on one line: every offset is on line 1', () => {
    const lines = new LineIndex('{"a":1,"b":[2,3]}');
    for (const offset of [0, 5, 16, 5]) expect(lines.position(offset)).toEqual({ line: 1, column: offset + 1 });
  });
  it('a text of several lines: the first line without an index, later lines by one, in any order', () => {
    const text = 'ab\ncde\n\nf';
    const lines = new LineIndex(text);
    expect(lines.position(1)).toEqual({ line: 1, column: 2 });
    expect(lines.position(text.indexOf('f'))).toEqual({ line: 4, column: 1 });
    expect(lines.position(text.indexOf('d'))).toEqual({ line: 2, column: 2 });
    expect(lines.position(2)).toEqual({ line: 1, column: 3 });
  });
});
