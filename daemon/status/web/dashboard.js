// atpipe dashboard: reads /api/dashboard (with the bearer token kept in sessionStorage when
// the server asks for one) and draws it with DOM calls only: no data ever goes through
// innerHTML, and nothing is loaded from anywhere but this server.
'use strict';

const TOKEN_KEY = 'atpipe.token';
let data = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: 'Bearer ' + token } : {};
}

function table(headers, rows, numeric = []) {
  const head = el('tr', {}, ...headers.map((h, i) => el('th', numeric.includes(i) ? { class: 'num' } : {}, h)));
  const body = el('tbody');
  for (const r of rows) {
    body.append(el('tr', {}, ...r.map((v, i) => el('td', numeric.includes(i) ? { class: 'num' } : {}, v ?? ''))));
  }
  return el('table', {}, el('thead', {}, head), body);
}

function showLogin(message) {
  document.getElementById('dashboard').hidden = true;
  document.getElementById('login').hidden = false;
  const error = document.getElementById('login-error');
  error.hidden = !message;
  error.textContent = message || '';
  document.getElementById('daemon-line').textContent = 'Sign in to see the status.';
}

async function load() {
  const response = await fetch('/api/dashboard', { headers: authHeaders(), cache: 'no-store' });
  if (response.status === 401) {
    const had = sessionStorage.getItem(TOKEN_KEY);
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(had ? 'That token was refused.' : '');
    return;
  }
  if (!response.ok) {
    document.getElementById('daemon-line').textContent = 'The server answered ' + response.status + '.';
    return;
  }
  data = await response.json();
  document.getElementById('login').hidden = true;
  document.getElementById('dashboard').hidden = false;
  render();
}

function renderHeader() {
  document.getElementById('commissioner').textContent = data.commissioner || '';
  const d = data.daemon;
  const parts = [d.running ? 'Daemon running' : 'Daemon not running'];
  if (d.running) {
    parts.push('config ' + (d.config_version || '?') + ' loaded ' + (d.config_loaded_at || '?'));
    parts.push('next cut ' + (d.next_cut || 'none scheduled'));
    parts.push('next submission ' + (d.next_submission || 'none scheduled'));
  }
  parts.push(data.state_store.reachable ? 'state store reachable' : 'state store UNREACHABLE');
  parts.push('as of ' + data.generated_at);
  document.getElementById('daemon-line').textContent = parts.join(' · ');
}

function renderRuns() {
  const rows = data.runs.map((r) => {
    const pulled = r.sources.reduce((n, s) => n + s.pulled, 0);
    const rejected = r.sources.reduce((n, s) => n + s.rejected, 0);
    const status = el('span', { class: 'status-' + r.status }, r.status);
    return [r.run_id, r.period, status, r.finished_at, pulled, rejected, r.counts.in_return,
      r.counts.inpatients_at_cut, r.counts.matched, r.counts.at_only, r.counts.census_only,
      r.counts.queries_open];
  });
  const body = document.querySelector('#runs tbody');
  body.replaceChildren();
  if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: '12' }, 'No runs yet.')));
  for (const r of rows) {
    body.append(el('tr', {}, ...r.map((v, i) => el('td', i >= 4 ? { class: 'num' } : {}, v))));
  }
}

function renderSubmissions() {
  const box = document.getElementById('submissions');
  box.replaceChildren();
  if (data.submissions.length === 0) {
    box.append(el('p', { class: 'muted', id: 'no-submissions' },
      'No submissions yet' + (data.submissions_note ? ' (' + data.submissions_note + ').' : '.')));
    return;
  }
  box.append(table(['Period', 'State', 'When', 'Receipt', 'Signed off by'],
    data.submissions.map((s) => [s.period, s.state, s.at, s.receipt, s.signed_off_by])));
}

function renderChart() {
  const points = data.open_history;
  const box = document.getElementById('chart');
  box.replaceChildren();
  if (points.length === 0) {
    box.append(el('p', { class: 'muted' }, 'No complete runs yet.'));
    return;
  }
  const width = Math.max(320, 60 * points.length + 40);
  const height = 180;
  const top = Math.max(1, ...points.map((p) => p.open));
  const chart = svg('svg', { id: 'open-chart', width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': 'Open queries after each month\'s last complete run' });
  chart.append(svg('line', { x1: 30, y1: height - 30, x2: width - 10, y2: height - 30, stroke: '#d8dde5' }));
  points.forEach((p, i) => {
    const barHeight = ((height - 60) * p.open) / top;
    const x = 40 + i * 60;
    const y = height - 30 - barHeight;
    chart.append(svg('rect', { class: 'bar', x, y, width: 36, height: barHeight }));
    chart.append(svg('text', { x: x + 18, y: y - 4, 'text-anchor': 'middle' }, p.open));
    chart.append(svg('text', { x: x + 18, y: height - 12, 'text-anchor': 'middle' }, p.period));
  });
  box.append(chart);
}

function fillSelect(id, values) {
  const select = document.getElementById(id);
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'all'));
  for (const v of values) select.append(el('option', { value: v }, v));
  if (values.includes(chosen)) select.value = chosen;
}

function renderQueries() {
  const unique = (f) => [...new Set(data.queries.map(f))].sort();
  fillSelect('filter-owner', unique((q) => q.owner));
  fillSelect('filter-reason', unique((q) => q.reason));
  fillSelect('filter-age', unique((q) => q.age_band));
  filterQueries();
  const links = document.getElementById('downloads');
  links.replaceChildren();
  const files = data.downloads.files;
  if (files.length === 0) {
    links.append(el('span', { class: 'muted' }, 'No published query list to download yet.'));
    return;
  }
  links.append('Download the query list of ' + data.downloads.period + ': ');
  for (const name of files) {
    const a = el('a', { href: '#', 'data-file': name }, name);
    a.addEventListener('click', (e) => { e.preventDefault(); download(data.downloads.period, name); });
    links.append(a);
  }
}

function filterQueries() {
  const owner = document.getElementById('filter-owner').value;
  const reason = document.getElementById('filter-reason').value;
  const age = document.getElementById('filter-age').value;
  const shown = data.queries.filter((q) => (!owner || q.owner === owner) &&
    (!reason || q.reason === reason) && (!age || q.age_band === age));
  const box = document.getElementById('queries');
  box.replaceChildren(table(['Query', 'Reason', 'Owner', 'Opened', 'Age (months)', 'NHS number', 'Field', 'Suggested action'],
    shown.map((q) => [q.id, q.reason, q.owner, q.opened, q.age_months, q.nhs_number, q.field, q.action]), [4]));
  box.querySelector('table').id = 'query-table';
  document.getElementById('query-count').textContent =
    shown.length + ' of ' + data.queries.length + ' open quer' + (data.queries.length === 1 ? 'y' : 'ies');
}

async function download(period, name) {
  const response = await fetch('/download/' + encodeURIComponent(period) + '/' + encodeURIComponent(name),
    { headers: authHeaders(), cache: 'no-store' });
  if (!response.ok) {
    alert('The download failed (' + response.status + ').');
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function renderRejects() {
  document.getElementById('rejects-period').textContent = data.rejects_period ? '(' + data.rejects_period + ')' : '';
  const box = document.getElementById('rejects');
  box.replaceChildren();
  const errors = data.rejects.filter((g) => g.severity !== 'warning');
  if (errors.length === 0) {
    box.append(el('p', { class: 'muted' }, 'No rejected rows in the last published set.'));
    return;
  }
  const rows = [];
  for (const source of [...new Set(errors.map((g) => g.source))]) {
    const groups = errors.filter((g) => g.source === source);
    rows.push([el('strong', {}, source), '', '', el('strong', {}, groups.reduce((n, g) => n + g.count, 0))]);
    for (const g of groups) rows.push(['', g.rule, g.field, g.count]);
  }
  box.append(table(['Source', 'Rule', 'Field', 'Errors'], rows, [3]));
  box.querySelector('table').id = 'rejects-table';
}

function render() {
  renderHeader();
  renderRuns();
  renderSubmissions();
  renderChart();
  renderQueries();
  renderRejects();
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value);
    load();
  });
  for (const id of ['filter-owner', 'filter-reason', 'filter-age']) {
    document.getElementById(id).addEventListener('change', filterQueries);
  }
  load();
});
