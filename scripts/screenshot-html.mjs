#!/usr/bin/env node
// Writes docs/html-report.png, the README's picture of the HTML report: the shipped examples
// scanned with their configuration, rendered in Debian's Chromium through playwright-core.
// Usage: node scripts/screenshot-html.mjs (after the build; needs /usr/bin/chromium)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'ecsguard-shot-'));
const html = join(work, 'report.html');
try {
  execFileSync(process.execPath, [join(root, 'bin/ecsguard.cjs'), 'scan', 'fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml', '--format', 'html', '--output', html, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
} catch (err) {
  if (err.status !== 1) throw err; // the examples have findings on purpose
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(pathToFileURL(html).href);
await page.waitForSelector('body[data-ready="true"]');
await page.screenshot({ path: join(root, 'docs/html-report.png') });
await browser.close();
rmSync(work, { recursive: true, force: true });
process.stdout.write('wrote docs/html-report.png\n');
