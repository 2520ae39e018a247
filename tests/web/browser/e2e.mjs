// End-to-end test of the vanthu web application in real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core): compose a Chỉ thị with a live preview, issue it,
// find it by searching without marks, open its PDF; import PDFs; a reader cannot issue; a forged
// request without the CSRF token is refused. Screenshots of every page at 1366×768 and at phone
// width go to $SCREENSHOT_DIR; every page is checked for horizontal overflow and overlapping
// controls. Exits non-zero on the first failure (also when Chromium is missing).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const binary = process.env.VANTHU_BINARY;
const sourceDir = process.env.VANTHU_SOURCE_DIR;
const shots = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'vanthu-screenshots');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const password = 'mat-khau-thu-nghiem';
const TIMEOUT_MS = 240_000;

function fail(msg) {
  console.error(`FAIL: ${msg}`);
  process.exitCode = 1;
  throw new Error(msg);
}
function check(cond, msg) {
  if (!cond) fail(msg);
  console.log(`ok - ${msg}`);
}

if (!binary || !sourceDir) { console.error('FAIL: set VANTHU_BINARY and VANTHU_SOURCE_DIR'); process.exit(1); }
if (!fs.existsSync(chromiumPath)) { console.error(`FAIL: no Chromium at ${chromiumPath} (install Debian's chromium: scripts/install-deps)`); process.exit(1); }
fs.mkdirSync(shots, { recursive: true });
const archive = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-web-e2e-'));
const env = { ...process.env, VANTHU_TODAY: '2024-09-10', VANTHU_DATA: sourceDir };

for (const [name, role] of [['vanthu', 'clerk'], ['docgia', 'reader'], ['luutru', 'archivist'], ['quantri', 'admin']]) {
  const r = spawnSync(binary, ['user', 'add', name, '--role', role, '--archive', archive, '--display-name', { vanthu: 'Nguyễn Thị Hoa', docgia: 'Trần Văn Đức', luutru: 'Lê Thị Ánh', quantri: 'Phạm Quốc Hùng' }[name]], { input: `${password}\n`, env });
  if (r.status !== 0) { console.error(`FAIL: vanthu user add ${name}: ${r.stderr}`); process.exit(1); }
}

const server = spawn(binary, ['serve', '--archive', archive, '--listen', '127.0.0.1:0', '--access-log', 'none'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let serverErr = '';
const base = await new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`server did not start: ${serverErr}`)), 30_000);
  server.stderr.on('data', (d) => {
    serverErr += d;
    const m = /serving (http:\/\/[^/]+)\//.exec(serverErr);
    if (m) { clearTimeout(t); resolve(m[1]); }
  });
  server.on('exit', (code) => reject(new Error(`server exited (${code}): ${serverErr}`)));
});
console.log(`server at ${base}`);

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--lang=vi-VN', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: 60_000,
  env: { ...process.env, LANG: 'vi_VN.UTF-8', LANGUAGE: 'vi' },
});
const watchdog = setTimeout(() => { console.error('FAIL: the browser test took longer than its time limit'); cleanup(1); }, TIMEOUT_MS);

let cleaned = false;
async function cleanup(code) {
  if (cleaned) return;
  cleaned = true;
  clearTimeout(watchdog);
  try { await browser.close(); } catch { /* already closed */ }
  server.kill('SIGTERM');
  await new Promise((r) => { if (server.exitCode !== null) r(); else server.on('exit', r); setTimeout(r, 20_000); });
  fs.rmSync(archive, { recursive: true, force: true });
  if (code === 0 && server.exitCode !== 0) {
    console.error(`FAIL: vanthu serve did not stop cleanly on SIGTERM (exit ${server.exitCode}, signal ${server.signalCode}):\n${serverErr.slice(-4000)}`);
    code = 1;
  } else if (code === 0) {
    console.log('ok - vanthu serve stops cleanly on SIGTERM');
  }
  process.exit(code);
}

// The page fits its width, and no two controls overlap.
async function checkLayout(page, name) {
  const problems = await page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) out.push(`page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
    const els = [...document.querySelectorAll('input, select, textarea, button, a.button, .topbar nav a, h1')]
      .filter((e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && e.type !== 'file'; });
    const rects = els.map((e) => [e, e.getBoundingClientRect()]);
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const [a, ra] = rects[i];
        const [b, rb] = rects[j];
        if (a.contains(b) || b.contains(a)) continue;
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 2 && h > 2) out.push(`${a.tagName}#${a.id || a.textContent.slice(0, 20)} overlaps ${b.tagName}#${b.id || b.textContent.slice(0, 20)}`);
      }
    }
    return out.slice(0, 5);
  });
  check(problems.length === 0, `${name}: fits the window, nothing overlaps${problems.length ? ' — ' + problems.join('; ') : ''}`);
}

async function shot(page, name) {
  await checkLayout(page, name);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function login(context, name) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
  return page;
}

try {
  const laptop = { viewport: { width: 1366, height: 768 }, locale: 'vi-VN' };
  const phone = { viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

  // ---- the login page ----
  {
    const ctx = await browser.newContext(laptop);
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.waitForSelector('#login-name');
    await page.fill('#login-name', 'vanthu');
    await page.fill('#login-password', 'sai-mat-khau-123');
    await page.click('button[type=submit]');
    await page.waitForSelector('.errors');
    check((await page.textContent('.errors')).includes('Sai tên đăng nhập hoặc mật khẩu'), 'a wrong password is refused in Vietnamese');
    await shot(page, 'laptop-01-dang-nhap');
    await ctx.close();
  }

  // ---- compose, preview, issue as the clerk ----
  const clerk = await browser.newContext(laptop);
  const page = await login(clerk, 'vanthu');
  await page.waitForSelector('#compose-kind');
  check(await page.inputValue('#compose-kind') === 'CT', 'the compose page opens on Chỉ thị');
  await page.click('#fill-example');
  await page.waitForSelector('#preview-pages img');
  const firstPreview = await page.getAttribute('#preview-pages img', 'src');
  await page.fill('#f-title-subject', 'về phòng, chống dịch sốt xuất huyết năm 2024');
  await page.waitForFunction((old) => { const i = document.querySelector('#preview-pages img'); return i && i.src !== old; }, firstPreview);
  check(/Bản xem trước: \d+ trang/.test(await page.textContent('#preview-status')), 'the preview follows the edit of the subject');
  check(await page.evaluate(() => document.querySelector('#preview-pages img').naturalWidth > 300), 'the preview shows the page as an image');
  await shot(page, 'laptop-02-soan-thao');

  // An error is shown next to its field, in Vietnamese.
  await page.fill('#f-signature-name', '');
  await page.waitForSelector('[data-field="signature.name"] .err');
  const err = await page.textContent('[data-field="signature.name"] .err');
  check(/Hãy điền|bắt buộc/.test(err), `a missing signer's name is reported next to the field: “${err}”`);
  await page.evaluate(() => document.querySelector('[data-field="signature.name"]').scrollIntoView({ block: 'center' }));
  await shot(page, 'laptop-03-soan-thao-loi');
  await page.fill('#f-signature-name', 'Trần Quốc Dũng');
  await page.waitForFunction(() => !document.querySelector('[data-field="signature.name"] .err'));

  await page.click('#save-draft');
  await page.waitForSelector('.okbox');
  check((await page.textContent('.okbox')).includes('Đã lưu bản nháp'), 'the draft is saved');

  await page.click('#issue');
  await page.click('#confirm-issue');
  await page.waitForSelector('#issued-symbol');
  check((await page.textContent('#issued-symbol')) === 'Số 01-CT/TU', 'issuing takes number 01-CT/TU from the register');
  await shot(page, 'laptop-04-ban-hanh');

  // ---- search without marks, open the document and its PDF ----
  await page.goto(`${base}/#/tra-cuu`);
  await page.fill('#search-q', 'sot xuat huyet');
  await page.press('#search-q', 'Enter');
  await page.waitForSelector('#result-count');
  check((await page.textContent('#result-count')).includes('Tìm thấy 1 văn bản'), 'a search without marks finds the issued document');
  const marks = await page.$$eval('.hit mark', (ms) => ms.map((m) => m.textContent));
  check(marks.includes('sốt') && marks.includes('xuất'), `the snippet highlights the words with their marks (${marks.join(', ')})`);
  await shot(page, 'laptop-05-tra-cuu');
  await page.click('.hit h3 a');
  await page.waitForSelector('#open-pdf');
  check((await page.textContent('h1')).includes('01-CT/TU'), 'the document page shows its number');
  await page.waitForFunction(() => { const i = document.querySelector('.pages img'); return i && i.complete && i.naturalWidth > 300; });
  await shot(page, 'laptop-06-van-ban');
  const pdfUrl = await page.getAttribute('#open-pdf', 'href');
  const pdf = await page.request.get(`${base}${pdfUrl}`);
  const pdfBody = await pdf.body();
  check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' && pdfBody.subarray(0, 5).toString() === '%PDF-', 'the document’s PDF opens');

  // ---- register ----
  await page.goto(`${base}/#/so-van-ban`);
  await page.waitForSelector('#register-table');
  check((await page.textContent('#register-table')).includes('01-CT/TU'), 'the register lists the issued number');
  await shot(page, 'laptop-07-so-van-ban');

  // ---- a forged request without the CSRF token is refused ----
  const forged = await page.evaluate(async () => {
    const r = await fetch('/api/documents', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ profile: 'dang', kind: 'CT' }) });
    return { status: r.status, body: await r.json() };
  });
  check(forged.status === 403 && forged.body.code === 'csrf', 'a request without the CSRF token is refused (403 csrf)');
  const crossSite = await page.evaluate(async (url) => {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': 'x'.repeat(64) }, body: '{}' });
    return r.status;
  }, `${base}/api/documents`);
  check(crossSite === 403, 'a request with a wrong CSRF token is refused');

  // ---- phone width ----
  {
    const ctx = await browser.newContext(phone);
    const p = await login(ctx, 'vanthu');
    await p.waitForSelector('#compose-kind');
    await p.click('#fill-example');
    await p.waitForSelector('#preview-pages img');
    await shot(p, 'phone-01-soan-thao');
    await p.goto(`${base}/#/tra-cuu?q=thien%20tai`);
    await p.waitForSelector('#result-count');
    await shot(p, 'phone-02-tra-cuu');
    await p.click('.hit h3 a');
    await p.waitForSelector('#open-pdf');
    await shot(p, 'phone-03-van-ban');
    await p.goto(`${base}/#/so-van-ban`);
    await p.waitForSelector('#register-table');
    await shot(p, 'phone-04-so-van-ban');
    await ctx.close();
  }
  {
    const ctx = await browser.newContext(phone);
    const p = await login(ctx, 'luutru');
    await p.goto(`${base}/#/nhap`);
    await p.waitForSelector('#import-files');
    await shot(p, 'phone-05-nhap-tai-lieu');
    await ctx.close();
  }

  // ---- an office configuration: its signers and distribution lists to pick from ----
  {
    const ctx = await browser.newContext(laptop);
    const p = await login(ctx, 'vanthu');
    await p.waitForSelector('#compose-kind');
    await p.click('#fill-example');
    await p.waitForSelector('#preview-pages img');
    await p.selectOption('#compose-office', 'thi-uy-quang-tri');
    await p.waitForSelector('#f-signer option[value="pho-bi-thu"]', { state: 'attached' });
    const lists = await p.$$eval('select[aria-label="Thêm danh sách nơi nhận có sẵn"] option', (os) => os.map((o) => o.value).filter(Boolean));
    check(lists.includes('cap-tren') && lists.includes('truc-thuoc'), `the office's distribution lists can be picked (${lists.join(', ')})`);
    const pagesNow = () => [...document.querySelectorAll('#preview-pages img')].map((i) => i.src).join('|');
    const before = await p.evaluate(pagesNow);
    await p.selectOption('select[aria-label="Thêm danh sách nơi nhận có sẵn"]', 'cap-tren');
    await p.selectOption('#f-signer', 'pho-bi-thu');
    await p.waitForFunction((old) => [...document.querySelectorAll('#preview-pages img')].map((i) => i.src).join('|') !== old &&
      /Bản xem trước/.test(document.querySelector('#preview-status').textContent), before);
    check(await p.isVisible('text=Danh sách có sẵn: cap-tren'), 'a picked list shows in Nơi nhận and the preview follows');
    await shot(p, 'laptop-11-soan-thao-co-quan');
    await ctx.close();
  }

  // ---- a standard form: its declared fields, in Vietnamese, with list fields ----
  {
    const ctx = await browser.newContext(laptop);
    const p = await login(ctx, 'vanthu');
    await p.waitForSelector('#compose-kind');
    await p.selectOption('#compose-kind', 'giay-moi-hop');
    await p.waitForSelector('#f-thanh_phan');
    check((await p.textContent('label[for="f-cuoc_hop"]')).includes('Tên cuộc họp'), 'a standard form shows its declared Vietnamese labels');
    await p.click('#fill-example');
    await p.waitForSelector('#preview-pages img');
    check(/Bản xem trước: \d+ trang/.test(await p.textContent('#preview-status')), 'a standard form filled with its example previews');
    await p.fill('#f-dia_diem', '');
    await p.waitForSelector('[data-field="values.dia_diem"] .err');
    check(true, 'a required field of a standard form left empty is reported next to it');
    await shot(p, 'laptop-12-bieu-mau');
    await ctx.close();
  }

  // ---- a reader cannot issue ----
  {
    const ctx = await browser.newContext(laptop);
    const p = await login(ctx, 'docgia');
    check(await p.isHidden('#nav a[href="#/soan-thao"]'), 'a reader sees no Soạn thảo in the menu');
    const r = await p.evaluate(async () => {
      const s = await (await fetch('/api/session')).json();
      const res = await fetch('/api/documents', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf }, body: JSON.stringify({ profile: 'dang', kind: 'CT' }) });
      return { status: res.status, body: await res.json() };
    });
    check(r.status === 403 && r.body.code === 'forbidden', 'a reader who tries to issue is refused (403 forbidden)');
    await ctx.close();
  }

  // ---- import as the archivist ----
  {
    const ctx = await browser.newContext(laptop);
    const p = await login(ctx, 'luutru');
    await p.goto(`${base}/#/nhap`);
    await p.waitForSelector('#import-files');
    const fixture = (f, name) => ({ name: name || f, mimeType: 'application/pdf', buffer: fs.readFileSync(path.join(sourceDir, 'tests/data/import', f)) });
    await p.setInputFiles('#import-files', [
      fixture('lo-state-qd.pdf'),
      fixture('scan-002.pdf'),
      fixture('damaged-002.pdf'),
      { name: 'ghi-chu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') },
      fixture('lo-state-qd.pdf', 'ban-sao.pdf'),
    ]);
    await p.click('#import-start');
    await p.waitForFunction(() => document.querySelector('#import-status').textContent.includes('Đã xử lý 5/5'));
    const rows = await p.$$eval('#import-results tbody tr', (trs) => trs.map((t) => t.children[1].textContent));
    check(JSON.stringify(rows) === JSON.stringify(['Đã lưu', 'Đã lưu — cần OCR', 'Bị từ chối', 'Bị từ chối', 'Trùng']),
      `import reports each file: stored, needs OCR, rejected (damaged, not a PDF), duplicate — ${rows.join(' | ')}`);
    await shot(p, 'laptop-08-nhap-tai-lieu');
    // Correct the imported document's catalog metadata.
    await p.click('#import-results tbody tr:first-child a');
    await p.waitForSelector('#edit-metadata');
    await p.click('#edit-metadata');
    await p.fill('#c-signer', 'Võ Văn Hưng');
    await shot(p, 'laptop-09-sua-thong-tin');
    await p.click('#save-correction');
    await p.waitForSelector('#corrected');
    check((await p.textContent('dl.meta')).includes('Võ Văn Hưng'), 'an archivist corrects the signer of an imported document');
    await ctx.close();
  }

  // ---- accounts and the audit log as the admin ----
  {
    const ctx = await browser.newContext(laptop);
    const p = await login(ctx, 'quantri');
    await p.goto(`${base}/#/tai-khoan`);
    await p.waitForSelector('#audit-table');
    const audit = await p.$$eval('#audit-table tbody tr', (trs) => trs.map((t) => t.dataset.action));
    check(['document.issue', 'document.import', 'document.correct'].every((a) => audit.includes(a)), 'the audit log lists the issue, the import and the correction');
    check((await p.textContent('#audit-table')).includes('Sửa thông tin văn bản'), 'the audit log names its actions in Vietnamese');
    await shot(p, 'laptop-10-tai-khoan');
    await ctx.close();
  }
  console.log(`all browser checks passed; screenshots in ${shots}`);
  await cleanup(0);
} catch (e) {
  console.error(`FAIL: ${e.stack || e}`);
  for (const ctx of browser.contexts()) {
    for (const p of ctx.pages()) {
      try { await p.screenshot({ path: path.join(shots, `failure-${Date.now()}.png`) }); console.error(`  at ${p.url()}`); } catch { /* closed */ }
    }
  }
  await cleanup(1);
}
