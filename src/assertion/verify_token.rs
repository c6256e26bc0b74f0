//! The Web eID verification ceremony, in one call for a server:
//!
//! 1. **Misuse checks** (an `Err`): the policy ([`TokenPolicy::check`]), the relying party's own
//!    origin ([`Origin::parse`]), the nonce it issued (43..=1024 bytes) and a sealing secret
//!    (≥ 32 bytes).
//! 2. **The nonce** is used up first, so one nonce allows exactly one attempt whatever follows:
//!    a sealed nonce is opened ([`open_sealed_challenge`]: `CHALLENGE_INVALID`,
//!    `NONCE_EXPIRED`), then a [`NonceStore`] consumes it (`NONCE_REPLAYED`, `NONCE_NOT_FOUND`,
//!    `NONCE_EXPIRED`).
//! 3. **The token** is parsed ([`parse_token`]).
//! 4. **The certificate** is verified as JPKI ([`crate::jpki::verify_certificate`]) with the
//!    policy's trust and accepted kinds at the validation time; an expired / not-yet-valid
//!    certificate is retried once at the time shifted by the clock skew (success then carries a
//!    `CLOCK_SKEW_APPLIED` warning).
//! 5. **The signature** over `H(origin) ‖ H(nonce)` — origin and nonce from the caller, never
//!    from the token — is verified with the end-entity's key.
//! 6. **Required attributes** and **revocation** per policy (the evidence given to
//!    [`verify_token_with_revocation`], weighed by [`check_revocation_issued`] with the issuer
//!    key of the validated path); then the result.
//!
//! Every failure from step 2 on is a [`VerifyOutcome::Failed`].

use super::challenge::{open_sealed_challenge, NonceStore};
use super::origin::Origin;
use super::policy::{RevocationMode, TokenPolicy};
use super::result::{assemble, revocation_from_check, TokenVerified, VerifyOutcome, Warning};
use super::token::{parse_token, signed_data, WebEidToken};
use crate::jpki::verify::verify_certificate_path;
use crate::jpki::{JpkiVerified, TrustSelection, VerifyOptions};
use crate::pki::revocation::{check_revocation_issued, RevocationEvidence};
use crate::pki::{verify_signature, UnixTime, ValidatedPath};
use crate::wire::certificate::subject_public_key_info;
use crate::Error;

/// Shortest nonce accepted from the caller (32 random bytes in unpadded base64).
pub const MIN_NONCE_LEN: usize = 43;
/// Longest nonce accepted from the caller.
pub const MAX_NONCE_LEN: usize = 1024;
/// Shortest sealing secret.
const MIN_SEAL_SECRET: usize = 32;

/// How the nonce is known to be fresh and unused.
pub enum NonceCheck<'a> {
    /// The caller has already matched the nonce and used it up (e.g. removed it from the
    /// session before calling).
    Caller,
    /// Consume it from a store (`remember`ed at issue).
    Store(&'a mut dyn NonceStore),
    /// A sealed challenge: authentic under `secret`, bound to the origin and unexpired. Give a
    /// `store` too for single use (a sealed nonce alone can be replayed until it expires).
    Sealed {
        /// The sealing secret (≥ 32 bytes).
        secret: &'a [u8],
        /// Optional store consuming the nonce as well.
        store: Option<&'a mut dyn NonceStore>,
    },
}

/// The relying party's own state for this sign-in: never taken from the token.
pub struct TokenContext<'a> {
    /// The relying party's origin, exactly as the browser serialises it
    /// (`https://host[:port]`).
    pub origin: &'a str,
    /// The nonce it issued for this sign-in.
    pub nonce: &'a str,
    /// The validation time (the caller's clock).
    pub time: UnixTime,
    /// How the nonce is checked.
    pub nonce_check: NonceCheck<'a>,
}

/// Verify a Web eID authentication token (`token_json`, the JSON text as the browser posted
/// it). `Err` only for caller misuse (`INVALID_OPTIONS`, `ORIGIN_INVALID`); every problem with
/// the token, its certificate or the nonce is `Ok(VerifyOutcome::Failed(..))`.
pub fn verify_token(
    token_json: &str,
    ctx: TokenContext<'_>,
    policy: &TokenPolicy,
) -> Result<VerifyOutcome, Error> {
    verify_token_with_revocation(token_json, ctx, policy, &[])
}

/// [`verify_token`] with revocation evidence about the token's certificate (CRLs indexed once,
/// OCSP responses, operator verdicts). Bad evidence fails the token with its own code; a
/// revoked or held certificate fails with `CERT_REVOKED`.
pub fn verify_token_with_revocation(
    token_json: &str,
    ctx: TokenContext<'_>,
    policy: &TokenPolicy,
    evidence: &[RevocationEvidence<'_>],
) -> Result<VerifyOutcome, Error> {
    policy.check()?;
    let origin = Origin::parse(ctx.origin, policy.allow_dev_origins)?;
    check_nonce_text(ctx.nonce)?;
    if let NonceCheck::Sealed { secret, .. } = &ctx.nonce_check {
        if secret.len() < MIN_SEAL_SECRET {
            return Err(Error::InvalidOptions(
                "the sealing secret must be at least 32 bytes",
            ));
        }
    }
    let outcome = match ceremony(token_json, &origin, ctx, policy, evidence) {
        Ok(verified) => VerifyOutcome::Verified(Box::new(verified)),
        Err(e) => VerifyOutcome::Failed(e),
    };
    Ok(outcome)
}

/// The caller's nonce must be plausible: long enough to carry 256 bits, bounded.
fn check_nonce_text(nonce: &str) -> Result<(), Error> {
    if nonce.len() < MIN_NONCE_LEN || nonce.len() > MAX_NONCE_LEN {
        return Err(Error::InvalidOptions(
            "nonce must be 43..=1024 characters (at least 32 random bytes, base64)",
        ));
    }
    Ok(())
}

/// Steps 2–6; any `Err` is a failed verification.
fn ceremony(
    token_json: &str,
    origin: &Origin,
    ctx: TokenContext<'_>,
    policy: &TokenPolicy,
    evidence: &[RevocationEvidence<'_>],
) -> Result<TokenVerified, Error> {
    use_nonce(ctx.nonce_check, origin, ctx.nonce, ctx.time)?;
    let token = parse_token(token_json)?;
    let mut warnings = Vec::new();
    let ((cert, path), skewed) = certificate_with_skew(&token, policy, ctx.time)?;
    if skewed {
        warnings.push(Warning::CLOCK_SKEW_APPLIED);
    }
    check_signature(&token, origin, ctx.nonce)?;
    policy.check_attributes(cert.identity.as_ref())?;
    if policy.trust == TrustSelection::Test {
        warnings.push(Warning::TEST_TRUST);
    }
    let check = match policy.revocation {
        RevocationMode::Off => None,
        _ => check_revocation_issued(
            &token.certificate,
            path.issuer_spki(),
            evidence,
            ctx.time,
            &policy.revocation_freshness,
        )?,
    };
    let revocation = revocation_from_check(policy.revocation, check, &mut warnings)?;
    Ok(assemble(cert, revocation, warnings))
}

/// Step 2: open a sealed nonce and/or consume it from a store.
fn use_nonce(
    check: NonceCheck<'_>,
    origin: &Origin,
    nonce: &str,
    time: UnixTime,
) -> Result<(), Error> {
    match check {
        NonceCheck::Caller => Ok(()),
        NonceCheck::Store(store) => store.consume(nonce, time),
        NonceCheck::Sealed { secret, store } => {
            open_sealed_challenge(secret, origin, nonce, time)?;
            match store {
                Some(store) => store.consume(nonce, time),
                None => Ok(()),
            }
        }
    }
}

/// Step 4: JPKI verification at `time`, `time` shifted by the skew for a validity failure; with
/// the validated path (its issuer key spares revocation checking a second signature check).
fn certificate_with_skew(
    token: &WebEidToken,
    policy: &TokenPolicy,
    time: UnixTime,
) -> Result<((JpkiVerified, ValidatedPath), bool), Error> {
    let intermediates: Vec<&[u8]> = token.intermediates.iter().map(Vec::as_slice).collect();
    let at = |t: UnixTime| {
        let opts = VerifyOptions {
            trust: policy.trust.clone(),
            accepted_kinds: policy.accepted_kinds.clone(),
            ..VerifyOptions::at(t)
        };
        verify_certificate_path(&token.certificate, &intermediates, &opts)
    };
    let skew = i64::from(policy.clock_skew_seconds);
    let first = at(time);
    let shifted = match &first {
        Err(Error::CertExpired) if skew > 0 => UnixTime(time.0.saturating_sub(skew)),
        Err(Error::CertNotYetValid) if skew > 0 => UnixTime(time.0.saturating_add(skew)),
        _ => return first.map(|v| (v, false)),
    };
    match at(shifted) {
        Ok(v) => Ok((v, true)),
        Err(_) => first.map(|v| (v, false)),
    }
}

/// Step 5: the token's signature over `H(origin) ‖ H(nonce)` with the end-entity's key. The
/// certificate passed step 4, so its key is located without a second full parse: the field walk
/// and the full reader apply the same strict rules, so it is always found (the `shortcuts` fuzz
/// target asserts that agreement).
fn check_signature(token: &WebEidToken, origin: &Origin, nonce: &str) -> Result<(), Error> {
    let spki =
        subject_public_key_info(&token.certificate).ok_or(Error::DerMalformed("certificate"))?;
    let message = signed_data(token.algorithm.hash(), origin.as_str(), nonce);
    verify_signature(spki, token.algorithm, &message, &token.signature)
}
