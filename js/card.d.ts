// Types of the card kit (js/card.js). The card module is a separate wasm file
// (pkg/card/myna_card_bg.wasm); a page that only verifies never loads it.

import type { ErrorCode } from './index.js';

/**
 * Transports: RC-S380 over WebUSB, a CCID reader over WebUSB (Isolated Web Apps only), the Web
 * Smart Card API (Isolated Web Apps only), a host callback, the virtual card.
 */
export type ReaderKind = 'rcs380' | 'ccid' | 'smartcard' | 'host' | 'virtual';

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
  kind: ReaderKind | 'nfc';
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
  /** Try this kind first ('ccid' / 'rcs380' narrow the USB chooser to that kind). */
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
  /** Accept extended-length APDUs (off by default: `67 00`). */
  setExtendedLength(on: boolean): void;
}

/** A queued transmit over the Web Smart Card API (from `smartCardTransmit`). */
export interface SmartCardTransmit {
  /** The PC/SC reader in use. */
  readonly readerName: string;
  /** One APDU; calls are queued one at a time (the API allows one operation per context). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Disconnect (disposition 'leave'). */
  close(): Promise<void>;
}

/** The parts of the Web Smart Card API (`navigator.smartCard`, Isolated Web Apps) used here. */
export interface SmartCardResourceManager {
  establishContext(): Promise<{
    listReaders(): Promise<string[]>;
    connect(reader: string, accessMode: 'shared' | 'exclusive' | 'direct',
      options?: { preferredProtocols?: Array<'raw' | 't0' | 't1'> }): Promise<{
      connection: {
        transmit(sendBuffer: BufferSource): Promise<ArrayBuffer>;
        disconnect(disposition?: 'leave' | 'reset' | 'unpower' | 'eject'): Promise<void>;
      };
      activeProtocol?: 'raw' | 't0' | 't1';
    }>;
  }>;
}

export const RCS380_FILTERS: ReadonlyArray<{ vendorId: number; productId: number }>;
export const CCID_FILTER: { classCode: 0x0b };
export function initCard(input?: unknown): Promise<void>;
/** `isolated-app:` origin (or `globalThis.__MYNA_EMULATE_IWA__ === true`, set by js/testing). */
export function isIsolatedWebApp(): boolean;
export function webNfcCapability(): WebNfcCapability;
export function readerSupport(): Record<'rcs380' | 'ccid' | 'smartcard' | 'nfc', TransportSupport>;
/**
 * Throws READER_NOT_AVAILABLE (with `reasons`), READER_NOT_SELECTED, READER_HELD_BY_OS,
 * READER_NEEDS_ISOLATED_WEB_APP, ... In an Isolated Web App one USB chooser offers RC-S380s and
 * CCID readers (class 0x0B); elsewhere only RC-S380s, and `ccid` is listed with its reason.
 */
export function connectReader(options?: ConnectReaderOptions): Promise<ConnectedReader>;
/**
 * Open a `USBDevice` the page already holds: an RC-S380 by its ids, anything else as a CCID
 * reader (class 0x0B, or a vendor interface with a CCID class descriptor; APDU or T=1 TPDU
 * level from its class descriptor). Ordinary pages: READER_NEEDS_ISOLATED_WEB_APP for CCID.
 */
export function openUsbReader(device: object /* a WebUSB USBDevice */): Promise<Reader>;
/**
 * The Web Smart Card API as a queued transmit: establishContext → listReaders → connect
 * (shared; T=1, then T=0) → transmit. `readerName` defaults to the first reader (none:
 * READER_NOT_SELECTED). SmartCardError codes map to CARD_NOT_PRESENT, READER_HELD_BY_OS,
 * READER_NOT_AVAILABLE; a removed or reset card makes the next APDU connect again.
 */
export function smartCardTransmit(smartCard: SmartCardResourceManager, options?: { readerName?: string }): Promise<SmartCardTransmit>;
/** The Web eID token JSON text (web-eid:1.0, RS256), signed with the auth key. */
export function authenticate(options: AuthenticateOptions): Promise<string>;
/** The same token shape signed with the signature key (verify with acceptedKinds ['jpki-sign']). */
export function signConsent(options: SignConsentOptions): Promise<string>;
export function readCardInfo(options: ReadCardInfoOptions): Promise<CardInfo>;
export function createVirtualCard(): Promise<VirtualCard>;

/** MIME type of an NDEF record holding a compact JWS (`application/jose`). */
export const JWS_NDEF_MIME: 'application/jose';
/**
 * Write a compact JWS (e.g. a badge credential) to the next NFC tag (Web NFC, Chrome on Android;
 * NDEF only — never the My Number Card). Throws `READER_NOT_AVAILABLE` (with `reasons`) where Web
 * NFC is missing, `JWS_INVALID` for text that is not a compact JWS of at most 8192 characters.
 */
export function writeJwsTag(jws: string, options?: { signal?: AbortSignal }): Promise<void>;
/** The JWS on the next tag read (first `application/jose` or text record); verify it with `verifyJws`. */
export function readJwsTag(options?: { signal?: AbortSignal }): Promise<string>;
