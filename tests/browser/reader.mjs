// What a reader meets that boxes alone do not tell: where the scores are on a unit's page,
// what the jump links reach, the size of chart text beside the tables, a search for a
// name written with a rare character, and what the WeChat copy button puts on the
// clipboard.

/** A unit's page opens with its results and history; the publishing tools (embed code,
 *  copy buttons, links to the card, roll and embed) are on a page of their own, linked. */
export async function checkUnitFirst(ctx, rel) {
  const p = await ctx.open(rel, { viewport: { width: 390, height: 844 } });
  const got = await p.evaluate(() => {
    const top = (sel) => {
      const el = document.querySelector(sel);
      return el ? el.getBoundingClientRect().top + scrollY : null;
    };
    const publish = [...document.querySelectorAll('a')].find((a) => /publish\//.test(a.getAttribute('href') || ''));
    return {
      history: top('table.history'),
      code: top('pre, .embed-code, button.copy'),
      publish: publish ? publish.getAttribute('href') : null,
    };
  });
  if (got.history === null) ctx.problem(`${rel}: no history table`);
  else if (got.history > 844) ctx.problem(`${rel}: the first score is ${Math.round(got.history)} px down the page, below the first screen of a phone (844 px)`);
  if (got.code !== null) ctx.problem(`${rel}: publishing tools (embed code, copy buttons) are on the unit's page, ${Math.round(got.code)} px down; they belong on the unit's own publishing page`);
  if (!got.publish) ctx.fail(`${rel}: no link to the unit's publishing page (publish/)`);
  await p.close();
  const target = new URL(got.publish, new URL(rel, ctx.base)).pathname.replace(/^\//, '');
  const q = await ctx.open(target);
  const tools = await q.evaluate(() => ({
    code: document.querySelectorAll('pre.embed-code').length,
    links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') || '').filter((h) => /(models|results)\//.test(h)).length,
  }));
  if (!tools.code) ctx.problem(`${target}: the publishing page has no embed code`);
  if (!tools.links) ctx.problem(`${target}: the publishing page links no card or roll`);
  ctx.log(`${rel}: history at ${Math.round(got.history)} px; publishing page ${target}: ${tools.code} embed codes, ${tools.links} links`);
  await q.close();
}

/** The jump links at the head of a bulletin reach every section headed on the page. */
export async function checkJumpLinks(ctx, rel) {
  const p = await ctx.open(rel, { viewport: { width: 1280, height: 900 } });
  const got = await p.evaluate(() => {
    const links = new Set([...document.querySelectorAll('nav.toc a')].map((a) => (a.getAttribute('href') || '').slice(1)));
    const sections = [...document.querySelectorAll('article section[id]')]
      .filter((s) => s.querySelector(':scope > h2') && !['h-notice', 'correction'].includes(s.id) && s.id !== 'correction')
      .map((s) => ({ id: s.id, title: s.querySelector(':scope > h2').innerText.trim() }));
    return { links: [...links], sections };
  });
  for (const s of got.sections) {
    if (!got.links.includes(s.id)) ctx.problem(`${rel}: no jump link to «${s.title}» (#${s.id})`);
  }
  ctx.log(`${rel}: ${got.links.length} jump links, ${got.sections.length} sections`);
  await p.close();
}

/** Chart text at 1280 px is no larger than the tables' text (a chart is not a poster). */
export async function checkChartText(ctx, rel) {
  const p = await ctx.open(rel, { viewport: { width: 1280, height: 900 } });
  const got = await p.evaluate(() => {
    const table = document.querySelector('table td');
    const size = table ? parseFloat(getComputedStyle(table).fontSize) : 16;
    const charts = [...document.querySelectorAll('figure.chart svg')].map((svg) => {
      const vb = svg.viewBox.baseVal;
      const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
      const text = svg.querySelector('text');
      return text ? parseFloat(getComputedStyle(text).fontSize) * scale : 0;
    });
    return { size, charts };
  });
  got.charts.forEach((c, i) => {
    if (c > got.size * 1.1) ctx.problem(`${rel}: chart ${i + 1}'s text is ${c.toFixed(1)} px at 1280 px, larger than the tables' ${got.size} px`);
  });
  ctx.log(`${rel}: tables ${got.size} px, chart text ${got.charts.map((c) => c.toFixed(1)).join(', ')} px`);
  await p.close();
}

/** Chart labels keep their distance: two labels of one chart closer than half a character
 *  read as one (2025年1月 2月). */
export async function checkChartLabels(ctx, rel) {
  for (const width of [390, 1280]) {
    const p = await ctx.open(rel, { viewport: { width, height: 900 } });
    const crowded = await p.evaluate(() => {
      const out = [];
      for (const svg of document.querySelectorAll('figure.chart svg')) {
        const boxes = [...svg.querySelectorAll('text')].map((t) => ({ t: t.textContent.trim(), r: t.getBoundingClientRect() })).filter((b) => b.t && b.r.width > 0);
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i].r, boxes[j].r];
            const sameLine = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5 * Math.min(a.height, b.height);
            const gap = Math.max(a.left, b.left) - Math.min(a.right, b.right);
            if (sameLine && gap < 0.5 * Math.min(a.height, b.height)) out.push(`«${boxes[i].t}» and «${boxes[j].t}» ${Math.round(gap)} px apart`);
          }
        }
      }
      return out;
    });
    for (const c of crowded.slice(0, 8)) ctx.problem(`${rel} at ${width} px: chart labels ${c}`);
    await p.close();
  }
}

/** 王吉 finds 王𠮷 (few input methods type 𠮷), and the row the result opens is marked. */
export async function checkSearchVariants(ctx) {
  const p = await ctx.open('search/index.html', { viewport: { width: 390, height: 844 } });
  await p.fill('#q', '王吉');
  const hits = await p.locator('#search-results li').allInnerTexts();
  const hit = hits.find((h) => h.includes('王𠮷'));
  if (!hit) ctx.fail(`searching 王吉 does not find 王𠮷 (found: ${hits.join(' | ') || 'nothing'})`);
  await p.fill('#q', '王𠮷');
  const back = await p.locator('#search-results li').allInnerTexts();
  if (!back.some((h) => h.includes('王𠮷'))) ctx.problem('searching 王𠮷 itself does not find 王𠮷');
  await p.fill('#q', '王吉');
  const href = await p.locator('#search-results li a').first().getAttribute('href');
  await p.close();
  const target = new URL(href, new URL('search/index.html', ctx.base));
  const q = await ctx.open(target.pathname.replace(/^\//, '') + target.hash, { viewport: { width: 390, height: 844 } });
  const mark = await q.evaluate((id) => {
    const row = document.getElementById(id);
    if (!row) return null;
    const other = row.parentElement.querySelector(`tr:not(#${CSS.escape(id)})`);
    const look = (el) => {
      const s = getComputedStyle(el);
      return `${s.backgroundColor}|${s.outlineStyle}|${s.boxShadow}`;
    };
    const r = row.getBoundingClientRect();
    return { row: look(row), other: other ? look(other) : '', top: r.top, bottom: r.bottom };
  }, target.hash.slice(1));
  if (!mark) ctx.fail(`${target.pathname}${target.hash}: no row ${target.hash}`);
  if (mark.row === mark.other) ctx.problem(`${target.pathname}${target.hash}: the found row looks like every other row (${mark.row})`);
  if (mark.top < 0 || mark.bottom > 844) ctx.problem(`${target.pathname}${target.hash}: the found row is not on screen (${Math.round(mark.top)}–${Math.round(mark.bottom)} px)`);
  ctx.log(`王吉 → ${hit.replace(/\s+/g, ' ').slice(0, 40)} → ${target.pathname}${target.hash}`);
  await q.close();
}

/** The WeChat copy button: whatever page it is pressed on (here a local one), the copied
 *  article's images point at the published site (base_url); the page says that the images
 *  come along once the site is online, and offers them as files to upload. */
export async function checkWechatCopy(ctx, rel, baseUrl) {
  const p = await ctx.open(rel, { viewport: { width: 1280, height: 900 } }, async (page) => {
    await page.addInitScript(() => {
      window.__copied = [];
      const keep = async (items) => {
        for (const item of items) {
          for (const type of item.types) window.__copied.push({ type, text: await (await item.getType(type)).text() });
        }
      };
      Object.defineProperty(navigator, 'clipboard', { value: { write: keep, writeText: async (t) => window.__copied.push({ type: 'text/plain', text: t }) }, configurable: true });
    });
  });
  await p.locator('button.copy[data-copy^="part-"]').first().click();
  await p.waitForFunction(() => window.__copied.length > 0, null, { timeout: 5000 }).catch(() => {});
  const got = await p.evaluate(() => ({
    html: (window.__copied.find((c) => c.type === 'text/html') || {}).text || '',
    note: [...document.querySelectorAll('.wechat-images-note')].filter((e) => !e.hidden && e.offsetParent).map((e) => e.innerText).join(' '),
    files: [...document.querySelectorAll('a[download]')].map((a) => a.getAttribute('href') || '').filter((h) => /\.png$/.test(h) && !/cover/.test(h)),
    images: [...document.querySelectorAll('.wechat-frame img')].map((i) => i.getAttribute('src')),
  }));
  if (!got.html) ctx.fail(`${rel}: the copy button put no HTML on the clipboard`);
  const srcs = [...got.html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g)].map((m) => m[1]);
  if (!srcs.length) ctx.problem(`${rel}: the copied article has no image`);
  for (const s of srcs) {
    if (!s.startsWith(baseUrl)) ctx.problem(`${rel}: a copied image points at ${s}, not at the published site ${baseUrl}`);
  }
  if (!got.note) ctx.problem(`${rel}: opened from ${ctx.base}, not the published site, the page does not say beside the button that the images come along once the site is online`);
  const missing = got.images.filter((src) => !got.files.some((f) => f.endsWith(src.split('/').pop())));
  if (missing.length) ctx.problem(`${rel}: the article's images ${missing.join(', ')} are not offered as files to upload`);
  ctx.log(`${rel}: ${srcs.length} images copied as ${srcs[0] || '—'}; note «${got.note.slice(0, 40)}»; ${got.files.length} files offered`);
  await p.close();
}

/** At 390 px, a table cut off at the right edge says so in words above it (表格较宽，可左右
 *  滑动…), as the page opens and after 大字 makes tables wider: no table silently cut. */
export async function checkScrollHints(ctx, rel) {
  const p = await ctx.open(rel, { viewport: { width: 390, height: 844 } });
  await p.evaluate(() => document.fonts.ready);
  const silent = () => p.evaluate(() => [...document.querySelectorAll('.table-scroll')]
    .filter((box) => box.scrollWidth > box.clientWidth + 1)
    .filter((box) => {
      const hint = box.previousElementSibling;
      return !(hint && hint.classList.contains('scroll-hint') && hint.getBoundingClientRect().height > 0);
    })
    .map((box) => `«${(box.querySelector('caption, th')?.textContent || '').trim().slice(0, 16)}» ${box.scrollWidth} px in ${box.clientWidth}`));
  const before = await silent();
  if (before.length) ctx.problem(`${rel} at 390 px: tables cut off with no hint above: ${before.join('; ')}`);
  await p.click('button[data-toggle="large-text"]');
  await p.waitForTimeout(400);
  const after = await silent();
  if (after.length) ctx.problem(`${rel} at 390 px with 大字: tables cut off with no hint above: ${after.join('; ')}`);
  const count = await p.evaluate(() => document.querySelectorAll('.scroll-hint:not([hidden])').length);
  ctx.log(`${rel}: ${count} hints with 大字`);
  await p.close();
}

/** The search page: its list of units (and the unit index within each category) by
 *  pinyin, as a contacts list; a name's middle dot (· ・ • ‧ …) read as nothing, so
 *  阿依古丽·买买提 is found by 阿依古丽买买提 and the other way round. */
export async function checkSearchOrderAndDots(ctx) {
  const pinyin = (names) => {
    const c = new Intl.Collator('zh-CN-u-co-pinyin');
    const sorted = [...names].sort(c.compare);
    return names.every((n, i) => n === sorted[i]) ? null : `${names.join(' ')}\n    expected ${sorted.join(' ')}`;
  };
  const p = await ctx.open('search/index.html', { viewport: { width: 390, height: 844 } });
  const units = await p.locator('#search-all ul').first().locator('li > a').allInnerTexts();
  const wrong = await p.evaluate(`(${pinyin})(${JSON.stringify(units)})`);
  if (wrong) ctx.problem(`search/index.html: 全部单位 not by pinyin: ${wrong}`);
  // Two people, written with and without a dot (the index is the page's own array).
  await p.evaluate(() => {
    window.BULLETIN_SEARCH.push({ n: '阿依古丽·买买提', u: 'a.html', k: '人员', d: '测试' });
    window.BULLETIN_SEARCH.push({ n: '热依拉买买提', u: 'b.html', k: '人员', d: '测试' });
  });
  for (const [q, name] of [['阿依古丽买买提', '阿依古丽·买买提'], ['阿依古丽・买买提', '阿依古丽·买买提'], ['阿依古丽•买买提', '阿依古丽·买买提'], ['热依拉·买买提', '热依拉买买提'], ['热依拉‧买买提', '热依拉买买提']]) {
    await p.fill('#q', q);
    const hits = await p.locator('#search-results li').allInnerTexts();
    if (!hits.some((h) => h.includes(name))) ctx.problem(`searching ${q} does not find ${name} (found: ${hits.join(' | ') || 'nothing'})`);
  }
  await p.close();
  const u = await ctx.open('units/index.html', { viewport: { width: 1280, height: 900 } });
  const groups = await u.evaluate(() => {
    const out = [];
    for (const li of document.querySelectorAll('ul.units > li')) {
      if (li.classList.contains('group')) out.push([]);
      else if (out.length) out[out.length - 1].push(li.querySelector('a').textContent.trim());
    }
    return out;
  });
  for (const g of groups) {
    const bad = await u.evaluate(`(${pinyin})(${JSON.stringify(g)})`);
    if (bad) ctx.problem(`units/index.html: a category not by pinyin: ${bad}`);
  }
  ctx.log(`全部单位: ${units.slice(0, 6).join(' ')} …; ${groups.length} categories on the unit index`);
  await u.close();
}

/** The change on the previous period said once (上升1位), not twice (↑1 上升1位), on the
 *  web page at both widths and on the lobby screen. */
export async function checkChangeSaidOnce(ctx, pages) {
  for (const [rel, width, height] of pages) {
    const p = await ctx.open(rel, { viewport: { width, height } });
    const twice = await p.evaluate(() => [...document.querySelectorAll('td.chg')]
      .map((td) => td.innerText.replace(/\s+/g, ' ').trim())
      .filter((t) => /[↑↓]/.test(t) && /上升|下降/.test(t)));
    if (twice.length) ctx.problem(`${rel} at ${width} px: the change said twice: «${twice.slice(0, 3).join('», «')}»`);
    await p.close();
  }
}

/** At 390 px a page's title wraps in balanced lines (its last line not a word or two
 *  left alone: at least 40% of its longest), and a header line's document number
 *  (（望川考办〔2025〕9号）) is never broken. */
export async function checkHeaderWords(ctx, pages) {
  for (const rel of pages) {
    const p = await ctx.open(rel, { viewport: { width: 390, height: 844 } });
    await p.evaluate(() => document.fonts.ready);
    const bad = await p.evaluate(() => {
      const out = [];
      // Each line of an element: its text and width, from its characters' boxes.
      const lines = (el) => {
        const rows = [];
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const t = walker.currentNode;
          for (let i = 0; i < t.length; i++) {
            const r = document.createRange();
            r.setStart(t, i);
            r.setEnd(t, i + 1);
            const box = r.getClientRects()[0];
            if (!box || !t.data[i].trim()) continue;
            const last = rows[rows.length - 1];
            if (last && Math.abs(box.top - last.top) < 4) {
              last.text += t.data[i];
              last.right = box.right;
            } else rows.push({ top: box.top, left: box.left, right: box.right, text: t.data[i] });
          }
        }
        return rows.map((r) => ({ text: r.text, width: r.right - r.left }));
      };
      for (const h of document.querySelectorAll('main h1')) {
        const l = lines(h);
        if (l.length < 2) continue;
        const widest = Math.max(...l.map((x) => x.width));
        const end = l[l.length - 1];
        if (end.width < 0.4 * widest) out.push(`h1 «${l.map((x) => x.text).join(' / ')}»: its last line ${Math.round(end.width)} px of ${Math.round(widest)}`);
      }
      for (const dd of document.querySelectorAll('main dl.facts dd')) {
        const l = lines(dd);
        const m = dd.textContent.match(/（[^（）]*〔\d+〕[^（）]*号）/);
        if (m && l.length > 1 && !l.some((x) => x.text.includes(m[0]))) out.push(`«${l.map((x) => x.text).join(' / ')}»: the document number ${m[0]} broken`);
      }
      return out;
    });
    if (bad.length) ctx.problem(`${rel} at 390 px: ${bad.join('; ')}`);
    await p.close();
  }
}
