// The livedecode live page: one EventSource on /events, four uPlot charts and two tables.
// The server decimates and throttles (a few events a second, a bounded number of points each);
// the page appends, trims to the server's window sizes and redraws. Read-only: it sends nothing.
'use strict';
(() => {
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
  const CHART_HEIGHT = 240;
  const RETRY_MS = 1000;

  const state = {
    connected: false, connects: 0, errors: 0, snapshots: 0, updates: 0, events: 0, bytes: 0,
    session: null, sessions: [], variants: [], period: 360, maxPoints: { angle: 600, strip: 600 },
    angle: null, strip: null, latest: [], health: null, unkeyedRejected: 0, dropped: 0,
    serverMs: 0, lastEventMs: 0, renders: 0,
  };
  const loadedAt = Date.now();
  let source = null;
  let retryTimer = null;
  let charts = null;
  let chartsKey = '';

  // ---- the event stream -----------------------------------------------------------------------

  function wantedSession() {
    const m = /(?:^#|&)session=([^&]*)/.exec(location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function connect() {
    clearTimeout(retryTimer);
    if (source) source.close();
    // A session named in the address stays; otherwise the server shows the busiest, and after a
    // reconnect starts from the session shown before.
    const wanted = wantedSession();
    const query = wanted ? '?session=' + encodeURIComponent(wanted)
      : state.session ? '?prefer=' + encodeURIComponent(state.session) : '';
    source = new EventSource('/events' + query);
    source.addEventListener('open', () => { state.connected = true; state.connects++; showStatus(); });
    source.addEventListener('error', () => {
      state.connected = false;
      state.errors++;
      showStatus();
      // Reconnect here rather than by EventSource's own retry, which would reuse the first
      // address: the new connection names the session shown now, and gets a snapshot first.
      source.close();
      retryTimer = setTimeout(connect, RETRY_MS);
    });
    source.addEventListener('snapshot', e => { received(e); snapshot(JSON.parse(e.data)); });
    source.addEventListener('update', e => { received(e); update(JSON.parse(e.data)); });
  }

  function received(e) {
    state.events++;
    state.bytes += e.data.length;
    state.lastEventMs = Date.now();
    state.connected = true;
  }

  // A snapshot replaces what the page knows of its session. After a decoder restart or a missed
  // update the page keeps its older points that precede the snapshot's, so the charts go on.
  function snapshot(msg) {
    const same = msg.session === state.session && sameList(msg.variants, state.variants);
    state.session = msg.session;
    state.variants = msg.variants;
    state.period = msg.period;
    state.maxPoints = msg.max_points;
    state.angle = same && state.angle ? spliceAfter(state.angle, msg.angle, state.maxPoints.angle) : msg.angle;
    state.strip = same && state.strip ? spliceAfter(state.strip, msg.strip, state.maxPoints.strip) : msg.strip;
    state.dropped = msg.client ? msg.client.dropped : state.dropped;
    state.snapshots++;
    common(msg);
    render();
  }

  function update(msg) {
    if (msg.session !== state.session || !state.angle) return;
    append(state.angle, msg.angle, state.maxPoints.angle);
    append(state.strip, msg.strip, state.maxPoints.strip);
    state.updates++;
    common(msg);
    render();
  }

  function common(msg) {
    state.serverMs = msg.server_ms;
    state.latest = msg.latest;
    state.health = msg.health;
    if (msg.sessions) {
      state.sessions = msg.sessions;
      state.unkeyedRejected = msg.unkeyed_rejected;
    }
  }

  // ---- columns: {t: [...], name: [...], group: [[...], ...]} ----------------------------------

  function columns(block) {
    const out = [];
    for (const [key, value] of Object.entries(block)) {
      if (value.length && Array.isArray(value[0])) value.forEach((c, i) => out.push([key, i]));
      else out.push([key, -1]);
    }
    return out;
  }

  function col(block, key, i) { return i < 0 ? block[key] : block[key][i]; }

  function append(into, fresh, max) {
    if (!fresh || fresh.t.length === 0) return;
    for (const [key, i] of columns(into)) {
      const target = col(into, key, i);
      const add = col(fresh, key, i) || [];
      for (const v of add) target.push(v);
      if (target.length > max) target.splice(0, target.length - max);
    }
  }

  function spliceAfter(old, fresh, max) {
    if (fresh.t.length === 0) return old;
    const first = fresh.t[0];
    let keep = 0;
    while (keep < old.t.length && old.t[keep] < first) keep++;
    const out = JSON.parse(JSON.stringify(fresh));
    for (const [key, i] of columns(out)) {
      const older = (col(old, key, i) || []).slice(0, keep);
      const merged = older.concat(col(out, key, i));
      const trimmed = merged.length > max ? merged.slice(merged.length - max) : merged;
      if (i < 0) out[key] = trimmed; else out[key][i] = trimmed;
    }
    return out;
  }

  function sameList(a, b) { return a.length === b.length && a.every((x, i) => x === b[i]); }

  // ---- charts ---------------------------------------------------------------------------------

  function mod(v, p) { return ((v % p) + p) % p; }

  function deg(v, digits) { return v == null || Number.isNaN(v) ? '–' : v.toFixed(digits) + '°'; }

  function ms(v) { return v == null ? '–' : (v < 10 ? v.toFixed(2) : v.toFixed(1)) + ' ms'; }

  function baseOptions(el) {
    return {
      width: Math.max(300, el.clientWidth),
      height: CHART_HEIGHT,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    };
  }

  function makeCharts() {
    const p = state.period;
    const variants = state.variants;
    const angleEl = document.getElementById('angle-chart');
    const errorEl = document.getElementById('error-chart');
    const latencyEl = document.getElementById('latency-chart');
    const rateEl = document.getElementById('rate-chart');
    [angleEl, errorEl, latencyEl, rateEl].forEach(el => { el.textContent = ''; });
    const angleValue = (u, v) => (v == null ? '–' : mod(v, p).toFixed(1) + '°');
    const angle = new uPlot(Object.assign(baseOptions(angleEl), {
      scales: { x: { time: true }, y: { range: [-p / 8, p + p / 8] } },
      axes: [{}, {
        splits: () => [0, p / 4, p / 2, 3 * p / 4, p],
        values: (u, splits) => splits.map(v => v + '°'),
        size: 52,
      }],
      series: [{}, {
        label: 'true', stroke: '#222', value: angleValue, paths: () => null,
        points: { show: true, space: 0, size: 9, width: 1.5, stroke: '#222', fill: 'rgba(255,255,255,0)' },
      }].concat(variants.map((v, i) => ({
        label: v, stroke: COLORS[i % COLORS.length], value: angleValue, paths: () => null,
        points: { show: true, space: 0, size: 4, width: 1, stroke: COLORS[i % COLORS.length], fill: COLORS[i % COLORS.length] },
      }))),
    }), angleData(), angleEl);
    const error = new uPlot(Object.assign(baseOptions(errorEl), {
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, (max || 0) * 1.15)] } },
      axes: [{}, { values: (u, splits) => splits.map(v => v + '°'), size: 52 }],
      series: [{}].concat(variants.map((v, i) => ({
        label: v, stroke: COLORS[i % COLORS.length], width: 2, value: (u, x) => deg(x, 2),
      }))),
    }), errorData(), errorEl);
    // Logarithmic: a start-up queue of seconds and a steady few milliseconds both stay readable.
    const latency = new uPlot(Object.assign(baseOptions(latencyEl), {
      scales: { x: { time: true }, y: { distr: 3, range: (u, min, max) => [Math.min(1, min || 1), Math.max(10, (max || 1) * 1.5)] } },
      axes: [{}, { values: (u, splits) => splits.map(v => (v == null ? null : v + ' ms')), size: 70 }],
      series: [{},
        { label: 'p50', stroke: '#1f77b4', width: 2, value: (u, x) => ms(x) },
        { label: 'p99', stroke: '#c62828', width: 1.5, dash: [6, 3], value: (u, x) => ms(x) }],
    }), latencyData(), latencyEl);
    const rate = new uPlot(Object.assign(baseOptions(rateEl), {
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, (max || 0) * 1.15)] } },
      axes: [{}, { size: 52 }],
      series: [{},
        { label: 'decoded /s', stroke: '#1a7f37', width: 2, value: (u, x) => (x == null ? '–' : x.toFixed(1)) },
        { label: 'rejected /s', stroke: '#c62828', width: 2, value: (u, x) => (x == null ? '–' : x.toFixed(1)) }],
    }), rateData(), rateEl);
    return { angle, error, latency, rate };
  }

  const seconds = t => t.map(x => x / 1000);

  function angleData() {
    const a = state.angle;
    return [seconds(a.t), a.truth].concat(a.decoded);
  }

  function errorData() {
    const s = state.strip;
    return [seconds(s.t)].concat(s.error);
  }

  function latencyData() {
    const s = state.strip;
    return [seconds(s.t), s.p50_ms, s.p99_ms];
  }

  function rateData() {
    const s = state.strip;
    return [seconds(s.t), s.fps, s.rejected];
  }

  function render() {
    if (!state.angle || !state.strip) return;
    const key = state.session + '|' + state.variants.join(',') + '|' + state.period;
    if (!charts || key !== chartsKey) {
      if (charts) Object.values(charts).forEach(c => c.destroy());
      charts = makeCharts();
      chartsKey = key;
    } else {
      charts.angle.setData(angleData());
      charts.error.setData(errorData());
      charts.latency.setData(latencyData());
      charts.rate.setData(rateData());
    }
    renderVariants();
    renderHealth();
    renderPicker();
    showStatus();
    state.renders++;
  }

  // ---- tables and the picker ------------------------------------------------------------------

  function cell(row, text, variant, field, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    td.dataset.variant = variant;
    td.dataset.field = field;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function renderVariants() {
    const body = document.querySelector('#variants tbody');
    body.textContent = '';
    let best = -1;
    state.latest.forEach((l, i) => {
      if (l.rolling_error != null && (best < 0 || l.rolling_error < state.latest[best].rolling_error)) best = i;
    });
    state.latest.forEach((l, i) => {
      const row = document.createElement('tr');
      if (i === best && state.latest.length > 1) row.className = 'best';
      const name = cell(row, l.variant, l.variant, 'name', 'name');
      const dot = document.createElement('i');
      dot.style.background = COLORS[i % COLORS.length];
      name.prepend(dot);
      cell(row, deg(l.rolling_error, 2), l.variant, 'rolling_error');
      cell(row, l.frame < 0 ? '–' : '#' + l.frame, l.variant, 'frame');
      cell(row, deg(l.decoded, 2), l.variant, 'decoded');
      cell(row, l.frame < 0 ? '–' : l.truth == null ? 'unlabelled' : deg(l.truth, 2), l.variant, 'truth');
      cell(row, String(l.version), l.variant, 'version');
      const ago = l.drift_alarms > 0 ? ' (last ' + Math.round((state.serverMs - l.drift_changed_ms) / 1000) + ' s ago)' : '';
      cell(row, l.drift_alarms > 0 ? l.drift_alarms + ago : 'none', l.variant, 'drift', l.drift_alarms > 0 ? 'alarm' : '');
      body.appendChild(row);
    });
  }

  function lastOf(a) {
    for (let i = a.length - 1; i >= 0; i--) if (a[i] != null) return a[i];
    return null;
  }

  function renderHealth() {
    const h = state.health;
    const s = state.strip;
    const rejected = Object.entries(h.rejected).map(([reason, n]) => reason + ' ' + n).join(', ');
    const rows = [
      ['frame rate', s.fps.length ? lastOf(s.fps).toFixed(1) + ' frames/s' : '–', false],
      ['latency p50 / p99', ms(lastOf(s.p50_ms)) + ' / ' + ms(lastOf(s.p99_ms)), false],
      ['frames decoded', h.frames.toLocaleString('en'), false],
      ['rejected, by reason', rejected || 'none', rejected !== ''],
      ['rejected without a key (any session)', String(state.unkeyedRejected), state.unkeyedRejected > 0],
      ['missing frame indices', String(h.missing), h.missing > 0],
      ['repeated frames (redelivered)', String(h.duplicates), false],
      ['frames not shown (page fell behind)', String(h.not_shown + state.dropped), h.not_shown + state.dropped > 0],
    ];
    const dl = document.getElementById('health');
    dl.textContent = '';
    for (const [label, value, bad] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      if (bad) dd.className = 'bad';
      dl.append(dt, dd);
    }
  }

  function renderPicker() {
    const select = document.getElementById('session');
    const ids = state.sessions.map(s => s.id);
    if (state.session && !ids.includes(state.session)) ids.unshift(state.session);
    const labels = ids.map(id => {
      const s = state.sessions.find(x => x.id === id);
      return s ? id + ' (' + s.fps.toFixed(1) + ' frames/s)' : id;
    });
    const current = Array.from(select.options).map(o => o.textContent).join('\n');
    if (current !== labels.join('\n')) {
      select.textContent = '';
      ids.forEach((id, i) => select.add(new Option(labels[i], id)));
    }
    select.value = state.session || '';
  }

  function showStatus() {
    const el = document.getElementById('status');
    const age = state.lastEventMs ? (Date.now() - state.lastEventMs) / 1000 : Infinity;
    const live = state.connected && source && source.readyState === EventSource.OPEN && age < 5;
    el.className = 'status ' + (live ? 'live' : 'waiting');
    el.textContent = live ? 'live · ' + state.session : state.connects ? 'reconnecting…' : 'connecting…';
  }

  document.getElementById('session').addEventListener('change', e => {
    location.hash = 'session=' + encodeURIComponent(e.target.value);
  });
  window.addEventListener('hashchange', connect);
  window.addEventListener('resize', () => {
    if (!charts) return;
    for (const [name, chart] of Object.entries(charts)) {
      const el = document.getElementById(name + '-chart');
      chart.setSize({ width: Math.max(300, el.clientWidth), height: CHART_HEIGHT });
    }
  });
  setInterval(showStatus, 1000);

  // ---- read-only state for tests and curious people -------------------------------------------

  function nonNull(a) { return a ? a.filter(v => v != null).length : 0; }

  function view() {
    const a = state.angle;
    const s = state.strip;
    return {
      loadedAt, connected: state.connected, connects: state.connects, errors: state.errors,
      snapshots: state.snapshots, updates: state.updates, events: state.events, bytes: state.bytes,
      renders: state.renders, session: state.session, sessions: state.sessions, variants: state.variants,
      period: state.period, latest: state.latest, health: state.health, serverMs: state.serverMs,
      points: a ? {
        angle: a.t.length, truth: nonNull(a.truth),
        decoded: Object.fromEntries(state.variants.map((v, i) => [v, nonNull(a.decoded[i])])),
        error: Object.fromEntries(state.variants.map((v, i) => [v, nonNull(s.error[i])])),
        strip: s.t.length, lastT: a.t.length ? a.t[a.t.length - 1] : null,
        lastFrame: a.frame.length ? a.frame[a.frame.length - 1] : null,
      } : null,
      charts: charts ? Object.keys(charts).length : 0,
    };
  }

  Object.defineProperty(window, 'livedecode', {
    value: Object.freeze({ state: () => JSON.parse(JSON.stringify(view())) }),
  });

  connect();
})();
