// The one stylesheet of the HTML report and the viewer: inlined into the self-contained report, served as a file by
// the viewer (whose Content-Security-Policy allows no inline styles).
export const stylesheet = `
:root { color-scheme: light; --ink: #1d232a; --muted: #5c6670; --line: #d8dde3; --accent: #2f5fa7; --bad: #b3261e;
  --good: #1e7b34; --warn: #8a5a00; --paper: #ffffff; --panel: #f5f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: var(--paper); }
header.top { padding: 12px 24px; border-bottom: 1px solid var(--line); display: flex; gap: 16px; align-items: baseline; }
header.top a.brand { font-weight: bold; color: var(--ink); text-decoration: none; }
main { padding: 16px 24px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 8px 0 12px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 20px 0 6px; }
a { color: var(--accent); }
p.caption, .muted { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.value { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
pre, code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto; white-space: pre-wrap;
  word-break: break-word; margin: 6px 0; }
figure.chart { margin: 12px 0 24px; } figure.chart svg { max-width: 100%; height: auto; }
.notes { border-left: 3px solid var(--accent); padding: 4px 12px; background: var(--panel); }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; border: 1px solid var(--line); }
.badge.secure, .badge.fixed, .finding.fixed { color: var(--good); border-color: var(--good); }
.badge.vulnerable, .badge.still-vulnerable, .badge.error, .finding.new { color: var(--bad); border-color: var(--bad); }
.badge.rejected, .badge.unrealistic, .finding.persisting { color: var(--warn); border-color: var(--warn); }
.badge.advisory, .finding.advisory { color: var(--muted); border-color: var(--line); }
.diff .added { background: #e6f4ea; display: block; } .diff .removed { background: #fce8e6; display: block; }
.diff .context { display: block; color: var(--muted); }
section.step { border: 1px solid var(--line); border-radius: 4px; padding: 8px 12px; margin: 12px 0; }
section.step > h3 { margin-top: 4px; }
ul.findings { padding-left: 18px; margin: 4px 0; } ul.findings li { margin: 2px 0; }
.message { border: 1px solid var(--line); border-radius: 4px; margin: 6px 0; }
.message > .role { background: var(--panel); padding: 2px 8px; font-size: 12px; color: var(--muted); }
.message > pre { border: 0; margin: 0; }
form.review { display: grid; grid-template-columns: max-content 1fr; gap: 6px 12px; max-width: 640px; }
form.review textarea { width: 100%; min-height: 70px; } form.review button { grid-column: 2; justify-self: start; }
.flash { padding: 6px 12px; border: 1px solid var(--good); color: var(--good); margin: 8px 0; }
.problem { padding: 6px 12px; border: 1px solid var(--bad); color: var(--bad); margin: 8px 0; }
`;
