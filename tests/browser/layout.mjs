// The layout probe: what a reader sees, read from the boxes Chromium laid out, on every
// page type at a phone's and a desktop's width, and on the lobby screen at 1920×1080.
//
// It knows nothing of the theme: it takes every visible piece of text (each line of each
// text node, each SVG <text>) as a box and fails on
//   - two boxes of different texts drawn over each other (a tied place over a name,
//     two axis labels in one spot);
//   - a text of four or more characters squeezed to two characters' width a line (a
//     column so narrow that a reason or a link runs down the page);
//   - a text cut off by a box that hides what overflows it (and, on the screen, a row
//     cut off by its slide);
//   - a short label (a status, a count, a name in a table: a text of 2 to 8 characters
//     in a block of at most 40, not a sentence) broken over two lines, as 公示期 / 满;
//   - a table wider than its box that scrolls with nothing to say that it does.
// Only the boxes count; nothing here names a class of the theme but the screen's
// `.slide`, which it pages through.

/** Page types of the example site, each looked at 390 and 1280 px wide. */
export const LAYOUT_PAGES = {
  home: 'index.html',
  archive: 'archive/index.html',
  units: 'units/index.html',
  'bulletin-monthly': '2025/03-units/index.html',
  'bulletin-annual': '2024/annual-units/index.html',
  'bulletin-notice': '2025/q2-units/index.html',
  'bulletin-corrected': '2025/q1-units/index.html',
  people: '2025/h1-people/index.html',
  'people-grades': '2025/annual-people/index.html',
  unit: 'units/czj/index.html',
  'unit-publish': 'units/czj/publish/index.html',
  'unit-card': 'units/czj/results/units-monthly/index.html',
  'unit-roll': 'units/czj/models/index.html',
  exemplar: 'models/wang-ji/index.html',
  roll: 'models/index.html',
  wechat: '2025/q2-units/wechat.html',
  search: 'search/index.html?q=%E5%8C%BA%E8%B4%A2%E6%94%BF',
  404: '404.html',
};
export const LAYOUT_WIDTHS = [390, 1280];

/** In the page: every visible text box and what is wrong with them. */
function probe() {
  const seen = new Map();
  const style = (el) => {
    let s = seen.get(el);
    if (!s) {
      s = getComputedStyle(el);
      seen.set(el, s);
    }
    return s;
  };
  // Hidden on purpose: not displayed, invisible, transparent, or cut to nothing for
  // screen readers only (clip, a 1 px box, a box far off the page).
  const shown = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = style(e);
      if (s.display === 'none' || s.visibility !== 'visible' || Number(s.opacity) === 0) return false;
      if (s.clip !== 'auto' && s.clip !== '' && s.position === 'absolute') return false;
      if (s.clipPath !== 'none') return false;
    }
    return true;
  };
  const name = (el) => {
    const own = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.classList.length ? `.${[...el.classList].join('.')}` : '');
    const within = el.parentElement?.closest('[id]');
    return within && within !== el ? `${within.tagName.toLowerCase()}#${within.id} ${own}` : own;
  };
  const sx = window.scrollX;
  const sy = window.scrollY;
  const boxes = [];
  const nodes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const text = t.data.replace(/\s+/g, '');
    if (!text) continue;
    const el = t.parentElement;
    if (!el || el.closest('script, style, noscript, template, textarea, option, title') || !shown(el)) continue;
    let rects;
    if (el instanceof SVGElement) {
      const r = el.getBoundingClientRect();
      rects = [r];
    } else {
      const range = document.createRange();
      range.selectNodeContents(t);
      rects = [...range.getClientRects()];
    }
    rects = rects.filter((r) => r.width > 0.5 && r.height > 0.5 && r.right + sx > 0 && r.bottom + sy > 0);
    if (!rects.length) continue;
    const id = nodes.length;
    const size = parseFloat(style(el).fontSize) || 16;
    nodes.push({ el, text, size, rects, svg: el instanceof SVGElement });
    for (const r of rects) boxes.push({ id, x: r.left + sx, y: r.top + sy, w: r.width, h: r.height });
  }

  // Drawn over each other: boxes of two texts that cross by more than a sliver.
  const overlaps = [];
  const byY = boxes.slice().sort((a, b) => a.y - b.y);
  for (let i = 0; i < byY.length && overlaps.length < 30; i++) {
    const a = byY[i];
    for (let j = i + 1; j < byY.length && byY[j].y < a.y + a.h; j++) {
      const b = byY[j];
      if (a.id === b.id) continue;
      const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      // Neighbours on a line touch; lines of tight text graze: neither is drawn over.
      if (ix > 2 && iy > 0.4 * Math.min(a.h, b.h)) {
        const [na, nb] = [nodes[a.id], nodes[b.id]];
        overlaps.push(`«${na.text.slice(0, 20)}» (${name(na.el)}) and «${nb.text.slice(0, 20)}» (${name(nb.el)}) at ${Math.round(Math.max(a.x, b.x))},${Math.round(Math.max(a.y, b.y))}, ${Math.round(ix)}×${Math.round(iy)} px`);
      }
    }
  }

  // Squeezed: four characters or more, broken into lines none wider than two characters.
  const squeezed = [];
  for (const n of nodes) {
    if (n.svg || [...n.text].length < 4 || n.rects.length < 2) continue;
    const widest = Math.max(...n.rects.map((r) => r.width));
    if (widest < 2.5 * n.size) squeezed.push(`«${n.text.slice(0, 24)}» (${name(n.el)}): ${n.rects.length} lines, none wider than ${Math.round(widest)} px at ${n.size} px type`);
  }

  // Cut off: a text box reaching past a box that hides what overflows it.
  const clipped = [];
  const cutters = (el) => {
    const out = [];
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = style(a);
      if (['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY)) out.push(a);
    }
    return out;
  };
  for (const n of nodes) {
    if (n.svg) continue;
    for (const a of cutters(n.el)) {
      const b = a.getBoundingClientRect();
      const s = style(a);
      const inner = {
        left: b.left + parseFloat(s.borderLeftWidth),
        right: b.right - parseFloat(s.borderRightWidth),
        top: b.top + parseFloat(s.borderTopWidth),
        bottom: b.bottom - parseFloat(s.borderBottomWidth),
      };
      const cut = n.rects.find((r) => r.left < inner.left - 1 || r.right > inner.right + 1 || r.top < inner.top - 1 || r.bottom > inner.bottom + 1);
      if (cut) {
        clipped.push(`«${n.text.slice(0, 24)}» (${name(n.el)}) cut off by ${name(a)} (text at ${Math.round(cut.left)},${Math.round(cut.top)}–${Math.round(cut.right)},${Math.round(cut.bottom)}; box ${Math.round(inner.left)},${Math.round(inner.top)}–${Math.round(inner.right)},${Math.round(inner.bottom)})`);
        break;
      }
    }
    if (clipped.length >= 30) break;
  }

  // A short label broken over two lines: a text of 2 to 8 characters on more than one
  // line, in a block of at most 40 characters (a cell, a status, a heading; not prose,
  // where any word may end a line).
  const broken = [];
  const blockOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const d = style(e).display;
      if (!d.startsWith('inline') && d !== 'contents') return e;
    }
    return document.body;
  };
  for (const n of nodes) {
    const len = [...n.text].length;
    if (n.svg || len < 2 || len > 8) continue;
    const lines = new Set(n.rects.map((r) => Math.round(r.top)));
    if (lines.size < 2) continue;
    const block = blockOf(n.el);
    // A sentence (a paragraph, a list item) may end a line anywhere; so may a WeChat
    // article's table, which the editor lays out at its own width.
    if (['P', 'LI'].includes(block.tagName) || n.el.closest('.wechat-frame')) continue;
    if ([...(block.textContent || '').replace(/\s+/g, '')].length > 40) continue;
    broken.push(`«${n.text}» (${name(n.el)}) is broken over ${lines.size} lines`);
  }

  // Wide content that scrolls sideways must say so (a shadow at the edge, a hint).
  const silent = [];
  for (const el of document.body.querySelectorAll('*')) {
    const s = style(el);
    if (!['auto', 'scroll'].includes(s.overflowX) || el.scrollWidth <= el.clientWidth + 1 || !shown(el)) continue;
    const cue = s.backgroundImage.includes('gradient') || el.dataset.scrolls !== undefined || el.previousElementSibling?.matches?.('.scroll-hint:not([hidden])');
    if (!cue) silent.push(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth}) with no cue that it does`);
  }
  return { texts: nodes.length, overlaps, squeezed, clipped, broken, silent };
}

/** One page at one width: every problem the probe finds, a screenshot kept. */
export async function checkLayoutBoxes(ctx, label, rel, width) {
  const p = await ctx.open(rel, { viewport: { width, height: 900 } });
  await p.evaluate(() => document.fonts.ready);
  const got = await p.evaluate(probe);
  const shot = `layout-${label}-${width}.png`;
  await p.screenshot({ path: `${ctx.shots}/${shot}`, fullPage: true });
  const report = (what, list) => {
    if (list.length) ctx.problem(`${rel} at ${width} px: ${what}:\n    ${list.slice(0, 12).join('\n    ')}${list.length > 12 ? `\n    … and ${list.length - 12} more` : ''}`);
  };
  report('texts drawn over each other', got.overlaps);
  report('texts squeezed to two characters a line', got.squeezed);
  report('texts cut off by their box', got.clipped);
  report('short labels broken over lines', got.broken);
  report('tables that scroll without a cue', got.silent);
  ctx.log(`${rel} at ${width} px: ${got.texts} texts (${shot})`);
  await p.close();
}

/** The lobby screen at 1920×1080: each slide shown in turn; no row cut off, each slide
 *  filled to 60% of its box or more but the last of a category, the QR code at least
 *  200 px with its address in type of 28 px or more. */
export async function checkScreenBoxes(ctx, rel) {
  const p = await ctx.open(`${rel}?interval=600000`, { viewport: { width: 1920, height: 1080 } });
  await p.evaluate(() => document.fonts.ready);
  const slides = await p.evaluate(() => [...document.querySelectorAll('.slide')].map((s) => s.getAttribute('aria-label') || ''));
  if (!slides.length) ctx.fail(`${rel}: no .slide`);
  const qr = await p.evaluate(() => {
    const svg = document.querySelector('svg[role], figure svg, .screen-qr svg');
    // The address: an element of its text alone (line-break points <wbr> aside).
    const url = [...document.querySelectorAll('*')].find((e) => [...e.children].every((c) => c.tagName === 'WBR') && /^https?:\/\//.test((e.textContent || '').trim()));
    return {
      side: svg ? Math.round(Math.min(svg.getBoundingClientRect().width, svg.getBoundingClientRect().height)) : 0,
      url: url ? parseFloat(getComputedStyle(url).fontSize) : 0,
    };
  });
  if (qr.side < 200) ctx.problem(`${rel}: the QR code is ${qr.side} px, not at least 200 px (read from 3–5 m)`);
  if (qr.url < 28) ctx.problem(`${rel}: the QR code's address is set at ${qr.url} px, not at least 28 px`);
  // A category's slides share a title; the last of each run is allowed to be short.
  const titles = slides.map((s) => s.replace(/（\d+\/\d+）$/, ''));
  const fills = [];
  for (let i = 0; i < slides.length; i++) {
    const m = await p.evaluate((i) => {
      const all = [...document.querySelectorAll('.slide')];
      all.forEach((s, k) => s.classList.toggle('active', k === i));
      const s = all[i];
      const box = s.getBoundingClientRect();
      const view = { top: 0, bottom: innerHeight, left: 0, right: innerWidth };
      let bottom = box.top;
      const cut = [];
      for (const el of s.querySelectorAll('tr, li, p, h2, img')) {
        const r = el.getBoundingClientRect();
        if (r.height === 0) continue;
        bottom = Math.max(bottom, r.bottom);
        const limit = Math.min(box.bottom, view.bottom);
        if (r.bottom > limit + 1 || r.right > Math.min(box.right, view.right) + 1) cut.push(`${el.tagName.toLowerCase()} «${(el.textContent || '').replace(/\s+/g, '').slice(0, 20)}» ends at ${Math.round(r.bottom)} px, its slide at ${Math.round(box.bottom)} px`);
      }
      return { fill: (bottom - box.top) / box.height, cut, height: Math.round(box.height) };
    }, i);
    const lastOfCategory = i + 1 === slides.length || titles[i + 1] !== titles[i];
    fills.push(`${Math.round(m.fill * 100)}%`);
    for (const c of m.cut) ctx.problem(`${rel}: slide ${i + 1} «${slides[i]}»: ${c} (cut off)`);
    if (!lastOfCategory && m.fill < 0.6) ctx.problem(`${rel}: slide ${i + 1} «${slides[i]}» fills ${Math.round(m.fill * 100)}% of its ${m.height} px, not 60%, and more of its category follows on the next slide`);
  }
  await p.screenshot({ path: `${ctx.shots}/layout-screen-${rel.replace(/\W+/g, '_')}.png` });
  ctx.log(`${rel}: ${slides.length} slides filled ${fills.join(' ')}; QR ${qr.side} px, address ${qr.url} px`);
  await p.close();
}
