// Hospital eligibility: authenticate (auth PIN, with the PIN guard visible), the server verifies
// (jpki-auth, revocation required, CRL of the TEST auth root) and answers from its eligibility
// table keyed by issuer + serial. Distinct screens: eligible, no record, revoked, expired,
// wrong PIN, last try, locked.

import { $, api, bi, errorText, initPage, progressOf, row, showBox } from '/shared/ui.js';
import { mountReaderPicker } from '/shared/reader-picker.js';
import { PIN_KINDS, authenticate } from '/shared/card-client.js';
import { withCard } from '/shared/flow.js';

initPage();
const picker = mountReaderPicker($('reader-picker'));
const progress = progressOf($('progress'), $('status'));
const checked = (name) => document.querySelector(`input[name=${name}]:checked`).value;

/** The PIN guard line: tries left on the virtual card (real cards say so only when asked). */
function showGuard() {
  const card = picker.card();
  if (!card) {
    $('pin-guard').replaceChildren(bi('残り回数はカードが答えます。残り 1 回のときは送信前に確認します。',
      'The card reports the tries left; with one left the PIN is not sent without your confirmation.'));
    return;
  }
  const n = card.triesLeft(PIN_KINDS.auth);
  $('pin-guard').replaceChildren(bi(
    `暗証番号の残り試行回数：${n} 回${n === 1 ? '（次に間違えるとロック）' : ''}${n === 0 ? '（ロック中）' : ''}`,
    `PIN tries left: ${n}${n === 1 ? ' (one more wrong PIN locks the card)' : ''}${n === 0 ? ' (locked)' : ''}`,
  ));
}

function eligibilityTable(r) {
  const e = r.eligibility;
  const t = document.createElement('table');
  t.append(
    row('保険者', 'Insurer', bi(e.insurer.ja, e.insurer.en)),
    row('保険者番号', 'Insurer number', e.insurerNumber),
    row('記号・番号', 'Symbol / number', `${e.symbol} ・ ${e.number}`),
    row('負担割合', 'Co-payment', `${e.copayPercent}%`),
    row('資格の有効期間', 'Eligible', `${e.validFrom} – ${e.validUntil}`),
    row('限度額適用', 'High-cost ceiling', bi(e.limitCertificate.ja, e.limitCertificate.en)),
  );
  return t;
}

function checkFacts(r) {
  const t = document.createElement('table');
  t.append(
    row('照会キー（発行者＋発行番号）', 'Lookup key (issuer + serial)', r.lookupKey ?? '—'),
    row('検証時刻（デモ時計）', 'Validation time (demo clock)', r.time),
    row('失効確認', 'Revocation', r.revocation ? `${r.revocation.status} (${r.revocation.source ?? '—'})` : '—'),
    row('使用した CRL', 'CRL used', `${r.crl.which}: ${r.crl.thisUpdate} – ${r.crl.nextUpdate}`),
  );
  return t;
}

function showVerdict(r) {
  const box = $('result');
  if (r.ok && r.eligibility) {
    showBox(box, 'ok', '資格を確認しました', 'Eligibility confirmed', eligibilityTable(r), checkFacts(r));
    box.dataset.screen = 'eligible';
  } else if (r.ok) {
    showBox(box, 'warn', '本人は確認できましたが、資格情報がありません', 'Identity verified, but no eligibility record',
      bi('受付窓口で保険証または資格確認書を確認してください。', 'Please show your insurance certificate at the desk.', 'p'), checkFacts(r));
    box.dataset.screen = 'no-record';
  } else if (r.error.code === 'CERT_REVOKED') {
    showBox(box, 'fail', 'このカードの電子証明書は失効しています', 'This card\u2019s certificate is revoked',
      bi('紛失・盗難の届出などで失効した証明書です。受付でほかの方法による確認をお願いします。',
        'The certificate was revoked (e.g. the card was reported lost). Please verify eligibility another way at the desk.', 'p'),
      errorText(r.error), checkFacts(r));
    box.dataset.screen = 'revoked';
  } else if (r.error.code === 'CERT_EXPIRED') {
    showBox(box, 'fail', 'カードの電子証明書の有効期限が切れています', 'The card\u2019s certificate has expired',
      bi('利用者証明用電子証明書は発行から 5 回目の誕生日まで有効です。市区町村の窓口で更新してください。',
        'Authentication certificates expire on the 5th birthday after issue; renew it at the municipal office.', 'p'),
      errorText(r.error), checkFacts(r));
    box.dataset.screen = 'expired';
  } else {
    showBox(box, 'fail', '確認できませんでした', 'Could not be verified', errorText(r.error));
    box.dataset.screen = 'verify-failed';
  }
}

async function checkIn(force = false) {
  if (!$('checkin-form').reportValidity()) return;
  const challenge = await api('/api/hospital/challenge', { crl: checked('crl'), clock: checked('clock') });
  const token = await withCard({
    picker, progress, box: $('result'), button: $('checkin'), force,
    rerun: () => checkIn(true),
    ceremony: (reader, f, onProgress) => authenticate({
      reader, nonce: challenge.nonce, pin: $('pin').value, force: f, onProgress,
    }),
  });
  showGuard();
  if (token === null) return;
  progress.verifying();
  const r = await api('/api/hospital/verify', { nonce: challenge.nonce, token });
  progress.finish();
  showVerdict(r);
}

$('checkin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  checkIn(false);
});
$('reader-picker').addEventListener('cardreset', () => {
  $('result').hidden = true;
  showGuard();
});
$('reader-picker').addEventListener('change', () => showGuard());
showGuard();
