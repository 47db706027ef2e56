// The `xss` check of run.mjs: every HTML page of a built site, loaded in headless
// Chromium, runs no script from content and asks for nothing outside the site.
//
// tests/xss.rs builds fixture sites whose every free-text field holds the vectors of
// tests/browser/xss-vectors.txt (which plant `alert(1)` and `top.__xss=1`, and load
// from https://evil.example/), then runs `BULLETIN_CHECKS=xss node run.mjs <folder>`.
// Run by hand on any built site with the same command.
//
// A page fails when, on loading it (print.html also printed to PDF, the search page
// also searched):
//   - a dialog opens (alert, confirm, prompt, print) or window.__xss is set;
//   - a page error is thrown (a script broken open by content is a script from content);
//   - a request leaves the site's origin (every request is intercepted: only the local
//     server's origin, data: and blob: are let through; the rest is aborted and listed);
//   - the DOM holds what content must never produce: an on* event-handler attribute,
//     an inline <script> or one from elsewhere than the site, a javascript:, vbscript:
//     or data: link, an <iframe>, <object>, <embed>, <base> or <meta http-equiv=refresh>.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every .html file below `root`, as URL paths relative to it, sorted. */
export function htmlFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.html')) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/** What content must never put into a page, found in the live DOM (and its frames). */
function domProblems() {
  const found = [];
  const origin = location.origin;
  const say = (el, what) => found.push(`${what}: ${el.outerHTML.replace(/\s+/g, ' ').slice(0, 160)}`);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) say(el, `event-handler attribute ${a.name}`);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (!s.src) {
      if (s.textContent.trim()) say(s, 'inline <script>');
    } else if (new URL(s.src).origin !== origin) say(s, 'a <script> from outside the site');
  }
  const bad = /^\s*(javascript|vbscript|data):/i;
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href], [data], [srcdoc]')) {
    // The theme's own empty icon (`<link rel="icon" href="data:,">`) keeps Chromium from
    // asking for /favicon.ico.
    if (el.matches('head link[rel~="icon"]') && el.getAttribute('href') === 'data:,') continue;
    for (const name of ['href', 'src', 'action', 'formaction', 'xlink:href', 'data']) {
      const v = el.getAttribute(name);
      // The browser strips tabs and newlines from URLs before it reads the scheme.
      if (v && bad.test(v.replace(/[\t\n\r]/g, '')) && !(el.tagName === 'IMG' && /^\s*data:image\//i.test(v))) say(el, `${name}=${v.slice(0, 40)}`);
    }
    if (el.hasAttribute('srcdoc')) say(el, 'srcdoc');
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]')) say(el, `<${el.tagName.toLowerCase()}>`);
  return found;
}

/** The check: ctx as in run.mjs, plus ctx.root, the folder being served. */
export async function checkXss(ctx) {
  if (!ctx.root) ctx.fail('the xss check reads the pages from a folder: give run.mjs a folder, not a URL');
  const pages = htmlFiles(ctx.root);
  if (pages.length === 0) ctx.fail(`no .html files below ${ctx.root}`);
  const origin = new URL(ctx.base).origin;
  const outside = [];
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__xss = 0;
  });
  let current = '';
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let ok = false;
    try {
      const u = new URL(url);
      ok = u.origin === origin || u.protocol === 'data:' || u.protocol === 'blob:';
    } catch {
      ok = false;
    }
    if (ok) return route.continue();
    outside.push(`${current}: ${route.request().resourceType()} ${url}`);
    return route.abort('blockedbyclient');
  });
  const ran = [];
  const marked = [];
  const structural = [];
  const notFound = new Set();
  let printed = 0;
  let printMs = 0;
  const page = await context.newPage();
  // A page broken open by content can lack what the loop below looks for: fail fast.
  page.setDefaultTimeout(5000);
  page.on('dialog', (d) => {
    ran.push(`${current}: a ${d.type()} dialog opened («${d.message().slice(0, 60)}»)`);
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => ran.push(`${current}: page error ${e.message.slice(0, 160)}`));
  page.on('response', (r) => {
    if (r.status() === 404) notFound.add(`${current} → ${r.url()}`);
  });
  for (const rel of pages) {
    current = rel;
    await page.emulateMedia({ media: 'screen' });
    await page.goto(new URL(rel, ctx.base).href, { waitUntil: 'load' });
    if (rel.endsWith('search/index.html')) {
      if ((await page.locator('#q').count()) === 0) structural.push(`${rel}: the search box #q is gone (content broke the page open)`);
      else for (const q of ['<', 'script', 'alert', '"', 'javascript', '{{']) await page.fill('#q', q);
    }
    if (rel.endsWith('print.html')) {
      await page.emulateMedia({ media: 'print' });
      const t = Date.now();
      await page.pdf({ preferCSSPageSize: true, printBackground: true });
      printMs += Date.now() - t;
      printed++;
    }
    // Timers, autofocus and animations get a moment to fire.
    await page.waitForTimeout(20);
    for (const frame of page.frames()) {
      const flag = await frame.evaluate(() => window.__xss).catch(() => 0);
      if (flag) marked.push(`${rel}: window.__xss = ${flag} in ${frame === page.mainFrame() ? 'the page' : `frame ${frame.url()}`}`);
    }
    for (const p of await page.evaluate(domProblems)) structural.push(`${rel}: ${p}`);
  }
  await context.close();
  ctx.log(`${pages.length} pages loaded (${printed} printed to PDF in ${printMs} ms); ${outside.length} outside request(s), ${ran.length} script run(s), ${marked.length} __xss mark(s), ${structural.length} unsafe element(s)`);
  if (notFound.size) ctx.log(`not failing: same-origin 404s (content's relative images):\n${[...notFound].slice(0, 10).join('\n')}`);
  const list = (xs) => xs.slice(0, 40).join('\n    ') + (xs.length > 40 ? `\n    … and ${xs.length - 40} more` : '');
  if (ran.length) ctx.problem(`script from content ran (${ran.length}):\n    ${list(ran)}`);
  if (marked.length) ctx.problem(`window.__xss was set (${marked.length}):\n    ${list(marked)}`);
  if (outside.length) ctx.problem(`requests left the site (${outside.length}), all aborted:\n    ${list(outside)}`);
  if (structural.length) ctx.problem(`unsafe elements or attributes in the DOM (${structural.length}):\n    ${list(structural)}`);
}

/** `code` parsed as HTML: its elements, what its body holds and the attributes of its
 *  first element (run in the page). */
function parseCode(code) {
  const doc = new DOMParser().parseFromString(code, 'text/html');
  const frame = doc.body.firstElementChild;
  return {
    elements: [...doc.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
    body: [...doc.body.childNodes].map((n) => (n.nodeType === 1 ? n.tagName.toLowerCase() : `#${n.nodeName}`)),
    attributes: frame ? [...frame.attributes].map((a) => [a.name, a.value]) : [],
  };
}

/** What `attributes` ([name, value] pairs) lack or have too many against `want`. */
function attributeProblems(attributes, want) {
  const out = [];
  const names = attributes.map(([n]) => n).sort();
  const expected = [...Object.keys(want), 'height'].sort();
  if (names.join() !== expected.join()) out.push(`attributes ${names.join(' ')}, expected ${expected.join(' ')}`);
  for (const [name, value] of attributes) {
    if (name === 'height' ? !/^\d+$/.test(value) : name in want && value !== want[name]) {
      out.push(`${name}=${JSON.stringify(value).slice(0, 120)}, expected ${JSON.stringify(want[name] ?? 'digits').slice(0, 120)}`);
    }
  }
  return out;
}

/** The embed code of the unit pages that `embed-expected.json` (written by tests/xss.rs
 *  beside the built site) lists: the text of its <pre> and what its copy button puts on
 *  the clipboard are the same, parse as exactly one <iframe> with exactly the attributes
 *  listed (and a height in digits), and pasted into a page of another origin
 *  (http://unit-site.test/) run nothing, set no window.__xss and load nothing but the
 *  card, which is served from the built files at the site's base_url. */
export async function checkEmbedCode(ctx) {
  if (!ctx.root) ctx.fail('the copied-code check reads the site from a folder: give run.mjs a folder');
  const listed = join(ctx.root, 'embed-expected.json');
  if (!existsSync(listed)) ctx.fail(`no ${listed}: tests/xss.rs writes it with the site it builds`);
  const expected = JSON.parse(readFileSync(listed, 'utf8'));
  const origin = new URL(ctx.base).origin;
  const published = new URL(expected.base_url);
  const OTHER = 'http://unit-site.test';
  const pasted = new Map();
  const outside = [];
  const ran = [];
  const wrong = [];
  let current = '';
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  await context.addInitScript(() => {
    window.__xss = 0;
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    if (url.origin === OTHER && pasted.has(url.pathname)) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pasted.get(url.pathname) });
    }
    // The card as published: the built file below the base URL's path.
    if (url.origin === published.origin && url.pathname.startsWith(published.pathname)) {
      const rel = decodeURIComponent(url.pathname.slice(published.pathname.length));
      const file = join(ctx.root, ...rel.split('/'));
      if (!rel.split('/').includes('..') && existsSync(file) && statSync(file).isFile()) {
        const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
        return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
      }
    }
    outside.push(`${current}: ${route.request().resourceType()} ${url.href}`);
    return route.abort('blockedbyclient');
  });
  const unit = await context.newPage();
  const paste = await context.newPage();
  for (const p of [unit, paste]) {
    p.setDefaultTimeout(10_000);
    p.on('dialog', (d) => {
      ran.push(`${current}: a ${d.type()} dialog opened («${d.message().slice(0, 60)}»)`);
      d.dismiss().catch(() => {});
    });
    p.on('pageerror', (e) => ran.push(`${current}: page error ${e.message.slice(0, 160)}`));
  }
  let codes = 0;
  let n = 0;
  for (const { page: rel, iframes } of expected.pages) {
    current = rel;
    await unit.bringToFront();
    await unit.goto(new URL(rel, ctx.base).href, { waitUntil: 'load' });
    const pres = unit.locator('pre.embed-code');
    const count = await pres.count();
    if (count !== iframes.length) {
      wrong.push(`${rel}: ${count} embed code(s), expected ${iframes.length}`);
      continue;
    }
    for (let k = 0; k < count; k++) {
      const want = iframes[k];
      const shown = await pres.nth(k).evaluate((e) => e.textContent);
      const id = await pres.nth(k).getAttribute('id');
      await unit.evaluate(() => navigator.clipboard.writeText(''));
      await unit.locator(`button.copy[data-copy="${id}"]`).click();
      let copied = '';
      for (let t = 0; t < 100 && !copied; t++) {
        copied = await unit.evaluate(() => navigator.clipboard.readText());
        if (!copied) await unit.waitForTimeout(50);
      }
      codes++;
      if (copied !== shown) wrong.push(`${rel}: the clipboard holds ${JSON.stringify(copied.slice(0, 160))}, the page shows ${JSON.stringify(shown.slice(0, 160))}`);
      for (const [what, code] of [['shown', shown], ['copied', copied]]) {
        const parsed = await unit.evaluate(parseCode, code);
        if (parsed.elements.join() !== 'html,head,body,iframe' || parsed.body.join() !== 'iframe') {
          wrong.push(`${rel}: the code ${what} parses as ${parsed.elements.join(' ')} (body: ${parsed.body.join(' ')}), not one iframe`);
        }
        for (const p of attributeProblems(parsed.attributes, want)) wrong.push(`${rel}: the code ${what}: ${p}`);
      }
      // Pasted into the unit's own site, with scripts on: nothing runs, only the card loads.
      const path = `/p${n++}`;
      pasted.set(path, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>本单位网站</title></head><body>${copied}</body></html>`);
      current = `${rel} pasted at ${OTHER}${path}`;
      await paste.goto(`${OTHER}${path}`, { waitUntil: 'load' });
      await paste.waitForTimeout(20);
      for (const frame of paste.frames()) {
        const flag = await frame.evaluate(() => window.__xss).catch(() => 0);
        if (flag) ran.push(`${current}: window.__xss = ${flag} in ${frame === paste.mainFrame() ? 'the page' : `frame ${frame.url()}`}`);
      }
      const live = await paste.evaluate(() => ({
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName.toLowerCase()} ${a.name}`)),
        iframes: [...document.querySelectorAll('iframe')].map((f) => [...f.attributes].map((a) => [a.name, a.value])),
      }));
      if (live.scripts) ran.push(`${current}: ${live.scripts} <script> element(s)`);
      if (live.handlers.length) ran.push(`${current}: event handlers ${live.handlers.join(', ')}`);
      if (live.iframes.length !== 1) wrong.push(`${current}: ${live.iframes.length} iframes`);
      else for (const p of attributeProblems(live.iframes[0], want)) wrong.push(`${current}: ${p}`);
      const framed = paste.frames().filter((f) => f !== paste.mainFrame()).map((f) => f.url());
      if (framed.join() !== want.src) wrong.push(`${current}: frames ${framed.join(', ') || 'none'}, expected the card ${want.src}`);
      current = rel;
    }
  }
  await context.close();
  ctx.log(`${expected.pages.length} unit pages, ${codes} embed codes copied and pasted into ${OTHER}; ${ran.length} script run(s), ${outside.length} outside request(s), ${wrong.length} wrong code(s)`);
  const list = (xs) => xs.slice(0, 40).join('\n    ') + (xs.length > 40 ? `\n    … and ${xs.length - 40} more` : '');
  if (codes === 0) ctx.problem('no embed code was checked');
  if (ran.length) ctx.problem(`script ran (${ran.length}):\n    ${list(ran)}`);
  if (outside.length) ctx.problem(`requests left the pages' own sites (${outside.length}), all aborted:\n    ${list(outside)}`);
  if (wrong.length) ctx.problem(`embed codes not as given (${wrong.length}):\n    ${list(wrong)}`);
}
