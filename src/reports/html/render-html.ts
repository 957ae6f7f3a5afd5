// `--format html`: one self-contained page (no network, no CDN, no font): the JSON report
// embedded as data, drawn by an inline script, styled by an inline stylesheet. A
// Content-Security-Policy allows only that script and that stylesheet, by their hashes, so text
// from the scanned files can never become markup or code, even through a bug in the script.
import { createHash } from 'node:crypto';
import type { ScanOutcome } from '../outcome.js';
import { renderJsonReport } from '../json.js';
import { HTML_SCRIPT } from './script.js';
import { HTML_STYLE } from './style.js';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** JSON placed in a <script type="application/json">: nothing in it can close the element. */
function embeddable(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The page up to the embedded data, made on first use: hashing it costs nothing to scans without --format html. */
let pageHead: string | undefined;
const head = () => (pageHead ??= `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${hash(HTML_SCRIPT)}; style-src ${hash(HTML_STYLE)}; img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>ecsguard report</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>ecsguard: Amazon ECS compliance report</h1><p id="scope"></p></header>
<main>
<section id="glance"><h2>At a glance</h2><div class="cards" id="cards"></div></section>
<section id="posture"><h2>Compliance by runbook control statement</h2><table id="runbook-table"></table>
<h3>By NIST CSF 2.0 function</h3><table id="csf-table"></table></section>
<section id="failing-rules"><h2>Failing rules</h2><table id="rule-table"></table></section>
<section id="findings"><h2>Results</h2>
<form id="filters" role="search">
<label>Search<input type="search" id="f-search" placeholder="rule, message, resource, file"></label>
<label>Severity<select id="f-severity"></select></label>
<label>Status<select id="f-status"></select></label>
<label>Rule<select id="f-rule"></select></label>
<label>Control<select id="f-control"></select></label>
<label>Account / region<select id="f-where"></select></label>
<label>File<select id="f-file"></select></label>
</form>
<p id="shown" class="muted"></p>
<table id="finding-table"></table>
<p><button type="button" id="more" hidden>Show all</button></p></section>
<section id="unknowns"><h2>Could not be evaluated</h2><table id="unknown-table"></table></section>
<section id="waivers"><h2>Waivers</h2><table id="waiver-table"></table></section>
<section id="gaps"><h2>Blind spots of the live audit</h2><table id="gap-table"></table></section>
<section id="baseline"><h2>Against the baseline</h2><p id="baseline-summary"></p><h3>Fixed</h3><table id="fixed-table"></table></section>
</main>
<script type="application/json" id="ecsguard-data">`);

const PAGE_TAIL = `</script>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;

/** The page, in chunks: the embedded report is written as the JSON report is made. */
export function* renderHtml(outcome: ScanOutcome, generatedAt: string): Generator<string> {
  yield head();
  const fixes: Record<string, string> = {};
  for (const r of outcome.rules) fixes[r.id] = r.remediation.trim();
  yield `{"today":${JSON.stringify(generatedAt.slice(0, 10))},"fixes":${embeddable(JSON.stringify(fixes))},"report":`;
  for (const chunk of renderJsonReport(outcome, generatedAt, 0)) yield embeddable(chunk);
  yield '}';
  yield PAGE_TAIL;
}
