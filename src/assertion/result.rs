//! The outcome of a token verification and its JSON shape:
//!
//! ```text
//! { "ok": true, "kind", "certificate": {serialNumber, issuer, subject, notBefore, notAfter,
//!   sha256}, "identity"?, "trustAnchor": {name, sha256}, "chain": [{subject, sha256}],
//!   "revocation": {status, source, reason?, revokedAt?, checkedAt?, operator?},
//!   "warnings": [{code, message, messageJa}] }
//! { "ok": false, "error": {code, message, messageJa} }
//! ```

use super::policy::RevocationMode;
use crate::jpki::{AnchorInfo, CertificateSummary, ChainEntry, Identity, JpkiVerified};
use crate::pki::revocation::{CheckedStatus, RevocationCheck, RevocationReason};
use crate::Error;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// Revocation status of the end-entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RevocationStatus {
    /// The evidence says the certificate is not revoked.
    Good,
    /// The evidence says the certificate is revoked or on hold (a verification never succeeds
    /// with this status: it fails with `CERT_REVOKED`).
    Revoked,
    /// Revocation was considered but no evidence was available (or the evidence did not know).
    Unknown,
    /// The policy switched revocation off.
    NotChecked,
}

/// What is known about revocation. Serialised with camelCase keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevocationInfo {
    /// The status.
    pub status: RevocationStatus,
    /// Where it came from: `crl`, `ocsp`, `operator` (`null` when no evidence applied).
    pub source: Option<String>,
    /// The reason name (`removeFromCRL` for a certificate taken off hold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it was revoked (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// thisUpdate of the CRL / OCSP response, or the operator's check time (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<String>,
    /// The operator that answered, for operator verdicts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

/// A condition that did not fail verification but that the relying party should know about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// Stable code.
    pub code: &'static str,
    /// English.
    pub message: &'static str,
    /// Japanese.
    pub message_ja: &'static str,
}

impl Warning {
    /// Revocation status could not be determined (policy `prefer`).
    pub const REVOCATION_UNKNOWN: Warning = Warning {
        code: "REVOCATION_UNKNOWN",
        message: "The certificate's revocation status was not checked: no evidence was available.",
        message_ja: "失効情報が得られなかったため、証明書の失効状態は確認していません。",
    };
    /// The certificate validated only thanks to the clock-skew tolerance.
    pub const CLOCK_SKEW_APPLIED: Warning = Warning {
        code: "CLOCK_SKEW_APPLIED",
        message: "The certificate is valid only within the clock-skew tolerance.",
        message_ja: "証明書は時刻のずれの許容範囲内でのみ有効です。",
    };
    /// The chain ends at a TEST root: never acceptable in production.
    pub const TEST_TRUST: Warning = Warning {
        code: "TEST_TRUST",
        message: "Verified against TEST roots; not valid for production.",
        message_ja: "テスト用ルートで検証しました。本番では無効です。",
    };
}

/// A verified token. Serialised with camelCase keys (and `ok: true` via [`VerifyOutcome`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenVerified {
    /// `jpki-auth` (the holder is present; the certificate serial and issuer identify the
    /// card) or `jpki-sign` (identity attributes).
    pub kind: String,
    /// The end-entity certificate.
    pub certificate: CertificateSummary,
    /// Identity attributes (`jpki-sign` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The root the chain ends at.
    pub trust_anchor: AnchorInfo,
    /// End-entity first, root last.
    pub chain: Vec<ChainEntry>,
    /// Revocation.
    pub revocation: RevocationInfo,
    /// Non-fatal observations.
    pub warnings: Vec<Warning>,
}

/// Revocation result without evidence, per policy; `Err(REVOCATION_UNKNOWN)` for `require`.
pub fn revocation_without_evidence(
    mode: RevocationMode,
    warnings: &mut Vec<Warning>,
) -> Result<RevocationInfo, Error> {
    revocation_from_check(mode, None, warnings)
}

/// Revocation result from what the evidence said (`None`: nothing applied), per policy:
/// revoked → `Err(CERT_REVOKED)` (reason and date); unknown or nothing → `Err(REVOCATION_UNKNOWN)`
/// for `require`, status `unknown` and a warning for `prefer`; `off` → `not-checked`.
pub fn revocation_from_check(
    mode: RevocationMode,
    check: Option<RevocationCheck>,
    warnings: &mut Vec<Warning>,
) -> Result<RevocationInfo, Error> {
    if mode == RevocationMode::Off {
        return Ok(bare(RevocationStatus::NotChecked));
    }
    let known = check.filter(|c| c.status != CheckedStatus::Unknown);
    match known {
        Some(c) => {
            c.revoked_error()?;
            Ok(good(&c))
        }
        None if mode == RevocationMode::Require => Err(Error::RevocationUnknown),
        None => {
            warnings.push(Warning::REVOCATION_UNKNOWN);
            Ok(bare(RevocationStatus::Unknown))
        }
    }
}

/// A status with nothing checked behind it.
fn bare(status: RevocationStatus) -> RevocationInfo {
    RevocationInfo {
        status,
        source: None,
        reason: None,
        revoked_at: None,
        checked_at: None,
        operator: None,
    }
}

/// The `good` status, with what the evidence said. Kept apart so that a verification without
/// evidence (the common case in a browser) never compiles it in wasm.
#[inline(never)]
fn good(check: &RevocationCheck) -> RevocationInfo {
    RevocationInfo {
        status: RevocationStatus::Good,
        source: Some(check.source.name().to_string()),
        reason: check.reason.map(|r| RevocationReason::name(r).to_string()),
        revoked_at: check.revoked_at.map(|t| t.to_rfc3339()),
        checked_at: check.checked_at.map(|t| t.to_rfc3339()),
        operator: check.operator.clone(),
    }
}

/// Assemble the result from the verified certificate.
pub fn assemble(
    cert: JpkiVerified,
    revocation: RevocationInfo,
    warnings: Vec<Warning>,
) -> TokenVerified {
    TokenVerified {
        kind: cert.kind,
        certificate: cert.certificate,
        identity: cert.identity,
        trust_anchor: cert.trust_anchor,
        chain: cert.chain,
        revocation,
        warnings,
    }
}

/// What a verification came to. A token that does not verify is `Failed`, never a panic and
/// never an `Err` of the verifying function (those are for caller misuse). Serialises (serde)
/// as `{ok: true, kind, certificate, ...}` or `{ok: false, error: {code, message, messageJa}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyOutcome {
    /// The token is good.
    Verified(Box<TokenVerified>),
    /// The token is not acceptable, and why.
    Failed(Error),
}

impl VerifyOutcome {
    /// Did the token verify?
    pub fn is_ok(&self) -> bool {
        matches!(self, VerifyOutcome::Verified(_))
    }

    /// The verified token, if any.
    pub fn verified(&self) -> Option<&TokenVerified> {
        match self {
            VerifyOutcome::Verified(v) => Some(v),
            VerifyOutcome::Failed(_) => None,
        }
    }

    /// The failure, if any.
    pub fn error(&self) -> Option<&Error> {
        match self {
            VerifyOutcome::Verified(_) => None,
            VerifyOutcome::Failed(e) => Some(e),
        }
    }

    /// As `Result`.
    pub fn into_result(self) -> Result<TokenVerified, Error> {
        match self {
            VerifyOutcome::Verified(v) => Ok(*v),
            VerifyOutcome::Failed(e) => Err(e),
        }
    }
}

/// `{code, message, messageJa}` of an error.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorView {
    code: &'static str,
    message: String,
    message_ja: String,
}

impl ErrorView {
    fn of(e: &Error) -> Self {
        ErrorView {
            code: e.code(),
            message: e.message(),
            message_ja: e.message_ja(),
        }
    }
}

impl Serialize for VerifyOutcome {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            VerifyOutcome::Verified(v) => {
                let n = if v.identity.is_some() { 9 } else { 8 };
                let mut s = serializer.serialize_struct("VerifyOutcome", n)?;
                s.serialize_field("ok", &true)?;
                s.serialize_field("kind", &v.kind)?;
                s.serialize_field("certificate", &v.certificate)?;
                if let Some(identity) = &v.identity {
                    s.serialize_field("identity", identity)?;
                }
                s.serialize_field("trustAnchor", &v.trust_anchor)?;
                s.serialize_field("chain", &v.chain)?;
                s.serialize_field("revocation", &v.revocation)?;
                s.serialize_field("warnings", &v.warnings)?;
                s.end()
            }
            VerifyOutcome::Failed(e) => {
                let mut s = serializer.serialize_struct("VerifyOutcome", 2)?;
                s.serialize_field("ok", &false)?;
                s.serialize_field("error", &ErrorView::of(e))?;
                s.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_json_has_code_and_both_messages() {
        let v = serde_json::to_value(VerifyOutcome::Failed(Error::NonceReplayed)).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["code"], "NONCE_REPLAYED");
        assert_eq!(v["error"]["message"], Error::NonceReplayed.message());
        assert_eq!(v["error"]["messageJa"], Error::NonceReplayed.message_ja());
    }

    #[test]
    fn revocation_modes_without_evidence() {
        let mut w = Vec::new();
        assert_eq!(
            revocation_without_evidence(RevocationMode::Require, &mut w),
            Err(Error::RevocationUnknown)
        );
        let off = revocation_without_evidence(RevocationMode::Off, &mut w).unwrap();
        assert_eq!(off.status, RevocationStatus::NotChecked);
        assert!(w.is_empty());
        let prefer = revocation_without_evidence(RevocationMode::Prefer, &mut w).unwrap();
        assert_eq!(prefer.status, RevocationStatus::Unknown);
        assert_eq!(w, vec![Warning::REVOCATION_UNKNOWN]);
        let json = serde_json::to_value(&prefer).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"status": "unknown", "source": null})
        );
        let json = serde_json::to_value(&off).unwrap();
        assert_eq!(json["status"], "not-checked");
    }
}
