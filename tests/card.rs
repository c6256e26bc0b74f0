//! The card layer end to end against the virtual My Number Card: ceremonies, PIN guard,
//! card-info cross-check, APDU counts, faults, and that no PIN ever shows.
#![cfg(feature = "simulator")]

use myna_verify::assertion::{verify_token, NonceCheck, TokenContext, TokenPolicy};
use myna_verify::card::applets::card_info::{
    cross_check, my_number_check_digit, validate_my_number, CardSex,
};
use myna_verify::card::applets::jpki::{CertFile, JpkiAp, TokenKind};
use myna_verify::card::applets::ReadMode;
use myna_verify::card::ceremony::{
    authenticate, read_card_info, sign_consent, CardInfoOptions, Progress, SignOptions,
};
use myna_verify::card::executor::block_on;
use myna_verify::card::pin::{Pin, PinKind};
use myna_verify::card::transport::Transport;
use myna_verify::jpki::{Gender, Identity, Purpose, TrustSelection};
use myna_verify::pki::UnixTime;
use myna_verify::sim::card::{BasicInfoSpec, CardKind, VirtualCard, VirtualCardConfig};
use myna_verify::testpki::TestPki;
use myna_verify::Error;

const ORIGIN: &str = "https://bank.example";
const NONCE: &str = "bm9uY2Utbm9uY2Utbm9uY2Utbm9uY2Utbm9uY2Utbm9uY2U";
const AUTH_PIN: &str = "1234";
const SIGN_PASSWORD: &str = "ABC123";
const WRONG_PIN: &str = "9876";
const WRONG_PASSWORD: &str = "WRONG777";

/// A transport that hands each APDU to the virtual card; no answer is `CARD_NOT_PRESENT`, as
/// the readers report it.
struct Direct {
    card: VirtualCard,
    sent: Vec<Vec<u8>>,
}

impl Transport for Direct {
    async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        self.sent.push(command.to_vec());
        let answer = self.card.respond(command);
        if answer.is_empty() {
            return Err(Error::CardNotPresent);
        }
        Ok(answer)
    }
}

fn direct(cfg: VirtualCardConfig) -> Direct {
    Direct {
        card: VirtualCard::with_config(cfg).unwrap(),
        sent: Vec::new(),
    }
}

fn run<F: std::future::Future>(f: F) -> F::Output {
    block_on(f, 4).expect("the simulator never waits")
}

fn opts<'a>(pin: &'a Pin, mode: ReadMode) -> SignOptions<'a> {
    SignOptions {
        origin: ORIGIN,
        nonce: NONCE,
        pin,
        force: false,
        read_mode: mode,
    }
}

fn do_auth(t: &mut Direct, pin: &str, force: bool) -> Result<String, Error> {
    let pin = Pin::auth(pin)?;
    let o = SignOptions {
        force,
        ..opts(&pin, ReadMode::Short)
    };
    run(authenticate(t, &o, |_| {}))
}

fn do_sign(t: &mut Direct, password: &str, force: bool) -> Result<String, Error> {
    let pin = Pin::sign_password(password)?;
    let o = SignOptions {
        force,
        ..opts(&pin, ReadMode::Short)
    };
    run(sign_consent(t, &o, |_| {}))
}

/// Verify a token as a relying party trusting the TEST roots, both kinds.
fn verify(token: &str) -> Result<myna_verify::assertion::TokenVerified, Error> {
    let policy = TokenPolicy {
        trust: TrustSelection::Test,
        accepted_kinds: vec![Purpose::Auth, Purpose::Sign],
        ..TokenPolicy::default()
    };
    let ctx = TokenContext {
        origin: ORIGIN,
        nonce: NONCE,
        time: UnixTime(1_750_000_000),
        nonce_check: NonceCheck::Caller,
    };
    verify_token(token, ctx, &policy).unwrap().into_result()
}

fn cert_len(purpose: Purpose) -> usize {
    let pki = TestPki::shared().unwrap();
    match purpose {
        Purpose::Auth => pki.auth_cert().unwrap().len(),
        Purpose::Sign => pki.sign_cert().unwrap().len(),
    }
}

/// SELECT AP, SELECT PIN EF, tries left, VERIFY, SELECT cert EF, READ BINARY × n, SELECT key EF,
/// sign.
fn expected_sign_apdus(cert: usize, mode: ReadMode) -> usize {
    let reads = match mode {
        ReadMode::Short => cert.div_ceil(256),
        ReadMode::Extended => 1,
    };
    7 + reads
}

#[test]
fn authenticate_makes_a_token_that_verifies_in_the_minimum_of_apdus() {
    let mut t = direct(VirtualCardConfig::default());
    let pin = Pin::auth(AUTH_PIN).unwrap();
    let mut events: Vec<Progress> = Vec::new();
    let token = run(authenticate(&mut t, &opts(&pin, ReadMode::Short), |p| {
        events.push(p)
    }))
    .unwrap();
    let v = verify(&token).unwrap();
    assert_eq!(v.kind, "jpki-auth");
    assert!(v.identity.is_none());
    // The TEST auth certificate is 1 000..1 280 bytes: 5 short reads; 12 APDUs in all.
    let len = cert_len(Purpose::Auth);
    assert!((1025..=1280).contains(&len), "auth cert {len} bytes");
    assert_eq!(t.sent.len(), 12);
    assert_eq!(t.sent.len(), expected_sign_apdus(len, ReadMode::Short));
    assert_eq!(t.card.apdu_count(), 12);
    let steps: Vec<_> = events.iter().map(|p| (p.step, p.done, p.total)).collect();
    assert_eq!(
        steps,
        [
            ("select", 1, 4),
            ("verify-pin", 2, 4),
            ("read-certificate", 3, 4),
            ("sign", 4, 4)
        ]
    );
    // The first APDU selects the JPKI AP, the sign command is 80 2A 00 80 with a SHA-256
    // DigestInfo (51 bytes) and Le 00.
    assert_eq!(
        t.sent.first().unwrap().get(..5),
        Some(&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..])
    );
    let sign = t.sent.last().unwrap();
    assert_eq!(sign.get(..5), Some(&[0x80, 0x2A, 0x00, 0x80, 51][..]));
    assert_eq!(sign.len(), 57);
    assert_eq!(t.card.tries_left(PinKind::Auth), 3);
}

#[test]
fn extended_length_reads_a_certificate_in_one_apdu() {
    let mut t = direct(VirtualCardConfig {
        extended_length: true,
        ..VirtualCardConfig::default()
    });
    let pin = Pin::auth(AUTH_PIN).unwrap();
    let token = run(authenticate(
        &mut t,
        &opts(&pin, ReadMode::Extended),
        |_| {},
    ))
    .unwrap();
    assert!(verify(&token).is_ok());
    assert_eq!(t.sent.len(), 8);
    let read = t.sent.get(5).unwrap();
    assert_eq!(read, &[0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00]);
    // A card without extended APDUs answers 67 00, a typed error.
    let mut short_card = direct(VirtualCardConfig::default());
    let err = run(authenticate(
        &mut short_card,
        &opts(&pin, ReadMode::Extended),
        |_| {},
    ))
    .unwrap_err();
    assert_eq!(err, Error::CardStatus(0x6700));
}

#[test]
fn sign_consent_token_verifies_and_carries_the_identity() {
    let mut t = direct(VirtualCardConfig::default());
    // Lower case is upper-cased before it reaches the card.
    let token = do_sign(&mut t, "abc123", false).unwrap();
    let v = verify(&token).unwrap();
    assert_eq!(v.kind, "jpki-sign");
    let id = v.identity.unwrap();
    assert_eq!(id.name, "山田　太郎");
    assert_eq!(id.gender, Gender::Male);
    assert_eq!(id.date_of_birth.iso.as_deref(), Some("1985-04-01"));
    let len = cert_len(Purpose::Sign);
    assert_eq!(t.sent.len(), expected_sign_apdus(len, ReadMode::Short));
    assert_eq!(t.sent.len(), 13, "sign cert {len} bytes");
    let verify_apdu = t.sent.get(3).unwrap();
    assert_eq!(verify_apdu.get(5..), Some(&b"ABC123"[..]));
}

#[test]
fn the_auth_pin_cannot_sign_with_the_sign_key() {
    let mut t = direct(VirtualCardConfig::default());
    let pin = Pin::auth(AUTH_PIN).unwrap();
    let err = run(sign_consent(&mut t, &opts(&pin, ReadMode::Short), |_| {})).unwrap_err();
    assert_eq!(err.code(), "INVALID_OPTIONS");
    assert!(t.sent.is_empty());
}

#[test]
fn a_wrong_pin_costs_one_try_and_the_right_one_restores_them() {
    let mut t = direct(VirtualCardConfig::default());
    let err = do_auth(&mut t, WRONG_PIN, false).unwrap_err();
    assert_eq!(
        err,
        Error::PinIncorrect {
            which: "auth-pin",
            tries_left: 2
        }
    );
    assert_eq!(t.card.tries_left(PinKind::Auth), 2);
    // Nothing after the failed VERIFY: select AP, select PIN EF, tries left, VERIFY.
    assert_eq!(t.sent.len(), 4);
    let err = do_auth(&mut t, WRONG_PIN, false).unwrap_err();
    assert_eq!(
        err,
        Error::PinIncorrect {
            which: "auth-pin",
            tries_left: 1
        }
    );
    assert!(do_auth(&mut t, AUTH_PIN, true).is_ok());
    assert_eq!(t.card.tries_left(PinKind::Auth), 3);
}

#[test]
fn the_last_try_needs_force() {
    let mut t = direct(VirtualCardConfig::default());
    t.card.set_tries_left(PinKind::Auth, 1);
    let before = t.sent.len();
    let err = do_auth(&mut t, AUTH_PIN, false).unwrap_err();
    assert_eq!(err, Error::PinLastTry("auth-pin"));
    assert_eq!(t.card.tries_left(PinKind::Auth), 1, "no try spent");
    // Select AP, select PIN EF, tries left: no VERIFY with data was sent.
    assert_eq!(t.sent.len() - before, 3);
    assert!(t
        .sent
        .iter()
        .all(|a| a.len() == 4 || a.get(1) != Some(&0x20)));
    let token = do_auth(&mut t, AUTH_PIN, true).unwrap();
    assert!(verify(&token).is_ok());
    // Forced and wrong: the card locks it.
    t.card.set_tries_left(PinKind::Auth, 1);
    let err = do_auth(&mut t, WRONG_PIN, true).unwrap_err();
    assert_eq!(err, Error::PinBlocked("auth-pin"));
    assert_eq!(t.card.tries_left(PinKind::Auth), 0);
}

#[test]
fn a_blocked_pin_is_reported_without_sending_it() {
    let mut t = direct(VirtualCardConfig::default());
    t.card.set_tries_left(PinKind::Sign, 0);
    let err = do_sign(&mut t, SIGN_PASSWORD, true).unwrap_err();
    assert_eq!(err, Error::PinBlocked("sign-password"));
    assert_eq!(err.code(), "PIN_BLOCKED");
    assert!(err.message().contains("convenience-store"));
    assert!(err.message_ja().contains("コンビニ"));
    assert_eq!(t.sent.len(), 3);
    let auth_blocked = Error::PinBlocked("auth-pin");
    assert!(auth_blocked.message().contains("municipal office"));
    assert!(auth_blocked.message_ja().contains("市区町村"));
}

#[test]
fn the_sign_password_locks_after_five_wrong_tries() {
    let mut t = direct(VirtualCardConfig::default());
    for left in (1..=4u8).rev() {
        let err = do_sign(&mut t, WRONG_PASSWORD, true).unwrap_err();
        assert_eq!(
            err,
            Error::PinIncorrect {
                which: "sign-password",
                tries_left: left
            }
        );
    }
    assert_eq!(
        do_sign(&mut t, WRONG_PASSWORD, false).unwrap_err(),
        Error::PinLastTry("sign-password")
    );
    assert_eq!(
        do_sign(&mut t, WRONG_PASSWORD, true).unwrap_err(),
        Error::PinBlocked("sign-password")
    );
    // Even the right password is refused now.
    assert_eq!(
        do_sign(&mut t, SIGN_PASSWORD, true).unwrap_err(),
        Error::PinBlocked("sign-password")
    );
}

#[test]
fn password_forms_are_refused_before_the_card() {
    let mut t = direct(VirtualCardConfig::default());
    for bad in [
        "ABC12",
        "ABCDEFGHIJ1234567",
        "ABC 123",
        "ＡＢＣ１２３",
        "ABC-123",
        "",
    ] {
        assert_eq!(
            do_sign(&mut t, bad, false).unwrap_err(),
            Error::PinFormat("sign-password"),
            "{bad}"
        );
    }
    for bad in ["123", "12345", "12a4"] {
        assert_eq!(
            do_auth(&mut t, bad, false).unwrap_err(),
            Error::PinFormat("auth-pin")
        );
        assert_eq!(
            Pin::card_info(bad).unwrap_err(),
            Error::PinFormat("card-info-pin")
        );
    }
    assert!(t.sent.is_empty());
    assert!(Pin::sign_password("a1b2c3d4e5f6g7h8").is_ok());
}

#[test]
fn my_number_check_digit_is_checked_on_the_card_path() {
    assert_eq!(my_number_check_digit(b"12345678901"), Some(8));
    assert!(validate_my_number("123456789018").is_ok());
    assert_eq!(
        validate_my_number("123456789017"),
        Err(Error::MyNumberInvalid)
    );
    let mut t = direct(VirtualCardConfig {
        my_number: "123456789013".into(),
        ..VirtualCardConfig::default()
    });
    let pin = Pin::card_info("1234").unwrap();
    let o = CardInfoOptions {
        pin: &pin,
        force: false,
        read_mode: ReadMode::Short,
    };
    assert_eq!(
        run(read_card_info(&mut t, &o, |_| {})).unwrap_err(),
        Error::MyNumberInvalid
    );
}

/// The identity of the default signature certificate, as a relying party gets it.
fn sign_identity() -> Identity {
    let mut t = direct(VirtualCardConfig::default());
    let token = do_sign(&mut t, SIGN_PASSWORD, false).unwrap();
    verify(&token).unwrap().identity.unwrap()
}

#[test]
fn card_info_is_read_and_cross_checked_with_the_signature_certificate() {
    let identity = sign_identity();
    let mut t = direct(VirtualCardConfig::default());
    let pin = Pin::card_info("1234").unwrap();
    let o = CardInfoOptions {
        pin: &pin,
        force: false,
        read_mode: ReadMode::Short,
    };
    let mut events = Vec::new();
    let info = run(read_card_info(&mut t, &o, |p| events.push(p.step))).unwrap();
    assert_eq!(info.my_number, "123456789018");
    assert!(!info.authenticated);
    assert_eq!(info.basic_info.sex, CardSex::Male);
    assert_eq!(info.basic_info.birth, "19850401");
    // SELECT AP, SELECT PIN EF, tries left, VERIFY, SELECT + READ My Number, SELECT + READ
    // basic-4 (under 256 bytes).
    assert_eq!(t.sent.len(), 8);
    assert_eq!(
        events,
        ["select", "verify-pin", "read-my-number", "read-basic-info"]
    );
    let check = cross_check(&info.basic_info, &identity);
    assert!(check.all_match(), "{check:?}");

    let other = BasicInfoSpec {
        name: "山田　花子".into(),
        address: "東京都千代田区霞が関２丁目１番２号".into(),
        birth: "19850402".into(),
        sex: "2".into(),
    };
    let mut t = direct(VirtualCardConfig {
        basic_info: Some(other),
        ..VirtualCardConfig::default()
    });
    let info = run(read_card_info(&mut t, &o, |_| {})).unwrap();
    let check = cross_check(&info.basic_info, &identity);
    assert!(!check.all_match());
    assert!(!check.name && check.address && !check.date_of_birth && !check.gender);
}

#[test]
fn card_info_gender_unknown_is_sex_9_and_substitutes_match_anything() {
    let mut identity = sign_identity();
    identity.gender = Gender::Unknown;
    let info = myna_verify::card::applets::card_info::BasicInfo {
        // The second character is a substitute in the certificate ("01000"); the card may
        // hold the real character; spaces differ.
        name: "山𠮷 太郎".into(),
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        birth: "19850401".into(),
        sex: CardSex::NotApplicable,
    };
    let check = cross_check(&info, &identity);
    assert!(check.all_match(), "{check:?}");
    let male = myna_verify::card::applets::card_info::BasicInfo {
        sex: CardSex::Male,
        ..info
    };
    assert!(!cross_check(&male, &identity).gender);
}

#[test]
fn a_card_removed_mid_read_is_a_typed_error() {
    let mut t = direct(VirtualCardConfig::default());
    // Answers select AP, select PIN EF, tries left, VERIFY, select cert EF, one READ BINARY.
    t.card.remove_after(6);
    let err = do_auth(&mut t, AUTH_PIN, false).unwrap_err();
    assert_eq!(err, Error::CardNotPresent);
    assert_eq!(t.sent.len(), 7);
    assert!(t.card.is_removed());
    assert_eq!(t.card.respond(&[0x00, 0xA4, 0x04, 0x0C]), Vec::<u8>::new());
    // Back on the reader, the session starts over (the PIN state was lost with the power).
    t.card.set_removed(false);
    assert!(do_auth(&mut t, AUTH_PIN, false).is_ok());
}

#[test]
fn security_state_is_per_application() {
    let mut card = VirtualCard::new().unwrap();
    let mut send = |apdu: &[u8]| card.respond(apdu);
    let jpki: &[u8] = &[
        0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
    ];
    let card_info: &[u8] = &[
        0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08,
    ];
    let sel_pin: &[u8] = &[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18];
    let verify: &[u8] = &[0x00, 0x20, 0x00, 0x80, 0x04, b'1', b'2', b'3', b'4'];
    let sel_key: &[u8] = &[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x17];
    let sign = vec![0x80, 0x2A, 0x00, 0x80, 0x03, 1, 2, 3, 0x00];
    assert_eq!(send(jpki), [0x90, 0x00]);
    assert_eq!(send(sel_pin), [0x90, 0x00]);
    assert_eq!(send(&[0x00, 0x20, 0x00, 0x80]), [0x63, 0xC3]);
    assert_eq!(send(verify), [0x90, 0x00]);
    assert_eq!(send(sel_key), [0x90, 0x00]);
    assert_eq!(send(&sign).len(), 258);
    assert_eq!(send(card_info), [0x90, 0x00]);
    assert_eq!(send(jpki), [0x90, 0x00]);
    assert_eq!(send(sel_key), [0x90, 0x00]);
    assert_eq!(send(&sign), [0x69, 0x82]);
    assert_eq!(
        send(&[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x12, 0x34]),
        [0x6A, 0x82]
    );
    assert_eq!(
        send(&[0x00, 0xA4, 0x04, 0x0C, 0x02, 0xD3, 0x92]),
        [0x6A, 0x82]
    );
    assert_eq!(send(&[0x00, 0xCA, 0x00, 0x00]), [0x6D, 0x00]);
    // The sign certificate is behind the sign password.
    assert_eq!(
        send(&[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x01]),
        [0x90, 0x00]
    );
    assert_eq!(send(&[0x00, 0xB0, 0x00, 0x00, 0x00]), [0x69, 0x82]);
}

#[test]
fn token_ef_and_ca_certificates() {
    let pki = TestPki::shared().unwrap();
    let mut t = direct(VirtualCardConfig::default());
    let mut ap = run(JpkiAp::select(&mut t, ReadMode::Short)).unwrap();
    assert_eq!(run(ap.read_token()).unwrap(), TokenKind::MyNumberCard);
    let ca = run(ap.read_certificate(CertFile::Ca(Purpose::Sign))).unwrap();
    assert_eq!(ca, pki.root(Purpose::Sign));
    let auth = run(ap.read_certificate(CertFile::EndEntity(Purpose::Auth))).unwrap();
    assert_eq!(auth, pki.auth_cert().unwrap());
    assert_eq!(
        run(ap.read_certificate(CertFile::EndEntity(Purpose::Sign))).unwrap_err(),
        Error::CardSecurityStatus
    );
    // Signing without a verified PIN is refused without asking the card.
    assert_eq!(
        run(ap.sign(Purpose::Auth, &[1; 51])).unwrap_err(),
        Error::CardSecurityStatus
    );
    drop(ap);
    assert!(t.sent.iter().all(|a| a.get(1) != Some(&0x2A)));
    // Each certificate: SELECT + ⌈len / 256⌉ READ BINARY.
    let reads = |len: usize| 1 + len.div_ceil(256);
    let expected =
        1 + 2 + reads(pki.root(Purpose::Sign).len()) + reads(cert_len(Purpose::Auth)) + 2;
    assert_eq!(t.sent.len(), expected);
}

#[test]
fn smartphone_jpki_needs_the_pin_before_the_auth_certificate() {
    let cfg = VirtualCardConfig {
        kind: CardKind::AndroidSmartphone,
        ..VirtualCardConfig::default()
    };
    let mut t = direct(cfg.clone());
    let mut ap = run(JpkiAp::select(&mut t, ReadMode::Short)).unwrap();
    assert_eq!(run(ap.read_token()).unwrap(), TokenKind::AndroidSmartphone);
    assert_eq!(
        run(ap.read_certificate(CertFile::EndEntity(Purpose::Auth))).unwrap_err(),
        Error::CardSecurityStatus
    );
    let mut t = direct(cfg);
    let token = do_auth(&mut t, AUTH_PIN, false).unwrap();
    assert!(verify(&token).is_ok());
}

#[test]
fn bad_origin_or_nonce_never_reaches_the_card() {
    let mut t = direct(VirtualCardConfig::default());
    let pin = Pin::auth(AUTH_PIN).unwrap();
    let bad_origin = SignOptions {
        origin: "ftp://x",
        ..opts(&pin, ReadMode::Short)
    };
    assert!(run(authenticate(&mut t, &bad_origin, |_| {})).is_err());
    let short_nonce = SignOptions {
        nonce: "abc",
        ..opts(&pin, ReadMode::Short)
    };
    assert_eq!(
        run(authenticate(&mut t, &short_nonce, |_| {}))
            .unwrap_err()
            .code(),
        "INVALID_OPTIONS"
    );
    assert!(t.sent.is_empty());
}

#[test]
fn no_pin_in_debug_or_errors() {
    let secrets = [WRONG_PIN, WRONG_PASSWORD, AUTH_PIN, SIGN_PASSWORD];
    let mut errors = Vec::new();
    let mut t = direct(VirtualCardConfig::default());
    errors.push(do_auth(&mut t, WRONG_PIN, false).unwrap_err());
    errors.push(do_auth(&mut t, WRONG_PIN, false).unwrap_err());
    errors.push(do_auth(&mut t, WRONG_PIN, false).unwrap_err());
    errors.push(do_auth(&mut t, WRONG_PIN, true).unwrap_err());
    errors.push(do_sign(&mut t, WRONG_PASSWORD, false).unwrap_err());
    errors.push(do_sign(&mut t, "WRONG77!", false).unwrap_err());
    errors.push(Pin::card_info("98765").unwrap_err());
    let codes: Vec<_> = errors.iter().map(Error::code).collect();
    assert_eq!(
        codes,
        [
            "PIN_INCORRECT",
            "PIN_INCORRECT",
            "PIN_LAST_TRY",
            "PIN_BLOCKED",
            "PIN_INCORRECT",
            "PIN_FORMAT_INVALID",
            "PIN_FORMAT_INVALID"
        ]
    );
    for e in &errors {
        let shown = format!("{e:?} {e} {} {}", e.message(), e.message_ja());
        for s in secrets {
            assert!(!shown.contains(s), "{s} in {shown}");
        }
        assert!(!shown.contains("WRONG77"));
        assert!(!shown.contains("98765"));
    }
    for (pin, text) in [
        (Pin::auth(AUTH_PIN).unwrap(), AUTH_PIN),
        (Pin::sign_password("abc123").unwrap(), SIGN_PASSWORD),
        (Pin::card_info("4821").unwrap(), "4821"),
    ] {
        let o = SignOptions {
            origin: ORIGIN,
            nonce: NONCE,
            pin: &pin,
            force: true,
            read_mode: ReadMode::Short,
        };
        let shown = format!("{pin:?} {pin:#?} {o:?}");
        assert!(shown.contains("Pin(***)"));
        assert!(!shown.contains(text), "{shown}");
        assert!(!shown.to_lowercase().contains(&text.to_lowercase()));
    }
}
