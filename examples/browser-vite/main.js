// A copy-paste starter: a page bundled by Vite that inspects and verifies a certificate in the
// browser. `npm install myna-verify vite`, then `npx vite` in this folder.
import { inspectCertificate, verifyCertificate } from 'myna-verify';

document.getElementById('go').addEventListener('click', async () => {
  const pem = document.getElementById('pem').value;
  const out = document.getElementById('out');
  try {
    const info = await inspectCertificate(pem);
    const verdict = await verifyCertificate({ certificate: pem, trust: 'jpki' });
    out.textContent = JSON.stringify({ info, verdict }, null, 2);
  } catch (e) {
    out.textContent = `${e.code ?? 'ERROR'}: ${e.message}`;
  }
});
