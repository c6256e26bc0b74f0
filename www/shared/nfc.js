// Web NFC for the badge (NDEF records only; it exists in Chrome on Android). Feature-detected:
// where NDEFReader is missing the page says so instead of offering a button that cannot work.

import { JWS_NDEF_MIME, readJwsTag, writeJwsTag } from '/js/card.js';
import { bi } from './ui.js';

/** MIME type of the NDEF record holding a badge JWS. */
export const BADGE_MIME = JWS_NDEF_MIME;

export function nfcAvailable() {
  return typeof globalThis.NDEFReader === 'function';
}

/** Why NFC is not offered here (bilingual node). */
export function nfcUnavailableNote() {
  return bi('このブラウザには Web NFC（NDEFReader）がありません。Web NFC は Android の Chrome だけが提供しています。社員証はコピーして貼り付けてください。',
    'This browser has no Web NFC (NDEFReader): only Chrome on Android provides it. Copy and paste the badge instead.');
}

/** Write `jws` to the next tag held to the phone (the card kit's Web NFC call). */
export function writeBadge(jws) {
  return writeJwsTag(jws);
}

/** Resolve with the JWS text of the next tag read (first `application/jose` or text record). */
export function readBadge() {
  return readJwsTag();
}
