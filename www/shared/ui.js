// Small page helpers shared by the demo pages: the language switch, bilingual text, the
// progress bar, JSON calls to the relying party's API and result boxes. No framework; nothing
// inline (the CSP forbids inline scripts and styles).

export const $ = (id) => document.getElementById(id);

const LANG_KEY = 'myna-demo-lang';

/** The UI language: 'ja' (default) or 'en'. */
export function uiLang() {
  return document.documentElement.lang === 'en' ? 'en' : 'ja';
}

function applyLang(lang) {
  document.documentElement.lang = lang;
  for (const b of document.querySelectorAll('[data-set-lang]')) {
    b.setAttribute('aria-pressed', String(b.dataset.setLang === lang));
  }
  document.dispatchEvent(new CustomEvent('langchange', { detail: lang }));
}

/** Wire the language buttons (`data-set-lang="ja|en"`) and restore the saved choice. */
export function initLang() {
  let saved = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    saved = null;
  }
  const wanted = new URLSearchParams(location.search).get('lang') ?? saved;
  applyLang(wanted === 'en' ? 'en' : 'ja');
  for (const b of document.querySelectorAll('[data-set-lang]')) {
    b.addEventListener('click', () => {
      applyLang(b.dataset.setLang);
      try {
        localStorage.setItem(LANG_KEY, b.dataset.setLang);
      } catch {
        // private mode: the choice lasts for this page only
      }
    });
  }
}

/** An element holding both languages; CSS shows the one of the page's `lang`. */
export function bi(ja, en, tag = 'span') {
  const el = document.createElement(tag);
  const j = document.createElement('span');
  j.lang = 'ja';
  j.dataset.l = 'ja';
  j.textContent = ja;
  const e = document.createElement('span');
  e.lang = 'en';
  e.dataset.l = 'en';
  e.textContent = en;
  el.append(j, e);
  return el;
}

/** A plain element with text. */
export function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A two-column table row: bilingual label, value (text or node). */
export function row(ja, en, value) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.append(bi(ja, en));
  const td = document.createElement('td');
  if (value instanceof Node) td.append(value);
  else td.textContent = value === undefined || value === null || value === '' ? '—' : String(value);
  tr.append(th, td);
  return tr;
}

/** POST (or GET when `body` is undefined) JSON to the relying party. */
export async function api(path, body) {
  const init = body === undefined
    ? { method: 'GET' }
    : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  const value = await res.json();
  if (!res.ok && value?.ok !== false) throw new Error(`HTTP ${res.status}`);
  return value;
}

/** A progress reporter bound to a <progress> and its status line. */
export function progressOf(progressEl, statusEl) {
  const STEPS = {
    connect: ['リーダーに接続', 'Connecting to the reader'],
    select: ['カードの公的個人認証アプリを選択', 'Selecting the JPKI application'],
    'verify-pin': ['暗証番号を照合', 'Verifying the PIN'],
    'read-certificate': ['電子証明書を読み取り', 'Reading the certificate'],
    sign: ['カードで署名', 'Signing on the card'],
    'read-my-number': ['個人番号を読み取り', 'Reading My Number'],
    'read-basic-info': ['基本4情報を読み取り', 'Reading the basic information'],
    verify: ['サーバーで検証', 'Verifying on the server'],
    done: ['完了', 'Done'],
  };
  return {
    start() {
      progressEl.hidden = false;
      progressEl.value = 0;
      progressEl.max = 1;
      statusEl.replaceChildren(bi(...STEPS.connect));
    },
    report({ step, done, total }) {
      progressEl.max = total + 1;
      progressEl.value = done;
      statusEl.replaceChildren(bi(...(STEPS[step] ?? [step, step])));
    },
    verifying() {
      statusEl.replaceChildren(bi(...STEPS.verify));
    },
    finish() {
      progressEl.value = progressEl.max;
      statusEl.replaceChildren(bi(...STEPS.done));
    },
  };
}

/** Fill a result box: `kind` ok | fail | warn, a bilingual title and body nodes. */
export function showBox(box, kind, titleJa, titleEn, ...body) {
  box.hidden = false;
  box.className = `result ${kind}`;
  box.dataset.state = kind;
  const h = document.createElement('h2');
  h.append(bi(titleJa, titleEn));
  box.replaceChildren(h, ...body);
  box.focus();
}

/** The SDK's two messages and the stable code. */
export function errorText(error) {
  const p = document.createElement('div');
  p.append(bi(error.messageJa ?? error.message, error.message, 'p'));
  const c = el('p');
  c.append(el('code', error.code));
  p.append(c);
  return p;
}

/** Mark the current page in the site navigation. */
export function initNav() {
  const here = location.pathname.replace(/index\.html$/, '');
  for (const a of document.querySelectorAll('nav.site a')) {
    if (a.getAttribute('href') === here) a.setAttribute('aria-current', 'page');
  }
}

/** The common start of every page. */
export function initPage() {
  initLang();
  initNav();
}
