// Env files a scanned file names are read only inside the tool's folder, even through links.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envFileReader, parseEnvFile } from '../../src/sources/files/env-files.js';
import { tempDir } from '../helpers.js';

describe('env files', () => {
  it('reads KEY=value lines at their lines, unquoting values and skipping comments', () => {
    expect(parseEnvFile('# c\n\nexport A=1\r\nB = "two words"\nnot a pair\n=x\nC=\'3\'\n')).toEqual([
      { name: 'A', value: '1', line: 3 },
      { name: 'B', value: 'two words', line: 4 },
      { name: 'C', value: '3', line: 7 },
    ]);
  });
  it('reads files inside the folder, shown from it', () => {
    const d = tempDir({ 'p/config/web.env': 'A=1\n' });
    const read = envFileReader(join(d, 'p'), 'p/', 1_000_000);
    expect(read('config/web.env')).toEqual({ display: 'p/config/web.env', entries: [{ name: 'A', value: '1', line: 1 }] });
    expect(read('./config/../config/web.env')).toMatchObject({ display: 'p/config/web.env' });
  });
  it('never leaves the folder: not by "..", an absolute path, a linked file or a linked folder', () => {
    const d = tempDir({ 'p/x': '', 'secret/db.env': 'DB_PASSWORD=hunter2\n' });
    symlinkSync(join(d, 'secret/db.env'), join(d, 'p/link.env'));
    symlinkSync(join(d, 'secret'), join(d, 'p/linked'));
    const read = envFileReader(join(d, 'p'), 'p/', 1_000_000);
    expect(read('../secret/db.env')).toEqual({ missing: 'it is outside the project folder' });
    expect(read(join(d, 'secret/db.env'))).toEqual({ missing: 'it is outside the project folder' });
    expect(read('link.env')).toEqual({ missing: 'it is not a regular file' });
    expect(read('linked/db.env')).toEqual({ missing: 'it is outside the project folder' });
    expect(read('missing.env')).toEqual({ missing: 'it is not in the scanned files' });
  });
  it('counts the variables it hands out against one budget', () => {
    const d = tempDir({ 'a.env': 'A=1\nB=2\n' });
    const read = envFileReader(d, '', 1_000_000, 3);
    expect(read('a.env')).toHaveProperty('entries');
    expect(read('a.env')).toEqual({ missing: 'the project names more env file variables than ecsguard reads' });
  });
});
