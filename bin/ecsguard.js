#!/usr/bin/env node
// ecsguard's command. The code lives in dist/, built by `npm ci` / `npm install` (prepare).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ecsguard: not built yet; run `npm install` (or `npm run build`) in the ecsguard directory\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
