//! The JPKI AP (公的個人認証): token, certificates, PINs and the sign command.
//!
//! | EF | content | access |
//! |---|---|---|
//! | 0006 | token string (`JPKIAPICCTOKEN2` card, `JPKIAPGPSETOKEN` Android smartphone) | free |
//! | 000A / 000B | auth certificate / auth CA certificate | free (smartphone: auth PIN) / free |
//! | 0001 / 0002 | sign certificate / sign CA certificate | sign password / free |
//! | 0018 / 0017 | auth PIN (4 digits, 3 tries) / auth key | |
//! | 001B / 001A | sign password (6–16 A–Z 0–9, 5 tries) / sign key | |
//!
//! A [`JpkiAp`] is one application session: it was selected once, it remembers which PIN was
//! verified in it (the card forgets when another application is selected) and refuses to
//! sign without it, saving an APDU that could only fail.

use super::read::{read_der_ef, read_ef, ReadMode};
use super::AID_JPKI;
use crate::card::apdu::{self, Status};
use crate::card::pin::{self, Pin, PinKind};
use crate::card::transport::Transport;
use crate::jpki::Purpose;
use crate::Error;

/// Token EF.
pub const EF_TOKEN: u16 = 0x0006;
/// User-authentication certificate EF.
pub const EF_AUTH_CERT: u16 = 0x000A;
/// Auth CA certificate EF.
pub const EF_AUTH_CA: u16 = 0x000B;
/// Signature certificate EF.
pub const EF_SIGN_CERT: u16 = 0x0001;
/// Sign CA certificate EF.
pub const EF_SIGN_CA: u16 = 0x0002;
/// Auth private key EF.
pub const EF_AUTH_KEY: u16 = 0x0017;
/// Auth PIN EF.
pub const EF_AUTH_PIN: u16 = 0x0018;
/// Sign private key EF.
pub const EF_SIGN_KEY: u16 = 0x001A;
/// Sign password EF.
pub const EF_SIGN_PIN: u16 = 0x001B;

/// Largest certificate read from the card, in bytes.
pub const MAX_CERT_BYTES: usize = 8 * 1024;
/// Largest DigestInfo the sign command takes.
pub const MAX_SIGN_INPUT: usize = 245;
/// Largest signature accepted back (RSA-4096).
pub const MAX_SIGNATURE_BYTES: usize = 512;
/// Bytes of the token EF read.
const TOKEN_READ: usize = 32;

/// What the token EF says the JPKI token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `JPKIAPICCTOKEN2`: a My Number Card.
    MyNumberCard,
    /// `JPKIAPICCTOKEN`: an old 住基カード.
    JukiCard,
    /// `JPKIAPGPSETOKEN`: Android smartphone JPKI.
    AndroidSmartphone,
    /// Something else (the ASCII text, NULs trimmed).
    Other(String),
}

impl TokenKind {
    /// Classify the token EF's bytes (ASCII, NUL- or space-padded).
    pub fn parse(data: &[u8]) -> TokenKind {
        let end = data.iter().position(|b| *b == 0).unwrap_or(data.len());
        let text: String = data
            .get(..end)
            .unwrap_or_default()
            .iter()
            .filter(|b| b.is_ascii_graphic())
            .map(|b| char::from(*b))
            .collect();
        match text.as_str() {
            "JPKIAPICCTOKEN2" => TokenKind::MyNumberCard,
            "JPKIAPICCTOKEN" => TokenKind::JukiCard,
            "JPKIAPGPSETOKEN" => TokenKind::AndroidSmartphone,
            _ => TokenKind::Other(text),
        }
    }
}

/// A certificate file of the JPKI AP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertFile {
    /// The end-entity certificate of a purpose.
    EndEntity(Purpose),
    /// The CA certificate of a purpose.
    Ca(Purpose),
}

impl CertFile {
    /// The EF.
    pub fn fid(self) -> u16 {
        match self {
            CertFile::EndEntity(Purpose::Auth) => EF_AUTH_CERT,
            CertFile::EndEntity(Purpose::Sign) => EF_SIGN_CERT,
            CertFile::Ca(Purpose::Auth) => EF_AUTH_CA,
            CertFile::Ca(Purpose::Sign) => EF_SIGN_CA,
        }
    }
}

/// The PIN that unlocks the key of `purpose`.
pub fn pin_for(purpose: Purpose) -> PinKind {
    match purpose {
        Purpose::Auth => PinKind::Auth,
        Purpose::Sign => PinKind::Sign,
    }
}

/// PIN EF of a JPKI PIN (`None` for the card-info PIN).
fn pin_ef(kind: PinKind) -> Option<u16> {
    match kind {
        PinKind::Auth => Some(EF_AUTH_PIN),
        PinKind::Sign => Some(EF_SIGN_PIN),
        PinKind::CardInfo => None,
    }
}

/// Total length of the DER element at the start of `data` (for callers holding a padded EF).
pub fn der_total_len(data: &[u8]) -> Option<usize> {
    super::read::tlv_total_len(data)
}

/// SELECT an EF, mapping the status.
pub(crate) async fn select_ef<T: Transport>(t: &mut T, fid: u16) -> Result<(), Error> {
    apdu::exchange(t, &apdu::select_ef(fid))
        .await?
        .into_ok()
        .map(drop)
}

/// SELECT an application; `6A 82` becomes `not_found`.
pub(crate) async fn select_df<T: Transport>(
    t: &mut T,
    aid: &[u8],
    not_found: Error,
) -> Result<(), Error> {
    let resp = apdu::exchange(t, &apdu::select_df(aid)).await?;
    match resp.status() {
        Status::Ok => Ok(()),
        Status::FileNotFound => Err(not_found),
        other => Err(other.to_error(resp.sw)),
    }
}

/// A session with the JPKI AP.
pub struct JpkiAp<'t, T: Transport> {
    t: &'t mut T,
    mode: ReadMode,
    verified: Vec<PinKind>,
}

impl<'t, T: Transport> JpkiAp<'t, T> {
    /// SELECT the JPKI AP (`NOT_MY_NUMBER_CARD` when the card has none). Any PIN verified
    /// before is forgotten by the card.
    pub async fn select(t: &'t mut T, mode: ReadMode) -> Result<Self, Error> {
        select_df(t, &AID_JPKI, Error::NotMyNumberCard).await?;
        Ok(JpkiAp {
            t,
            mode,
            verified: Vec::new(),
        })
    }

    /// Read the token EF: 2 APDUs.
    pub async fn read_token(&mut self) -> Result<TokenKind, Error> {
        select_ef(self.t, EF_TOKEN).await?;
        let data = read_ef(self.t, 0, TOKEN_READ).await?;
        Ok(TokenKind::parse(&data))
    }

    /// Read a certificate (DER, without the EF's padding): SELECT EF, then one READ BINARY with
    /// extended Le, or `1 + ceil((len − 256) / 256)` short ones.
    pub async fn read_certificate(&mut self, file: CertFile) -> Result<Vec<u8>, Error> {
        select_ef(self.t, file.fid()).await?;
        let der = read_der_ef(self.t, self.mode, MAX_CERT_BYTES, "certificate EF").await?;
        if der.first() != Some(&0x30) {
            return Err(Error::CardResponseMalformed("certificate EF"));
        }
        Ok(der)
    }

    /// Tries left for a JPKI PIN, spending none: SELECT PIN EF + case-1 VERIFY.
    pub async fn tries_left(&mut self, kind: PinKind) -> Result<u8, Error> {
        let fid = pin_ef(kind).ok_or(Error::InvalidOptions("not a JPKI PIN"))?;
        select_ef(self.t, fid).await?;
        pin::tries_left(self.t, kind).await
    }

    /// VERIFY a JPKI PIN through the guard (see [`pin::verify_guarded`]): SELECT PIN EF,
    /// case-1 VERIFY, VERIFY — 3 APDUs. Returns the tries that were left before.
    pub async fn verify(&mut self, pin: &Pin, force: bool) -> Result<u8, Error> {
        let fid = pin_ef(pin.kind()).ok_or(Error::InvalidOptions("not a JPKI PIN"))?;
        select_ef(self.t, fid).await?;
        let left = pin::verify_guarded(self.t, pin, force).await?;
        if !self.verified.contains(&pin.kind()) {
            self.verified.push(pin.kind());
        }
        Ok(left)
    }

    /// Whether `kind` was verified in this session.
    pub fn is_verified(&self, kind: PinKind) -> bool {
        self.verified.contains(&kind)
    }

    /// Sign a DigestInfo with the key of `purpose` (its PIN verified in this session first,
    /// else `CARD_SECURITY_STATUS` without asking the card): SELECT key EF + sign — 2 APDUs.
    pub async fn sign(&mut self, purpose: Purpose, digest_info: &[u8]) -> Result<Vec<u8>, Error> {
        if digest_info.is_empty() || digest_info.len() > MAX_SIGN_INPUT {
            return Err(Error::InputTooLarge {
                what: "DigestInfo",
                limit: MAX_SIGN_INPUT,
            });
        }
        if !self.is_verified(pin_for(purpose)) {
            return Err(Error::CardSecurityStatus);
        }
        let key = match purpose {
            Purpose::Auth => EF_AUTH_KEY,
            Purpose::Sign => EF_SIGN_KEY,
        };
        select_ef(self.t, key).await?;
        let sig = apdu::exchange(self.t, &apdu::jpki_sign(digest_info))
            .await?
            .into_ok()?;
        if sig.is_empty() || sig.len() > MAX_SIGNATURE_BYTES {
            return Err(Error::CardResponseMalformed("signature length"));
        }
        Ok(sig)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_strings_are_classified() {
        let mut card = b"JPKIAPICCTOKEN2".to_vec();
        card.resize(32, 0);
        assert_eq!(TokenKind::parse(&card), TokenKind::MyNumberCard);
        assert_eq!(
            TokenKind::parse(b"JPKIAPGPSETOKEN\0\0"),
            TokenKind::AndroidSmartphone
        );
        assert_eq!(TokenKind::parse(b"JPKIAPICCTOKEN  "), TokenKind::JukiCard);
        assert_eq!(TokenKind::parse(b"XYZ\0"), TokenKind::Other("XYZ".into()));
        assert_eq!(CertFile::EndEntity(Purpose::Sign).fid(), 0x0001);
        assert_eq!(CertFile::Ca(Purpose::Auth).fid(), 0x000B);
    }
}
