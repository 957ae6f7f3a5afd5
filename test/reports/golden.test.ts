// Every report format, compared whole with its golden file (test/golden/). The scans run on the
// fixture rule set, so only a change to a report (or to the fixture rules) changes them; after a
// deliberate change, `npm run update-golden` writes them again and the diff is reviewed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module shared with scripts/update-golden.mjs
import { GOLDEN_CASES, GOLDEN_DIR, runGoldenCase } from '../golden/cases.mjs';

describe('golden reports (npm run update-golden writes them)', () => {
  for (const c of GOLDEN_CASES as Array<{ file: string; args: string[] }>) {
    it(c.file, () => {
      expect(runGoldenCase(c)).toBe(readFileSync(join(GOLDEN_DIR, c.file), 'utf8'));
    });
  }
});
