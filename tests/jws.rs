//! JWS compact verification on fixtures made by the `jose` npm package
//! (scripts/make-jws-fixtures.mjs, tests/data/jws): x5c chains of the TEST signature
//! certificate (JPKI and generic path validation), key sets by `kid` (ES256, ES384, RS256), and
//! the refusals.

use myna_verify::assertion::jws::{verify_jws, JwsKey, JwsOptions};
use myna_verify::assertion::signer::{SignerCertificate, SignerTrust};
use myna_verify::jpki::{TrustSelection, VerifyOptions};
use myna_verify::pki::{TrustAnchor, UnixTime, ValidationOptions};
use myna_verify::wire::{base64, pem};
use myna_verify::Error;

const RS256_X5C: &str = include_str!("data/jws/rs256-x5c.jws");
const PS256_X5C: &str = include_str!("data/jws/ps256-x5c.jws");
const ES256_KID: &str = include_str!("data/jws/es256-kid.jws");
const ES384_KID: &str = include_str!("data/jws/es384-kid.jws");
const RS256_KID: &str = include_str!("data/jws/rs256-kid.jws");
const ES256_TEXT: &str = include_str!("data/jws/es256-text.jws");
const ES256_CRIT: &str = include_str!("data/jws/es256-crit.jws");
const ES256_B64FALSE: &str = include_str!("data/jws/es256-b64false.jws");
const KEYSET: &str = include_str!("data/jws/keyset.json");
const WRONG_KEY: &str = include_str!("data/jws/wrong-key.jwk.json");
const SIGN_ROOT: &str = include_str!("data/jpki/testpki/test_sign_root.pem");

/// iat = nbf of every fixture: 2026-12-01T00:00:00Z; exp is one hour later.
const IAT: i64 = 1_796_083_200;

/// Ten minutes after the fixtures' iat.
fn now() -> UnixTime {
    UnixTime(IAT + 600)
}

fn keyset_opts(time: UnixTime) -> JwsOptions {
    JwsOptions {
        keys: JwsKey::from_jwks(KEYSET).unwrap(),
        ..JwsOptions::at(time)
    }
}

fn jpki_opts(time: UnixTime, trust: TrustSelection) -> JwsOptions {
    JwsOptions {
        x5c_trust: Some(SignerTrust::Jpki(VerifyOptions {
            trust,
            ..VerifyOptions::at(time)
        })),
        ..JwsOptions::at(time)
    }
}

/// Replace part `index` (0 header, 1 payload, 2 signature) of a compact JWS.
fn with_part(jws: &str, index: usize, part: &str) -> String {
    let mut parts: Vec<&str> = jws.trim().split('.').collect();
    parts[index] = part;
    parts.join(".")
}

fn part(jws: &str, index: usize) -> Vec<u8> {
    base64::decode_url(jws.trim().split('.').nth(index).unwrap()).unwrap()
}

// ---------------------------------------------------------------- accepted

#[test]
fn x5c_with_the_jpki_verifier_yields_identity() {
    let v = verify_jws(RS256_X5C.trim(), &jpki_opts(now(), TrustSelection::Test)).unwrap();
    assert_eq!(v.algorithm, "RS256");
    assert_eq!(v.key_source, "x5c");
    let cert = v.certificate.as_ref().unwrap();
    assert_eq!(cert.identity().unwrap().name, "山田　太郎");
    match cert {
        SignerCertificate::Jpki(j) => assert_eq!(j.kind, "jpki-sign"),
        other => panic!("expected JPKI, got {other:?}"),
    }
    let claims = serde_json::to_value(v.payload_json.as_ref().unwrap()).unwrap();
    assert_eq!(claims["sub"], "jws fixture");
    assert_eq!(claims["iat"], IAT);
    assert_eq!(v.header.get("typ").and_then(|t| t.as_str()), Some("JWT"));
    assert_eq!(v.payload, part(RS256_X5C, 1));
}

#[test]
fn x5c_pss_with_root_and_thumbprint_and_generic_path() {
    let v = verify_jws(PS256_X5C.trim(), &jpki_opts(now(), TrustSelection::Test)).unwrap();
    assert_eq!(v.algorithm, "PS256");
    assert!(v.certificate.unwrap().identity().is_some());
    let generic = JwsOptions {
        x5c_trust: Some(SignerTrust::Path {
            anchors: vec![TrustAnchor {
                der: pem::certificates(SIGN_ROOT).unwrap().remove(0),
                name: "TEST sign root".into(),
            }],
            options: ValidationOptions::at(now()),
        }),
        ..JwsOptions::at(now())
    };
    let v = verify_jws(PS256_X5C.trim(), &generic).unwrap();
    match v.certificate.unwrap() {
        SignerCertificate::Path(p) => {
            assert_eq!(p.chain.len(), 2);
            assert_eq!(p.trust_anchor.name, "TEST sign root");
        }
        other => panic!("expected a path, got {other:?}"),
    }
}

#[test]
fn key_set_by_kid() {
    let opts = keyset_opts(now());
    assert_eq!(opts.keys.len(), 3);
    for (jws, alg, kid) in [
        (ES256_KID, "ES256", "ec-1"),
        (ES384_KID, "ES384", "ec-384"),
        (RS256_KID, "RS256", "rsa-1"),
    ] {
        let v = verify_jws(jws.trim(), &opts).unwrap();
        assert_eq!(v.algorithm, alg);
        assert_eq!(v.kid.as_deref(), Some(kid));
        assert_eq!(v.key_source, "keySet");
        assert!(v.certificate.is_none());
        let claims = v.payload_json.as_ref().and_then(|c| c.get("exp"));
        assert_eq!(claims.and_then(|exp| exp.as_i64()), Some(IAT + 3600));
    }
}

#[test]
fn key_from_spki() {
    let cert = pem::certificates(include_str!("data/jpki/testpki/test_sign_ee.pem"))
        .unwrap()
        .remove(0);
    let spki = myna_verify::pki::cert::parse(&cert)
        .unwrap()
        .public_key()
        .raw
        .to_vec();
    let opts = JwsOptions {
        keys: vec![JwsKey::from_spki("rsa-1", &spki).unwrap()],
        ..JwsOptions::at(now())
    };
    assert!(verify_jws(RS256_KID.trim(), &opts).is_ok());
}

#[test]
fn text_payload_is_returned_as_bytes() {
    let v = verify_jws(ES256_TEXT.trim(), &keyset_opts(now())).unwrap();
    assert_eq!(v.payload_json, None);
    assert_eq!(
        String::from_utf8(v.payload).unwrap(),
        "not JSON: 署名対象のテキスト"
    );
}

#[test]
fn understood_crit_is_honoured() {
    assert_eq!(
        verify_jws(ES256_CRIT.trim(), &keyset_opts(now())).unwrap_err(),
        Error::JwsCritUnsupported
    );
    let mut opts = keyset_opts(now());
    opts.understood_crit = vec!["urn:example:ext".into()];
    assert!(verify_jws(ES256_CRIT.trim(), &opts).is_ok());
}

#[test]
fn time_claims() {
    let at = |offset: i64| verify_jws(ES256_KID.trim(), &keyset_opts(UnixTime(IAT + offset)));
    assert!(at(0).is_ok());
    assert!(at(-60).is_ok(), "nbf within the skew");
    assert_eq!(at(-61).unwrap_err(), Error::JwsNotYetValid);
    assert!(at(3600 + 59).is_ok(), "exp within the skew");
    assert_eq!(at(3600 + 60).unwrap_err(), Error::JwsExpired);
    let mut opts = keyset_opts(UnixTime(IAT + 7200));
    opts.check_time_claims = false;
    assert!(verify_jws(ES256_KID.trim(), &opts).is_ok());
    let mut opts = keyset_opts(now());
    opts.require_exp = true;
    assert!(verify_jws(ES256_KID.trim(), &opts).is_ok());
    assert_eq!(
        verify_jws(ES256_TEXT.trim(), &opts).unwrap_err(),
        Error::JwsInvalid("exp claim required")
    );
}

// ---------------------------------------------------------------- refused

#[test]
fn alg_none_and_algorithms_not_allowed() {
    let payload = base64::encode_url(&part(ES256_KID, 1));
    for alg in ["none", "HS256", "ES512", "EdDSA", "es256"] {
        let header = base64::encode_url(format!(r#"{{"alg":"{alg}","kid":"ec-1"}}"#).as_bytes());
        let mut opts = keyset_opts(now());
        opts.allowed_algorithms.push(alg.into());
        assert_eq!(
            verify_jws(&format!("{header}.{payload}."), &opts).unwrap_err(),
            Error::UnsupportedAlgorithm,
            "{alg}"
        );
    }
    let mut opts = keyset_opts(now());
    opts.allowed_algorithms = vec!["ES256".into()];
    assert!(verify_jws(ES256_KID.trim(), &opts).is_ok());
    assert_eq!(
        verify_jws(RS256_KID.trim(), &opts).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn unsupported_critical_parameters() {
    assert_eq!(
        verify_jws(ES256_B64FALSE.trim(), &keyset_opts(now())).unwrap_err(),
        Error::JwsCritUnsupported
    );
    // A listed name absent from the header, and a registered name, are refused even when
    // "understood".
    let payload = base64::encode_url(&part(ES256_KID, 1));
    let sig = base64::encode_url(&part(ES256_KID, 2));
    let mut opts = keyset_opts(now());
    opts.understood_crit = vec!["ext".into(), "kid".into()];
    for header in [
        r#"{"alg":"ES256","kid":"ec-1","crit":["ext"]}"#,
        r#"{"alg":"ES256","kid":"ec-1","crit":["kid"]}"#,
    ] {
        let jws = format!("{}.{payload}.{sig}", base64::encode_url(header.as_bytes()));
        assert_eq!(
            verify_jws(&jws, &opts).unwrap_err(),
            Error::JwsCritUnsupported,
            "{header}"
        );
    }
}

#[test]
fn tampered_payload_or_signature() {
    let other = base64::encode_url(br#"{"sub":"someone else"}"#);
    assert_eq!(
        verify_jws(&with_part(ES256_KID, 1, &other), &keyset_opts(now())).unwrap_err(),
        Error::SignatureInvalid
    );
    let mut sig = part(RS256_KID, 2);
    sig[10] ^= 1;
    assert_eq!(
        verify_jws(
            &with_part(RS256_KID, 2, &base64::encode_url(&sig)),
            &keyset_opts(now())
        )
        .unwrap_err(),
        Error::SignatureInvalid
    );
    let mut sig = part(ES256_KID, 2);
    sig[40] ^= 1;
    assert_eq!(
        verify_jws(
            &with_part(ES256_KID, 2, &base64::encode_url(&sig)),
            &keyset_opts(now())
        )
        .unwrap_err(),
        Error::SignatureInvalid
    );
    // Every single-byte change of the compact text is refused.
    let text = ES256_KID.trim();
    let opts = keyset_opts(now());
    for i in 0..text.len() {
        let mut bytes = text.as_bytes().to_vec();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).unwrap();
        assert!(verify_jws(&changed, &opts).is_err(), "byte {i}");
    }
}

#[test]
fn wrong_key() {
    let opts = JwsOptions {
        keys: vec![JwsKey::from_jwk(WRONG_KEY).unwrap()],
        ..JwsOptions::at(now())
    };
    assert_eq!(
        verify_jws(ES256_KID.trim(), &opts).unwrap_err(),
        Error::SignatureInvalid
    );
    // An RSA key under the EC kid: the algorithm does not fit the key.
    let mut opts = keyset_opts(now());
    for key in &mut opts.keys {
        key.alg = None;
        if key.kid == "rsa-1" {
            key.kid = "ec-1".into();
        } else if key.kid == "ec-1" {
            key.kid = "unused".into();
        }
    }
    assert_eq!(
        verify_jws(ES256_KID.trim(), &opts).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
    // A key pinned to another alg.
    let mut opts = keyset_opts(now());
    opts.keys[0].alg = Some("ES384".into());
    assert_eq!(
        verify_jws(ES256_KID.trim(), &opts).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn no_key() {
    assert_eq!(
        verify_jws(ES256_KID.trim(), &JwsOptions::at(now())).unwrap_err(),
        Error::KeyNotFound
    );
    let mut opts = keyset_opts(now());
    opts.keys.retain(|k| k.kid != "ec-1");
    assert_eq!(
        verify_jws(ES256_KID.trim(), &opts).unwrap_err(),
        Error::KeyNotFound
    );
    // x5c present but no x5c trust configured, and no kid.
    assert_eq!(
        verify_jws(RS256_X5C.trim(), &keyset_opts(now())).unwrap_err(),
        Error::KeyNotFound
    );
}

#[test]
fn x5c_untrusted_or_expired() {
    assert_eq!(
        verify_jws(RS256_X5C.trim(), &jpki_opts(now(), TrustSelection::Jlis)).unwrap_err(),
        Error::CertNotTrusted
    );
    let late = UnixTime(1_893_456_000); // 2030-01-01
    let mut opts = jpki_opts(late, TrustSelection::Test);
    opts.check_time_claims = false;
    assert_eq!(
        verify_jws(RS256_X5C.trim(), &opts).unwrap_err(),
        Error::CertExpired
    );
    // x5t#S256 that does not match the leaf.
    let mut header: serde_json::Value = serde_json::from_slice(&part(PS256_X5C, 0)).unwrap();
    header["x5t#S256"] = base64::encode_url(&[0; 32]).into();
    let jws = with_part(
        PS256_X5C,
        0,
        &base64::encode_url(header.to_string().as_bytes()),
    );
    assert_eq!(
        verify_jws(&jws, &jpki_opts(now(), TrustSelection::Test)).unwrap_err(),
        Error::JwsInvalid("x5t#S256 does not match the x5c leaf")
    );
}

#[test]
fn malformed_base64_and_json() {
    let opts = keyset_opts(now());
    let text = ES256_KID.trim();
    for bad in [
        format!("{text}="),
        format!("{text}.x"),
        text.replacen('.', "..", 1),
        with_part(text, 1, "e30+"),
        with_part(text, 0, &base64::encode_url(b"{")),
        with_part(text, 0, &base64::encode_url(b"\"alg\"")),
        with_part(
            text,
            0,
            &base64::encode_url(br#"{"alg":"ES256","kid":"ec-1","kid":"ec-1"}"#),
        ),
        String::new(),
        "..".into(),
        " ".into(),
    ] {
        assert!(
            matches!(verify_jws(&bad, &opts), Err(Error::JwsInvalid(_))),
            "{bad:?}: {:?}",
            verify_jws(&bad, &opts)
        );
    }
    assert!(matches!(
        verify_jws(&"a".repeat(64 * 1024 + 1), &opts),
        Err(Error::InputTooLarge { .. })
    ));
}

#[test]
fn time_mismatch_between_options_is_refused() {
    let mut opts = jpki_opts(now(), TrustSelection::Test);
    opts.time = UnixTime(IAT);
    assert!(matches!(
        verify_jws(RS256_X5C.trim(), &opts),
        Err(Error::InvalidOptions(_))
    ));
}

#[test]
fn jwk_keys_are_validated() {
    let bad_point = r#"{"kty":"EC","crv":"P-256","kid":"k","x":"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE","y":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI"}"#;
    assert_eq!(JwsKey::from_jwk(bad_point).unwrap_err(), Error::KeyInvalid);
    let no_kid = r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#;
    assert!(JwsKey::from_jwk(no_kid).is_err());
    assert!(JwsKey::from_jwks(r#"{"keys":"x"}"#).is_err());
    assert!(JwsKey::from_jwks("[]").is_err());
}
