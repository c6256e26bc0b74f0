//! A virtual My Number Card: answers the APDUs of the JPKI AP and the card-info input support AP
//! with real state — PIN counters that lock (3 auth / 5 sign / 3 card-info tries), security
//! state per application (selecting an application logs out), RSA keys and certificates from
//! the TEST PKI, card-info data matching the signature certificate's identity, a token EF, and
//! extended-length APDUs as a switch.
//!
//! Faults for the transports' tests: [`VirtualCard::set_removed`] / [`VirtualCard::remove_after`]
//! (every APDU then gets **no answer**: `respond` returns an empty vector, which a reader reports
//! as no card) and [`VirtualCard::set_slow`] (a flag simulated readers read to send waiting-time
//! extensions before answering).
//!
//! Status words: `90 00`, `63 Cx` (wrong PIN, x tries left; case-1 VERIFY to read it), `69 84`
//! (blocked), `69 82` (PIN not verified), `6A 82` (no such file / application), `69 86` (no
//! current EF or wrong file kind), `67 00` (wrong length, extended APDU when switched off),
//! `6B 00` (offset beyond the file), `6D 00` / `6E 00` (INS / CLA unknown).

use super::card_state::{Access, Applet, CardState, Ef, PinCounter, VerifyResult};
use crate::card::apdu::{self, Command};
use crate::card::applets::{card_info as ci, jpki, AID_CARD_FACE, AID_CARD_INFO, AID_JPKI};
use crate::card::pin::PinKind;
use crate::jpki::Purpose;
use crate::testpki::{EeSpec, TestIdentity, TestPki};
use crate::Error;
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// Size of the certificate EFs (the certificate, then zero padding, like the card's fixed EFs).
pub const CERT_EF_SIZE: usize = 2048;
/// Largest DigestInfo the sign command takes.
pub const MAX_SIGN_INPUT: usize = 245;

/// What kind of JPKI token the virtual card is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardKind {
    /// A My Number Card (`JPKIAPICCTOKEN2`): the auth certificate is readable without a PIN.
    MyNumberCard,
    /// Android smartphone JPKI (`JPKIAPGPSETOKEN`): the auth certificate needs the auth PIN.
    AndroidSmartphone,
}

impl CardKind {
    /// The token string in EF 0006.
    pub fn token(self) -> &'static str {
        match self {
            CardKind::MyNumberCard => "JPKIAPICCTOKEN2",
            CardKind::AndroidSmartphone => "JPKIAPGPSETOKEN",
        }
    }
}

/// The basic-4 information (基本4情報) of the card-info AP, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasicInfoSpec {
    /// Name (UTF-8).
    pub name: String,
    /// Address (UTF-8).
    pub address: String,
    /// Date of birth `YYYYMMDD`.
    pub birth: String,
    /// Sex `1` male, `2` female, `9` not applicable (ISO 5218).
    pub sex: String,
}

impl BasicInfoSpec {
    /// The same person as a signature certificate's identity (gender 3 → sex 9; the era digit
    /// of the date of birth dropped).
    pub fn from_identity(id: &TestIdentity) -> BasicInfoSpec {
        let sex = match id.gender.as_deref() {
            Some("1") => "1",
            Some("2") => "2",
            _ => "9",
        };
        BasicInfoSpec {
            name: id.name.clone().unwrap_or_default(),
            address: id.address.clone().unwrap_or_default(),
            birth: id
                .date_of_birth
                .as_deref()
                .and_then(|d| d.get(1..))
                .unwrap_or("")
                .to_string(),
            sex: sex.into(),
        }
    }
}

/// How to build a virtual card. `Default`: a My Number Card with the default TEST certificates,
/// auth PIN `1234`, signature password `ABC123`, card-info PIN `1234`, My Number
/// `123456789018`, basic-4 info matching the signature certificate, short APDUs only.
#[derive(Clone, Debug)]
pub struct VirtualCardConfig {
    pub kind: CardKind,
    pub auth_pin: String,
    pub sign_password: String,
    pub card_info_pin: String,
    /// Accept extended-length APDUs (otherwise `67 00`).
    pub extended_length: bool,
    pub auth_spec: EeSpec,
    pub sign_spec: EeSpec,
    pub my_number: String,
    /// `None`: derived from `sign_spec`'s identity.
    pub basic_info: Option<BasicInfoSpec>,
}

impl Default for VirtualCardConfig {
    fn default() -> Self {
        VirtualCardConfig {
            kind: CardKind::MyNumberCard,
            auth_pin: "1234".into(),
            sign_password: "ABC123".into(),
            card_info_pin: "1234".into(),
            extended_length: false,
            auth_spec: EeSpec::auth(),
            sign_spec: EeSpec::sign(),
            my_number: "123456789018".into(),
            basic_info: None,
        }
    }
}

/// The software My Number Card.
pub struct VirtualCard {
    pki: &'static TestPki,
    state: CardState,
    extended_length: bool,
    removed: bool,
    remove_after: Option<usize>,
    slow: bool,
    apdu_count: usize,
}

impl std::fmt::Debug for VirtualCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VirtualCard")
            .field("applet", &self.state.selected_applet)
            .field("ef", &self.state.selected_ef)
            .field("removed", &self.removed)
            .finish_non_exhaustive()
    }
}

/// A BER-TLV with a 1- or 2-byte tag.
fn tlv(tag: &[u8], value: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.push(0x82);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    }
    out.extend_from_slice(value);
    out
}

/// A certificate padded to the EF size.
fn cert_ef(der: &[u8], access: Access) -> Ef {
    let mut data = der.to_vec();
    if data.len() < CERT_EF_SIZE {
        data.resize(CERT_EF_SIZE, 0);
    }
    Ef { data, access }
}

/// `FF 20 { DF21 header, DF22 name, DF23 address, DF24 birth, DF25 sex }`.
fn basic_info_der(b: &BasicInfoSpec) -> Vec<u8> {
    let header: Vec<u8> = (0u8..17).collect();
    let mut inner = tlv(&[0xDF, 0x21], &header);
    inner.extend(tlv(&[0xDF, 0x22], b.name.as_bytes()));
    inner.extend(tlv(&[0xDF, 0x23], b.address.as_bytes()));
    inner.extend(tlv(&[0xDF, 0x24], b.birth.as_bytes()));
    inner.extend(tlv(&[0xDF, 0x25], b.sex.as_bytes()));
    tlv(&[0xFF, 0x20], &inner)
}

/// The files of the JPKI AP.
fn jpki_files(cfg: &VirtualCardConfig, pki: &TestPki) -> Result<Vec<(u16, Ef)>, Error> {
    let mut token = cfg.kind.token().as_bytes().to_vec();
    token.resize(32, 0);
    let auth_access = match cfg.kind {
        CardKind::MyNumberCard => Access::Free,
        CardKind::AndroidSmartphone => Access::Pin(PinKind::Auth),
    };
    Ok(vec![
        (
            jpki::EF_TOKEN,
            Ef {
                data: token,
                access: Access::Free,
            },
        ),
        (
            jpki::EF_AUTH_CERT,
            cert_ef(&pki.issue(&cfg.auth_spec)?, auth_access),
        ),
        (
            jpki::EF_AUTH_CA,
            cert_ef(pki.root(Purpose::Auth), Access::Free),
        ),
        (
            jpki::EF_SIGN_CERT,
            cert_ef(&pki.issue(&cfg.sign_spec)?, Access::Pin(PinKind::Sign)),
        ),
        (
            jpki::EF_SIGN_CA,
            cert_ef(pki.root(Purpose::Sign), Access::Free),
        ),
        (
            jpki::EF_AUTH_PIN,
            Ef {
                data: Vec::new(),
                access: Access::PinFile(PinKind::Auth),
            },
        ),
        (
            jpki::EF_SIGN_PIN,
            Ef {
                data: Vec::new(),
                access: Access::PinFile(PinKind::Sign),
            },
        ),
        (
            jpki::EF_AUTH_KEY,
            Ef {
                data: Vec::new(),
                access: Access::Key(PinKind::Auth),
            },
        ),
        (
            jpki::EF_SIGN_KEY,
            Ef {
                data: Vec::new(),
                access: Access::Key(PinKind::Sign),
            },
        ),
    ])
}

/// The files of the card-info AP.
fn card_info_files(cfg: &VirtualCardConfig) -> Vec<(u16, Ef)> {
    let basic = cfg.basic_info.clone().unwrap_or_else(|| {
        BasicInfoSpec::from_identity(&cfg.sign_spec.identity.clone().unwrap_or_default())
    });
    let mut my_number = tlv(&[0xD0], cfg.my_number.as_bytes());
    my_number.resize(17, 0xFF);
    let pin = Access::Pin(PinKind::CardInfo);
    vec![
        (
            ci::EF_PIN,
            Ef {
                data: Vec::new(),
                access: Access::PinFile(PinKind::CardInfo),
            },
        ),
        (
            ci::EF_MY_NUMBER,
            Ef {
                data: my_number,
                access: pin,
            },
        ),
        (
            ci::EF_BASIC_INFO,
            Ef {
                data: basic_info_der(&basic),
                access: pin,
            },
        ),
        (
            ci::EF_AP_INFO,
            Ef {
                data: vec![0x01, 0x00, 0x00],
                access: Access::Free,
            },
        ),
    ]
}

/// A bare status word.
fn sw(sw: u16) -> Vec<u8> {
    sw.to_be_bytes().to_vec()
}

/// Data then `90 00`.
fn ok(mut data: Vec<u8>) -> Vec<u8> {
    data.extend_from_slice(&[0x90, 0x00]);
    data
}

impl VirtualCard {
    /// The default card (see [`VirtualCardConfig::default`]).
    pub fn new() -> Result<VirtualCard, Error> {
        VirtualCard::with_config(VirtualCardConfig::default())
    }

    /// A card built as `cfg` says. The PINs are stored as given (the signature password
    /// upper-cased, as the card holds it).
    pub fn with_config(cfg: VirtualCardConfig) -> Result<VirtualCard, Error> {
        let pki = TestPki::shared()?;
        let mut files = BTreeMap::new();
        for (fid, ef) in jpki_files(&cfg, pki)? {
            files.insert((Applet::Jpki, fid), ef);
        }
        for (fid, ef) in card_info_files(&cfg) {
            files.insert((Applet::CardInfo, fid), ef);
        }
        let mut pins = BTreeMap::new();
        for (kind, secret) in [
            (PinKind::Auth, cfg.auth_pin.as_bytes().to_vec()),
            (
                PinKind::Sign,
                cfg.sign_password.as_bytes().to_ascii_uppercase(),
            ),
            (PinKind::CardInfo, cfg.card_info_pin.as_bytes().to_vec()),
        ] {
            let counter = PinCounter {
                secret: Zeroizing::new(secret),
                tries_left: kind.max_tries(),
            };
            pins.insert(kind, counter);
        }
        Ok(VirtualCard {
            pki,
            state: CardState {
                files,
                pins,
                selected_applet: None,
                selected_ef: None,
                verified: Vec::new(),
            },
            extended_length: cfg.extended_length,
            removed: false,
            remove_after: None,
            slow: false,
            apdu_count: 0,
        })
    }

    /// Answer one command APDU with `data ‖ SW1 SW2`; an empty vector when the card is removed.
    pub fn respond(&mut self, apdu: &[u8]) -> Vec<u8> {
        self.apdu_count = self.apdu_count.saturating_add(1);
        if let Some(n) = self.remove_after {
            match n.checked_sub(1) {
                Some(left) => self.remove_after = Some(left),
                None => {
                    self.removed = true;
                    self.remove_after = None;
                }
            }
        }
        if self.removed {
            return Vec::new();
        }
        let Ok(cmd) = Command::parse(apdu) else {
            return sw(0x6700);
        };
        if cmd.extended && !self.extended_length {
            return sw(0x6700);
        }
        match (cmd.cla, cmd.ins) {
            (0x00, apdu::INS_SELECT) => self.select(&cmd),
            (0x00, apdu::INS_VERIFY) => self.verify(&cmd),
            (0x00, apdu::INS_READ_BINARY) => self.read_binary(&cmd),
            (0x80, apdu::INS_JPKI_SIGN) => self.sign(&cmd),
            (0x00 | 0x80, _) => sw(0x6D00),
            _ => sw(0x6E00),
        }
    }

    /// SELECT DF by name or EF by identifier.
    fn select(&mut self, cmd: &Command) -> Vec<u8> {
        match (cmd.p1, cmd.p2) {
            (0x04, 0x0C) => {
                let applet = match cmd.data.as_slice() {
                    d if d == AID_JPKI => Applet::Jpki,
                    d if d == AID_CARD_INFO => Applet::CardInfo,
                    d if d == AID_CARD_FACE => Applet::CardFace,
                    _ => return sw(0x6A82),
                };
                self.state.select_applet(applet);
                sw(0x9000)
            }
            (0x02, 0x0C) => {
                let (Some(applet), [hi, lo]) = (self.state.selected_applet, cmd.data.as_slice())
                else {
                    return sw(0x6A82);
                };
                let fid = u16::from_be_bytes([*hi, *lo]);
                if !self.state.files.contains_key(&(applet, fid)) {
                    return sw(0x6A82);
                }
                self.state.selected_ef = Some(fid);
                sw(0x9000)
            }
            _ => sw(0x6A86),
        }
    }

    /// VERIFY against the selected PIN EF; without data, the tries left.
    fn verify(&mut self, cmd: &Command) -> Vec<u8> {
        let Some(Access::PinFile(kind)) = self.state.current_ef().map(|ef| ef.access) else {
            return sw(0x6986);
        };
        if (cmd.p1, cmd.p2) != (0x00, 0x80) {
            return sw(0x6A86);
        }
        if cmd.data.is_empty() {
            return match self.state.tries_left(kind) {
                0 => sw(0x6984),
                n => sw(0x63C0 | u16::from(n)),
            };
        }
        match self.state.verify(kind, &cmd.data) {
            VerifyResult::Ok => sw(0x9000),
            VerifyResult::Wrong(n) => sw(0x63C0 | u16::from(n)),
            VerifyResult::Blocked => sw(0x6984),
        }
    }

    /// READ BINARY of the selected EF from the offset in P1 P2.
    fn read_binary(&mut self, cmd: &Command) -> Vec<u8> {
        let Some(ef) = self.state.current_ef() else {
            return sw(0x6986);
        };
        match ef.access {
            Access::Free => {}
            Access::Pin(kind) if self.state.is_verified(kind) => {}
            Access::Pin(_) => return sw(0x6982),
            Access::PinFile(_) | Access::Key(_) => return sw(0x6986),
        }
        if cmd.p1 & 0x80 != 0 {
            return sw(0x6A86);
        }
        let offset = usize::from(u16::from_be_bytes([cmd.p1, cmd.p2]));
        let Some(rest) = ef.data.get(offset..) else {
            return sw(0x6B00);
        };
        let le = cmd.le.unwrap_or(apdu::MAX_SHORT_LE);
        ok(rest.iter().take(le).copied().collect())
    }

    /// The JPKI sign command with the selected key EF.
    fn sign(&mut self, cmd: &Command) -> Vec<u8> {
        let Some(Access::Key(kind)) = self.state.current_ef().map(|ef| ef.access) else {
            return sw(0x6986);
        };
        if !self.state.is_verified(kind) {
            return sw(0x6982);
        }
        if cmd.data.is_empty() || cmd.data.len() > MAX_SIGN_INPUT {
            return sw(0x6700);
        }
        let purpose = match kind {
            PinKind::Sign => Purpose::Sign,
            _ => Purpose::Auth,
        };
        match self.pki.ee_key(purpose).sign_digest_info(&cmd.data) {
            Ok(sig) => ok(sig),
            Err(_) => sw(0x6F00),
        }
    }

    /// Take the card away (`true`) or put it back. While removed every APDU gets no answer.
    pub fn set_removed(&mut self, removed: bool) {
        self.removed = removed;
        if removed {
            self.state.selected_applet = None;
            self.state.selected_ef = None;
            self.state.verified.clear();
        }
    }

    /// Answer `n` more APDUs, then behave as removed.
    pub fn remove_after(&mut self, n: usize) {
        self.remove_after = Some(n);
    }

    /// Whether the card is removed.
    pub fn is_removed(&self) -> bool {
        self.removed
    }

    /// Make the card slow: simulated readers send waiting-time extensions before answering.
    pub fn set_slow(&mut self, slow: bool) {
        self.slow = slow;
    }

    /// Whether the card is slow (read by simulated readers).
    pub fn is_slow(&self) -> bool {
        self.slow
    }

    /// Whether extended-length APDUs are accepted.
    pub fn supports_extended_length(&self) -> bool {
        self.extended_length
    }

    /// Switch extended-length APDUs on or off.
    pub fn set_extended_length(&mut self, on: bool) {
        self.extended_length = on;
    }

    /// APDUs received so far (answered or not).
    pub fn apdu_count(&self) -> usize {
        self.apdu_count
    }

    /// Tries left of a PIN.
    pub fn tries_left(&self, kind: PinKind) -> u8 {
        self.state.tries_left(kind)
    }

    /// Set the tries left of a PIN (0 blocks it), for tests.
    pub fn set_tries_left(&mut self, kind: PinKind, tries: u8) {
        if let Some(pin) = self.state.pins.get_mut(&kind) {
            pin.tries_left = tries.min(kind.max_tries());
        }
    }

    /// The certificate DER the card holds for `purpose` (without the EF padding).
    pub fn certificate(&self, purpose: Purpose) -> Option<Vec<u8>> {
        let fid = match purpose {
            Purpose::Auth => jpki::EF_AUTH_CERT,
            Purpose::Sign => jpki::EF_SIGN_CERT,
        };
        let data = &self.state.files.get(&(Applet::Jpki, fid))?.data;
        let len = crate::card::applets::jpki::der_total_len(data)?;
        data.get(..len).map(<[u8]>::to_vec)
    }
}
