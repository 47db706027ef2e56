// The workspace (工作台). Plain DOM, no framework: every text from the server goes in as
// text (textContent), never as HTML. Views by the address's hash: #/list, #/import,
// #/edit/FOLDER, #/correct/FOLDER, #/publish. Main controls carry data-testid
// attributes (listed in docs/FORMAT.md) for the browser tests.
'use strict';

const S = JSON.parse(document.getElementById('strings').textContent);
/** A message of workspace.ftl, `{name}` places filled from `args`. */
function t(id, args = {}) {
  const text = S[id] ?? id;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

/** An element: attributes (on* as listeners, `testid`, `class`), then children (text or nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'testid') el.dataset.testid = v;
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const main = document.getElementById('main');
/** Replace what `el` holds (nothing for null, false or an empty string). */
function put(el, ...nodes) {
  el.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false && n !== ''));
}
function show(...nodes) {
  put(main, ...nodes);
}
function toast(text, bad = false) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.className = bad ? 'bad on' : 'on';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.className = ''; }, 6000);
}

/** Ask the server; writes are POSTs with JSON (or the raw bytes of an upload). */
async function api(path, body, headers = {}) {
  const init = { headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.method = 'POST';
    if (body instanceof Blob || body instanceof ArrayBuffer) init.body = body;
    else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  const r = await fetch('/__bulletin/api/' + path, init);
  let data = {};
  try { data = await r.json(); } catch (e) { data = {}; }
  return { status: r.status, ok: r.ok, data };
}

// ---------------------------------------------------------------------------------------
// Problems: a list of what check or import found, each clickable to its place.

function problemList(problems, onPick, testid = 'problems') {
  if (!problems.length) return h('p', { class: 'ok', testid }, t('ws-no-problems'));
  return h('ol', { class: 'problems', testid },
    problems.map((p) => h('li', { class: p.severity, testid: 'problem' },
      h('button', { type: 'button', class: 'linkish', onclick: () => onPick && onPick(p), disabled: !onPick },
        h('span', { class: 'sev' }, t('ws-severity-' + p.severity)),
        ' ', p.message),
      p.path ? h('div', { class: 'where' }, p.line ? `${p.path}:${p.line}:${p.column}` : p.path) : null,
      p.text ? h('code', { class: 'quote' }, p.text) : null,
      p.hint ? h('div', { class: 'hint' }, p.hint) : null)));
}

// ---------------------------------------------------------------------------------------
// A text editor with line numbers; `goto(line)` puts the cursor on a line.

function editor(text, testid, rows = 18) {
  const area = h('textarea', { spellcheck: 'false', testid, rows, wrap: 'off' });
  area.value = text;
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const sync = () => {
    const n = area.value.split('\n').length;
    gutter.textContent = Array.from({ length: n }, (_, i) => i + 1).join('\n');
    gutter.scrollTop = area.scrollTop;
  };
  area.addEventListener('input', sync);
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  sync();
  const box = h('div', { class: 'editor' }, gutter, area);
  box.area = area;
  box.goto = (line) => {
    const lines = area.value.split('\n');
    const l = Math.max(1, Math.min(line, lines.length));
    let at = 0;
    for (let i = 0; i < l - 1; i++) at += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(at, at + lines[l - 1].length);
    const lh = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (l - 3) * lh);
    sync();
  };
  box.sync = sync;
  return box;
}

// ---------------------------------------------------------------------------------------
// 通报列表

async function viewList() {
  show(h('p', {}, t('ws-loading')));
  const { data } = await api('bulletins');
  document.getElementById('brand').textContent = t('ws-brand', { site: data.site || '' });
  const rows = (data.bulletins || []).map((b) => h('tr', { testid: 'bulletin-row', 'data-folder': b.source },
    h('td', {}, h('a', { href: '#/edit/' + b.source, class: 'title' }, b.title),
      h('div', { class: 'sub' }, b.source)),
    h('td', { 'data-label': t('ws-col-period') }, b.period),
    h('td', { 'data-label': t('ws-col-series') }, b.series_name),
    h('td', { 'data-label': t('ws-col-status') }, h('span', { class: 'status ' + b.status, testid: 'status' }, b.status_text),
      b.corrected ? h('span', { class: 'status corrected' }, t('ws-status-corrected')) : null),
    h('td', { class: 'num', testid: 'problem-count', 'data-folder': b.source, 'data-label': t('ws-col-problems') }, b.problems ? count(b.source, b.problems) : '…'),
    h('td', { class: 'actions' },
      h('a', { href: '/' + b.path + '/', target: '_blank', rel: 'noopener' }, t('ws-preview')),
      h('a', { href: '#/edit/' + b.source, testid: 'edit' }, t('ws-edit')),
      b.correctable ? h('a', { href: '#/correct/' + b.source, testid: 'correct' }, t('ws-correct')) : null,
      b.built ? h('a', { href: '#/publish' }, t('ws-outputs')) : null)));
  function count(folder, n) {
    return n ? h('a', { href: '#/edit/' + folder, class: 'bad' }, String(n)) : h('span', { class: 'ok' }, '0');
  }
  const siteProblems = h('section', {});
  // check takes longer than the list: its counts come after.
  api('check').then(({ data: c }) => {
    const errors = (c.problems || []).filter((p) => p.severity === 'error');
    for (const cell of main.querySelectorAll('td[data-folder]')) {
      const f = cell.dataset.folder;
      put(cell, count(f, errors.filter((p) => (p.path || '').startsWith(f + '/')).length));
    }
    const folders = (data.bulletins || []).map((b) => b.source + '/');
    const rest = (c.problems || []).filter((p) => p.severity !== 'note' && !folders.some((f) => (p.path || '').startsWith(f)));
    if (rest.length) put(siteProblems, h('h2', {}, t('ws-problems')), problemList(rest, openProblem));
  });
  show(
    h('div', { class: 'bar' },
      h('h1', {}, t('ws-nav-list')),
      h('span', { class: 'sub' }, t('ws-today', { day: data.today_text || data.today })),
      h('a', { href: '#/import', class: 'button primary', testid: 'start-import' }, t('ws-import-new')),
      h('a', { href: '#/publish', class: 'button', testid: 'start-publish' }, t('ws-build'))),
    data.loads === false ? h('p', { class: 'bad' }, t('ws-site-broken')) : null,
    h('div', { class: 'scroll' },
      h('table', { class: 'list', testid: 'bulletin-list' },
        h('thead', {}, h('tr', {}, ['ws-col-title', 'ws-col-period', 'ws-col-series', 'ws-col-status', 'ws-col-problems', 'ws-col-actions']
          .map((k) => h('th', {}, t(k))))),
        h('tbody', {}, rows))),
    (data.problems || []).length
      ? h('section', {}, h('h2', {}, t('ws-problems')), problemList(data.problems, openProblem))
      : siteProblems);
}

/** A problem of check: open its file in the editor at its line. */
function openProblem(p) {
  if (!p.path) return;
  const m = p.path.match(/^(content\/.+)\/(index\.md|scores\.yaml|revisions\/.*|models\/.*)$/);
  if (m) location.hash = `#/edit/${m[1]}?file=${encodeURIComponent(m[2])}&line=${p.line}`;
}

// ---------------------------------------------------------------------------------------
// 编辑

const FORM = [
  ['ws-group-basic', [['title', 'text'], ['period', 'text'], ['series', 'text'], ['published', 'date-text'], ['basis', 'text'], ['draft', 'check']]],
  ['ws-group-notice', [['notice_from', 'date-text'], ['notice_to', 'date-text'], ['phone', 'text'], ['address', 'text'], ['email', 'text']]],
  ['ws-group-document', [['number', 'text'], ['to', 'text'], ['cc', 'lines'], ['signer', 'text'], ['date', 'date-text'], ['attachments', 'lines'], ['red_header', 'check'], ['header', 'text']]],
];
/** Which form field a top-level key of the front matter is. */
const KEY_FIELD = { title: 'title', period: 'period', series: 'series', published: 'published', basis: 'basis', draft: 'draft', notice: 'notice_from', document: 'number' };

async function viewEdit(folder, params) {
  show(h('p', {}, t('ws-loading')));
  const files = {};
  for (const name of ['index.md', 'scores.yaml']) {
    const r = await api('file?path=' + encodeURIComponent(`${folder}/${name}`));
    if (!r.ok) { show(h('p', { class: 'bad' }, r.data.error || t('ws-failed'))); return; }
    files[name] = r.data;
  }
  const index = files['index.md'];
  // A bulletin that does not load yet (a 待填写 left) is not in the list: its address is
  // its folder's, as the site makes it.
  const list = (await api('bulletins')).data.bulletins || [];
  const b = list.find((x) => x.source === folder)
    || { source: folder, path: folder.replace(/^content\//, ''), title: (index.form && index.form.title) || folder };
  const fields = {};
  const form = h('form', { class: 'front', testid: 'front-form', onsubmit: (e) => e.preventDefault() },
    FORM.map(([group, items], gi) => h('details', { class: 'group', open: gi === 0 || items.some(([n]) => index.form && index.form[n]) },
      h('summary', {}, t(group)),
      items.map(([name, kind]) => {
        const v = index.form ? index.form[name] : '';
        let input;
        if (kind === 'check') input = h('input', { type: 'checkbox', name, checked: v, testid: 'field-' + name });
        else if (kind === 'lines') input = h('textarea', { name, rows: 2, testid: 'field-' + name, value: v });
        else input = h('input', { type: 'text', name, value: v, testid: 'field-' + name, placeholder: kind === 'date-text' ? 'YYYY-MM-DD' : null });
        fields[name] = input;
        return h('label', { class: kind === 'check' ? 'check' : '' }, h('span', {}, t('ws-field-' + name)), input);
      }))));
  const narrative = editor(index.body ?? index.text, 'editor', 20);
  const raw = editor(index.text, 'editor-raw', 24);
  const scores = editor(files['scores.yaml'].text, 'editor-scores', 24);
  const versions = { 'index.md': index.version, 'scores.yaml': files['scores.yaml'].version };
  let bodyLine = index.body_line || 1;
  const tabs = [
    ['form', t('ws-tab-form'), h('div', {}, index.form ? form : null, h('h3', {}, t('ws-narrative')), narrative)],
    ['raw', t('ws-tab-raw'), raw],
    ['scores', t('ws-tab-scores'), scores],
  ];
  let active = 'form';
  const dirty = { form: false, raw: false, scores: false };
  form.addEventListener('input', () => { dirty.form = true; });
  narrative.area.addEventListener('input', () => { dirty.form = true; });
  raw.area.addEventListener('input', () => { dirty.raw = true; });
  scores.area.addEventListener('input', () => { dirty.scores = true; });
  const panes = {};
  const tabButtons = tabs.map(([key, label, pane]) => {
    panes[key] = h('div', { class: 'pane', hidden: key !== active }, pane);
    return h('button', { type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(key === active), testid: 'tab-' + key, onclick: () => pick(key) }, label);
  });
  function pick(key) {
    active = key;
    tabButtons.forEach((b, i) => b.setAttribute('aria-selected', String(tabs[i][0] === key)));
    for (const [k, p] of Object.entries(panes)) p.hidden = k !== key;
  }
  const conflict = h('div', { class: 'conflict', hidden: true, testid: 'conflict', role: 'alert' });
  const problemsBox = h('div', {}, h('p', {}, t('ws-checking')));
  const preview = h('iframe', { src: b.path ? '/' + b.path + '/' : 'about:blank', title: t('ws-preview'), testid: 'preview' });

  function formValues() {
    const f = {};
    for (const [name, input] of Object.entries(fields)) f[name] = input.type === 'checkbox' ? input.checked : input.value;
    return f;
  }
  async function reload(file) {
    const r = await api('file?path=' + encodeURIComponent(`${folder}/${file}`));
    if (!r.ok) return;
    versions[file] = r.data.version;
    if (file === 'index.md') {
      raw.area.value = r.data.text; raw.sync();
      if (r.data.form) for (const [k, input] of Object.entries(fields)) {
        if (input.type === 'checkbox') input.checked = !!r.data.form[k]; else input.value = r.data.form[k];
      }
      narrative.area.value = r.data.body ?? r.data.text; narrative.sync();
      bodyLine = r.data.body_line || 1;
      dirty.form = dirty.raw = false;
    } else {
      scores.area.value = r.data.text; scores.sync();
      dirty.scores = false;
    }
  }
  async function save(force) {
    const file = active === 'scores' ? 'scores.yaml' : 'index.md';
    const body = { path: `${folder}/${file}`, version: force || versions[file] };
    if (active === 'form') { body.form = formValues(); body.body = narrative.area.value; }
    else body.text = (active === 'raw' ? raw : scores).area.value;
    const r = await api('save', body);
    if (r.status === 409) {
      conflict.hidden = false;
      put(conflict, 
        h('p', {}, r.data.error),
        h('button', { type: 'button', testid: 'conflict-reload', onclick: async () => { conflict.hidden = true; await reload(file); } }, t('ws-conflict-reload')),
        h('button', { type: 'button', testid: 'conflict-overwrite', onclick: async () => { conflict.hidden = true; await save(r.data.disk_version); } }, t('ws-conflict-overwrite')));
      return;
    }
    if (!r.ok) { toast(r.data.error || t('ws-failed'), true); return; }
    conflict.hidden = true;
    toast(t('ws-saved', { file }));
    await reload(file);
    if (file === 'index.md') await reload('index.md');
    runCheck();
  }
  async function undo() {
    const file = active === 'scores' ? 'scores.yaml' : 'index.md';
    const r = await api('undo', { path: `${folder}/${file}`, version: versions[file] });
    if (!r.ok) { toast(r.data.error || t('ws-failed'), true); return; }
    toast(t('ws-undone', { file }));
    await reload(file);
    runCheck();
  }
  function pickProblem(p) {
    if (!p.path || !p.path.startsWith(folder + '/')) { openProblem(p); return; }
    const file = p.path.slice(folder.length + 1);
    if (file === 'scores.yaml') { pick('scores'); scores.goto(p.line); return; }
    if (file !== 'index.md') { openProblem(p); return; }
    if (p.line >= bodyLine && index.form) { pick('form'); narrative.goto(p.line - bodyLine + 1); return; }
    const line = raw.area.value.split('\n')[p.line - 1] || '';
    const key = (line.match(/^([A-Za-z_]+):/) || [])[1];
    if (key && KEY_FIELD[key] && fields[KEY_FIELD[key]] && !dirty.raw) {
      pick('form');
      fields[KEY_FIELD[key]].focus();
      return;
    }
    pick('raw');
    raw.goto(p.line);
  }
  async function runCheck() {
    put(problemsBox, h('p', {}, t('ws-checking')));
    const r = await api('check?folder=' + encodeURIComponent(folder));
    const mine = (r.data.problems || []).filter((p) => p.severity !== 'note');
    put(problemsBox, problemList(mine, pickProblem));
  }
  show(
    h('div', { class: 'bar' },
      h('h1', {}, b.title),
      h('span', { class: 'sub' }, folder),
      h('button', { type: 'button', class: 'primary', testid: 'save', onclick: () => save() }, t('ws-save')),
      h('button', { type: 'button', testid: 'undo', onclick: undo }, t('ws-undo')),
      h('button', { type: 'button', testid: 'check', onclick: runCheck }, t('ws-check')),
      b.correctable ? h('a', { href: '#/correct/' + folder, class: 'button' }, t('ws-correct')) : null),
    conflict,
    h('div', { class: 'split' },
      h('section', { class: 'left' },
        h('div', { role: 'tablist', class: 'tabs' }, tabButtons),
        Object.values(panes)),
      h('section', { class: 'right' },
        h('h2', {}, t('ws-preview')), preview,
        h('h2', {}, t('ws-problems')), problemsBox)));
  if (params.get('file')) {
    const file = params.get('file');
    const line = Number(params.get('line') || 1);
    if (file === 'scores.yaml') { pick('scores'); scores.goto(line); } else if (file === 'index.md') pickProblem({ path: `${folder}/index.md`, line });
  }
  runCheck();
}

// ---------------------------------------------------------------------------------------
// 导入

async function viewImport() {
  const state = { upload: null, sheets: [], likes: [], choices: {}, result: null, sheet: 0, picked: false };
  const fileInput = h('input', { type: 'file', accept: '.xlsx,.xls,.ods,.csv', testid: 'import-file', id: 'import-file' });
  const drop = h('label', { class: 'drop', for: 'import-file', testid: 'import-drop' }, t('ws-import-drop'), fileInput);
  const settings = h('div', { class: 'settings' });
  const out = h('div', {});
  const busy = h('span', { class: 'sub', role: 'status' });
  const confirm = h('button', { type: 'button', class: 'primary', testid: 'import-confirm', disabled: true, onclick: doConfirm }, t('ws-import-confirm'));
  const likeSel = h('select', { testid: 'import-like', onchange: () => { const l = state.likes.find((x) => x.source === likeSel.value); if (l) { into.value = l.into; period.value = l.next_period; } plan(); } });
  const into = h('input', { type: 'text', testid: 'import-into', onchange: () => plan() });
  const period = h('input', { type: 'text', testid: 'import-period', onchange: () => plan() });
  const published = h('input', { type: 'text', testid: 'import-published', placeholder: 'YYYY-MM-DD', onchange: () => plan() });
  const trust = h('input', { type: 'checkbox', testid: 'import-trust', onchange: () => plan() });

  async function send(file) {
    if (!file) return;
    put(out, h('p', {}, t('ws-reading', { file: file.name })));
    const r = await api('import/upload', await file.arrayBuffer(), { 'X-File-Name': encodeURIComponent(file.name), 'Content-Type': 'application/octet-stream' });
    if (!r.ok) {
      put(out, h('p', { class: 'bad', testid: 'import-refused' }, r.data.error || ''), r.data.problems ? problemList(r.data.problems, null, 'import-problems') : '');
      return;
    }
    // The sheet shown first: the one with most rows (a title or notes sheet is short).
    const longest = r.data.sheets.reduce((best, s, i, all) => (s.rows.length > all[best].rows.length ? i : best), 0);
    Object.assign(state, { upload: r.data.upload, sheets: r.data.sheets, likes: r.data.likes, choices: {}, sheet: longest, picked: false });
    put(likeSel, ...state.likes.map((l) => h('option', { value: l.source }, `${l.title}（${l.source}）`)), h('option', { value: '' }, t('ws-import-no-like')));
    const best = state.likes[0];
    if (best) { likeSel.value = best.source; into.value = best.into; period.value = best.next_period; }
    put(settings, 
      h('p', { class: 'sub' }, r.data.file, r.data.read_as ? ' · ' + r.data.read_as : ''),
      h('label', {}, h('span', {}, t('ws-import-like')), likeSel),
      h('label', {}, h('span', {}, t('ws-import-into')), into),
      h('label', {}, h('span', {}, t('ws-import-period')), period),
      h('label', {}, h('span', {}, t('ws-import-published')), published),
      h('label', { class: 'check wide' }, trust, h('span', {}, t('ws-import-trust'))));
    await plan();
  }
  fileInput.addEventListener('change', () => send(fileInput.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); send(e.dataTransfer.files[0]); });

  function decisions() {
    return {
      upload: state.upload, like: likeSel.value || null, into: into.value.trim(),
      period: period.value.trim() || null, published: published.value.trim() || null, trust: trust.checked,
      choices: Object.values(state.choices),
    };
  }
  async function plan() {
    if (!state.upload) return;
    // What is shown stays until the new plan replaces it; the confirm button keeps its
    // state (a date typed, then the button clicked, starts a plan on the way), and the
    // server checks everything again on confirming anyway.
    busy.textContent = t('ws-checking');
    const r = await api('import/plan', decisions());
    busy.textContent = '';
    if (!r.ok) { confirm.disabled = true; put(out, h('p', { class: 'bad' }, r.data.error || t('ws-failed'))); return; }
    state.result = r.data;
    render();
  }
  function choiceFor(u) {
    const name = 'choice-' + u.name;
    const cur = state.choices[u.name];
    const opt = (kind, label, extra) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: kind, checked: cur && cur.kind === kind, testid: 'choice-' + kind,
        onchange: () => { state.choices[u.name] = extra(); plan(); } }), label);
    const idInput = h('input', { type: 'text', value: (cur && cur.kind === 'new' && cur.id) || u.fresh, size: 10, testid: 'choice-new-id',
      onchange: () => { if (state.choices[u.name]?.kind === 'new') { state.choices[u.name].id = idInput.value.trim(); plan(); } } });
    const f = u.former || [];
    return h('li', { testid: 'import-choice', 'data-name': u.name },
      h('p', {}, t('ws-unsettled-' + u.kind, { name: u.name, former: f[0] || '', id: f[1] || '' })),
      u.kind === 'typo' ? opt('typo', t('ws-choice-typo', { former: f[0] }), () => ({ name: u.name, kind: 'typo', former: f[0], cell: u.cell })) : null,
      f[1] ? opt('rename', t('ws-choice-rename', { former: f[0], id: f[1] }), () => ({ name: u.name, kind: 'rename', id: f[1] })) : null,
      h('span', { class: 'choice' }, opt('new', t('ws-choice-new'), () => ({ name: u.name, kind: 'new', id: idInput.value.trim() || u.fresh })), ' id: ', idInput));
  }
  function sheetView(marks) {
    const tabs = state.sheets.length > 1 ? h('div', { class: 'tabs' }, state.sheets.map((s, i) =>
      h('button', { type: 'button', class: 'tab', 'aria-selected': String(i === state.sheet), onclick: () => { state.sheet = i; state.picked = true; render(); } }, s.name || t('ws-sheet')))) : null;
    const s = state.sheets[state.sheet];
    if (!s) return null;
    const table = h('table', { class: 'sheet', testid: 'import-sheet' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), s.columns.map((c) => h('th', {}, c)))),
      h('tbody', {}, s.rows.map(([label, cells], r) => h('tr', {}, h('th', {}, label),
        cells.map((text, c) => {
          const m = marks.get(`${state.sheet}:${r}:${c}`);
          return h('td', { class: m ? m.kind : null, title: m ? m.text : null, testid: m ? 'import-cell' : null, 'data-cell': m ? s.columns[c] + label : null, id: `cell-${state.sheet}-${r}-${c}` },
            text, m ? h('sup', {}, m.n) : null);
        })))));
    return h('section', {}, h('h2', {}, t('ws-sheet-view')), tabs, h('div', { class: 'scroll sheetbox' }, table), s.more ? h('p', { class: 'sub' }, t('ws-sheet-more')) : null);
  }
  function render() {
    const res = state.result;
    const marks = new Map();
    res.problems.forEach((p, i) => {
      if (p.cell) marks.set(p.cell.join(':'), { kind: p.severity === 'error' ? 'bad' : 'warn', text: p.message, n: i + 1 });
    });
    const jump = (p) => {
      if (!p.cell) return;
      if (p.cell[0] !== state.sheet) { state.sheet = p.cell[0]; render(); }
      const el = document.getElementById(`cell-${p.cell.join('-')}`);
      if (el) { el.scrollIntoView({ block: 'center', inline: 'center' }); el.classList.add('flash'); setTimeout(() => el.classList.remove('flash'), 1500); }
    };
    // A hint that names a flag of the command line is said here by the choices and the
    // settings above instead.
    const problems = res.problems.map((p) => ({ ...p, hint: p.hint && /--[a-z]/.test(p.hint) ? null : p.hint }));
    // Until the user picks a sheet, show the first one with a problem.
    const first = res.problems.find((p) => p.cell);
    if (!state.picked && first) state.sheet = first.cell[0];
    confirm.disabled = !res.ok;
    const bad = res.cross.filter((c) => !c.same).length;
    put(out, 
      res.ok
        ? h('p', { class: 'ok', testid: 'import-clean' }, t('ws-import-clean'))
        : h('p', { class: 'bad', testid: 'import-count' }, t('ws-import-problems', { count: res.problems.filter((p) => p.severity === 'error').length })),
      res.problems.length ? problemList(problems, jump, 'import-problems') : null,
      res.unsettled.length ? h('section', {}, h('h2', {}, t('ws-unsettled')), h('ul', { class: 'choices' }, res.unsettled.map(choiceFor))) : null,
      h('section', {}, h('h2', {}, t('ws-cross')), h('p', { class: 'sub' }, bad ? t('ws-cross-bad', { count: bad }) : t('ws-cross-ok')),
        h('div', { class: 'scroll' }, h('table', { class: 'cross', testid: 'import-cross' },
          h('thead', {}, h('tr', {}, ['ws-col-category', 'ws-col-name', 'ws-col-sheet-total', 'ws-col-total', 'ws-col-sheet-place', 'ws-col-place', 'ws-col-same'].map((k) => h('th', {}, t(k))))),
          h('tbody', {}, res.cross.map((c) => h('tr', { class: c.same ? '' : 'bad' },
            h('td', {}, c.category), h('td', {}, c.name), h('td', { class: 'num' }, c.sheet_total ?? '—'), h('td', { class: 'num' }, c.total ?? '—'),
            h('td', { class: 'num' }, c.sheet_place ?? '—'), h('td', { class: 'num' }, c.place ?? '—'), h('td', {}, c.same ? '✓' : '✗'))))))),
      sheetView(marks),
      res.files.length ? h('section', {}, h('h2', {}, t('ws-import-files')), res.files.map((f) => h('details', {}, h('summary', {}, f.path), h('pre', { class: 'file' }, f.text)))) : null);
  }
  async function doConfirm() {
    confirm.disabled = true;
    const r = await api('import/confirm', decisions());
    if (!r.ok) {
      if (r.data.problems) { state.result = r.data; render(); } else toast(r.data.error || t('ws-failed'), true);
      return;
    }
    toast(t('ws-imported', { folder: r.data.folder }));
    location.hash = '#/edit/' + r.data.folder;
  }
  show(h('div', { class: 'bar' }, h('h1', {}, t('ws-nav-import')), busy, confirm),
    h('p', { class: 'sub' }, t('ws-import-intro')), drop, settings, out);
}

// ---------------------------------------------------------------------------------------
// 更正

async function viewCorrect(folder) {
  const r = await api('correct/open?folder=' + encodeURIComponent(folder));
  if (!r.ok) { show(h('p', { class: 'bad' }, r.data.error || t('ws-failed')), r.data.problems ? problemList(r.data.problems, openProblem) : ''); return; }
  const c = r.data;
  const scores = editor(c.scores, 'correct-scores', 22);
  const reason = h('textarea', { rows: 3, testid: 'correct-reason', placeholder: t('ws-correct-reason-example') });
  const day = h('input', { type: 'text', value: c.today, testid: 'correct-date', placeholder: 'YYYY-MM-DD' });
  const restarts = h('input', { type: 'checkbox', testid: 'correct-restarts' });
  const table = h('div', { testid: 'correct-result' });
  const saveBtn = h('button', { type: 'button', class: 'primary', testid: 'correct-save', disabled: true, onclick: save }, t('ws-correct-save'));
  let previewed = null;
  const body = () => ({ folder, scores: scores.area.value, reason: reason.value, corrected: day.value.trim(), restarts_notice: restarts.checked, scores_version: c.scores_version, index_version: c.index_version });
  for (const el of [scores.area, reason, day, restarts]) el.addEventListener('input', () => { saveBtn.disabled = true; });
  function changeTable(view) {
    const item = view && view.items && view.items[0];
    if (!item) return h('p', {}, t('ws-correct-nothing'));
    const cols = ['name', 'category', 'total', 'place'].concat(view.has_tier ? ['tier'] : [], view.has_exemplar ? ['exemplar'] : []);
    return h('table', { class: 'cross', testid: 'correct-table' },
      h('thead', {}, h('tr', {}, cols.map((k) => h('th', {}, t('ws-change-' + k))))),
      h('tbody', {}, item.rows.map((row) => h('tr', {}, cols.map((k) => h('td', { class: k !== 'name' && row[k].changed ? 'changed' : '' }, k === 'name' ? row.name : row[k].text))))));
  }
  async function preview() {
    put(table, h('p', {}, t('ws-checking')));
    const p = await api('correct/preview', body());
    if (!p.ok) {
      put(table, h('p', { class: 'bad' }, p.data.error || t('ws-correct-problems')), p.data.problems ? problemList(p.data.problems, (x) => { if (x.path && x.path.endsWith('/scores.yaml')) scores.goto(x.line); }) : '');
      saveBtn.disabled = true;
      return;
    }
    previewed = JSON.stringify(body());
    put(table, h('p', {}, t('ws-correct-file', { file: p.data.revision_file })), changeTable(p.data.table));
    saveBtn.disabled = false;
  }
  async function save() {
    if (previewed !== JSON.stringify(body())) { await preview(); return; }
    saveBtn.disabled = true;
    const s = await api('correct/save', body());
    if (!s.ok) { toast(s.data.error || t('ws-failed'), true); if (s.data.problems) put(table, problemList(s.data.problems, null)); return; }
    toast(t('ws-correct-saved'));
    location.hash = '#/edit/' + folder;
  }
  show(
    h('div', { class: 'bar' }, h('h1', {}, t('ws-correct-title', { title: c.title })),
      h('button', { type: 'button', testid: 'correct-preview', onclick: preview }, t('ws-correct-preview')), saveBtn),
    h('p', { class: 'sub' }, t('ws-correct-intro', { file: c.revision_file })),
    h('div', { class: 'split' },
      h('section', { class: 'left' }, h('h2', {}, t('ws-correct-scores')), scores),
      h('section', { class: 'right' },
        h('label', {}, h('span', {}, t('ws-correct-reason')), reason),
        h('label', {}, h('span', {}, t('ws-correct-date')), day),
        c.has_notice ? h('label', { class: 'check' }, restarts, h('span', {}, t('ws-correct-restarts'))) : null,
        h('h2', {}, t('ws-correct-changes')), table)));
}

// ---------------------------------------------------------------------------------------
// 发布

async function viewPublish() {
  const bar = h('progress', { max: 1, value: 0, testid: 'build-progress' });
  const said = h('p', { testid: 'build-said' });
  const result = h('div', { testid: 'build-result' });
  const outputs = h('div', {});
  const button = h('button', { type: 'button', class: 'primary', testid: 'build', onclick: start }, t('ws-build'));
  async function start() {
    button.disabled = true;
    const r = await api('build', {});
    if (!r.ok && r.status !== 409) { toast(r.data.error || t('ws-failed'), true); button.disabled = false; return; }
    poll();
  }
  async function poll() {
    const { data } = await api('build');
    if (data.running) {
      bar.hidden = false;
      if (data.expected) { bar.max = data.expected; bar.value = Math.min(data.files, data.expected); } else bar.removeAttribute('value');
      said.textContent = t('ws-build-progress', { files: data.files, expected: data.expected || '?', seconds: (data.elapsed_ms / 1000).toFixed(1) });
      setTimeout(poll, 300);
      return;
    }
    button.disabled = false;
    bar.hidden = !data.result;
    if (data.result) { bar.max = 1; bar.value = 1; }
    const res = data.result;
    if (res && res.ok) {
      said.textContent = t('ws-build-done', { bulletins: res.bulletins, pages: res.pages, files: res.files, seconds: (res.ms / 1000).toFixed(1) });
      put(result, 
        res.held.length ? h('ul', { class: 'sub' }, res.held.map((x) => h('li', {}, `${x.path}: ${x.why}`))) : '',
        res.warnings.filter((w) => w.severity === 'warning').length ? problemList(res.warnings.filter((w) => w.severity === 'warning'), openProblem, 'build-warnings') : '');
    } else if (res) {
      said.textContent = t('ws-build-failed');
      put(result, problemList(res.problems, openProblem, 'build-problems'));
    } else said.textContent = '';
    put(outputs, 
      h('h2', {}, t('ws-outputs')),
      data.outputs.length ? h('div', { class: 'scroll' }, h('table', { class: 'list', testid: 'outputs' },
        h('tbody', {}, data.outputs.map((o) => h('tr', { testid: 'output-row', 'data-path': o.path },
          h('td', {}, o.title, h('div', { class: 'sub' }, o.path)),
          h('td', { class: 'actions' },
            o.files.includes('print.html') ? h('a', { href: `/__bulletin/out/${o.path}/print.html`, target: '_blank', testid: 'out-print', onclick: (e) => { e.preventDefault(); const w = window.open(e.currentTarget.href, '_blank'); if (w) w.addEventListener('load', () => w.print()); } }, t('ws-out-print')) : null,
            o.files.includes('notice.docx') ? h('a', { href: `/__bulletin/out/${o.path}/notice.docx`, download: `${o.title}.docx`, testid: 'out-docx' }, t('ws-out-docx')) : null,
            o.files.includes('wechat.html') ? h('a', { href: `/__bulletin/out/${o.path}/wechat.html`, target: '_blank', testid: 'out-wechat' }, t('ws-out-wechat')) : null,
            o.files.includes('screen.html') ? h('a', { href: `/__bulletin/out/${o.path}/screen.html`, target: '_blank', testid: 'out-screen' }, t('ws-out-screen')) : null,
            h('button', { type: 'button', class: 'linkish', testid: 'out-folder', onclick: async () => {
              const f = await api('open-folder', { path: o.path });
              toast(f.ok ? t('ws-folder-opened', { folder: f.data.folder }) : (f.data.error || t('ws-failed')), !f.ok);
            } }, t('ws-out-folder')))))))) : h('p', {}, t('ws-no-outputs')));
  }
  show(h('div', { class: 'bar' }, h('h1', {}, t('ws-nav-publish')), button),
    h('p', { class: 'sub' }, t('ws-publish-intro')), bar, said, result, outputs);
  bar.hidden = true;
  poll();
}

// ---------------------------------------------------------------------------------------

function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/list').split('/').filter(Boolean);
  const view = parts[0] || 'list';
  for (const a of document.querySelectorAll('nav a')) a.setAttribute('aria-current', a.dataset.view === view ? 'page' : 'false');
  const folder = decodeURIComponent(parts.slice(1).join('/'));
  if (view === 'import') return viewImport();
  if (view === 'publish') return viewPublish();
  if (view === 'edit' && folder) return viewEdit(folder, params);
  if (view === 'correct' && folder) return viewCorrect(folder);
  return viewList();
}

for (const a of document.querySelectorAll('nav a')) a.textContent = t('ws-nav-' + a.dataset.view);
document.getElementById('brand').textContent = t('ws-brand', { site: '' });
document.title = t('ws-title');
window.addEventListener('hashchange', route);
route();
