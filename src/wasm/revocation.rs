//! Revocation evidence from JavaScript ([`crate::pki::revocation`]): the `revocationEvidence`
//! option of `verifyToken` / `verifyCms` and `buildOcspRequest`. A `CrlIndex` (`super::crl_index`)
//! arrives as its numeric handle (`{ index: handle }`, put there by the JS layer) and is found
//! again in the registry.

#[cfg(feature = "crl-ocsp-cms")]
use super::crl_index::registered;
use super::{input, options};
use crate::assertion::RevocationMode;
#[cfg(feature = "crl-ocsp-cms")]
use crate::pki::revocation::{CrlIndex as CoreCrlIndex, MAX_CRL_DER};
use crate::pki::revocation::{
    Freshness, OperatorStatus, OperatorVerdict, RevocationEvidence, RevocationReason,
};
use crate::pki::UnixTime;
use crate::wire::limits;
#[cfg(feature = "crl-ocsp-cms")]
use crate::wire::ocsp::MAX_OCSP_RESPONSE;
use crate::Error;
use js_sys::Array;
#[cfg(feature = "crl-ocsp-cms")]
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Most items read from each evidence list (`crls`, `ocsp`, `operator`).
const MAX_LIST: usize = crate::pki::revocation::evidence::MAX_EVIDENCE;
#[cfg(feature = "crl-ocsp-cms")]
/// Longest OCSP nonce copied in (the core accepts 1..=32 bytes and says so).
const MAX_OCSP_NONCE: usize = 1024;
/// Longest operator `source` name.
const MAX_SOURCE: usize = 256;
/// Longest option string such as a hash or reason name.
const MAX_NAME: usize = 64;

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

/// An OCSP response, its issuer's certificate and the request's nonce.
#[cfg(feature = "crl-ocsp-cms")]
type OcspInput = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);

/// Why the core module refuses CRL and OCSP evidence.
#[cfg(not(feature = "crl-ocsp-cms"))]
const NOT_IN_CORE: &str = "revocationEvidence.crls and .ocsp need the full module \
                           (pkg/myna_verify_bg.wasm): call initFull() first, or init() with it";

/// The evidence of one `verifyToken` call, owned (read and checked before the nonce is used).
#[derive(Default)]
pub struct EvidenceInput {
    #[cfg(feature = "crl-ocsp-cms")]
    indexes: Vec<Rc<CoreCrlIndex>>,
    #[cfg(feature = "crl-ocsp-cms")]
    crl_ders: Vec<(Vec<u8>, Vec<u8>)>,
    #[cfg(feature = "crl-ocsp-cms")]
    ocsp: Vec<OcspInput>,
    operators: Vec<OperatorVerdict>,
}

impl EvidenceInput {
    /// Borrowed as the core's evidence list.
    #[cfg(not(feature = "crl-ocsp-cms"))]
    pub fn evidence(&self) -> Vec<RevocationEvidence<'_>> {
        self.operators
            .iter()
            .map(RevocationEvidence::Operator)
            .collect()
    }

    /// Borrowed as the core's evidence list.
    #[cfg(feature = "crl-ocsp-cms")]
    pub fn evidence(&self) -> Vec<RevocationEvidence<'_>> {
        let crls = self.indexes.iter().map(|i| RevocationEvidence::Crl(i));
        let ders = self
            .crl_ders
            .iter()
            .map(|(crl, issuer)| RevocationEvidence::CrlDer { crl, issuer });
        let ocsp = self
            .ocsp
            .iter()
            .map(|(response, issuer, nonce)| RevocationEvidence::Ocsp {
                response,
                issuer,
                nonce: nonce.as_deref(),
            });
        let operators = self.operators.iter().map(RevocationEvidence::Operator);
        crls.chain(ders).chain(ocsp).chain(operators).collect()
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
    let mut out = EvidenceInput::default();
    if input::is_absent(&value) {
        return Ok(out);
    }
    if !value.is_object() || Array::is_array(&value) {
        return Err(Error::InvalidOptions(
            "revocationEvidence must be an object { crls?, ocsp?, operator? }",
        ));
    }
    let crls = list(&value, "crls", "revocationEvidence.crls must be an array")?;
    let ocsp = list(&value, "ocsp", "revocationEvidence.ocsp must be an array")?;
    #[cfg(feature = "crl-ocsp-cms")]
    {
        for item in crls {
            read_crl(&item, &mut out)?;
        }
        for item in ocsp {
            out.ocsp.push(read_ocsp(&item)?);
        }
    }
    // The core module has no CRL or OCSP code; the JS layer sends such calls to the full one.
    #[cfg(not(feature = "crl-ocsp-cms"))]
    if !crls.is_empty() || !ocsp.is_empty() {
        return Err(Error::InvalidOptions(NOT_IN_CORE));
    }
    let operator = input::field(&value, "operator")?;
    if Array::is_array(&operator) {
        for item in list(&value, "operator", "revocationEvidence.operator")? {
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

#[cfg(feature = "crl-ocsp-cms")]
/// A `crls` item: `{ index: handle }` (a `CrlIndex`, from the JS layer) or `{ crl, issuer }`.
fn read_crl(item: &JsValue, out: &mut EvidenceInput) -> Result<(), Error> {
    const WHAT: &str = "revocationEvidence.crls items must be CrlIndex objects or { crl, issuer }";
    if !item.is_object() {
        return Err(Error::InvalidOptions(WHAT));
    }
    let handle = input::field(item, "index")?;
    if !input::is_absent(&handle) {
        let n = handle.as_f64().ok_or(Error::InvalidOptions(WHAT))?;
        if !n.is_finite() || n.fract() != 0.0 || n < 0.0 || n > f64::from(u32::MAX) {
            return Err(Error::InvalidOptions(WHAT));
        }
        // A whole number within u32 (checked above): exact.
        out.indexes.push(registered(n as u32)?);
        return Ok(());
    }
    let crl = input::field(item, "crl")?;
    let issuer = input::field(item, "issuer")?;
    if input::is_absent(&crl) || input::is_absent(&issuer) {
        return Err(Error::InvalidOptions(WHAT));
    }
    let crl = input::bytes(&crl, "revocationEvidence.crls[].crl", MAX_CRL_DER)?;
    out.crl_ders.push((crl, input::certificate(&issuer)?));
    Ok(())
}

#[cfg(feature = "crl-ocsp-cms")]
/// An `ocsp` item: `{ response, issuer, nonce? }`.
fn read_ocsp(item: &JsValue) -> Result<OcspInput, Error> {
    const WHAT: &str = "revocationEvidence.ocsp items must be { response, issuer, nonce? }";
    if !item.is_object() {
        return Err(Error::InvalidOptions(WHAT));
    }
    let response = input::field(item, "response")?;
    let issuer = input::field(item, "issuer")?;
    if input::is_absent(&response) || input::is_absent(&issuer) {
        return Err(Error::InvalidOptions(WHAT));
    }
    let response = input::bytes(
        &response,
        "revocationEvidence.ocsp[].response",
        MAX_OCSP_RESPONSE,
    )?;
    let issuer = input::certificate(&issuer)?;
    let nonce = optional_bytes(item, "nonce", "the OCSP nonce must be a Uint8Array")?;
    Ok((response, issuer, nonce))
}

/// An optional `Uint8Array` field (at most [`MAX_OCSP_NONCE`] bytes).
#[cfg(feature = "crl-ocsp-cms")]
pub(super) fn optional_bytes(
    obj: &JsValue,
    key: &'static str,
    what: &'static str,
) -> Result<Option<Vec<u8>>, Error> {
    let value = input::field(obj, key)?;
    if input::is_absent(&value) {
        return Ok(None);
    }
    input::bytes(&value, what, MAX_OCSP_NONCE).map(Some)
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
