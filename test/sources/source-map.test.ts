// A resource's source map: pointers into the data found in the file, each found once, and found
// again once an entry is added (a service's task sets are mapped after the service).
import { describe, expect, it } from 'vitest';
import { ResourceSourceMap, type SourceMapEntry } from '../../src/sources/files/source-map.js';

describe('ResourceSourceMap', () => {
  it('finds a pointer once, and again after an entry is added', () => {
    const asked: string[] = [];
    const entries: SourceMapEntry[] = [{ data: [], source: ['Resources', 'Svc', 'Properties'], node: {}, keys: 'same' }];
    const map = new ResourceSourceMap(entries, (segments) => {
      asked.push(segments.join('/'));
      return { line: asked.length, column: 1 };
    });
    expect(map.locate('/taskSets/0/scale')).toEqual({ line: 1, column: 1 });
    expect(map.locate('/taskSets/0/scale')).toEqual({ line: 1, column: 1 });
    expect(asked).toEqual(['Resources/Svc/Properties/taskSets/0/scale']);
    // the task set is mapped to its own resource in the template: the same pointer now lands there
    entries.push({ data: ['taskSets', '0'], source: ['Resources', 'Set', 'Properties'], node: {}, keys: 'same' });
    expect(map.locate('/taskSets/0/scale')).toEqual({ line: 2, column: 1 });
    expect(asked).toEqual(['Resources/Svc/Properties/taskSets/0/scale', 'Resources/Set/Properties/scale']);
  });
});
