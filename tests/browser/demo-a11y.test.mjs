// Accessibility smoke check of every demo page, in both languages: every form control has an
// accessible name, Tab moves forward through the page in document order with nothing trapped,
// and every visible text colour has ≥ 4.5:1 contrast against its effective background
// (WCAG relative luminance, computed in the page). Done also on a result screen.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitScreen } from './demo-helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Controls without an accessible name (label, aria-label, aria-labelledby). */
function unlabelled() {
  const bad = [];
  for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const named = (c.labels && [...c.labels].some((l) => l.textContent.trim()))
      || c.getAttribute('aria-label')?.trim()
      || c.getAttribute('aria-labelledby')?.split(' ').some((id) => document.getElementById(id)?.textContent.trim());
    if (!named) bad.push(c.id || c.outerHTML.slice(0, 80));
  }
  return bad;
}

/** Text elements whose colour contrast is below 4.5:1 (visible ones only). */
function lowContrast() {
  const rgb = (s) => (s.match(/[\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]) => {
    const ch = (v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const fg = lum(rgb(style.color));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) bad.push(`${el.tagName.toLowerCase()}#${el.id} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}

/** Tab through the page: each focus lands later in document order; returns the visited count. */
async function tabOrder(page) {
  const focusable = await page.evaluate(() => [...document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
  )].filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[tabindex]:not([tabindex="-1"]):not([tabindex="0"])').length), 0, 'no positive tabindex');
  await page.evaluate(() => document.activeElement?.blur());
  let previous = null;
  let visited = 0;
  for (let i = 0; i < focusable + 2; i += 1) {
    await page.keyboard.press('Tab');
    const handle = await page.evaluateHandle(() => document.activeElement);
    const isBody = await page.evaluate((e) => e === document.body || e === null, handle);
    if (isBody) break;
    if (previous) {
      const forward = await page.evaluate(([a, b]) => {
        // Radio groups take one stop; anything else must follow in document order.
        return Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
      }, [previous, handle]);
      if (!forward) break; // wrapped around
    }
    previous = handle;
    visited += 1;
  }
  return { visited, focusable };
}

const PAGES = ['/', '/bank/', '/badge/', '/gate/', '/hospital/'];

for (const path of PAGES) {
  for (const lang of ['ja', 'en']) {
    test(`a11y ${path} (${lang}): labels, focus order, contrast`, async () => {
      const { page, context, problems } = await openPage(env, path, { lang });
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await page.evaluate(unlabelled), [], 'every control is labelled');
      const { visited, focusable } = await tabOrder(page);
      // Radio groups are one Tab stop each, so fewer stops than focusable elements is fine.
      assert.ok(visited >= Math.min(5, focusable), `Tab reached ${visited} of ${focusable} controls in order`);
      assert.deepEqual(await page.evaluate(lowContrast), [], 'text contrast ≥ 4.5:1');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('a11y: result and error screens keep the contrast', async () => {
  const { page, context } = await openPage(env, '/hospital/');
  await page.fill('#pin', '0000');
  await page.click('#checkin');
  await waitScreen(page, 'pin-incorrect');
  assert.deepEqual(await page.evaluate(lowContrast), []);
  await page.fill('#pin', '1234');
  await page.evaluate(() => document.getElementById('result').removeAttribute('data-screen'));
  await page.click('#checkin');
  await waitScreen(page, 'eligible');
  assert.deepEqual(await page.evaluate(lowContrast), []);
  await context.close();
});

test('a11y: the checks catch a pale text and an unlabelled input', async () => {
  const { page, context } = await openPage(env, '/gate/');
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'pale';
    p.textContent = 'pale text';
    p.className = 'pale';
    p.setAttribute('data-test', '1');
    document.querySelector('main').append(p);
    p.style.setProperty('color', '#aaaaaa');
    const i = document.createElement('input');
    i.id = 'nameless';
    document.querySelector('main').append(i);
  });
  assert.match((await page.evaluate(lowContrast)).join('\n'), /p#pale "pale text" 2\.\d\d/);
  assert.deepEqual(await page.evaluate(unlabelled), ['nameless']);
  await context.close();
});
