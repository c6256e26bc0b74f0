// The gate: verifies badges on this device only (verifyJws with the employer's JWKS, which is
// fetched once and kept in localStorage). No server call per badge.

import { verifyJws } from '/js/index.js';
import { $, bi, errorText, initPage, row, showBox } from '/shared/ui.js';
import { nfcAvailable, nfcUnavailableNote, readBadge } from '/shared/nfc.js';

initPage();
const KEYS = 'myna-demo-employer-jwks';

function savedKeys() {
  try {
    const text = localStorage.getItem(KEYS);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function showKeys(jwks, fetchedAt) {
  const kids = jwks?.keys?.map((k) => k.kid).join(', ') ?? '—';
  $('keys-status').replaceChildren(jwks
    ? bi(`保存済みの鍵：${kids}（取得 ${fetchedAt}）。以後の検証はオフラインで行えます。`, `Keys kept on this device: ${kids} (fetched ${fetchedAt}). Verification now works offline.`)
    : bi('まだ鍵がありません。', 'No keys yet.'));
}

async function refreshKeys() {
  const res = await fetch('/api/badge/jwks');
  const jwks = await res.json();
  const fetchedAt = new Date().toISOString();
  try {
    localStorage.setItem(KEYS, JSON.stringify({ jwks, fetchedAt }));
  } catch {
    // kept for this page only
  }
  showKeys(jwks, fetchedAt);
  return jwks;
}

async function verify() {
  const jws = $('badge').value.trim();
  const stored = savedKeys();
  const jwks = stored?.jwks ?? await refreshKeys();
  const r = await verifyJws(jws, { keys: jwks, time: new Date(), algorithms: ['ES256'] });
  const box = $('result');
  if (!r.ok) {
    showBox(box, 'fail', '入館できません', 'Entry refused', errorText(r.error),
      bi('会社の鍵が変わった（サーバー再起動）場合は「公開鍵を更新する」を押してください。',
        'If the employer key changed (server restart), press "Refresh the keys".', 'p'));
    box.dataset.screen = 'refused';
    return;
  }
  const p = r.payloadJson ?? {};
  const t = document.createElement('table');
  t.append(
    row('社員番号', 'Employee ID', p.sub),
    row('氏名', 'Name', p.name ? bi(p.name.ja, p.name.en) : '—'),
    row('入館できるゲート', 'Gates', (p.gates ?? []).join(', ')),
    row('有効期限', 'Valid until', p.exp ? new Date(p.exp * 1000).toISOString() : '—'),
    row('署名鍵', 'Signing key', `${r.algorithm} · kid ${r.kid}`),
  );
  showBox(box, 'ok', '入館できます', 'Entry allowed', t);
  box.dataset.screen = 'allowed';
}

$('gate-form').addEventListener('submit', (e) => {
  e.preventDefault();
  verify().catch((err) => showBox($('result'), 'fail', 'エラー', 'Error', errorText({
    code: err.code ?? 'ERROR', message: err.message, messageJa: err.messageJa ?? err.message,
  })));
});
$('refresh-keys').addEventListener('click', () => refreshKeys());
$('nfc-read').addEventListener('click', async () => {
  if (!nfcAvailable()) {
    $('nfc-status').replaceChildren(nfcUnavailableNote());
    return;
  }
  $('nfc-status').replaceChildren(bi('タグをかざしてください…', 'Hold the badge tag to the phone…'));
  $('badge').value = await readBadge();
  $('gate-form').requestSubmit();
});
if (!nfcAvailable()) $('nfc-status').replaceChildren(nfcUnavailableNote());
const stored = savedKeys();
showKeys(stored?.jwks ?? null, stored?.fetchedAt);
try {
  const pending = localStorage.getItem('myna-demo-badge');
  if (pending) $('badge').value = pending;
} catch {
  // no storage
}
