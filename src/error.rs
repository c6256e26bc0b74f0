//! The one error type of myna-verify.
//!
//! Every failure is an [`Error`] with a stable machine code ([`Error::code`]) and a message in
//! English and Japanese. Codes never change meaning once released; new codes may be added.

use core::fmt;

/// Everything that can go wrong, for every layer. Variants carry no secrets (never a PIN).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    // ---- input shape (wire) ----
    /// Input larger than the documented cap.
    InputTooLarge { what: &'static str, limit: usize },
    /// DER that does not parse, or has trailing data.
    DerMalformed(&'static str),
    /// PEM armour that does not parse.
    PemMalformed,
    /// An input-driven loop hit its work budget (signature checks, path-building steps, name
    /// constraint comparisons).
    BudgetExceeded(&'static str),

    // ---- certificates and paths (pki) ----
    /// The certificate is past its notAfter at the validation time.
    CertExpired,
    /// The certificate is before its notBefore at the validation time.
    CertNotYetValid,
    /// No path from the end-entity to a configured trust anchor.
    CertNotTrusted,
    /// Key usage / extended key usage / kind does not allow what was asked.
    CertWrongPurpose,
    /// None of the certificate policies is in the acceptable set.
    CertPolicyNotAllowed,
    /// A CA certificate lacks basicConstraints cA=TRUE (or keyCertSign).
    CertNotCa,
    /// pathLenConstraint or the caller's maximum depth is exceeded.
    PathLenExceeded,
    /// A name in the chain violates a name constraint.
    NameConstraintViolation,
    /// The end-entity does not match the requested DNS name / IP address.
    NameMismatch,
    /// A critical extension this verifier does not process.
    UnknownCriticalExtension,
    /// An extension is present but malformed, duplicated or not allowed in this position.
    ExtensionInvalid(&'static str),
    /// The certificate is structurally unacceptable (version, serial, empty issuer, ...).
    CertInvalid(&'static str),

    // ---- signatures ----
    /// The signature does not verify.
    SignatureInvalid,
    /// The algorithm is unknown, not allowed by the policy, or does not fit the key.
    UnsupportedAlgorithm,
    /// The public key is malformed or not acceptable (size, curve).
    KeyInvalid,

    // ---- JPKI profile ----
    /// A JPKI identity attribute is missing from the signature certificate.
    AttributeMissing(&'static str),
    /// A JPKI identity attribute is present but not in the expected form.
    AttributeMalformed(&'static str),

    // ---- challenges and origins (assertion) ----
    /// The origin is not `https://host[:port]` (or an allowed development origin).
    OriginInvalid(&'static str),
    /// The challenge nonce has expired.
    NonceExpired,
    /// The challenge nonce was already used.
    NonceReplayed,
    /// The challenge nonce was never issued here (or was forgotten).
    NonceNotFound,
    /// A sealed challenge is malformed, forged, or bound to another origin.
    ChallengeInvalid,
    /// The authentication token is not well-formed (the field or rule is named).
    TokenMalformed(&'static str),
    /// The authentication token's `format` is not one this verifier reads.
    TokenFormatUnsupported,
    /// Revocation status is required but no revocation evidence was available.
    RevocationUnknown,
    /// The certificate is revoked, or on hold (`certificateHold`): reason name and date
    /// (seconds since the epoch) from the evidence.
    CertRevoked {
        reason: &'static str,
        revoked_at: i64,
    },
    /// A CRL breaks a rule of RFC 5280 or of this verifier (the rule is named).
    CrlInvalid(&'static str),
    /// The CRL is not from the certificate's issuer (name, key, or a key without cRLSign).
    CrlWrongIssuer,
    /// A delta CRL was given; only complete CRLs are read.
    CrlDeltaUnsupported,
    /// The CRL's issuingDistributionPoint does not cover the certificate.
    CrlScopeMismatch,
    /// An OCSP response breaks a rule of RFC 6960 or of this verifier (the rule is named).
    OcspInvalid(&'static str),
    /// The OCSP response is signed neither by the CA nor by a responder the CA authorised.
    OcspResponderUnauthorized,
    /// The OCSP response carries no status for this certificate.
    OcspWrongCertificate,
    /// The OCSP response's nonce is missing or differs from the request's.
    OcspNonceMismatch,
    /// Revocation evidence is too old, expired or not yet valid at the validation time (the
    /// evidence is named).
    RevocationStale(&'static str),

    // ---- signed data (CMS, JWS) ----
    /// A CMS SignedData breaks a rule of RFC 5652 or of this verifier (the rule is named).
    CmsInvalid(&'static str),
    /// A detached signature was given without its content.
    ContentMissing,
    /// The content is not what was signed (messageDigest differs, or the attached and the given
    /// content differ).
    ContentMismatch,
    /// The signer's certificate is not among the certificates available.
    SignerNotFound,
    /// The signing time is missing where required, or too far from the validation time.
    SigningTimeOutOfRange,
    /// A JWS is not well-formed (the rule is named).
    JwsInvalid(&'static str),
    /// A JWS header lists a critical parameter this verifier does not process (or `b64`:false).
    JwsCritUnsupported,
    /// No configured key matches the signature (unknown `kid`, no key source).
    KeyNotFound,
    /// The JWS payload's `exp` is past at the validation time.
    JwsExpired,
    /// The JWS payload's `nbf` (or `iat`) is after the validation time.
    JwsNotYetValid,

    // ---- card readers (transports) ----
    /// The reader or the card broke its protocol: a bad checksum, an unexpected frame or block,
    /// a wrong block number (the rule is named).
    ReaderProtocol(&'static str),
    /// The card stopped answering: retries, NAKs or waiting-time extensions ran out.
    CardNoResponse(&'static str),
    /// No card is on the reader, or it was taken away during the operation.
    CardNotPresent,
    /// The operating system's driver holds the USB reader, so the page cannot claim it (unbind
    /// the Linux `port100` driver, or install WinUSB on Windows).
    ReaderHeldByOs,
    /// The reader cannot do what is needed (an exchange level, an extended APDU, a device id).
    ReaderUnsupported(&'static str),
    /// Another card operation is still running on this reader; one at a time.
    ReaderBusy,
    /// No reader transport is usable in this browser (each reason is listed by `connectReader`):
    /// no WebUSB, CCID only in Isolated Web Apps, no Web Smart Card API, Web NFC cannot send APDUs.
    ReaderNotAvailable,
    /// The user closed the browser's device chooser without picking a reader (or none was
    /// plugged in).
    ReaderNotSelected,
    /// This reader can only be used from an Isolated Web App: browsers refuse ordinary web pages
    /// a CCID (USB class 0x0B) reader over WebUSB, and the Web Smart Card API exists only there.
    ReaderNeedsIsolatedWebApp,

    // ---- the card (APDUs, applets, PIN guard) ----
    /// The JPKI application is not on the card: it is not a My Number Card (or a JPKI
    /// smartphone) or it was not read correctly.
    NotMyNumberCard,
    /// The card has no such file or application (`6A 82`).
    CardFileNotFound,
    /// The card refused: the PIN for this file or key has not been verified (`69 82`).
    CardSecurityStatus,
    /// The card answered with an unexpected status word (SW1 SW2).
    CardStatus(u16),
    /// The card's answer does not have the expected shape (the rule is named).
    CardResponseMalformed(&'static str),
    /// The PIN or password does not have the required form; nothing was sent to the card
    /// (`auth-pin`, `sign-password` or `card-info-pin`).
    PinFormat(&'static str),
    /// The PIN or password was wrong; the card says how many tries are left.
    PinIncorrect { which: &'static str, tries_left: u8 },
    /// One try is left: the PIN was not sent, so the card is not locked by mistake (retry with
    /// `force`).
    PinLastTry(&'static str),
    /// The PIN or password is locked after too many wrong tries.
    PinBlocked(&'static str),
    /// A My Number (個人番号) that is not 12 digits or whose check digit is wrong.
    MyNumberInvalid,

    // ---- caller misuse ----
    /// Options given by the caller are invalid.
    InvalidOptions(&'static str),
}

impl Error {
    /// The stable, machine-readable code (SCREAMING_SNAKE_CASE).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InputTooLarge { .. } => "INPUT_TOO_LARGE",
            Error::DerMalformed(_) => "DER_MALFORMED",
            Error::PemMalformed => "PEM_MALFORMED",
            Error::BudgetExceeded(_) => "BUDGET_EXCEEDED",
            Error::CertExpired => "CERT_EXPIRED",
            Error::CertNotYetValid => "CERT_NOT_YET_VALID",
            Error::CertNotTrusted => "CERT_NOT_TRUSTED",
            Error::CertWrongPurpose => "CERT_WRONG_PURPOSE",
            Error::CertPolicyNotAllowed => "CERT_POLICY_NOT_ALLOWED",
            Error::CertNotCa => "CERT_NOT_CA",
            Error::PathLenExceeded => "PATH_LEN_EXCEEDED",
            Error::NameConstraintViolation => "NAME_CONSTRAINT_VIOLATION",
            Error::NameMismatch => "NAME_MISMATCH",
            Error::UnknownCriticalExtension => "UNKNOWN_CRITICAL_EXTENSION",
            Error::ExtensionInvalid(_) => "EXTENSION_INVALID",
            Error::CertInvalid(_) => "CERT_INVALID",
            Error::SignatureInvalid => "SIGNATURE_INVALID",
            Error::UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
            Error::KeyInvalid => "KEY_INVALID",
            Error::AttributeMissing(_) => "ATTRIBUTE_MISSING",
            Error::AttributeMalformed(_) => "ATTRIBUTE_MALFORMED",
            Error::OriginInvalid(_) => "ORIGIN_INVALID",
            Error::NonceExpired => "NONCE_EXPIRED",
            Error::NonceReplayed => "NONCE_REPLAYED",
            Error::NonceNotFound => "NONCE_NOT_FOUND",
            Error::ChallengeInvalid => "CHALLENGE_INVALID",
            Error::TokenMalformed(_) => "TOKEN_MALFORMED",
            Error::TokenFormatUnsupported => "TOKEN_FORMAT_UNSUPPORTED",
            Error::RevocationUnknown => "REVOCATION_UNKNOWN",
            Error::CertRevoked { .. } => "CERT_REVOKED",
            Error::CrlInvalid(_) => "CRL_INVALID",
            Error::CrlWrongIssuer => "CRL_WRONG_ISSUER",
            Error::CrlDeltaUnsupported => "CRL_DELTA_UNSUPPORTED",
            Error::CrlScopeMismatch => "CRL_SCOPE_MISMATCH",
            Error::OcspInvalid(_) => "OCSP_INVALID",
            Error::OcspResponderUnauthorized => "OCSP_RESPONDER_UNAUTHORIZED",
            Error::OcspWrongCertificate => "OCSP_WRONG_CERTIFICATE",
            Error::OcspNonceMismatch => "OCSP_NONCE_MISMATCH",
            Error::RevocationStale(_) => "REVOCATION_STALE",
            Error::CmsInvalid(_) => "CMS_INVALID",
            Error::ContentMissing => "CONTENT_MISSING",
            Error::ContentMismatch => "CONTENT_MISMATCH",
            Error::SignerNotFound => "SIGNER_NOT_FOUND",
            Error::SigningTimeOutOfRange => "SIGNING_TIME_OUT_OF_RANGE",
            Error::JwsInvalid(_) => "JWS_INVALID",
            Error::JwsCritUnsupported => "JWS_CRIT_UNSUPPORTED",
            Error::KeyNotFound => "KEY_NOT_FOUND",
            Error::JwsExpired => "JWS_EXPIRED",
            Error::JwsNotYetValid => "JWS_NOT_YET_VALID",
            Error::ReaderProtocol(_) => "READER_PROTOCOL",
            Error::CardNoResponse(_) => "CARD_NO_RESPONSE",
            Error::CardNotPresent => "CARD_NOT_PRESENT",
            Error::ReaderHeldByOs => "READER_HELD_BY_OS",
            Error::ReaderUnsupported(_) => "READER_UNSUPPORTED",
            Error::ReaderBusy => "READER_BUSY",
            Error::ReaderNotAvailable => "READER_NOT_AVAILABLE",
            Error::ReaderNotSelected => "READER_NOT_SELECTED",
            Error::ReaderNeedsIsolatedWebApp => "READER_NEEDS_ISOLATED_WEB_APP",
            Error::NotMyNumberCard => "NOT_MY_NUMBER_CARD",
            Error::CardFileNotFound => "CARD_FILE_NOT_FOUND",
            Error::CardSecurityStatus => "CARD_SECURITY_STATUS",
            Error::CardStatus(_) => "CARD_STATUS",
            Error::CardResponseMalformed(_) => "CARD_RESPONSE_MALFORMED",
            Error::PinFormat(_) => "PIN_FORMAT_INVALID",
            Error::PinIncorrect { .. } => "PIN_INCORRECT",
            Error::PinLastTry(_) => "PIN_LAST_TRY",
            Error::PinBlocked(_) => "PIN_BLOCKED",
            Error::MyNumberInvalid => "MY_NUMBER_INVALID",
            Error::InvalidOptions(_) => "INVALID_OPTIONS",
        }
    }

    /// English message for a person.
    pub fn message(&self) -> String {
        match self {
            Error::InputTooLarge { what, limit } => {
                format!("The {what} exceeds the limit ({limit}).")
            }
            Error::DerMalformed(what) => format!("The data is not valid DER ({what})."),
            Error::PemMalformed => "The PEM text is not valid.".into(),
            Error::BudgetExceeded(what) => {
                format!("Verification gave up: the work budget for {what} was exhausted.")
            }
            Error::CertExpired => "The certificate has expired.".into(),
            Error::CertNotYetValid => "The certificate is not valid yet.".into(),
            Error::CertNotTrusted => "The certificate does not chain to a trusted root.".into(),
            Error::CertWrongPurpose => "The certificate is not meant for this purpose.".into(),
            Error::CertPolicyNotAllowed => "The certificate's policy is not accepted here.".into(),
            Error::CertNotCa => "An issuing certificate is not a CA certificate.".into(),
            Error::PathLenExceeded => "The certificate chain is too long.".into(),
            Error::NameConstraintViolation => {
                "A name in the certificate is outside what its issuer may certify.".into()
            }
            Error::NameMismatch => "The certificate does not match the expected name.".into(),
            Error::UnknownCriticalExtension => {
                "The certificate has a critical extension that cannot be processed.".into()
            }
            Error::ExtensionInvalid(what) => {
                format!("A certificate extension is invalid ({what}).")
            }
            Error::CertInvalid(what) => format!("The certificate is invalid ({what})."),
            Error::SignatureInvalid => "The signature is not valid.".into(),
            Error::UnsupportedAlgorithm => {
                "The signature algorithm is not supported or not allowed.".into()
            }
            Error::KeyInvalid => "The public key is invalid or not acceptable.".into(),
            Error::AttributeMissing(what) => {
                format!("The certificate does not contain the {what}.")
            }
            Error::AttributeMalformed(what) => {
                format!("The {what} in the certificate is malformed.")
            }
            Error::OriginInvalid(what) => format!("The origin is not acceptable ({what})."),
            Error::NonceExpired => "The challenge has expired; start again.".into(),
            Error::NonceReplayed => "The challenge was already used; start again.".into(),
            Error::NonceNotFound => "The challenge is unknown here; start again.".into(),
            Error::ChallengeInvalid => "The challenge is not valid for this site.".into(),
            Error::TokenMalformed(what) => {
                format!("The authentication token is malformed ({what}).")
            }
            Error::TokenFormatUnsupported => {
                "The authentication token format is not supported.".into()
            }
            Error::RevocationUnknown => {
                "The certificate's revocation status could not be determined.".into()
            }
            Error::CertRevoked {
                reason: "certificateHold",
                revoked_at,
            } => format!(
                "The certificate is on hold since {} (certificateHold).",
                crate::pki::UnixTime(*revoked_at).to_rfc3339()
            ),
            Error::CertRevoked { reason, revoked_at } => format!(
                "The certificate was revoked on {} (reason: {reason}).",
                crate::pki::UnixTime(*revoked_at).to_rfc3339()
            ),
            Error::CrlInvalid(what) => format!("The CRL is invalid ({what})."),
            Error::CrlWrongIssuer => "The CRL is not from the certificate's issuer.".into(),
            Error::CrlDeltaUnsupported => {
                "A delta CRL was given; only complete CRLs are accepted.".into()
            }
            Error::CrlScopeMismatch => "The CRL does not cover this certificate.".into(),
            Error::OcspInvalid(what) => format!("The OCSP response is invalid ({what})."),
            Error::OcspResponderUnauthorized => {
                "The OCSP response is not signed by an authorised responder.".into()
            }
            Error::OcspWrongCertificate => {
                "The OCSP response does not cover this certificate.".into()
            }
            Error::OcspNonceMismatch => {
                "The OCSP response's nonce does not match the request.".into()
            }
            Error::RevocationStale(what) => {
                format!("The revocation evidence ({what}) is not current.")
            }
            Error::CmsInvalid(what) => format!("The signed data (CMS) is invalid ({what})."),
            Error::ContentMissing => "The signed content was not provided.".into(),
            Error::ContentMismatch => "The content does not match what was signed.".into(),
            Error::SignerNotFound => "The signer's certificate was not found.".into(),
            Error::SigningTimeOutOfRange => {
                "The signing time is missing or too far from the validation time.".into()
            }
            Error::JwsInvalid(what) => format!("The JWS is malformed ({what})."),
            Error::JwsCritUnsupported => {
                "The JWS has a critical header parameter that cannot be processed.".into()
            }
            Error::KeyNotFound => "No configured key matches the signature.".into(),
            Error::JwsExpired => "The signed token has expired.".into(),
            Error::JwsNotYetValid => "The signed token is not valid yet.".into(),
            Error::ReaderProtocol(what) => {
                format!("The card reader or the card broke the protocol ({what}).")
            }
            Error::CardNoResponse(what) => {
                format!("The card stopped answering ({what}). Hold it still on the reader and try again.")
            }
            Error::CardNotPresent => {
                "No card is on the reader, or it was moved away. Place the card and try again.".into()
            }
            Error::ReaderHeldByOs => "The operating system's driver holds the card reader, so the page cannot use it (unbind the port100 driver on Linux, or install WinUSB on Windows).".into(),
            Error::ReaderUnsupported(what) => format!("The card reader is not supported ({what})."),
            Error::ReaderBusy => "Another card operation is still running on this reader.".into(),
            Error::ReaderNotAvailable => "No card reader can be reached from this browser: WebUSB is needed for a Sony RC-S380, CCID readers and the Web Smart Card API work only in Isolated Web Apps, and Web NFC cannot send APDUs.".into(),
            Error::ReaderNotSelected => "No card reader was selected in the browser's device chooser (is the reader plugged in?).".into(),
            Error::ReaderNeedsIsolatedWebApp => "This card reader (CCID, USB class 0x0B) can only be used from an Isolated Web App: browsers do not let ordinary web pages claim smart-card readers. Use a Sony RC-S380, or install the site as an Isolated Web App.".into(),
            Error::NotMyNumberCard => {
                "This card has no JPKI application: use a My Number Card and place it flat on the reader.".into()
            }
            Error::CardFileNotFound => "The card does not have the requested file.".into(),
            Error::CardSecurityStatus => {
                "The card refused: the PIN for this operation was not verified. Start again.".into()
            }
            Error::CardStatus(sw) => {
                format!("The card answered with status {sw:04X}. Take the card off the reader and try again.")
            }
            Error::CardResponseMalformed(what) => {
                format!("The card's answer is malformed ({what}). Try again.")
            }
            Error::PinFormat(which) => pin_format_en(which).into(),
            Error::PinIncorrect { which, tries_left } => format!(
                "The {} is wrong (tries left: {tries_left}). Check it before trying again: the card locks it when none are left.",
                pin_label_en(which)
            ),
            Error::PinLastTry(which) => format!(
                "Only one try is left for the {}. A wrong entry locks it. {} Make sure of it, then confirm to try anyway.",
                pin_label_en(which),
                pin_reset_en(which)
            ),
            Error::PinBlocked(which) => format!(
                "The {} is locked after too many wrong entries. {}",
                pin_label_en(which),
                pin_reset_en(which)
            ),
            Error::MyNumberInvalid => {
                "The My Number read from the card is not valid (12 digits with a check digit).".into()
            }
            Error::InvalidOptions(what) => format!("Invalid options: {what}."),
        }
    }

    /// Japanese message for a person.
    pub fn message_ja(&self) -> String {
        match self {
            Error::InputTooLarge { what, limit } => {
                format!("入力（{what}）が上限（{limit}）を超えています。")
            }
            Error::DerMalformed(what) => {
                format!("データが正しい DER 形式ではありません（{what}）。")
            }
            Error::PemMalformed => "PEM 形式のテキストが正しくありません。".into(),
            Error::BudgetExceeded(what) => {
                format!("処理量の上限（{what}）に達したため検証を中止しました。")
            }
            Error::CertExpired => "証明書の有効期限が切れています。".into(),
            Error::CertNotYetValid => "証明書の有効期間がまだ始まっていません。".into(),
            Error::CertNotTrusted => "証明書が信頼できるルート証明書につながりません。".into(),
            Error::CertWrongPurpose => "この用途には使えない証明書です。".into(),
            Error::CertPolicyNotAllowed => {
                "証明書のポリシーがこの利用先で認められていません。".into()
            }
            Error::CertNotCa => "発行元の証明書が CA 証明書ではありません。".into(),
            Error::PathLenExceeded => "証明書チェーンが長すぎます。".into(),
            Error::NameConstraintViolation => "証明書の名前が発行元の名前制約の範囲外です。".into(),
            Error::NameMismatch => "証明書が期待する名前と一致しません。".into(),
            Error::UnknownCriticalExtension => {
                "処理できない重要（critical）拡張が証明書に含まれています。".into()
            }
            Error::ExtensionInvalid(what) => format!("証明書の拡張が不正です（{what}）。"),
            Error::CertInvalid(what) => format!("証明書が不正です（{what}）。"),
            Error::SignatureInvalid => "署名が正しくありません。".into(),
            Error::UnsupportedAlgorithm => {
                "署名アルゴリズムに対応していないか、許可されていません。".into()
            }
            Error::KeyInvalid => "公開鍵が不正か、受け入れられません。".into(),
            Error::AttributeMissing(what) => format!("証明書に{what}が含まれていません。"),
            Error::AttributeMalformed(what) => format!("証明書の{what}の形式が不正です。"),
            Error::OriginInvalid(what) => format!("オリジンが受け入れられません（{what}）。"),
            Error::NonceExpired => {
                "チャレンジの有効期限が切れました。最初からやり直してください。".into()
            }
            Error::NonceReplayed => "チャレンジは使用済みです。最初からやり直してください。".into(),
            Error::NonceNotFound => {
                "このチャレンジは発行されていません。最初からやり直してください。".into()
            }
            Error::ChallengeInvalid => "このサイトでは無効なチャレンジです。".into(),
            Error::TokenMalformed(what) => format!("認証トークンの形式が不正です（{what}）。"),
            Error::TokenFormatUnsupported => "認証トークンの形式に対応していません。".into(),
            Error::RevocationUnknown => "証明書の失効状態を確認できませんでした。".into(),
            Error::CertRevoked {
                reason: "certificateHold",
                revoked_at,
            } => format!(
                "証明書は {} から一時停止（certificateHold）されています。",
                crate::pki::UnixTime(*revoked_at).to_rfc3339()
            ),
            Error::CertRevoked { reason, revoked_at } => format!(
                "証明書は {} に失効しています（理由：{reason}）。",
                crate::pki::UnixTime(*revoked_at).to_rfc3339()
            ),
            Error::CrlInvalid(what) => format!("CRL が不正です（{what}）。"),
            Error::CrlWrongIssuer => "CRL が証明書の発行者のものではありません。".into(),
            Error::CrlDeltaUnsupported => {
                "差分 CRL には対応していません。完全な CRL を渡してください。".into()
            }
            Error::CrlScopeMismatch => "CRL がこの証明書を対象としていません。".into(),
            Error::OcspInvalid(what) => format!("OCSP レスポンスが不正です（{what}）。"),
            Error::OcspResponderUnauthorized => {
                "OCSP レスポンスが権限のあるレスポンダーの署名ではありません。".into()
            }
            Error::OcspWrongCertificate => {
                "OCSP レスポンスがこの証明書を対象としていません。".into()
            }
            Error::OcspNonceMismatch => "OCSP レスポンスのナンスが要求と一致しません。".into(),
            Error::RevocationStale(what) => {
                format!("失効情報（{what}）が有効期間外です。")
            }
            Error::CmsInvalid(what) => format!("署名データ（CMS）が不正です（{what}）。"),
            Error::ContentMissing => "署名対象のデータが渡されていません。".into(),
            Error::ContentMismatch => "データが署名されたものと一致しません。".into(),
            Error::SignerNotFound => "署名者の証明書が見つかりません。".into(),
            Error::SigningTimeOutOfRange => {
                "署名時刻がないか、検証時刻から離れすぎています。".into()
            }
            Error::JwsInvalid(what) => format!("JWS の形式が不正です（{what}）。"),
            Error::JwsCritUnsupported => {
                "JWS に処理できない重要ヘッダーパラメータがあります。".into()
            }
            Error::KeyNotFound => "署名に対応する鍵が設定されていません。".into(),
            Error::JwsExpired => "署名付きトークンの有効期限が切れています。".into(),
            Error::JwsNotYetValid => "署名付きトークンはまだ有効ではありません。".into(),
            Error::ReaderProtocol(what) => {
                format!("カードリーダーまたはカードとの通信手順が不正です（{what}）。")
            }
            Error::CardNoResponse(what) => {
                format!("カードが応答しなくなりました（{what}）。カードをリーダーに置いたまま、もう一度お試しください。")
            }
            Error::CardNotPresent => {
                "カードがリーダーにないか、離れました。カードを置いてもう一度お試しください。".into()
            }
            Error::ReaderHeldByOs => "OS のドライバーがカードリーダーを使用中のため、このページから使えません（Linux では port100 ドライバーを外し、Windows では WinUSB を入れてください）。".into(),
            Error::ReaderUnsupported(what) => format!("このカードリーダーには対応していません（{what}）。"),
            Error::ReaderBusy => "このカードリーダーでは別のカード操作が実行中です。".into(),
            Error::ReaderNotAvailable => "このブラウザーから使えるカードリーダーがありません。Sony RC-S380 には WebUSB が必要で、CCID リーダーと Web Smart Card API は Isolated Web App でのみ使え、Web NFC では APDU を送れません。".into(),
            Error::ReaderNotSelected => "ブラウザーの機器選択でカードリーダーが選ばれませんでした（リーダーは接続されていますか）。".into(),
            Error::ReaderNeedsIsolatedWebApp => "このカードリーダー（CCID、USB クラス 0x0B）は Isolated Web App からしか使えません。ブラウザーは通常のウェブページにスマートカードリーダーの使用を許可しません。Sony RC-S380 を使うか、サイトを Isolated Web App としてインストールしてください。".into(),
            Error::NotMyNumberCard => {
                "公的個人認証アプリがありません。マイナンバーカードをリーダーに平らに置いてください。".into()
            }
            Error::CardFileNotFound => "要求したファイルがカードにありません。".into(),
            Error::CardSecurityStatus => {
                "暗証番号が確認されていないためカードが拒否しました。最初からやり直してください。".into()
            }
            Error::CardStatus(sw) => {
                format!("カードがステータス {sw:04X} を返しました。カードをリーダーから離して、もう一度お試しください。")
            }
            Error::CardResponseMalformed(what) => {
                format!("カードの応答の形式が不正です（{what}）。もう一度お試しください。")
            }
            Error::PinFormat(which) => pin_format_ja(which).into(),
            Error::PinIncorrect { which, tries_left } => format!(
                "{}が違います。残り{tries_left}回です。回数がなくなるとロックされるため、確認してから入力してください。",
                pin_label_ja(which)
            ),
            Error::PinLastTry(which) => format!(
                "{}の残り回数が1回です。間違えるとロックされます。{}確認のうえ、続行を選んでください。",
                pin_label_ja(which),
                pin_reset_ja(which)
            ),
            Error::PinBlocked(which) => format!(
                "{}は間違いが続いたためロックされています。{}",
                pin_label_ja(which),
                pin_reset_ja(which)
            ),
            Error::MyNumberInvalid => {
                "カードから読んだ個人番号が正しくありません（12桁・検査用数字）。".into()
            }
            Error::InvalidOptions(what) => format!("オプションが不正です：{what}。"),
        }
    }
}

/// English name of a PIN (`auth-pin`, `sign-password`, `card-info-pin`).
fn pin_label_en(which: &str) -> &'static str {
    match which {
        "sign-password" => "signature password",
        "card-info-pin" => "card-info PIN (券面事項入力補助用)",
        _ => "user-authentication PIN",
    }
}

/// Japanese name of a PIN.
fn pin_label_ja(which: &str) -> &'static str {
    match which {
        "sign-password" => "署名用電子証明書のパスワード",
        "card-info-pin" => "券面事項入力補助用の暗証番号",
        _ => "利用者証明用電子証明書の暗証番号",
    }
}

/// Where a locked PIN is reset, in English.
fn pin_reset_en(which: &str) -> &'static str {
    match which {
        "sign-password" => "Reset it at your municipal office, or at a convenience-store kiosk with the 4-digit user-authentication PIN.",
        _ => "Have it reset at your municipal office, bringing the card.",
    }
}

/// Where a locked PIN is reset, in Japanese.
fn pin_reset_ja(which: &str) -> &'static str {
    match which {
        "sign-password" => "お住まいの市区町村の窓口、または利用者証明用の暗証番号（数字4桁）を使ってコンビニのキオスク端末で初期化できます。",
        _ => "カードを持ってお住まいの市区町村の窓口で初期化してください。",
    }
}

/// The required form of a PIN, in English.
fn pin_format_en(which: &str) -> &'static str {
    match which {
        "sign-password" => {
            "The signature password must be 6 to 16 characters: letters A-Z and digits 0-9."
        }
        "card-info-pin" => "The card-info PIN must be exactly 4 digits.",
        _ => "The user-authentication PIN must be exactly 4 digits.",
    }
}

/// The required form of a PIN, in Japanese.
fn pin_format_ja(which: &str) -> &'static str {
    match which {
        "sign-password" => "署名用電子証明書のパスワードは英大文字（A〜Z）と数字の6〜16文字です。",
        "card-info-pin" => "券面事項入力補助用の暗証番号は数字4桁です。",
        _ => "利用者証明用電子証明書の暗証番号は数字4桁です。",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_screaming_snake_case_and_messages_non_empty() {
        let all = [
            Error::InputTooLarge {
                what: "certificate",
                limit: 1,
            },
            Error::DerMalformed("x"),
            Error::BudgetExceeded("x"),
            Error::CertExpired,
            Error::SignatureInvalid,
            Error::AttributeMissing("name"),
            Error::InvalidOptions("x"),
        ];
        for e in all {
            let c = e.code();
            assert!(
                c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'),
                "{c}"
            );
            assert!(!e.message().is_empty());
            assert!(!e.message_ja().is_empty());
            assert!(e.to_string().starts_with(c));
        }
    }
}
