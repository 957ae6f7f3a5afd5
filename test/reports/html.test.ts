// The HTML report: one self-contained page whose only script and stylesheet are its own (by hash
// in its Content-Security-Policy), checked as text, then in real headless Chromium (Debian's
// package; playwright-core drives it, never a downloaded browser): it renders, its numbers are
// the JSON report's, filters and search work, nothing from the files runs, nothing is fetched.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_RULES, ROOT, runCli, tempDir } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(ROOT, 'test/.output');

/** Scans `target` (with `args`), writing the HTML and the JSON report of the same run. */
function scanBoth(target: string, args: string[], cwd = ROOT): { html: string; htmlPath: string; json: any } {
  const dir = tempDir();
  const htmlPath = join(dir, 'report.html');
  const r = runCli(['scan', target, ...args, '--output', `html=${htmlPath}`, '--output', `json=${join(dir, 'report.json')}`, '--quiet'], cwd);
  expect([0, 1]).toContain(r.code);
  return { html: readFileSync(htmlPath, 'utf8'), htmlPath, json: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) };
}

const hostileTd = JSON.stringify({
  family: 'evil',
  containerDefinitions: [{ name: '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">', image: 'x', privileged: true, environment: [{ name: 'DB_PASSWORD', value: 'Zq8#mR2!vLx9pT4w' }] }],
});

describe('HTML report, as text', () => {
  it('is one file: inline script and stylesheet allowed by their hashes, nothing else loaded', () => {
    const { html } = scanBoth('fixtures/examples', ['--config', 'test/golden/ecsguard.yaml', ...FIXTURE_RULES]);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const sha = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(csp).toContain(`script-src ${sha(script)}`);
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(html).not.toMatch(/<link|<iframe|<img|\bsrc=|@import|url\(/i);
  });

  it('text from the files cannot close the data block, and secret values are not in it', () => {
    const dir = tempDir({ 'evil.json': hostileTd });
    const { html } = scanBoth(dir, ['--no-config', ...FIXTURE_RULES]);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('Zq8#mR2');
  });
});

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`HTML report browser tests skipped: ${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it)`);

describe.skipIf(!haveChromium)('HTML report, in headless Chromium', () => {
  let browser: import('playwright-core').Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report, recording console errors, page errors and every request but the page's own. */
  async function open(htmlPath: string, viewport = { width: 1400, height: 1000 }) {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(htmlPath).href;
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      if (route.request().url() !== url) requests.push(route.request().url());
      return route.request().url() === url ? route.continue() : route.abort();
    });
    const started = Date.now();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    return { page, problems, requests, loadMs: Date.now() - started };
  }

  const visibleRows = (page: import('playwright-core').Page) => page.$$eval('#finding-table tbody tr', (rows) => rows.length);

  it('renders the examples with the JSON report\'s numbers; filters and search work; a screenshot is kept', async () => {
    const { htmlPath, json } = scanBoth('fixtures/examples', ['--config', 'fixtures/examples/.ecsguard.yaml', '--today', '2026-11-24']);
    const { page, problems, requests } = await open(htmlPath);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'html-report.png'), fullPage: false });
    for (const status of ['fail', 'unknown', 'waived', 'pass']) expect(await page.textContent(`#count-${status}`)).toBe(String(json.summary.results[status]));
    const listed = json.results.filter((r: any) => ['fail', 'unknown', 'waived'].includes(r.status));
    expect(await visibleRows(page)).toBe(listed.length);
    expect(await page.textContent('#shown')).toBe(`${listed.length} of ${json.results.length} results shown`);
    // by runbook control: the same statuses as the JSON roll-up
    for (const c of json.controls.filter((x: any) => x.framework === 'runbook')) {
      expect(await page.textContent(`#runbook-table tr[data-control="${c.id}"] td:nth-child(3)`)).toBe(c.status);
    }
    await page.selectOption('#f-severity', 'high');
    expect(await visibleRows(page)).toBe(listed.filter((r: any) => r.severity === 'high').length);
    await page.selectOption('#f-severity', '');
    await page.selectOption('#f-rule', 'ecs-no-plaintext-secrets');
    expect(await visibleRows(page)).toBe(listed.filter((r: any) => r.ruleId === 'ecs-no-plaintext-secrets').length);
    await page.selectOption('#f-rule', '');
    await page.fill('#f-search', 'shop-web.json');
    expect(await visibleRows(page)).toBe(listed.filter((r: any) => r.location.file.endsWith('shop-web.json')).length);
    await page.fill('#f-search', '');
    await page.selectOption('#f-status', '');
    expect(await visibleRows(page)).toBe(json.results.length);
    await page.selectOption('#f-status', 'listed');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows text from the files as text: no script runs, no request is made', async () => {
    const dir = tempDir({ 'evil.json': hostileTd });
    const { htmlPath } = scanBoth(dir, ['--no-config', ...FIXTURE_RULES]);
    const { page, problems, requests } = await open(htmlPath);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.textContent('#finding-table')).toContain('</script><script>window.pwned=1</script>');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it('a live audit shows its blind spots by service and region; a baseline what is new and what was fixed', async () => {
    const snap = JSON.stringify({
      schemaVersion: '1.0', tool: { name: 'ecsguard', version: '0' }, collectedAt: '2026-12-01T00:00:00Z',
      scope: { accounts: ['123456789012'], regions: ['us-east-1', 'eu-west-1'], allRevisions: false },
      resources: [{ type: 'ecs:task-definition', id: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3', name: 'web', account: '123456789012', region: 'us-east-1', data: { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', privileged: true }] } }],
      gaps: [{ account: '123456789012', region: 'eu-west-1', service: 'ecs', operation: 'ListTaskDefinitions', code: 'access-denied', message: 'AccessDenied', affects: { types: ['ecs:task-definition'] } }],
      calls: { total: 3, failed: 1, byOperation: {} },
    });
    const dir = tempDir({ 'snap.json': snap });
    const live = scanBoth('--inventory', [join(dir, 'snap.json'), '--no-config', ...FIXTURE_RULES]);
    const opened = await open(live.htmlPath);
    expect(await opened.page.isVisible('#gaps')).toBe(true);
    const gapRow = await opened.page.$$eval('#gap-table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
    expect(gapRow).toEqual([['ecs', 'eu-west-1', String(live.json.results.filter((r: any) => r.status === 'unknown').length)]]);
    expect(await opened.page.$$eval('#f-where option', (o) => o.map((x) => x.textContent))).toContain('123456789012 / eu-west-1');
    await opened.page.close();

    // against a baseline: one finding fixed, one new
    const src = tempDir({ 'td.json': JSON.stringify({ family: 'a', containerDefinitions: [{ name: 'a', image: 'x', privileged: true }] }) });
    const base = join(tempDir(), 'base.json');
    runCli(['scan', src, '--no-config', ...FIXTURE_RULES, '--format', 'json', '--output', base, '--quiet']);
    writeFileSync(join(src, 'td.json'), JSON.stringify({ family: 'a', containerDefinitions: [{ name: 'a', image: 'x', environment: [{ name: 'DB_PASSWORD', value: 'Zq8#mR2!vLx9pT4w' }] }] }));
    const now = scanBoth(src, ['--no-config', ...FIXTURE_RULES, '--baseline', base]);
    const page = (await open(now.htmlPath)).page;
    expect(await page.textContent('#baseline-summary')).toBe(`Against ${now.json.baseline.file}: ${now.json.baseline.new} new, ${now.json.baseline.unchanged} unchanged, ${now.json.baseline.absent.length} fixed (no longer reported).`);
    expect(await page.$$eval('#fixed-table tbody tr', (rows) => rows.map((r) => r.querySelector('code')!.textContent))).toEqual(['fx-no-privileged']);
    expect(await page.$$eval('#finding-table .badge.new', (b) => b.length)).toBe(now.json.baseline.new);
    await page.close();
  }, 60_000);

  it('10,000 findings load and filter (times are printed, not asserted)', async () => {
    // 2,500 task definitions of 4 containers, each privileged: 10,000 failing results of one rule
    const files: Record<string, string> = {};
    for (let i = 0; i < 2500; i++) files[`td-${i}.json`] = JSON.stringify({ family: `svc-${i}`, containerDefinitions: [0, 1, 2, 3].map((j) => ({ name: `c${j}`, image: 'x', privileged: true })) });
    const dir = tempDir(files);
    const rules = tempDir({ 'fx-no-privileged.yaml': readFileSync(join(ROOT, 'fixtures/test-rules/fx-no-privileged.yaml'), 'utf8') });
    const { htmlPath, json } = scanBoth(dir, ['--no-config', '--no-builtin-rules', '--rules', rules]);
    expect(json.summary.results.fail).toBe(10_000);
    const { page, problems, loadMs } = await open(htmlPath);
    const filterMs = await page.evaluate(() => {
      const search = document.getElementById('f-search') as HTMLInputElement;
      const t = performance.now();
      search.value = 'svc-42';
      search.dispatchEvent(new Event('input'));
      return performance.now() - t;
    });
    expect(await visibleRows(page)).toBe(json.results.filter((r: any) => r.resource.name.includes('svc-42')).length);
    // with no filter, the first 1,000 are listed and "Show all" lists the rest
    await page.fill('#f-search', '');
    expect(await visibleRows(page)).toBe(1000);
    expect(await page.textContent('#shown')).toBe('10000 of 10000 results shown (the first 1000 listed)');
    const allMs = await page.evaluate(() => {
      const t = performance.now();
      (document.getElementById('more') as HTMLButtonElement).click();
      return performance.now() - t;
    });
    expect(await visibleRows(page)).toBe(10_000);
    const size = readFileSync(htmlPath).length;
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(join(OUTPUT, 'html-10k.txt'), `10,000 findings: ${(size / 1e6).toFixed(1)} MB, load ${loadMs} ms, search ${filterMs.toFixed(0)} ms, show all ${allMs.toFixed(0)} ms\n`);
    console.log(`HTML report with 10,000 findings: ${(size / 1e6).toFixed(1)} MB, load ${loadMs} ms, search ${filterMs.toFixed(0)} ms, show all ${allMs.toFixed(0)} ms`);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
