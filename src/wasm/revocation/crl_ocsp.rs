//! CRL and OCSP evidence from JavaScript, in the full module only: `revocationEvidence.crls`
//! items (a `CrlIndex` by its handle, or `{ crl, issuer }`) and `.ocsp` items
//! (`{ response, issuer, nonce? }`).

use super::super::crl_index::registered;
use super::super::input;
use crate::pki::revocation::{CrlIndex as CoreCrlIndex, RevocationEvidence, MAX_CRL_DER};
use crate::wire::ocsp::MAX_OCSP_RESPONSE;
use crate::Error;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Longest OCSP nonce copied in (the core accepts 1..=32 bytes and says so).
const MAX_OCSP_NONCE: usize = 1024;

/// An OCSP response, its issuer's certificate and the request's nonce.
type OcspInput = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);

/// The CRLs and OCSP responses of one call, owned.
#[derive(Default)]
pub(super) struct Evidence {
    indexes: Vec<Rc<CoreCrlIndex>>,
    crl_ders: Vec<(Vec<u8>, Vec<u8>)>,
    ocsp: Vec<OcspInput>,
}

impl Evidence {
    /// Read the items of `crls` and `ocsp`.
    pub(super) fn read(crls: &[JsValue], ocsp: &[JsValue]) -> Result<Self, Error> {
        let mut out = Evidence::default();
        for item in crls {
            read_crl(item, &mut out)?;
        }
        for item in ocsp {
            out.ocsp.push(read_ocsp(item)?);
        }
        Ok(out)
    }

    /// Borrowed as the core's evidence: CRL indexes, CRLs, then OCSP responses.
    pub(super) fn evidence(&self) -> Vec<RevocationEvidence<'_>> {
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
        crls.chain(ders).chain(ocsp).collect()
    }
}

/// A `crls` item: `{ index: handle }` (a `CrlIndex`, from the JS layer) or `{ crl, issuer }`.
fn read_crl(item: &JsValue, out: &mut Evidence) -> Result<(), Error> {
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
pub(in crate::wasm) fn optional_bytes(
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
