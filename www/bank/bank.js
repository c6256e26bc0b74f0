// Bank eKYC: the bank issues a challenge bound to its application terms; the customer signs it
// with the signature key (signature password); the bank's server verifies the token
// (jpki-sign, identity attributes required) and stores the verification record.

import { $, api, bi, el, errorText, initPage, progressOf, row, showBox } from '/shared/ui.js';
import { mountReaderPicker } from '/shared/reader-picker.js';
import { signConsent } from '/shared/card-client.js';
import { GENDER, markSubstitutes, withCard } from '/shared/flow.js';

initPage();
const picker = mountReaderPicker($('reader-picker'));
const progress = progressOf($('progress'), $('status'));
let challenge = null;

async function newApplication() {
  challenge = await api('/api/bank/challenge', {});
  const { terms } = challenge;
  $('terms').replaceChildren(
    bi(terms.ja, terms.en, 'p'),
    bi(`版：${terms.version}　SHA-256：`, `Version ${terms.version} · SHA-256: `, 'p'),
  );
  $('terms').lastChild.append(el('span', challenge.termsSha256, 'mono'));
  $('nonce').textContent = challenge.nonce;
}

function identityTable(identity) {
  const t = document.createElement('table');
  const [gJa, gEn] = GENDER[identity.gender] ?? [identity.gender, identity.gender];
  t.append(
    row('氏名', 'Name', markSubstitutes(identity.name, identity.nameSubstitutes)),
    row('生年月日', 'Date of birth', `${identity.dateOfBirth?.eraJa ?? ''}（${identity.dateOfBirth?.iso ?? '—'}）`),
    row('性別', 'Gender', bi(gJa, gEn)),
    row('住所', 'Address', markSubstitutes(identity.address, identity.addressSubstitutes)),
  );
  return t;
}

function showVerdict(r) {
  const box = $('result');
  if (!r.ok) {
    showBox(box, 'fail', '本人確認できませんでした', 'Identity not verified', errorText(r.error),
      bi(`記録番号 ${r.recordId}（失敗も記録されます）`, `Record #${r.recordId} (failures are recorded too)`, 'p'));
    box.dataset.screen = 'verify-failed';
    return;
  }
  const facts = document.createElement('table');
  facts.append(
    row('記録番号', 'Record', `#${r.recordId}`),
    row('証明書の発行番号', 'Certificate serial', r.certificate.serialNumber),
    row('発行者', 'Issuer', r.certificate.issuer),
    row('有効期限', 'Valid until', r.certificate.notAfter),
    row('失効確認', 'Revocation', `${r.revocation.status}${r.revocation.source ? ` (${r.revocation.source})` : ''}`),
    row('注意', 'Warnings', r.warnings.map((w) => w.code).join(', ')),
  );
  showBox(box, 'ok', '本人確認が完了しました', 'Identity verified',
    bi('署名用電子証明書に記録された基本4情報：', 'Basic information from the signature certificate:', 'p'),
    identityTable(r.identity), facts,
    bi('失効情報（CRL/OCSP）は主務大臣認定の署名検証者にしか提供されないため、このデモでは未確認（unknown）です。',
      'Revocation is "unknown" here: J-LIS gives CRLs/OCSP only to verifiers certified by the minister.', 'p'));
  box.dataset.screen = 'verified';
}

async function refreshRecords() {
  const { store, records } = await api('/api/bank/records');
  $('records-store').replaceChildren(bi(
    `保存先：${store === 'sqlite' ? 'SQLite（better-sqlite3）' : 'メモリ（workerd、永続化なし）'}。各記録に証明書・署名付きトークン・時刻・結果を保存します。`,
    `Stored in ${store === 'sqlite' ? 'SQLite (better-sqlite3)' : 'memory (workerd, not durable)'}: certificate, signed token, time and result of every attempt.`,
  ));
  const head = document.createElement('tr');
  for (const [ja, en] of [['番号', '#'], ['時刻', 'Time'], ['結果', 'Result'], ['氏名', 'Name'], ['証明書 SHA-256', 'Certificate SHA-256']]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.append(bi(ja, en));
    head.append(th);
  }
  const rows = records.map((rec) => {
    const tr = document.createElement('tr');
    for (const v of [rec.id, rec.verifiedAt, rec.result, rec.identity?.name ?? '—', rec.certificateSha256 ?? '—']) {
      tr.append(el('td', String(v)));
    }
    return tr;
  });
  $('records').replaceChildren(head, ...rows);
}

async function apply(force = false) {
  if (!$('sign-form').reportValidity()) return;
  const token = await withCard({
    picker, progress, box: $('result'), button: $('sign'), force,
    rerun: () => apply(true),
    ceremony: (reader, f, onProgress) => signConsent({
      reader, nonce: challenge.nonce, password: $('password').value, force: f, onProgress,
    }),
  });
  if (token === null) return;
  progress.verifying();
  const r = await api('/api/bank/verify', { nonce: challenge.nonce, token });
  progress.finish();
  showVerdict(r);
  await refreshRecords();
  await newApplication();
}

$('sign-form').addEventListener('submit', (e) => {
  e.preventDefault();
  apply(false);
});
$('reader-picker').addEventListener('cardreset', () => $('result').replaceChildren());
await newApplication();
await refreshRecords();
