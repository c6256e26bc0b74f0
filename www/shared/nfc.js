// Web NFC for the badge (NDEF records only; it exists in Chrome on Android). Feature-detected:
// where NDEFReader is missing the page says so instead of offering a button that cannot work.

import { bi } from './ui.js';

/** MIME type of the NDEF record holding a badge JWS. */
export const BADGE_MIME = 'application/jose';

export function nfcAvailable() {
  return typeof globalThis.NDEFReader === 'function';
}

/** Why NFC is not offered here (bilingual node). */
export function nfcUnavailableNote() {
  return bi('このブラウザには Web NFC（NDEFReader）がありません。Web NFC は Android の Chrome だけが提供しています。社員証はコピーして貼り付けてください。',
    'This browser has no Web NFC (NDEFReader): only Chrome on Android provides it. Copy and paste the badge instead.');
}

/** Write `jws` to the next tag held to the phone. */
export async function writeBadge(jws) {
  const writer = new globalThis.NDEFReader();
  await writer.write({ records: [{ recordType: 'mime', mediaType: BADGE_MIME, data: new TextEncoder().encode(jws) }] });
}

/** Resolve with the JWS text of the next tag read (first `application/jose` or text record). */
export async function readBadge() {
  const reader = new globalThis.NDEFReader();
  await reader.scan();
  return new Promise((resolve, reject) => {
    reader.onreadingerror = () => reject(new Error('NFC read error'));
    reader.onreading = (event) => {
      for (const record of event.message.records) {
        if (record.mediaType === BADGE_MIME || record.recordType === 'text') {
          resolve(new TextDecoder().decode(record.data));
          return;
        }
      }
      reject(new Error('no badge record on this tag'));
    };
  });
}
