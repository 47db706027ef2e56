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

import { readdirSync, statSync } from 'node:fs';
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
