// The verification playground: reads the form, calls the SDK, renders the verdict.
// All decisions are the SDK's; this file only moves text into and out of the page.

import { inspectCertificate, verifyCertificate, version } from '/js/index.js';
import { bi, initPage } from '/shared/ui.js';

initPage();

const $ = (id) => document.getElementById(id);

/** English and Japanese labels of the fields shown. */
const FIELD_LABELS = [
  ['kind', '種別', 'Kind'],
  ['subject', 'サブジェクト', 'Subject'],
  ['issuer', '発行者', 'Issuer'],
  ['serialNumber', 'シリアル番号（発行番号）', 'Serial number'],
  ['notBefore', '有効期間の開始', 'Not before'],
  ['notAfter', '有効期間の満了', 'Not after'],
  ['key', '公開鍵', 'Public key'],
  ['keyUsage', '鍵用途', 'Key usage'],
  ['policies', '証明書ポリシー', 'Policies'],
  ['isCa', 'CA 証明書', 'CA certificate'],
  ['sha256', 'SHA-256', 'SHA-256'],
];

const IDENTITY_LABELS = [
  ['name', '氏名', 'Name'],
  ['dateOfBirth', '生年月日', 'Date of birth'],
  ['gender', '性別', 'Gender'],
  ['address', '住所', 'Address'],
  ['nameSubstitutes', '氏名の代替文字の位置（0 起点）', 'Substituted name characters (0-based)'],
  ['addressSubstitutes', '住所の代替文字の位置（0 起点）', 'Substituted address characters (0-based)'],
];

const KIND_TEXT = {
  'jpki-sign': '署名用電子証明書 / signature certificate',
  'jpki-auth': '利用者証明用電子証明書 / authentication certificate',
};
const GENDER_TEXT = { male: '男 / male', female: '女 / female', unknown: '不明 / unknown' };

/** Bytes chosen with the file input, or null to use the text area. */
let fileBytes = null;

/** Show `certificate` (PEM text or DER bytes) in the form, e.g. from a card reader later. */
export function showCertificate(certificate, trust) {
  if (typeof certificate === 'string') {
    $('certificate').value = certificate;
    fileBytes = null;
  } else {
    $('certificate').value = '';
    fileBytes = certificate;
  }
  if (trust) $('trust').value = trust;
}

async function onSubmit(event) {
  event.preventDefault();
  const certificate = fileBytes ?? $('certificate').value;
  const intermediates = $('intermediates').value.trim() || undefined;
  const timeText = $('time').value;
  const time = timeText ? new Date(timeText) : undefined;
  const trust = $('trust').value;
  try {
    const result = await verifyCertificate({ certificate, intermediates, time, trust });
    let info = null;
    try {
      info = await inspectCertificate(certificate);
    } catch {
      // Not parseable: the verdict already says why.
    }
    render(result, info);
  } catch (e) {
    // Misuse (bad time, unknown trust): a thrown typed error.
    render({ ok: false, error: { code: e.code ?? 'ERROR', message: e.message, messageJa: e.messageJa ?? '' } }, null);
  }
}

function render(result, info) {
  $('result').hidden = false;
  renderVerdict(result);
  renderIdentity(result.ok ? result.identity : info?.identity);
  renderFields(info);
  renderChain(result.ok ? result : null);
}

function renderVerdict(result) {
  const box = $('verdict');
  box.replaceChildren();
  box.className = `result ${result.ok ? 'ok' : 'fail'}`;
  if (result.ok) {
    box.append(
      bi('✓ 検証に成功しました', '✓ Verified', 'strong'),
      line('p', `${KIND_TEXT[result.kind] ?? result.kind} — ${result.trustAnchor.name}`),
    );
    return;
  }
  const { code, message, messageJa } = result.error;
  box.append(
    bi('✗ 検証できませんでした', '✗ Not verified', 'strong'),
    bi(messageJa, message, 'p'),
    line('code', code),
  );
}

function renderIdentity(identity) {
  const table = $('identity');
  const show = Boolean(identity);
  table.hidden = !show;
  $('identity-title').hidden = !show;
  if (!show) return;
  table.replaceChildren(...IDENTITY_LABELS.map(([key, ja, en]) => row(ja, en, identityValue(key, identity[key]))));
}

function identityValue(key, value) {
  if (key === 'gender') return GENDER_TEXT[value] ?? String(value);
  if (key === 'dateOfBirth') return `${value.eraJa}（${value.iso ?? '不明 / unknown'}）`;
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'なし / none';
  return String(value);
}

function renderFields(info) {
  const table = $('fields');
  if (!info) {
    table.replaceChildren(row('—', '—', '証明書を解析できませんでした / The certificate could not be parsed'));
    return;
  }
  const values = {
    ...info,
    kind: info.kind ? KIND_TEXT[info.kind] : 'JPKI のエンドエンティティ証明書ではありません / not a JPKI end-entity certificate',
    key: [info.keyType, info.keySize && `${info.keySize} bit`, info.curve].filter(Boolean).join(' '),
    keyUsage: info.keyUsage.join(', ') || '—',
    policies: info.policies.join(', ') || '—',
    isCa: info.isCa ? 'はい / yes' : 'いいえ / no',
  };
  table.replaceChildren(...FIELD_LABELS.map(([key, ja, en]) => row(ja, en, values[key])));
}

function renderChain(verified) {
  const list = $('chain');
  list.hidden = !verified;
  $('chain-title').hidden = !verified;
  if (!verified) return;
  list.replaceChildren(...verified.chain.map((c) => line('li', c.subject)));
}

function row(ja, en, value) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.append(bi(ja, en));
  const td = document.createElement('td');
  td.textContent = value ?? '—';
  tr.append(th, td);
  return tr;
}

function line(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

async function loadSample(button) {
  const response = await fetch(button.dataset.sample);
  showCertificate(await response.text(), button.dataset.trust);
  $('certificate-file').value = '';
  $('verify-form').requestSubmit();
}

async function onFile(event) {
  const file = event.target.files?.[0];
  if (file) showCertificate(new Uint8Array(await file.arrayBuffer()));
}

$('verify-form').addEventListener('submit', onSubmit);
$('certificate-file').addEventListener('change', onFile);
$('certificate').addEventListener('input', () => {
  fileBytes = null;
});
for (const button of document.querySelectorAll('[data-sample]')) {
  button.addEventListener('click', () => loadSample(button));
}
// `?sample=test-sign` (a data-name of a sample button) loads and verifies that sample: a link
// that shows a result straight away.
const requested = new URLSearchParams(window.location.search).get('sample');
document.querySelector(`[data-name="${CSS.escape(requested ?? '')}"]`)?.click();
version().then((v) => {
  $('version').textContent = v;
});
