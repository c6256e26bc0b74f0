//! `verifyToken`: the Web eID ceremony ([`crate::assertion::verify_token`]) from JavaScript.
//!
//! The nonce is checked in Rust, in the core's order (misuse checks, then the nonce is used up,
//! then the token): with `sealedSecret` the sealed challenge is opened, and with `nonceStore`
//! the JS store's synchronous `consume(nonce, timeMs)` is called through [`JsNonceStore`].
//! Neither given means the caller has already matched and used up the nonce itself.

use super::challenge::{read_origin, MAX_NONCE};
use super::{input, js_error, options, read_trust, revocation, to_js};
use crate::assertion::policy::{IdentityAttribute, TokenPolicy};
use crate::assertion::token::MAX_TOKEN_BYTES;
use crate::assertion::verify_token::{verify_token_with_revocation, NonceCheck, TokenContext};
use crate::assertion::NonceStore;
use crate::jpki::Purpose;
use crate::pki::UnixTime;
use crate::Error;
use js_sys::{Function, JsString, Uint8Array};
use wasm_bindgen::prelude::*;

/// `verifyToken({ token, origin, nonce, time, trust?, acceptedKinds?, clockSkewSeconds?,
/// allowDevOrigins?, revocation?, requiredAttributes?, sealedSecret?, nonceStore?,
/// revocationEvidence?, revocationMaxAgeSeconds?, revocationSkewSeconds? })` →
/// `{ ok: true, kind, certificate, identity?, trustAnchor, chain, revocation, warnings }` or
/// `{ ok: false, error }`.
///
/// Throws for misuse (`INVALID_OPTIONS`, `ORIGIN_INVALID`) and rethrows what the nonce store
/// throws. Everything about the token, its certificate and the nonce is reported.
#[wasm_bindgen(js_name = verifyToken)]
pub fn verify_token(args: JsValue) -> Result<JsValue, JsValue> {
    let misuse = |e: Error| js_error::thrown(&e);
    let policy = read_policy(&args).map_err(misuse)?;
    let origin_text = read_origin(&args).map_err(misuse)?;
    let nonce = options::required_text(&args, "nonce", "nonce must be a string", MAX_NONCE)
        .map_err(misuse)?;
    let time = options::time(&args).map_err(misuse)?;
    let secret = match input::field(&args, "sealedSecret").map_err(misuse)? {
        v if input::is_absent(&v) => None,
        v => Some(options::secret(&v).map_err(misuse)?),
    };
    let mut store =
        JsNonceStore::read(&input::field(&args, "nonceStore").map_err(misuse)?).map_err(misuse)?;
    let token = read_token(&input::field(&args, "token").map_err(misuse)?).map_err(misuse)?;
    let evidence = revocation::read_evidence(&args).map_err(misuse)?;
    let nonce_check = match (&secret, store.as_mut()) {
        (Some(secret), store) => NonceCheck::Sealed {
            secret,
            store: store.map(|s| s as &mut dyn NonceStore),
        },
        (None, Some(store)) => NonceCheck::Store(store),
        (None, None) => NonceCheck::Caller,
    };
    let ctx = TokenContext {
        origin: origin_text.as_str(),
        nonce: &nonce,
        time,
        nonce_check,
    };
    let outcome =
        verify_token_with_revocation(&token, ctx, &policy, &evidence.evidence()).map_err(misuse)?;
    if let Some(thrown) = store.and_then(|s| s.thrown) {
        return Err(thrown);
    }
    to_js(&outcome).map_err(misuse)
}

/// The token's JSON text: its UTF-8 bytes (as the JS layer sends a text within the cap) or the
/// text itself. Bytes over the token cap, and a text longer than the cap in UTF-16 units (so
/// also in UTF-8 bytes), are replaced by a placeholder of `MAX_TOKEN_BYTES + 1` bytes without
/// being copied: the core then reports `INPUT_TOO_LARGE` in its own order (after the misuse
/// checks and the nonce).
fn read_token(value: &JsValue) -> Result<String, Error> {
    const WHAT: &str = "token must be a JSON string or an object";
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        if bytes.length() as usize > MAX_TOKEN_BYTES {
            return Ok(oversize_token());
        }
        return String::from_utf8(bytes.to_vec()).map_err(|_| Error::InvalidOptions(WHAT));
    }
    let js = value
        .dyn_ref::<JsString>()
        .ok_or(Error::InvalidOptions(WHAT))?;
    if js.length() as usize > MAX_TOKEN_BYTES {
        return Ok(oversize_token());
    }
    value.as_string().ok_or(Error::InvalidOptions(WHAT))
}

/// A stand-in one byte over the token cap, for the core to refuse in its own order.
fn oversize_token() -> String {
    " ".repeat(MAX_TOKEN_BYTES.saturating_add(1))
}

/// The relying party's policy from the options; absent options keep [`TokenPolicy::default`].
fn read_policy(args: &JsValue) -> Result<TokenPolicy, Error> {
    let mut policy = TokenPolicy {
        trust: read_trust(&input::field(args, "trust")?)?,
        ..TokenPolicy::default()
    };
    if let Some(kinds) = options::string_list(
        args,
        "acceptedKinds",
        "acceptedKinds must be an array of 'jpki-auth' / 'jpki-sign'",
    )? {
        policy.accepted_kinds = kinds.iter().map(|k| purpose(k)).collect::<Result<_, _>>()?;
    }
    if let Some(skew) = options::whole_number(
        args,
        "clockSkewSeconds",
        "clockSkewSeconds must be 0..=3600",
    )? {
        policy.clock_skew_seconds = skew;
    }
    policy.allow_dev_origins =
        options::flag(args, "allowDevOrigins", "allowDevOrigins must be a boolean")?;
    if let Some(mode) = revocation::read_mode(args)? {
        policy.revocation = mode;
    }
    policy.revocation_freshness = revocation::read_freshness(args)?;
    if let Some(attrs) = options::string_list(
        args,
        "requiredAttributes",
        "requiredAttributes must be an array of attribute names",
    )? {
        policy.required_attributes = attrs
            .iter()
            .map(|a| IdentityAttribute::parse(a))
            .collect::<Result<_, _>>()?;
    }
    Ok(policy)
}

/// `jpki-auth` / `jpki-sign`.
fn purpose(kind: &str) -> Result<Purpose, Error> {
    match kind {
        "jpki-auth" => Ok(Purpose::Auth),
        "jpki-sign" => Ok(Purpose::Sign),
        _ => Err(Error::InvalidOptions(
            "acceptedKinds must be an array of 'jpki-auth' / 'jpki-sign'",
        )),
    }
}

/// A [`NonceStore`] backed by a JS object with a synchronous `consume(nonce, timeMs)` that
/// returns `true` (used up now), `false` (`NONCE_REPLAYED`) or one of the codes
/// `'NONCE_REPLAYED'`, `'NONCE_NOT_FOUND'`, `'NONCE_EXPIRED'`. Anything else it returns counts
/// as `NONCE_REPLAYED` (never as success); what it throws is kept and rethrown to the caller.
pub struct JsNonceStore {
    target: JsValue,
    consume: Function,
    remember: Option<Function>,
    thrown: Option<JsValue>,
}

impl JsNonceStore {
    /// `None` when absent; misuse unless it is an object with a `consume` function.
    fn read(value: &JsValue) -> Result<Option<Self>, Error> {
        if input::is_absent(value) {
            return Ok(None);
        }
        Self::read_present(value).map(Some)
    }

    /// Kept out of [`verify_token`]'s body: only calls that pass a store run it.
    #[inline(never)]
    fn read_present(value: &JsValue) -> Result<Self, Error> {
        const WHAT: &str = "nonceStore must be an object with a consume(nonce, timeMs) function";
        let consume = input::field(value, "consume")
            .map_err(|_| Error::InvalidOptions(WHAT))?
            .dyn_into::<Function>()
            .map_err(|_| Error::InvalidOptions(WHAT))?;
        let remember = input::field(value, "remember")
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        Ok(JsNonceStore {
            target: value.clone(),
            consume,
            remember,
            thrown: None,
        })
    }
}

/// Seconds → JS epoch milliseconds (exact for every time a JS `Date` can hold).
fn millis(t: UnixTime) -> JsValue {
    JsValue::from_f64((t.0 as f64) * 1000.0)
}

impl NonceStore for JsNonceStore {
    fn remember(&mut self, nonce: &str, expires_at: UnixTime) -> Result<(), Error> {
        let Some(remember) = &self.remember else {
            return Err(Error::InvalidOptions("nonceStore has no remember function"));
        };
        match remember.call2(&self.target, &JsValue::from_str(nonce), &millis(expires_at)) {
            Ok(_) => Ok(()),
            Err(e) => {
                self.thrown = Some(e);
                Err(Error::InvalidOptions("nonceStore.remember threw"))
            }
        }
    }

    fn consume(&mut self, nonce: &str, now: UnixTime) -> Result<(), Error> {
        match self
            .consume
            .call2(&self.target, &JsValue::from_str(nonce), &millis(now))
        {
            Ok(v) if v.as_bool() == Some(true) => Ok(()),
            Ok(v) => Err(match v.as_string().as_deref() {
                Some("NONCE_NOT_FOUND") => Error::NonceNotFound,
                Some("NONCE_EXPIRED") => Error::NonceExpired,
                _ => Error::NonceReplayed,
            }),
            Err(e) => {
                self.thrown = Some(e);
                Err(Error::InvalidOptions("nonceStore.consume threw"))
            }
        }
    }
}
