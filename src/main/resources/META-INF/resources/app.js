// The price calculator: turns a buyer's month (scenario, users, resolutions, time, cloud services) into ONE
// POST /v1/quotes request and shows what the service answers. No price, tier or ratio lives here: resolutions are
// sent as width × height and the service's rules decide their tier and price. Money is shown as the strings the
// service returns; the page never adds amounts (per-item month figures are the quote's `items`).
(() => {
  'use strict';

  // Resolutions a buyer picks; the names are display only, the service classifies width × height.
  const RESOLUTIONS = [
    ['640x360', '360p'], ['640x480', '480p'], ['1280x720', '720p'],
    ['1920x1080', '1080p'], ['2560x1440', '2K'], ['3840x2160', '4K']
  ];
  const PRESETS = {
    call: { publishers: 2, pubCamera: '1280x720', pubScreen: 'off', viewers: 0, viewCamera: 'sent',
      viewScreen: 'sent', minutes: 30, days: 22, recording: false, transcoding: false },
    voice: { publishers: 2, pubCamera: 'off', pubScreen: 'off', viewers: 0, viewCamera: 'sent',
      viewScreen: 'sent', minutes: 20, days: 30, recording: false, transcoding: false },
    meeting: { publishers: 5, pubCamera: '640x480', pubScreen: '1920x1080', viewers: 0, viewCamera: 'sent',
      viewScreen: 'sent', minutes: 60, days: 22, recording: true, recMode: 'MIXED', recFiles: 1, transcoding: false },
    class: { publishers: 1, pubCamera: '1280x720', pubScreen: '1920x1080', viewers: 30, viewCamera: 'sent',
      viewScreen: 'sent', minutes: 45, days: 22, recording: true, recMode: 'MIXED', recFiles: 1, transcoding: false },
    live: { publishers: 2, pubCamera: '1920x1080', pubScreen: 'off', viewers: 300, viewCamera: '1280x720',
      viewScreen: 'sent', minutes: 120, days: 30, recording: false, transcoding: true, mcuCodec: 'H264',
      mcuOutput: '1280x720' }
  };
  // The page's own ceiling on intervals (stays + subscriptions + task inputs) in one request. Far below the
  // service's limits (QuoteLimits: 200,000 intervals, 8 MiB body, 200,000 subscriptions and 100,000 users a room),
  // so the request, the answer and its attribution stay a few MB and price in about a second.
  const MAX_INTERVALS = 40000;
  const MAX_PUBLISHERS = 5000; // streams per room stay under QuoteLimits.MAX_STREAMS_PER_ROOM (10,000)
  const MAX_VIEWERS = 100000;  // QuoteLimits.MAX_USERS_PER_ROOM
  const ZONE = '+08:00';       // the billing zone (Asia/Shanghai, no daylight saving)
  const LANG_KEY = 'rtc-calculator-lang';

  const $ = (id) => document.getElementById(id);
  let lang = 'en';
  let last = null;        // {req, quote, advice, notes, meta} of the latest answer, re-rendered on language switch
  let catalogue = null;
  let seq = 0;
  let timer = null;

  // ---------- words ----------
  function t(key, vars) {
    const words = window.I18N[lang] || window.I18N.en;
    let s = key in words ? words[key] : window.I18N.en[key] || key;
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m));
    }
    return s;
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    const button = $('lang');
    button.textContent = t('langButton');
    button.setAttribute('aria-label', t('langButtonLabel'));
    button.lang = lang === 'zh' ? 'en' : 'zh-CN';
    render();
    renderCatalogue();
  }

  function setLanguage(next) {
    lang = next;
    try { localStorage.setItem(LANG_KEY, lang); } catch (e) { /* private mode: the choice lasts this visit */ }
    applyLanguage();
  }

  // Thousands separators in a decimal string: formatting, not arithmetic.
  function group(value) {
    const s = String(value);
    const [whole, fraction] = s.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return fraction === undefined ? grouped : grouped + '.' + fraction;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'scope' || k === 'lang') {
        node.setAttribute(k, v);
      } else node[k] = v;
    });
    children.flat().forEach((c) => {
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  function money(amount, attrs) {
    return el('span', Object.assign({ class: 'money', 'data-amount': amount }, attrs || {}),
      el('span', { class: 'cur', text: t('cny') }), ' ', group(amount));
  }

  // ---------- inputs ----------
  function fillResolutionSelects() {
    document.querySelectorAll('select[data-resolutions]').forEach((select) => {
      const extras = select.dataset.resolutions.split(',');
      const option = (value, key, text) => el('option', { value, 'data-i18n': key, text: text || t(key) });
      if (extras.includes('sent')) select.append(option('sent', 'asSent'));
      RESOLUTIONS.forEach(([value, name]) => {
        const [w, h] = value.split('x');
        select.append(el('option', { value, text: name + ' · ' + w + '×' + h }));
      });
      if (extras.includes('off')) select.append(option('off', 'off'));
      if (extras.includes('audio')) select.append(option('audio', 'audioOnly'));
      if (extras.includes('none')) select.append(option('none', 'notWatched'));
    });
  }

  function applyPreset(name) {
    const p = PRESETS[name];
    if (!p) return;
    Object.entries(p).forEach(([k, v]) => {
      const input = $(k);
      if (input.type === 'checkbox') input.checked = v;
      else input.value = v;
    });
    syncOptions();
  }

  function syncOptions() {
    [['recording', 'recording-options'], ['transcoding', 'transcoding-options']].forEach(([box, panel]) => {
      const on = $(box).checked;
      $(panel).hidden = !on;
      $(box).setAttribute('aria-expanded', String(on));
    });
  }

  function whole(id, min, max) {
    const n = Math.floor(Number($(id).value));
    return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : min;
  }

  function referenceMonth() {
    // The current month of the billing zone: usage dated there is within the quote's date limits.
    const now = new Date(Date.now() + 8 * 3600 * 1000);
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth() + 1;
    return { y, m, days: new Date(Date.UTC(y, m, 0)).getUTCDate(), label: y + '-' + String(m).padStart(2, '0') };
  }

  function size(value) {
    if (!/^\d+x\d+$/.test(value)) return null;
    const [width, height] = value.split('x').map(Number);
    return { width, height };
  }

  // What a viewer receives of a stream sent at `sent`: the chosen resolution, never more pixels than were sent.
  function received(sent, choice) {
    const want = size(choice);
    return want && want.width * want.height < sent.width * sent.height ? want : null;
  }

  // ---------- the request ----------
  function build() {
    const notes = [];
    const month = referenceMonth();
    const askedDays = Math.floor(Number($('days').value)) || 1;
    const days = whole('days', 1, month.days);
    if (askedDays > month.days) notes.push(['capDays', { month: month.label, used: days, asked: askedDays }]);
    const askedMinutes = Math.floor(Number($('minutes').value)) || 1;
    const minutes = whole('minutes', 1, 1440);
    if (askedMinutes > 1440) notes.push(['capMinutes', { used: minutes }]);
    const askedPublishers = whole('publishers', 1, 1e9);
    let publishers = Math.min(askedPublishers, MAX_PUBLISHERS);
    const askedViewers = whole('viewers', 0, 1e9);
    let viewers = Math.min(askedViewers, MAX_VIEWERS);

    const camera = size($('pubCamera').value);
    const screen = size($('pubScreen').value);
    const viewCamera = $('viewCamera').value;
    const viewScreen = $('viewScreen').value;
    const recording = $('recording').checked;
    const transcoding = $('transcoding').checked;
    const viewerWatchesScreen = screen && viewScreen !== 'none';

    // Intervals a day: each user's stay, each subscription (everyone receives every other publisher's camera,
    // and the screen share of publisher 1), and each task input (every published stream).
    const publisherIntervals = (p) => p + p * (p - 1) + (screen ? p - 1 : 0)
      + (recording ? p + (screen ? 1 : 0) : 0) + (transcoding ? p + (screen ? 1 : 0) : 0);
    const perViewer = (p) => 1 + p + (viewerWatchesScreen ? 1 : 0);
    const perDay = MAX_INTERVALS / days;
    while (publishers > 1 && publisherIntervals(publishers) > perDay) publishers--;
    if (publishers < askedPublishers) {
      notes.push(['capPublishers', { used: group(publishers), asked: group(askedPublishers) }]);
    }
    const roomForViewers = Math.max(0, Math.floor((perDay - publisherIntervals(publishers)) / perViewer(publishers)));
    if (viewers > roomForViewers) viewers = roomForViewers;
    if (viewers < askedViewers) notes.push(['capViewers', { used: group(viewers), asked: group(askedViewers) }]);

    // Each day: one room from `start` for `minutes`, inside the day (a stay from 08:00, earlier if it would run
    // past midnight), so each day's usage is billed on that day.
    const startMinute = Math.max(0, Math.min(8 * 60, 1440 - minutes));
    const at = (day, minute) => {
      const d = String(day).padStart(2, '0');
      if (minute === 1440) {
        const next = new Date(Date.UTC(month.y, month.m - 1, day + 1));
        return next.toISOString().slice(0, 10) + 'T00:00:00' + ZONE;
      }
      const hh = String(Math.floor(minute / 60)).padStart(2, '0');
      const mm = String(minute % 60).padStart(2, '0');
      return month.label + '-' + d + 'T' + hh + ':' + mm + ':00' + ZONE;
    };
    const req = { rooms: [] };
    const recordings = [];
    const transcodings = [];
    let intervals = 0;
    for (let day = 1; day <= days; day++) {
      const from = at(day, startMinute);
      const to = at(day, startMinute + minutes);
      const users = [];
      const streams = [];
      const subscriptions = [];
      const published = []; // {streamId, video, audio}
      for (let i = 1; i <= publishers; i++) {
        users.push({ userId: 'P' + i, presence: [{ from, to }] });
        streams.push({ streamId: 'P' + i + '-cam', userId: 'P' + i, type: 'CAMERA', video: camera });
        published.push({ streamId: 'P' + i + '-cam', owner: 'P' + i, type: 'CAMERA', video: camera, audio: true });
        if (screen && i === 1) {
          streams.push({ streamId: 'P1-screen', userId: 'P1', type: 'SCREEN', video: screen });
          published.push({ streamId: 'P1-screen', owner: 'P1', type: 'SCREEN', video: screen, audio: false });
        }
      }
      for (let i = 1; i <= publishers; i++) {
        published.filter((s) => s.owner !== 'P' + i)
          .forEach((s) => subscriptions.push({ userId: 'P' + i, streamId: s.streamId, from, to }));
      }
      for (let i = 1; i <= viewers; i++) {
        const userId = 'V' + i;
        users.push({ userId, presence: [{ from, to }] });
        published.forEach((s) => {
          const sub = { userId, streamId: s.streamId, from, to };
          if (s.type === 'SCREEN') {
            if (viewScreen === 'none') return;
            const r = received(s.video, viewScreen);
            if (r) sub.receivedVideo = r;
          } else if (s.video && viewCamera === 'audio') {
            sub.audioOnly = true;
          } else if (s.video) {
            const r = received(s.video, viewCamera);
            if (r) sub.receivedVideo = r;
          }
          subscriptions.push(sub);
        });
      }
      req.rooms.push({ roomId: 'day-' + String(day).padStart(2, '0'), users, streams, subscriptions });
      intervals += users.length + subscriptions.length;
      const inputs = () => published.map((s) => ({ streamId: s.streamId, audio: s.audio, video: s.video, from, to }));
      if (recording) {
        recordings.push({ taskId: 'rec-' + String(day).padStart(2, '0'), mode: $('recMode').value,
          files: whole('recFiles', 1, 100), inputs: inputs() });
        intervals += published.length;
      }
      if (transcoding) {
        transcodings.push({ taskId: 'mcu-' + String(day).padStart(2, '0'), codec: $('mcuCodec').value,
          output: { audio: true, video: size($('mcuOutput').value) }, inputs: inputs() });
        intervals += published.length;
      }
    }
    if (recordings.length) req.recordings = recordings;
    if (transcodings.length) req.transcodings = transcodings;
    return { req, notes, meta: { days, minutes, month: month.label, publishers, viewers, intervals } };
  }

  // ---------- calling the service ----------
  async function postJson(path, body) {
    const response = await fetch(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body
    });
    let json = null;
    try { json = await response.json(); } catch (e) { /* not JSON: reported by status */ }
    return { status: response.status, ok: response.ok, json };
  }

  function schedule() {
    clearTimeout(timer);
    document.body.dataset.pending = 'true';
    timer = setTimeout(calculate, 350);
  }

  async function calculate() {
    clearTimeout(timer);
    const mine = ++seq;
    document.body.dataset.pending = 'true';
    const built = build();
    const body = JSON.stringify(built.req);
    // Exposed for tests and the curious: exactly the body sent.
    window.lastQuoteRequest = built.req;
    $('summary').dataset.state = 'loading';
    $('summary').setAttribute('aria-busy', 'true');
    let quote;
    let error = null;
    try {
      const answer = await postJson('/v1/quotes', body);
      if (answer.ok) quote = answer.json;
      else error = ['error', { detail: (answer.json && (answer.json.detail || answer.json.title)) || answer.status }];
    } catch (e) {
      error = ['errorNetwork'];
    }
    if (mine !== seq) return; // a newer calculation started meanwhile
    last = { req: built.req, body, quote, error, notes: built.notes, meta: built.meta, advice: quote ? 'loading' : null };
    render();
    if (quote) {
      let advice = 'unavailable';
      try {
        const answer = await postJson('/v1/package-advice', JSON.stringify({ quote: built.req }));
        if (answer.ok && answer.json && Array.isArray(answer.json.options)) advice = answer.json;
      } catch (e) { /* unavailable */ }
      if (mine !== seq) return;
      last.advice = advice;
      renderAdvice();
    }
    document.body.dataset.quoteSeq = String(mine);
    document.body.dataset.pending = 'false';
  }

  // ---------- results ----------
  function itemName(item) {
    let service = t('svc_' + item.service);
    if (item.mode) service += ' (' + t('mode_' + item.mode) + ')';
    if (item.codec) service += ' ' + item.codec.replace(/^H(\d)/, 'H.$1');
    const category = t('cat_' + item.category, { tier: item.tier || '' });
    return service + ' · ' + category;
  }

  function itemKey(x) {
    return [x.service, x.category, x.tier || '', x.mode || '', x.codec || ''].join('|');
  }

  function distinct(lists) {
    const seen = [];
    lists.forEach((list) => (list || []).forEach((r) => { if (!seen.includes(r)) seen.push(r); }));
    return seen;
  }

  function rulesBlock(title, rules) {
    return el('div', { class: 'rules' }, el('p', { class: 'rules-title', text: title }),
      el('ul', {}, rules.map((r) => el('li', { text: r }))));
  }

  function render() {
    const summary = $('summary');
    const notes = $('notes');
    const items = $('items');
    if (!last) return;
    notes.replaceChildren(...last.notes.map(([k, v]) => el('li', { text: t(k, v) })));
    summary.removeAttribute('aria-busy');
    if (last.error) {
      summary.dataset.state = 'error';
      summary.replaceChildren(el('p', { class: 'error', role: 'alert', text: t(last.error[0], last.error[1]) }));
      $('total-bar').hidden = true;
      items.replaceChildren();
      $('advice').replaceChildren();
      renderRequest();
      return;
    }
    const q = last.quote;
    const m = last.meta;
    summary.dataset.state = 'ready';
    summary.replaceChildren(
      el('p', { class: 'total-label', text: t('totalLabel') }),
      el('p', { class: 'total' }, money(q.total, { id: 'total' })),
      el('p', { class: 'basis', text: t('basis', { days: m.days, month: m.month, minutes: group(m.minutes),
        version: q.rulesVersion }) }));

    const linesBy = {};
    q.lines.forEach((l) => { (linesBy[itemKey(l)] = linesBy[itemKey(l)] || []).push(l); });
    const attributionBy = {};
    q.attribution.forEach((a) => { (attributionBy[itemKey(a)] = attributionBy[itemKey(a)] || []).push(a); });

    if (!q.items.length) {
      items.replaceChildren(el('p', { class: 'hint', text: t('noUsage') }));
    } else {
      const table = el('table', { class: 'items' },
        el('caption', { class: 'visually-hidden', text: t('estimate') }),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', text: t('item') }),
          el('th', { scope: 'col', class: 'num', text: t('minutes') }),
          el('th', { scope: 'col', class: 'num', text: t('unitPrice') }),
          el('th', { scope: 'col', class: 'num', text: t('amount') }))),
        el('tbody', {}, q.items.map((item) => {
          const key = itemKey(item);
          const lines = linesBy[key] || [];
          const attribution = attributionBy[key] || [];
          const formula = item.unitPrice
            ? t('formula', { minutes: group(item.minutes), price: group(item.unitPrice) })
            : t('formulaVaries', { minutes: group(item.minutes) });
          const details = el('details', { class: 'made-of' }, el('summary', { text: t('madeOf') }),
            el('p', { class: 'formula', text: formula + ' · ' + t('perDay', { days: item.days }) }),
            rulesBlock(t('rulesLine'), distinct(lines.map((l) => l.rules))),
            rulesBlock(t('rulesAttribution', { count: group(attribution.length) }),
              distinct(attribution.map((a) => a.rules))));
          return el('tr', { 'data-item': key },
            el('th', { scope: 'row', 'data-label': t('item') }, el('span', { class: 'item-name', text: itemName(item) }),
              details),
            el('td', { class: 'num', 'data-label': t('minutes') }, el('span', {}, group(item.minutes),
              el('span', { class: 'days', text: t('perDay', { days: item.days }) }))),
            el('td', { class: 'num', 'data-label': t('unitPrice') }, item.unitPrice ? group(item.unitPrice) : '—'),
            el('td', { class: 'num amount', 'data-label': t('amount') }, money(item.amount)));
        })),
        el('tfoot', {}, el('tr', {},
          el('th', { scope: 'row', text: t('total') }),
          el('td', { class: 'num', 'aria-hidden': 'true' }), el('td', { class: 'num', 'aria-hidden': 'true' }),
          el('td', { class: 'num amount' }, money(q.total)))));
      items.replaceChildren(table);
    }
    (q.warnings || []).forEach((w) => notes.append(el('li', { text: w })));
    // Phones: the form comes first, so the total also rides along at the bottom, a link to the details.
    const bar = $('total-bar');
    bar.replaceChildren(el('span', { text: t('totalLabel') }), money(q.total));
    bar.hidden = false;
    renderAdvice();
    renderRequest();
  }

  function packageName(p) {
    return t('pkg_' + p.kind, { thousand: group(p.thousandMinutes) });
  }

  function renderAdvice() {
    const box = $('advice');
    if (!last || !last.quote) { box.replaceChildren(); return; }
    const a = last.advice;
    if (a === 'loading') {
      box.replaceChildren(el('p', { class: 'hint', text: t('adviceLoading') }));
      box.dataset.state = 'loading';
      return;
    }
    if (!a || a === 'unavailable') {
      box.dataset.state = 'unavailable';
      box.replaceChildren(el('p', { class: 'note', id: 'advice-unavailable', text: t('adviceUnavailable') }));
      return;
    }
    box.dataset.state = 'ready';
    const describe = (o) => [
      o.packages.length ? o.packages.map((p) => packageName(p) + ' · ' + t('cny') + ' ' + group(p.price)).join(' + ')
        : t('advicePostpaidOnly'),
      o.packages.length && !/^0(\.0*)?$/.test(o.postpaidRemainder)
        ? t('adviceRemainder', { remainder: t('cny') + ' ' + group(o.postpaidRemainder) }) : null,
      /^-?0(\.0*)?$/.test(o.saving) || o.saving.startsWith('-') ? t('adviceNoSaving')
        : t('adviceSaving', { saving: t('cny') + ' ' + group(o.saving) }),
      o.unusedMinutes ? t('adviceUnused', { unused: group(o.unusedMinutes) }) : null
    ].filter(Boolean);
    const card = (title, amount, lines, best, key) => el('li', { class: 'option' + (best ? ' best' : ''), 'data-option': key },
      el('p', { class: 'option-title', text: title }), el('p', { class: 'option-total' }, money(amount)),
      el('ul', { class: 'option-lines' }, lines.map((s) => el('li', { text: s }))));
    const [best, ...others] = a.options.slice(0, 3);
    box.replaceChildren(
      el('p', { class: 'hint', text: t('adviceIntro', { general: group(a.generalMinutes) }) }),
      el('ul', { class: 'options' },
        card(t('advicePostpaid'), a.postpaid, [t('adviceListPrices')], false, 'postpaid'),
        best ? card(t('adviceBest'), best.total, describe(best), true, '0') : null),
      others.length ? el('p', { class: 'others-title', text: t('adviceOthers') }) : null,
      others.length ? el('ul', { class: 'others' }, others.map((o, i) => el('li', { 'data-option': String(i + 1) },
        el('span', { class: 'option-total' }, money(o.total)), ' ', el('span', { text: describe(o).join(' · ') }))))
        : null);
  }

  function renderRequest() {
    if (!last) return;
    const m = last.meta;
    $('request-note').textContent = t('requestNote', { rooms: last.req.rooms.length,
      users: group(m.publishers + m.viewers), intervals: group(m.intervals),
      kb: group(Math.ceil(new Blob([last.body]).size / 1024)) });
    // A long request is cut for display; window.lastQuoteRequest holds all of it.
    const text = JSON.stringify(last.req, null, 1);
    $('request-json').textContent = text.length > 20000 ? text.slice(0, 20000) + '\n…' : text;
  }

  async function loadCatalogue() {
    try {
      const response = await fetch('/v1/package-prices', { headers: { Accept: 'application/json' } });
      if (response.ok) catalogue = await response.json();
    } catch (e) { /* the catalogue is optional */ }
    renderCatalogue();
  }

  function renderCatalogue() {
    const box = $('catalogue');
    if (!catalogue) { box.replaceChildren(); $('catalogue-box').hidden = true; return; }
    $('catalogue-box').hidden = false;
    const fixed = el('table', { class: 'items compact' },
      el('caption', { text: t('fixedPackages') }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('size') }),
        el('th', { scope: 'col', class: 'num', text: t('price') }), el('th', { scope: 'col', class: 'num', text: t('discount') }))),
      el('tbody', {}, (catalogue.fixed || []).map((f) => el('tr', {},
        el('th', { scope: 'row', text: t('thousandMin', { thousand: group(f.thousandMinutes) }) }),
        el('td', { class: 'num' }, money(f.price)), el('td', { class: 'num', text: f.discount || '' })))));
    const custom = el('table', { class: 'items compact' },
      el('caption', { text: t('customPackages') }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('size') }),
        el('th', { scope: 'col', class: 'num', text: t('price') }))),
      el('tbody', {}, (catalogue.custom || []).map((c) => el('tr', {},
        el('th', { scope: 'row', text: c.toThousandMinutes === null || c.toThousandMinutes === undefined
          ? t('fromOn', { from: group(c.fromThousandMinutes) })
          : t('fromTo', { from: group(c.fromThousandMinutes), to: group(c.toThousandMinutes) }) }),
        el('td', { class: 'num' }, money(c.unitPricePerThousand))))));
    box.replaceChildren(fixed, custom);
  }

  // ---------- start ----------
  function start() {
    let stored = null;
    try { stored = localStorage.getItem(LANG_KEY); } catch (e) { /* none */ }
    lang = stored === 'zh' || stored === 'en' ? stored
      : ((navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en');
    fillResolutionSelects();
    $('preset').value = 'call';
    applyPreset('call');
    applyLanguage();

    const form = $('calc');
    form.addEventListener('submit', (e) => { e.preventDefault(); calculate(); });
    $('preset').addEventListener('change', () => { applyPreset($('preset').value); schedule(); });
    form.addEventListener('input', (e) => {
      if (e.target.id === 'preset') return;
      if (e.target.type === 'checkbox') syncOptions();
      $('preset').value = 'custom'; // edited by hand: no longer the preset as it was
      schedule();
    });
    $('lang').addEventListener('click', () => setLanguage(lang === 'zh' ? 'en' : 'zh'));
    loadCatalogue();
    calculate();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
