//! PINs and the PIN guard.
//!
//! A [`Pin`] holds the secret in memory that is wiped on drop; its `Debug` prints `Pin(***)`
//! and it has no `Display`. Errors name which PIN (`auth-pin`, `sign-password`,
//! `card-info-pin`), never its value. The form is checked before anything reaches the card:
//!
//! | PIN | form | tries on the card |
//! |---|---|---|
//! | user-authentication PIN (利用者証明用) | exactly 4 digits | 3 |
//! | signature password (署名用) | 6–16 of A–Z 0–9, upper-cased first | 5 |
//! | card-info PIN (券面事項入力補助用) | exactly 4 digits | 3 |
//!
//! The guard ([`verify_guarded`]) always asks the card for the tries left first (a case-1
//! VERIFY, which spends none), refuses at zero (`PIN_BLOCKED`) and, unless forced, with one try
//! left (`PIN_LAST_TRY`), then sends the PIN: a wrong one is `PIN_INCORRECT { tries_left }`.

use super::apdu::{self, Status};
use super::transport::Transport;
use crate::Error;
use core::fmt;
use zeroize::{Zeroize, Zeroizing};

/// Which PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PinKind {
    /// The user-authentication PIN of the JPKI AP (EF 0018).
    Auth,
    /// The signature password of the JPKI AP (EF 001B).
    Sign,
    /// The PIN of the card-info input support AP (EF 0011).
    CardInfo,
}

impl PinKind {
    /// The stable name used in errors: `auth-pin`, `sign-password`, `card-info-pin`.
    pub fn id(self) -> &'static str {
        match self {
            PinKind::Auth => "auth-pin",
            PinKind::Sign => "sign-password",
            PinKind::CardInfo => "card-info-pin",
        }
    }

    /// How many wrong tries the card allows before it locks this PIN.
    pub fn max_tries(self) -> u8 {
        match self {
            PinKind::Auth | PinKind::CardInfo => 3,
            PinKind::Sign => 5,
        }
    }

    /// Check (and for the signature password, upper-case) `text` into the bytes sent.
    fn normalise(self, text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
        let bad = Error::PinFormat(self.id());
        let bytes = Zeroizing::new(text.as_bytes().to_ascii_uppercase());
        let ok = match self {
            PinKind::Auth | PinKind::CardInfo => {
                bytes.len() == 4 && bytes.iter().all(u8::is_ascii_digit)
            }
            PinKind::Sign => {
                (6..=16).contains(&bytes.len())
                    && bytes
                        .iter()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }
        };
        if ok {
            Ok(bytes)
        } else {
            Err(bad)
        }
    }
}

/// A PIN or password, checked for its form, wiped from memory on drop.
pub struct Pin {
    kind: PinKind,
    bytes: Zeroizing<Vec<u8>>,
}

impl Pin {
    /// A PIN of `kind` (`PIN_FORMAT_INVALID` if `text` does not have its form).
    pub fn new(kind: PinKind, text: &str) -> Result<Pin, Error> {
        Ok(Pin {
            kind,
            bytes: kind.normalise(text)?,
        })
    }

    /// The user-authentication PIN: exactly 4 digits.
    pub fn auth(text: &str) -> Result<Pin, Error> {
        Pin::new(PinKind::Auth, text)
    }

    /// The signature password: 6–16 of A–Z 0–9 after upper-casing.
    pub fn sign_password(text: &str) -> Result<Pin, Error> {
        Pin::new(PinKind::Sign, text)
    }

    /// The card-info PIN: exactly 4 digits.
    pub fn card_info(text: &str) -> Result<Pin, Error> {
        Pin::new(PinKind::CardInfo, text)
    }

    /// Which PIN this is.
    pub fn kind(&self) -> PinKind {
        self.kind
    }

    /// The bytes sent in VERIFY (crate-internal: the only place the secret leaves this type).
    pub(crate) fn expose(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(***)")
    }
}

/// Ask the card how many tries are left for the selected PIN EF, spending none.
pub async fn tries_left<T: Transport>(t: &mut T, kind: PinKind) -> Result<u8, Error> {
    let resp = apdu::exchange(t, &apdu::verify_status()).await?;
    match resp.status() {
        Status::TriesLeft(n) => Ok(n),
        // Some cards answer 90 00 when the PIN is already verified: every try is left.
        Status::Ok => Ok(kind.max_tries()),
        Status::Blocked => Ok(0),
        other => Err(other.to_error(resp.sw)),
    }
}

/// Send VERIFY with `pin` to the selected PIN EF and map the answer.
pub async fn send_verify<T: Transport>(t: &mut T, pin: &Pin) -> Result<(), Error> {
    let mut cmd = apdu::verify(pin.expose());
    let bytes = cmd.to_bytes().map(Zeroizing::new);
    cmd.data.zeroize();
    let resp = apdu::Response::parse(t.transmit(&bytes?).await?)?;
    let id = pin.kind().id();
    match resp.status() {
        Status::Ok => Ok(()),
        Status::TriesLeft(0) | Status::Blocked => Err(Error::PinBlocked(id)),
        Status::TriesLeft(n) => Err(Error::PinIncorrect {
            which: id,
            tries_left: n,
        }),
        other => Err(other.to_error(resp.sw)),
    }
}

/// The PIN guard over the selected PIN EF: read the tries left, refuse at 0 (`PIN_BLOCKED`)
/// and at 1 unless `force` (`PIN_LAST_TRY`), then VERIFY. Returns the tries that were left.
pub async fn verify_guarded<T: Transport>(t: &mut T, pin: &Pin, force: bool) -> Result<u8, Error> {
    let id = pin.kind().id();
    let left = tries_left(t, pin.kind()).await?;
    match left {
        0 => Err(Error::PinBlocked(id)),
        1 if !force => Err(Error::PinLastTry(id)),
        _ => send_verify(t, pin).await.map(|()| left),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_checked_before_the_card() {
        assert!(Pin::auth("1234").is_ok());
        for bad in ["123", "12345", "12a4", "１２３４", ""] {
            assert_eq!(Pin::auth(bad).unwrap_err(), Error::PinFormat("auth-pin"));
        }
        let p = Pin::sign_password("abc123").unwrap();
        assert_eq!(p.expose(), b"ABC123");
        for bad in [
            "ABC12",
            "A".repeat(17).as_str(),
            "ABC-123",
            "ＡＢＣ１２３",
            "abc 123",
        ] {
            assert_eq!(
                Pin::sign_password(bad).unwrap_err(),
                Error::PinFormat("sign-password")
            );
        }
        assert!(Pin::sign_password(&"Z9".repeat(8)).is_ok());
        assert_eq!(
            Pin::card_info("98765").unwrap_err(),
            Error::PinFormat("card-info-pin")
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let p = Pin::auth("4821").unwrap();
        let shown = format!("{p:?} {:#?}", p);
        assert_eq!(shown, "Pin(***) Pin(***)");
        assert!(!shown.contains("4821"));
    }
}
