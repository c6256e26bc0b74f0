//! The three ceremonies a page runs with the card, each reporting progress:
//!
//! | ceremony | APDUs (short) | APDUs (extended) |
//! |---|---|---|
//! | [`authenticate`] | 7 + ⌈cert / 256⌉ | 8 |
//! | [`sign_consent`] | 7 + ⌈cert / 256⌉ | 8 |
//! | [`read_card_info`] | 8 + ⌈basic-4 / 256⌉ | 9 |
//!
//! (SELECT AP, SELECT PIN EF, tries left, VERIFY, SELECT + READ BINARY…, SELECT key EF, sign.)
//! The PIN is verified before the certificate is read, which also covers smartphone JPKI where
//! the auth certificate needs the PIN. Origin and nonce are checked before the card is touched.

use super::applets::card_info::{CardInfo, CardInfoAp};
use super::applets::jpki::{CertFile, JpkiAp};
use super::applets::ReadMode;
use super::pin::Pin;
use super::transport::Transport;
use crate::assertion::token::{make_web_eid_token, sha256_digest_info, signed_data};
use crate::assertion::verify_token::{MAX_NONCE_LEN, MIN_NONCE_LEN};
use crate::assertion::Origin;
use crate::jpki::Purpose;
use crate::pki::signature::Hash;
use crate::Error;
use serde::Serialize;

/// One step done. Serialised with camelCase keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// `select`, `verify-pin`, `read-certificate`, `sign`, `read-my-number`, `read-basic-info`.
    pub step: &'static str,
    /// Steps finished, this one included.
    pub done: u32,
    /// Steps in the ceremony.
    pub total: u32,
}

/// Options of [`authenticate`] and [`sign_consent`].
#[derive(Debug)]
pub struct SignOptions<'a> {
    /// The relying party's origin (`https://host[:port]`; `http://localhost` allowed).
    pub origin: &'a str,
    /// The nonce it issued.
    pub nonce: &'a str,
    /// The auth PIN (authenticate) or the signature password (sign consent).
    pub pin: &'a Pin,
    /// Send the PIN even with one try left.
    pub force: bool,
    /// Use extended-length READ BINARY (reader and card support it).
    pub read_mode: ReadMode,
}

/// Options of [`read_card_info`].
#[derive(Debug)]
pub struct CardInfoOptions<'a> {
    /// The card-info PIN.
    pub pin: &'a Pin,
    /// Send the PIN even with one try left.
    pub force: bool,
    /// Use extended-length READ BINARY.
    pub read_mode: ReadMode,
}

/// Counts steps for the progress callback.
struct Steps<'f, F: FnMut(Progress)> {
    done: u32,
    total: u32,
    report: &'f mut F,
}

impl<F: FnMut(Progress)> Steps<'_, F> {
    fn step(&mut self, step: &'static str) {
        self.done = self.done.saturating_add(1);
        (self.report)(Progress {
            step,
            done: self.done,
            total: self.total,
        });
    }
}

/// Refuse a bad origin or nonce before any APDU.
fn check_request(origin: &str, nonce: &str) -> Result<(), Error> {
    Origin::parse(origin, true)?;
    if nonce.len() < MIN_NONCE_LEN || nonce.len() > MAX_NONCE_LEN {
        return Err(Error::InvalidOptions(
            "nonce must be 43..=1024 characters (at least 32 random bytes, base64)",
        ));
    }
    Ok(())
}

/// Select, verify, read the end-entity certificate, sign: the token.
async fn sign_with<T: Transport, F: FnMut(Progress)>(
    t: &mut T,
    purpose: Purpose,
    opts: &SignOptions<'_>,
    progress: &mut F,
) -> Result<String, Error> {
    check_request(opts.origin, opts.nonce)?;
    if opts.pin.kind() != super::applets::jpki::pin_for(purpose) {
        return Err(Error::InvalidOptions("the PIN does not unlock this key"));
    }
    let mut steps = Steps {
        done: 0,
        total: 4,
        report: progress,
    };
    let mut ap = JpkiAp::select(t, opts.read_mode).await?;
    steps.step("select");
    ap.verify(opts.pin, opts.force).await?;
    steps.step("verify-pin");
    let cert = ap.read_certificate(CertFile::EndEntity(purpose)).await?;
    steps.step("read-certificate");
    let digest_info = sha256_digest_info(&signed_data(Hash::Sha256, opts.origin, opts.nonce));
    let signature = ap.sign(purpose, &digest_info).await?;
    let token = make_web_eid_token(
        |di| {
            if di == digest_info.as_slice() {
                Ok(signature)
            } else {
                Err(Error::InvalidOptions("signed data changed"))
            }
        },
        &cert,
        opts.origin,
        opts.nonce,
    )?;
    steps.step("sign");
    Ok(token)
}

/// Authenticate the holder: a `web-eid:1.0` token (RS256) signed by the user-authentication key
/// over `H(origin) ‖ H(nonce)`, carrying the auth certificate. `pin` must be the auth PIN.
pub async fn authenticate<T: Transport, F: FnMut(Progress)>(
    t: &mut T,
    opts: &SignOptions<'_>,
    mut progress: F,
) -> Result<String, Error> {
    sign_with(t, Purpose::Auth, opts, &mut progress).await
}

/// Consent with the signature key (bank eKYC): the same token shape signed by the signature
/// key, carrying the signature certificate (and so the holder's identity attributes). `pin`
/// must be the signature password.
pub async fn sign_consent<T: Transport, F: FnMut(Progress)>(
    t: &mut T,
    opts: &SignOptions<'_>,
    mut progress: F,
) -> Result<String, Error> {
    sign_with(t, Purpose::Sign, opts, &mut progress).await
}

/// Read My Number and the basic-4 information with the card-info PIN. The result is
/// unauthenticated (`authenticated: false`); cross-check it with
/// [`cross_check`](super::applets::card_info::cross_check).
pub async fn read_card_info<T: Transport, F: FnMut(Progress)>(
    t: &mut T,
    opts: &CardInfoOptions<'_>,
    mut progress: F,
) -> Result<CardInfo, Error> {
    let mut steps = Steps {
        done: 0,
        total: 4,
        report: &mut progress,
    };
    let mut ap = CardInfoAp::select(t, opts.read_mode).await?;
    steps.step("select");
    ap.verify(opts.pin, opts.force).await?;
    steps.step("verify-pin");
    let my_number = ap.read_my_number().await?;
    steps.step("read-my-number");
    let basic_info = ap.read_basic_info().await?;
    steps.step("read-basic-info");
    Ok(CardInfo {
        my_number,
        basic_info,
        authenticated: false,
    })
}
