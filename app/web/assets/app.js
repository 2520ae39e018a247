// The web UI of vanthu: a small single-page application over the JSON API (docs/api.md).
// Views: Soạn thảo (compose, preview, draft, issue), Tra cứu (search, document page),
// Nhập tài liệu (import), Sổ văn bản (register), Tài khoản (accounts, audit log).
'use strict';

const state = { session: null, templates: null, offices: null };

// ---- helpers ------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(method, path, body, opts = {}) {
  const headers = {};
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrf;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return { ok: false, status: 0, data: { message: 'Không kết nối được máy chủ. Hãy kiểm tra mạng rồi thử lại.', errors: [] } };
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.blob();
  if (res.status === 401 && path !== '/api/login') { state.session = null; showLogin(); }
  return { ok: res.ok, status: res.status, data };
}

function main() { return document.getElementById('main'); }
// The view shown is the one for the current address: a slower view started for an earlier
// address (still loading when the user moved on) must not replace it.
function currentRoute() { return location.hash || '#/tra-cuu'; }
function setMain(...nodes) {
  if (state.session && state.viewHash && currentRoute() !== state.viewHash) return;
  const m = main(); m.replaceChildren(...nodes); m.focus({ preventScroll: true }); window.scrollTo(0, 0); }
// Labels each cell with its column's heading, so narrow screens can show rows as cards.
function labelCells(table) {
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const tr of table.querySelectorAll('tbody tr')) [...tr.children].forEach((td, i) => td.setAttribute('data-label', heads[i] || ''));
  table.classList.add('stack');
  return table;
}
function errorBox(msg) { return el('div', { class: 'errors', role: 'alert' }, msg); }
function fmtDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
// "2024-09-10T08:15:13Z" → "10/09/2024 15:15" in the browser's time zone.
function fmtTime(iso) {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso || '';
  const p = (n) => String(n).padStart(2, '0');
  return `${p(t.getDate())}/${p(t.getMonth() + 1)}/${t.getFullYear()} ${p(t.getHours())}:${p(t.getMinutes())}`;
}
function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }
function can(p) { return state.session && state.session.permissions[p]; }

// ---- session ------------------------------------------------------------------------------

function showLogin(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  const err = el('div');
  if (message) err.append(errorBox(message));
  const name = el('input', { type: 'text', id: 'login-name', autocomplete: 'username', required: true });
  const pw = el('input', { type: 'password', id: 'login-password', autocomplete: 'current-password', required: true });
  const form = el('form', { class: 'card login' },
    el('h1', { text: 'Đăng nhập' }),
    err,
    el('div', { class: 'field' }, el('label', { for: 'login-name', text: 'Tên đăng nhập' }), name),
    el('div', { class: 'field' }, el('label', { for: 'login-password', text: 'Mật khẩu' }), pw),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', text: 'Đăng nhập' })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await api('POST', '/api/login', { name: name.value.trim(), password: pw.value });
    if (!r.ok) { err.replaceChildren(errorBox(r.data.message || 'Đăng nhập không thành công.')); return; }
    state.session = r.data;
    startApp();
  });
  setMain(form);
  name.focus();
}

function startApp() {
  const s = state.session;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = `${s.user.display_name} (${s.user.role_label})`;
  for (const a of document.querySelectorAll('#nav a')) a.hidden = !can(a.dataset.perm);
  if (!location.hash || location.hash === '#/') location.hash = can('compose') ? '#/soan-thao' : '#/tra-cuu';
  else route();
}

// ---- router -------------------------------------------------------------------------------

const routes = [
  [/^#\/soan-thao$/, () => viewCompose()],
  [/^#\/tra-cuu(\?.*)?$/, (m) => viewSearch(new URLSearchParams((m[1] || '').slice(1)))],
  [/^#\/van-ban\/(\d+)$/, (m) => viewDocument(m[1])],
  [/^#\/nhap$/, () => viewImport()],
  [/^#\/so-van-ban$/, () => viewRegister()],
  [/^#\/tai-khoan$/, () => viewAccounts()],
];

function route() {
  if (!state.session) return;
  const h = currentRoute();
  state.viewHash = h;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', h.startsWith(a.getAttribute('href')));
  for (const [re, view] of routes) {
    const m = re.exec(h);
    if (m) { view(m); return; }
  }
  setMain(el('div', { class: 'card' }, el('h1', { text: 'Không tìm thấy trang' }), el('a', { href: '#/tra-cuu', text: 'Về trang tra cứu' })));
}
window.addEventListener('hashchange', route);

// ---- compose ------------------------------------------------------------------------------

// One input for a field declaration; `get` reads its value for the document data.
function fieldInput(f, id) {
  if (f.type === 'lines' || f.type === 'list') return el('textarea', { id, rows: 3, 'data-name': f.name });
  if (f.type === 'date') return el('input', { type: 'date', id, 'data-name': f.name });
  if (f.type === 'number') return el('input', { type: 'text', inputmode: 'numeric', id, 'data-name': f.name });
  return el('input', { type: 'text', id, 'data-name': f.name });
}

function fieldBox(f, input, extra) {
  const hintText = f.hint || (f.example ? `Ví dụ: ${f.example}` : '');
  return el('div', { class: 'field', 'data-field': f.path || f.name },
    el('label', { for: input.id }, f.label, f.required ? el('span', { class: 'req', title: 'bắt buộc', text: '*' }) : null),
    input, extra || null,
    hintText ? el('div', { class: 'hint', text: hintText }) : null);
}

// Repeatable body blocks: paragraphs and numbered items.
function blocksEditor(path) {
  const list = el('div', { class: 'blocks' });
  const add = (block) => {
    const isItem = block && typeof block === 'object';
    const kind = el('select', { 'aria-label': 'Kiểu khối' },
      el('option', { value: 'p', text: 'Đoạn văn' }), el('option', { value: 'item', text: 'Mục đánh số' }));
    kind.value = isItem ? 'item' : 'p';
    const num = el('input', { type: 'text', size: 4, placeholder: 'Số mục', 'aria-label': 'Số mục', value: isItem ? (block.item || '') : '' });
    const text = el('textarea', { rows: 3, 'aria-label': 'Nội dung khối' });
    text.value = isItem ? (block.text || block.lead || '') : (block || '');
    const box = el('div', { class: 'repeat' });
    const sync = () => { num.hidden = kind.value !== 'item'; };
    kind.addEventListener('change', () => { sync(); list.dispatchEvent(new Event('input', { bubbles: true })); });
    const del = el('button', { type: 'button', class: 'link', text: 'Xóa', onclick: () => { box.remove(); renumber(); list.dispatchEvent(new Event('input', { bubbles: true })); } });
    box.append(el('div', { class: 'repeat-head' }, kind, num, el('span', { class: 'grow' }), del), text);
    sync();
    list.append(box);
    renumber();
  };
  const renumber = () => [...list.children].forEach((b, i) => b.setAttribute('data-field', `${path}[${i}]`));
  const get = () => [...list.children].map((b) => {
    const [kind, num] = b.querySelectorAll('select, input');
    const text = b.querySelector('textarea').value.trim();
    return kind.value === 'item' ? { item: num.value.trim(), text } : text;
  }).filter((b) => (typeof b === 'string' ? b : b.text || b.item));
  const set = (blocks) => { list.replaceChildren(); (blocks || []).forEach(add); if (!blocks || !blocks.length) add(''); };
  const wrap = el('div', {}, list, el('button', { type: 'button', text: '+ Thêm đoạn hoặc mục', onclick: () => add('') }));
  return { node: wrap, get, set };
}

// Repeatable recipients, with the office's named lists to pick from.
function recipientsEditor(path, officeLists) {
  const list = el('div', {});
  const add = (r) => {
    const box = el('div', { class: 'repeat' });
    if (r && typeof r === 'object' && r.list) {
      box.dataset.list = r.list;
      box.append(el('div', { class: 'repeat-head' }, el('span', { class: 'grow', text: `Danh sách có sẵn: ${r.list}` }),
        el('button', { type: 'button', class: 'link', text: 'Xóa', onclick: () => { box.remove(); list.dispatchEvent(new Event('input', { bubbles: true })); } })));
    } else {
      const text = el('input', { type: 'text', placeholder: 'Nơi nhận', 'aria-label': 'Nơi nhận', value: typeof r === 'object' && r ? r.text || '' : r || '' });
      const purpose = el('input', { type: 'text', placeholder: 'để (ví dụ: báo cáo)', 'aria-label': 'Mục đích', size: 12, value: typeof r === 'object' && r ? r.purpose || '' : '' });
      text.classList.add('grow');
      box.append(el('div', { class: 'repeat-head' }, text, purpose,
        el('button', { type: 'button', class: 'link', text: 'Xóa', onclick: () => { box.remove(); list.dispatchEvent(new Event('input', { bubbles: true })); } })));
    }
    list.append(box);
    [...list.children].forEach((b, i) => b.setAttribute('data-field', `${path}[${i}]`));
  };
  const get = () => [...list.children].map((b) => {
    if (b.dataset.list) return { list: b.dataset.list };
    const [text, purpose] = b.querySelectorAll('input');
    if (!text.value.trim()) return null;
    return purpose.value.trim() ? { text: text.value.trim(), purpose: purpose.value.trim() } : text.value.trim();
  }).filter(Boolean);
  const set = (items) => { list.replaceChildren(); (items || []).forEach(add); if (!items || !items.length) add(''); };
  const picker = el('select', { 'aria-label': 'Thêm danh sách nơi nhận có sẵn' }, el('option', { value: '', text: '+ Thêm danh sách có sẵn…' }));
  const fillPicker = (lists) => {
    picker.replaceChildren(el('option', { value: '', text: '+ Thêm danh sách có sẵn…' }));
    for (const name of Object.keys(lists || {})) picker.append(el('option', { value: name, text: name }));
    picker.hidden = !lists || !Object.keys(lists).length;
  };
  picker.addEventListener('change', () => { if (picker.value) { add({ list: picker.value }); picker.value = ''; list.dispatchEvent(new Event('input', { bubbles: true })); } });
  fillPicker(officeLists);
  const wrap = el('div', {}, list, el('div', { class: 'actions' }, el('button', { type: 'button', text: '+ Thêm nơi nhận', onclick: () => add('') }), picker));
  return { node: wrap, get, set, fillPicker };
}

function getPath(obj, path) { return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj); }
function setPath(obj, path, v) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] = o[k] || {};
  o[keys[keys.length - 1]] = v;
}

async function viewCompose() {
  if (!state.templates) {
    const [t, o] = await Promise.all([api('GET', '/api/templates'), api('GET', '/api/offices')]);
    if (!t.ok) { setMain(errorBox(t.data.message)); return; }
    state.templates = t.data.templates;
    state.offices = o.ok ? o.data.offices : [];
  }
  const kindSel = el('select', { id: 'compose-kind' });
  const kinds = state.templates.filter((t) => !t.form);
  const forms = state.templates.filter((t) => t.form);
  kindSel.append(el('optgroup', { label: 'Loại văn bản' }, kinds.map((t) => el('option', { value: t.name, text: `${t.title} (${t.name})` }))));
  kindSel.append(el('optgroup', { label: 'Biểu mẫu' }, forms.map((t) => el('option', { value: t.name, text: t.title }))));
  kindSel.value = 'CT';
  const profileSel = el('select', { id: 'compose-profile' },
    el('option', { value: 'dang', text: 'Đảng (Hướng dẫn 36-HD/VPTW)' }), el('option', { value: 'nha-nuoc', text: 'Nhà nước (Nghị định 30/2020)' }));
  const officeSel = el('select', { id: 'compose-office' }, el('option', { value: '', text: '— Không dùng —' }),
    state.offices.map((o) => el('option', { value: o.name, text: o.issuer || o.name })));
  const draftSel = el('select', { id: 'compose-draft', 'aria-label': 'Mở bản nháp' });
  const formHost = el('div', {});
  const summary = el('div', { 'aria-live': 'polite' });
  const previewStatus = el('div', { class: 'preview-status', id: 'preview-status' });
  const previewPages = el('div', { id: 'preview-pages' });
  const preview = el('section', { class: 'preview', 'aria-label': 'Xem trước' }, previewStatus, previewPages);
  let current = null;  // { template, get(), set(data) }
  let draftId = null;

  const head = el('div', { class: 'card' },
    el('h1', { text: 'Soạn thảo văn bản' }),
    el('div', { class: 'row wide' },
      el('div', { class: 'field' }, el('label', { for: 'compose-kind', text: 'Loại văn bản hoặc biểu mẫu' }), kindSel),
      el('div', { class: 'field' }, el('label', { for: 'compose-profile', text: 'Thể thức' }), profileSel),
      el('div', { class: 'field' }, el('label', { for: 'compose-office', text: 'Cấu hình cơ quan' }), officeSel),
      el('div', { class: 'field' }, el('label', { for: 'compose-draft', text: 'Bản nháp đã lưu' }), draftSel)),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'fill-example', text: 'Điền nội dung mẫu', onclick: () => current && current.set(current.example, true) }),
      el('button', { type: 'button', id: 'clear-form', text: 'Xóa trắng', onclick: () => current && current.set({}, true) })));

  const issueBox = el('div', {});
  const saveBtn = el('button', { type: 'button', id: 'save-draft', text: 'Lưu nháp' });
  const issueBtn = el('button', { type: 'button', id: 'issue', class: 'primary', text: 'Ban hành' });
  const bottom = el('div', { class: 'card' }, el('div', { class: 'actions' }, saveBtn, issueBtn), issueBox);

  setMain(el('div', { class: 'compose' }, el('div', { class: 'form-scroll' }, head, summary, el('div', { class: 'card' }, formHost), bottom), preview));

  async function loadDrafts() {
    const r = await api('GET', '/api/drafts');
    draftSel.replaceChildren(el('option', { value: '', text: '— Chọn bản nháp —' }));
    if (r.ok) for (const d of r.data.drafts) draftSel.append(el('option', { value: d.id, text: `${d.title} (${fmtDate(d.updated_at)})` }));
  }
  draftSel.addEventListener('change', async () => {
    if (!draftSel.value) return;
    const r = await api('GET', `/api/drafts/${draftSel.value}`);
    if (!r.ok) return;
    draftId = r.data.id;
    const d = r.data.data;
    const name = d.form || d.kind;
    kindSel.value = name;
    if (d.profile) profileSel.value = d.profile;
    officeSel.value = d.office || '';
    await build(name);
    current.set(d, true);
  });

  function officeData() { return state.offices.find((o) => o.name === officeSel.value) || null; }

  // Builds the form of a kind (from the document field declarations) or of a standard form.
  async function build(name) {
    // The buttons that fill the form wait for it (a click before would be lost).
    for (const b of head.querySelectorAll('button')) b.disabled = true;
    saveBtn.disabled = issueBtn.disabled = true;
    const r = await api('GET', `/api/templates/${encodeURIComponent(name)}?profile=${profileSel.value}`);
    if (!r.ok) {
      if (r.status === 400) { profileSel.value = profileSel.value === 'dang' ? 'nha-nuoc' : 'dang'; return build(name); }
      formHost.replaceChildren(errorBox(r.data.message)); return;
    }
    const t = r.data;
    profileSel.disabled = t.form;
    officeSel.disabled = t.form;
    if (t.form) profileSel.value = t.profile;
    current = t.form ? formForm(t) : kindForm(t);
    formHost.replaceChildren(current.node);
    current.set({}, false);
    clearErrors();
    previewPages.replaceChildren();
    previewStatus.textContent = 'Điền biểu mẫu, hoặc bấm “Điền nội dung mẫu”, để xem trước văn bản.';
    for (const b of head.querySelectorAll('button')) b.disabled = false;
    saveBtn.disabled = issueBtn.disabled = false;
  }

  function formForm(t) {
    const inputs = {};
    const node = el('div', {}, el('h2', { text: t.title }));
    for (const f of t.fields) {
      const input = fieldInput(f, `f-${f.name}`);
      inputs[f.name] = input;
      node.append(fieldBox({ ...f, path: `values.${f.name}`, hint: f.type === 'list' ? 'Mỗi dòng một mục' + (f.example ? `. Ví dụ: ${f.example}` : '') : f.hint }, input));
    }
    const example = { form: t.name, values: Object.fromEntries(t.fields.map((f) => [f.name, f.type === 'list' ? f.examples : f.name === 'so' ? '' : f.example])) };
    return {
      node, example, template: t,
      get() {
        const values = {};
        for (const f of t.fields) {
          const v = inputs[f.name].value.trim();
          if (!v) continue;
          values[f.name] = f.type === 'list' ? v.split('\n').map((x) => x.trim()).filter(Boolean) : v;
        }
        return { form: t.name, values };
      },
      set(d, fire) {
        const values = (d && d.values) || {};
        for (const f of t.fields) {
          const v = values[f.name];
          inputs[f.name].value = Array.isArray(v) ? v.join('\n') : v || '';
        }
        if (fire) refreshPreview();
      },
    };
  }

  function kindForm(t) {
    const inputs = {};
    const node = el('div', {}, el('h2', { text: `${t.title} — thể thức ${profileSel.value === 'dang' ? 'Đảng' : 'Nhà nước'}` }));
    const office = officeData();
    let body, recipients;
    const signerSel = el('select', { id: 'f-signer' }, el('option', { value: '', text: '— Nhập tay bên dưới —' }),
      Object.entries((office && office.signers) || {}).map(([k, s]) => el('option', { value: k, text: `${s.name} — ${s.position}` })));
    for (const g of t.fields.groups) {
      const fs = el('fieldset', {}, el('legend', { text: g.title }));
      if (g.title === 'Chữ ký' && office && office.signers) {
        fs.append(fieldBox({ name: 'signature', label: 'Người ký theo cấu hình cơ quan', hint: 'Chọn người ký có sẵn, hoặc để trống và nhập bên dưới' }, signerSel));
      }
      for (const f of g.fields) {
        if (f.family === 'party' && profileSel.value !== 'dang') continue;
        const id = `f-${f.name.replace(/\./g, '-')}`;
        let input, extra;
        const label = { ...f, required: f.required && !(f.office && office) };
        if (f.type === 'blocks') { body = blocksEditor(f.name); input = el('div', { id }); extra = body.node; }
        else if (f.type === 'recipients') { recipients = recipientsEditor(f.name, office && office.lists); input = el('div', { id }); extra = recipients.node; }
        else { input = fieldInput(f, id); inputs[f.name] = { f, input }; }
        if (office && f.office && !f.hint) label.hint = 'Để trống: lấy từ cấu hình cơ quan';
        fs.append(fieldBox(label, input, extra));
      }
      node.append(fs);
    }
    const ex = JSON.parse(JSON.stringify(t.example || {}));
    if (ex.header) { delete ex.header.number; delete ex.header.date; }
    return {
      node, example: ex, template: t,
      get() {
        const d = { profile: profileSel.value, kind: t.name };
        if (officeSel.value) d.office = officeSel.value;
        for (const { f, input } of Object.values(inputs)) {
          const v = input.value.trim();
          if (!v) continue;
          if (f.type === 'lines') {
            const lines = v.split('\n').map((x) => x.trim()).filter(Boolean);
            setPath(d, f.name, lines.length === 1 ? lines[0] : lines);
          } else setPath(d, f.name, v);
        }
        const blocks = body.get();
        if (blocks.length) d.body = blocks;
        const items = recipients.get();
        if (items.length) setPath(d, 'recipients.items', items);
        if (signerSel.value) d.signature = signerSel.value;
        return d;
      },
      set(d, fire) {
        d = d || {};
        for (const { f, input } of Object.values(inputs)) {
          const v = getPath(d, f.name);
          input.value = Array.isArray(v) ? v.join('\n') : v === undefined || v === null ? '' : String(v);
        }
        signerSel.value = typeof d.signature === 'string' ? d.signature : '';
        body.set(d.body);
        recipients.set(d.recipients && d.recipients.items);
        if (fire) refreshPreview();
      },
    };
  }

  // ---- errors next to their fields ----
  function clearErrors() {
    summary.replaceChildren();
    for (const e of formHost.querySelectorAll('.err')) e.remove();
    for (const e of formHost.querySelectorAll('.has-error')) e.classList.remove('has-error');
  }
  function showErrors(data) {
    clearErrors();
    const errors = data.errors && data.errors.length ? data.errors : [data];
    const unplaced = [];
    for (const e of errors) {
      let target = null;
      if (e.field) {
        let path = e.field;
        while (path && !target) {
          target = formHost.querySelector(`[data-field="${CSS.escape(path)}"]`);
          const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
          path = cut > 0 ? path.slice(0, cut) : '';
        }
      }
      if (target) {
        target.classList.add('has-error');
        target.append(el('div', { class: 'err', role: 'alert', text: e.message }));
      } else unplaced.push(e);
    }
    const n = errors.length;
    summary.append(el('div', { class: 'errors', role: 'alert' },
      el('strong', { text: `Có ${n} lỗi cần sửa trước khi ban hành.` }),
      unplaced.length ? el('ul', {}, unplaced.map((e) => el('li', { text: `${e.field_label || e.field || 'Văn bản'}: ${e.message}` }))) : null));
  }

  // ---- live preview ----
  let inflight = null;
  async function refreshPreview() {
    if (!current) return;
    if (inflight) inflight.abort();
    inflight = new AbortController();
    previewStatus.textContent = 'Đang cập nhật bản xem trước…';
    let r;
    try { r = await api('POST', '/api/preview?dpi=64', current.get(), { signal: inflight.signal }); } catch (e) { return; }
    inflight = null;
    if (!r.ok) {
      previewStatus.textContent = r.status === 422 ? 'Chưa xem trước được: hãy sửa các lỗi trong biểu mẫu.' : (r.data.message || 'Lỗi');
      if (r.status === 422) showErrors(r.data);
      return;
    }
    clearErrors();
    previewStatus.textContent = `Bản xem trước: ${r.data.pages} trang. Số và ngày sẽ được điền khi ban hành.`;
    previewPages.replaceChildren(...r.data.images.map((src, i) => el('img', { src, alt: `Trang ${i + 1} của bản xem trước` })));
  }
  const onEdit = debounce(refreshPreview, 500);
  formHost.addEventListener('input', onEdit);
  formHost.addEventListener('change', onEdit);

  saveBtn.addEventListener('click', async () => {
    const d = current.get();
    const title = (d.title && (Array.isArray(d.title.subject) ? d.title.subject.join(' ') : d.title.subject)) ||
      (d.values && (d.values.cuoc_hop || d.values.ho_ten)) || current.template.title;
    const r = draftId ? await api('PUT', `/api/drafts/${draftId}`, { title, data: d }) : await api('POST', '/api/drafts', { title, data: d });
    if (r.ok) { draftId = r.data.id; issueBox.replaceChildren(el('div', { class: 'okbox', role: 'status', text: `Đã lưu bản nháp “${title}”.` })); loadDrafts(); }
    else issueBox.replaceChildren(errorBox(r.data.message));
  });

  issueBtn.addEventListener('click', () => {
    issueBox.replaceChildren(el('div', { class: 'confirm' },
      el('p', { text: 'Ban hành văn bản này? Số văn bản sẽ được lấy từ sổ, văn bản được ghi ngày, lưu vào kho và không sửa được nữa.' }),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'primary', id: 'confirm-issue', text: 'Xác nhận ban hành', onclick: doIssue }),
        el('button', { type: 'button', text: 'Hủy', onclick: () => issueBox.replaceChildren() }))));
  });

  async function doIssue() {
    issueBox.replaceChildren(el('p', { class: 'muted', text: 'Đang ban hành…' }));
    const r = await api('POST', '/api/documents', current.get());
    if (!r.ok) {
      issueBox.replaceChildren(errorBox(r.data.message || 'Không ban hành được.'));
      if (r.status === 422) showErrors(r.data);
      return;
    }
    const d = r.data;
    if (draftId) { await api('DELETE', `/api/drafts/${draftId}`); draftId = null; loadDrafts(); }
    issueBox.replaceChildren(el('div', { class: 'okbox', role: 'status', id: 'issued' },
      el('div', {}, 'Đã ban hành văn bản ', el('strong', { id: 'issued-symbol', text: `Số ${d.symbol}` }), ` ngày ${fmtDate(d.date)} (${d.pages} trang).`),
      el('div', { class: 'actions' },
        el('a', { class: 'button', href: `#/van-ban/${d.id}`, text: 'Xem văn bản' }),
        el('a', { class: 'button primary', href: `${d.pdf_url}?download=1`, id: 'download-issued', text: 'Tải PDF' }))));
  }

  kindSel.addEventListener('change', () => { draftId = null; build(kindSel.value); });
  profileSel.addEventListener('change', () => build(kindSel.value));
  officeSel.addEventListener('change', () => { const d = current ? current.get() : {}; build(kindSel.value).then(() => current.set(d, true)); });
  loadDrafts();
  await build(kindSel.value);
}

// ---- search -------------------------------------------------------------------------------

async function viewSearch(params) {
  const q = el('input', { type: 'search', id: 'search-q', placeholder: 'Từ khóa, có dấu hoặc không dấu; "cụm từ"; số ký hiệu (15-CT/TU)', value: params.get('q') || '', 'aria-label': 'Tìm kiếm' });
  const f = (id, label, input) => el('div', {}, el('label', { for: id, class: 'small', text: label }), input);
  const kind = el('input', { type: 'text', id: 's-kind', placeholder: 'CT, QĐ, …', value: params.get('kind') || '' });
  const issuer = el('input', { type: 'text', id: 's-issuer', value: params.get('issuer') || '' });
  const signer = el('input', { type: 'text', id: 's-signer', value: params.get('signer') || '' });
  const from = el('input', { type: 'date', id: 's-from', value: params.get('from') || '' });
  const to = el('input', { type: 'date', id: 's-to', value: params.get('to') || '' });
  const year = el('input', { type: 'text', inputmode: 'numeric', id: 's-year', placeholder: '2024', value: params.get('year') || '' });
  const sort = el('select', { id: 's-sort' }, el('option', { value: 'relevance', text: 'Phù hợp nhất' }), el('option', { value: 'date', text: 'Mới nhất' }));
  sort.value = params.get('sort') || 'relevance';
  const results = el('div', { id: 'results', 'aria-live': 'polite' });
  const form = el('form', { class: 'card', role: 'search' },
    el('h1', { text: 'Tra cứu văn bản' }),
    el('div', { class: 'searchbar' }, q, el('button', { type: 'submit', class: 'primary', text: 'Tìm' })),
    el('div', { class: 'filters' }, f('s-kind', 'Loại văn bản', kind), f('s-issuer', 'Cơ quan ban hành', issuer), f('s-signer', 'Người ký', signer),
      f('s-year', 'Năm', year), f('s-from', 'Từ ngày', from), f('s-to', 'Đến ngày', to), f('s-sort', 'Sắp xếp', sort)));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of [['q', q.value], ['kind', kind.value], ['issuer', issuer.value], ['signer', signer.value], ['year', year.value], ['from', from.value], ['to', to.value]])
      if (v.trim()) p.set(k, v.trim());
    if (sort.value !== 'relevance') p.set('sort', sort.value);
    location.hash = `#/tra-cuu?${p}`;
  });
  setMain(form, el('div', { class: 'card' }, results));
  if (![...params.keys()].length) { results.append(el('p', { class: 'muted', text: 'Nhập từ khóa hoặc chọn bộ lọc rồi bấm Tìm. Để trống từ khóa để liệt kê theo bộ lọc.' })); q.focus(); return; }
  const limit = 20;
  const offset = parseInt(params.get('offset') || '0', 10) || 0;
  const p = new URLSearchParams(params);
  p.set('limit', limit);
  p.set('offset', offset);
  results.append(el('p', { class: 'muted', text: 'Đang tìm…' }));
  const r = await api('GET', `/api/search?${p}`);
  if (!r.ok) { results.replaceChildren(errorBox(r.data.message)); return; }
  const d = r.data;
  results.replaceChildren(el('p', { id: 'result-count' }, d.total ? `Tìm thấy ${d.total} văn bản.` : 'Không tìm thấy văn bản nào.'));
  for (const n of d.notes || []) results.append(el('p', { class: 'muted small', text: n }));
  for (const h of d.hits) {
    const snippet = el('div', { class: 'snippet' });
    snippet.innerHTML = h.snippet_html;  // escaped by the server; only <mark> is markup
    results.append(el('article', { class: 'hit' },
      el('h3', {}, el('a', { href: `#/van-ban/${h.id}`, text: `${h.symbol ? 'Số ' + h.symbol + ' — ' : ''}${h.subject || h.source_file || 'Văn bản ' + h.id}` })),
      el('div', { class: 'meta', text: [h.kind, h.issuer, fmtDate(h.date), h.signer].filter(Boolean).join(' · ') }),
      snippet));
  }
  const pager = el('div', { class: 'pager' });
  const go = (o) => { const pp = new URLSearchParams(params); pp.set('offset', o); location.hash = `#/tra-cuu?${pp}`; };
  if (offset > 0) pager.append(el('button', { type: 'button', text: '‹ Trang trước', onclick: () => go(Math.max(0, offset - limit)) }));
  if (d.total > limit) pager.append(el('span', { class: 'muted', text: `Trang ${Math.floor(offset / limit) + 1}/${Math.ceil(d.total / limit)}` }));
  if (offset + limit < d.total) pager.append(el('button', { type: 'button', text: 'Trang sau ›', onclick: () => go(offset + limit) }));
  results.append(pager);
}

const MISSING_VI = { family: 'khối (Đảng hay Nhà nước)', kind_code: 'mã loại văn bản', kind_name: 'tên loại văn bản', number: 'số',
  symbol: 'số, ký hiệu', issuer: 'cơ quan ban hành', place: 'địa danh', date: 'ngày tháng', subject: 'trích yếu', signer: 'người ký',
  signer_position: 'chức vụ người ký', recipients: 'nơi nhận' };

// ---- a document ---------------------------------------------------------------------------

async function viewDocument(id) {
  const r = await api('GET', `/api/documents/${id}`);
  if (!r.ok) { setMain(errorBox(r.data.message)); return; }
  const d = r.data;
  const row = (k, v) => (v ? [el('dt', { text: k }), el('dd', { text: v })] : []);
  const meta = el('dl', { class: 'meta' },
    row('Số, ký hiệu', d.symbol), row('Loại', d.kind), row('Ngày', fmtDate(d.date)), row('Cơ quan ban hành', d.issuer),
    row('Trích yếu', d.subject), row('Người ký', d.signer), row('Địa danh', d.place),
    row('Nơi nhận', (d.recipients || []).join('; ')),
    row('Nguồn', d.source === 'issued' ? 'Ban hành trên hệ thống' : `Nhập từ tệp ${d.source_file}`),
    row('Số trang', String(d.pages)), row('Cần nhận dạng chữ', d.needs_ocr ? 'Có (bản quét)' : ''),
    row('Mã SHA-256', d.sha256));
  const pages = el('div', { class: 'pages' });
  for (let i = 1; i <= Math.min(d.pages, 10); i++) pages.append(el('img', { src: `/api/documents/${d.id}/pages/${i}?dpi=72`, alt: `Trang ${i}`, loading: 'lazy' }));
  const editHost = el('div', {});
  const canEdit = can('import') && d.source === 'imported';
  const editBtn = canEdit ? el('button', { type: 'button', id: 'edit-metadata', text: 'Sửa thông tin', onclick: () => editHost.replaceChildren(correctionForm(d)) }) : null;
  setMain(el('div', { class: 'doc' },
    el('div', {},
      el('div', { class: 'card' },
        el('h1', { text: d.symbol ? `Văn bản số ${d.symbol}` : `Văn bản ${d.id}` }),
        meta,
        d.missing_fields && d.missing_fields.length && d.source === 'imported'
          ? el('p', { class: 'muted small', text: `Chưa đọc được từ tệp: ${d.missing_fields.map((f) => MISSING_VI[f] || f).join(', ')}. Lưu trữ viên có thể bổ sung bằng nút Sửa thông tin.` }) : null,
        el('div', { class: 'actions' },
          el('a', { class: 'button primary', href: d.pdf_url, target: '_blank', id: 'open-pdf', text: 'Mở PDF trong trình duyệt' }),
          el('a', { class: 'button', href: `${d.pdf_url}?download=1`, id: 'download-pdf', text: 'Tải về' }),
          editBtn,
          el('a', { href: '#/tra-cuu', text: '‹ Về tra cứu' })),
        editHost)),
    el('section', { class: 'preview', 'aria-label': 'Các trang của văn bản' }, pages)));
}

// An archivist's correction of an imported document's catalog metadata (the PDF never changes;
// each correction is in the audit log).
function correctionForm(d) {
  const msg = el('div');
  const fields = [['symbol', 'Số, ký hiệu'], ['kind', 'Loại (mã)'], ['date', 'Ngày', 'date'], ['issuer', 'Cơ quan ban hành'],
    ['subject', 'Trích yếu'], ['signer', 'Người ký'], ['place', 'Địa danh']];
  const inputs = {};
  const form = el('form', { class: 'card', id: 'correction-form' }, el('h2', { text: 'Sửa thông tin mục lục' }),
    el('p', { class: 'muted small', text: 'Chỉ sửa thông tin trong mục lục; tệp PDF lưu trữ không thay đổi. Mỗi lần sửa được ghi vào nhật ký.' }), msg);
  for (const [name, label, type] of fields) {
    const input = el(name === 'subject' ? 'textarea' : 'input', { type: type || 'text', id: `c-${name}`, rows: 2 });
    input.value = d[name] || '';
    inputs[name] = input;
    form.append(el('div', { class: 'field', 'data-field': name }, el('label', { for: input.id, text: label }), input));
  }
  form.append(el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'save-correction', text: 'Lưu thay đổi' })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [name] of fields) if (inputs[name].value.trim() !== (d[name] || '')) body[name] = inputs[name].value.trim();
    if (!Object.keys(body).length) { msg.replaceChildren(el('div', { class: 'okbox', text: 'Không có gì thay đổi.' })); return; }
    const r = await api('PATCH', `/api/documents/${d.id}`, body);
    if (!r.ok) {
      msg.replaceChildren(errorBox(r.data.message));
      for (const e of r.data.errors || []) {
        const f = form.querySelector(`[data-field="${CSS.escape(e.field)}"]`);
        if (f) { f.classList.add('has-error'); f.append(el('div', { class: 'err', text: e.message })); }
      }
      return;
    }
    viewDocument(d.id).then(() => main().prepend(el('div', { class: 'okbox', role: 'status', id: 'corrected', text: 'Đã lưu thay đổi thông tin văn bản.' })));
  });
  return form;
}

// ---- import -------------------------------------------------------------------------------

function viewImport() {
  const input = el('input', { type: 'file', id: 'import-files', class: 'visually-hidden', multiple: true, accept: 'application/pdf,.pdf' });
  const chosen = el('div', { class: 'muted', id: 'import-chosen', text: 'Chưa chọn tệp nào.' });
  input.addEventListener('change', () => {
    const n = input.files.length;
    chosen.textContent = n === 0 ? 'Chưa chọn tệp nào.' : n === 1 ? `Đã chọn: ${input.files[0].name}` : `Đã chọn ${n} tệp.`;
  });
  const bar = el('div');
  const progress = el('div', { class: 'progress', hidden: true }, bar);
  const status = el('p', { class: 'muted', id: 'import-status', 'aria-live': 'polite' });
  const tbody = el('tbody');
  const table = el('div', { class: 'table-wrap' }, el('table', { id: 'import-results' },
    el('thead', {}, el('tr', {}, el('th', { text: 'Tệp' }), el('th', { text: 'Kết quả' }), el('th', { text: 'Chi tiết' }))), tbody));
  const start = el('button', { type: 'button', class: 'primary', id: 'import-start', text: 'Nhập vào kho' });
  start.addEventListener('click', async () => {
    const files = [...input.files];
    if (!files.length) { status.textContent = 'Hãy chọn ít nhất một tệp PDF.'; return; }
    start.disabled = true;
    progress.hidden = false;
    tbody.replaceChildren();
    let done = 0;
    for (const f of files) {
      status.textContent = `Đang nhập ${done + 1}/${files.length}: ${f.name}`;
      const fd = new FormData();
      fd.append('files', f, f.name);
      const r = await api('POST', '/api/import', fd);
      const results = r.data && r.data.results ? r.data.results : [{ file: f.name, status: 'rejected', message: r.data.message || 'Lỗi' }];
      for (const x of results) {
        const label = { stored: x.needs_ocr ? 'Đã lưu — cần OCR' : 'Đã lưu', duplicate: 'Trùng', rejected: 'Bị từ chối' }[x.status] || x.status;
        tbody.append(el('tr', {},
          el('td', {}, x.id && x.status !== 'rejected' ? el('a', { href: `#/van-ban/${x.id}`, text: x.file }) : x.file),
          el('td', { class: `status-${x.status}`, text: label }),
          el('td', { text: [x.symbol, x.message].filter(Boolean).join(' — ') })));
      }
      done++;
      bar.style.width = `${Math.round((100 * done) / files.length)}%`;
    }
    status.textContent = `Đã xử lý ${done}/${files.length} tệp.`;
    labelCells(table.querySelector('table'));
    start.disabled = false;
  });
  setMain(el('div', { class: 'card' },
    el('h1', { text: 'Nhập tài liệu' }),
    el('p', { class: 'muted', text: 'Chọn một hoặc nhiều tệp PDF văn bản cũ. Hệ thống đọc chữ và thông tin văn bản, lưu mỗi tệp một lần; bản quét không có lớp chữ được lưu và đánh dấu cần nhận dạng chữ (OCR).' }),
    el('div', { class: 'drop' }, input, el('label', { for: 'import-files', class: 'button', text: 'Chọn tệp PDF…' }), chosen),
    el('div', { class: 'actions' }, start), progress, status, table));
}

// ---- register -----------------------------------------------------------------------------

async function viewRegister(seriesId) {
  const r = await api('GET', '/api/register');
  if (!r.ok) { setMain(errorBox(r.data.message)); return; }
  const { series, entries } = r.data;
  const card = el('div', { class: 'card' }, el('h1', { text: 'Sổ đăng ký văn bản đi' }));
  if (!series.length) { card.append(el('p', { class: 'muted', text: 'Sổ chưa có văn bản nào.' })); setMain(card); return; }
  const sel = seriesId || series[0].id;
  const tabs = el('div', { class: 'tabs', role: 'tablist' }, series.map((s) =>
    el('button', { type: 'button', role: 'tab', class: s.id === sel ? 'active' : '', 'aria-selected': String(s.id === sel),
      text: `${s.issuer} · ${s.kind || 'tất cả loại'} · ${s.period} (${s.last_number})`, onclick: () => viewRegister(s.id) })));
  const rows = entries.filter((e) => e.series === sel).map((e) => el('tr', {},
    el('td', { class: 'num', text: String(e.number) }),
    el('td', { class: 'nowrap' }, e.document_id ? el('a', { href: `#/van-ban/${e.document_id}`, text: e.symbol }) : e.symbol),
    el('td', { class: 'nowrap', text: fmtDate(e.date) }), el('td', { text: e.kind_name || e.kind }), el('td', { text: e.subject }),
    el('td', { text: e.signer }), el('td', { text: (e.recipients || []).join('; ') }),
    el('td', { text: e.status === 'void' ? `Hủy: ${e.void_reason}` : 'Đã ban hành' })));
  card.append(tabs,
    el('div', { class: 'actions' },
      el('a', { class: 'button', href: `/api/register/export?format=csv&series=${sel}`, text: 'Xuất CSV' }),
      el('a', { class: 'button', href: `/api/register/export?format=pdf&series=${sel}`, text: 'Xuất PDF' })),
    el('div', { class: 'table-wrap' }, labelCells(el('table', { id: 'register-table' },
      el('thead', {}, el('tr', {}, ['Số', 'Số, ký hiệu', 'Ngày', 'Loại', 'Trích yếu', 'Người ký', 'Nơi nhận', 'Tình trạng'].map((h) => el('th', { text: h })))),
      el('tbody', {}, rows)))));
  setMain(card);
}

// ---- accounts -----------------------------------------------------------------------------

async function viewAccounts() {
  const [u, a] = await Promise.all([api('GET', '/api/users'), api('GET', '/api/audit?limit=50')]);
  if (!u.ok) { setMain(errorBox(u.data.message)); return; }
  const msg = el('div');
  const name = el('input', { type: 'text', id: 'u-name', autocomplete: 'off' });
  const display = el('input', { type: 'text', id: 'u-display' });
  const role = el('select', { id: 'u-role' }, [['reader', 'Người đọc'], ['clerk', 'Văn thư'], ['archivist', 'Lưu trữ'], ['admin', 'Quản trị']].map(([v, t]) => el('option', { value: v, text: t })));
  const pw = el('input', { type: 'password', id: 'u-password', autocomplete: 'new-password' });
  const form = el('form', {},
    el('h2', { text: 'Thêm tài khoản' }), msg,
    el('div', { class: 'row' },
      el('div', { class: 'field', 'data-field': 'name' }, el('label', { for: 'u-name', text: 'Tên đăng nhập' }), name),
      el('div', { class: 'field', 'data-field': 'display_name' }, el('label', { for: 'u-display', text: 'Họ và tên' }), display),
      el('div', { class: 'field', 'data-field': 'role' }, el('label', { for: 'u-role', text: 'Vai trò' }), role),
      el('div', { class: 'field', 'data-field': 'password' }, el('label', { for: 'u-password', text: 'Mật khẩu (ít nhất 10 ký tự)' }), pw)),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', text: 'Thêm' })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await api('POST', '/api/users', { name: name.value.trim(), display_name: display.value.trim(), role: role.value, password: pw.value });
    if (r.ok) viewAccounts();
    else msg.replaceChildren(errorBox(r.data.message));
  });
  const users = el('table', {}, el('thead', {}, el('tr', {}, ['Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Tạo lúc'].map((h) => el('th', { text: h })))),
    el('tbody', {}, u.data.users.map((x) => el('tr', {}, el('td', { text: x.name }), el('td', { text: x.display_name }), el('td', { text: x.role_label }), el('td', { text: fmtTime(x.created_at) })))));
  const actions = { login: 'Đăng nhập', 'login.failed': 'Đăng nhập sai mật khẩu', logout: 'Đăng xuất', 'user.add': 'Thêm tài khoản',
    'document.issue': 'Ban hành văn bản', 'document.import': 'Nhập tài liệu', 'document.correct': 'Sửa thông tin văn bản',
    'draft.save': 'Lưu bản nháp', 'draft.delete': 'Xóa bản nháp' };
  const target = (t) => t.replace(/^document (\d+)$/, 'văn bản $1').replace(/^draft (\d+)$/, 'bản nháp $1');
  const detail = (x) => {
    const d = x.detail || {};
    const names = { symbol: 'Số, ký hiệu', number: 'Số', kind: 'Loại', date: 'Ngày', issuer: 'Cơ quan ban hành', issuer_code: 'Ký hiệu cơ quan',
      subject: 'Trích yếu', signer: 'Người ký', place: 'Địa danh' };
    if (d.changes) return Object.entries(d.changes).map(([k, [from, to]]) => `${names[k] || k}: ${from ?? '—'} → ${to ?? '—'}`).join('; ');
    return [d.symbol, d.file, d.title, d.role].filter(Boolean).join(' · ');
  };
  const audit = el('table', { id: 'audit-table' }, el('thead', {}, el('tr', {}, ['Lúc', 'Người', 'Việc', 'Đối tượng', 'Chi tiết'].map((h) => el('th', { text: h })))),
    el('tbody', {}, (a.ok ? a.data.entries : []).map((x) => el('tr', { 'data-action': x.action },
      el('td', { class: 'nowrap', text: fmtTime(x.at) }), el('td', { text: x.user }), el('td', { text: actions[x.action] || x.action }),
      el('td', { text: target(x.target) }), el('td', { text: detail(x) })))));
  setMain(el('div', { class: 'card' }, el('h1', { text: 'Tài khoản' }), el('div', { class: 'table-wrap' }, labelCells(users)), form),
    el('div', { class: 'card' }, el('h2', { text: 'Nhật ký thay đổi' }), el('div', { class: 'table-wrap' }, labelCells(audit))));
}

// ---- start --------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', async () => {
  document.getElementById('logout').addEventListener('click', async () => {
    await api('POST', '/api/logout', {});
    state.session = null;
    location.hash = '';
    showLogin();
  });
  const r = await api('GET', '/api/session');
  if (r.ok) { state.session = r.data; startApp(); } else showLogin();
});
