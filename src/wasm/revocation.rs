//! Revocation evidence from JavaScript ([`crate::pki::revocation`]): the `CrlIndex` class (a CRL
//! verified and indexed once, reused by any number of `verifyToken` calls), the
//! `revocationEvidence` option of `verifyToken`, and `buildOcspRequest`.
//!
//! A JS `CrlIndex` holds a numeric handle into a registry of indexes that lives in this module;
//! `verifyToken` receives the handle (`{ index: handle }`, put there by the JS layer) and finds
//! the index again. The registry holds weak references: an index freed (`free()`, or collected)
//! leaves its handle dangling, and a dangling handle is refused as misuse, never skipped.

use super::{input, js_error, options, to_js};
use crate::assertion::RevocationMode;
use crate::pki::revocation::index::IndexedEntry;
use crate::pki::revocation::{
    build_ocsp_request as core_build_ocsp_request, crl_tbs_plan as core_crl_tbs_plan, CertIdHash,
    CrlIndex as CoreCrlIndex, Freshness, OperatorStatus, OperatorVerdict, RevocationEvidence,
    RevocationReason, MAX_CRL_DER,
};
use crate::pki::{Hash, UnixTime};
use crate::wire::limits;
use crate::wire::ocsp::MAX_OCSP_RESPONSE;
use crate::Error;
use js_sys::{Array, Uint8Array};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::btree_map::{BTreeMap, Entry};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;

/// Most items read from each evidence list (`crls`, `ocsp`, `operator`).
const MAX_LIST: usize = crate::pki::revocation::evidence::MAX_EVIDENCE;
/// Longest serial number accepted by `lookup`, in bytes (RFC 5280 allows 20; CAs exceed it).
const MAX_SERIAL: usize = 64;
/// Longest OCSP nonce copied in (the core accepts 1..=32 bytes and says so).
const MAX_OCSP_NONCE: usize = 1024;
/// Longest operator `source` name.
const MAX_SOURCE: usize = 256;
/// Longest option string such as a hash or reason name.
const MAX_NAME: usize = 64;

thread_local! {
    /// Live indexes by handle. Weak: the JS object owns its index.
    static REGISTRY: RefCell<BTreeMap<u32, Weak<CoreCrlIndex>>> = const {
        RefCell::new(BTreeMap::new())
    };
    /// The last handle given out (0 is never given out).
    static LAST_HANDLE: Cell<u32> = const { Cell::new(0) };
}

/// Register `index` under a fresh handle (never 0, never one in use).
fn register(index: &Rc<CoreCrlIndex>) -> Result<u32, Error> {
    REGISTRY.with(|cell| {
        let mut map = cell.try_borrow_mut().map_err(|_| busy())?;
        let mut candidate = LAST_HANDLE.with(Cell::get);
        // At most one pass over every u32: bounded, and a free handle exists unless 2^32 − 1
        // indexes are alive at once (which memory forbids long before).
        for _ in 0..=map.len() {
            candidate = candidate.wrapping_add(1).max(1);
            if let Entry::Vacant(slot) = map.entry(candidate) {
                slot.insert(Rc::downgrade(index));
                LAST_HANDLE.with(|h| h.set(candidate));
                return Ok(candidate);
            }
        }
        Err(Error::InvalidOptions("too many CrlIndex objects are alive"))
    })
}

/// Forget a handle (its index is being dropped).
fn unregister(handle: u32) {
    REGISTRY.with(|cell| {
        if let Ok(mut map) = cell.try_borrow_mut() {
            map.remove(&handle);
        }
    });
}

/// The live index behind `handle`.
fn registered(handle: u32) -> Result<Rc<CoreCrlIndex>, Error> {
    REGISTRY.with(|cell| {
        let map = cell.try_borrow().map_err(|_| busy())?;
        map.get(&handle)
            .and_then(Weak::upgrade)
            .ok_or(Error::InvalidOptions(
                "revocationEvidence.crls holds a CrlIndex that has been freed",
            ))
    })
}

fn busy() -> Error {
    Error::InvalidOptions("the CrlIndex registry is in use")
}

/// A verified complete CRL of one issuer, indexed once (JS: `CrlIndex`; the JS layer wraps it
/// to normalise arguments). Build it once per CRL and pass it to every `verifyToken` or
/// `verifyCms` call.
#[wasm_bindgen(js_name = CrlIndex)]
pub struct JsCrlIndex {
    handle: u32,
    index: Rc<CoreCrlIndex>,
}

#[wasm_bindgen(js_class = CrlIndex)]
impl JsCrlIndex {
    /// `new CrlIndex(crlDer, issuerCertificate)`: verify the CRL's signature by the issuing
    /// CA's certificate (DER bytes, PEM bytes or PEM text) and index it. Throws `CRL_INVALID`,
    /// `CRL_WRONG_ISSUER`, `CRL_DELTA_UNSUPPORTED`, `INPUT_TOO_LARGE`, ...
    ///
    /// `tbsDigest` (internal, from the JS layer's `CrlIndex.build`): the digest of tbsCertList
    /// that WebCrypto computed over the range and with the hash `crlTbsPlan` named.
    #[wasm_bindgen(constructor)]
    pub fn new(crl: JsValue, issuer: JsValue, tbs_digest: JsValue) -> Result<JsCrlIndex, JsValue> {
        build_index(&crl, &issuer, &tbs_digest).map_err(|e| js_error::thrown(&e))
    }

    /// `lookupCode(serialBytes)` (internal, the JS layer's fast path for byte serials): NaN
    /// when not listed, else `revokedAt · 16 + reason code` (15: no reasonCode), one number
    /// instead of an object. Serials longer than 64 bytes throw `INPUT_TOO_LARGE`, as in
    /// `lookup`.
    #[wasm_bindgen(js_name = lookupCode)]
    pub fn lookup_code(&self, serial: &[u8]) -> Result<f64, JsValue> {
        limits::check(
            "serial must be hex text or a Uint8Array",
            serial.len(),
            MAX_SERIAL,
        )
        .map_err(|e| js_error::thrown(&e))?;
        Ok(code_of(self.index.lookup(trim_zeros(serial))))
    }

    /// `lookup(serial)`: the CRL entry of a serial number (hex text, `:` separators allowed,
    /// or big-endian bytes), `null` when not listed → `{ revokedAt, reason }` (`reason` `null`
    /// without a reasonCode). No issuer, scope or time checks: `verifyToken` does those.
    pub fn lookup(&self, serial: JsValue) -> Result<JsValue, JsValue> {
        let run = || -> Result<JsValue, Error> {
            let magnitude = read_serial(&serial)?;
            match self.index.lookup(&magnitude) {
                None => Ok(JsValue::NULL),
                Some(entry) => to_js(&EntryJs {
                    revoked_at: UnixTime(entry.revoked_at).to_rfc3339(),
                    reason: entry.reason.map(RevocationReason::name),
                }),
            }
        };
        run().map_err(|e| js_error::thrown(&e))
    }

    /// `lookupSmall(len, w0, w1, w2)` (internal, the fast path for serials of at most 12
    /// bytes): the serial left-padded to 12 bytes as three big-endian 32-bit words, `len` its
    /// length; answers as `lookupCode`. No array crosses the boundary, so nothing is allocated.
    #[wasm_bindgen(js_name = lookupSmall)]
    pub fn lookup_small(&self, len: u32, w0: u32, w1: u32, w2: u32) -> f64 {
        let mut padded = [0u8; 12];
        for (chunk, word) in padded.chunks_exact_mut(4).zip([w0, w1, w2]) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        let len = (len as usize).min(12);
        let serial = padded.get(12 - len..).unwrap_or_default();
        code_of(self.index.lookup(trim_zeros(serial)))
    }

    /// Number of entries.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        count(self.index.len())
    }

    /// Heap bytes held by the index.
    #[wasm_bindgen(getter, js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        count(self.index.memory_bytes())
    }

    /// thisUpdate (RFC 3339).
    #[wasm_bindgen(getter, js_name = thisUpdate)]
    pub fn this_update(&self) -> String {
        self.index.this_update().to_rfc3339()
    }

    /// nextUpdate (RFC 3339), `undefined` when the CRL has none.
    #[wasm_bindgen(getter, js_name = nextUpdate)]
    pub fn next_update(&self) -> Option<String> {
        self.index.next_update().map(UnixTime::to_rfc3339)
    }

    /// The registry handle (used by the JS layer to pass the index to `verifyToken`).
    #[wasm_bindgen(getter)]
    pub fn handle(&self) -> u32 {
        self.handle
    }
}

impl Drop for JsCrlIndex {
    fn drop(&mut self) {
        unregister(self.handle);
    }
}

/// A count as a JS number (exact: counts here are far below 2^53).
fn count(n: usize) -> f64 {
    n as f64
}

/// One CRL entry as JS sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryJs {
    revoked_at: String,
    reason: Option<&'static str>,
}

fn build_index(crl: &JsValue, issuer: &JsValue, digest: &JsValue) -> Result<JsCrlIndex, Error> {
    let crl = input::bytes(crl, "crlDer must be a Uint8Array (DER)", MAX_CRL_DER)?;
    let issuer = input::certificate(issuer)?;
    let index = if input::is_absent(digest) {
        CoreCrlIndex::build(&crl, &issuer)?
    } else {
        let digest = input::bytes(digest, "tbsDigest must be a Uint8Array", 64)?;
        CoreCrlIndex::build_with_tbs_digest(&crl, &issuer, &digest)?
    };
    let index = Rc::new(index);
    let handle = register(&index)?;
    Ok(JsCrlIndex { handle, index })
}

/// `serial` without leading zero bytes.
fn trim_zeros(serial: &[u8]) -> &[u8] {
    let zeros = serial.iter().take_while(|&&b| b == 0).count();
    serial.get(zeros..).unwrap_or_default()
}

/// A lookup's answer as one number: NaN when not listed, else `revokedAt · 16 + reason code`
/// (15: no reasonCode). |revokedAt| < 2^38 for years 0..=9999, so the value is exact.
fn code_of(entry: Option<IndexedEntry>) -> f64 {
    match entry {
        None => f64::NAN,
        Some(entry) => {
            (entry.revoked_at as f64) * 16.0
                + f64::from(entry.reason.map_or(15, RevocationReason::code))
        }
    }
}

/// `crlTbsPlan(prefix)` (internal, for `CrlIndex.build`): where tbsCertList lies in a CRL and
/// the WebCrypto name of its signature's hash, from the CRL's first bytes → `{ start, end,
/// hash }`, or `null` (then the CRL is hashed in wasm).
#[wasm_bindgen(js_name = crlTbsPlan)]
pub fn crl_tbs_plan(prefix: &[u8]) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Plan {
        start: usize,
        end: usize,
        hash: &'static str,
    }
    let Some(plan) = core_crl_tbs_plan(prefix) else {
        return Ok(JsValue::NULL);
    };
    let hash = match plan.hash {
        Hash::Sha256 => "SHA-256",
        Hash::Sha384 => "SHA-384",
        Hash::Sha512 => "SHA-512",
        Hash::Sha1 => return Ok(JsValue::NULL),
    };
    to_js(&Plan {
        start: plan.range.start,
        end: plan.range.end,
        hash,
    })
    .map_err(|e| js_error::thrown(&e))
}

/// A serial number magnitude from hex text or big-endian bytes (leading zeros dropped).
fn read_serial(value: &JsValue) -> Result<Vec<u8>, Error> {
    const WHAT: &str = "serial must be hex text or a Uint8Array";
    let raw = if value.is_string() {
        let text = input::text(value, WHAT, MAX_SERIAL * 3)?;
        hex_bytes(&text.replace(':', "")).ok_or(Error::InvalidOptions(WHAT))?
    } else if value.is_instance_of::<Uint8Array>() {
        input::bytes(value, WHAT, MAX_SERIAL)?
    } else {
        return Err(Error::InvalidOptions(WHAT));
    };
    let zeros = raw.iter().take_while(|&&b| b == 0).count();
    Ok(raw.get(zeros..).unwrap_or_default().to_vec())
}

/// Hex digits (an odd count gets a leading zero) → bytes; `None` for anything else or empty.
fn hex_bytes(text: &str) -> Option<Vec<u8>> {
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
type OcspInput = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);

/// The evidence of one `verifyToken` call, owned (read and checked before the nonce is used).
#[derive(Default)]
pub struct EvidenceInput {
    indexes: Vec<Rc<CoreCrlIndex>>,
    crl_ders: Vec<(Vec<u8>, Vec<u8>)>,
    ocsp: Vec<OcspInput>,
    operators: Vec<OperatorVerdict>,
}

impl EvidenceInput {
    /// Borrowed as the core's evidence list.
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
    for item in list(&value, "crls", "revocationEvidence.crls must be an array")? {
        read_crl(&item, &mut out)?;
    }
    for item in list(&value, "ocsp", "revocationEvidence.ocsp must be an array")? {
        out.ocsp.push(read_ocsp(&item)?);
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
fn optional_bytes(
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
