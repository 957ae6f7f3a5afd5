// The HTML report's script: it draws the page from the JSON report embedded in it. Everything
// from the scanned files reaches the page through textContent, never as markup; the script is
// allowed by its hash in the Content-Security-Policy and fetches nothing.
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ecsguard-data').textContent);
  var report = data.report, fixes = data.fixes, today = data.today;
  var SEV = ['critical', 'high', 'medium', 'low', 'info'];
  var LISTED = { fail: true, unknown: true, waived: true };
  var FUNCTIONS = [['GV', 'Govern'], ['ID', 'Identify'], ['PR', 'Protect'], ['DE', 'Detect'], ['RS', 'Respond'], ['RC', 'Recover']];
  var rules = {};
  report.rules.forEach(function (r) { rules[r.id] = r; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function badge(kind, text) { return el('span', 'badge ' + kind, text === undefined ? kind : text); }
  function row(cells) {
    var tr = el('tr');
    cells.forEach(function (c) {
      var td = el('td');
      if (c && typeof c === 'object' && c.nodeType) td.appendChild(c);
      else if (c && typeof c === 'object') { td.className = c.cls || ''; td.textContent = String(c.text); }
      else td.textContent = c === undefined || c === null ? '' : String(c);
      tr.appendChild(td);
    });
    return tr;
  }
  function head(table, names) {
    var tr = el('tr');
    names.forEach(function (n) { tr.appendChild(el('th', '', n)); });
    var thead = el('thead');
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = el('tbody');
    table.appendChild(tbody);
    return tbody;
  }
  function controlsOf(ruleId) {
    var m = (rules[ruleId] || {}).mappings || {};
    var out = [];
    ((m.runbook || {}).controls || []).forEach(function (c) { out.push('runbook ' + c); });
    ((m.nist || {}).csf20 || []).forEach(function (c) { out.push('CSF ' + c); });
    return out;
  }
  function where(r) {
    var res = r.resource || {};
    return res.account || res.region ? [res.account, res.region].filter(Boolean).join(' / ') : '';
  }
  function location(r) {
    var l = r.location || {};
    return l.file ? l.file + (l.line ? ':' + l.line : '') : where(r);
  }
  function bar(counts) {
    var total = (counts.fail || 0) + (counts.unknown || 0) + (counts.waived || 0) + (counts.pass || 0);
    var b = el('div', 'bar');
    ['fail', 'unknown', 'waived', 'pass'].forEach(function (k) {
      if (!counts[k]) return;
      var seg = el('span', 'seg ' + k);
      seg.style.width = (100 * counts[k] / total) + '%';
      seg.title = k + ': ' + counts[k];
      b.appendChild(seg);
    });
    if (!total) b.appendChild(el('span', 'seg none', 'no results'));
    return b;
  }
  function countsText(c) { return c.fail + ' fail · ' + c.unknown + ' unknown · ' + c.waived + ' waived · ' + c.pass + ' pass'; }

  // at a glance
  var s = report.summary.results;
  $('scope').textContent = 'Generated ' + report.generatedAt + ' by ecsguard ' + report.tool.version + ' · ' +
    report.summary.filesScanned + ' files, ' + report.summary.resources + ' resources, ' + report.summary.rules + ' rules · exit code ' + report.summary.exitCode;
  [['fail', 'failed'], ['unknown', 'could not be evaluated'], ['waived', 'waived'], ['pass', 'passed']].forEach(function (k) {
    var card = el('div', 'card ' + k[0]);
    var b = el('b', '', s[k[0]]);
    b.id = 'count-' + k[0];
    card.appendChild(b);
    card.appendChild(document.createTextNode(k[1]));
    $('cards').appendChild(card);
  });

  // compliance by runbook control statement and by CSF 2.0 function
  var runbookBody = head($('runbook-table'), ['Control', 'Statement', 'Status', 'Results', '']);
  report.controls.filter(function (c) { return c.framework === 'runbook'; }).forEach(function (c) {
    var tr = row([c.id, c.title, badge(c.status === 'fail' || c.status === 'unknown' || c.status === 'pass' || c.status === 'waived' ? c.status : 'na', c.status), bar(c.counts), countsText(c.counts)]);
    tr.dataset.control = c.id;
    runbookBody.appendChild(tr);
  });
  var byFunction = {};
  FUNCTIONS.forEach(function (f) { byFunction[f[0]] = { fail: 0, unknown: 0, waived: 0, pass: 0 }; });
  report.results.forEach(function (r) {
    var seen = {};
    (((rules[r.ruleId] || {}).mappings || {}).nist || {}).csf20 && rules[r.ruleId].mappings.nist.csf20.forEach(function (id) {
      var fn = id.slice(0, 2);
      if (seen[fn] || !byFunction[fn] || byFunction[fn][r.status] === undefined) return;
      seen[fn] = true;
      byFunction[fn][r.status]++;
    });
  });
  var fnBody = head($('csf-table'), ['Function', 'Status', 'Results', '']);
  FUNCTIONS.forEach(function (f) {
    var c = byFunction[f[0]];
    var status = c.fail ? 'fail' : c.unknown ? 'unknown' : c.pass || c.waived ? 'pass' : 'na';
    var tr = row([f[1] + ' (' + f[0] + ')', badge(status, status === 'na' ? 'not covered' : status), bar(c), countsText(c)]);
    tr.dataset.function = f[0];
    fnBody.appendChild(tr);
  });

  // failing rules, the most severe first, then by count
  var failing = {};
  report.results.forEach(function (r) { if (r.status === 'fail') failing[r.ruleId] = (failing[r.ruleId] || 0) + 1; });
  var ranked = Object.keys(failing).sort(function (a, b) {
    var ra = rules[a] || {}, rb = rules[b] || {};
    return SEV.indexOf(ra.severity) - SEV.indexOf(rb.severity) || failing[b] - failing[a] || (a < b ? -1 : 1);
  });
  var ruleBody = head($('rule-table'), ['Severity', 'Rule', 'Title', 'Findings', 'Fix']);
  ranked.forEach(function (id) {
    var r = rules[id] || { severity: 'info', title: id };
    ruleBody.appendChild(row([badge(r.severity), el('code', 'rule', id), r.title, { cls: 'num', text: failing[id] }, el('span', 'fix', fixes[id] || '')]));
  });
  if (!ranked.length) $('rule-table').replaceWith(el('p', 'empty', 'No failing rule.'));

  // findings, with filters and a search box
  // rows are built when first shown, and at most LIMIT at a time: 10,000 results stay quick
  var LIMIT = 1000;
  var limit = LIMIT;
  var table = $('finding-table');
  var body = head(table, ['Severity', 'Status', 'Rule', 'Resource', 'Location', 'Finding']);
  function buildRow(r) {
    var status = el('span');
    status.appendChild(badge(r.status));
    if (r.baselineState === 'new') { status.appendChild(document.createTextNode(' ')); status.appendChild(badge('new')); }
    var finding = el('div');
    finding.appendChild(el('div', '', r.message));
    if (r.status === 'fail' && fixes[r.ruleId]) finding.appendChild(el('div', 'fix', 'Fix: ' + fixes[r.ruleId]));
    var res = r.resource || {};
    return row([badge(r.severity), status, el('code', 'rule', r.ruleId), res.name || res.id || '', el('code', '', location(r)), finding]);
  }
  var rowsData = report.results.map(function (r) {
    var res = r.resource || {};
    return { tr: null, r: r, controls: controlsOf(r.ruleId), where: where(r), file: (r.location || {}).file || '',
      text: [r.ruleId, r.message, res.name, res.id, location(r), r.reason || ''].join(' ').toLowerCase() };
  });

  var filters = { severity: $('f-severity'), status: $('f-status'), rule: $('f-rule'), control: $('f-control'), where: $('f-where'), file: $('f-file') };
  function options(select, values, first) {
    select.appendChild(el('option', '', first)).value = '';
    values.forEach(function (v) { var o = el('option', '', v); o.value = v; select.appendChild(o); });
  }
  function distinct(fn) {
    var seen = {};
    rowsData.forEach(function (d) { [].concat(fn(d)).forEach(function (v) { if (v) seen[v] = true; }); });
    return Object.keys(seen).sort();
  }
  options(filters.severity, SEV.filter(function (v) { return distinct(function (d) { return d.r.severity; }).indexOf(v) !== -1; }), 'any severity');
  filters.status.appendChild(el('option', '', 'failing, unknown, waived')).value = 'listed';
  options(filters.status, distinct(function (d) { return d.r.status; }), 'every status');
  filters.status.value = 'listed';
  options(filters.rule, distinct(function (d) { return d.r.ruleId; }), 'any rule');
  options(filters.control, distinct(function (d) { return d.controls; }), 'any control');
  options(filters.where, distinct(function (d) { return d.where; }), 'any account / region');
  options(filters.file, distinct(function (d) { return d.file; }), 'any file');
  if (!distinct(function (d) { return d.where; }).length) filters.where.parentNode.hidden = true;
  if (!distinct(function (d) { return d.file; }).length) filters.file.parentNode.hidden = true;

  function apply() {
    var q = $('f-search').value.trim().toLowerCase();
    var sev = filters.severity.value, st = filters.status.value, rule = filters.rule.value, ctl = filters.control.value, wh = filters.where.value, file = filters.file.value;
    var matched = 0;
    var frag = document.createDocumentFragment();
    for (var i = 0; i < rowsData.length; i++) {
      var d = rowsData[i];
      var ok = (!sev || d.r.severity === sev) && (!st || (st === 'listed' ? LISTED[d.r.status] : d.r.status === st)) &&
        (!rule || d.r.ruleId === rule) && (!ctl || d.controls.indexOf(ctl) !== -1) && (!wh || d.where === wh) && (!file || d.file === file) &&
        (!q || d.text.indexOf(q) !== -1);
      if (!ok) continue;
      if (matched < limit) frag.appendChild(d.tr || (d.tr = buildRow(d.r)));
      matched++;
    }
    body.replaceChildren(frag);
    $('shown').textContent = matched + ' of ' + rowsData.length + ' results shown' + (matched > limit ? ' (the first ' + limit + ' listed)' : '');
    $('more').hidden = matched <= limit;
  }
  $('more').addEventListener('click', function () { limit = Infinity; apply(); });
  Object.keys(filters).forEach(function (k) { filters[k].addEventListener('change', function () { limit = LIMIT; apply(); }); });
  $('f-search').addEventListener('input', function () { limit = LIMIT; apply(); });
  apply();

  // could not be evaluated, with why
  var unknowns = report.results.filter(function (r) { return r.status === 'unknown'; });
  var unknownBody = head($('unknown-table'), ['Rule', 'Resource', 'Location', 'Why']);
  unknowns.forEach(function (r) { unknownBody.appendChild(row([el('code', 'rule', r.ruleId), (r.resource || {}).name || '', el('code', '', location(r)), r.reason || r.message])); });
  if (!unknowns.length) $('unknown-table').replaceWith(el('p', 'empty', 'Every check could be evaluated.'));

  // waivers: owner, reason, expiry; expired ones marked
  var waived = report.results.filter(function (r) { return r.waiver || r.expiredWaiver; });
  var waiverBody = head($('waiver-table'), ['Rule', 'Resource', 'Owner', 'Reason', 'Expires']);
  waived.forEach(function (r) {
    var w = r.waiver || r.expiredWaiver;
    var exp = el('span', '', w.expires);
    if (r.expiredWaiver || w.expires < today) { exp.appendChild(document.createTextNode(' ')); exp.appendChild(badge('expired')); }
    waiverBody.appendChild(row([el('code', '', r.ruleId), (r.resource || {}).name || '', w.owner, w.reason, exp]));
  });
  if (!waived.length) $('waiver-table').replaceWith(el('p', 'empty', 'No waiver applies.'));

  // blind spots of a live audit: what could not be read, per service and region
  var gaps = {};
  unknowns.forEach(function (r) {
    var res = r.resource || {};
    if (!res.region && !res.account) return;
    // the service whose resources the check could not see: that of the rule's resource type
    var key = String((rules[r.ruleId] || {}).resource || res.type || 'aws').split(':')[0] + '|' + (res.region || 'every region');
    (gaps[key] = gaps[key] || { n: 0, reasons: {} }).n++;
    gaps[key].reasons[r.reason || r.message] = true;
  });
  var gapKeys = Object.keys(gaps).sort();
  if (gapKeys.length) {
    var gapBody = head($('gap-table'), ['Service', 'Region', 'Checks not evaluated', 'Why']);
    gapKeys.forEach(function (k) { var p = k.split('|'); gapBody.appendChild(row([p[0], p[1], { cls: 'num', text: gaps[k].n }, Object.keys(gaps[k].reasons).slice(0, 5).join('; ')])); });
  } else $('gaps').hidden = true;

  // against a baseline: what is new and what is gone
  if (report.baseline) {
    var b = report.baseline;
    $('baseline-summary').textContent = 'Against ' + b.file + ': ' + b.new + ' new, ' + b.unchanged + ' unchanged, ' + b.absent.length + ' fixed (no longer reported).';
    var fixedBody = head($('fixed-table'), ['Rule', 'Location', 'Finding']);
    b.absent.forEach(function (e) { fixedBody.appendChild(row([el('code', '', e.ruleId), el('code', '', (e.file || '') + (e.line ? ':' + e.line : '')), e.message])); });
  } else $('baseline').hidden = true;

  document.body.dataset.ready = 'true';
})();
`;
