// Playground, second form: paste a Web eID token, a CMS SignedData or a JWS and see the verdict,
// the signer's chain and identity attributes. Everything runs in this page (verifyToken,
// verifyCms, verifyJws of the wasm SDK).

import { verifyCms, verifyJws, verifyToken } from '/js/index.js';
import { $, errorText, row, showBox } from '/shared/ui.js';

/** PEM or Base64 text → bytes. */
function base64Bytes(text) {
  const body = text.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, '');
  const bin = atob(body);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function bytesBase64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

async function run() {
  const kind = $('signed-kind').value;
  const input = $('signed-input').value.trim();
  const trust = $('signed-trust').value;
  const t = $('signed-time').value;
  const time = t ? new Date(`${t}Z`) : new Date();
  if (kind === 'token') {
    return verifyToken({
      token: input, origin: $('signed-origin').value.trim(), nonce: $('signed-nonce').value.trim(),
      trust, time, allowDevOrigins: true, acceptedKinds: ['jpki-auth', 'jpki-sign'],
    });
  }
  if (kind === 'cms') return verifyCms(base64Bytes(input), { trust, time });
  const keys = $('signed-keys').value.trim();
  return verifyJws(input, keys ? { keys: JSON.parse(keys), time } : { trust, time });
}

function render(r) {
  const box = $('signed-result');
  if (!r.ok) {
    showBox(box, 'fail', '✗ 検証できませんでした', '✗ Not verified', errorText(r.error));
    box.dataset.screen = 'fail';
    return;
  }
  const t = document.createElement('table');
  // A token's certificate summary, or a JWS/CMS signer certificate (JPKI verdict or a plain path).
  const signer = r.kind ? null : (r.certificate ?? r.signers?.[0]?.certificate ?? null);
  const certificate = r.kind ? r.certificate : signer?.certificate;
  const chain = r.chain ?? signer?.chain;
  const identity = r.identity ?? signer?.identity;
  const kind = r.kind ?? signer?.kind;
  if (kind) t.append(row('種別', 'Kind', kind));
  if (r.algorithm) t.append(row('アルゴリズム', 'Algorithm', r.algorithm));
  if (certificate) {
    t.append(row('署名者の証明書', 'Signer certificate', `${certificate.subject} (serial ${certificate.serialNumber})`),
      row('発行者', 'Issuer', certificate.issuer));
  }
  if (chain) t.append(row('チェーン', 'Chain', chain.map((c) => c.subject).join(' → ')));
  const anchor = r.trustAnchor ?? signer?.trustAnchor;
  if (anchor) t.append(row('トラストアンカー', 'Trust anchor', anchor.name));
  if (identity) {
    t.append(row('氏名', 'Name', identity.name), row('住所', 'Address', identity.address),
      row('生年月日', 'Date of birth', identity.dateOfBirth?.iso), row('性別', 'Gender', identity.gender));
  }
  if (r.payloadJson) t.append(row('ペイロード', 'Payload', JSON.stringify(r.payloadJson)));
  else if (r.content) t.append(row('内容', 'Content', new TextDecoder().decode(r.content).slice(0, 400)));
  if (r.warnings?.length) t.append(row('注意', 'Warnings', r.warnings.map((w) => w.code).join(', ')));
  showBox(box, 'ok', '✓ 検証に成功しました', '✓ Verified', t);
  box.dataset.screen = 'ok';
}

async function sample(which) {
  if (which === 'jws') {
    $('signed-kind').value = 'jws';
    $('signed-input').value = (await (await fetch('/samples/jws/rs256-x5c.jws')).text()).trim();
    $('signed-time').value = '2026-12-01T00:30:00'; // the fixture's claims: iat 2026-12-01, exp +1 h
  } else {
    $('signed-kind').value = 'cms';
    $('signed-input').value = bytesBase64(new Uint8Array(await (await fetch('/samples/cms/attached.der')).arrayBuffer()));
  }
  $('signed-keys').value = '';
  $('signed-trust').value = 'jpki-test';
  $('signed-form').requestSubmit();
}

$('signed-form').addEventListener('submit', (e) => {
  e.preventDefault();
  run().then(render, (err) => render({
    ok: false, error: { code: err.code ?? 'ERROR', message: err.message, messageJa: err.messageJa ?? err.message },
  }));
});
for (const b of document.querySelectorAll('[data-signed-sample]')) {
  b.addEventListener('click', () => sample(b.dataset.signedSample));
}
