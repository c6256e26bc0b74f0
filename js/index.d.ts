// Types of the myna-verify JS API (the same for every runtime entry).

/** Bytes in any common form; normalised to a Uint8Array before the call. */
export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/** A certificate: PEM text, or DER / PEM bytes. */
export type CertificateInput = string | Bytes;

/** What `init` accepts: a URL of the .wasm, a Response, its bytes, or a compiled module. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/** Stable error codes (see README). New codes may be added; meanings never change. */
export type ErrorCode =
  | 'INPUT_TOO_LARGE' | 'DER_MALFORMED' | 'PEM_MALFORMED' | 'BUDGET_EXCEEDED'
  | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' | 'CERT_NOT_TRUSTED' | 'CERT_WRONG_PURPOSE'
  | 'CERT_POLICY_NOT_ALLOWED' | 'CERT_NOT_CA' | 'PATH_LEN_EXCEEDED' | 'NAME_CONSTRAINT_VIOLATION'
  | 'NAME_MISMATCH' | 'UNKNOWN_CRITICAL_EXTENSION' | 'EXTENSION_INVALID' | 'CERT_INVALID'
  | 'SIGNATURE_INVALID' | 'UNSUPPORTED_ALGORITHM' | 'KEY_INVALID'
  | 'ATTRIBUTE_MISSING' | 'ATTRIBUTE_MALFORMED' | 'ORIGIN_INVALID' | 'NONCE_EXPIRED'
  | 'NONCE_REPLAYED' | 'NONCE_NOT_FOUND' | 'CHALLENGE_INVALID' | 'TOKEN_MALFORMED'
  | 'TOKEN_FORMAT_UNSUPPORTED' | 'REVOCATION_UNKNOWN' | 'INVALID_OPTIONS'
  | (string & {});

/** A failure described for machines (`code`) and people (English and Japanese). */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  messageJa: string;
}

/** What the functions throw for misuse: an Error named `MynaVerifyError` with `code`/`messageJa`. */
export interface MynaVerifyError extends Error, ErrorInfo {
  name: 'MynaVerifyError';
}

/** JOSE names (ES256/ES384 signatures raw r‖s) or a dotted X.509 OID (ECDSA signatures DER). */
export type SignatureAlgorithmName =
  | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384'
  | '1.2.840.10045.4.3.2' | '1.2.840.10045.4.3.3' | '1.2.840.113549.1.1.11'
  | '1.2.840.113549.1.1.12' | '1.2.840.113549.1.1.13'
  | (string & {});

export interface VerifySignatureArgs {
  /** DER SubjectPublicKeyInfo (RSA, EC P-256 / P-384). */
  spki: Bytes;
  algorithm: SignatureAlgorithmName;
  message: Bytes;
  signature: Bytes;
}

export type Gender = 'male' | 'female' | 'unknown';

export interface DateOfBirth {
  era: 'unknown' | 'meiji' | 'taisho' | 'showa' | 'heisei' | 'reiwa';
  eraJa: string;
  /** `YYYY-MM-DD`, or null when the certificate's date is not a calendar date. */
  iso: string | null;
  /** As written in the certificate: `EYYYYMMDD`. */
  raw: string;
}

/** Identity attributes of a JPKI signature certificate. */
export interface Identity {
  /** Surname, full-width space, given name. */
  name: string;
  /** 0-based indexes of characters replaced by substitute characters. */
  nameSubstitutes: number[];
  gender: Gender;
  dateOfBirth: DateOfBirth;
  address: string;
  addressSubstitutes: number[];
}

export type JpkiKind = 'jpki-auth' | 'jpki-sign';

/** `inspectCertificate`: a description of one certificate. No trust decision. */
export interface CertificateInfo {
  /** DER INTEGER contents, upper-case hex. */
  serialNumber: string;
  /** RFC 4514. */
  issuer: string;
  subject: string;
  /** RFC 3339 (UTC). */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, lower-case hex. */
  sha256: string;
  kind: JpkiKind | null;
  keyType: string;
  keySize: number | null;
  curve: string | null;
  policies: string[];
  keyUsage: string[];
  identity: Identity | null;
  identityError: ErrorCode | null;
  isCa: boolean;
}

export interface VerifyCertificateArgs {
  certificate: CertificateInput;
  /** One PEM text (any number of blocks) or a list of certificates. */
  intermediates?: string | CertificateInput[];
  /** Validation time: a Date, epoch milliseconds or an RFC 3339 string. Default: now. */
  time?: Date | number | string;
  /** `jpki` (the J-LIS roots, default) or `jpki-test` (this project's TEST roots; never production). */
  trust?: 'jpki' | 'jpki-test';
}

export interface CertificateSummary {
  serialNumber: string;
  issuer: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

export interface JpkiVerified {
  ok: true;
  kind: JpkiKind;
  certificate: CertificateSummary;
  /** Signature certificates only. */
  identity: Identity | null;
  trustAnchor: { name: string; sha256: string };
  /** End-entity first, root last. */
  chain: { subject: string; sha256: string }[];
  policies: string[];
}

export interface VerifyFailure {
  ok: false;
  error: ErrorInfo;
}

export type VerifyCertificateResult = JpkiVerified | VerifyFailure;

/**
 * Load the wasm module. Optional: every function loads it on first use. Browser: fetched from
 * `pkg/myna_verify_bg.wasm` next to the package. Node: read from disk. workerd: required, with
 * the imported WebAssembly.Module. Concurrent and repeated calls share one load.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Synchronous load from a compiled module or the module's bytes. */
export function initSync(module: WebAssembly.Module | BufferSource): void;

/** `true` when valid, `false` when the signature does not verify; throws MynaVerifyError on misuse. */
export function verifySignature(args: VerifySignatureArgs): Promise<boolean>;

/** Describe a certificate; throws MynaVerifyError when it cannot be read. */
export function inspectCertificate(certificate: CertificateInput): Promise<CertificateInfo>;

/** Verify a JPKI certificate. Failures are reported (`ok: false`); only misuse throws. */
export function verifyCertificate(args: VerifyCertificateArgs): Promise<VerifyCertificateResult>;

/** The SDK version. */
export function version(): Promise<string>;
