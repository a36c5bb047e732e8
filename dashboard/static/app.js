// The Telemetry Forensics Lab dashboard page: an index of the deployed scenarios, and one page
// per scenario with its flow diagram, its CloudWatch dashboard graphs (uPlot), its logs and its
// check verdict, refreshed every few seconds from the JSON endpoints of dashboard/server.ts.
// State the browser test reads is exposed as data-* attributes.

const uPlot = /** @type {any} */ (globalThis).uPlot;
const REFRESH_MS = 3000;
const VERDICT_REFRESH_MS = 6000;
const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];
const PROBLEMS = new Set(['throttled', 'failing', 'backlog', 'lagging']);
const KIND_LABEL = {
  stream: 'Kinesis stream',
  queue: 'SQS queue',
  table: 'DynamoDB table',
  function: 'Lambda function',
  pipe: 'EventBridge pipe',
};
const STATUS_TEXT = {
  healthy: '✔ HEALTHY',
  idle: '– IDLE',
  throttled: '✖ THROTTLED',
  failing: '✖ FAILING',
  backlog: '✖ PILING UP',
  lagging: '✖ LAGGING',
};

/** Creates an element: h('div', { class: 'x' }, 'text', child). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Creates an SVG element. */
function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

async function getJson(url) {
  const res = await fetch(url, { cache: 'no-store' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(body.error ?? `${res.status} ${res.statusText}`);
    error.status = res.status;
    throw error;
  }
  return body;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
/** Emulator time as HH:MM:SS UTC. */
function clock(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function fmtRate(rate) {
  if (rate === undefined || rate === null) return '–';
  if (rate >= 100) return Math.round(rate).toLocaleString('en-US');
  if (rate >= 10) return rate.toFixed(1);
  return rate.toFixed(2);
}

function fmtAxis(v) {
  if (v === null || v === undefined) return '';
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return String(Math.round(v * 100) / 100);
}

function setHeader(title, scenario, now) {
  document.getElementById('title').textContent = title;
  const badge = document.getElementById('variant-badge');
  if (scenario) {
    const variant = scenario.variant;
    badge.hidden = false;
    badge.dataset.variant = variant;
    badge.className = `badge ${variant === 'broken' || variant === 'fixed' ? variant : 'unknown'}`;
    badge.textContent = `${variant} variant`;
    badge.title = `the stack's Variant output is '${variant}'`;
  } else {
    badge.hidden = true;
  }
  const meta = document.getElementById('meta');
  meta.textContent = [
    scenario ? `stack ${scenario.stackName} · ${scenario.status}` : '',
    now ? `emulator time ${clock(now)} UTC` : '',
    `refreshes every ${REFRESH_MS / 1000} s`,
  ]
    .filter(Boolean)
    .join(' · ');
}

// ---- index ---------------------------------------------------------------------------------

async function indexPage(app) {
  document.body.dataset.page = 'index';
  const render = async () => {
    let data;
    try {
      data = await getJson('/api/scenarios');
    } catch (error) {
      app.replaceChildren(
        h('p', { class: 'error' }, `Could not read the scenarios: ${error.message}`)
      );
      return;
    }
    setHeader('Deployed scenarios', undefined, data.now);
    if (data.scenarios.length === 0) {
      app.replaceChildren(
        h(
          'section',
          { class: 'panel' },
          h('p', {}, 'No scenario is deployed in this emulator yet.'),
          h(
            'p',
            { class: 'meta' },
            'Deploy one with the forensics command; this page refreshes by itself.'
          )
        )
      );
      return;
    }
    const rows = data.scenarios.map((sc) =>
      h(
        'tr',
        { 'data-scenario': sc.id },
        h('td', {}, h('a', { href: `/scenario/${sc.id}` }, sc.id)),
        h(
          'td',
          {},
          h(
            'span',
            { class: `badge ${sc.variant}`, 'data-variant': sc.variant },
            `${sc.variant} variant`
          )
        ),
        h('td', {}, sc.stackName),
        h('td', {}, sc.status),
        h('td', {}, `${clock(sc.lastUpdated)} UTC`)
      )
    );
    app.replaceChildren(
      h(
        'section',
        { class: 'panel' },
        h(
          'table',
          { class: 'scenarios' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['scenario', 'variant', 'stack', 'status', 'deployed'].map((t) => h('th', {}, t))
            )
          ),
          h('tbody', {}, rows)
        )
      )
    );
  };
  await render();
  setInterval(render, REFRESH_MS);
}

// ---- flow diagram --------------------------------------------------------------------------

const NODE_W = 196;
const NODE_H = 82;
const COL_GAP = 124;
const ROW_GAP = 26;
const LEFT = 58;
const TOP = 10;

function nodeBox(node) {
  return {
    x: LEFT + node.column * (NODE_W + COL_GAP),
    y: TOP + node.row * (NODE_H + ROW_GAP),
  };
}

function drawFlow(svg, flow) {
  const columns = Math.max(1, ...flow.nodes.map((n) => n.column + 1));
  // Long pipelines get the full width; the verdict then goes below.
  svg.closest('.row')?.classList.toggle('wide', columns > 3);
  const rows = Math.max(1, ...flow.nodes.map((n) => n.row + 1));
  const width = LEFT + columns * (NODE_W + COL_GAP) - COL_GAP + 10;
  const height = TOP + rows * (NODE_H + ROW_GAP) - ROW_GAP + 10;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.maxHeight = `${Math.max(height, 120)}px`;
  svg.replaceChildren();
  const defs = s('defs');
  const marker = s('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#98a2b3' }));
  defs.append(marker);
  svg.append(defs);

  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  for (const e of flow.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from || !to) continue;
    const a = nodeBox(from);
    const b = nodeBox(to);
    let d;
    let lx;
    let ly;
    let anchor = 'middle';
    if (to.column > from.column && to.row !== from.row) {
      // To another row (a failure path below): label beside the arrow's end.
      const x1 = a.x + NODE_W;
      const y1 = a.y + NODE_H / 2;
      const x2 = b.x;
      const y2 = b.y + NODE_H / 2;
      const dx = Math.max(30, (x2 - x1) / 2);
      d = `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`;
      lx = x2 - 8;
      ly = y2 + 22;
      anchor = 'end';
    } else if (to.column > from.column) {
      const x1 = a.x + NODE_W;
      const y1 = a.y + NODE_H / 2;
      const x2 = b.x;
      const y2 = b.y + NODE_H / 2;
      const dx = Math.max(30, (x2 - x1) / 2);
      d = `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`;
      lx = (x1 + x2) / 2;
      ly = (y1 + y2) / 2 - 5;
    } else {
      // Same or earlier column: go below, from bottom to bottom.
      const x1 = a.x + NODE_W / 2;
      const y1 = a.y + NODE_H;
      const x2 = b.x + NODE_W / 2;
      const y2 = b.y + NODE_H;
      d = `M ${x1} ${y1} C ${x1} ${y1 + 30}, ${x2} ${y2 + 30}, ${x2} ${y2}`;
      lx = (x1 + x2) / 2;
      ly = Math.max(y1, y2) + 22;
    }
    const failure = e.kind === 'dead-letter' || e.kind === 'on-failure';
    const g = s('g', {
      class: `edge${failure ? ' failure-path' : ''}`,
      'data-from': e.from,
      'data-to': e.to,
      'data-kind': e.kind,
    });
    g.append(s('path', { d, 'marker-end': 'url(#arrow)' }));
    const label = s('text', { x: lx, y: ly - 6, 'text-anchor': anchor });
    e.label.split(', ').forEach((part, i) => {
      label.append(s('tspan', { x: lx, dy: i === 0 ? 0 : 11 }, part));
    });
    g.append(label);
    svg.append(g);
  }

  for (const n of flow.nodes) {
    const { x, y } = nodeBox(n);
    const problem = PROBLEMS.has(n.status);
    const g = s('g', {
      class: `hop${problem ? ' problem' : ''}`,
      'data-id': n.id,
      'data-kind': n.kind,
      'data-status': n.status,
      'data-rate': n.rate ?? '',
      transform: `translate(${x} ${y})`,
    });
    g.append(
      s(
        'title',
        {},
        [
          `${KIND_LABEL[n.kind]} ${n.name}`,
          ...n.problems,
          ...Object.entries(n.figures).map(([k, v]) => `${k}: ${v ?? 'no data'}`),
        ].join('\n')
      )
    );
    g.append(s('rect', { width: NODE_W, height: NODE_H, rx: 8 }));
    const name = n.label.length > 22 ? `${n.label.slice(0, 21)}…` : n.label;
    g.append(s('text', { class: 'label', x: 10, y: 19 }, name));
    g.append(
      s(
        'text',
        { class: 'kind', x: 10, y: 34 },
        `${KIND_LABEL[n.kind]}${n.role ? ` (${n.role})` : ''}`
      )
    );
    const rate =
      n.rate === undefined && n.note
        ? n.note
        : `${fmtRate(n.rate)} ${n.rateUnit}${n.note ? ` · ${n.note}` : ''}`;
    g.append(s('text', { class: 'rate', x: 10, y: 53 }, rate));
    g.append(s('text', { class: 'status', x: 10, y: 71 }, STATUS_TEXT[n.status] ?? n.status));
    svg.append(g);
    if (n.entry && n.kind === 'function') {
      const entry = s('g', { class: 'entry' });
      entry.append(
        s('path', {
          d: `M 4 ${y + NODE_H / 2} L ${x - 2} ${y + NODE_H / 2}`,
          stroke: '#98a2b3',
          'stroke-width': 1.6,
          'marker-end': 'url(#arrow)',
        })
      );
      entry.append(s('text', { x: 6, y: y + NODE_H / 2 - 6 }, 'traffic'));
      svg.append(entry);
    }
  }
}

function renderProblems(list, flow) {
  const problems = flow.nodes.flatMap((n) => n.problems.map((p) => `${n.label}: ${p}`));
  list.className = problems.length > 0 ? 'problems' : 'problems none';
  list.replaceChildren(
    ...(problems.length > 0
      ? problems.map((p) => h('li', {}, p))
      : [h('li', {}, '✔ no hop is throttled, failing, lagging or piling up')])
  );
}

// ---- CloudWatch widgets --------------------------------------------------------------------

function renderMarkdown(markdown) {
  const box = h('div');
  for (const block of markdown.split(/\n{2,}|\n(?=#)/)) {
    const lines = block.split('\n');
    for (const line of lines) {
      const m = /^(#{1,6})\s+(.*)$/.exec(line);
      if (m) box.append(h(m[1].length <= 2 ? 'h3' : 'h4', {}, m[2]));
      else if (line.trim())
        box.append(h('p', {}, line.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1')));
    }
  }
  return box;
}

/** The last value of a series, for the legend. */
function lastValue(values) {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return undefined;
}

/** HH:MM (UTC) ticks on the time axis. */
function timeTicks(_u, splits) {
  return splits.map((ts) => {
    const d = new Date(ts * 1000);
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  });
}

/** One chart per metric widget, kept across refreshes (setData) while its series stay the same. */
class Chart {
  constructor(box, legend, widget) {
    this.box = box;
    this.legend = legend;
    this.signature = '';
    this.plot = undefined;
    this.range = [0, 1];
    this.resize = new ResizeObserver(() => {
      if (this.plot) this.plot.setSize(this.size());
    });
    this.resize.observe(box);
    this.update(widget);
  }

  size() {
    return {
      width: Math.max(160, this.box.clientWidth),
      height: Math.max(80, this.box.clientHeight),
    };
  }

  update(widget) {
    this.range = [widget.start / 1000, widget.end / 1000];
    const colors = widget.series.map((x, i) => x.color ?? PALETTE[i % PALETTE.length]);
    this.box.dataset.points = String(widget.points);
    this.box.dataset.series = String(widget.series.length);
    this.legend.replaceChildren(
      ...widget.series.map((x, i) => {
        const last = lastValue(x.values);
        return h(
          'span',
          { class: 'item', title: x.stat ? `${x.stat}, period ${x.period} s` : 'metric math' },
          h('span', { class: 'swatch', style: `background:${colors[i]}` }),
          x.label,
          h('span', { class: 'value' }, last === undefined ? ' –' : ` ${fmtAxis(last)}`)
        );
      })
    );
    const signature = JSON.stringify(widget.series.map((x) => [x.id, x.label, x.yAxis]));
    const data = [widget.timestamps, ...widget.series.map((x) => x.values)];
    if (this.plot && signature === this.signature) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.signature = signature;
    const hasRight = widget.series.some((x) => x.yAxis === 'right');
    const axisFont = '11px system-ui, sans-serif';
    const opts = {
      ...this.size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
      scales: {
        x: { time: true, range: () => this.range },
        y: {
          range: (_u, min, max) => [
            widget.yAxis.left?.min ?? Math.min(0, min ?? 0),
            widget.yAxis.left?.max ?? Math.max(1, (max ?? 1) * 1.1),
          ],
        },
        y2: {
          range: (_u, min, max) => [
            widget.yAxis.right?.min ?? Math.min(0, min ?? 0),
            widget.yAxis.right?.max ?? Math.max(1, (max ?? 1) * 1.1),
          ],
        },
      },
      axes: [
        { size: 24, font: axisFont, ticks: { size: 4 }, values: timeTicks },
        { scale: 'y', size: 44, font: axisFont, values: (_u, vals) => vals.map(fmtAxis) },
        ...(hasRight
          ? [
              {
                scale: 'y2',
                side: 1,
                size: 44,
                font: axisFont,
                grid: { show: false },
                values: (_u, vals) => vals.map(fmtAxis),
              },
            ]
          : []),
      ],
      series: [
        {},
        ...widget.series.map((x, i) => ({
          label: x.label,
          stroke: colors[i],
          width: 2,
          scale: x.yAxis === 'right' ? 'y2' : 'y',
          spanGaps: true,
          points: { show: true, size: 5 },
        })),
      ],
    };
    this.plot = new uPlot(opts, data, this.box);
  }
}

class Widgets {
  constructor(root) {
    this.root = root;
    this.signature = '';
    this.charts = new Map();
  }

  render(dashboard) {
    const signature = JSON.stringify(
      dashboard.widgets.map((w) => [w.type, w.index, w.x, w.y, w.width, w.height])
    );
    if (signature !== this.signature) {
      this.signature = signature;
      this.charts.clear();
      this.root.replaceChildren();
      this.cells = new Map();
      for (const w of dashboard.widgets) {
        const cell = h('div', {
          class: `widget ${w.type}`,
          'data-widget-index': w.index,
          'data-widget-type': w.type,
          style: `grid-column: ${w.x + 1} / span ${Math.min(24, w.width)}; grid-row: ${w.y + 1} / span ${w.height};`,
        });
        this.root.append(cell);
        this.cells.set(w.index, cell);
      }
    }
    for (const w of dashboard.widgets) {
      const cell = this.cells.get(w.index);
      if (w.type === 'metric') this.metric(cell, w, dashboard);
      else if (w.type === 'text') {
        if (!cell.dataset.rendered) {
          cell.dataset.rendered = '1';
          cell.append(renderMarkdown(w.markdown));
        }
      } else if (w.type === 'alarm') {
        cell.replaceChildren(
          h('h3', {}, w.title || 'Alarms'),
          ...w.alarms.map((a) =>
            h(
              'div',
              { class: 'alarm', 'data-state': a.state },
              h('span', { class: `alarm-state ${a.state}` }, a.state),
              ' ',
              a.name
            )
          )
        );
      } else if (!cell.dataset.rendered) {
        cell.dataset.rendered = '1';
        cell.append(
          h('h3', {}, w.title || `${w.type} widget`),
          w.type === 'log'
            ? h(
                'p',
                { class: 'empty' },
                'A CloudWatch Logs Insights widget: on AWS it runs this query; offline, filter the log pane below.'
              )
            : h(
                'p',
                { class: 'empty' },
                `The offline dashboard does not draw '${w.type}' widgets.`
              ),
          w.query ? h('pre', {}, w.query) : null
        );
      }
    }
  }

  metric(cell, w, dashboard) {
    let parts = this.charts.get(w.index);
    if (!parts) {
      const chartBox = h('div', {
        class: 'chart',
        'data-widget-index': w.index,
        'data-title': w.title,
      });
      const legend = h('div', { class: 'legend' });
      const note = h('div', { class: 'empty' });
      cell.replaceChildren(h('h3', { title: w.title }, w.title), legend, note, chartBox);
      parts = { chartBox, legend, note, chart: undefined };
      this.charts.set(w.index, parts);
    }
    const widget = { ...w, start: dashboard.start, end: dashboard.end };
    if (w.error) {
      parts.note.className = 'error';
      parts.note.textContent = w.error;
    } else {
      parts.note.className = 'empty';
      parts.note.textContent = w.points === 0 ? 'no datapoints in the range yet' : '';
    }
    parts.note.hidden = !parts.note.textContent;
    if (parts.chart) parts.chart.update(widget);
    else parts.chart = new Chart(parts.chartBox, parts.legend, widget);
  }
}

// ---- verdict -------------------------------------------------------------------------------

const CONDITION_MARK = { held: '✔', failed: '✖', unknown: '?' };

function renderVerdict(box, data, onRecheck) {
  const v = data.verdict;
  const button = h('button', { type: 'button', on: { click: onRecheck } }, 'Check now');
  if (v.error) {
    box.dataset.verdict = 'ERROR';
    box.replaceChildren(
      h('h2', {}, 'Check verdict'),
      h('span', { class: 'verdict-badge error' }, '! CHECK COULD NOT RUN'),
      h('p', { class: 'summary' }, v.error),
      button
    );
    return;
  }
  box.dataset.verdict = v.verdict;
  const cls = v.verdict === 'PASS' ? 'pass' : v.verdict === 'FAIL' ? 'fail' : 'not-proven';
  const mark = v.verdict === 'PASS' ? '✔' : v.verdict === 'FAIL' ? '✖' : '?';
  box.replaceChildren(
    h(
      'h2',
      {},
      'Check verdict',
      h(
        'span',
        { class: 'meta' },
        `checked ${clock(v.checkedAt)} UTC, minutes ${clock(v.window.start)}–${clock(v.window.end)}`
      )
    ),
    h('div', {}, h('span', { class: `verdict-badge ${cls}` }, `${mark} ${v.verdict}`), button),
    // A FAIL's summary repeats the failed conditions' details, listed below.
    h(
      'p',
      { class: 'summary' },
      v.verdict === 'FAIL'
        ? `${v.conditions.filter((c) => c.status === 'failed').length} of ${v.conditions.length} conditions failed:`
        : v.summary
    ),
    h(
      'ul',
      { class: 'conditions' },
      v.conditions.map((c) =>
        h(
          'li',
          { class: c.status, 'data-status': c.status },
          h(
            'span',
            { class: 'mark' },
            `${CONDITION_MARK[c.status] ?? ''} ${c.status.toUpperCase()}`
          ),
          h('b', {}, c.name),
          ' — ',
          c.detail
        )
      )
    ),
    ...(v.nextStep ? [h('p', { class: 'meta' }, `Next: ${v.nextStep}.`)] : []),
    ...(v.advice ?? []).map((a) => h('p', { class: 'meta' }, `Advice: ${a}`))
  );
}

// ---- logs ----------------------------------------------------------------------------------

function renderLogs(pre, data, term) {
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
  pre.dataset.lines = String(data.lines.length);
  if (data.lines.length === 0) {
    pre.replaceChildren(term ? `no line contains '${term}'` : 'no log lines yet');
    return;
  }
  const frag = document.createDocumentFragment();
  const needle = term.toLowerCase();
  for (const line of data.lines) {
    const div = h(
      'div',
      { class: 'line' },
      h('span', { class: 't' }, `${clock(line.timestamp)} `),
      h('span', { class: 'src' }, `[${line.label}] `)
    );
    const text = line.message.trimEnd();
    if (needle) {
      let from = 0;
      const lower = text.toLowerCase();
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
        div.append(text.slice(from, at), h('mark', {}, text.slice(at, at + needle.length)));
        from = at + needle.length;
      }
      div.append(text.slice(from));
    } else {
      div.append(text);
    }
    frag.append(div);
  }
  pre.replaceChildren(frag);
  if (atBottom) pre.scrollTop = pre.scrollHeight;
}

// ---- scenario page -------------------------------------------------------------------------

async function scenarioPage(app, id) {
  document.body.dataset.page = 'scenario';
  document.body.dataset.scenario = id;
  document.title = `${id} · Telemetry Forensics Lab`;
  const api = `/api/scenarios/${encodeURIComponent(id)}`;

  const svg = document.createElementNS(SVG, 'svg');
  svg.id = 'flow';
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `flow diagram of ${id}`);
  const problems = h('ul', { class: 'problems none', id: 'flow-problems' });
  const flowMeta = h('span', { class: 'meta' });
  const verdictBox = h(
    'section',
    { class: 'panel verdict-panel', id: 'verdict', 'aria-live': 'polite' },
    h('h2', {}, 'Check verdict'),
    h('p', { class: 'meta' }, 'running the check…')
  );
  const widgetsRoot = h('div', { class: 'widgets', id: 'widgets' });
  const dashMeta = h('span', { class: 'meta' });
  const params = new URLSearchParams(location.search);
  const range = h(
    'select',
    { id: 'range', 'aria-label': 'time range' },
    h('option', { value: '' }, "dashboard's range"),
    [5, 10, 15, 30, 60, 180].map((m) => h('option', { value: m }, `last ${m} min`))
  );
  range.value = params.get('minutes') ?? '';
  range.addEventListener('change', () => {
    const q = new URLSearchParams(location.search);
    if (range.value) q.set('minutes', range.value);
    else q.delete('minutes');
    history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
    tick().catch(() => {});
  });
  const filter = h('input', {
    id: 'log-filter',
    type: 'search',
    placeholder: 'filter log lines (text)',
    'aria-label': 'filter log lines',
  });
  const emf = h('input', { id: 'log-emf', type: 'checkbox' });
  const logs = h('pre', { id: 'log-lines', tabindex: 0 }, 'no log lines yet');
  const logMeta = h('span', { class: 'meta' });

  app.replaceChildren(
    h(
      'div',
      { class: 'row' },
      h(
        'section',
        { class: 'panel flow-panel' },
        h('h2', {}, 'Flow', flowMeta),
        svg,
        problems,
        h(
          'p',
          { class: 'meta flow-legend' },
          'Green ✔ healthy · grey – idle (no traffic) · red ✖ throttled, failing, lagging (IteratorAge ≥ 5 s) or piling up. Hover a box for its figures.'
        )
      ),
      verdictBox
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'CloudWatch dashboard', dashMeta, ' ', range),
      widgetsRoot
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Logs', logMeta),
      h('div', { class: 'log-controls' }, filter, h('label', {}, emf, ' show EMF metric lines')),
      logs
    )
  );

  const widgets = new Widgets(widgetsRoot);
  let refreshes = 0;
  let lastVerdict = 0;

  let gone = false;
  const showGone = (error) => {
    gone = true;
    setHeader(id, undefined, undefined);
    app.replaceChildren(
      h(
        'section',
        { class: 'panel' },
        h(
          'p',
          {},
          error.status === 404
            ? `Scenario '${id}' is not deployed.`
            : `Could not read '${id}': ${error.message}`
        ),
        h('p', {}, h('a', { href: '/' }, 'All scenarios'))
      )
    );
  };

  const loadVerdict = async (refresh = false) => {
    lastVerdict = Date.now();
    try {
      const data = await getJson(`${api}/verdict${refresh ? '?refresh=1' : ''}`);
      renderVerdict(verdictBox, data, () => loadVerdict(true));
    } catch (error) {
      verdictBox.dataset.verdict = 'ERROR';
      verdictBox.replaceChildren(
        h('h2', {}, 'Check verdict'),
        h('p', { class: 'summary' }, error.message)
      );
    }
  };

  const loadLogs = async () => {
    const term = filter.value.trim();
    const q = new URLSearchParams({ limit: '200' });
    if (term) q.set('q', term);
    if (emf.checked) q.set('emf', '1');
    const data = await getJson(`${api}/logs?${q}`);
    logMeta.textContent = `newest ${data.lines.length} lines of ${data.groups.map((g) => g.label).join(', ')}`;
    renderLogs(logs, data, term);
  };

  const tick = async () => {
    let scenario;
    try {
      scenario = (await getJson(api)).scenario;
    } catch (error) {
      if (!gone) showGone(error);
      return false;
    }
    // Deployed again after it was gone: start over with a fresh page.
    if (gone) {
      location.reload();
      return false;
    }
    const minutes = range.value ? `?minutes=${range.value}` : '';
    const [flow, dash] = await Promise.allSettled([
      getJson(`${api}/flow`),
      getJson(`${api}/dashboard${minutes}`),
      loadLogs(),
    ]);
    if (flow.status === 'fulfilled') {
      drawFlow(svg, flow.value.flow);
      renderProblems(problems, flow.value.flow);
      const w = flow.value.flow.window;
      flowMeta.textContent = `live rates over ${clock(w.start)}–${clock(w.end)} UTC (last minute and this one)`;
      setHeader(id, scenario, flow.value.now);
    }
    if (dash.status === 'fulfilled') {
      const d = dash.value.dashboard;
      dashMeta.textContent = `${d.name}: ${Math.round((d.end - d.start) / 60000)} minutes to ${clock(d.end)} UTC${d.bodyStart ? ` (its body says start ${d.bodyStart})` : ''}`;
      widgets.render(d);
    } else {
      dashMeta.textContent = dash.reason.message;
    }
    if (Date.now() - lastVerdict >= VERDICT_REFRESH_MS) await loadVerdict();
    refreshes += 1;
    document.body.dataset.refreshes = String(refreshes);
    document.body.dataset.variant = scenario.variant;
    return true;
  };

  let typing;
  filter.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => loadLogs().catch(() => {}), 250);
  });
  emf.addEventListener('change', () => loadLogs().catch(() => {}));

  const loop = async () => {
    const ok = await tick().catch((error) => {
      console.error(error);
      return true;
    });
    setTimeout(loop, ok ? REFRESH_MS : REFRESH_MS * 2);
  };
  await loop();
}

const app = document.getElementById('app');
const match = /^\/scenario\/([a-z0-9-]+)\/?$/.exec(location.pathname);
if (match) scenarioPage(app, match[1]);
else indexPage(app);
