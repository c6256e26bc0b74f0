//! The `CrlIndex` class: a CRL verified and indexed once in wasm, looked up from JavaScript and
//! handed to any number of `verifyToken` / `verifyCms` calls by a numeric handle.
//!
//! The registry of indexes lives here and holds weak references: an index freed (`free()`, or
//! collected) leaves its handle dangling, and a dangling handle is refused as misuse
//! ([`registered`]), never skipped.

use super::revocation::hex_bytes;
use super::{input, js_error, to_js};
use crate::pki::revocation::index::IndexedEntry;
use crate::pki::revocation::{
    crl_tbs_plan as core_crl_tbs_plan, CrlIndex as CoreCrlIndex, RevocationReason, MAX_CRL_DER,
};
use crate::pki::{Hash, UnixTime};
use crate::wire::limits;
use crate::Error;
use js_sys::Uint8Array;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;

/// Longest serial number accepted by `lookup`, in bytes (RFC 5280 allows 20; CAs exceed it).
const MAX_SERIAL: usize = 64;

thread_local! {
    /// Live indexes, sorted by handle (a few at a time in practice; a sorted list is a
    /// fraction of a map's code). Weak: the JS object owns its index.
    static REGISTRY: RefCell<Vec<(u32, Weak<CoreCrlIndex>)>> = const { RefCell::new(Vec::new()) };
    /// The last handle given out (0 is never given out).
    static LAST_HANDLE: Cell<u32> = const { Cell::new(0) };
}

/// Register `index` under a fresh handle (never 0, never one in use).
fn register(index: &Rc<CoreCrlIndex>) -> Result<u32, Error> {
    REGISTRY.with(|cell| {
        let mut list = cell.try_borrow_mut().map_err(|_| busy())?;
        let mut candidate = LAST_HANDLE.with(Cell::get);
        // At most one pass over every u32: bounded, and a free handle exists unless 2^32 − 1
        // indexes are alive at once (which memory forbids long before).
        for _ in 0..=list.len() {
            candidate = candidate.wrapping_add(1).max(1);
            if let Err(at) = list.binary_search_by_key(&candidate, |(h, _)| *h) {
                list.insert(at, (candidate, Rc::downgrade(index)));
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
        if let Ok(mut list) = cell.try_borrow_mut() {
            if let Ok(at) = list.binary_search_by_key(&handle, |(h, _)| *h) {
                list.remove(at);
            }
        }
    });
}

/// The live index behind `handle`.
pub(super) fn registered(handle: u32) -> Result<Rc<CoreCrlIndex>, Error> {
    REGISTRY.with(|cell| {
        let list = cell.try_borrow().map_err(|_| busy())?;
        list.binary_search_by_key(&handle, |(h, _)| *h)
            .ok()
            .and_then(|at| list.get(at))
            .and_then(|(_, index)| index.upgrade())
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
