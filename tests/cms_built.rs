//! CMS SignedData built here with the TEST PKI (feature `testpki`) for the cases OpenSSL will
//! not produce: a wrong messageDigest or contentType under a valid signature, missing or
//! duplicated attributes, version and algorithm mismatches, caps, several signers.
#![cfg(feature = "testpki")]

use myna_verify::assertion::cms::{verify_cms, CmsOptions};
use myna_verify::assertion::signer::SignerTrust;
use myna_verify::jpki::{Purpose, TrustSelection, VerifyOptions};
use myna_verify::pki::{cert, Hash, UnixTime};
use myna_verify::testpki::der;
use myna_verify::testpki::TestPki;
use myna_verify::Error;

const CONTENT: &[u8] = b"content signed by the TEST signature key";
const DATA: &str = "1.2.840.113549.1.7.1";
const SHA256: &str = "2.16.840.1.101.3.4.2.1";
const SHA384: &str = "2.16.840.1.101.3.4.2.2";
const SHA1: &str = "1.3.14.3.2.26";
const SHA256_RSA: &str = "1.2.840.113549.1.1.11";
const RSA: &str = "1.2.840.113549.1.1.1";

fn now() -> UnixTime {
    UnixTime(1_796_083_200) // 2026-12-01T00:00:00Z
}

fn opts() -> CmsOptions {
    CmsOptions::new(SignerTrust::Jpki(VerifyOptions {
        trust: TrustSelection::Test,
        ..VerifyOptions::at(now())
    }))
}

fn pki() -> &'static TestPki {
    TestPki::shared().unwrap()
}

fn attribute(oid: &str, values: &[Vec<u8>]) -> Vec<u8> {
    der::sequence(&[der::oid(oid), der::set_of(values)])
}

fn content_type(oid: &str) -> Vec<u8> {
    attribute("1.2.840.113549.1.9.3", &[der::oid(oid)])
}

fn message_digest(digest: &[u8]) -> Vec<u8> {
    attribute("1.2.840.113549.1.9.4", &[der::octet_string(digest)])
}

fn signing_time(time: Vec<u8>) -> Vec<u8> {
    attribute("1.2.840.113549.1.9.5", &[time])
}

/// Everything about one built SignedData with one kind of signer.
#[derive(Clone)]
struct Spec {
    sd_version: u64,
    econtent_type: &'static str,
    attached: bool,
    /// Encoded Attribute SEQUENCEs; `None` leaves signedAttrs out.
    attrs: Option<Vec<Vec<u8>>>,
    digest: &'static str,
    listed_digest: &'static str,
    signature_alg: &'static str,
    signer_version: u64,
    key_id: bool,
    certs: Vec<Vec<u8>>,
    signers: usize,
    /// Index of the signer whose signature is damaged.
    corrupt_signer: Option<usize>,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            sd_version: 1,
            econtent_type: DATA,
            attached: true,
            attrs: Some(vec![
                content_type(DATA),
                message_digest(&Hash::Sha256.digest(CONTENT)),
                signing_time(der::utc_time(now())),
            ]),
            digest: SHA256,
            listed_digest: SHA256,
            signature_alg: SHA256_RSA,
            signer_version: 1,
            key_id: false,
            certs: vec![pki().sign_cert().unwrap()],
            signers: 1,
            corrupt_signer: None,
        }
    }
}

fn algorithm(oid: &str) -> Vec<u8> {
    der::sequence(&[der::oid(oid), der::null()])
}

fn signer_info(spec: &Spec, index: usize) -> Vec<u8> {
    let ee = pki().sign_cert().unwrap();
    let parsed = cert::parse(&ee).unwrap();
    let sid = if spec.key_id {
        der::implicit(0, false, &pki().ee_key(Purpose::Sign).key_id())
    } else {
        der::sequence(&[
            parsed.issuer().as_raw().to_vec(),
            der::integer_raw(parsed.raw_serial()),
        ])
    };
    let mut parts = vec![
        der::integer_u64(spec.signer_version),
        sid,
        algorithm(spec.digest),
    ];
    let signed = match &spec.attrs {
        Some(attrs) => {
            let set = der::set_of(attrs);
            let mut implicit = set.clone();
            implicit[0] = 0xa0;
            parts.push(implicit);
            set
        }
        None => CONTENT.to_vec(),
    };
    let mut signature = pki().ee_key(Purpose::Sign).sign_sha256(&signed).unwrap();
    if spec.corrupt_signer == Some(index) {
        signature[5] ^= 1;
    }
    parts.push(algorithm(spec.signature_alg));
    parts.push(der::octet_string(&signature));
    der::sequence(&parts)
}

fn build(spec: &Spec) -> Vec<u8> {
    let mut encap = vec![der::oid(spec.econtent_type)];
    if spec.attached {
        encap.push(der::explicit(0, &der::octet_string(CONTENT)));
    }
    let certs: Vec<u8> = spec.certs.concat();
    let signers: Vec<Vec<u8>> = (0..spec.signers).map(|i| signer_info(spec, i)).collect();
    let signed_data = der::sequence(&[
        der::integer_u64(spec.sd_version),
        der::set_of(&[algorithm(spec.listed_digest)]),
        der::sequence(&encap),
        der::implicit(0, true, &certs),
        der::tlv(0x31, &signers.concat()),
    ]);
    der::sequence(&[
        der::oid("1.2.840.113549.1.7.2"),
        der::explicit(0, &signed_data),
    ])
}

fn verify(spec: &Spec) -> Result<myna_verify::assertion::cms::CmsVerified, Error> {
    verify_cms(&build(spec), None, &opts())
}

fn with_attrs(attrs: Vec<Vec<u8>>) -> Spec {
    Spec {
        attrs: Some(attrs),
        ..Spec::default()
    }
}

#[test]
fn the_built_cms_verifies() {
    let v = verify(&Spec::default()).unwrap();
    assert_eq!(v.identity().unwrap().name, "山田　太郎");
    assert_eq!(
        v.signers[0].signing_time.as_deref(),
        Some("2026-12-01T00:00:00Z")
    );
    let v = verify(&Spec {
        key_id: true,
        signer_version: 3,
        sd_version: 3,
        ..Spec::default()
    })
    .unwrap();
    assert_eq!(v.signers[0].signer_id, "subjectKeyIdentifier");
    let v = verify(&Spec {
        signers: 2,
        ..Spec::default()
    })
    .unwrap();
    assert_eq!(v.signers.len(), 2);
    // GeneralizedTime signing time.
    let v = verify(&with_attrs(vec![
        content_type(DATA),
        message_digest(&Hash::Sha256.digest(CONTENT)),
        signing_time(der::generalized_time(now())),
    ]))
    .unwrap();
    assert_eq!(
        v.signers[0].signing_time.as_deref(),
        Some("2026-12-01T00:00:00Z")
    );
    // rsaEncryption as the signature algorithm.
    assert!(verify(&Spec {
        signature_alg: RSA,
        ..Spec::default()
    })
    .is_ok());
}

#[test]
fn wrong_message_digest_under_a_valid_signature() {
    let spec = with_attrs(vec![
        content_type(DATA),
        message_digest(&Hash::Sha256.digest(b"other content")),
    ]);
    assert_eq!(verify(&spec).unwrap_err(), Error::ContentMismatch);
}

#[test]
fn wrong_content_type_attribute_under_a_valid_signature() {
    let spec = with_attrs(vec![
        content_type("1.2.3.4"),
        message_digest(&Hash::Sha256.digest(CONTENT)),
    ]);
    assert_eq!(
        verify(&spec).unwrap_err(),
        Error::CmsInvalid("contentType attribute differs from eContentType")
    );
}

#[test]
fn missing_duplicate_and_multi_valued_attributes() {
    let digest = message_digest(&Hash::Sha256.digest(CONTENT));
    let cases = [
        (vec![content_type(DATA)], "messageDigest attribute missing"),
        (vec![digest.clone()], "contentType attribute missing"),
        (
            vec![
                content_type(DATA),
                digest.clone(),
                signing_time(der::utc_time(now())),
                signing_time(der::utc_time(UnixTime(now().0 + 1))),
            ],
            "duplicate signed attribute",
        ),
        (
            vec![
                content_type(DATA),
                attribute(
                    "1.2.840.113549.1.9.4",
                    &[
                        der::octet_string(&Hash::Sha256.digest(CONTENT)),
                        der::octet_string(b"x"),
                    ],
                ),
            ],
            "messageDigest attribute",
        ),
        (
            vec![
                content_type(DATA),
                digest.clone(),
                signing_time(der::tlv(0x17, b"2612010000Z")),
            ],
            "signingTime attribute",
        ),
    ];
    for (attrs, what) in cases {
        assert_eq!(
            verify(&with_attrs(attrs)).unwrap_err(),
            Error::CmsInvalid(what)
        );
    }
}

#[test]
fn version_rules() {
    let cases = [
        (
            Spec {
                signer_version: 3,
                ..Spec::default()
            },
            "SignerInfo version",
        ),
        (
            Spec {
                key_id: true,
                sd_version: 3,
                ..Spec::default()
            },
            "SignerInfo version",
        ),
        (
            Spec {
                sd_version: 2,
                ..Spec::default()
            },
            "SignedData version",
        ),
        (
            Spec {
                signers: 0,
                ..Spec::default()
            },
            "no SignerInfo",
        ),
    ];
    for (spec, what) in cases {
        assert_eq!(verify(&spec).unwrap_err(), Error::CmsInvalid(what));
    }
}

#[test]
fn algorithm_rules() {
    let mismatch = Spec {
        digest: SHA384,
        listed_digest: SHA384,
        ..Spec::default()
    };
    assert_eq!(
        verify(&mismatch).unwrap_err(),
        Error::CmsInvalid("signature and digest algorithms use different hashes")
    );
    let sha1 = Spec {
        digest: SHA1,
        listed_digest: SHA1,
        ..Spec::default()
    };
    assert_eq!(verify(&sha1).unwrap_err(), Error::UnsupportedAlgorithm);
    let unlisted = Spec {
        listed_digest: SHA384,
        ..Spec::default()
    };
    assert_eq!(
        verify(&unlisted).unwrap_err(),
        Error::CmsInvalid("digest algorithm not listed in SignedData")
    );
    let unknown = Spec {
        signature_alg: "1.2.3.4",
        ..Spec::default()
    };
    assert_eq!(verify(&unknown).unwrap_err(), Error::UnsupportedAlgorithm);
}

#[test]
fn content_types_other_than_data_need_signed_attributes() {
    let spec = Spec {
        econtent_type: "1.2.3.4",
        sd_version: 3,
        attrs: None,
        ..Spec::default()
    };
    assert_eq!(
        verify(&spec).unwrap_err(),
        Error::CmsInvalid("signed attributes required for this content type")
    );
    let data_without_attrs = Spec {
        attrs: None,
        ..Spec::default()
    };
    assert!(verify(&data_without_attrs).is_ok());
}

#[test]
fn every_signer_must_verify() {
    for corrupt in [0, 1] {
        let spec = Spec {
            signers: 2,
            corrupt_signer: Some(corrupt),
            ..Spec::default()
        };
        assert_eq!(verify(&spec).unwrap_err(), Error::SignatureInvalid);
    }
}

#[test]
fn caps() {
    let five = Spec {
        signers: 5,
        ..Spec::default()
    };
    assert!(matches!(
        verify(&five),
        Err(Error::InputTooLarge {
            what: "CMS signer list",
            ..
        })
    ));
    let many_certs = Spec {
        certs: vec![pki().sign_cert().unwrap(); 17],
        ..Spec::default()
    };
    assert!(matches!(
        verify(&many_certs),
        Err(Error::InputTooLarge {
            what: "CMS certificate list",
            ..
        })
    ));
    let sixteen = Spec {
        certs: vec![pki().sign_cert().unwrap(); 16],
        ..Spec::default()
    };
    assert!(verify(&sixteen).is_ok());
}

#[test]
fn ber_indefinite_length_is_refused() {
    let cms = build(&Spec::default());
    // Outer SEQUENCE in the indefinite form: 30 80 <contents> 00 00.
    let contents = &cms[4..];
    let ber = [&[0x30, 0x80][..], contents, &[0x00, 0x00]].concat();
    assert_eq!(
        verify_cms(&ber, None, &opts()).unwrap_err(),
        Error::DerMalformed("CMS")
    );
}
