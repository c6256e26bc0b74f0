//! The card-info input support AP (券面事項入力補助AP): My Number and the basic-4 information
//! (基本4情報: name, address, date of birth, sex), behind a 4-digit PIN (3 tries).
//!
//! No public key is known that verifies this AP's signature (EF 0003) or its card-verifiable
//! certificate (EF 0004), so what it returns is **unauthenticated**: its worth is the
//! [`cross_check`] against the identity of a verified signature certificate.

use super::jpki::{select_df, select_ef};
use super::read::{read_der_ef, read_ef, tlv_total_len, ReadMode};
use super::AID_CARD_INFO;
use crate::card::pin::{self, Pin, PinKind};
use crate::card::transport::Transport;
use crate::jpki::{Gender, Identity};
use crate::Error;
use serde::Serialize;

/// PIN EF (4 digits, 3 tries).
pub const EF_PIN: u16 = 0x0011;
/// My Number EF: `D0 0C` + 12 ASCII digits.
pub const EF_MY_NUMBER: u16 = 0x0001;
/// Basic-4 information EF: `FF 20 { DF21 .. DF25 }`.
pub const EF_BASIC_INFO: u16 = 0x0002;
/// AP information EF (readable without a PIN).
pub const EF_AP_INFO: u16 = 0x0005;
/// Largest basic-4 EF accepted.
pub const MAX_BASIC_INFO_BYTES: usize = 4096;
/// Bytes read from the My Number EF.
const MY_NUMBER_READ: usize = 17;
/// Most TLVs examined inside the basic-4 template.
const MAX_FIELDS: usize = 16;

/// The check digit of a My Number from its first 11 digits (weights 6,5,4,3,2,7,6,5,4,3,2;
/// r = Σ mod 11; 0 when r ≤ 1, else 11 − r). `None` unless given exactly 11 ASCII digits.
pub fn my_number_check_digit(first11: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    if first11.len() != 11 || !first11.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first11
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let r = sum % 11;
    Some(if r <= 1 { 0 } else { (11 - r) as u8 })
}

/// Check a My Number: 12 ASCII digits whose last is the check digit (`MY_NUMBER_INVALID`).
pub fn validate_my_number(text: &str) -> Result<(), Error> {
    let b = text.as_bytes();
    let (body, last) = match b {
        [body @ .., last] if b.len() == 12 => (body, *last),
        _ => return Err(Error::MyNumberInvalid),
    };
    match my_number_check_digit(body) {
        Some(c) if last.checked_sub(b'0') == Some(c) => Ok(()),
        _ => Err(Error::MyNumberInvalid),
    }
}

/// Sex as the card-info AP records it (ISO 5218).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CardSex {
    /// `1`.
    Male,
    /// `2`.
    Female,
    /// `9`.
    NotApplicable,
}

/// The basic-4 information as read. Serialised with camelCase keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BasicInfo {
    /// Name (UTF-8, as stored).
    pub name: String,
    /// Address.
    pub address: String,
    /// Date of birth as stored (`YYYYMMDD`).
    pub birth: String,
    /// Sex.
    pub sex: CardSex,
}

/// One TLV with a 1- or 2-byte tag: `(tag, value, rest)`.
fn next_tlv(data: &[u8]) -> Option<(u16, &[u8], &[u8])> {
    let total = tlv_total_len(data)?;
    let first = *data.first()?;
    let (tag, tag_len) = if first & 0x1F == 0x1F {
        (u16::from_be_bytes([first, *data.get(1)?]), 2)
    } else {
        (u16::from(first), 1)
    };
    let len_byte = *data.get(tag_len)?;
    let header = tag_len
        + 1
        + if len_byte < 0x80 {
            0
        } else {
            usize::from(len_byte & 0x7F)
        };
    let value = data.get(header..total)?;
    Some((tag, value, data.get(total..)?))
}

/// A UTF-8 field.
fn text(value: &[u8], what: &'static str) -> Result<String, Error> {
    let s = core::str::from_utf8(value).map_err(|_| Error::CardResponseMalformed(what))?;
    Ok(s.trim_end_matches(['\0', ' ']).to_string())
}

/// Parse the basic-4 EF: `FF 20 { DF21 header, DF22 name, DF23 address, DF24 birth, DF25 sex }`.
pub fn parse_basic_info(data: &[u8]) -> Result<BasicInfo, Error> {
    const WHAT: &str = "basic-4 information";
    let bad = Error::CardResponseMalformed(WHAT);
    let (tag, mut body, _) = next_tlv(data).ok_or(bad.clone())?;
    if tag != 0xFF20 {
        return Err(bad);
    }
    let (mut name, mut address, mut birth, mut sex) = (None, None, None, None);
    for _ in 0..MAX_FIELDS {
        if body.is_empty() {
            break;
        }
        let (tag, value, rest) = next_tlv(body).ok_or(bad.clone())?;
        match tag {
            0xDF22 => name = Some(text(value, WHAT)?),
            0xDF23 => address = Some(text(value, WHAT)?),
            0xDF24 => birth = Some(text(value, WHAT)?),
            0xDF25 => sex = Some(value),
            _ => {}
        }
        body = rest;
    }
    let sex = match sex.ok_or(bad.clone())? {
        b"1" => CardSex::Male,
        b"2" => CardSex::Female,
        b"9" => CardSex::NotApplicable,
        _ => return Err(bad),
    };
    let birth = birth.ok_or(bad.clone())?;
    if birth.len() != 8 || !birth.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad);
    }
    Ok(BasicInfo {
        name: name.ok_or(bad.clone())?,
        address: address.ok_or(bad)?,
        birth,
        sex,
    })
}

/// Parse the My Number EF (`D0 0C` + 12 digits, padding after) and check the digit.
pub fn parse_my_number(data: &[u8]) -> Result<String, Error> {
    let bad = Error::CardResponseMalformed("My Number EF");
    let (tag, value, _) = next_tlv(data).ok_or(bad.clone())?;
    if tag != 0xD0 {
        return Err(bad);
    }
    let text = core::str::from_utf8(value).map_err(|_| bad)?;
    validate_my_number(text)?;
    Ok(text.to_string())
}

/// What the card-info AP gave. `authenticated` is always `false`: no key is known that
/// verifies it; compare it with a verified signature certificate ([`cross_check`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardInfo {
    /// The 12-digit My Number (check digit verified).
    pub my_number: String,
    /// The basic-4 information.
    pub basic_info: BasicInfo,
    /// Always `false`.
    pub authenticated: bool,
}

/// Per-field result of comparing the card-info data with a signature certificate's identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossCheck {
    pub name: bool,
    pub address: bool,
    pub date_of_birth: bool,
    pub gender: bool,
}

impl CrossCheck {
    /// Every field matches.
    pub fn all_match(&self) -> bool {
        self.name && self.address && self.date_of_birth && self.gender
    }
}

/// Characters of `s` with their index, whitespace (incl. the full-width space) dropped and
/// full-width ASCII folded to ASCII.
fn comparable(s: &str) -> Vec<(usize, char)> {
    s.chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| match u32::from(c) {
            0xFF01..=0xFF5E => (i, char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)),
            _ => (i, c),
        })
        .collect()
}

/// Whether the card's text equals the certificate's, a substitute character (代替文字) of the
/// certificate matching any character.
fn same_text(card: &str, cert: &str, substitutes: &[usize]) -> bool {
    let (a, b) = (comparable(card), comparable(cert));
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|((_, x), (i, y))| x == y || substitutes.contains(i))
}

/// Compare card-info data with the identity of a verified signature certificate: name and
/// address (spaces ignored, substitute characters match anything), date of birth (the Gregorian
/// date; an unknown date compares the digits as written) and sex 1/2/9 against gender
/// male/female/unknown.
pub fn cross_check(info: &BasicInfo, identity: &Identity) -> CrossCheck {
    let dob_digits: String = match &identity.date_of_birth.iso {
        Some(iso) => iso.chars().filter(char::is_ascii_digit).collect(),
        None => identity
            .date_of_birth
            .raw
            .get(1..)
            .unwrap_or_default()
            .into(),
    };
    let gender = matches!(
        (info.sex, identity.gender),
        (CardSex::Male, Gender::Male)
            | (CardSex::Female, Gender::Female)
            | (CardSex::NotApplicable, Gender::Unknown)
    );
    CrossCheck {
        name: same_text(&info.name, &identity.name, &identity.name_substitutes),
        address: same_text(
            &info.address,
            &identity.address,
            &identity.address_substitutes,
        ),
        date_of_birth: info.birth == dob_digits,
        gender,
    }
}

/// A session with the card-info AP.
pub struct CardInfoAp<'t, T: Transport> {
    t: &'t mut T,
    mode: ReadMode,
}

impl<'t, T: Transport> CardInfoAp<'t, T> {
    /// SELECT the card-info AP (`NOT_MY_NUMBER_CARD` when the card has none).
    pub async fn select(t: &'t mut T, mode: ReadMode) -> Result<Self, Error> {
        select_df(t, &AID_CARD_INFO, Error::NotMyNumberCard).await?;
        Ok(CardInfoAp { t, mode })
    }

    /// Tries left of the card-info PIN, spending none (2 APDUs).
    pub async fn tries_left(&mut self) -> Result<u8, Error> {
        select_ef(self.t, EF_PIN).await?;
        pin::tries_left(self.t, PinKind::CardInfo).await
    }

    /// VERIFY the card-info PIN through the guard (3 APDUs).
    pub async fn verify(&mut self, pin: &Pin, force: bool) -> Result<u8, Error> {
        if pin.kind() != PinKind::CardInfo {
            return Err(Error::InvalidOptions("not the card-info PIN"));
        }
        select_ef(self.t, EF_PIN).await?;
        pin::verify_guarded(self.t, pin, force).await
    }

    /// Read and check the My Number (2 APDUs).
    pub async fn read_my_number(&mut self) -> Result<String, Error> {
        select_ef(self.t, EF_MY_NUMBER).await?;
        let data = read_ef(self.t, 0, MY_NUMBER_READ).await?;
        parse_my_number(&data)
    }

    /// Read the basic-4 information (SELECT + 1 READ BINARY when it fits 256 bytes).
    pub async fn read_basic_info(&mut self) -> Result<BasicInfo, Error> {
        select_ef(self.t, EF_BASIC_INFO).await?;
        let data = read_der_ef(
            self.t,
            self.mode,
            MAX_BASIC_INFO_BYTES,
            "basic-4 information",
        )
        .await?;
        parse_basic_info(&data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit() {
        assert_eq!(my_number_check_digit(b"12345678901"), Some(8));
        assert!(validate_my_number("123456789018").is_ok());
        for bad in [
            "123456789012",
            "12345678901",
            "1234567890188",
            "12345678901a",
            "",
        ] {
            assert_eq!(
                validate_my_number(bad),
                Err(Error::MyNumberInvalid),
                "{bad}"
            );
        }
        // r ≤ 1 gives 0: 00000000001 → Σ = 2 → r = 2 → 9; 00000000000 → 0.
        assert_eq!(my_number_check_digit(b"00000000000"), Some(0));
        assert_eq!(my_number_check_digit(b"00000000001"), Some(9));
        assert_eq!(my_number_check_digit(b"00000000006"), Some(0)); // Σ = 12, r = 1
    }

    #[test]
    fn parses_the_basic_info_template() {
        let mut inner = vec![0xDF, 0x21, 0x01, 0x00];
        for (tag, v) in [
            (0x22u8, "山田　太郎"),
            (0x23, "東京都"),
            (0x24, "19850401"),
            (0x25, "2"),
        ] {
            inner.extend_from_slice(&[0xDF, tag, v.len() as u8]);
            inner.extend_from_slice(v.as_bytes());
        }
        let mut data = vec![0xFF, 0x20, inner.len() as u8];
        data.extend(inner);
        let b = parse_basic_info(&data).unwrap();
        assert_eq!(b.name, "山田　太郎");
        assert_eq!(b.sex, CardSex::Female);
        assert_eq!(b.birth, "19850401");
        assert!(parse_basic_info(&data[..data.len() - 1]).is_err());
        assert!(parse_basic_info(&[0xFF, 0x21, 0x00]).is_err());
        let mut number = vec![0xD0, 0x0C];
        number.extend_from_slice(b"123456789018\xFF\xFF\xFF");
        assert_eq!(parse_my_number(&number).unwrap(), "123456789018");
        number[13] = b'7';
        assert_eq!(parse_my_number(&number), Err(Error::MyNumberInvalid));
    }
}
