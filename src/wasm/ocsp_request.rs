//! `buildOcspRequest` ([`crate::pki::revocation::build_ocsp_request`]); full module only.

use super::revocation::optional_bytes;
use super::{input, js_error};
use crate::pki::revocation::{build_ocsp_request as core_build_ocsp_request, CertIdHash};
use crate::Error;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

/// `buildOcspRequest({ certificate, issuer, hash?, nonce? })` → the DER OCSPRequest
/// (`Uint8Array`) for one certificate, unsigned; `hash` `'sha1'` (default) or `'sha256'` for
/// the CertID; `nonce` 1..=32 bytes (keep it for `revocationEvidence.ocsp[].nonce`). Throws
/// for misuse and for certificates that do not parse.
#[wasm_bindgen(js_name = buildOcspRequest)]
pub fn build_ocsp_request(args: JsValue) -> Result<Uint8Array, JsValue> {
    let run = || -> Result<Uint8Array, Error> {
        let hash = match input::option_text(
            &input::field(&args, "hash")?,
            "hash must be 'sha1' or 'sha256'",
        )?
        .as_deref()
        {
            None | Some("sha1") => CertIdHash::Sha1,
            Some("sha256") => CertIdHash::Sha256,
            Some(_) => return Err(Error::InvalidOptions("hash must be 'sha1' or 'sha256'")),
        };
        let nonce = optional_bytes(&args, "nonce", "nonce must be a Uint8Array")?;
        let certificate = required_certificate(&args, "certificate", "certificate is required")?;
        let issuer = required_certificate(&args, "issuer", "issuer is required")?;
        let der = core_build_ocsp_request(&certificate, &issuer, hash, nonce.as_deref())?;
        Ok(Uint8Array::from(der.as_slice()))
    };
    run().map_err(|e| js_error::thrown(&e))
}

fn required_certificate(
    args: &JsValue,
    key: &'static str,
    what: &'static str,
) -> Result<Vec<u8>, Error> {
    let value = input::field(args, key)?;
    if input::is_absent(&value) {
        return Err(Error::InvalidOptions(what));
    }
    input::certificate(&value)
}
