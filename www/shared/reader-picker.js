// The reader picker: which readers this browser can use, and why not the others. The virtual
// card (TEST certificates, runs inside this page) is the default, so the demo works with no
// hardware. Renders into a <section> and keeps the opened reader for the page's ceremonies.

import { bi, el } from './ui.js';
import { PIN_KINDS, openReader, support } from './card-client.js';

/** Options in display order: kind, label, why usable / why not (bilingual). */
function options() {
  const s = support();
  const nfc = typeof globalThis.NDEFReader === 'function';
  return [
    {
      kind: 'virtual', usable: true,
      ja: '仮想マイナンバーカード（TEST 証明書、このページ内で動作）',
      en: 'Virtual My Number Card (TEST certificates, runs inside this page)',
      whyJa: 'ハードウェア不要。利用者証明用暗証番号 1234、署名用パスワード ABC123、券面事項入力補助用暗証番号 1234。',
      whyEn: 'No hardware needed. Auth PIN 1234, signature password ABC123, card-info PIN 1234.',
    },
    {
      kind: 'rcs380', usable: s.rcs380.usable,
      ja: 'Sony RC-S380（WebUSB）', en: 'Sony RC-S380 (WebUSB)',
      whyJa: s.rcs380.usable
        ? 'このブラウザは WebUSB に対応しています。Linux では port100 ドライバの解除、Windows では WinUSB が必要です。'
        : 'このブラウザには WebUSB（navigator.usb）がありません（Chromium 系ブラウザで HTTPS のページが必要）。',
      whyEn: s.rcs380.usable
        ? 'This browser has WebUSB. On Linux unbind the port100 driver; on Windows install WinUSB.'
        : s.rcs380.reason,
    },
    {
      kind: 'ccid', usable: s.ccid.usable,
      ja: 'CCID 接触／非接触 IC カードリーダー（WebUSB）', en: 'CCID smart-card reader (WebUSB)',
      whyJa: s.ccid.usable
        ? 'Isolated Web App として動作しているため、スマートカードクラス（0x0B）の USB 機器を使えます。'
        : '通常のウェブページはスマートカードクラス（0x0B）の USB 機器を使えません。Isolated Web App の中でのみ可能です。',
      whyEn: s.ccid.usable
        ? 'Running as an Isolated Web App: smart-card class (0x0B) USB readers can be claimed.'
        : s.ccid.reason,
    },
    {
      kind: 'smartcard', usable: s.smartcard.usable,
      ja: 'Web Smart Card API（PC/SC）', en: 'Web Smart Card API (PC/SC)',
      whyJa: s.smartcard.usable
        ? 'Isolated Web App として動作しています。OS のカードリーダーを使えます。'
        : 'navigator.smartCard は Isolated Web App でのみ提供されます。このページは通常のウェブページです。',
      whyEn: s.smartcard.usable ? 'Running as an Isolated Web App: the OS readers are reachable.' : s.smartcard.reason,
    },
    {
      kind: 'nfc', usable: false,
      ja: 'Web NFC（スマートフォン）', en: 'Web NFC (phones)',
      whyJa: nfc
        ? 'Web NFC はありますが NDEF の読み書きしかできず、マイナンバーカードに必要な APDU を送れません。'
        : 'Web NFC（NDEFReader）は Android の Chrome にしかなく、しかも APDU を送れないためマイナンバーカードは読めません。',
      whyEn: s.nfc.reason,
    },
  ];
}

/**
 * Render the picker into `section` and return `{ get() → Promise<{ reader, card, kind }>,
 * refreshTries() }`. `get` opens the chosen reader once (reopened when the choice changes).
 */
export function mountReaderPicker(section) {
  const h = document.createElement('h2');
  h.id = 'reader-title';
  h.append(bi('カードリーダー', 'Card reader'));
  section.setAttribute('aria-labelledby', 'reader-title');
  const fs = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.append(bi('使うリーダーを選んでください（このブラウザで使えるものだけ選べます）',
    'Choose a reader (only the ones this browser can use are enabled)'));
  fs.append(legend);
  for (const o of options()) {
    const id = `reader-${o.kind}`;
    const wrap = el('div', null, `reader-option ${o.usable ? 'usable' : 'unusable'}`);
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'reader';
    input.id = id;
    input.value = o.kind;
    input.disabled = !o.usable;
    input.checked = o.kind === 'virtual';
    input.setAttribute('aria-describedby', `${id}-why`);
    const label = document.createElement('label');
    label.htmlFor = id;
    label.append(bi(o.ja, o.en));
    const why = bi(o.whyJa, o.whyEn, 'p');
    why.id = `${id}-why`;
    why.className = 'why';
    const state = bi(o.usable ? '利用可' : '利用不可', o.usable ? 'available' : 'unavailable', 'span');
    state.className = `badge ${o.usable ? 'yes' : 'no'}`;
    wrap.append(input, label, state, why);
    fs.append(wrap);
  }
  const tries = el('p', null, 'tries');
  tries.id = 'virtual-tries';
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.id = 'virtual-reset';
  reset.append(bi('新しい仮想カードに差し替える', 'Insert a fresh virtual card'));
  const controls = el('div', null, 'virtual-controls');
  controls.append(tries, reset);
  section.replaceChildren(h, fs, controls);

  let opened = null; // { kind, reader, card }
  let virtualCard = null;
  const chosen = () => fs.querySelector('input[name=reader]:checked')?.value ?? 'virtual';

  function refreshTries() {
    controls.hidden = chosen() !== 'virtual';
    if (!virtualCard) {
      tries.replaceChildren(bi('仮想カード：まだ読み取っていません', 'Virtual card: not read yet'));
      return;
    }
    const t = (k) => virtualCard.triesLeft(k);
    tries.replaceChildren(bi(
      `仮想カードの残り試行回数 — 利用者証明用：${t(PIN_KINDS.auth)}／署名用：${t(PIN_KINDS.sign)}／券面事項：${t(PIN_KINDS.cardInfo)}`,
      `Virtual card tries left — auth PIN: ${t(PIN_KINDS.auth)} / signature password: ${t(PIN_KINDS.sign)} / card-info PIN: ${t(PIN_KINDS.cardInfo)}`,
    ));
  }
  fs.addEventListener('change', () => {
    opened = null;
    refreshTries();
  });
  reset.addEventListener('click', () => {
    virtualCard = null;
    opened = null;
    refreshTries();
    section.dispatchEvent(new CustomEvent('cardreset', { bubbles: true }));
  });
  refreshTries();

  return {
    async get() {
      const kind = chosen();
      if (opened && opened.kind === kind) return opened;
      const got = await openReader(kind, kind === 'virtual' ? virtualCard : null);
      if (got.card) virtualCard = got.card;
      opened = { ...got, kind };
      refreshTries();
      return opened;
    },
    refreshTries,
    /** The virtual card in use (null before the first read, or with another reader). */
    card: () => (chosen() === 'virtual' ? virtualCard : null),
  };
}
