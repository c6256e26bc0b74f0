//! `verifyCms`: a CMS SignedData ([`crate::assertion::cms::verify_cms`]) from JavaScript.

use super::{failure, input, js_error, options, read_trust, revocation, success, to_js};
use crate::assertion::cms::{verify_cms_with_revocation, CmsOptions, CmsVerified};
use crate::assertion::signer::SignerTrust;
use crate::jpki::VerifyOptions;
use crate::wire::cms::MAX_CMS_DER;
use crate::Error;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

/// `verifyCms({ cms, content?, time, trust?, maxSigningTimeSkewSeconds?, requireSigningTime?,
/// revocation?, revocationEvidence?, revocationMaxAgeSeconds?, revocationSkewSeconds? })`
/// → `{ ok: true, contentType, detached, signers, identity, content, warnings }` (`content` a
/// `Uint8Array`; `identity` of the first JPKI signature-certificate signer, else `null`; each
/// signer carries its `revocation`) or `{ ok: false, error }`. Every signer's certificate is
/// validated as JPKI under `trust`, then weighed against the evidence as in `verifyToken`.
///
/// Throws for misuse (`INVALID_OPTIONS`) and for any error reading `revocationEvidence` (as
/// `verifyToken` does); bad or oversized CMS data and bad evidence contents are reported.
#[wasm_bindgen(js_name = verifyCms)]
pub fn verify_cms(args: JsValue) -> Result<JsValue, JsValue> {
    let evidence = revocation::read_evidence(&args).map_err(|e| js_error::thrown(&e))?;
    match run(&args, &evidence) {
        Ok(v) => Ok(v),
        Err(e @ Error::InvalidOptions(_)) => Err(js_error::thrown(&e)),
        Err(e) => Ok(failure(&e)),
    }
}

fn run(args: &JsValue, evidence: &revocation::EvidenceInput) -> Result<JsValue, Error> {
    let opts = read_options(args)?;
    let cms_js = input::field(args, "cms")?;
    let content_js = input::field(args, "content")?;
    let der = input::bytes(&cms_js, "cms must be a Uint8Array (DER)", MAX_CMS_DER)?;
    let content = if input::is_absent(&content_js) {
        None
    } else {
        Some(input::bytes(
            &content_js,
            "content must be a Uint8Array",
            input::MAX_MESSAGE,
        )?)
    };
    let verified =
        verify_cms_with_revocation(&der, content.as_deref(), &opts, &evidence.evidence())?;
    result(&verified)
}

fn read_options(args: &JsValue) -> Result<CmsOptions, Error> {
    let time = options::time(args)?;
    let jpki = VerifyOptions {
        trust: read_trust(&input::field(args, "trust")?)?,
        ..VerifyOptions::at(time)
    };
    let mut opts = CmsOptions::new(SignerTrust::Jpki(jpki));
    opts.max_signing_time_skew = options::whole_number(
        args,
        "maxSigningTimeSkewSeconds",
        "maxSigningTimeSkewSeconds must be a whole number of seconds",
    )?
    .map(u64::from);
    opts.require_signing_time = options::flag(
        args,
        "requireSigningTime",
        "requireSigningTime must be a boolean",
    )?;
    if let Some(mode) = revocation::read_mode(args)? {
        opts.revocation = mode;
    }
    opts.revocation_freshness = revocation::read_freshness(args)?;
    Ok(opts)
}

/// `{ ok: true, ...verified, identity, content }`.
fn result(verified: &CmsVerified) -> Result<JsValue, Error> {
    let out = success(verified)?;
    let identity = match verified.identity() {
        Some(id) => to_js(id)?,
        None => JsValue::NULL,
    };
    js_error::set(&out, "identity", &identity);
    let content = Uint8Array::from(verified.content.as_slice());
    js_error::set(&out, "content", &content);
    Ok(out)
}
