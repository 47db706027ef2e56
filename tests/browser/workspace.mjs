// The workspace (工作台) end to end, as a person uses it: `bulletin serve` (BULLETIN_BIN)
// on a temporary copy of tests/fixtures/import/site, driven through the data-testid
// attributes that docs/FORMAT.md lists. Run by run.mjs as the check `workspace`.
//
// Screenshots of every screen at 1280 and 390 px go to ctx.shots (workspace-*.png).

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = resolve(HERE, '..', 'fixtures', 'import');
const WAIT = 60_000;

/** Start the server; its base address and the workspace's address with the token. */
function start(ctx, bin, root) {
  const server = spawn(bin, ['serve', '--port', '0', '--root', root], {
    env: { ...process.env, NO_COLOR: '1', CI: '1', BULLETIN_NO_OPEN: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const state = { server, log: '' };
  state.ready = new Promise((done, failed) => {
    const timer = setTimeout(() => failed(new Error(`bulletin serve did not start in 60 s:\n${state.log}`)), WAIT);
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (d) => {
      state.log += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)__bulletin\/\?token=([0-9a-f]{32})/.exec(state.log);
      if (m) { clearTimeout(timer); done({ base: m[1], url: `${m[1]}__bulletin/?token=${m[2]}` }); }
    });
    server.on('exit', (code) => failed(new Error(`bulletin serve exited with ${code}:\n${state.log}`)));
  });
  return state;
}

export async function checkWorkspace(ctx) {
  const bin = process.env.BULLETIN_BIN;
  if (!bin || !existsSync(bin)) ctx.fail('set BULLETIN_BIN to the bulletin binary (tests/browser.rs does)');
  const root = mkdtempSync(join(tmpdir(), 'bulletin-workspace-'));
  cpSync(join(FIXTURE, 'site', 'content'), join(root, 'content'), { recursive: true });
  const srv = start(ctx, bin, root);
  const file = (rel) => join(root, rel);
  const shots = async (p, name) => {
    for (const width of [1280, 390]) {
      await p.setViewportSize({ width, height: 900 });
      await p.waitForTimeout(150);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 1) ctx.problem(`${name} at ${width} px scrolls sideways by ${overflow} px`);
      await p.screenshot({ path: join(ctx.shots, `workspace-${name}-${width}.png`), fullPage: true });
    }
    await p.setViewportSize({ width: 1280, height: 900 });
  };
  let p = null;
  try {
    const { url } = await srv.ready;
    p = await ctx.open(url, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const tid = (id) => p.locator(`[data-testid="${id}"]`);
    p.on('pageerror', (e) => ctx.log(`page error: ${e.message}`));

    // 通报列表: every bulletin, with its status and its problem count once check is done.
    await tid('bulletin-list').waitFor({ timeout: WAIT });
    const rows = await tid('bulletin-row').count();
    if (rows !== 3) ctx.problem(`the list shows ${rows} bulletins, not the fixture's 3`);
    await p.waitForFunction(() => [...document.querySelectorAll('[data-testid="problem-count"]')].every((c) => c.textContent !== '…'), null, { timeout: WAIT });
    ctx.log(`list: ${rows} bulletins, statuses ${(await tid('status').allTextContents()).join(', ')}`);
    await shots(p, 'list');

    // 导入, a sheet with mistakes: every problem with its cell, nothing written.
    await tid('nav-import').click();
    await tid('import-file').setInputFiles(join(FIXTURE, 'sheets', 'mistakes.xlsx'));
    await tid('import-problems').waitFor({ timeout: WAIT });
    const problems = await tid('import-problems').locator('[data-testid="problem"]').allTextContents();
    const cells = await tid('import-cell').count();
    if (problems.length !== 3) ctx.problem(`the sheet with mistakes shows ${problems.length} problems, not 3:\n${problems.join('\n')}`);
    if (cells !== 1) ctx.problem(`the sheet shown first (园区类, that of the first problem) marks ${cells} cells, not its 1 (C6)`);
    for (const cell of ['C6', 'B5', 'G5']) {
      if (!problems.some((t) => t.includes(`› ${cell}`))) ctx.problem(`no problem names the cell ${cell}`);
    }
    if (!(await tid('import-confirm').isDisabled())) ctx.problem('import-confirm is enabled with problems left');
    if (await tid('import-choice').count() !== 1) ctx.problem('the near name 区材政局 is not offered as a choice');
    if (!(await tid('import-cross').innerText()).includes('92.59')) ctx.problem('the cross-check does not show the sheet\'s 92.59');
    if (existsSync(file('content/2025/07-units'))) ctx.problem('a sheet with mistakes wrote content/2025/07-units');
    await shots(p, 'import-mistakes');
    // The typo settled by choosing: one problem fewer, still nothing written.
    await tid('choice-typo').click();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="import-problems"] [data-testid="problem"]').length === 2, null, { timeout: WAIT });
    if (existsSync(file('content/2025/07-units'))) ctx.problem('settling a name wrote something');

    // 导入, a good sheet: clean, confirmed, written; the editor opens on it.
    await tid('nav-list').click();
    await tid('bulletin-list').waitFor();
    await tid('nav-import').click();
    await tid('import-file').setInputFiles(join(FIXTURE, 'sheets', 'sheets.xlsx'));
    await tid('import-clean').waitFor({ timeout: WAIT });
    const like = await tid('import-like').inputValue();
    const into = await tid('import-into').inputValue();
    if (like !== 'content/2025/06-units' || into !== 'content/2025/07-units') ctx.problem(`defaults: follows ${like}, into ${into}`);
    const cross = await tid('import-cross').locator('tbody tr').count();
    const disagree = await tid('import-cross').locator('tbody tr.bad').count();
    if (!cross || disagree) ctx.problem(`the cross-check shows ${cross} rows, ${disagree} disagreeing`);
    await tid('import-published').fill('2025-08-05');
    await shots(p, 'import-clean');
    await tid('import-confirm').click();
    await tid('editor').waitFor({ timeout: WAIT });
    if (!existsSync(file('content/2025/07-units/scores.yaml'))) ctx.fail('confirming wrote no scores.yaml');

    // 编辑: check's problems (the 待填写 reason); a click puts the cursor on its line.
    const reasonProblem = tid('problems').locator('[data-testid="problem"]', { hasText: 'scores.yaml' }).first();
    await reasonProblem.waitFor({ timeout: WAIT });
    await reasonProblem.locator('button').click();
    const at = await tid('editor-scores').evaluate((a) => {
      const before = a.value.slice(0, a.selectionStart);
      return { line: before.split('\n').length, text: a.value.split('\n')[before.split('\n').length - 1] };
    });
    if (!at.text.includes('待填写')) ctx.problem(`clicking the problem put the cursor on line ${at.line}: «${at.text}», not the 待填写 reason`);
    await tid('editor-scores').evaluate((a) => {
      a.value = a.value.replace(/待填写：加分事由/g, '承办全区现场会').replace(/待填写：扣分事由/g, '信息报送逾期');
      a.dispatchEvent(new Event('input'));
    });
    await tid('save').click();
    await p.waitForFunction(() => document.querySelector('[data-testid="problems"]')?.classList.contains('ok'), null, { timeout: WAIT });
    // The narrative: saved, the preview shows it.
    await tid('tab-form').click();
    await tid('editor').fill('七月的排名。本月新增的一句话，由工作台写入。\n');
    await tid('save').click();
    const frame = p.frameLocator('[data-testid="preview"]');
    try {
      await frame.locator('text=本月新增的一句话').waitFor({ timeout: WAIT });
    } catch {
      ctx.problem(`the preview did not show the saved narrative; server said:\n${srv.log.slice(-2000)}`);
    }
    const index = readFileSync(file('content/2025/07-units/index.md'), 'utf8');
    if (!index.includes('published: 2025-08-05') || !index.endsWith('---\n七月的排名。本月新增的一句话，由工作台写入。\n')) ctx.problem(`index.md after the save:\n${index}`);
    await shots(p, 'edit');
    // Undo the save: the narrative before it comes back, on disk and in the editor.
    await tid('undo').click();
    await p.waitForFunction(() => !document.querySelector('[data-testid="editor"]').value.includes('本月新增'), null, { timeout: WAIT });
    if (readFileSync(file('content/2025/07-units/index.md'), 'utf8').includes('本月新增')) ctx.problem('undo left the saved narrative on disk');

    // 更正 of June: the published scores kept, the change table shown before saving.
    await p.evaluate(() => { location.hash = '#/correct/content/2025/06-units'; });
    await tid('correct-scores').waitFor({ timeout: WAIT });
    await tid('correct-scores').evaluate((a) => {
      a.value = a.value.replace(/scores: \{ (\w+): (\d+(\.\d+)?)/, (m, k, v) => `scores: { ${k}: ${Number(v) - 10}`);
      a.dispatchEvent(new Event('input'));
    });
    await tid('correct-reason').fill('经复核，一项得分误录，现予更正。');
    await tid('correct-preview').click();
    await tid('correct-table').waitFor({ timeout: WAIT });
    const changed = await tid('correct-table').locator('tbody tr').count();
    if (!changed) ctx.problem('the change table is empty');
    await shots(p, 'correct');
    await tid('correct-save').click();
    await tid('editor').waitFor({ timeout: WAIT });
    if (!existsSync(file('content/2025/06-units/revisions/2025-07-04.scores.yaml'))) ctx.problem('the published scores were not kept as revisions/2025-07-04.scores.yaml');
    if (!readFileSync(file('content/2025/06-units/index.md'), 'utf8').includes('revisions:\n  - file: revisions/2025-07-04.scores.yaml')) ctx.problem('index.md lists no revision');

    // 发布: progress, then each bulletin's outputs, each openable.
    await tid('nav-publish').click();
    await tid('build').click();
    await tid('output-row').first().waitFor({ timeout: 180_000 });
    const said = await tid('build-said').innerText();
    if (!/已生成|Built/.test(said)) ctx.problem(`after the build: «${said}»`);
    const outputs = await tid('output-row').count();
    if (outputs < 3) ctx.problem(`${outputs} bulletins with outputs, not 3`);
    const row = tid('output-row').filter({ has: p.locator('text=2025/07-units') });
    for (const [id, type] of [['out-print', 'text/html'], ['out-docx', 'wordprocessingml'], ['out-wechat', 'text/html'], ['out-screen', 'text/html']]) {
      const href = await row.locator(`[data-testid="${id}"]`).getAttribute('href');
      const r = await p.request.get(new URL(href, p.url()).href);
      if (r.status() !== 200 || !(r.headers()['content-type'] || '').includes(type)) ctx.problem(`${id} (${href}): HTTP ${r.status()} ${r.headers()['content-type']}`);
    }
    await row.locator('[data-testid="out-folder"]').click();
    await p.waitForFunction(() => document.getElementById('toast').textContent.includes('07-units'), null, { timeout: WAIT });
    if (!existsSync(file('public/2025/07-units/print.html'))) ctx.problem('no public/2025/07-units/print.html');
    await shots(p, 'publish');
    ctx.log(`import, edit, undo, correction and build done; ${outputs} bulletins built`);
  } catch (e) {
    // Where it stopped, for whoever reads the failure.
    if (p) {
      await p.screenshot({ path: join(ctx.shots, 'workspace-failure.png'), fullPage: true }).catch(() => {});
      const said = await p.evaluate(() => `${location.hash} | ${document.getElementById('toast').textContent} | ${document.getElementById('main').innerText.slice(0, 600)}`).catch(() => '');
      ctx.log(`stopped at: ${said}`);
    }
    ctx.log(`server said:\n${srv.log.slice(-1500)}`);
    throw e;
  } finally {
    srv.server.kill();
    rmSync(root, { recursive: true, force: true });
  }
}
