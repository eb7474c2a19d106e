// The fleet page of `caretaker report`: one static HTML file, a table of stacks and two inline SVG bar
// charts (oldest drift per stack, drifted fields per kind), readable on a phone and on paper. No
// script and nothing loaded from the network (a Content-Security-Policy says so to the browser);
// names, counts and dates only, never a value.
import type { FleetReport, FleetStack } from '../../engine/fleet.js';
import { ageText, percent, shortTime } from '../drift-rows.js';
import { html } from '../markdown/escape.js';
import { plural } from '../wording.js';

const STATUS_TEXT: Record<FleetStack['status'], string> = { error: 'error', drift: 'drift', acknowledged: 'acknowledged', 'in-sync': 'in sync' };

const CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --drift: #bc4c00; --error: #cf222e; --ok: #1a7f37; --ack: #6e7781; --bar: #bc4c00; --bar2: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --bg: #0d1117; --bar: #f0883e; --bar2: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; } h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.muted { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .75rem; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: .5rem; }
svg { width: 100%; height: auto; display: block; }
svg text { fill: var(--fg); font-size: 12px; }
svg .bar { fill: var(--bar); } svg .bar.kind { fill: var(--bar2); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; } .status.drift { color: var(--drift); } .status.error { color: var(--error); } .status.in-sync { color: var(--ok); } .status.acknowledged { color: var(--ack); }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
ul { margin: .25rem 0; padding-left: 1.25rem; }
@media (max-width: 40rem) {
  body { padding: .5rem; }
  table, thead, tbody, tr, td { display: block; }
  thead { position: absolute; left: -9999px; }
  tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: .5rem; padding: .25rem 0; }
  td { border: 0; padding: .15rem .75rem; } td.num { text-align: left; }
  td::before { content: attr(data-label) ": "; color: var(--muted); }
}
@media print {
  body { max-width: none; font-size: 11pt; } figure, tr, section.stack { break-inside: avoid; }
  :root { --fg: #000; --bg: #fff; --line: #999; }
}
`;

/** A horizontal bar chart; each bar carries its label and value as data attributes and a <title>. */
function barChart(id: string, rows: Array<{ label: string; value: number; text: string; attr: string }>, cls: string): string {
  if (rows.length === 0) return `<p class="muted" id="${id}-empty">Nothing to draw.</p>`;
  const row = 22;
  const labelW = 170;
  const width = 600;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const barMax = width - labelW - 90;
  const bars = rows.map((r, i) => {
    const y = i * row + 4;
    const w = Math.max(1, Math.round((r.value / max) * barMax));
    const label = r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label;
    return `<g><text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${html(label)}</text>` +
      `<rect class="${cls}" x="${labelW}" y="${y}" width="${w}" height="${row - 8}" ${r.attr}="${html(r.label)}" data-value="${r.value}"><title>${html(`${r.label}: ${r.text}`)}</title></rect>` +
      `<text x="${labelW + w + 6}" y="${y + 13}">${html(r.text)}</text></g>`;
  });
  return `<svg id="${id}" viewBox="0 0 ${width} ${rows.length * row + 8}" role="img" aria-label="${html(id)}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}

function cell(label: string, content: string, cls = ''): string {
  return `<td data-label="${html(label)}"${cls ? ` class="${cls}"` : ''}>${content}</td>`;
}

function row(s: FleetStack): string {
  const oldest = s.oldestAgeSeconds === undefined ? (s.status === 'drift' ? '<span class="muted">unknown</span>' : '—')
    : `${html(ageText(s.oldestAgeSeconds * 1000))} <span class="muted">(since ${html(shortTime(s.oldestFirstSeen!))})</span>`;
  const unmanaged = s.managedShare === undefined ? '<span class="muted">not read</span>' : `${percent(1 - s.managedShare)} <span class="muted">(${s.unmanaged ?? 0})</span>`;
  const errors = s.errors.length === 0 ? '0' : `${s.errors.length}: ${s.errors.map((e) => html(e)).join('; ')}`;
  return `<tr data-stack="${html(s.stack)}" data-status="${s.status}">` +
    cell('Stack', `<code>${html(s.stack)}</code>`) +
    cell('Status', `<span class="status ${s.status}">${STATUS_TEXT[s.status]}</span>`) +
    cell('Drifted resources', String(s.driftedResources), 'num') +
    cell('Oldest drift', oldest) +
    cell('Unmanaged share', unmanaged) +
    cell('Last run', s.lastRun ? html(shortTime(s.lastRun)) : '—') +
    cell('Errors', errors) + '</tr>';
}

function details(s: FleetStack): string {
  const items = s.resources.map((r) => `<li><code>${html(r.address)}</code> ${r.fields.length > 0 ? html(r.fields.join(', ')) : html(r.status.replace(/-/g, ' '))}</li>`);
  return `<section class="stack" data-stack="${html(s.stack)}"><h3><code>${html(s.stack)}</code> <span class="muted">${html(s.source)}</span></h3><ul>${items.join('')}</ul></section>`;
}

/** The page; deterministic for a given fleet (sorted input, no clock but `fleet.generatedAt`). */
export function renderFleetHtml(fleet: FleetReport): string {
  const n = (st: FleetStack['status']) => fleet.stacks.filter((s) => s.status === st).length;
  const summary = `${n('drift')} drifting, ${n('error')} in error, ${n('acknowledged')} acknowledged, ${n('in-sync')} in sync`;
  const ages = fleet.stacks.filter((s) => s.oldestAgeSeconds !== undefined)
    .map((s) => ({ label: s.stack, value: s.oldestAgeSeconds!, text: ageText(s.oldestAgeSeconds! * 1000), attr: 'data-stack' }));
  const kinds = Object.entries(fleet.fieldsByKind).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => ({ label: k, value: v, text: plural(v, 'field'), attr: 'data-kind' }));
  const drifting = fleet.stacks.filter((s) => s.resources.length > 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>caretaker drift: ${html(plural(fleet.stacks.length, 'stack'))}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Drift across ${html(plural(fleet.stacks.length, 'stack'))}</h1>
<p class="muted" id="summary">${html(summary)}. Page made ${html(shortTime(fleet.generatedAt))} by caretaker report.</p>
</header>
<div class="charts">
<figure><figcaption>Oldest drift per stack</figcaption>${barChart('chart-age', ages, 'bar age')}</figure>
<figure><figcaption>Drifted fields per kind</figcaption>${barChart('chart-kinds', kinds, 'bar kind')}</figure>
</div>
<h2>Stacks</h2>
<table id="stacks">
<thead><tr><th>Stack</th><th>Status</th><th>Drifted resources</th><th>Oldest drift</th><th>Unmanaged share</th><th>Last run</th><th>Errors</th></tr></thead>
<tbody>
${fleet.stacks.map(row).join('\n')}
</tbody>
</table>
${drifting.length > 0 ? `<h2>What drifts</h2>\n${drifting.map(details).join('\n')}` : ''}
</body>
</html>
`;
}
