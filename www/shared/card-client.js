// The one place the demo pages touch the card kit (js/card.js, the card helper's API): open the
// reader the user picked and run a ceremony with progress. The pages never import js/card.js
// directly, so a change of that API is absorbed here.

import {
  authenticate as cardAuthenticate,
  connectReader,
  createVirtualCard,
  readCardInfo as cardReadCardInfo,
  readerSupport,
  signConsent as cardSignConsent,
} from '/js/card.js';

/** PIN kinds as the card kit names them. */
export const PIN_KINDS = { auth: 'auth-pin', sign: 'sign-password', cardInfo: 'card-info-pin' };

/** Which transports this browser offers (no prompts): readerSupport() of the card kit. */
export function support() {
  return readerSupport(globalThis);
}

/**
 * Open a reader: `kind` 'virtual' (a fresh virtual card in this page), 'rcs380' (WebUSB) or
 * 'smartcard' (Web Smart Card API, Isolated Web Apps). Resolves with
 * `{ kind, reader, card }` (`card`: the virtual card, for its PIN counters; else null).
 */
export async function openReader(kind, existingCard) {
  if (kind === 'virtual') {
    const card = existingCard ?? await createVirtualCard();
    const { reader } = await connectReader({ prefer: 'virtual', virtualCard: card });
    return { kind: reader.kind, reader, card };
  }
  const { kind: got, reader } = await connectReader({ prefer: kind });
  return { kind: got, reader, card: null };
}

/** Auth PIN → Web eID token (JSON text) for the relying party's origin and nonce. */
export function authenticate({ reader, nonce, pin, force = false, onProgress }) {
  return cardAuthenticate({ reader, origin: location.origin, nonce, pin, force, onProgress });
}

/** Signature password → consent token signed with the signature key. */
export function signConsent({ reader, nonce, password, force = false, onProgress }) {
  return cardSignConsent({ reader, origin: location.origin, nonce, password, force, onProgress });
}

/** Card-info PIN → `{ myNumber, basicInfo, authenticated: false }`. */
export function readCardInfo({ reader, pin, force = false, onProgress }) {
  return cardReadCardInfo({ reader, pin, force, onProgress });
}
