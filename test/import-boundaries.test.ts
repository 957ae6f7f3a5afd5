// DESIGN.md's arrows, enforced: `npm run check-imports` finds no import that crosses a boundary,
// and it does find one planted in a copy of the layout (so the check can fail).
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
// @ts-expect-error: a plain ES module script
import { checkImports } from '../scripts/check-imports.mjs';

describe('import boundaries (.dependency-cruiser.cjs)', () => {
  it('hold in src/', async () => {
    const r = await checkImports();
    expect(r.broken).toEqual([]);
    expect(r.modules).toBeGreaterThan(100);
  });
  it('catch a report that reads a source, an inventory that knows a predicate, a cycle, and a leaf that imports up', async () => {
    const dir = tempDir({
      'src/reports/text.ts': "import { load } from '../sources/files/load.js';\nexport const t = load;\n",
      'src/sources/files/load.ts': 'export const load = 1;\n',
      'src/inventory/model.ts': "import type { P } from '../predicates/p.js';\nexport type M = P;\n",
      'src/predicates/p.ts': "import type { M } from '../inventory/model.js';\nexport type P = M | 1;\n",
      'src/compliance/rollup.ts': "import type { R } from '../engine/results.js';\nexport type X = R;\n",
      'src/engine/results.ts': 'export type R = 1;\n',
      'src/sources/live/collect.ts': "import { load } from '../files/load.js';\nexport const c = load;\n",
    });
    const { broken } = await checkImports(dir);
    expect(broken).toContain('reports-read-no-source: src/reports/text.ts -> src/sources/files/load.ts');
    expect(broken).toContain('inventory-below-sources-and-engine: src/inventory/model.ts -> src/predicates/p.ts');
    expect(broken).toContain('no-circular: src/inventory/model.ts -> src/predicates/p.ts');
    expect(broken).toContain('leaves-import-leaves: src/compliance/rollup.ts -> src/engine/results.ts');
    expect(broken).toContain('files-and-live-apart: src/sources/live/collect.ts -> src/sources/files/load.ts');
  });
});
