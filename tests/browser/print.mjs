// The printed notice as the staffer who signs it gets it: print.html printed by Chromium
// to PDF, and notice.docx turned into PDF by LibreOffice, both read back page by page
// with poppler (pdftotext, with the place of every word). On each:
//   - the narrative the staffer wrote (总体情况, 分类排名…, its tables) and the bonus and
//     deduction details are on the printed notice;
//   - a page that a ranking table runs off (it goes on over the page) holds at least 28
//     rows: rows one line high fill the page;
//   - a table that fits on a page (at most 25 rows) is on one page, not split;
//   - the 版记 (印发机关 and date, 抄送) is in the lower third of the last page, its two
//     parts apart on their line;
//   - no page holds only the 落款 or only the 版记.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The printed notices of the example site; `docx` when notice.docx is checked too. */
export const PRINTS = [
  { dir: '2024/annual-units', docx: true },
  { dir: '2025/03-units' },
  { dir: '2025/annual-people' },
  { dir: '2025/q2-units', docx: true },
  { dir: '2025/h1-people', docx: true },
];
const MIN_ROWS = 28;
const WHOLE = 25;

const squeeze = (s) => s.replace(/\s+/g, '');
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The pages of a PDF: their size, their words with places, and their text as laid out. */
export function readPdf(file) {
  const bbox = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const layout = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  // In reading order, a cell's lines stay together (a name that wraps in its cell).
  const reading = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (bbox.status !== 0 || layout.status !== 0 || reading.status !== 0) throw new Error(`pdftotext failed on ${file}: ${bbox.stderr || layout.stderr}`);
  const texts = layout.stdout.split('\f');
  const plain = reading.stdout.split('\f');
  const pages = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  const wordRe = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (let m = pageRe.exec(bbox.stdout); m; m = pageRe.exec(bbox.stdout)) {
    const words = [];
    for (let w = wordRe.exec(m[3]); w; w = wordRe.exec(m[3])) words.push({ x0: +w[1], y0: +w[2], x1: +w[3], y1: +w[4], text: unescape(w[5]) });
    // The body of the page, without what stands in the bottom margin (the notice board's
    // footer of title, period and page count).
    const body = squeeze(words.filter((w) => w.y0 < +m[2] - 57).map((w) => w.text).join(''));
    pages.push({ width: +m[1], height: +m[2], words, body, text: texts[pages.length] || '', plain: squeeze(plain[pages.length] || '') });
  }
  return pages;
}

/** A row of a ranking table as pdftotext lays it out: its place first (1, 并列3, 缓评). */
const ROW = /^\s*(?:并列\s*)?\d{1,3}\s+\S|^\s*缓评\s+\S/;
/** A category's heading: 一、园区类 (公文) or 1. 园区类 (notice board). */
const HEADING = /^\s*(?:[一二三四五六七八九十]+、|\d+\.\s)/;

/** What the checks compare the printed pages with, read from the built site. */
async function expected(ctx, dir) {
  const p = await ctx.open(`${dir}/index.html`, { viewport: { width: 1280, height: 900 } });
  const web = await p.evaluate(() => {
    const text = (el) => (el.innerText || '').trim();
    const narrative = document.querySelector('.narrative');
    return {
      // The narrative as written (not the line site.js puts over a wide table).
      paragraphs: narrative ? [...narrative.querySelectorAll('p:not(.scroll-hint), li, h2, h3, h4')].map(text).filter((t) => t.length >= 6) : [],
      tables: narrative ? [...narrative.querySelectorAll('table')].map((t) => [...t.querySelectorAll('td')].map(text)) : [],
      details: [...document.querySelectorAll('#bonuses tbody tr, #deductions tbody tr')].map((r) => text(r.cells[r.cells.length - 1])),
    };
  });
  await p.close();
  const q = await ctx.open(`${dir}/print.html`, { viewport: { width: 1280, height: 900 } });
  const print = await q.evaluate(() => {
    const one = (sel) => (document.querySelector(sel)?.innerText || '').trim();
    return { signature: one('.signature'), banji: one('.banji'), qr: one('.qr figcaption') };
  });
  await q.close();
  const results = JSON.parse(readFileSync(join(ctx.root, dir, 'results.json'), 'utf8'));
  return { ...web, ...print, categories: results.categories.map((c) => ({ name: c.name, rows: c.rows.map((r) => r.name) })) };
}

/** Every check of one printed PDF, named `what` in the messages. */
function checkPages(ctx, what, pages, want) {
  const all = pages.map((p) => p.plain).join('');
  // The narrative and the details.
  for (const para of want.paragraphs) {
    const s = squeeze(para);
    const head = s.slice(0, 16);
    const tail = s.slice(-8);
    if (!all.includes(head) || !all.includes(tail)) ctx.problem(`${what}: the narrative's «${para.slice(0, 30)}…» is not on the printed notice`);
  }
  for (const reason of want.details) {
    if (!all.includes(squeeze(reason))) ctx.problem(`${what}: the bonus or deduction «${reason}» is not on the printed notice`);
  }
  // Tables that fit a page are on one page: the narrative's and each category's.
  const onOnePage = (cells) => pages.some((p) => cells.every((c) => p.plain.includes(squeeze(c))));
  want.tables.forEach((cells, i) => {
    if (cells.length && !onOnePage(cells)) ctx.problem(`${what}: the narrative's table ${i + 1} is split over pages`);
  });
  for (const c of want.categories) {
    if (c.rows.length && c.rows.length <= WHOLE && !onOnePage(c.rows)) ctx.problem(`${what}: the table of ${c.name} (${c.rows.length} rows) is split over pages though it fits on one`);
  }
  // A page that a table fills (it goes on from the page before and on to the next, or
  // starts the page under its heading with （续）) holds at least MIN_ROWS rows.
  const rowsOf = (p) => p.text.split('\n').filter((l) => ROW.test(l)).length;
  const counts = pages.map(rowsOf);
  const lines = pages.map((p) => p.text.split('\n').map((l) => l.trim()).filter(Boolean));
  for (let i = 0; i + 1 < pages.length; i++) {
    if (!counts[i] || !counts[i + 1]) continue;
    const first = lines[i][0] || '';
    const startsInTable = ROW.test(first) || /^名次/.test(first) || (HEADING.test(first) && first.includes('（续）'));
    const newTable = lines[i].some((l) => HEADING.test(l) && !l.includes('（续）'));
    const next = lines[i + 1];
    const goesOn = !next.slice(0, next.findIndex((l) => ROW.test(l))).some((l) => HEADING.test(l) && !l.includes('（续）'));
    const endsInRows = lines[i].slice(-4).some((l) => ROW.test(l));
    if (startsInTable && !newTable && goesOn && endsInRows && counts[i] < MIN_ROWS) ctx.problem(`${what}: page ${i + 1}, full of a table that goes on over the page, holds ${counts[i]} rows, not ${MIN_ROWS} or more`);
  }
  // Nothing runs off the type area into the right margin (a table too wide for the page).
  pages.forEach((p, i) => {
    const off = p.words.filter((w) => w.x1 > p.width - 25 && w.y0 < p.height - 57);
    if (off.length) ctx.problem(`${what}: page ${i + 1}: «${off.slice(0, 4).map((w) => w.text).join(' ')}» runs into the right margin (to ${Math.round(Math.max(...off.map((w) => w.x1)))} pt of ${Math.round(p.width)})`);
  });
  // The 落款 and the 版记.
  const last = pages[pages.length - 1];
  const markers = [];
  if (want.banji) {
    const words = last.words.filter((w) => w.text.includes('印发'));
    if (!words.length) ctx.problem(`${what}: the last page has no 版记 (印发)`);
    for (const w of words) {
      if (w.y0 < last.height * 2 / 3) ctx.problem(`${what}: the 版记 («${w.text}») stands at ${Math.round(w.y0 / last.height * 100)}% of the last page's height, not in its lower third`);
      // Its two parts apart: 印发机关 at the left, the date (from its first figure) at the right.
      const line = last.words.filter((v) => Math.abs(v.y0 - w.y0) < 2).sort((a, b) => a.x0 - b.x0);
      const date = line.findIndex((v) => /\d/.test(v.text));
      const apart = date > 0 ? line[date].x0 - line[date - 1].x1 : 0;
      if (apart < 20) ctx.problem(`${what}: on the 版记's line the 印发机关 and the date run together (${Math.round(apart)} pt apart)`);
    }
    markers.push(...want.banji.split('\n').map(squeeze).filter(Boolean));
  }
  const signature = want.signature.split('\n').map(squeeze).filter(Boolean);
  markers.push(...signature, squeeze(want.qr));
  pages.forEach((p, i) => {
    let t = p.body.replace(new RegExp(`[—-]+${i + 1}[—-]+`), '');
    const had = t;
    for (const m of markers.filter(Boolean).sort((a, b) => b.length - a.length)) t = t.split(m).join('');
    t = t.replace(/扫码查看网页版：?\S*/, '');
    if (t !== had && t.length < 12) ctx.problem(`${what}: page ${i + 1} holds only the 落款 or the 版记 («${had.slice(0, 60)}»)`);
  });
  ctx.log(`${what}: ${pages.length} pages, rows a page ${counts.join(' ')}`);
}

/** print.html of `dir`, printed by Chromium. */
export async function checkPrinted(ctx, dir) {
  const want = await expected(ctx, dir);
  const p = await ctx.open(`${dir}/print.html`, { viewport: { width: 1280, height: 900 } });
  await p.emulateMedia({ media: 'print' });
  const pdf = await p.pdf({ preferCSSPageSize: true, printBackground: true });
  await p.close();
  const file = join(ctx.shots, `print-${dir.replace(/\W+/g, '_')}.pdf`);
  writeFileSync(file, pdf);
  checkPages(ctx, `${dir}/print.html`, readPdf(file), want);
}

/** notice.docx of `dir`, turned into PDF by LibreOffice. */
export async function checkDocx(ctx, dir) {
  const want = await expected(ctx, dir);
  const work = mkdtempSync(join(tmpdir(), 'bulletin-docx-'));
  const docx = join(ctx.root, dir, 'notice.docx');
  const out = spawnSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', work, docx], {
    encoding: 'utf8',
    env: { ...process.env, HOME: work },
    timeout: 120_000,
  });
  const file = join(work, `${basename(docx, '.docx')}.pdf`);
  if (out.status !== 0 || !existsSync(file)) ctx.fail(`soffice could not convert ${docx}: ${out.error || ''}${out.stdout}${out.stderr}`);
  const kept = join(ctx.shots, `docx-${dir.replace(/\W+/g, '_')}.pdf`);
  writeFileSync(kept, readFileSync(file));
  // Word's notice has no QR caption of the print's, but the same words.
  checkPages(ctx, `${dir}/notice.docx`, readPdf(file), want);
}
