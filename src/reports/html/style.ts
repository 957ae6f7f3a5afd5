// The HTML report's stylesheet: inline (the file is self-contained), allowed by its hash in the
// page's Content-Security-Policy, readable on a laptop and printable.
export const HTML_STYLE = `
:root { --fail: #c62828; --unknown: #ef8f00; --waived: #6a5acd; --pass: #2e7d32; --na: #9e9e9e; --ink: #1d2330; --muted: #5b6473; --line: #e3e6eb; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #1d2330; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #c9cfda; }
main { padding: 12px 28px 40px; max-width: 1500px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 16px 0; }
h2 { font-size: 16px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { flex: 1 1 120px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card b { display: block; font-size: 22px; }
.card.fail b { color: var(--fail); } .card.unknown b { color: var(--unknown); } .card.waived b { color: var(--waived); } .card.pass b { color: var(--pass); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; background: var(--na); white-space: nowrap; }
.badge.fail { background: var(--fail); } .badge.unknown { background: var(--unknown); } .badge.waived { background: var(--waived); } .badge.pass { background: var(--pass); }
.badge.critical { background: #7b1fa2; } .badge.high { background: var(--fail); } .badge.medium { background: #e65100; } .badge.low { background: #546e7a; } .badge.info { background: #90a4ae; }
.badge.new { background: #0277bd; } .badge.expired { background: #000; }
.bar { display: flex; height: 12px; min-width: 160px; border-radius: 6px; overflow: hidden; background: #eceff1; }
.seg.fail { background: var(--fail); } .seg.unknown { background: var(--unknown); } .seg.waived { background: var(--waived); } .seg.pass { background: var(--pass); }
.seg.none { font-size: 10px; line-height: 12px; color: var(--muted); padding: 0 6px; white-space: nowrap; }
#filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 8px; }
#filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
#filters select, #filters input { font: inherit; padding: 3px 6px; border: 1px solid #c5cad3; border-radius: 5px; min-width: 130px; max-width: 260px; }
#filters input[type=search] { min-width: 240px; }
.fix { color: var(--muted); font-size: 12.5px; }
code.rule { white-space: nowrap; overflow-wrap: normal; }
button { font: inherit; padding: 4px 12px; border: 1px solid #c5cad3; border-radius: 5px; background: #fff; cursor: pointer; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
@media print {
  body { background: #fff; } header { background: #fff; color: #000; border-bottom: 2px solid #000; } header p { color: #333; }
  #filters, #shown, #more { display: none; } section { break-inside: avoid-page; border: none; padding: 6px 0; }
}
`;
