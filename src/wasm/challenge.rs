//! Challenge bindings: `issueChallenge`, `issueSealedChallenge`, `openSealedChallenge`.
//!
//! Randomness and time come from the JS layer (`crypto.getRandomValues`, `Date.now()`): the core
//! reads neither. Issuing never fails for good input, so every error there is misuse (thrown).
//! Opening reports a forged, foreign or expired challenge as `{ ok: false, error }`.

use super::{failure, input, js_error, options};
use crate::assertion::challenge::{self, Challenge};
use crate::assertion::Origin;
use crate::Error;
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// Challenge lifetime when `ttlSeconds` is absent.
pub const DEFAULT_TTL_SECONDS: u32 = 300;
/// Longest origin text read (the origin rules refuse anything longer than 300 characters).
pub const MAX_ORIGIN: usize = 1024;
/// Longest nonce text read (the token verifier refuses nonces over 1024 characters).
pub const MAX_NONCE: usize = 1024;

/// `issueChallenge({ random, time, ttlSeconds? })` → `{ nonce, expiresAt }`.
///
/// `random` is 32 bytes from `crypto.getRandomValues`; `nonce` is their standard base64
/// (44 characters); `expiresAt` is RFC 3339 (the last second the nonce is accepted).
#[wasm_bindgen(js_name = issueChallenge)]
pub fn issue_challenge(args: JsValue) -> Result<JsValue, JsValue> {
    read_issue(&args)
        .and_then(|(random, time, ttl)| challenge::issue_challenge(&random, time, ttl))
        .map(|c| challenge_object(&c))
        .map_err(|e| js_error::thrown(&e))
}

/// `issueSealedChallenge({ secret, origin, random, time, ttlSeconds?, allowDevOrigins? })` →
/// `{ nonce, expiresAt }`: a stateless challenge sealed under `secret` and bound to `origin`.
#[wasm_bindgen(js_name = issueSealedChallenge)]
pub fn issue_sealed_challenge(args: JsValue) -> Result<JsValue, JsValue> {
    run_issue_sealed(&args)
        .map(|c| challenge_object(&c))
        .map_err(|e| js_error::thrown(&e))
}

fn run_issue_sealed(args: &JsValue) -> Result<Challenge, Error> {
    let (random, time, ttl) = read_issue(args)?;
    let secret = options::secret(&input::field(args, "secret")?)?;
    let origin = read_origin(args)?;
    challenge::issue_sealed_challenge(&secret, &origin, &random, time, ttl)
}

/// `openSealedChallenge({ secret, origin, nonce, time, allowDevOrigins? })` →
/// `{ ok: true, expiresAt }` or `{ ok: false, error }` (`CHALLENGE_INVALID`, `NONCE_EXPIRED`).
/// Throws for misuse: wrong types, a short secret, an origin that is not canonical.
#[wasm_bindgen(js_name = openSealedChallenge)]
pub fn open_sealed_challenge(args: JsValue) -> Result<JsValue, JsValue> {
    let misuse = |e: Error| js_error::thrown(&e);
    let secret =
        options::secret(&input::field(&args, "secret").map_err(misuse)?).map_err(misuse)?;
    let origin = read_origin(&args).map_err(misuse)?;
    let nonce = options::required_text(&args, "nonce", "nonce must be a string", MAX_NONCE)
        .map_err(misuse)?;
    let time = options::time(&args).map_err(misuse)?;
    match challenge::open_sealed_challenge(&secret, &origin, &nonce, time) {
        Ok(expires) => {
            let out = Object::new();
            js_error::set(&out, "ok", &JsValue::TRUE);
            js_error::set(&out, "expiresAt", &JsValue::from_str(&expires.to_rfc3339()));
            Ok(out.into())
        }
        Err(e @ Error::InvalidOptions(_)) => Err(js_error::thrown(&e)),
        Err(e) => Ok(failure(&e)),
    }
}

/// `random` (exactly 32 bytes), `time` and `ttlSeconds` (default 300).
fn read_issue(args: &JsValue) -> Result<([u8; 32], crate::pki::UnixTime, u32), Error> {
    const WHAT: &str = "random must be a Uint8Array of 32 bytes";
    let raw = input::bytes(&input::field(args, "random")?, WHAT, 32)?;
    let random: [u8; 32] = raw
        .as_slice()
        .try_into()
        .map_err(|_| Error::InvalidOptions(WHAT))?;
    let time = options::time(args)?;
    let ttl = options::whole_number(args, "ttlSeconds", "ttlSeconds must be 1..=86400")?
        .unwrap_or(DEFAULT_TTL_SECONDS);
    Ok((random, time, ttl))
}

/// `origin` checked as the browser serialises it; `allowDevOrigins` admits loopback `http`.
pub fn read_origin(args: &JsValue) -> Result<Origin, Error> {
    let text = options::required_text(args, "origin", "origin must be a string", MAX_ORIGIN)?;
    let dev = options::flag(args, "allowDevOrigins", "allowDevOrigins must be a boolean")?;
    Origin::parse(&text, dev)
}

/// `{ nonce, expiresAt }`.
fn challenge_object(c: &Challenge) -> JsValue {
    let out = Object::new();
    js_error::set(&out, "nonce", &JsValue::from_str(&c.nonce));
    js_error::set(
        &out,
        "expiresAt",
        &JsValue::from_str(&c.expires_at.to_rfc3339()),
    );
    out.into()
}
