//! Revocation evidence from JavaScript ([`crate::pki::revocation`]): the `revocationEvidence`
//! option of `verifyToken` / `verifyCms` and `buildOcspRequest`. A `CrlIndex` (`super::crl_index`)
//! arrives as its numeric handle (`{ index: handle }`, put there by the JS layer) and is found
//! again in the registry.

use super::{input, options};
use crate::assertion::RevocationMode;
use crate::pki::revocation::{
    Freshness, OperatorStatus, OperatorVerdict, RevocationEvidence, RevocationReason,
};
use crate::pki::UnixTime;
use crate::wire::limits;
use crate::Error;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// Most items read from each evidence list (`crls`, `ocsp`, `operator`).
const MAX_LIST: usize = crate::pki::revocation::evidence::MAX_EVIDENCE;
/// Longest operator `source` name.
const MAX_SOURCE: usize = 256;
/// Longest option string such as a hash or reason name.
const MAX_NAME: usize = 64;

/// CRL and OCSP evidence, read only by the full module.
#[cfg(feature = "crl-ocsp-cms")]
mod crl_ocsp;
#[cfg(feature = "crl-ocsp-cms")]
pub(super) use crl_ocsp::optional_bytes;

/// The core module has no CRL or OCSP code: such evidence is refused, naming the full module
/// (the JS layer sends those calls there).
#[cfg(not(feature = "crl-ocsp-cms"))]
mod crl_ocsp {
    use crate::pki::revocation::RevocationEvidence;
    use crate::Error;
    use wasm_bindgen::JsValue;

    const NOT_IN_CORE: &str = "revocationEvidence.crls and .ocsp need the full module \
                               (pkg/myna_verify_bg.wasm): call initFull() first, or init() with it";

    /// No CRLs or OCSP responses.
    #[derive(Default)]
    pub(super) struct Evidence;

    impl Evidence {
        /// Refuse any item of `crls` or `ocsp`.
        pub(super) fn read(crls: &[JsValue], ocsp: &[JsValue]) -> Result<Self, Error> {
            if crls.is_empty() && ocsp.is_empty() {
                Ok(Evidence)
            } else {
                Err(Error::InvalidOptions(NOT_IN_CORE))
            }
        }

        /// Nothing.
        pub(super) fn evidence(&self) -> Vec<RevocationEvidence<'_>> {
            Vec::new()
        }
    }
}

/// Hex digits (an odd count gets a leading zero) → bytes; `None` for anything else or empty.
pub(super) fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    let digits = text
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<Vec<u8>>>()?;
    if digits.is_empty() {
        return None;
    }
    let mut padded = Vec::with_capacity(digits.len().saturating_add(1));
    if digits.len() % 2 == 1 {
        padded.push(0);
    }
    padded.extend(digits);
    Some(
        padded
            .chunks(2)
            .map(|pair| match pair {
                [hi, lo] => (hi << 4) | lo,
                _ => 0,
            })
            .collect(),
    )
}

/// The evidence of one `verifyToken` call, owned (read and checked before the nonce is used).
#[derive(Default)]
pub struct EvidenceInput {
    /// CRLs and OCSP responses (always empty in the core module).
    crls_and_ocsp: crl_ocsp::Evidence,
    operators: Vec<OperatorVerdict>,
}

impl EvidenceInput {
    /// Borrowed as the core's evidence list: CRLs, OCSP responses, then operator verdicts.
    pub fn evidence(&self) -> Vec<RevocationEvidence<'_>> {
        let mut list = self.crls_and_ocsp.evidence();
        list.extend(self.operators.iter().map(RevocationEvidence::Operator));
        list
    }
}

/// `args.revocation`: `require` / `prefer` / `off`, `None` when absent.
pub fn read_mode(args: &JsValue) -> Result<Option<RevocationMode>, Error> {
    input::option_text(
        &input::field(args, "revocation")?,
        "revocation must be 'require', 'prefer' or 'off'",
    )?
    .map(|mode| RevocationMode::parse(&mode))
    .transpose()
}

/// `args.revocationEvidence`: `{ crls?, ocsp?, operator? }`, absent → no evidence.
pub fn read_evidence(args: &JsValue) -> Result<EvidenceInput, Error> {
    let value = input::field(args, "revocationEvidence")?;
    if input::is_absent(&value) {
        return Ok(EvidenceInput::default());
    }
    read_present_evidence(&value)
}

/// A `revocationEvidence` that is there. Kept out of [`read_evidence`] so that a call without
/// evidence never compiles it.
#[inline(never)]
fn read_present_evidence(value: &JsValue) -> Result<EvidenceInput, Error> {
    let mut out = EvidenceInput::default();
    if !value.is_object() || Array::is_array(value) {
        return Err(Error::InvalidOptions(
            "revocationEvidence must be an object { crls?, ocsp?, operator? }",
        ));
    }
    let crls = list(value, "crls", "revocationEvidence.crls must be an array")?;
    let ocsp = list(value, "ocsp", "revocationEvidence.ocsp must be an array")?;
    out.crls_and_ocsp = crl_ocsp::Evidence::read(&crls, &ocsp)?;
    let operator = input::field(value, "operator")?;
    if Array::is_array(&operator) {
        for item in list(value, "operator", "revocationEvidence.operator")? {
            out.operators.push(read_operator(&item)?);
        }
    } else if !input::is_absent(&operator) {
        out.operators.push(read_operator(&operator)?);
    }
    Ok(out)
}

/// The items of an optional array field, at most [`MAX_LIST`].
fn list(obj: &JsValue, key: &'static str, what: &'static str) -> Result<Vec<JsValue>, Error> {
    let value = input::field(obj, key)?;
    if input::is_absent(&value) {
        return Ok(Vec::new());
    }
    let array = value
        .dyn_ref::<Array>()
        .ok_or(Error::InvalidOptions(what))?;
    limits::check(what, array.length() as usize, MAX_LIST)?;
    Ok(array.iter().take(MAX_LIST).collect())
}

/// An `operator` verdict: `{ certificateSha256, status, revokedAt?, reason?, checkedAt,
/// source }`.
#[inline(never)]
fn read_operator(item: &JsValue) -> Result<OperatorVerdict, Error> {
    const WHAT: &str = "revocationEvidence.operator must be { certificateSha256, status, \
                        revokedAt?, reason?, checkedAt, source }";
    if !item.is_object() {
        return Err(Error::InvalidOptions(WHAT));
    }
    let digest = options::required_text(
        item,
        "certificateSha256",
        "operator.certificateSha256 must be 64 hex digits",
        MAX_NAME.saturating_mul(2),
    )?;
    let certificate_sha256: [u8; 32] = hex_bytes(&digest.replace(':', ""))
        .and_then(|b| b.try_into().ok())
        .ok_or(Error::InvalidOptions(
            "operator.certificateSha256 must be 64 hex digits",
        ))?;
    let status_text = options::required_text(
        item,
        "status",
        "operator.status must be 'good', 'revoked' or 'unknown'",
        MAX_NAME,
    )?;
    let checked_at = required_time(item, "checkedAt", "operator.checkedAt is required")?;
    let source = options::required_text(
        item,
        "source",
        "operator.source must be a string naming the operator",
        MAX_SOURCE,
    )?;
    let status = match status_text.as_str() {
        "good" => OperatorStatus::Good,
        "unknown" => OperatorStatus::Unknown,
        "revoked" => OperatorStatus::Revoked {
            revoked_at: required_time(
                item,
                "revokedAt",
                "operator.revokedAt is required when status is 'revoked'",
            )?,
            reason: read_reason(item)?,
        },
        _ => {
            return Err(Error::InvalidOptions(
                "operator.status must be 'good', 'revoked' or 'unknown'",
            ))
        }
    };
    Ok(OperatorVerdict {
        certificate_sha256,
        status,
        checked_at,
        source,
    })
}

fn required_time(obj: &JsValue, key: &'static str, what: &'static str) -> Result<UnixTime, Error> {
    let value = input::field(obj, key)?;
    if input::is_absent(&value) {
        return Err(Error::InvalidOptions(what));
    }
    input::time(&value)
}

/// `operator.reason`: an RFC 5280 reason name, optional.
fn read_reason(obj: &JsValue) -> Result<Option<RevocationReason>, Error> {
    const WHAT: &str = "operator.reason must be an RFC 5280 reason name (e.g. 'certificateHold')";
    let value = input::field(obj, "reason")?;
    if input::is_absent(&value) {
        return Ok(None);
    }
    let name = input::text(&value, WHAT, MAX_NAME)?;
    (0..=10u8)
        .filter_map(RevocationReason::from_code)
        .find(|r| r.name() == name)
        .map(Some)
        .ok_or(Error::InvalidOptions(WHAT))
}

/// `revocationMaxAgeSeconds` / `revocationSkewSeconds` over the defaults (48 h, 300 s).
pub fn read_freshness(args: &JsValue) -> Result<Freshness, Error> {
    let mut freshness = Freshness::default();
    if let Some(max_age) = options::whole_number(
        args,
        "revocationMaxAgeSeconds",
        "revocationMaxAgeSeconds must be a whole number of seconds",
    )? {
        freshness.max_age_seconds = Some(max_age);
    }
    if let Some(skew) = options::whole_number(
        args,
        "revocationSkewSeconds",
        "revocationSkewSeconds must be a whole number of seconds",
    )? {
        freshness.skew_seconds = skew;
    }
    Ok(freshness)
}
