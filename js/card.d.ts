// Types of the card kit (js/card.js). The card module is a separate wasm file
// (pkg/card/myna_card_bg.wasm); a page that only verifies never loads it.

import type { ErrorCode } from './index.js';

/** Transports: RC-S380 over WebUSB, the Web Smart Card API (IWA), a host callback, the virtual card. */
export type ReaderKind = 'rcs380' | 'smartcard' | 'host' | 'virtual';

/** An error thrown by the card kit. */
export interface CardError extends Error {
  name: 'MynaVerifyError';
  code: ErrorCode;
  messageJa: string;
  /** PIN_INCORRECT: tries left; PIN_LAST_TRY: 1; PIN_BLOCKED: 0. */
  triesLeft?: number;
  /** READER_NOT_AVAILABLE: why each transport cannot be used. */
  reasons?: UnavailableReason[];
}

export interface UnavailableReason {
  kind: ReaderKind | 'ccid' | 'nfc';
  reason: string;
}

/** An opened reader; one operation at a time (a second one meanwhile: READER_BUSY). */
export interface Reader {
  readonly kind: ReaderKind;
  /** APDUs sent through this reader so far / by the last operation. */
  readonly apduCount: number;
  readonly lastApduCount: number;
  readonly busy: boolean;
  close(): Promise<void>;
}

export interface ConnectReaderOptions {
  /** Try this kind first. */
  prefer?: ReaderKind;
  /** A host transmit (native shells, Node PC/SC): `(apdu) => Promise<response APDU>`. */
  transmit?: (apdu: Uint8Array) => Promise<Uint8Array>;
  /** The virtual card from `createVirtualCard()` (demo, tests). */
  virtualCard?: VirtualCard;
}

export interface ConnectedReader {
  kind: ReaderKind;
  reader: Reader;
  /** Why every other transport is not used here, in plain words. */
  reasonsOthersUnavailable: UnavailableReason[];
}

export interface Progress {
  step: 'select' | 'verify-pin' | 'read-certificate' | 'sign' | 'read-my-number' | 'read-basic-info';
  done: number;
  total: number;
}

interface CeremonyOptions {
  reader: Reader;
  /** Send the PIN even with one try left (otherwise PIN_LAST_TRY, nothing sent). */
  force?: boolean;
  /** Extended-length READ BINARY (reader and card must support it). */
  extendedLength?: boolean;
  onProgress?: (p: Progress) => void;
}

export interface AuthenticateOptions extends CeremonyOptions {
  origin: string;
  nonce: string;
  /** The 4-digit user-authentication PIN. */
  pin: string;
}

export interface SignConsentOptions extends CeremonyOptions {
  origin: string;
  nonce: string;
  /** The signature password (6–16 characters A–Z, 0–9; lower case is upper-cased). */
  password: string;
}

export interface ReadCardInfoOptions extends CeremonyOptions {
  /** The 4-digit card-info PIN. */
  pin: string;
}

export interface CardInfo {
  myNumber: string;
  /** As stored on the card; `birth` YYYYMMDD. */
  basicInfo: { name: string; address: string; birth: string; sex: 'male' | 'female' | 'notApplicable' };
  /** Always false: no public key is known that verifies this data. */
  authenticated: false;
}

export interface WebNfcCapability {
  /** NDEFReader exists (Chrome on Android only). */
  present: boolean;
  ndef: boolean;
  /** Always false: Web NFC cannot send APDUs. */
  apdu: false;
  canReadMyNumberCard: false;
  reason: string;
}

export interface TransportSupport {
  usable: boolean;
  reason?: string;
}

export interface VirtualCard {
  readonly apduCount: number;
  triesLeft(kind: 'auth-pin' | 'sign-password' | 'card-info-pin'): number;
  setTriesLeft(kind: 'auth-pin' | 'sign-password' | 'card-info-pin', tries: number): void;
  setRemoved(removed: boolean): void;
}

export const RCS380_FILTERS: ReadonlyArray<{ vendorId: number; productId: number }>;
export const CCID_FILTER: { classCode: 0x0b };
export function initCard(input?: unknown): Promise<void>;
export function isIsolatedWebApp(): boolean;
export function webNfcCapability(): WebNfcCapability;
export function readerSupport(): Record<'rcs380' | 'ccid' | 'smartcard' | 'nfc', TransportSupport>;
/** Throws READER_NOT_AVAILABLE (with `reasons`), READER_NOT_SELECTED, READER_HELD_BY_OS, ... */
export function connectReader(options?: ConnectReaderOptions): Promise<ConnectedReader>;
/** The Web eID token JSON text (web-eid:1.0, RS256), signed with the auth key. */
export function authenticate(options: AuthenticateOptions): Promise<string>;
/** The same token shape signed with the signature key (verify with acceptedKinds ['jpki-sign']). */
export function signConsent(options: SignConsentOptions): Promise<string>;
export function readCardInfo(options: ReadCardInfoOptions): Promise<CardInfo>;
export function createVirtualCard(): Promise<VirtualCard>;
