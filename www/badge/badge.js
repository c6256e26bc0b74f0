// Employer badge portal: authenticate (jpki-auth) → the server verifies, finds the employee
// enrolled with that certificate and signs a badge JWS; the badge can be written to an NFC tag
// where Web NFC exists. Optionally My Number for payroll through the card-info application,
// shown as what it is: unauthenticated data read with a PIN.

import { $, api, bi, errorText, initPage, progressOf, row, showBox } from '/shared/ui.js';
import { mountReaderPicker } from '/shared/reader-picker.js';
import { authenticate, readCardInfo } from '/shared/card-client.js';
import { withCard } from '/shared/flow.js';
import { nfcAvailable, nfcUnavailableNote, writeBadge } from '/shared/nfc.js';

initPage();
const picker = mountReaderPicker($('reader-picker'));
const progress = progressOf($('progress'), $('status'));
const infoProgress = progressOf($('info-progress'), $('info-status'));
export const BADGE_KEY = 'myna-demo-badge';

async function login(force = false) {
  if (!$('login-form').reportValidity()) return;
  const challenge = await api('/api/badge/challenge', {});
  const token = await withCard({
    picker, progress, box: $('result'), button: $('login'), force,
    rerun: () => login(true),
    ceremony: (reader, f, onProgress) => authenticate({
      reader, nonce: challenge.nonce, pin: $('pin').value, force: f, onProgress,
    }),
  });
  if (token === null) return;
  progress.verifying();
  const r = await api('/api/badge/verify', { nonce: challenge.nonce, token });
  progress.finish();
  const box = $('result');
  if (!r.ok) {
    showBox(box, 'fail', r.verified ? 'カードは確認できましたが、社員として登録されていません' : 'ログインできませんでした',
      r.verified ? 'Card verified, but not enrolled as an employee' : 'Sign-in failed', errorText(r.error));
    box.dataset.screen = 'login-failed';
    return;
  }
  const t = document.createElement('table');
  t.append(
    row('社員番号', 'Employee ID', r.employee.employeeId),
    row('氏名', 'Name', bi(r.employee.name.ja, r.employee.name.en)),
    row('所属', 'Department', bi(r.employee.department.ja, r.employee.department.en)),
    row('入館できるゲート', 'Gates', r.employee.gates.join(', ')),
    row('カードの証明書（発行番号）', 'Card certificate (serial)', r.certificate.serialNumber),
    row('会社の鍵 ID（kid）', 'Employer key id (kid)', r.kid),
  );
  showBox(box, 'ok', '社員証を発行しました', 'Badge issued', t);
  box.dataset.screen = 'badge-issued';
  $('badge').value = r.badge;
  $('badge-panel').hidden = false;
  try {
    localStorage.setItem(BADGE_KEY, r.badge);
  } catch {
    // storage off: the gate page takes a pasted badge
  }
}

async function writeNfc() {
  if (!nfcAvailable()) {
    $('nfc-status').replaceChildren(nfcUnavailableNote());
    return;
  }
  $('nfc-status').replaceChildren(bi('タグをかざしてください…', 'Hold a tag to the phone…'));
  try {
    await writeBadge($('badge').value);
    $('nfc-status').replaceChildren(bi('書き込みました。', 'Written.'));
  } catch (e) {
    $('nfc-status').replaceChildren(bi(`書き込めませんでした：${e.message}`, `Could not write: ${e.message}`));
  }
}

async function readInfo(force = false) {
  if (!$('info-form').reportValidity()) return;
  const info = await withCard({
    picker, progress: infoProgress, box: $('info-result'), button: $('read-info'), force,
    rerun: () => readInfo(true),
    ceremony: (reader, f, onProgress) => readCardInfo({ reader, pin: $('info-pin').value, force: f, onProgress }),
  });
  if (info === null) return;
  infoProgress.finish();
  const b = info.basicInfo ?? {};
  const t = document.createElement('table');
  t.append(
    row('個人番号', 'My Number', info.myNumber),
    row('氏名', 'Name', b.name),
    row('住所', 'Address', b.address),
    row('生年月日', 'Date of birth', b.birth ?? b.dateOfBirth),
    row('性別', 'Sex', b.sex ?? b.gender),
    row('真正性', 'Authenticated', info.authenticated
      ? bi('はい：署名用電子証明書と照合済み', 'yes: cross-checked with the signature certificate')
      : bi('いいえ：暗証番号で読み出しただけで、署名による裏付けはありません', 'no: read with a PIN only, not backed by a signature')),
  );
  showBox($('info-result'), info.authenticated ? 'ok' : 'warn',
    '個人番号を読み取りました（未認証）', 'My Number read (unauthenticated)', t,
    bi('給与事務で使う前に、署名用電子証明書（銀行の例のような署名）で本人の情報と照合してください。',
      'Before relying on it for payroll, cross-check it against a signature made with the signature certificate (as in the bank flow).', 'p'));
  $('info-result').dataset.screen = 'card-info';
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  login(false);
});
$('info-form').addEventListener('submit', (e) => {
  e.preventDefault();
  readInfo(false);
});
$('nfc-write').addEventListener('click', writeNfc);
if (!nfcAvailable()) $('nfc-status').replaceChildren(nfcUnavailableNote());
