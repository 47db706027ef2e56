// Browser checks of a built bulletin site, in headless Chromium through playwright-core.
//
//   node tests/browser/run.mjs <site folder | http://127.0.0.1:PORT/>
//
// Given a folder, it serves it itself on 127.0.0.1 (a free port). Run by tests/browser.rs
// (`cargo test --test browser -- --nocapture`), which builds the example site first.
//
// Environment:
//   BULLETIN_CHROMIUM     the browser (default /usr/bin/chromium); nothing is downloaded
//   BULLETIN_SCREENSHOTS  folder for screenshots (default: a new temporary folder)
//   BULLETIN_CHECKS       comma-separated names: run only the checks whose name starts
//                         with one of them (e.g. "axe,links"); `xss` and `copied-code`
//                         run only when named
//
// Each check is an entry of CHECKS below: { name, run(ctx) }. `run` reports what is wrong
// with ctx.problem(msg) (the check fails, and goes on to find the rest) or ctx.fail(msg)
// (it stops there), in words a reader can act on. Pages opened with ctx.open(path,
// contextOptions) get their own browser context; a console error, page error or failed
// request on any of them fails the check. To add a check (print.html as an A4 PDF,
// screen.html advancing and pausing, exemplar pages), add an entry.

import { createServer } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { checkEmbedCode, checkXss } from './xss.mjs';
import { PRINTS, checkDocx, checkPrinted } from './print.mjs';
import { checkChangeSaidOnce, checkChartLabels, checkChartText, checkHeaderWords, checkJumpLinks, checkScrollHints, checkSearchOrderAndDots, checkSearchVariants, checkUnitFirst, checkWechatCopy } from './reader.mjs';
import { LAYOUT_PAGES, LAYOUT_WIDTHS, checkLayoutBoxes, checkScreenBoxes } from './layout.mjs';
import { checkWorkspace } from './workspace.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.BULLETIN_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE = join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const NAV_TIMEOUT = 30_000;
const WATCHDOG = 420_000; // the whole run; tests/browser.rs has its own, longer limit

// Pages of the example site (content/ at the repository root).
const PAGES = {
  home: 'index.html',
  bulletin: '2025/03-units/index.html',
  unit: 'units/czj/index.html',
  exemplar: 'models/tian-hua/index.html',
  roll: 'models/index.html',
  people: '2025/h1-people/index.html',
  screen: '2025/h1-people/screen.html',
  'unit-roll': 'units/czj/models/index.html',
  'unit-card': 'units/czj/results/units-monthly/index.html',
  corrected: '2025/q1-units/index.html',
};
// The example is built with --today 2025-07-10 (tests/browser.rs): the Q2 notice
// (2025-07-08 to 2025-07-15) is current on the build day.
const NOTICE_PAGE = '2025/q2-units/index.html';
const PRINT_PAGE = '2024/annual-units/print.html';
// The 公文 layout (GB/T 9704): with a red header, and one whose tables run over pages.
const GONGWEN_PAGE = '2025/q2-units/print.html';
const CONTINUED_PAGE = '2025/h1-people/print.html';
const SCREEN_PAGE = '2025/h1-people/screen.html';
const UNIT_SCREEN_PAGE = '2025/03-units/screen.html';
// A page that does not exist, some folders deep: the server answers with 404.html.
const MISSING_PAGE = '2025/no-such/deep/page/';
const WIDTHS = [375, 1280];
// A unit's own channels (units/<id>/…): its embeddable result card and its honour roll.
const EMBED_PAGE = 'units/czj/results/units-monthly/embed.html';
const UNIT_ROLL_PAGE = 'units/czj/models/index.html';
// Its publishing tools (embed code, links to the card, roll and screen), linked from its page.
const UNIT_PUBLISH_PAGE = 'units/czj/publish/index.html';
const FAILING_IMPACTS = new Set(['serious', 'critical']);

// ---------------------------------------------------------------------------------------
// The checks.

const CHECKS = [
  ...WIDTHS.map((width) => ({
    name: `layout-${width}: ${PAGES.bulletin} at ${width} px has no page-level horizontal overflow, no console errors, a screenshot`,
    run: (ctx) => checkLayout(ctx, PAGES.bulletin, width, `bulletin-${width}.png`),
  })),
  {
    name: `no-js: ${PAGES.bulletin} shows its ranking tables with JavaScript disabled`,
    run: (ctx) => checkWithoutJs(ctx, PAGES.bulletin),
  },
  ...Object.entries(PAGES).map(([label, page]) => ({
    name: `axe-${label}: ${page} has no serious or critical axe-core violations`,
    run: (ctx) => checkAxe(ctx, page),
  })),
  ...['home', 'bulletin', 'roll'].map((label) => ({
    name: `links-${label}: every internal link on ${PAGES[label]} resolves with HTTP 200`,
    run: (ctx) => checkLinks(ctx, PAGES[label]),
  })),
  {
    name: `notice: ${NOTICE_PAGE} says 公示中 as of the build day without JavaScript, and 公示期满 on a later day with it`,
    run: (ctx) => checkNotice(ctx, NOTICE_PAGE),
  },
  {
    name: `correction: ${PAGES.corrected} shows its 更正说明 and change table before the rankings at 375 px without overflow; its WeChat page shows the 900×383 cover and a summary of at most 120 characters`,
    run: (ctx) => checkCorrection(ctx, PAGES.corrected),
  },
  {
    name: `print: ${PRINT_PAGE} prints to an A4 PDF with every field of the 公示`,
    run: (ctx) => checkPrint(ctx, PRINT_PAGE),
  },
  {
    name: `gongwen: ${GONGWEN_PAGE} prints in the GB/T 9704 layout (A4, type area 156 mm, 22 pt title, 16 pt body, red header, number, 主送, 落款, 版记, QR, "— n —" on page n); ${CONTINUED_PAGE}: tables continued on a new page say （续） under a repeated header, no part split`,
    run: (ctx) => checkGongwen(ctx),
  },
  {
    name: `screen: ${SCREEN_PAGE} advances by itself, pauses and resumes on a key, and shows every slide without JavaScript`,
    run: (ctx) => checkScreen(ctx, SCREEN_PAGE),
  },
  {
    name: 'search: 财政 finds 区财政局 once and each of its staff once, and a person is found by part of a name',
    run: (ctx) => checkSearch(ctx),
  },
  {
    name: 'prefs: the large-text switch is remembered across pages',
    run: (ctx) => checkPrefs(ctx),
  },
  {
    name: `screen-fit: ${SCREEN_PAGE} and ${UNIT_SCREEN_PAGE}: every slide fits 1920×1080, 40 px table text, the same columns on every slide, balanced rows, a pause button and the position`,
    run: async (ctx) => {
      await checkScreenFit(ctx, SCREEN_PAGE);
      await checkScreenFit(ctx, UNIT_SCREEN_PAGE);
    },
  },
  {
    name: `screen-notice: ${SCREEN_PAGE} says 公示中 as of the build day without JavaScript, and 公示期满 on a later day with it`,
    run: (ctx) => checkScreenNotice(ctx, SCREEN_PAGE),
  },
  {
    name: `people-375: ${PAGES.people} at 375 px: 名次, 姓名, 单位, 总分 and 标兵 on screen, names, units and counts on one line`,
    run: (ctx) => checkPeoplePhone(ctx, PAGES.people),
  },
  {
    name: `unit-375: ${PAGES.unit} at 375 px: one table and one chart per series, named, Chinese period labels, tables that fit, chart text of 12 px or more`,
    run: (ctx) => checkUnitPhone(ctx, PAGES.unit),
  },
  {
    name: `charts: chart text of 12 px or more at 375 px and larger with 大字, an axis not from 0 says so, WeChat PNGs sharp at 677 px on a 2× screen`,
    run: (ctx) => checkCharts(ctx, PAGES.bulletin),
  },
  {
    name: `embed: ${EMBED_PAGE} in an iframe of another site at 320 and 677 px: no horizontal scroll, nothing requested but itself, no cookie, the result readable without JavaScript`,
    run: (ctx) => checkEmbed(ctx, EMBED_PAGE),
  },
  {
    name: `unit-channels: ${UNIT_PUBLISH_PAGE} links the unit's honour roll, result cards and their files (all HTTP 200), and copies the embed code`,
    run: (ctx) => checkUnitChannels(ctx, UNIT_PUBLISH_PAGE),
  },
  {
    name: `404: a missing page ${MISSING_PAGE} shows 404.html with its styles and working links`,
    run: (ctx) => check404(ctx, MISSING_PAGE),
  },
  {
    name: `objection: ${NOTICE_PAGE} shows how to object before the rankings, with tel: and mailto: links`,
    run: (ctx) => checkObjection(ctx, NOTICE_PAGE),
  },
  {
    name: `ties: ${PAGES.bulletin} shows a shared place as 并列第N at the size, weight and colour of the others`,
    run: (ctx) => checkTies(ctx, PAGES.bulletin),
  },
  {
    name: `words: no obsolete align attribute, people counted as 人, series by their names (home, archive, people, bulletin)`,
    run: (ctx) => checkWords(ctx),
  },
  {
    name: 'home-order: the home page lists current notices nearest end first, then upcoming ones by start',
    run: (ctx) => checkHomeOrder(ctx),
  },
  ...Object.entries(LAYOUT_PAGES).map(([label, page]) => ({
    name: `boxes-${label}: ${page} at ${LAYOUT_WIDTHS.join(' and ')} px: no texts drawn over each other, none squeezed to two characters a line, none cut off, no short label broken, no silent sideways scroll`,
    run: async (ctx) => {
      for (const width of LAYOUT_WIDTHS) await checkLayoutBoxes(ctx, label, page, width);
    },
  })),
  ...[SCREEN_PAGE, UNIT_SCREEN_PAGE, '2025/q1-units/screen.html', 'units/zhzf/models/screen.html'].map((page) => ({
    name: `screen-boxes: ${page} at 1920×1080: no row cut off, every slide 60% full but a category's last, a QR code of 200 px with its address at 28 px`,
    run: (ctx) => checkScreenBoxes(ctx, page),
  })),
  ...PRINTS.map(({ dir, docx }) => ({
    name: `printed-${dir}: print.html${docx ? ' and notice.docx' : ''} as printed (Chromium's PDF${docx ? ', LibreOffice\'s PDF' : ''}): the narrative and the details, tables that fit kept whole, 28 rows or more a full page, the 版记 at the foot of the last page, no page of only the 落款 or the 版记`,
    run: async (ctx) => {
      await checkPrinted(ctx, dir);
      if (docx) await checkDocx(ctx, dir);
    },
  })),
  {
    name: `unit-first: ${PAGES.unit} opens with the unit's results and history; its publishing tools are on a page of their own, linked from it`,
    run: (ctx) => checkUnitFirst(ctx, PAGES.unit),
  },
  {
    name: `jump-links: the jump links of ${NOTICE_PAGE} and ${PAGES.people} reach every section (加分明细 too)`,
    run: async (ctx) => {
      await checkJumpLinks(ctx, NOTICE_PAGE);
      await checkJumpLinks(ctx, PAGES.people);
    },
  },
  {
    name: `chart-text: chart text no larger than the tables' at 1280 px, and no two labels of a chart run together (${PAGES.unit}, ${PAGES.bulletin})`,
    run: async (ctx) => {
      for (const page of [PAGES.unit, 'units/baishi/index.html', PAGES.bulletin]) {
        await checkChartText(ctx, page);
        await checkChartLabels(ctx, page);
      }
    },
  },
  {
    name: `scroll-hints: at 390 px every table cut off at the right says so above it, also with 大字 (${PAGES.bulletin}, ${PAGES.people}, ${PAGES.unit})`,
    run: async (ctx) => {
      for (const page of [PAGES.bulletin, PAGES.people, PAGES.unit]) await checkScrollHints(ctx, page);
    },
  },
  {
    name: 'search-order: the search page lists units by pinyin (and the unit index within each category); a name\'s middle dot in any form is read as nothing',
    run: (ctx) => checkSearchOrderAndDots(ctx),
  },
  {
    name: `change-once: the change on the previous period said once (上升1位, not ↑1 上升1位) on ${PAGES.bulletin} at 390 and 1280 px and on ${UNIT_SCREEN_PAGE}`,
    run: (ctx) => checkChangeSaidOnce(ctx, [[PAGES.bulletin, 390, 844], [PAGES.bulletin, 1280, 900], [`${UNIT_SCREEN_PAGE}?interval=600000`, 1920, 1080]]),
  },
  {
    name: `header-words: at 390 px titles in balanced lines, document numbers unbroken (${PAGES.people}, models/chen-xiaofeng/index.html, ${PAGES.unit}, ${PAGES.bulletin})`,
    run: (ctx) => checkHeaderWords(ctx, [PAGES.people, 'models/chen-xiaofeng/index.html', PAGES.unit, PAGES.bulletin]),
  },
  {
    name: 'search-variants: 王吉 finds 王𠮷, and the row the result opens is marked and on screen',
    run: (ctx) => checkSearchVariants(ctx),
  },
  {
    name: `wechat-copy: ${NOTICE_PAGE.replace('index.html', 'wechat.html')} copied from a local page: images at the published site, the note beside the button, the images offered as files`,
    run: (ctx) => checkWechatCopy(ctx, NOTICE_PAGE.replace('index.html', 'wechat.html'), 'https://kaohe.example.org/'),
  },
  {
    // Every page of any site (tests/xss.rs runs it on its XSS fixture sites); only when
    // named in BULLETIN_CHECKS. See xss.mjs.
    name: 'xss: every HTML page runs no script from content, requests nothing outside the site, holds no unsafe element',
    explicit: true,
    run: (ctx) => checkXss(ctx),
  },
  {
    // The site tests/xss.rs builds with every vector as unit, series and category names,
    // and its embed-expected.json; only when named. See xss.mjs.
    name: 'copied-code: each unit page\'s embed code, shown and copied, is one iframe with its attributes, and pasted into another site runs nothing',
    explicit: true,
    run: (ctx) => checkEmbedCode(ctx),
  },
  {
    name: 'workspace: the workspace (工作台) lists the bulletins, imports a sheet with mistakes (every problem at its cell, nothing written) and a good one, edits with the preview beside, undoes a save, corrects a 公示 and builds with its outputs openable',
    explicit: true,
    run: (ctx) => checkWorkspace(ctx),
  },
  {
    name: `serve: bulletin serve shows an edited score, a new sentence and a template change on ${PAGES.bulletin} without a reload; a broken edit shows the error overlay, the fix clears it`,
    run: (ctx) => checkServe(ctx, PAGES.bulletin),
  },
];

/** `bulletin serve` (the binary in BULLETIN_BIN) on a temporary copy of the example site:
 *  edits reach the open page by themselves, a broken edit shows the terminal's text. */
async function checkServe(ctx, page) {
  const bin = process.env.BULLETIN_BIN;
  if (!bin || !existsSync(bin)) ctx.fail('set BULLETIN_BIN to the bulletin binary (tests/browser.rs does)');
  const root = mkdtempSync(join(tmpdir(), 'bulletin-serve-'));
  const repo = resolve(HERE, '..', '..');
  cpSync(join(repo, 'content'), join(root, 'content'), { recursive: true });
  cpSync(join(repo, 'templates'), join(root, 'templates'), { recursive: true });
  const server = spawn(bin, ['serve', '--port', '0', '--root', root], {
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  try {
    const base = await new Promise((done, failed) => {
      const timer = setTimeout(() => failed(new CheckFailed(`bulletin serve did not start in 60 s:\n${log}`)), 60_000);
      server.stderr.setEncoding('utf8');
      server.stderr.on('data', (d) => {
        log += d;
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
        if (m) { clearTimeout(timer); done(m[1]); }
      });
      server.on('exit', (code) => failed(new CheckFailed(`bulletin serve exited with ${code}:\n${log}`)));
    });
    const p = await ctx.open(base + page);
    const text = () => p.evaluate(() => document.body.innerText);
    const waitFor = async (what, edit, needle) => {
      if ((await text()).includes(needle)) ctx.fail(`«${needle}» is on the page before the edit (${what})`);
      const started = Date.now();
      edit();
      try {
        await p.waitForFunction((n) => document.body.innerText.includes(n), needle, { timeout: 20_000, polling: 20 });
      } catch {
        ctx.fail(`the page did not show «${needle}» within 20 s of ${what}; server said:\n${log}`);
      }
      ctx.log(`${what}: on the page after ${Date.now() - started} ms`);
    };
    const edit = (rel, from, to) => {
      const file = join(root, rel);
      const before = readFileSync(file, 'utf8');
      if (!before.includes(from)) ctx.fail(`${rel} no longer holds «${from}»: update this check`);
      writeFileSync(file, before.replace(from, to));
      return before;
    };
    const scores = 'content/2025/03-units/scores.yaml';
    // 高新产业园: econ 91.5 → 71.5 at weight 45% takes 9 points off its 91.55.
    await waitFor('an edited score in scores.yaml', () => edit(scores, 'econ: 91.5, invest: 91', 'econ: 71.5, invest: 91'), '82.55');
    await waitFor('a new sentence in index.md', () => edit('content/2025/03-units/index.md', '\n---\n', '\n---\n本月起试行实时预览，此句为新增内容。\n\n'), '此句为新增内容');
    await waitFor('a template change', () => edit('templates/base.html', '</footer>', '<p>模板已更新：预览测试</p></footer>'), '模板已更新：预览测试');

    // A broken edit: the overlay, with the terminal's text; the page stays the last good one.
    const good = edit(scores, 'econ: 71.5, invest: 91', 'econ: 七十<b>, invest: 91');
    const overlay = p.locator('#bulletin-serve-error');
    try {
      await overlay.waitFor({ state: 'visible', timeout: 20_000 });
    } catch {
      ctx.fail(`no error overlay within 20 s of a broken edit; server said:\n${log}`);
    }
    const shown = (await overlay.locator('pre').innerText()).trim();
    if (!shown.includes(`--> ${scores}:`)) ctx.problem(`the overlay does not locate the error in ${scores}:\n${shown}`);
    if (!shown.includes('^')) ctx.problem(`the overlay has no caret under the error:\n${shown}`);
    if (!log.includes(shown)) ctx.problem(`the overlay's text is not the terminal's:\noverlay:\n${shown}\nterminal:\n${log}`);
    if (await p.locator('#bulletin-serve-error b').count()) ctx.problem('the error text was inserted as HTML, not as text');
    if (!(await text()).includes('82.55')) ctx.problem('the last good page is not shown under the overlay');
    ctx.log(`overlay: ${shown.split('\n').slice(0, 2).join(' / ')}`);
    await p.screenshot({ path: join(ctx.shots, 'serve-overlay.png') });

    writeFileSync(join(root, scores), good);
    try {
      await overlay.waitFor({ state: 'detached', timeout: 20_000 });
    } catch {
      ctx.fail(`the overlay stayed after the fix; server said:\n${log}`);
    }
    if (!(await text()).includes('82.55')) ctx.problem('after the fix the page does not show the fixed site');
    if (existsSync(join(root, 'public'))) ctx.problem('bulletin serve wrote public/');
  } finally {
    server.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

/** The notice status: static as of the build day, updated to the reader's day by site.js. */
async function checkNotice(ctx, page) {
  const nojs = await ctx.open(page, { javaScriptEnabled: false });
  const before = (await nojs.locator('.notice-status').first().innerText()).trim();
  if (!before.startsWith('公示中')) ctx.problem(`without JavaScript the status reads «${before}», expected 公示中 (built with --today 2025-07-10)`);
  await nojs.close();
  const later = await ctx.open(page, {}, async (p) => p.clock.setFixedTime(new Date('2025-08-01T10:00:00+08:00')));
  const after = (await later.locator('.notice-status').first().innerText()).trim();
  if (after !== '公示期满') ctx.problem(`read on 2025-08-01 the status is «${after}», expected 公示期满`);
  await later.close();
  const during = await ctx.open(page, {}, async (p) => p.clock.setFixedTime(new Date('2025-07-14T10:00:00+08:00')));
  const mid = (await during.locator('.notice-status').first().innerText()).trim();
  if (!mid.startsWith('公示中') || !mid.includes('还剩2天')) ctx.problem(`read on 2025-07-14 the status is «${mid}», expected 公示中，还剩2天`);
  ctx.log(`build day: ${before}; 2025-07-14: ${mid}; 2025-08-01: ${after}`);
  await during.close();
}

/** print.html: an A4 PDF, and every field of the notice on the printed page. */
async function checkPrint(ctx, page) {
  const p = await ctx.open(page, { viewport: { width: 1280, height: 800 } });
  await p.emulateMedia({ media: 'print' });
  const text = await p.evaluate(() => document.body.innerText);
  const required = {
    title: '关于望川新区2024年度部门绩效考核结果的公示',
    basis: '望川考办〔2024〕',
    period: '公示时间',
    'how to object': '以真实姓名',
    phone: '0000-12345678',
    issuer: '望川新区绩效考核工作领导小组办公室',
    date: '2025年1月15日',
    ranking: '名次',
  };
  for (const [what, needle] of Object.entries(required)) {
    if (!text.includes(needle)) ctx.problem(`the printed page lacks the ${what} («${needle}»)`);
  }
  const toolbarShown = await p.locator('.screen-only').first().isVisible();
  if (toolbarShown) ctx.problem('the screen-only toolbar is printed');
  const pdf = await p.pdf({ preferCSSPageSize: true, printBackground: true });
  const file = join(ctx.shots, 'notice-a4.pdf');
  writeFileSync(file, pdf);
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  if (!box) ctx.fail('no /MediaBox in the PDF');
  const [w, h] = [Number(box[1]), Number(box[2])];
  // A4 is 595.28 × 841.89 pt.
  if (Math.abs(w - 595.3) > 2 || Math.abs(h - 841.9) > 2) ctx.problem(`the PDF page is ${w} × ${h} pt, not A4 portrait`);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  ctx.log(`${file}: ${pages} A4 page(s), ${pdf.length} bytes`);
  await p.close();
}

/** Print `page` to an A4 PDF (kept among the screenshots) and read it back page by page
 *  with pdftotext: [page, text of each PDF page]. */
async function printedPages(ctx, page, name) {
  const p = await ctx.open(page, { viewport: { width: 1280, height: 800 } });
  await p.emulateMedia({ media: 'print' });
  const pdf = await p.pdf({ preferCSSPageSize: true, printBackground: true });
  const file = join(ctx.shots, name);
  writeFileSync(file, pdf);
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  if (!box || Math.abs(Number(box[1]) - 595.3) > 2 || Math.abs(Number(box[2]) - 841.9) > 2) ctx.problem(`${page} does not print on A4 portrait (${box ? `${box[1]} × ${box[2]} pt` : 'no /MediaBox'})`);
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (out.status !== 0) ctx.fail(`pdftotext failed on ${file}: ${out.error || out.stderr}`);
  const pages = out.stdout.split('\f');
  if (pages.length && !pages[pages.length - 1].trim()) pages.pop();
  ctx.log(`${file}: ${pages.length} page(s)`);
  return [p, pages];
}

const squeeze = (s) => s.replace(/\s+/g, '');

/** Each printed page ends with its number as "— n —", on one line. */
function checkPageNumbers(ctx, page, pages) {
  pages.forEach((text, i) => {
    // pdftotext may drop the spaces around the number: compare without them.
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const last = lines[lines.length - 1] || '';
    if (squeeze(last) !== `—${i + 1}—`) ctx.problem(`${page}: page ${i + 1} ends with «${last}», not its number «— ${i + 1} —» on a line of its own`);
  });
}

/** print.html in the 公文 layout: the fields where GB/T 9704 puts them, and tables that
 *  run onto a new page say （续） there. */
async function checkGongwen(ctx) {
  const [p, pages] = await printedPages(ctx, GONGWEN_PAGE, 'gongwen-a4.pdf');
  checkPageNumbers(ctx, GONGWEN_PAGE, pages);
  const first = squeeze(pages[0]);
  const last = squeeze(pages[pages.length - 1]);
  const all = squeeze(pages.join(''));
  const where = {
    'page 1': [first, ['望川新区绩效考核工作领导小组办公室文件', '望川考办〔2025〕21号', '关于望川新区2025年第二季度部门绩效考核结果的公示', '各园区，区级各部门，各国有企业，各街道、镇：']],
    'the last page': [last, ['望川新区绩效考核工作领导小组办公室2025年7月8日', '抄送：区委办公室，区人大常委会办公室，区政府办公室，区政协办公室。', '2025年7月8日印发']],
    'the notice': [all, ['公示时间：2025年7月8日至7月15日', '扫码查看网页版：https://kaohe.example.org/2025/q2-units/', '高新产业园']],
  };
  for (const [place, [text, needles]] of Object.entries(where)) {
    for (const n of needles) if (!text.includes(n)) ctx.problem(`${GONGWEN_PAGE}: ${place} lacks «${n}»`);
  }
  // The layout as Chromium computed it for print: 1 mm = 96 / 25.4 px, 1 pt = 4/3 px.
  const got = await p.evaluate(() => {
    const cs = (sel) => getComputedStyle(document.querySelector(sel));
    return {
      body: parseFloat(cs('body').width),
      bodySize: parseFloat(cs('body').fontSize),
      title: parseFloat(cs('h1').fontSize),
      red: cs('.masthead .organ').color,
      line: cs('.red-line').borderTopColor,
      foot: [...document.styleSheets].flatMap((s) => [...s.cssRules]).some((r) => r.cssText && r.cssText.includes('@bottom-right')),
    };
  });
  const near = (a, b, tol) => Math.abs(a - b) <= tol;
  if (!near(got.body, 156 * 96 / 25.4, 1)) ctx.problem(`the type area is ${got.body} px wide, not 156 mm (589.6 px)`);
  if (!near(got.bodySize, 16 * 4 / 3, 0.1)) ctx.problem(`the body is set at ${got.bodySize} px, not 16 pt`);
  if (!near(got.title, 22 * 4 / 3, 0.1)) ctx.problem(`the title is set at ${got.title} px, not 22 pt`);
  for (const [what, c] of [['the 版头', got.red], ['the red line', got.line]]) {
    const [r, g, b] = (c.match(/\d+/g) || []).map(Number);
    if (!(r > 200 && g < 60 && b < 60)) ctx.problem(`${what} is ${c}, not red`);
  }
  await p.close();

  // A long table: each later part starts a page, headed （续）, with the header row.
  const [q, cpages] = await printedPages(ctx, CONTINUED_PAGE, 'gongwen-continued.pdf');
  checkPageNumbers(ctx, CONTINUED_PAGE, cpages);
  const parts = await q.evaluate(() => [...document.querySelectorAll('section.part')].map((s) => {
    const names = [...s.querySelectorAll('tbody tr')].map((r) => r.cells[1].innerText.trim());
    return { heading: s.querySelector('h2').innerText.trim(), newPage: s.classList.contains('new-page'), first: names[0], last: names[names.length - 1] };
  }));
  const squeezed = cpages.map(squeeze);
  let at = 0;
  let continued = 0;
  for (const part of parts) {
    const h = squeeze(part.heading);
    const i = squeezed.findIndex((t, k) => k >= at && t.includes(h) && (!part.first || t.includes(squeeze(part.first))));
    if (i < 0) {
      ctx.problem(`${CONTINUED_PAGE}: no printed page from ${at + 1} on holds «${part.heading}» with its first row ${part.first}`);
      continue;
    }
    if (part.newPage) {
      const top = squeeze(cpages[i].split('\n').find((l) => l.trim()) || '');
      if (!top.startsWith(h)) ctx.problem(`${CONTINUED_PAGE}: «${part.heading}» is not at the top of page ${i + 1} (it starts «${top}»)`);
      if (!squeezed[i].includes('名次')) ctx.problem(`${CONTINUED_PAGE}: page ${i + 1} lacks the header row (名次) of «${part.heading}»`);
    }
    if (part.last && !squeezed[i].includes(squeeze(part.last))) ctx.problem(`${CONTINUED_PAGE}: «${part.heading}» runs past page ${i + 1} (its last row ${part.last} is not on it)`);
    if (part.heading.includes('（续）')) continued++;
    at = i;
  }
  if (continued === 0) ctx.problem(`${CONTINUED_PAGE}: no table is continued with （续）`);
  ctx.log(`${CONTINUED_PAGE}: ${parts.length} table parts, ${continued} continued with （续）, on ${cpages.length} pages`);
  await q.close();
}

/** screen.html: rotation, pause and resume; reduced motion; the static overview. */
async function checkScreen(ctx, page) {
  const url = `${page}?interval=400`;
  const p = await ctx.open(url, { viewport: { width: 1920, height: 1080 } });
  const slide = () => p.evaluate(() => Number(document.body.getAttribute('data-slide')));
  const visible = () => p.evaluate(() => [...document.querySelectorAll('.slide')].filter((s) => getComputedStyle(s).visibility === 'visible').length);
  await p.waitForFunction(() => document.body.getAttribute('data-slide') === '0');
  if ((await visible()) !== 1) ctx.problem(`${await visible()} slides are visible at once, expected 1`);
  await p.screenshot({ path: join(ctx.shots, 'screen-1920.png') });
  await p.waitForFunction(() => Number(document.body.getAttribute('data-slide')) >= 1, null, { timeout: 5000 }).catch(() => ctx.problem('the screen did not advance by itself'));
  await p.keyboard.press('Space');
  const state = await p.evaluate(() => document.body.getAttribute('data-state'));
  if (state !== 'paused') ctx.problem(`after Space the state is ${state}, expected paused`);
  const at = await slide();
  await p.waitForTimeout(1200);
  if ((await slide()) !== at) ctx.problem('the screen moved on while paused');
  await p.mouse.click(960, 540);
  await p.waitForFunction((a) => Number(document.body.getAttribute('data-slide')) !== a, at, { timeout: 5000 }).catch(() => ctx.problem('a tap did not resume the rotation'));
  await p.close();
  const calm = await ctx.open(url, { viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce' });
  const duration = await calm.evaluate(() => getComputedStyle(document.querySelector('.slide')).transitionDuration);
  if (duration !== '0s') ctx.problem(`with prefers-reduced-motion the slides still fade (${duration})`);
  await calm.close();
  const still = await ctx.open(page, { viewport: { width: 1920, height: 1080 }, javaScriptEnabled: false });
  const all = await still.evaluate(() => [...document.querySelectorAll('.slide')].map((s) => getComputedStyle(s).visibility === 'visible' && s.getBoundingClientRect().height > 0));
  if (!all.length || all.some((v) => !v)) ctx.problem('without JavaScript not every slide is shown');
  ctx.log(`${all.length} slides shown without JavaScript`);
  await still.close();
}

/** search: substrings of Chinese names. */
async function checkSearch(ctx) {
  const p = await ctx.open('search/index.html', { viewport: { width: 375, height: 800 } });
  await p.fill('#q', '财政');
  const hits = await p.locator('#search-results li').allInnerTexts();
  if (!hits.some((h) => h.includes('区财政局'))) ctx.problem(`searching 财政 lists: ${hits.join(' | ') || '(nothing)'}`);
  // One hit per person or unit, whatever the number of bulletins naming them.
  const who = await p.locator('#search-results li').evaluateAll((lis) => lis.map((li) => `${li.querySelector('a').textContent} ${li.querySelector('.meta').textContent.split('·').slice(0, 2).join('·')}`));
  const twice = who.filter((w, i) => who.indexOf(w) !== i);
  if (twice.length) ctx.problem(`searching 财政 lists the same one more than once: ${[...new Set(twice)].join(' | ')} (${hits.length} hits)`);
  await p.fill('#q', '振宇');
  const people = await p.locator('#search-results li').allInnerTexts();
  if (!people.some((h) => h.includes('赵振宇'))) ctx.problem(`searching 振宇 lists: ${people.join(' | ') || '(nothing)'}`);
  const link = await p.locator('#search-results li a').first().getAttribute('href');
  ctx.log(`财政 → ${hits.length} hit(s); 振宇 → ${people.length} hit(s), first link ${link}`);
  await p.close();
}

/** The large-text switch: on, then still on after navigating. */
async function checkPrefs(ctx) {
  const context = await ctx.browser.newContext();
  const p = await context.newPage();
  await p.goto(new URL(PAGES.home, ctx.base).href);
  await p.click('button[data-toggle="large-text"]');
  if (!(await p.evaluate(() => document.documentElement.classList.contains('large-text')))) ctx.problem('the switch did not turn large text on');
  await p.goto(new URL(PAGES.bulletin, ctx.base).href);
  await p.waitForLoadState('domcontentloaded');
  if (!(await p.evaluate(() => document.documentElement.classList.contains('large-text')))) ctx.problem('large text was not remembered on the next page');
  const pressed = await p.getAttribute('button[data-toggle="large-text"]', 'aria-pressed');
  if (pressed !== 'true') ctx.problem(`the switch shows aria-pressed=${pressed} on the next page`);
  await context.close();
}

/** The lobby screen at 1920×1080: fit, type size, columns, balance, controls. */
async function checkScreenFit(ctx, page) {
  const p = await ctx.open(`${page}?interval=60000`, { viewport: { width: 1920, height: 1080 } });
  await p.waitForFunction(() => document.body.getAttribute('data-slide') === '0');
  // Hidden slides keep their layout (visibility: hidden), so each is measured in place.
  const m = await p.evaluate(() => {
    const slides = [...document.querySelectorAll('.slide')];
    const frame = document.querySelector('.slides').getBoundingClientRect();
    return {
      live: document.querySelector('.slides').getAttribute('aria-live'),
      slides: slides.map((s) => {
        const r = s.getBoundingClientRect();
        const table = s.querySelector('table');
        const cards = [...s.querySelectorAll('.exemplars li')].map((li) => Math.round(li.getBoundingClientRect().width));
        return {
          label: s.getAttribute('aria-label'),
          kind: s.classList.contains('slide-exemplars') ? 'exemplars' : 'category',
          scroll: [s.scrollHeight, s.clientHeight, s.scrollWidth, s.clientWidth],
          bottom: Math.round(r.bottom),
          frameBottom: Math.round(frame.bottom),
          font: table ? parseFloat(getComputedStyle(table.querySelector('td')).fontSize) : null,
          cols: table ? [...table.querySelectorAll('thead th')].map((th) => Math.round(th.getBoundingClientRect().width)) : null,
          rows: table ? table.querySelectorAll('tbody tr').length : 0,
          places: table ? [...table.querySelectorAll('tbody td:first-child')].map((td) => td.textContent.trim()) : [],
          title: s.querySelector('h2').childNodes[0].textContent,
          cards,
        };
      }),
    };
  });
  if (m.live) ctx.problem(`${page}: the slides carry aria-live="${m.live}": every automatic change would be announced`);
  // Read from across a hall: no text under 28 px, and the address under the QR code
  // broken after a slash or before a dot, never inside a word.
  const type = await p.evaluate(() => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const t = walker.currentNode;
      const el = t.parentElement;
      if (!t.textContent.trim() || el.closest('.visually-hidden, [hidden], script, style, svg')) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 28) small.push(`«${t.textContent.trim().slice(0, 16)}» ${size} px`);
    }
    const url = document.querySelector('.screen-qr .url');
    const breaks = [];
    if (url) {
      const text = url.textContent;
      const node = document.createTreeWalker(url, NodeFilter.SHOW_TEXT);
      let at = 0;
      let top = null;
      while (node.nextNode()) {
        const n = node.currentNode;
        for (let i = 0; i < n.length; i++, at++) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const rect = r.getClientRects()[0];
          if (!rect) continue;
          if (top !== null && rect.top > top + 2 && !(text[at - 1] === '/' || text[at] === '.')) breaks.push(`${text.slice(0, at)}|${text.slice(at)}`);
          top = rect.top;
        }
      }
    }
    return { small, breaks };
  });
  if (type.small.length) ctx.problem(`${page}: text under 28 px at 1920×1080: ${type.small.slice(0, 6).join(', ')}`);
  if (type.breaks.length) ctx.problem(`${page}: the address under the QR code wraps inside a word: ${type.breaks.join(', ')}`);
  const cols = new Set();
  const perCategory = new Map();
  for (const s of m.slides) {
    const [sh, ch, sw, cw] = s.scroll;
    if (sh > ch + 1 || sw > cw + 1 || s.bottom > s.frameBottom + 1) {
      ctx.problem(`${page}: slide «${s.label}» overflows its frame: scrollHeight ${sh} against ${ch} visible (scrollWidth ${sw} / ${cw}; bottom ${s.bottom} > ${s.frameBottom})`);
    }
    if (s.kind === 'exemplars' && s.cards.some((w) => w < 400)) ctx.problem(`${page}: slide «${s.label}»: exemplar cards ${s.cards.join(', ')} px wide`);
    if (s.font !== null && s.font < 40) ctx.problem(`${page}: slide «${s.label}»: table text ${s.font} px, under 40 px`);
    if (s.cols) cols.add(s.cols.join(','));
    if (s.kind === 'category') perCategory.set(s.title, [...(perCategory.get(s.title) || []), s.rows]);
  }
  if (cols.size > 1) ctx.problem(`${page}: column widths differ between slides: ${[...cols].join(' | ')}`);
  for (const [title, rows] of perCategory) {
    if (rows.length > 1 && Math.max(...rows) - Math.min(...rows) > 2) ctx.problem(`${page}: ${title} is split ${rows.join(' + ')} rows: not balanced`);
    if (rows.length > 1 && rows.includes(1)) ctx.problem(`${page}: ${title} is split ${rows.join(' + ')} rows: a lonely row`);
  }
  tiesWhole(ctx, `${page} at 1920×1080`, m.slides);
  const total = m.slides.length;
  const posText = (await p.locator('#screen-pos').innerText()).trim();
  if (posText !== `1 / ${total}`) ctx.problem(`${page}: the position reads «${posText}», expected «1 / ${total}»`);
  const button = p.locator('#screen-toggle');
  if (!(await button.isVisible())) ctx.problem(`${page}: no visible pause button`);
  else {
    const box = await button.boundingBox();
    if (box.height < 30) ctx.problem(`${page}: the pause button is ${box.height} px high`);
    await button.click();
    const state = await p.evaluate(() => document.body.getAttribute('data-state'));
    if (state !== 'paused') ctx.problem(`${page}: after the button the state is ${state}, expected paused`);
    const label = (await button.innerText()).trim();
    if (label !== '继续') ctx.problem(`${page}: the paused button reads «${label}», expected 继续`);
    await p.keyboard.press('ArrowRight');
    const pos2 = (await p.locator('#screen-pos').innerText()).trim();
    if (pos2 !== `2 / ${total}`) ctx.problem(`${page}: after → the position reads «${pos2}»`);
    await button.click();
    if ((await p.evaluate(() => document.body.getAttribute('data-state'))) !== 'playing') ctx.problem(`${page}: the button did not resume`);
  }
  await p.screenshot({ path: join(ctx.shots, `screen-${page.split('/')[1]}-1920.png`) });
  // The exemplar slide, as a reader in the hall sees it.
  const ex = m.slides.findIndex((s) => s.kind === 'exemplars');
  if (ex >= 0) {
    await p.evaluate((i) => {
      document.querySelectorAll('.slide').forEach((s, k) => s.classList.toggle('active', k === i));
    }, ex);
    await p.waitForTimeout(900); // the fade
    await p.screenshot({ path: join(ctx.shots, `screen-exemplars-1920.png`) });
  }
  ctx.log(`${page}: ${total} slides, table text ${m.slides.find((s) => s.font)?.font} px, columns ${[...cols][0]}`);
  await p.close();
  // A frame lower than 16:9 (a browser's toolbars, a cropped display): what does not fit
  // moves to more slides, never clipped, and no row is lost.
  const low = await ctx.open(`${page}?interval=60000`, { viewport: { width: 1920, height: 900 } });
  await low.waitForFunction(() => document.body.getAttribute('data-slide') === '0');
  const l = await low.evaluate(() => {
    const slides = [...document.querySelectorAll('.slide')];
    return {
      n: slides.length,
      over: slides.filter((s) => s.scrollHeight > s.clientHeight + 1).map((s) => `${s.getAttribute('aria-label')} ${s.scrollHeight}/${s.clientHeight}`),
      rows: document.querySelectorAll('.slide tbody tr').length,
      pos: document.getElementById('screen-pos').textContent.trim(),
      slides: slides.map((s) => ({
        title: s.querySelector('h2').childNodes[0].textContent,
        places: [...s.querySelectorAll('tbody td:first-child')].map((td) => td.textContent.trim()),
      })),
    };
  });
  tiesWhole(ctx, `${page} at 1920×900`, l.slides);
  for (const s of l.slides) {
    const same = l.slides.filter((o) => o.title.replace('（续）', '') === s.title.replace('（续）', ''));
    if (same.length > 1 && s.places.length === 1) ctx.problem(`${page} at 1920×900: «${s.title}» has a slide of a single row`);
  }
  const rows1080 = m.slides.reduce((a, s) => a + s.rows, 0);
  if (l.over.length) ctx.problem(`${page} at 1920×900: ${l.over.length} slide(s) overflow: ${l.over.slice(0, 4).join('; ')}`);
  if (l.rows !== rows1080) ctx.problem(`${page} at 1920×900: ${l.rows} rows on the slides, ${rows1080} at 1920×1080`);
  if (l.pos !== `1 / ${l.n}`) ctx.problem(`${page} at 1920×900: the position reads «${l.pos}» for ${l.n} slides`);
  ctx.log(`${page} at 1920×900: ${l.n} slides (${total} at 1080), ${l.rows} rows`);
  await low.close();
}

/** No tie group (rows 并列第N) parted between two slides of a category. */
function tiesWhole(ctx, where, slides) {
  for (let i = 1; i < slides.length; i++) {
    const [a, b] = [slides[i - 1], slides[i]];
    if (!a.places.length || !b.places.length) continue;
    const last = a.places[a.places.length - 1];
    if (last.startsWith('并列') && last === b.places[0]) ctx.problem(`${where}: the tie group ${last} is parted between slides «${a.title}» and «${b.title}»`);
  }
}

/** The screen's notice status: the build day without JavaScript, the day shown with it. */
async function checkScreenNotice(ctx, page) {
  const nojs = await ctx.open(page, { javaScriptEnabled: false, viewport: { width: 1920, height: 1080 } });
  const before = (await nojs.locator('.notice-status').first().innerText()).trim();
  if (!before.startsWith('公示中')) ctx.problem(`without JavaScript the screen reads «${before}», expected 公示中 (built with --today 2025-07-10)`);
  await nojs.close();
  const later = await ctx.open(page, { viewport: { width: 1920, height: 1080 } }, async (p) => p.clock.setFixedTime(new Date('2025-08-01T10:00:00+08:00')));
  const after = (await later.locator('.notice-status').first().innerText()).trim();
  if (after !== '公示期满') ctx.problem(`shown on 2025-08-01 the screen reads «${after}», expected 公示期满`);
  await later.close();
  ctx.log(`build day: ${before}; 2025-08-01: ${after}`);
}

/** Lines of text an element's content takes (distinct line boxes). */
function linesOf(el) {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
  return tops.size;
}

/** People tables at 375 px. */
async function checkPeoplePhone(ctx, page) {
  const p = await ctx.open(page, { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
  const m = await p.evaluate((linesSrc) => {
    // eslint-disable-next-line no-new-func
    const lines = new Function(`return (${linesSrc})`)();
    const vw = document.documentElement.clientWidth;
    const bad = [];
    const off = [];
    const rows = [...document.querySelectorAll('table.ranking tbody tr')];
    for (const tr of rows.slice(0, 400)) {
      for (const sel of ['.place', '.name', '.unit', '.total', '.exemplar-mark', '.grade']) {
        const el = tr.querySelector(sel);
        if (!el || !el.textContent.trim()) continue;
        const r = el.getBoundingClientRect();
        if (r.right > vw + 0.5 || r.width === 0) off.push(`${sel} «${el.textContent.trim()}» right edge ${Math.round(r.right)} px`);
        // A shared place is 并列 over 第N on a phone: each of them on one line.
        const tie = sel === '.place' && el.querySelector('.tie');
        const parts = tie ? [tie, ...[...el.childNodes].filter((n) => n.nodeType === 3 && n.data.trim())] : [el];
        const broken = parts.map((n) => lines(n)).some((k) => k > 1);
        if (broken) bad.push(`${sel} «${el.textContent.trim()}» broken over lines`);
        // …and the number never on a line of its own (并列第 / 3): 并列 over 第3.
        if (tie && parts.slice(1).some((n) => /^\d+$/.test(n.data.trim()))) bad.push(`${sel} «${el.textContent.trim()}»: the number alone on its line`);
      }
    }
    // Reasons and how an exemplar was named wrap (td.long); the rest does not.
    for (const td of [...document.querySelectorAll('table.log td:not(.long)')].slice(0, 400)) {
      if (td.textContent.trim() && lines(td) > 1) bad.push(`log cell «${td.textContent.trim()}» on ${lines(td)} lines`);
    }
    return { bad, off, height: document.scrollingElement.scrollHeight, rows: rows.length };
  }, linesOf.toString());
  await p.locator('section.category').first().scrollIntoViewIfNeeded();
  await p.evaluate(() => document.querySelector('section.category').scrollIntoView());
  await p.screenshot({ path: join(ctx.shots, 'people-375.png'), fullPage: false });
  if (m.off.length) ctx.problem(`${m.off.length} key cell(s) off the right edge at 375 px:\n    ${m.off.slice(0, 8).join('\n    ')}`);
  if (m.bad.length) ctx.problem(`${m.bad.length} name/unit/count cell(s) broken over lines:\n    ${m.bad.slice(0, 8).join('\n    ')}`);
  ctx.log(`${m.rows} rows; page ${m.height} px tall at 375 px`);
  await p.close();
}

/** A unit's history at 375 px. */
async function checkUnitPhone(ctx, page) {
  const p = await ctx.open(page, { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
  const m = await p.evaluate(() => {
    const groups = [...document.querySelectorAll('.history-series')].map((g) => {
      const box = g.querySelector('.table-scroll');
      const periods = [...g.querySelectorAll('table.history tbody tr > :first-child a')].map((a) => a.textContent.trim());
      const svg = g.querySelector('figure.chart svg');
      let minText = null;
      let labels = [];
      if (svg) {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const texts = [...svg.querySelectorAll('text')];
        minText = Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
        labels = texts.map((t) => t.textContent.trim());
      }
      return {
        name: g.querySelector('h3').textContent.trim(),
        fits: box.scrollWidth <= box.clientWidth + 1,
        widths: [box.scrollWidth, box.clientWidth],
        periods,
        minText,
        labels,
        charts: g.querySelectorAll('figure.chart').length,
      };
    });
    return { groups, tables: document.querySelectorAll('table.history').length };
  });
  await p.screenshot({ path: join(ctx.shots, 'unit-375.png'), fullPage: true });
  if (m.groups.length < 2) ctx.fail(`${page}: ${m.groups.length} series groups, expected one per series (the unit is in several)`);
  if (m.tables !== m.groups.length) ctx.problem(`${page}: ${m.tables} tables for ${m.groups.length} series`);
  const kind = (label) => (/季度/.test(label) ? 'quarter' : /半年/.test(label) ? 'half' : /年度/.test(label) ? 'year' : /月/.test(label) ? 'month' : label);
  for (const g of m.groups) {
    if (/^[a-z0-9-]+$/.test(g.name)) ctx.problem(`${page}: a series is headed by its id «${g.name}»`);
    if (!g.fits) ctx.problem(`${page}: the ${g.name} table is ${g.widths[0]} px wide in a ${g.widths[1]} px box: its columns are clipped`);
    const kinds = new Set(g.periods.map(kind));
    if (kinds.size > 1) ctx.problem(`${page}: the ${g.name} table mixes periods: ${g.periods.join(', ')}`);
    if (g.periods.length >= 2 && g.charts !== 1) ctx.problem(`${page}: ${g.name} has ${g.charts} charts, expected 1`);
    if (g.minText !== null && g.minText < 12) ctx.problem(`${page}: ${g.name} chart text is ${g.minText.toFixed(1)} px at 375 px`);
    if (g.labels.some((l) => /^\d{4}-(\d\d|Q\d|H\d)$/.test(l))) ctx.problem(`${page}: ${g.name} chart axis says ${g.labels.filter((l) => /^\d{4}-/.test(l)).join(', ')}`);
    if (g.charts && !g.labels.some((l) => /^\d{4}年/.test(l))) ctx.problem(`${page}: ${g.name} chart axis has no Chinese period label (${g.labels.join(' ')})`);
    if (g.charts && !g.labels.some((l) => /不从0开始/.test(l))) ctx.problem(`${page}: ${g.name} chart starts its axis above 0 without saying so (${g.labels.join(' ')})`);
    ctx.log(`${g.name}: ${g.periods.length} periods, chart text ≥ ${g.minText?.toFixed(1)} px`);
  }
  await p.close();
}

/** Chart text sizes on the web, the axis note, and the WeChat PNGs' width. */
async function checkCharts(ctx, page) {
  const measure = (p) => p.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll('figure.chart svg')) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const t of svg.querySelectorAll('text')) {
        if (t.textContent.trim()) out.push(parseFloat(getComputedStyle(t).fontSize) * scale);
      }
    }
    const notes = [...document.querySelectorAll('figure.chart svg text')].filter((t) => /不从0开始/.test(t.textContent)).length;
    const from = [...document.querySelectorAll('figure.chart svg')].length;
    return { min: Math.min(...out), count: out.length, notes, charts: from };
  });
  const p = await ctx.open(page, { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
  const normal = await measure(p);
  await p.close();
  if (!(normal.min >= 12)) ctx.problem(`chart text is ${normal.min.toFixed(1)} px at 375 px, under 12`);
  if (normal.notes < normal.charts) ctx.problem(`${normal.charts - normal.notes} of ${normal.charts} charts start their axis above 0 without saying so`);
  const big = await ctx.open(page, { viewport: { width: 375, height: 800 } }, async (pg) => pg.addInitScript(() => localStorage.setItem('bulletin-large-text', '1')));
  const large = await measure(big);
  await big.close();
  if (!(large.min > normal.min)) ctx.problem(`with 大字 chart text is ${large.min.toFixed(1)} px, not larger than ${normal.min.toFixed(1)} px`);
  // The WeChat article's PNGs: 677 CSS px on a 2× screen needs 1354 pixels.
  const wechat = await ctx.open(page.replace('index.html', 'wechat.html'), { viewport: { width: 1280, height: 800 } });
  const srcs = await wechat.evaluate(() => [...document.querySelectorAll('.wechat-frame img[src$=".png"]')].map((i) => i.src));
  await wechat.close();
  if (!srcs.length) ctx.problem('the WeChat article has no PNG charts');
  for (const src of srcs) {
    const bytes = Buffer.from(await (await fetch(src)).arrayBuffer());
    const width = bytes.readUInt32BE(16);
    if (width < 1354) ctx.problem(`${src}: ${width} pixels wide, blurred at 677 px on a 2× screen (needs 1354)`);
  }
  ctx.log(`${normal.count} chart labels ≥ ${normal.min.toFixed(1)} px (大字 ${large.min.toFixed(1)} px); ${normal.notes}/${normal.charts} axis notes; ${srcs.length} PNGs`);
}

/** A unit's result card framed by a page of another origin (about:blank here, as a unit's
 *  own site would be), JavaScript off in the frame: it fits at 320 and 677 px, fetches
 *  nothing but itself, sets no cookie and says the unit's rank. */
async function checkEmbed(ctx, rel) {
  const url = new URL(rel, ctx.base).href;
  for (const width of [320, 677]) {
    const context = await ctx.browser.newContext({ viewport: { width: width + 40, height: 900 }, javaScriptEnabled: false });
    const requests = [];
    const failures = [];
    context.on('request', (r) => requests.push(r.url()));
    context.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(NAV_TIMEOUT);
      // The unit's own page: an iframe as the unit page's snippet writes it, `width` wide.
      await page.setContent(`<!DOCTYPE html><html><body style="margin:20px"><iframe src="${url}" width="${width}" height="700" style="border:0" title="考核结果"></iframe></body></html>`, { waitUntil: 'load' });
      const frame = page.frames().find((f) => f.url() === url);
      if (!frame) ctx.fail(`${rel}: the iframe did not load at ${width} px`);
      const m = await frame.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        widest: Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)),
        place: (document.querySelector('.place')?.innerText || '').trim(),
        text: document.body.innerText.replace(/\s+/g, ' ').trim(),
        svg: document.querySelectorAll('figure svg').length,
        cookie: document.cookie,
      }));
      if (m.scroll > m.client) ctx.problem(`${rel} at ${width} px scrolls sideways: ${m.scroll} px of content in ${m.client} px`);
      if (m.widest > m.client + 0.5) ctx.problem(`${rel} at ${width} px: an element reaches ${m.widest.toFixed(0)} px, past ${m.client} px`);
      if (!/第\d+名/.test(m.place)) ctx.problem(`${rel} at ${width} px without JavaScript: no rank (第N名) in «${m.place}»`);
      if (!/总分/.test(m.text)) ctx.problem(`${rel} at ${width} px without JavaScript: no 总分`);
      if (m.svg !== 1) ctx.problem(`${rel}: ${m.svg} inline charts, expected 1`);
      const others = requests.filter((r) => r !== url && !r.startsWith('data:') && r !== 'about:blank');
      if (others.length) ctx.problem(`${rel} at ${width} px requested ${others.join(', ')}: an embed fetches nothing but itself`);
      if (failures.length) ctx.problem(`${rel} at ${width} px: failed requests ${failures.join(', ')}`);
      const cookies = await context.cookies();
      if (cookies.length || m.cookie) ctx.problem(`${rel} set cookies: ${JSON.stringify(cookies)}`);
      await page.screenshot({ path: join(ctx.shots, `embed-${width}.png`), fullPage: true });
      ctx.log(`${width} px: ${m.scroll}/${m.client} px wide, «${m.place}», ${requests.length} request(s)`);
    } finally {
      await context.close();
    }
  }
}

/** The unit page lists its own channels; each of their files is there; the copy button
 *  copies the iframe snippet. */
async function checkUnitChannels(ctx, rel) {
  const p = await ctx.open(rel, { viewport: { width: 375, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const links = await p.evaluate(() => [...document.querySelectorAll('#channels a')].map((a) => a.href));
  const want = ['models/index.html', 'models/wechat.html', 'models/print.html', 'models/screen.html', '/index.html', '/wechat.html', '/embed.html', '/card.png'];
  for (const w of want) if (!links.some((l) => l.endsWith(w))) ctx.problem(`${rel}: no channel link ending ${w}`);
  for (const href of links) {
    const res = await fetch(href);
    if (res.status !== 200) ctx.problem(`${href}: HTTP ${res.status}`);
  }
  const code = await p.locator('pre.embed-code').first().innerText();
  if (!/^<iframe src="[^"]+\/embed\.html"/.test(code)) ctx.problem(`${rel}: the embed code is «${code.slice(0, 80)}»`);
  await p.locator('#channels button.copy').first().click();
  // The status is written when the clipboard's promise settles, which on a busy machine
  // is after the click returns: wait for it (5 s), then read what it says.
  await p.waitForFunction(() => (document.querySelector('#channels .copy-status')?.textContent || '') !== '', null, { timeout: 5000 }).catch(() => {});
  const status = await p.locator('#channels .copy-status').first().innerText();
  const copied = await p.evaluate(() => navigator.clipboard.readText().catch((e) => `(unreadable: ${e})`));
  if (/已复制/.test(status) && !/^<iframe src="[^"]+\/embed\.html"/.test(copied)) ctx.problem(`${rel}: 复制代码 says copied, and the clipboard holds «${copied.slice(0, 80)}»`);
  if (!/已复制/.test(status)) ctx.problem(`${rel}: after 复制代码 the status says «${status}»`);
  const roll = await ctx.open(UNIT_ROLL_PAGE, { viewport: { width: 375, height: 800 } });
  const names = await roll.locator('.card.model').count();
  if (names === 0) ctx.problem(`${UNIT_ROLL_PAGE}: no exemplar`);
  ctx.log(`${links.length} channel links, all HTTP 200; ${names} exemplars on the unit's roll`);
}

/** 404.html served at a nested missing address, as nginx's error_page does. */
async function check404(ctx, rel) {
  const context = await ctx.browser.newContext({ viewport: { width: 375, height: 800 } });
  const p = await context.newPage();
  const failed = [];
  p.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== new URL(rel, ctx.base).href) failed.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  const res = await p.goto(new URL(rel, ctx.base).href, { waitUntil: 'load' });
  if (res.status() !== 404) ctx.problem(`${rel}: HTTP ${res.status()}, expected 404`);
  const text = await p.evaluate(() => document.body.innerText);
  if (!text.includes('页面不存在')) ctx.fail(`${rel} is not the site's 404 page`);
  const bg = await p.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
  if (bg === 'rgba(0, 0, 0, 0)') ctx.problem(`${rel}: the 404 page has no styles (header background ${bg})`);
  const hrefs = await p.evaluate(() => [...document.querySelectorAll('a[href], link[rel=stylesheet], script[src]')].map((e) => e.href || e.src));
  const here = new URL(rel, ctx.base).href;
  for (const h of hrefs.filter((h) => h.startsWith(ctx.base) && h.split('#')[0] !== here)) {
    const r = await fetch(h);
    if (r.status !== 200) failed.push(`link ${h}: HTTP ${r.status}`);
  }
  if (failed.length) ctx.problem(`${failed.length} broken link(s) or resource(s) on the 404 page at ${rel}:\n    ${failed.join('\n    ')}`);
  ctx.log(`${hrefs.length} links checked from ${rel}`);
  await p.screenshot({ path: join(ctx.shots, '404-375.png') });
  await context.close();
}

/** How to object: near the top of a notice page, phone and e-mail as links. */
async function checkObjection(ctx, page) {
  const p = await ctx.open(page, { viewport: { width: 375, height: 800 } });
  const m = await p.evaluate(() => {
    const box = document.querySelector('.notice-box');
    const first = document.querySelector('section.category');
    return {
      box: box ? Math.round(box.getBoundingClientRect().top + scrollY) : null,
      first: first ? Math.round(first.getBoundingClientRect().top + scrollY) : null,
      height: document.scrollingElement.scrollHeight,
      tel: box ? box.querySelectorAll('a[href^="tel:"]').length : 0,
      mail: box ? box.querySelectorAll('a[href^="mailto:"]').length : 0,
    };
  });
  if (m.box === null) ctx.fail(`${page}: no .notice-box`);
  if (m.box > m.first) ctx.problem(`${page}: the objection block is at ${m.box} px, below the first ranking (${m.first} px) of a ${m.height} px page`);
  if (!m.tel) ctx.problem(`${page}: the phone number is not a tel: link`);
  if (!m.mail) ctx.problem(`${page}: the e-mail address is not a mailto: link`);
  ctx.log(`objection block at ${m.box} px of ${m.height}; first ranking at ${m.first} px`);
  await p.close();
}

/** A corrected bulletin: the 更正说明 first, its table readable on a phone; the WeChat
 *  page's cover and summary ready to upload. */
async function checkCorrection(ctx, page) {
  const p = await ctx.open(page, { viewport: { width: 375, height: 800 } });
  const m = await p.evaluate(() => {
    const box = document.querySelector('section.correction');
    const first = document.querySelector('section.category');
    const rows = box ? [...box.querySelectorAll('table.changes tbody tr')] : [];
    return {
      box: box ? Math.round(box.getBoundingClientRect().top + scrollY) : null,
      first: first ? Math.round(first.getBoundingClientRect().top + scrollY) : null,
      rows: rows.map((r) => [...r.children].map((c) => c.textContent.trim())),
      overflow: document.scrollingElement.scrollWidth - innerWidth,
    };
  });
  await p.close();
  if (m.box === null) ctx.fail(`${page}: no 更正说明`);
  if (m.box > m.first) ctx.problem(`${page}: the 更正说明 is at ${m.box} px, below the first ranking (${m.first} px)`);
  if (m.overflow > 0) ctx.problem(`${page}: the page scrolls sideways by ${m.overflow} px at 375 px`);
  if (!m.rows.length || !m.rows.every((r) => r.some((c) => c.includes('→')))) ctx.problem(`${page}: change rows without a before → after cell: ${JSON.stringify(m.rows)}`);
  const w = await ctx.open(page.replace('index.html', 'wechat.html'), { viewport: { width: 1280, height: 800 } });
  const c = await w.evaluate(async () => {
    const img = document.querySelector('.wechat-upload img[src="wechat-cover.png"]');
    if (img) await img.decode().catch(() => {});
    const summary = document.getElementById('wechat-summary');
    return {
      size: img ? [img.naturalWidth, img.naturalHeight] : null,
      summary: summary ? summary.textContent : null,
      download: !!document.querySelector('a[href="wechat-summary.txt"][download]'),
    };
  });
  await w.close();
  if (!c.size || c.size[0] !== 900 || c.size[1] !== 383) ctx.problem(`the WeChat cover is ${JSON.stringify(c.size)}, not 900×383`);
  if (!c.summary || [...c.summary].length > 120) ctx.problem(`the WeChat summary is ${c.summary === null ? 'missing' : `${[...c.summary].length} characters`}`);
  if (!c.download) ctx.problem('wechat.html does not link wechat-summary.txt for download');
  ctx.log(`更正说明 at ${m.box} px, first ranking at ${m.first} px; ${m.rows.length} changed rows; cover ${c.size}; summary ${[...(c.summary || '')].length} characters`);
}

/** Ties: 并列第N, as large and dark as any other place. */
async function checkTies(ctx, page) {
  const p = await ctx.open(page, { viewport: { width: 1280, height: 800 } });
  const ties = await p.evaluate(() => [...document.querySelectorAll('.ranking td.place')].filter((td) => td.textContent.includes('并列')).map((td) => {
    const s = td.querySelector('.tie') || td;
    const a = getComputedStyle(s);
    const b = getComputedStyle(td);
    return { text: td.textContent.trim(), same: a.fontSize === b.fontSize && a.fontWeight === b.fontWeight && a.color === b.color, style: `${a.fontSize} ${a.fontWeight} ${a.color} vs ${b.fontSize} ${b.fontWeight} ${b.color}` };
  }));
  if (!ties.length) ctx.fail(`${page}: no tied place to check`);
  for (const t of ties) {
    if (!/^并列第\d+$/.test(t.text)) ctx.problem(`a tie reads «${t.text}», expected 并列第N`);
    if (!t.same) ctx.problem(`the tie «${t.text}» is styled apart: ${t.style}`);
  }
  ctx.log(`${ties.length} tied places: ${[...new Set(ties.map((t) => t.text))].join(', ')}`);
  await p.close();
}

/** Words: no align attributes, 人 for people, series by name. */
async function checkWords(ctx) {
  for (const page of [PAGES.home, 'archive/index.html', PAGES.people, PAGES.bulletin, PAGES.unit]) {
    const p = await ctx.open(page, { viewport: { width: 1280, height: 800 } });
    const m = await p.evaluate(() => ({
      align: document.querySelectorAll('[align]').length,
      // What the page itself counts (a narrative may well speak of 10个单位160名工作人员).
      text: [...document.querySelectorAll('caption, .stats, .card .meta')].map((e) => e.textContent).join(' '),
      h3: [...document.querySelectorAll('h3')].map((h) => h.textContent.trim()),
    }));
    if (m.align) ctx.problem(`${page}: ${m.align} element(s) with the obsolete align attribute`);
    if (page === PAGES.people && /个单位/.test(m.text)) ctx.problem(`${page}: people counted as 个单位`);
    if (page === PAGES.home) {
      const people = await p.evaluate(() => [...document.querySelectorAll('.card')].filter((c) => /人员|个人/.test(c.textContent) && /个单位/.test(c.textContent)).map((c) => c.textContent.trim().slice(0, 60)));
      if (people.length) ctx.problem(`home: people bulletins counted as units: ${people.join(' | ')}`);
    }
    const ids = m.h3.filter((h) => /^[a-z0-9-]+$/.test(h));
    if (ids.length) ctx.problem(`${page}: series headed by their ids: ${ids.join(', ')}`);
    await p.close();
  }
}

/** The home page's notices: current ones by the nearest end, then upcoming by start. */
async function checkHomeOrder(ctx) {
  const p = await ctx.open(PAGES.home, { viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const list = await p.evaluate(() => [...document.querySelectorAll('.card.notice .notice-status')].map((s) => ({
    from: s.getAttribute('data-from'),
    to: s.getAttribute('data-to'),
    status: s.textContent.trim().slice(0, 4),
  })));
  await p.close();
  const rank = (s) => (s.status.startsWith('公示中') ? 0 : s.status.startsWith('即将') ? 1 : 2);
  for (let i = 1; i < list.length; i++) {
    const [a, b] = [list[i - 1], list[i]];
    const ok = rank(a) < rank(b) || (rank(a) === rank(b) && (rank(a) === 0 ? a.to <= b.to : rank(a) === 1 ? a.from <= b.from : a.to >= b.to));
    if (!ok) ctx.problem(`home: «${a.status} ${a.from}–${a.to}» is listed before «${b.status} ${b.from}–${b.to}»`);
  }
  ctx.log(list.map((s) => `${s.status} ${s.from}–${s.to}`).join('; '));
}

/** a. Layout at one width: no page-level horizontal scrolling, no console/page errors. */
async function checkLayout(ctx, page, width, shot) {
  const p = await ctx.open(page, { viewport: { width, height: 800 }, deviceScaleFactor: width < 600 ? 2 : 1 });
  const m = await p.evaluate(() => {
    const se = document.scrollingElement;
    const vw = document.documentElement.clientWidth;
    // Elements that stick out to the right of the page, outside any box that scrolls
    // (a `.table-scroll` box clips what is inside it, which is allowed).
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const name = (el) =>
      el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
    const describe = (el) => {
      const within = el.parentElement?.closest('[id]');
      return within ? `${name(within)} ${name(el)}` : name(el);
    };
    const wide = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > vw + 0.5 && !clipped(el)) wide.add(el);
    }
    // Only the outermost offenders: an element whose parent sticks out too is left out.
    const outer = [...wide].filter((el) => !wide.has(el.parentElement)).map((el) => {
      const r = el.getBoundingClientRect();
      return { el: describe(el), right: Math.round(r.right), width: Math.round(r.width), text: (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40) };
    });
    return {
      scrollWidth: se.scrollWidth,
      clientWidth: vw,
      innerWidth: window.innerWidth,
      wide: outer.slice(0, 50),
    };
  });
  const path = join(ctx.shots, shot);
  await p.screenshot({ path, fullPage: true });
  ctx.log(`screenshot ${path}`);
  ctx.log(`scrollWidth ${m.scrollWidth}, clientWidth ${m.clientWidth}, innerWidth ${m.innerWidth}`);
  // A page scrolls sideways when its content is wider than the part of the window it
  // may use: innerWidth, less a vertical scrollbar if there is one (clientWidth).
  if (m.scrollWidth > m.innerWidth || m.scrollWidth > m.clientWidth) {
    const lines = m.wide.slice(0, 15).map((w) => `    ${w.el}: right edge at ${w.right} px (width ${w.width} px) «${w.text}»`);
    ctx.problem(
      `the page scrolls sideways at ${width} px: document.scrollingElement.scrollWidth is ${m.scrollWidth} px, ` +
        `the window is ${m.innerWidth} px (clientWidth ${m.clientWidth}). ` +
        `Wide content must scroll inside its own .table-scroll box. Elements past the right edge (outside any scrolling box):\n` +
        (lines.join('\n') || '    (none found: look for negative margins or transforms)'),
    );
  }
  await p.close();
}

/** b. Readable without JavaScript: the ranking tables are there and shown. */
async function checkWithoutJs(ctx, page) {
  const p = await ctx.open(page, { javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const tables = p.locator('table.ranking');
  const n = await tables.count();
  if (n === 0) ctx.fail(`no table.ranking on ${page} with JavaScript disabled`);
  for (let i = 0; i < n; i++) {
    const t = tables.nth(i);
    const caption = ((await t.locator('caption').textContent()) || '').trim();
    const rows = t.locator('tbody tr');
    const count = await rows.count();
    if (count === 0) {
      ctx.problem(`table ${i + 1} («${caption}») has no rows with JavaScript disabled`);
      continue;
    }
    if (!(await rows.first().isVisible())) ctx.problem(`table ${i + 1} («${caption}»): its rows are not visible with JavaScript disabled`);
    const first = ((await rows.first().innerText()) || '').replace(/\s+/g, ' ').trim();
    if (!first) ctx.problem(`table ${i + 1} («${caption}»): its first row is empty with JavaScript disabled`);
    ctx.log(`${caption}: ${count} rows; first: ${first.slice(0, 60)}`);
  }
  await p.close();
}

/** c. axe-core at both widths: serious and critical violations fail, the rest are listed. */
async function checkAxe(ctx, page) {
  const failing = [];
  for (const width of WIDTHS) {
    const p = await ctx.open(page, { viewport: { width, height: 800 } });
    await p.addScriptTag({ path: AXE });
    const result = await p.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { resultTypes: ['violations'] }),
    );
    await p.close();
    for (const v of result.violations) {
      const n = v.nodes.length;
      const fix = (v.nodes[0]?.failureSummary || '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      const line = [
        `[${width} px] ${v.id} (${v.impact}, ${n} element${n === 1 ? '' : 's'}): ${v.help}`,
        ...v.nodes.slice(0, 3).map((node) => `  at ${node.target.join(' ')}`),
        ...(n > 3 ? [`  … and ${n - 3} more`] : []),
        ...(fix ? [`  ${fix}`] : []),
        `  ${v.helpUrl}`,
      ].join('\n');
      if (FAILING_IMPACTS.has(v.impact)) failing.push(line);
      else ctx.log(`not failing: ${line}`);
    }
  }
  if (failing.length) ctx.problem(`${failing.length} serious/critical axe-core violation(s) on ${page}:\n${failing.join('\n')}`);
}

/** d. Internal links: each same-origin href (and its #fragment) resolves. */
async function checkLinks(ctx, page) {
  const p = await ctx.open(page, { viewport: { width: 1280, height: 800 } });
  const hrefs = await p.evaluate(() =>
    [...document.querySelectorAll('a[href], link[href], img[src], script[src]')].map((e) => ({
      tag: e.tagName.toLowerCase(),
      raw: e.getAttribute('href') ?? e.getAttribute('src'),
      abs: e.href || e.src,
    })),
  );
  await p.close();
  const origin = new URL(ctx.base).origin;
  const internal = hrefs.filter((h) => {
    try {
      return new URL(h.abs).origin === origin;
    } catch {
      return false;
    }
  });
  if (internal.length === 0) ctx.fail(`no internal links found on ${page}`);
  const bad = [];
  const bodies = new Map();
  for (const h of internal) {
    const url = new URL(h.abs);
    const hash = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    let entry = bodies.get(url.href);
    if (!entry) {
      const res = await fetch(url, { redirect: 'manual' });
      entry = { status: res.status, body: await res.text() };
      bodies.set(url.href, entry);
    }
    if (entry.status !== 200) bad.push(`<${h.tag}> ${h.raw} → ${url.pathname}: HTTP ${entry.status}`);
    else if (hash && !new RegExp(`\\sid=["']?${hash.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'\\s>]`).test(entry.body)) {
      bad.push(`<${h.tag}> ${h.raw}: ${url.pathname} has no element with id="${hash}"`);
    }
  }
  ctx.log(`${internal.length} internal links, ${bodies.size} distinct targets`);
  if (bad.length) ctx.problem(`${bad.length} broken internal link(s) on ${page}:\n    ${bad.join('\n    ')}`);
}

// ---------------------------------------------------------------------------------------
// The runner.

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** Serve `root` on 127.0.0.1, a free port; directories answer with their index.html. */
function serve(root) {
  root = resolve(root);
  const server = createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      // As nginx with `error_page 404 /404.html` and static hosts do: the site's own page.
      const page = join(root, '404.html');
      if (existsSync(page)) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        createReadStream(page).pipe(res);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${rel}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, err) => {
    server.once('error', err);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

function screenshotsDir() {
  const dir = process.env.BULLETIN_SCREENSHOTS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    return resolve(dir);
  }
  return mkdtempSync(join(tmpdir(), 'bulletin-screenshots-'));
}

class CheckFailed extends Error {}

async function main() {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node tests/browser/run.mjs <site folder | http://127.0.0.1:PORT/>');
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`no browser at ${CHROMIUM} (apt-get install chromium, or set BULLETIN_CHROMIUM)`);
    process.exit(1);
  }
  let server = null;
  let base;
  if (/^https?:\/\//.test(target)) {
    base = target.endsWith('/') ? target : `${target}/`;
  } else {
    if (!existsSync(join(target, 'index.html'))) {
      console.error(`${target}: not a built site (no index.html)`);
      process.exit(1);
    }
    server = await serve(target);
    base = `http://127.0.0.1:${server.address().port}/`;
  }
  const shots = screenshotsDir();
  console.log(`site ${base}${server ? ` (serving ${resolve(target)})` : ''}`);
  console.log(`screenshots in ${shots}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
  const only = (process.env.BULLETIN_CHECKS || '').split(',').map((s) => s.trim()).filter(Boolean);
  const checks = only.length ? CHECKS.filter((c) => only.some((o) => c.name.startsWith(o))) : CHECKS.filter((c) => !c.explicit);
  let passed = 0;
  let failed = 0;
  try {
    for (const check of checks) {
      const logs = [];
      const notes = new Set();
      const errors = [];
      const problems = [];
      const contexts = [];
      const ctx = {
        base,
        root: server ? resolve(target) : null,
        shots,
        browser,
        log: (s) => logs.push(s),
        note: (s) => notes.add(s),
        /** Stop the check here with this message. */
        fail: (msg) => {
          throw new CheckFailed(msg);
        },
        /** Fail the check with this message, but go on to find the rest. */
        problem: (msg) => problems.push(msg),
        /** A new page in its own context, at `base + rel`, with errors collected;
         *  `before(page)` runs before it loads (to fix the clock, say). */
        async open(rel, options = {}, before = null) {
          const context = await browser.newContext(options);
          contexts.push(context);
          const page = await context.newPage();
          if (before) await before(page);
          page.setDefaultTimeout(NAV_TIMEOUT);
          page.on('console', (m) => {
            // Chromium asks for /favicon.ico by itself when a page names no icon; its 404
            // is the browser's, not the page's: noted, not counted.
            if (m.type() === 'error' && /\/favicon\.ico$/.test(m.location()?.url || '')) {
              notes.add(`Chromium's own request for /favicon.ico got a 404 (the site has no favicon; not counted)`);
              return;
            }
            // The same 404 of the workspace's preview frame (below), as the console says it.
            if (m.type() === 'error' && /\/__bulletin\//.test(page.url()) && / 404 /.test(m.text()) && !/\/__bulletin\//.test(m.location()?.url || '')) return;
            if (m.type() === 'error') errors.push(`console error on ${rel}: ${m.text()}${m.location()?.url ? ` (${m.location().url})` : ''}`);
          });
          page.on('pageerror', (e) => errors.push(`page error on ${rel}: ${e.message}`));
          page.on('response', (r) => {
            // The workspace's preview frame shows a bulletin that may not be built yet
            // (its page then reloads by itself): the frame's 404 is expected there.
            const framed = r.request().frame()?.parentFrame() && /\/__bulletin\//.test(page.url());
            if (framed && r.status() === 404) {
              notes.add('the workspace\'s preview frame got a 404 for a bulletin not built yet (not counted)');
              return;
            }
            if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()} (loaded by ${rel})`);
          });
          page.on('requestfailed', (r) => {
            // `bulletin serve`'s event stream never ends: a reload cuts it off, by design.
            if (/\/__bulletin\/events$/.test(r.url()) && r.failure()?.errorText === 'net::ERR_ABORTED') {
              notes.add('the live-reload event stream was cut off by each reload (by design; not counted)');
              return;
            }
            // The workspace reloads its preview frame after each save: what the frame was
            // still loading is cancelled by the browser itself (net::ERR_ABORTED). A
            // refused, reset or empty answer is another error text, and a 404 or 500 is
            // a response (above): both still count.
            const framed = r.frame()?.parentFrame() && /\/__bulletin\//.test(page.url());
            if (framed && r.failure()?.errorText === 'net::ERR_ABORTED') {
              notes.add('the workspace\'s preview frame was reloaded while it loaded (its requests cancelled by the browser; not counted)');
              return;
            }
            errors.push(`request failed on ${rel}: ${r.url()}: ${r.failure()?.errorText}`);
          });
          const res = await page.goto(new URL(rel, base).href, { waitUntil: 'load' });
          if (!res || res.status() !== 200) throw new CheckFailed(`${rel}: HTTP ${res ? res.status() : 'no response'}`);
          return page;
        },
      };
      const started = Date.now();
      try {
        await check.run(ctx);
        // Every check fails on a console error, a page error or a failed request of
        // the pages it opened.
        if (errors.length) problems.push(`${errors.length} console/page error(s):\n    ${errors.join('\n    ')}`);
        if (problems.length) throw new CheckFailed(problems.join('\n'));
        passed++;
        console.log(`ok   ${check.name} (${Date.now() - started} ms)`);
        for (const l of [...logs, ...notes]) console.log(`       ${l.replace(/\n/g, '\n         ')}`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${check.name} (${Date.now() - started} ms)`);
        for (const l of [...logs, ...notes]) console.log(`       ${l.replace(/\n/g, '\n         ')}`);
        const msg = e instanceof CheckFailed ? e.message : e.stack || String(e);
        console.log(`  ── ${msg.replace(/\n/g, '\n     ')}`);
      } finally {
        for (const c of contexts) await c.close().catch(() => {});
      }
    }
  } finally {
    await browser.close().catch(() => {});
    if (server) server.close();
  }
  console.log(`\nscreenshots in ${shots}`);
  // The plain closing line: 'N passed, N failed'.
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && checks.length > 0 ? 0 : 1);
}

const watchdog = setTimeout(() => {
  console.error(`browser checks still running after ${WATCHDOG / 1000} s: giving up`);
  process.exit(1);
}, WATCHDOG);
watchdog.unref();

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
