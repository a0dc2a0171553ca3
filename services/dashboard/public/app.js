// The dashboard page: asks the server for a snapshot every refresh_ms (≤ 5 s) and draws it with
// uPlot. Everything from the data goes into the page as text (textContent), never as HTML.
/* global uPlot */

const params = new URLSearchParams(location.search);
const token = params.get('token');
let range = Number(params.get('range')) || undefined;
let refreshes = 0;
let timer;
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
const charts = new Map();

const $ = (selector, root = document) => root.querySelector(selector);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'className') node.className = v;
    else if (k === 'style') node.setAttribute('style', v);
    else node.setAttribute(k, String(v));
  }
  node.append(...children);
  return node;
}

const utc = (s) => new Date(s * 1000).toISOString().slice(11, 19);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const signed = (x) => (x === null ? '–' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);
const tone = (x) => (x === null ? '' : x > 0.05 ? 'pos' : x < -0.05 ? 'neg' : '');
function duration(s) {
  if (s === null || s === undefined) return '–';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** A brand keeps its colour while the ranking changes: colours follow the names' order. */
function colours(set) {
  const names = set.brands.map((b) => b.brand).sort();
  return new Map(names.map((n, i) => [n, PALETTE[i % PALETTE.length]]));
}

function chart(key, figure, options, data) {
  const holder = $('.plot', figure);
  const signature = options.series.map((s) => s.label ?? '').join('|');
  const existing = charts.get(key);
  if (existing && existing.signature === signature && existing.plot.root.isConnected) {
    existing.plot.setData(data);
    return;
  }
  existing?.plot.destroy();
  const width = Math.max(320, holder.clientWidth || figure.clientWidth || 480);
  const plot = new uPlot({
    width, height: 200, tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'), legend: { live: false }, ...options,
  }, data, holder);
  charts.set(key, { plot, signature });
}

const count = (values) => values.filter((v) => v !== null && v !== undefined).length;
const sum = (values) => values.reduce((a, v) => a + (v ?? 0), 0);

function renderSet(snapshot, set, section) {
  const colour = colours(set);
  const shown = snapshot.minutes.slice(0, snapshot.now_index + 1);
  $('h2', section).replaceChildren(el('span', { text: set.name }), el('span', { className: 'total', text: `${set.mentions} mentions` }));

  const sovFigure = $('figure[data-chart="sov"]', section);
  // Series in name order, so a change of ranking updates the chart instead of rebuilding it.
  const byName = [...set.brands].sort((a, b) => a.brand.localeCompare(b.brand));
  const sovSeries = byName.map((b) => b.share_series.slice(0, snapshot.now_index + 1).map((v) => (v === null ? null : Math.round(v * 1000) / 10)));
  chart(`sov:${set.name}`, sovFigure, {
    scales: { y: { range: [0, 100] } },
    axes: [{}, { values: (_u, ticks) => ticks.map((t) => `${t}%`) }],
    series: [{}, ...byName.map((b) => ({ label: b.brand, stroke: colour.get(b.brand), width: 2 }))],
  }, [shown, ...sovSeries]);
  sovFigure.dataset.points = String(sovSeries.reduce((n, s) => n + count(s), 0));
  sovFigure.dataset.series = set.brands.map((b) => b.brand).join(',');

  const netFigure = $('figure[data-chart="net"]', section);
  $('figcaption', netFigure).textContent = `Net sentiment, trailing ${snapshot.net_window_minutes} min`;
  chart(`net:${set.name}`, netFigure, {
    scales: { y: { range: [-1, 1] } },
    series: [{}, ...byName.map((b) => ({ label: b.brand, stroke: colour.get(b.brand), width: 2 }))],
  }, [shown, ...byName.map((b) => b.net_series)]);
  netFigure.dataset.points = String(byName.reduce((n, b) => n + count(b.net_series), 0));

  $('table.brands tbody', section).replaceChildren(...set.brands.map((b) => el('tr', { 'data-brand': b.brand },
    el('td', {}, el('span', { className: 'swatch', style: `background:${colour.get(b.brand)}` }), b.brand),
    el('td', { className: 'num', 'data-field': 'mentions', text: String(b.mentions) }),
    el('td', { className: 'num', 'data-field': 'share', text: pct(b.share) }),
    el('td', { className: `num ${tone(b.net_sentiment)}`, 'data-field': 'net', text: signed(b.net_sentiment) }),
    el('td', { className: 'num', 'data-field': 'open-alerts', text: String(b.open_alerts) }),
    el('td', { className: 'num', text: `${b.response.answered}/${b.response.asked}` }),
    el('td', { className: 'num', text: duration(b.response.median_s) }),
    el('td', { className: 'num', text: duration(b.response.p90_s) }),
  )));

  const volumes = $('.volumes', section);
  const lists = $('.brand-lists', section);
  const wanted = new Set(set.brands.map((b) => b.brand));
  for (const old of volumes.querySelectorAll('figure[data-brand]')) if (!wanted.has(old.dataset.brand)) old.remove();
  lists.replaceChildren();
  for (const b of set.brands) {
    let figure = [...volumes.querySelectorAll('figure[data-brand]')].find((f) => f.dataset.brand === b.brand);
    if (!figure) {
      figure = el('figure', { className: 'chart', 'data-chart': 'volume', 'data-brand': b.brand }, el('figcaption', { text: `${b.brand}: mentions per minute, forecast band, alerts` }), el('div', { className: 'plot' }));
      volumes.append(figure);
    }
    const markers = snapshot.minutes.map(() => null);
    for (const m of b.alert_markers) {
      const i = snapshot.minutes.indexOf(m.t);
      if (i >= 0) markers[i] = b.volume[i] ?? m.observed;
    }
    chart(`volume:${set.name}:${b.brand}`, figure, {
      series: [
        {},
        { label: 'mentions', stroke: colour.get(b.brand), width: 2, fill: `${colour.get(b.brand)}22` },
        { label: 'expected', stroke: '#555', width: 1, dash: [5, 4], points: { show: false } },
        { label: 'lower 95%', stroke: 'rgba(90,90,90,0.35)', width: 1, points: { show: false } },
        { label: 'upper 95%', stroke: 'rgba(90,90,90,0.35)', width: 1, points: { show: false } },
        { label: 'alerts', stroke: '#c62828', width: 0, paths: () => null, points: { show: true, size: 11, fill: '#c62828', stroke: '#c62828' } },
      ],
      bands: [{ series: [4, 3], fill: 'rgba(120,120,120,0.18)' }],
    }, [snapshot.minutes, b.volume, b.forecast.expected, b.forecast.lower, b.forecast.upper, markers]);
    Object.assign(figure.dataset, {
      points: String(count(b.volume.slice(0, snapshot.now_index + 1))), total: String(sum(b.volume)),
      forecastPoints: String(count(b.forecast.expected)), alertMarkers: String(count(markers)),
    });

    lists.append(el('div', { 'data-brand': b.brand },
      el('h3', { text: `${b.brand}: advocates` }),
      b.advocates.length
        ? el('ol', { className: 'advocates' }, ...b.advocates.map((a) => el('li', { text: `${a.author_key.slice(0, 12)} · ${a.advocacy_mentions} mentions · reach ${a.reach}` })))
        : el('p', { className: 'muted', text: 'none yet' }),
      el('h3', { text: `${b.brand}: themes` }),
      b.themes.length
        ? el('ol', { className: 'themes' }, ...b.themes.map((t) => el('li', {}, `${t.kind === 'hashtag' ? '#' : ''}${t.theme} (${t.mentions}) `, el('span', { className: tone(t.net_sentiment), text: signed(t.net_sentiment) }))))
        : el('p', { className: 'muted', text: 'none yet' }),
    ));
  }
}

function setSection(name) {
  let section = [...document.querySelectorAll('section.set')].find((s) => s.dataset.set === name);
  if (section) return section;
  section = el('section', { className: 'set', 'data-set': name },
    el('h2'),
    el('div', { className: 'charts' },
      el('figure', { className: 'chart', 'data-chart': 'sov', 'data-set': name }, el('figcaption', { text: 'Share of voice per minute' }), el('div', { className: 'plot' })),
      el('figure', { className: 'chart', 'data-chart': 'net', 'data-set': name }, el('figcaption', { text: 'Net sentiment' }), el('div', { className: 'plot' }))),
    el('table', { className: 'data brands' },
      el('thead', {}, el('tr', {}, ...['brand', 'mentions', 'share', 'net sentiment', 'open alerts', 'answered', 'median response', 'p90 response']
        .map((h, i) => el('th', { className: i ? 'num' : '', text: h })))),
      el('tbody')),
    el('div', { className: 'charts volumes' }),
    el('div', { className: 'brand-lists' }),
  );
  $('#sets').append(section);
  return section;
}

function render(snapshot) {
  const select = $('#range');
  if (select.options.length !== snapshot.ranges.length) {
    select.replaceChildren(...snapshot.ranges.map((r) => el('option', { value: r, text: r < 60 ? `${r} min` : `${r / 60} h` })));
  }
  select.value = String(snapshot.range_minutes);

  const names = new Set(snapshot.sets.map((s) => s.name));
  for (const old of document.querySelectorAll('section.set')) if (!names.has(old.dataset.set)) old.remove();
  if (snapshot.sets.length === 0) $('#sets').replaceChildren(el('p', { className: 'muted', id: 'empty', text: 'No mentions in this range yet.' }));
  else $('#empty')?.remove();
  for (const set of snapshot.sets) renderSet(snapshot, set, setSection(set.name));

  $('#alerts').replaceChildren(...snapshot.alerts.slice(0, 20).map((a) => el('li', { 'data-alert-id': a.alert_id, 'data-state': a.state },
    el('span', { className: `state ${a.state}`, text: a.state }), ` ${utc(a.updated_s)} ${a.severity} ${a.brand} ${a.kind}: `, a.summary)));
  if (snapshot.alerts.length === 0) $('#alerts').append(el('li', { className: 'muted', text: 'no alerts in this range' }));

  $('#queue tbody').replaceChildren(...snapshot.queue.map((q) => el('tr', { 'data-mention-id': q.mention_id },
    el('td', { text: utc(q.created_s) }), el('td', { text: q.brand }),
    el('td', { text: [q.complaint && 'complaint', q.question && 'question'].filter(Boolean).join(', ') }),
    el('td', { className: 'num', text: q.followers ?? '–' }), el('td', { text: q.answered ? 'yes' : 'no' }),
    el('td', { className: 'num', text: duration(q.response_seconds) }),
    el('td', { text: (q.text ?? '').slice(0, 160) }))));

  refreshes += 1;
  const status = $('#status');
  status.dataset.asOf = String(snapshot.as_of_s);
  status.dataset.refreshes = String(refreshes);
  const total = snapshot.sets.reduce((n, s) => n + s.mentions, 0);
  status.textContent = `updated ${utc(snapshot.as_of_s)} UTC · ${total} mentions in ${snapshot.range_minutes} min${snapshot.truncated.length ? ` · cut: ${snapshot.truncated.join(', ')}` : ''}`;
}

function showError(message) {
  const box = $('#error');
  box.hidden = !message;
  box.textContent = message ? `${message} — showing the last data, retrying` : '';
}

async function refresh() {
  clearTimeout(timer);
  let next = 5000;
  try {
    const res = await fetch(`api/snapshot${range ? `?range=${range}` : ''}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
    const body = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
    if (!res.ok) throw new Error(body.error ?? `${res.status}`);
    next = body.refresh_ms;
    render(body);
    showError(null);
  } catch (err) {
    showError(err.message);
  }
  timer = setTimeout(refresh, next);
}

$('#range').addEventListener('change', (e) => {
  range = Number(e.target.value);
  refresh();
});
refresh();
