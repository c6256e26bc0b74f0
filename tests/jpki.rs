//! JPKI profile: trust store, inspection, classification, identity attributes and verification,
//! on OpenSSL-made fixtures (tests/data/jpki/openssl, scripts/make-jpki-openssl.sh), the
//! checked-in output of the TEST generator (tests/data/jpki/testpki) and, with the `testpki`
//! feature, certificates generated on the fly for the negative cases.

use myna_verify::jpki::{
    self, inspect_certificate, verify_certificate, CustomAnchor, Era, Gender, Purpose,
    TrustSelection, VerifyOptions,
};
use myna_verify::pki::UnixTime;
use myna_verify::wire::pem;
use myna_verify::Error;

fn der(text: &str) -> Vec<u8> {
    pem::certificates(text).unwrap().into_iter().next().unwrap()
}

fn at(time: &str) -> UnixTime {
    UnixTime::parse_rfc3339(time).unwrap()
}

/// 2026-06-01: inside every TEST end-entity's default validity, after the 2015 J-LIS roots.
fn now() -> UnixTime {
    at("2026-06-01T00:00:00Z")
}

const OSSL_ROOT: &str = include_str!("data/jpki/openssl/root.pem");
const OSSL_SIGN: &str = include_str!("data/jpki/openssl/sign.pem");
const OSSL_AUTH: &str = include_str!("data/jpki/openssl/auth.pem");
const OSSL_SIGN_EXPIRED: &str = include_str!("data/jpki/openssl/sign_expired.pem");
const GEN_AUTH_ROOT: &str = include_str!("data/jpki/testpki/test_auth_root.pem");
const GEN_SIGN_ROOT: &str = include_str!("data/jpki/testpki/test_sign_root.pem");
const GEN_AUTH: &str = include_str!("data/jpki/testpki/test_auth_ee.pem");
const GEN_SIGN: &str = include_str!("data/jpki/testpki/test_sign_ee.pem");

fn test_trust() -> VerifyOptions {
    VerifyOptions {
        trust: TrustSelection::Test,
        ..VerifyOptions::at(now())
    }
}

/// The OpenSSL TEST root as a caller-supplied anchor of `purpose`.
fn openssl_trust(purpose: Purpose) -> VerifyOptions {
    let anchor = CustomAnchor {
        der: der(OSSL_ROOT),
        purpose,
        name: "OpenSSL TEST root".into(),
    };
    VerifyOptions {
        trust: TrustSelection::Custom(vec![anchor]),
        ..VerifyOptions::at(now())
    }
}

// ---------------------------------------------------------------- J-LIS roots

#[test]
fn jlis_roots_load_with_purposes_generations_and_validity() {
    let roots = jpki::jlis_roots().unwrap();
    assert_eq!(roots.len(), 4);
    let summary: Vec<(Purpose, u16, String, String)> = roots
        .iter()
        .map(|r| {
            (
                r.purpose,
                r.generation,
                r.not_before.to_rfc3339(),
                r.not_after.to_rfc3339(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                Purpose::Auth,
                2015,
                "2015-10-20T03:08:13Z".into(),
                "2025-10-19T14:59:59Z".into()
            ),
            (
                Purpose::Sign,
                2015,
                "2015-10-20T02:40:28Z".into(),
                "2025-10-19T14:59:59Z".into()
            ),
            (
                Purpose::Auth,
                2023,
                "2023-07-16T01:01:04Z".into(),
                "2033-07-15T14:59:59Z".into()
            ),
            (
                Purpose::Sign,
                2023,
                "2023-07-16T00:50:27Z".into(),
                "2033-07-15T14:59:59Z".into()
            ),
        ]
    );
    let sha: Vec<&str> = roots.iter().map(|r| r.sha256.as_str()).collect();
    assert_eq!(
        sha[0],
        "4dcfc4ca0aaf9fb2a3081b3f0c991c320b3acc008667a341eeaec5af1d58ca7d"
    );
    assert_eq!(
        sha[3],
        "d227f6cde11d35c5252178f106f843d24651944975413b539fa2fb68dbfa365f"
    );
    assert!(roots.iter().all(|r| !r.test && r.name.contains("J-LIS")));
}

#[test]
fn inspect_each_jlis_root() {
    for root in jpki::jlis_roots().unwrap() {
        let info = inspect_certificate(&root.der).unwrap();
        let ou = match root.purpose {
            Purpose::Auth => "JPKI for user authentication",
            Purpose::Sign => "JPKI for digital signature",
        };
        assert_eq!(
            info.certificate.subject,
            format!("OU=Japan Agency for Local Authority Information Systems,OU={ou},O=JPKI,C=JP")
        );
        assert_eq!(info.certificate.issuer, info.certificate.subject);
        assert!(info.is_ca);
        assert_eq!(info.kind, None, "a root is not an end-entity kind");
        assert_eq!(
            (info.key_type.as_str(), info.key_size, info.curve.as_deref()),
            ("RSA", Some(2048), None)
        );
        assert_eq!(info.key_usage, ["keyCertSign", "cRLSign"]);
        assert_eq!(info.certificate.sha256, root.sha256);
        assert_eq!(info.certificate.not_after, root.not_after.to_rfc3339());
        assert!(info.identity.is_none() && info.identity_error.is_none());
    }
    let info = inspect_certificate(&jpki::jlis_roots().unwrap()[2].der).unwrap();
    assert_eq!(info.certificate.serial_number, "06D18006");
    let json = serde_json::to_value(&info).unwrap();
    for key in [
        "serialNumber",
        "notBefore",
        "notAfter",
        "keyType",
        "keySize",
        "keyUsage",
        "isCa",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["kind"], serde_json::Value::Null);
}

#[test]
fn test_roots_are_separate_and_say_test() {
    let roots = jpki::test_roots().unwrap();
    assert_eq!(roots.len(), 2);
    assert_eq!(roots[0].der, der(GEN_AUTH_ROOT));
    assert_eq!(roots[1].der, der(GEN_SIGN_ROOT));
    for r in roots {
        assert!(r.test);
        let info = inspect_certificate(&r.der).unwrap();
        assert!(
            info.certificate.subject.contains("O=JPKI TEST"),
            "{}",
            info.certificate.subject
        );
        assert!(!jpki::jlis_roots().unwrap().iter().any(|j| j.der == r.der));
    }
}

// ---------------------------------------------------------------- OpenSSL-made fixtures

#[test]
fn attributes_of_the_openssl_signature_certificate() {
    let info = inspect_certificate(&der(OSSL_SIGN)).unwrap();
    assert_eq!(info.kind, Some("jpki-sign"));
    assert_eq!(info.policies, ["1.2.392.200149.8.5.1.1.20"]);
    assert_eq!(info.key_usage, ["digitalSignature", "nonRepudiation"]);
    assert_eq!(info.certificate.subject, "CN=OPENSSL-TEST-SIGN,L=TEST,C=JP");
    assert_eq!(info.certificate.serial_number, "5E57000002");
    let id = info.identity.expect("identity");
    assert_eq!(id.name, "髙橋　花子");
    assert_eq!(id.name_substitutes, [0]);
    assert_eq!(id.gender, Gender::Female);
    assert_eq!(id.date_of_birth.era, Era::Heisei);
    assert_eq!(id.date_of_birth.era_ja, "平成");
    assert_eq!(id.date_of_birth.iso.as_deref(), Some("1990-01-15"));
    assert_eq!(id.date_of_birth.raw, "419900115");
    assert_eq!(id.address, "大阪府大阪市北区中之島１丁目３番２０号");
    assert_eq!(id.address_substitutes, [5]);
    assert_eq!(id.address.chars().nth(5), Some('市'));

    let json = serde_json::to_value(inspect_certificate(&der(OSSL_SIGN)).unwrap()).unwrap();
    assert_eq!(json["identity"]["gender"], "female");
    assert_eq!(json["identity"]["dateOfBirth"]["era"], "heisei");
    assert_eq!(json["identity"]["dateOfBirth"]["eraJa"], "平成");
    assert_eq!(json["identity"]["nameSubstitutes"], serde_json::json!([0]));
}

#[test]
fn openssl_auth_certificate_is_auth_without_identity() {
    let info = inspect_certificate(&der(OSSL_AUTH)).unwrap();
    assert_eq!(info.kind, Some("jpki-auth"));
    assert_eq!(info.key_usage, ["digitalSignature"]);
    assert!(info.identity.is_none() && info.identity_error.is_none());
    assert!(!info.is_ca);
}

#[test]
fn openssl_root_is_not_an_end_entity_kind() {
    let info = inspect_certificate(&der(OSSL_ROOT)).unwrap();
    assert_eq!(info.kind, None);
    assert!(info.is_ca);
    assert_eq!(
        info.certificate.subject,
        "OU=TEST hierarchy - not issued by J-LIS,OU=JPKI for digital signature OPENSSL TEST,O=JPKI OPENSSL TEST,C=JP"
    );
}

#[test]
fn openssl_sign_verifies_against_a_caller_supplied_sign_anchor() {
    let v = verify_certificate(&der(OSSL_SIGN), &[], &openssl_trust(Purpose::Sign)).unwrap();
    assert_eq!(v.kind, "jpki-sign");
    assert_eq!(v.trust_anchor.name, "OpenSSL TEST root");
    assert_eq!(v.chain.len(), 2);
    assert_eq!(v.chain[0].subject, "CN=OPENSSL-TEST-SIGN,L=TEST,C=JP");
    assert_eq!(v.certificate.not_after, "2028-12-31T14:59:59Z");
    assert_eq!(v.identity.unwrap().name, "髙橋　花子");
}

#[test]
fn openssl_certs_and_anchor_purposes() {
    // The same root declared for auth only: the sign certificate chains to the "other" purpose.
    let e = verify_certificate(&der(OSSL_SIGN), &[], &openssl_trust(Purpose::Auth)).unwrap_err();
    assert_eq!(e, Error::CertWrongPurpose);
    let v = verify_certificate(&der(OSSL_AUTH), &[], &openssl_trust(Purpose::Auth)).unwrap();
    assert_eq!((v.kind.as_str(), v.identity), ("jpki-auth", None));
    let e = verify_certificate(&der(OSSL_AUTH), &[], &openssl_trust(Purpose::Sign)).unwrap_err();
    assert_eq!(e, Error::CertWrongPurpose);
}

#[test]
fn openssl_expired_sign_certificate() {
    let e = verify_certificate(&der(OSSL_SIGN_EXPIRED), &[], &openssl_trust(Purpose::Sign))
        .unwrap_err();
    assert_eq!(e.code(), "CERT_EXPIRED");
    // In 2018 the certificate itself was valid, but its root (from 2020) was not yet: roots
    // are used within their own validity.
    let mut opts = openssl_trust(Purpose::Sign);
    opts.time = at("2018-06-01T00:00:00Z");
    let e = verify_certificate(&der(OSSL_SIGN_EXPIRED), &[], &opts).unwrap_err();
    assert_eq!(e.code(), "CERT_NOT_YET_VALID");
}

#[test]
fn openssl_certs_are_not_trusted_by_default() {
    for c in [OSSL_SIGN, OSSL_AUTH] {
        let e = verify_certificate(&der(c), &[], &VerifyOptions::at(now())).unwrap_err();
        assert_eq!(e.code(), "CERT_NOT_TRUSTED");
    }
}

// ---------------------------------------------------------------- checked-in TEST generator output

#[test]
fn generated_auth_and_sign_verify_only_with_test_trust() {
    let auth = verify_certificate(&der(GEN_AUTH), &[], &test_trust()).unwrap();
    assert_eq!(auth.kind, "jpki-auth");
    assert!(auth.identity.is_none());
    assert_eq!(
        auth.trust_anchor.sha256,
        jpki::test_roots().unwrap()[0].sha256
    );
    assert_eq!(auth.policies, ["1.2.392.200149.8.5.1.3.30"]);

    let sign = verify_certificate(&der(GEN_SIGN), &[], &test_trust()).unwrap();
    assert_eq!(sign.kind, "jpki-sign");
    assert_eq!(
        sign.trust_anchor.sha256,
        jpki::test_roots().unwrap()[1].sha256
    );
    let id = sign.identity.clone().unwrap();
    assert_eq!(id.name, "山田　太郎");
    assert_eq!(id.name_substitutes, [1]);
    assert_eq!(id.gender, Gender::Male);
    assert_eq!(
        (id.date_of_birth.era, id.date_of_birth.iso.as_deref()),
        (Era::Showa, Some("1985-04-01"))
    );
    assert_eq!(id.address, "東京都千代田区霞が関２丁目１番２号");
    assert_eq!(id.address_substitutes, [7]);

    let json = serde_json::to_value(&sign).unwrap();
    assert_eq!(json["kind"], "jpki-sign");
    assert_eq!(json["certificate"]["serialNumber"], "09876543");
    assert_eq!(
        json["trustAnchor"]["name"],
        "TEST JPKI sign root (not J-LIS)"
    );
    assert_eq!(json["identity"]["dateOfBirth"]["iso"], "1985-04-01");
    assert_eq!(json["chain"].as_array().unwrap().len(), 2);

    for c in [GEN_AUTH, GEN_SIGN] {
        let e = verify_certificate(&der(c), &[], &VerifyOptions::at(now())).unwrap_err();
        assert_eq!(
            e,
            Error::CertNotTrusted,
            "TEST certificates are never trusted by default"
        );
    }
}

#[test]
fn accepted_kinds_are_enforced() {
    let only_auth = VerifyOptions {
        accepted_kinds: vec![Purpose::Auth],
        ..test_trust()
    };
    assert_eq!(
        verify_certificate(&der(GEN_SIGN), &[], &only_auth).unwrap_err(),
        Error::CertWrongPurpose
    );
    assert!(verify_certificate(&der(GEN_AUTH), &[], &only_auth).is_ok());
    let only_sign = VerifyOptions {
        accepted_kinds: vec![Purpose::Sign],
        ..test_trust()
    };
    assert_eq!(
        verify_certificate(&der(GEN_AUTH), &[], &only_sign).unwrap_err(),
        Error::CertWrongPurpose
    );
}

#[test]
fn roots_are_not_end_entities_and_garbage_is_typed() {
    let e = verify_certificate(&der(GEN_SIGN_ROOT), &[], &test_trust()).unwrap_err();
    assert_eq!(e, Error::CertWrongPurpose);
    assert_eq!(
        verify_certificate(b"\x30\x00", &[], &test_trust())
            .unwrap_err()
            .code(),
        "DER_MALFORMED"
    );
}

#[test]
fn policy_set_is_configurable() {
    let mut opts = test_trust();
    opts.policies.auth = vec!["1.2.392.200149.8.5.1.3.31".into()];
    assert_eq!(
        verify_certificate(&der(GEN_AUTH), &[], &opts).unwrap_err(),
        Error::CertPolicyNotAllowed
    );
    opts.policies.auth = vec!["1.2.392.200149.8.5.1.3.30".into()];
    assert!(verify_certificate(&der(GEN_AUTH), &[], &opts).is_ok());
}

// ---------------------------------------------------------------- generated on the fly

#[cfg(feature = "testpki")]
mod generated {
    use super::*;
    use myna_verify::jpki::attributes;
    use myna_verify::pki::options::key_usage;
    use myna_verify::pki::{cert, verify_signature, Hash, SignatureAlgorithm};
    use myna_verify::testpki::builder::{self, Template};
    use myna_verify::testpki::{
        sha256_digest_info, EeSpec, Issuer, TestIdentity, TestKey, TestPki,
    };

    fn pki() -> &'static TestPki {
        TestPki::shared().unwrap()
    }

    fn verify(spec: &EeSpec) -> Result<jpki::JpkiVerified, Error> {
        verify_certificate(&pki().issue(spec).unwrap(), &[], &test_trust())
    }

    #[test]
    fn generator_is_reproducible_and_matches_the_checked_in_files() {
        assert_eq!(pki().root(Purpose::Auth), der(GEN_AUTH_ROOT));
        assert_eq!(pki().root(Purpose::Sign), der(GEN_SIGN_ROOT));
        assert_eq!(pki().auth_cert().unwrap(), der(GEN_AUTH));
        assert_eq!(pki().sign_cert().unwrap(), der(GEN_SIGN));
        assert_eq!(
            jpki::test_roots().unwrap()[0].der,
            pki().root(Purpose::Auth)
        );
    }

    #[test]
    fn classification_auth_sign_other() {
        let kind = |spec: &EeSpec| {
            inspect_certificate(&pki().issue(spec).unwrap())
                .unwrap()
                .kind
        };
        assert_eq!(kind(&EeSpec::auth()), Some("jpki-auth"));
        assert_eq!(kind(&EeSpec::sign()), Some("jpki-sign"));
        assert_eq!(
            kind(&EeSpec {
                key_usage: None,
                ..EeSpec::auth()
            }),
            None
        );
        assert_eq!(
            kind(&EeSpec {
                key_usage_critical: false,
                ..EeSpec::auth()
            }),
            None
        );
        assert_eq!(
            kind(&EeSpec {
                policies: vec!["1.2.3.4".into()],
                ..EeSpec::auth()
            }),
            None
        );
        let test_env = EeSpec {
            policies: vec!["1.2.392.200149.8.5.1.0.20".into()],
            ..EeSpec::sign()
        };
        assert_eq!(kind(&test_env), Some("jpki-sign"));
    }

    #[test]
    fn expired_and_not_yet_valid() {
        let expired = EeSpec {
            not_before: at("2019-01-01T00:00:00Z"),
            not_after: at("2023-12-31T14:59:59Z"),
            ..EeSpec::sign()
        };
        assert_eq!(verify(&expired).unwrap_err().code(), "CERT_EXPIRED");
        let future = EeSpec {
            not_before: at("2027-01-01T00:00:00Z"),
            ..EeSpec::auth()
        };
        assert_eq!(verify(&future).unwrap_err().code(), "CERT_NOT_YET_VALID");
    }

    #[test]
    fn auth_cert_issued_by_the_sign_root_is_wrong_purpose() {
        let crossed = EeSpec {
            issuer: Issuer::Root(Purpose::Sign),
            ..EeSpec::auth()
        };
        assert_eq!(verify(&crossed).unwrap_err(), Error::CertWrongPurpose);
        let crossed = EeSpec {
            issuer: Issuer::Root(Purpose::Auth),
            ..EeSpec::sign()
        };
        assert_eq!(verify(&crossed).unwrap_err(), Error::CertWrongPurpose);
        // Without the other root in the selection it is simply not trusted.
        let only_auth_root = CustomAnchor {
            der: pki().root(Purpose::Auth).to_vec(),
            purpose: Purpose::Auth,
            name: "auth only".into(),
        };
        let opts = VerifyOptions {
            trust: TrustSelection::Custom(vec![only_auth_root]),
            ..VerifyOptions::at(now())
        };
        let crossed = pki()
            .issue(&EeSpec {
                issuer: Issuer::Root(Purpose::Sign),
                ..EeSpec::auth()
            })
            .unwrap();
        assert_eq!(
            verify_certificate(&crossed, &[], &opts).unwrap_err(),
            Error::CertNotTrusted
        );
        assert!(verify_certificate(&pki().auth_cert().unwrap(), &[], &opts).is_ok());
    }

    #[test]
    fn key_usage_shapes_other_than_jpki_are_wrong_purpose() {
        let cases = [
            EeSpec {
                key_usage: None,
                ..EeSpec::auth()
            },
            EeSpec {
                key_usage_critical: false,
                ..EeSpec::auth()
            },
            EeSpec {
                key_usage: Some(key_usage::DIGITAL_SIGNATURE | key_usage::KEY_ENCIPHERMENT),
                ..EeSpec::auth()
            },
            EeSpec {
                key_usage: Some(key_usage::NON_REPUDIATION),
                ..EeSpec::sign()
            },
            EeSpec {
                key_usage: Some(key_usage::KEY_CERT_SIGN),
                ..EeSpec::auth()
            },
        ];
        for spec in cases {
            assert_eq!(
                verify(&spec).unwrap_err(),
                Error::CertWrongPurpose,
                "{:?}",
                spec.key_usage
            );
        }
    }

    #[test]
    fn wrong_policy_is_not_allowed() {
        for spec in [
            EeSpec {
                policies: vec!["1.2.3.4".into()],
                ..EeSpec::auth()
            },
            EeSpec {
                policies: vec![],
                ..EeSpec::auth()
            },
            EeSpec {
                policies: vec!["1.2.392.200149.8.5.1.3.30".into()],
                ..EeSpec::sign()
            },
            EeSpec {
                policies: vec!["1.2.392.200149.8.5.1.1.20".into()],
                ..EeSpec::auth()
            },
        ] {
            assert_eq!(
                verify(&spec).unwrap_err().code(),
                "CERT_POLICY_NOT_ALLOWED",
                "{:?}",
                spec.policies
            );
        }
    }

    #[test]
    fn test_environment_sign_policy_only_with_test_trust() {
        let spec = EeSpec {
            policies: vec!["1.2.392.200149.8.5.1.0.20".into()],
            ..EeSpec::sign()
        };
        assert!(verify(&spec).is_ok());
        let anchor = CustomAnchor {
            der: pki().root(Purpose::Sign).to_vec(),
            purpose: Purpose::Sign,
            name: "TEST sign root as a custom anchor".into(),
        };
        let opts = VerifyOptions {
            trust: TrustSelection::Custom(vec![anchor]),
            ..VerifyOptions::at(now())
        };
        let e = verify_certificate(&pki().issue(&spec).unwrap(), &[], &opts).unwrap_err();
        assert_eq!(e, Error::CertPolicyNotAllowed);
        assert!(verify_certificate(&pki().sign_cert().unwrap(), &[], &opts).is_ok());
    }

    #[test]
    fn wrong_issuer_key_fails() {
        let forged = EeSpec {
            issuer: Issuer::WrongKey(Purpose::Sign),
            ..EeSpec::sign()
        };
        let e = verify(&forged).unwrap_err();
        assert!(
            matches!(e, Error::SignatureInvalid | Error::CertNotTrusted),
            "{e:?}"
        );
    }

    #[test]
    fn serial_is_written_as_given() {
        let spec = EeSpec {
            serial: vec![0x00, 0x80, 0x01],
            ..EeSpec::auth()
        };
        let info = inspect_certificate(&pki().issue(&spec).unwrap()).unwrap();
        assert_eq!(info.certificate.serial_number, "008001");
        assert_eq!(verify(&spec).unwrap().certificate.serial_number, "008001");
    }

    fn with_identity(identity: TestIdentity) -> EeSpec {
        EeSpec {
            identity: Some(identity),
            ..EeSpec::sign()
        }
    }

    #[test]
    fn missing_attributes_are_typed() {
        type Clear = fn(&mut TestIdentity);
        let cases: [(Clear, &str); 6] = [
            (|i| i.name = None, "name"),
            (|i| i.name_substitutes = None, "name substitutes"),
            (|i| i.gender = None, "gender"),
            (|i| i.date_of_birth = None, "date of birth"),
            (|i| i.address = None, "address"),
            (|i| i.address_substitutes = None, "address substitutes"),
        ];
        for (clear, what) in cases {
            let mut identity = TestIdentity::default();
            clear(&mut identity);
            let spec = with_identity(identity);
            assert_eq!(verify(&spec).unwrap_err(), Error::AttributeMissing(what));
            let info = inspect_certificate(&pki().issue(&spec).unwrap()).unwrap();
            assert_eq!(
                (info.identity, info.identity_error),
                (None, Some("ATTRIBUTE_MISSING"))
            );
        }
        // A sign certificate without any subjectAltName: name is the first thing missed.
        let bare = EeSpec {
            identity: None,
            ..EeSpec::sign()
        };
        assert_eq!(verify(&bare).unwrap_err(), Error::AttributeMissing("name"));
    }

    #[test]
    fn malformed_attributes_are_typed() {
        type Spoil = fn(&mut TestIdentity);
        let cases: [(Spoil, &str); 9] = [
            (|i| i.gender = Some("9".into()), "gender"),
            (|i| i.gender = Some("".into()), "gender"),
            (
                |i| i.date_of_birth = Some("319850231".into()),
                "date of birth",
            ),
            (
                |i| i.date_of_birth = Some("419850401".into()),
                "date of birth",
            ),
            (
                |i| i.date_of_birth = Some("S60.4.1".into()),
                "date of birth",
            ),
            (
                |i| i.name_substitutes = Some("000001".into()),
                "name substitutes",
            ),
            (
                |i| i.address_substitutes = Some("x".into()),
                "address substitutes",
            ),
            (|i| i.address = Some("東".repeat(201)), "address"),
            (|i| i.name = Some("".into()), "name"),
        ];
        for (spoil, what) in cases {
            let mut identity = TestIdentity::default();
            spoil(&mut identity);
            let spec = with_identity(identity);
            assert_eq!(verify(&spec).unwrap_err(), Error::AttributeMalformed(what));
        }
        let ok = TestIdentity {
            address: Some("東".repeat(200)),
            ..TestIdentity::default()
        };
        assert!(verify(&with_identity(ok)).is_ok());
    }

    #[test]
    fn octet_string_values_are_accepted() {
        let identity = TestIdentity {
            octet_strings: true,
            ..TestIdentity::default()
        };
        let v = verify(&with_identity(identity)).unwrap();
        assert_eq!(v.identity.unwrap().name, "山田　太郎");
    }

    #[test]
    fn unknown_date_of_birth_stays_unknown() {
        let identity = TestIdentity {
            date_of_birth: Some("000000000".into()),
            ..TestIdentity::default()
        };
        let der = pki().issue(&with_identity(identity)).unwrap();
        let id = attributes::identity(&cert::parse(&der).unwrap()).unwrap();
        assert_eq!(
            (
                id.date_of_birth.era,
                id.date_of_birth.era_ja,
                id.date_of_birth.iso
            ),
            (Era::Unknown, "不明", None)
        );
    }

    #[test]
    fn ee_key_signs_like_the_card() {
        let message = b"challenge from the relying party";
        let signature = pki()
            .ee_key(Purpose::Sign)
            .sign_digest_info(&sha256_digest_info(message))
            .unwrap();
        let cert_der = pki().sign_cert().unwrap();
        let cert = cert::parse(&cert_der).unwrap();
        let spki = cert.public_key().raw;
        verify_signature(
            spki,
            SignatureAlgorithm::RsaPkcs1(Hash::Sha256),
            message,
            &signature,
        )
        .unwrap();
        let wrong = verify_signature(
            spki,
            SignatureAlgorithm::RsaPkcs1(Hash::Sha256),
            b"other",
            &signature,
        );
        assert_eq!(wrong, Err(Error::SignatureInvalid));
    }
    /// A root named like the TEST auth root, with `key` and the given validity.
    fn auth_root_generation(key: &TestKey, from: &str, to: &str) -> Vec<u8> {
        let name = myna_verify::testpki::jpki::root_name(Purpose::Auth);
        let template = Template {
            serial: vec![0x20, from.as_bytes()[3]],
            issuer: name.clone(),
            subject: name,
            not_before: at(from),
            not_after: at(to),
            extensions: vec![
                builder::key_usage(key_usage::KEY_CERT_SIGN | key_usage::CRL_SIGN, true),
                builder::basic_constraints(true),
                builder::subject_key_id(&key.key_id()),
            ],
        };
        builder::build(&template, key.spki_der(), key).unwrap()
    }

    /// An auth end-entity issued under the TEST auth root name by `issuer_key`.
    fn auth_ee_by(issuer_key: &TestKey) -> Vec<u8> {
        let template = Template {
            serial: vec![0x42],
            issuer: myna_verify::testpki::jpki::root_name(Purpose::Auth),
            subject: vec![builder::Attribute::printable(
                builder::oids::COMMON_NAME,
                "GEN",
            )],
            not_before: at("2022-01-01T00:00:00Z"),
            not_after: at("2030-01-01T00:00:00Z"),
            extensions: vec![
                builder::key_usage(key_usage::DIGITAL_SIGNATURE, true),
                builder::certificate_policies(&["1.2.392.200149.8.5.1.3.30".to_string()]),
                builder::authority_key_id(&issuer_key.key_id()),
            ],
        };
        builder::build(
            &template,
            pki().ee_key(Purpose::Auth).spki_der(),
            issuer_key,
        )
        .unwrap()
    }

    #[test]
    fn each_root_generation_is_used_within_its_own_validity() {
        let old_key = pki().root_key(Purpose::Auth);
        let new_key = pki().other_key();
        let anchors = vec![
            CustomAnchor {
                der: auth_root_generation(old_key, "2015-10-20T00:00:00Z", "2025-10-19T14:59:59Z"),
                purpose: Purpose::Auth,
                name: "gen 2015".into(),
            },
            CustomAnchor {
                der: auth_root_generation(new_key, "2023-07-16T00:00:00Z", "2033-07-15T14:59:59Z"),
                purpose: Purpose::Auth,
                name: "gen 2023".into(),
            },
        ];
        let opts = |time: &str| VerifyOptions {
            trust: TrustSelection::Custom(anchors.clone()),
            ..VerifyOptions::at(at(time))
        };
        let by_old = auth_ee_by(old_key);
        let by_new = auth_ee_by(new_key);
        let v = verify_certificate(&by_old, &[], &opts("2024-06-01T00:00:00Z")).unwrap();
        assert_eq!(v.trust_anchor.name, "gen 2015");
        let v = verify_certificate(&by_new, &[], &opts("2024-06-01T00:00:00Z")).unwrap();
        assert_eq!(v.trust_anchor.name, "gen 2023");
        assert!(verify_certificate(&by_old, &[], &opts("2026-06-01T00:00:00Z")).is_err());
        let v = verify_certificate(&by_new, &[], &opts("2026-06-01T00:00:00Z")).unwrap();
        assert_eq!(v.trust_anchor.name, "gen 2023");
        assert!(verify_certificate(&by_new, &[], &opts("2023-01-01T00:00:00Z")).is_err());
    }
}

#[test]
fn every_single_byte_change_of_a_sign_certificate_is_refused_without_panic() {
    let good = der(GEN_SIGN);
    let opts = test_trust();
    let mut accepted: Vec<usize> = Vec::new();
    for i in 0..good.len() {
        let mut bad = good.clone();
        if let Some(b) = bad.get_mut(i) {
            *b ^= 0x01;
        }
        let _ = inspect_certificate(&bad);
        if verify_certificate(&bad, &[], &opts).is_ok() {
            accepted.push(i);
        }
    }
    // Every flipped bit is refused, including the tag of the outer signatureAlgorithm OID,
    // which a lenient parser reads as the same OID (pki::checks compares the DER).
    assert!(
        accepted.is_empty(),
        "changed bytes that still verified: {accepted:?}"
    );
    for len in 0..good.len() {
        assert!(inspect_certificate(&good[..len]).is_err(), "prefix {len}");
    }
}
