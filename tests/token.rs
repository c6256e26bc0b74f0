//! Web eID token verification against the TEST hierarchy (trust `jpki-test`): the good auth and
//! sign ceremonies, Web eID's published validation scenarios (wrong origin / nonce, expired
//! certificate, wrong purpose, `none` and unknown algorithms, token size, non-base64 fields,
//! swapped certificate, tampered signature, unknown format, missing fields, replayed nonce,
//! expired sealed challenge), policy switches, and tokens made by OpenSSL
//! (scripts/make-token-fixtures.sh) as an independent producer.
#![cfg(feature = "testpki")]

use myna_verify::assertion::token::{MAX_TOKEN_BYTES, MAX_TOKEN_CERT_DER};
use myna_verify::assertion::{
    issue_challenge, issue_sealed_challenge, make_web_eid_token, signed_data, verify_token,
    IdentityAttribute, MemoryNonceStore, NonceCheck, NonceStore, Origin, RevocationMode,
    TokenContext, TokenPolicy, VerifyOutcome,
};
use myna_verify::jpki::{Purpose, TrustSelection};
use myna_verify::pki::{Hash, UnixTime};
use myna_verify::testpki::jpki::{EE_NOT_AFTER, EE_NOT_BEFORE};
use myna_verify::testpki::{EeSpec, TestIdentity, TestKey, TestPki};
use myna_verify::wire::base64;
use myna_verify::Error;
use serde_json::{json, Value};

const ORIGIN: &str = "https://bank.example.jp";

fn pki() -> &'static TestPki {
    TestPki::shared().unwrap()
}

/// 2026-06-01: inside the TEST end-entities' validity.
fn now() -> UnixTime {
    UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").unwrap()
}

fn nonce() -> String {
    issue_challenge(&[7; 32], now(), 300).unwrap().nonce
}

fn other_nonce() -> String {
    issue_challenge(&[8; 32], now(), 300).unwrap().nonce
}

/// TEST trust, auth only (the default kinds).
fn auth_policy() -> TokenPolicy {
    TokenPolicy {
        trust: TrustSelection::Test,
        ..TokenPolicy::default()
    }
}

/// TEST trust, both kinds.
fn both_policy() -> TokenPolicy {
    TokenPolicy {
        accepted_kinds: vec![Purpose::Auth, Purpose::Sign],
        ..auth_policy()
    }
}

/// A token signed by `key` over `cert`, for `origin` and `nonce`, through the crate's producer.
fn token_with(key: &TestKey, cert: &[u8], origin: &str, nonce: &str) -> String {
    make_web_eid_token(|di| key.sign_digest_info(di), cert, origin, nonce).unwrap()
}

fn auth_token() -> String {
    let p = pki();
    token_with(
        p.ee_key(Purpose::Auth),
        &p.auth_cert().unwrap(),
        ORIGIN,
        &nonce(),
    )
}

fn sign_token() -> String {
    let p = pki();
    token_with(
        p.ee_key(Purpose::Sign),
        &p.sign_cert().unwrap(),
        ORIGIN,
        &nonce(),
    )
}

fn ctx<'a>(nonce: &'a str, time: UnixTime, check: NonceCheck<'a>) -> TokenContext<'a> {
    TokenContext {
        origin: ORIGIN,
        nonce,
        time,
        nonce_check: check,
    }
}

/// Verify with the caller having checked the nonce.
fn verify_at(token: &str, time: UnixTime, policy: &TokenPolicy) -> VerifyOutcome {
    let n = nonce();
    verify_token(token, ctx(&n, time, NonceCheck::Caller), policy).unwrap()
}

fn verify(token: &str, policy: &TokenPolicy) -> VerifyOutcome {
    verify_at(token, now(), policy)
}

fn failure(outcome: VerifyOutcome) -> Error {
    match outcome {
        VerifyOutcome::Failed(e) => e,
        VerifyOutcome::Verified(v) => panic!("unexpectedly verified: {v:?}"),
    }
}

fn code(outcome: VerifyOutcome) -> &'static str {
    failure(outcome).code()
}

/// The token as JSON, changed by `edit`.
fn edited(token: &str, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut value: Value = serde_json::from_str(token).unwrap();
    edit(value.as_object_mut().unwrap());
    value.to_string()
}

fn warning_codes(outcome: &VerifyOutcome) -> Vec<&'static str> {
    outcome
        .verified()
        .unwrap()
        .warnings
        .iter()
        .map(|w| w.code)
        .collect()
}

// ---------------------------------------------------------------- good ceremonies

#[test]
fn auth_token_proves_presence_with_serial_and_issuer() {
    let outcome = verify(&auth_token(), &auth_policy());
    let v = outcome.verified().expect("verifies");
    assert_eq!(v.kind, "jpki-auth");
    assert_eq!(v.certificate.serial_number, "01234567");
    assert!(
        v.certificate
            .issuer
            .contains("JPKI for user authentication TEST"),
        "{}",
        v.certificate.issuer
    );
    assert!(v.identity.is_none());
    assert_eq!(v.chain.len(), 2);
    assert_eq!(
        warning_codes(&outcome),
        ["TEST_TRUST", "REVOCATION_UNKNOWN"]
    );

    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["kind"], "jpki-auth");
    assert_eq!(json["certificate"]["serialNumber"], "01234567");
    assert_eq!(json["certificate"]["notAfter"], "2028-12-31T14:59:59Z");
    assert!(json.get("identity").is_none());
    assert_eq!(json["trustAnchor"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(json["chain"].as_array().unwrap().len(), 2);
    assert_eq!(
        json["revocation"],
        json!({"status": "unknown", "source": null})
    );
    assert_eq!(json["warnings"][1]["code"], "REVOCATION_UNKNOWN");
    assert!(json["warnings"][1]["messageJa"].as_str().unwrap().len() > 10);
}

#[test]
fn sign_token_yields_identity() {
    let outcome = verify(&sign_token(), &both_policy());
    let v = outcome.verified().expect("verifies");
    assert_eq!(v.kind, "jpki-sign");
    let id = v.identity.as_ref().unwrap();
    assert_eq!(id.name, "山田　太郎");
    assert_eq!(id.address, "東京都千代田区霞が関２丁目１番２号");
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["identity"]["name"], "山田　太郎");
    assert_eq!(json["identity"]["gender"], "male");
    assert_eq!(json["identity"]["dateOfBirth"]["iso"], "1985-04-01");
}

#[test]
fn sign_token_meets_required_attributes() {
    let policy = TokenPolicy {
        accepted_kinds: vec![Purpose::Sign],
        required_attributes: vec![
            IdentityAttribute::Name,
            IdentityAttribute::Address,
            IdentityAttribute::DateOfBirth,
        ],
        ..auth_policy()
    };
    assert!(verify(&sign_token(), &policy).is_ok());
}

#[test]
fn web_eid_1_1_with_intermediates_field_verifies() {
    let p = pki();
    let token = edited(&auth_token(), |m| {
        m.insert("format".into(), "web-eid:1.1".into());
        // The root itself offered as an "intermediate" does no harm.
        let root = base64::encode(p.root(Purpose::Auth));
        m.insert("unverifiedIntermediateCertificates".into(), json!([root]));
        m.insert("unverifiedSigningCertificates".into(), json!([{"x": 1}]));
    });
    assert!(verify(&token, &auth_policy()).is_ok());
}

// ---------------------------------------------------------------- Web eID scenarios

#[test]
fn wrong_origin_does_not_verify() {
    let p = pki();
    let token = token_with(
        p.ee_key(Purpose::Auth),
        &p.auth_cert().unwrap(),
        "https://evil.example.jp",
        &nonce(),
    );
    assert_eq!(code(verify(&token, &auth_policy())), "SIGNATURE_INVALID");
}

#[test]
fn wrong_nonce_does_not_verify() {
    let p = pki();
    let token = token_with(
        p.ee_key(Purpose::Auth),
        &p.auth_cert().unwrap(),
        ORIGIN,
        &other_nonce(),
    );
    assert_eq!(code(verify(&token, &auth_policy())), "SIGNATURE_INVALID");
}

#[test]
fn expired_certificate_is_refused_beyond_the_skew() {
    let late = UnixTime(EE_NOT_AFTER.0 + 301);
    assert_eq!(
        code(verify_at(&auth_token(), late, &auth_policy())),
        "CERT_EXPIRED"
    );
    let early = UnixTime(EE_NOT_BEFORE.0 - 301);
    assert_eq!(
        code(verify_at(&auth_token(), early, &auth_policy())),
        "CERT_NOT_YET_VALID"
    );
    let no_skew = TokenPolicy {
        clock_skew_seconds: 0,
        ..auth_policy()
    };
    assert_eq!(
        code(verify_at(
            &auth_token(),
            UnixTime(EE_NOT_AFTER.0 + 1),
            &no_skew
        )),
        "CERT_EXPIRED"
    );
}

#[test]
fn clock_skew_is_tolerated_with_a_warning() {
    for t in [EE_NOT_AFTER.0 + 300, EE_NOT_BEFORE.0 - 300] {
        let outcome = verify_at(&auth_token(), UnixTime(t), &auth_policy());
        assert!(outcome.is_ok(), "{t}: {:?}", outcome.error());
        assert!(warning_codes(&outcome).contains(&"CLOCK_SKEW_APPLIED"));
    }
    assert!(!warning_codes(&verify(&auth_token(), &auth_policy())).contains(&"CLOCK_SKEW_APPLIED"));
}

#[test]
fn sign_certificate_where_only_auth_is_accepted_is_wrong_purpose() {
    assert_eq!(
        failure(verify(&sign_token(), &auth_policy())),
        Error::CertWrongPurpose
    );
    assert_eq!(
        failure(verify(&sign_token(), &auth_policy())).code(),
        "CERT_WRONG_PURPOSE"
    );
    let sign_only = TokenPolicy {
        accepted_kinds: vec![Purpose::Sign],
        ..auth_policy()
    };
    assert_eq!(
        code(verify(&auth_token(), &sign_only)),
        "CERT_WRONG_PURPOSE"
    );
}

#[test]
fn none_and_unknown_algorithms_are_unsupported() {
    for alg in [
        "none", "None", "HS256", "ES512", "EdDSA", "rs256", "RS1", "",
    ] {
        let token = edited(&auth_token(), |m| {
            m.insert("algorithm".into(), alg.into());
        });
        assert_eq!(
            code(verify(&token, &auth_policy())),
            "UNSUPPORTED_ALGORITHM",
            "{alg}"
        );
    }
    // A supported algorithm that does not fit the (RSA) key.
    let es = edited(&auth_token(), |m| {
        m.insert("algorithm".into(), "ES256".into());
    });
    assert_eq!(code(verify(&es, &auth_policy())), "UNSUPPORTED_ALGORITHM");
    // The right key family but another padding: the PKCS#1 signature is no PSS signature.
    let ps = edited(&auth_token(), |m| {
        m.insert("algorithm".into(), "PS256".into());
    });
    assert_eq!(code(verify(&ps, &auth_policy())), "SIGNATURE_INVALID");
}

#[test]
fn too_short_and_too_long_tokens() {
    for short in ["", "{}", "null", r#"{"format":"web-eid:1.0"}"#] {
        assert_eq!(
            failure(verify(short, &auth_policy())),
            Error::TokenMalformed("token too short"),
            "{short}"
        );
    }
    let token = auth_token();
    let pad = |len: usize| {
        edited(&token, |m| {
            m.insert("padding".into(), "".into());
        })
        .replacen(
            "\"padding\":\"\"",
            &format!("\"padding\":\"{}\"", "x".repeat(len)),
            1,
        )
    };
    let base = pad(0).len();
    let at_cap = pad(MAX_TOKEN_BYTES - base);
    assert_eq!(at_cap.len(), MAX_TOKEN_BYTES);
    assert!(verify(&at_cap, &auth_policy()).is_ok());
    let over = pad(MAX_TOKEN_BYTES - base + 1);
    assert_eq!(
        failure(verify(&over, &auth_policy())),
        Error::InputTooLarge {
            what: "token",
            limit: MAX_TOKEN_BYTES
        }
    );
}

#[test]
fn non_json_tokens_are_malformed() {
    let padding = "x".repeat(200);
    for bad in [
        format!("[\"{padding}\"]"),
        format!("\"{padding}\""),
        format!("{{\"format\": \"{padding}\""),
        padding.clone(),
    ] {
        assert_eq!(
            code(verify(&bad, &auth_policy())),
            "TOKEN_MALFORMED",
            "{bad}"
        );
    }
}

#[test]
fn non_base64_fields_are_malformed() {
    let token = auth_token();
    for field in ["unverifiedCertificate", "signature"] {
        let value: Value = serde_json::from_str(&token).unwrap();
        let good = value[field].as_str().unwrap().to_string();
        let variants = [
            format!("{good}!"),
            format!(" {good}"),
            format!("{}\n{}", &good[..64], &good[64..]),
            good.replace('+', "-").replace('/', "_"),
            good.trim_end_matches('=').to_string(),
            "%%%%".to_string(),
        ];
        for bad in variants {
            if bad == good {
                continue; // no '+', '/' or '=' to change
            }
            let t = edited(&token, |m| {
                m.insert(field.into(), bad.clone().into());
            });
            assert_eq!(
                failure(verify(&t, &auth_policy())),
                Error::TokenMalformed(field),
                "{field}: {bad}"
            );
        }
    }
    let t = edited(&token, |m| {
        m.insert("format".into(), "web-eid:1.1".into());
        m.insert("unverifiedIntermediateCertificates".into(), json!(["***"]));
    });
    assert_eq!(
        failure(verify(&t, &auth_policy())),
        Error::TokenMalformed("unverifiedIntermediateCertificates")
    );
}

#[test]
fn garbage_certificate_is_der_malformed() {
    let t = edited(&auth_token(), |m| {
        m.insert(
            "unverifiedCertificate".into(),
            base64::encode(b"not a cert").into(),
        );
    });
    assert_eq!(code(verify(&t, &auth_policy())), "DER_MALFORMED");
}

#[test]
fn oversized_certificates_and_too_many_intermediates() {
    let big = base64::encode(&vec![0x30; MAX_TOKEN_CERT_DER + 1]);
    let t = edited(&auth_token(), |m| {
        m.insert("unverifiedCertificate".into(), big.clone().into());
    });
    assert_eq!(code(verify(&t, &auth_policy())), "INPUT_TOO_LARGE");
    let t = edited(&auth_token(), |m| {
        m.insert("format".into(), "web-eid:1.1".into());
        m.insert("unverifiedIntermediateCertificates".into(), json!([big]));
    });
    assert_eq!(code(verify(&t, &auth_policy())), "INPUT_TOO_LARGE");
    let root = base64::encode(pki().root(Purpose::Auth));
    let t = edited(&auth_token(), |m| {
        m.insert("format".into(), "web-eid:1.1".into());
        m.insert(
            "unverifiedIntermediateCertificates".into(),
            json!(vec![root; 9]),
        );
    });
    assert_eq!(code(verify(&t, &auth_policy())), "INPUT_TOO_LARGE");
}

#[test]
fn swapped_certificate_does_not_verify() {
    // A valid certificate (auth) with a signature by another card's key (sign).
    let p = pki();
    let token = token_with(
        p.ee_key(Purpose::Sign),
        &p.auth_cert().unwrap(),
        ORIGIN,
        &nonce(),
    );
    assert_eq!(code(verify(&token, &both_policy())), "SIGNATURE_INVALID");
    // And the other way: the sign certificate in place of the auth one that signed.
    let good: Value = serde_json::from_str(&auth_token()).unwrap();
    let sign: Value = serde_json::from_str(&sign_token()).unwrap();
    let swapped = edited(&auth_token(), |m| {
        m.insert(
            "unverifiedCertificate".into(),
            sign["unverifiedCertificate"].clone(),
        );
    });
    assert_ne!(good["unverifiedCertificate"], sign["unverifiedCertificate"]);
    assert_eq!(code(verify(&swapped, &both_policy())), "SIGNATURE_INVALID");
}

#[test]
fn tampered_signature_does_not_verify() {
    let token = auth_token();
    let value: Value = serde_json::from_str(&token).unwrap();
    let sig = base64::decode(value["signature"].as_str().unwrap()).unwrap();
    for i in [0, 100, sig.len() - 1] {
        let mut bad = sig.clone();
        bad[i] ^= 0x01;
        let t = edited(&token, |m| {
            m.insert("signature".into(), base64::encode(&bad).into());
        });
        assert_eq!(code(verify(&t, &auth_policy())), "SIGNATURE_INVALID", "{i}");
    }
    let t = edited(&token, |m| {
        m.insert("signature".into(), base64::encode(&sig[1..]).into());
    });
    assert_eq!(code(verify(&t, &auth_policy())), "SIGNATURE_INVALID");
}

#[test]
fn unknown_formats_are_unsupported() {
    for format in [
        "web-eid:2.0",
        "web-eid:1",
        "web-eid:1.2",
        "WEB-EID:1.0",
        "",
        "web-eid:1.0 ",
    ] {
        let t = edited(&auth_token(), |m| {
            m.insert("format".into(), format.into());
        });
        assert_eq!(
            failure(verify(&t, &auth_policy())),
            Error::TokenFormatUnsupported,
            "{format}"
        );
    }
}

#[test]
fn missing_fields_and_wrong_types_are_malformed() {
    for field in [
        "format",
        "unverifiedCertificate",
        "algorithm",
        "signature",
        "appVersion",
    ] {
        let missing = edited(&auth_token(), |m| {
            m.remove(field);
        });
        let null = edited(&auth_token(), |m| {
            m.insert(field.into(), Value::Null);
        });
        let number = edited(&auth_token(), |m| {
            m.insert(field.into(), json!(1));
        });
        let list = edited(&auth_token(), |m| {
            m.insert(field.into(), json!(["RS256"]));
        });
        for t in [missing, null, number, list] {
            assert_eq!(
                failure(verify(&t, &auth_policy())),
                Error::TokenMalformed(field),
                "{field}"
            );
        }
    }
}

#[test]
fn replayed_unknown_and_expired_nonces_with_a_store() {
    let token = auth_token();
    let n = nonce();
    let mut store = MemoryNonceStore::new(16);
    store.remember(&n, UnixTime(now().0 + 300)).unwrap();
    let run = |time: UnixTime, store: &mut MemoryNonceStore| {
        verify_token(
            &token,
            ctx(&n, time, NonceCheck::Store(store)),
            &auth_policy(),
        )
        .unwrap()
    };
    assert!(run(now(), &mut store).is_ok());
    assert_eq!(code(run(now(), &mut store)), "NONCE_REPLAYED");
    let mut empty = MemoryNonceStore::new(16);
    assert_eq!(code(run(now(), &mut empty)), "NONCE_NOT_FOUND");
    let mut fresh = MemoryNonceStore::new(16);
    fresh.remember(&n, UnixTime(now().0 + 300)).unwrap();
    assert_eq!(
        code(run(UnixTime(now().0 + 301), &mut fresh)),
        "NONCE_EXPIRED"
    );
}

#[test]
fn a_failed_attempt_uses_the_nonce_up() {
    let n = nonce();
    let mut store = MemoryNonceStore::new(16);
    store.remember(&n, UnixTime(now().0 + 300)).unwrap();
    let tampered = edited(&auth_token(), |m| {
        m.insert("algorithm".into(), "none".into());
    });
    let first = verify_token(
        &tampered,
        ctx(&n, now(), NonceCheck::Store(&mut store)),
        &auth_policy(),
    )
    .unwrap();
    assert_eq!(code(first), "UNSUPPORTED_ALGORITHM");
    let second = verify_token(
        &auth_token(),
        ctx(&n, now(), NonceCheck::Store(&mut store)),
        &auth_policy(),
    )
    .unwrap();
    assert_eq!(code(second), "NONCE_REPLAYED");
}

#[test]
fn sealed_challenges_expire_and_bind_the_origin() {
    let secret = [42u8; 32];
    let origin = Origin::parse(ORIGIN, false).unwrap();
    let sealed = issue_sealed_challenge(&secret, &origin, &[3; 32], now(), 120).unwrap();
    let p = pki();
    let token = token_with(
        p.ee_key(Purpose::Auth),
        &p.auth_cert().unwrap(),
        ORIGIN,
        &sealed.nonce,
    );
    let run = |time: UnixTime, secret: &[u8]| {
        let check = NonceCheck::Sealed {
            secret,
            store: None,
        };
        verify_token(&token, ctx(&sealed.nonce, time, check), &auth_policy()).unwrap()
    };
    assert!(run(UnixTime(now().0 + 60), &secret).is_ok());
    assert_eq!(code(run(UnixTime(now().0 + 121), &secret)), "NONCE_EXPIRED");
    assert_eq!(code(run(now(), &[43u8; 32])), "CHALLENGE_INVALID");

    // Sealed for another origin, even though the token signs ours.
    let elsewhere = Origin::parse("https://other.example.jp", false).unwrap();
    let foreign = issue_sealed_challenge(&secret, &elsewhere, &[3; 32], now(), 120).unwrap();
    let t2 = token_with(
        p.ee_key(Purpose::Auth),
        &p.auth_cert().unwrap(),
        ORIGIN,
        &foreign.nonce,
    );
    let check = NonceCheck::Sealed {
        secret: &secret,
        store: None,
    };
    let out = verify_token(&t2, ctx(&foreign.nonce, now(), check), &auth_policy()).unwrap();
    assert_eq!(code(out), "CHALLENGE_INVALID");

    // Sealed plus a store: single use.
    let mut store = MemoryNonceStore::new(4);
    store.remember(&sealed.nonce, sealed.expires_at).unwrap();
    for expected in [None, Some("NONCE_REPLAYED")] {
        let check = NonceCheck::Sealed {
            secret: &secret,
            store: Some(&mut store),
        };
        let out = verify_token(&token, ctx(&sealed.nonce, now(), check), &auth_policy()).unwrap();
        assert_eq!(out.error().map(Error::code), expected);
    }
}

// ---------------------------------------------------------------- policy

#[test]
fn production_trust_refuses_test_certificates() {
    let jlis = TokenPolicy::default();
    assert_eq!(code(verify(&auth_token(), &jlis)), "CERT_NOT_TRUSTED");
}

#[test]
fn revocation_modes() {
    let require = TokenPolicy {
        revocation: RevocationMode::Require,
        ..auth_policy()
    };
    assert_eq!(
        failure(verify(&auth_token(), &require)),
        Error::RevocationUnknown
    );
    let off = TokenPolicy {
        revocation: RevocationMode::Off,
        ..auth_policy()
    };
    let outcome = verify(&auth_token(), &off);
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["revocation"]["status"], "not-checked");
    assert_eq!(warning_codes(&outcome), ["TEST_TRUST"]);
}

#[test]
fn required_attributes_refuse_auth_and_incomplete_sign_certificates() {
    let policy = TokenPolicy {
        required_attributes: vec![IdentityAttribute::Name],
        ..both_policy()
    };
    assert_eq!(
        failure(verify(&auth_token(), &policy)),
        Error::AttributeMissing("name")
    );
    let p = pki();
    let spec = EeSpec {
        identity: Some(TestIdentity {
            address: None,
            ..TestIdentity::default()
        }),
        ..EeSpec::sign()
    };
    let cert = p.issue(&spec).unwrap();
    let token = token_with(p.ee_key(Purpose::Sign), &cert, ORIGIN, &nonce());
    assert_eq!(code(verify(&token, &policy)), "ATTRIBUTE_MISSING");
}

#[test]
fn misuse_is_an_error_not_an_outcome() {
    let token = auth_token();
    let n = nonce();
    let bad_origin = TokenContext {
        origin: "https://bank.example.jp/login",
        ..ctx(&n, now(), NonceCheck::Caller)
    };
    assert_eq!(
        verify_token(&token, bad_origin, &auth_policy())
            .unwrap_err()
            .code(),
        "ORIGIN_INVALID"
    );
    let short_nonce = ctx("abc", now(), NonceCheck::Caller);
    assert_eq!(
        verify_token(&token, short_nonce, &auth_policy())
            .unwrap_err()
            .code(),
        "INVALID_OPTIONS"
    );
    let weak_secret = NonceCheck::Sealed {
        secret: &[1; 31],
        store: None,
    };
    assert_eq!(
        verify_token(&token, ctx(&n, now(), weak_secret), &auth_policy())
            .unwrap_err()
            .code(),
        "INVALID_OPTIONS"
    );
    let contradictory = TokenPolicy {
        accepted_kinds: vec![],
        ..auth_policy()
    };
    assert_eq!(
        verify_token(&token, ctx(&n, now(), NonceCheck::Caller), &contradictory)
            .unwrap_err()
            .code(),
        "INVALID_OPTIONS"
    );
}

#[test]
fn development_origins_need_the_policy_switch() {
    let p = pki();
    let dev = "http://localhost:8080";
    let n = nonce();
    let token = token_with(p.ee_key(Purpose::Auth), &p.auth_cert().unwrap(), dev, &n);
    let at_dev = || TokenContext {
        origin: dev,
        ..ctx(&n, now(), NonceCheck::Caller)
    };
    assert_eq!(
        verify_token(&token, at_dev(), &auth_policy())
            .unwrap_err()
            .code(),
        "ORIGIN_INVALID"
    );
    let allow = TokenPolicy {
        allow_dev_origins: true,
        ..auth_policy()
    };
    assert!(verify_token(&token, at_dev(), &allow).unwrap().is_ok());
}

#[test]
fn prefixes_of_a_token_fail_without_panicking() {
    let token = auth_token();
    for cut in (0..token.len()).step_by(7) {
        let outcome = verify(&token[..cut], &auth_policy());
        assert!(!outcome.is_ok(), "{cut}");
        assert!(serde_json::to_string(&outcome)
            .unwrap()
            .starts_with(r#"{"ok":false"#));
    }
}

// ---------------------------------------------------------------- independent producer

/// Origin and nonce of scripts/make-token-fixtures.sh.
const FIXTURE_NONCE: &str = "T3BlblNTTCBtYWRlIHRoaXMgbm9uY2UgZm9yIHRlc3Q=";
const OPENSSL_RS256: &str = include_str!("data/token/openssl_rs256.json");
const OPENSSL_PS256: &str = include_str!("data/token/openssl_ps256.json");

#[test]
fn openssl_made_tokens_verify() {
    for token in [OPENSSL_RS256, OPENSSL_PS256] {
        let ok = verify_token(
            token.trim_end(),
            ctx(FIXTURE_NONCE, now(), NonceCheck::Caller),
            &auth_policy(),
        )
        .unwrap();
        let v = ok.verified().expect("OpenSSL token verifies");
        assert_eq!(v.certificate.serial_number, "01234567");
        let other = other_nonce();
        let wrong = verify_token(
            token,
            ctx(&other, now(), NonceCheck::Caller),
            &auth_policy(),
        )
        .unwrap();
        assert_eq!(code(wrong), "SIGNATURE_INVALID");
    }
}

#[test]
fn crate_producer_matches_openssl_byte_for_byte() {
    // PKCS#1 v1.5 is deterministic: our producer over the same certificate, origin and nonce
    // must give OpenSSL's signature exactly.
    let ours: Value = serde_json::from_str(&token_with(
        pki().ee_key(Purpose::Auth),
        &pki().auth_cert().unwrap(),
        ORIGIN,
        FIXTURE_NONCE,
    ))
    .unwrap();
    let theirs: Value = serde_json::from_str(OPENSSL_RS256).unwrap();
    assert_eq!(ours["signature"], theirs["signature"]);
    assert_eq!(
        ours["unverifiedCertificate"],
        theirs["unverifiedCertificate"]
    );
    assert_eq!(ours["format"], "web-eid:1.0");
    assert_eq!(signed_data(Hash::Sha256, ORIGIN, FIXTURE_NONCE).len(), 64);
}
