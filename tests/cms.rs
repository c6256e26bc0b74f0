//! CMS SignedData verification on OpenSSL-made fixtures (tests/data/cms,
//! scripts/make-cms-fixtures.sh) signed with the TEST signature certificate of src/testpki, and,
//! with the `testpki` feature, CMS built here for the cases OpenSSL will not make.

use myna_verify::assertion::cms::{verify_cms, CmsOptions, CmsVerified};
use myna_verify::assertion::signer::{SignerCertificate, SignerTrust};
use myna_verify::jpki::{TrustSelection, VerifyOptions};
use myna_verify::pki::{TrustAnchor, UnixTime, ValidationOptions};
use myna_verify::wire::pem;
use myna_verify::Error;

const CONTENT: &[u8] = include_bytes!("data/cms/content.bin");
const ATTACHED: &[u8] = include_bytes!("data/cms/attached.der");
const DETACHED: &[u8] = include_bytes!("data/cms/detached.der");
const ATTACHED_NOATTR: &[u8] = include_bytes!("data/cms/attached-noattr.der");
const DETACHED_NOATTR: &[u8] = include_bytes!("data/cms/detached-noattr.der");
const ATTACHED_KEYID: &[u8] = include_bytes!("data/cms/attached-keyid.der");
const ATTACHED_SHA384: &[u8] = include_bytes!("data/cms/attached-sha384.der");
const ATTACHED_PSS: &[u8] = include_bytes!("data/cms/attached-pss.der");
const ATTACHED_NOCERTS: &[u8] = include_bytes!("data/cms/attached-nocerts.der");
const ATTACHED_WITH_ROOT: &[u8] = include_bytes!("data/cms/attached-with-root.der");
const ATTACHED_ECONTENT: &[u8] = include_bytes!("data/cms/attached-econtent.der");
const EC_ATTACHED: &[u8] = include_bytes!("data/cms/ec-attached.der");
const EC_ROOT: &str = include_str!("data/cms/ec-root.pem");
const SIGN_EE: &str = include_str!("data/jpki/testpki/test_sign_ee.pem");
const SIGN_ROOT: &str = include_str!("data/jpki/testpki/test_sign_root.pem");

/// OID content octets of id-signingTime and id-messageDigest.
const OID_SIGNING_TIME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05];
const OID_MESSAGE_DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04];

fn at(time: &str) -> UnixTime {
    UnixTime::parse_rfc3339(time).unwrap()
}

/// Inside the TEST end-entity's validity (2024-01-01 .. 2028-12-31).
fn now() -> UnixTime {
    at("2026-12-01T00:00:00Z")
}

fn der(text: &str) -> Vec<u8> {
    pem::certificates(text).unwrap().remove(0)
}

fn trust_at(time: UnixTime, trust: TrustSelection) -> CmsOptions {
    CmsOptions::new(SignerTrust::Jpki(VerifyOptions {
        trust,
        ..VerifyOptions::at(time)
    }))
}

fn test_trust() -> CmsOptions {
    trust_at(now(), TrustSelection::Test)
}

fn path_trust(root_pem: &str) -> CmsOptions {
    CmsOptions::new(SignerTrust::Path {
        anchors: vec![TrustAnchor {
            der: der(root_pem),
            name: "root".into(),
        }],
        options: ValidationOptions::at(now()),
    })
}

/// Position of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("needle present")
}

fn flipped(input: &[u8], index: usize) -> Vec<u8> {
    let mut out = input.to_vec();
    out[index] ^= 0x01;
    out
}

fn assert_jpki_identity(v: &CmsVerified) {
    let identity = v.identity().expect("identity attributes");
    assert_eq!(identity.name, "山田　太郎");
    assert_eq!(identity.address, "東京都千代田区霞が関２丁目１番２号");
    match &v.signers[0].certificate {
        SignerCertificate::Jpki(j) => {
            assert_eq!(j.kind, "jpki-sign");
            assert_eq!(j.certificate.subject, "CN=TEST-SIGN-09876543,L=TEST,C=JP");
        }
        other => panic!("expected a JPKI certificate, got {other:?}"),
    }
}

// ---------------------------------------------------------------- accepted

#[test]
fn attached_with_signed_attributes_yields_identity() {
    let v = verify_cms(ATTACHED, None, &test_trust()).unwrap();
    assert_jpki_identity(&v);
    assert_eq!(v.content, CONTENT);
    assert!(!v.detached);
    assert_eq!(v.content_type, "1.2.840.113549.1.7.1");
    let s = &v.signers[0];
    assert_eq!(v.signers.len(), 1);
    assert_eq!(s.signer_id, "issuerAndSerialNumber");
    assert_eq!(s.digest_algorithm, "SHA-256");
    assert_eq!(s.signature_algorithm, "RSASSA-PKCS1-v1_5");
    assert!(s.signed_attributes);
    let t = at(s.signing_time.as_deref().unwrap());
    assert!(t > at("2026-01-01T00:00:00Z"), "{t:?}");
    // The same content given again is fine.
    assert!(verify_cms(ATTACHED, Some(CONTENT), &test_trust()).is_ok());
}

#[test]
fn detached_with_content() {
    let v = verify_cms(DETACHED, Some(CONTENT), &test_trust()).unwrap();
    assert_jpki_identity(&v);
    assert!(v.detached);
    assert_eq!(v.content, CONTENT);
}

#[test]
fn without_signed_attributes() {
    let v = verify_cms(ATTACHED_NOATTR, None, &test_trust()).unwrap();
    assert_jpki_identity(&v);
    assert!(!v.signers[0].signed_attributes);
    assert_eq!(v.signers[0].signing_time, None);
    let v = verify_cms(DETACHED_NOATTR, Some(CONTENT), &test_trust()).unwrap();
    assert!(v.detached);
}

#[test]
fn subject_key_identifier_signer() {
    let v = verify_cms(ATTACHED_KEYID, None, &test_trust()).unwrap();
    assert_jpki_identity(&v);
    assert_eq!(v.signers[0].signer_id, "subjectKeyIdentifier");
}

#[test]
fn sha384_and_pss() {
    let v = verify_cms(ATTACHED_SHA384, None, &test_trust()).unwrap();
    assert_eq!(v.signers[0].digest_algorithm, "SHA-384");
    assert_eq!(v.signers[0].signature_algorithm, "RSASSA-PKCS1-v1_5");
    let v = verify_cms(ATTACHED_PSS, None, &test_trust()).unwrap();
    assert_eq!(v.signers[0].signature_algorithm, "RSASSA-PSS");
    assert_jpki_identity(&v);
}

#[test]
fn root_among_the_certificates_and_extra_certificates() {
    let v = verify_cms(ATTACHED_WITH_ROOT, None, &test_trust()).unwrap();
    assert_jpki_identity(&v);
    let mut opts = test_trust();
    opts.extra_certificates = vec![der(SIGN_EE)];
    let v = verify_cms(ATTACHED_NOCERTS, None, &opts).unwrap();
    assert_jpki_identity(&v);
}

#[test]
fn custom_content_type() {
    let v = verify_cms(ATTACHED_ECONTENT, None, &test_trust()).unwrap();
    assert_eq!(v.content_type, "1.2.3.4.5");
}

#[test]
fn ecdsa_with_generic_path_validation() {
    let v = verify_cms(EC_ATTACHED, None, &path_trust(EC_ROOT)).unwrap();
    assert_eq!(v.signers[0].signature_algorithm, "ECDSA");
    assert!(v.identity().is_none());
    match &v.signers[0].certificate {
        SignerCertificate::Path(p) => {
            assert_eq!(p.chain.len(), 2);
            assert_eq!(p.chain[0].subject, "CN=CMS TEST EC signer");
            assert_eq!(p.trust_anchor.name, "root");
        }
        other => panic!("expected a path, got {other:?}"),
    }
}

#[test]
fn signing_time_skew_rules() {
    let v = verify_cms(ATTACHED, None, &test_trust()).unwrap();
    let signed = at(v.signers[0].signing_time.as_deref().unwrap());
    let with_skew = |offset: i64| {
        let mut opts = trust_at(UnixTime(signed.0 + offset), TrustSelection::Test);
        opts.max_signing_time_skew = Some(3600);
        verify_cms(ATTACHED, None, &opts)
    };
    assert!(with_skew(0).is_ok());
    assert!(with_skew(3600).is_ok());
    assert!(with_skew(-3600).is_ok());
    assert_eq!(with_skew(3601).unwrap_err(), Error::SigningTimeOutOfRange);
    assert_eq!(with_skew(-3601).unwrap_err(), Error::SigningTimeOutOfRange);
    let mut opts = test_trust();
    opts.require_signing_time = true;
    assert!(verify_cms(ATTACHED, None, &opts).is_ok());
    assert_eq!(
        verify_cms(ATTACHED_NOATTR, None, &opts).unwrap_err(),
        Error::SigningTimeOutOfRange
    );
}

// ---------------------------------------------------------------- refused

#[test]
fn tampered_content() {
    let mut other = CONTENT.to_vec();
    other[0] ^= 0x01;
    assert_eq!(
        verify_cms(DETACHED, Some(&other), &test_trust()).unwrap_err(),
        Error::ContentMismatch
    );
    assert_eq!(
        verify_cms(DETACHED_NOATTR, Some(&other), &test_trust()).unwrap_err(),
        Error::SignatureInvalid
    );
    // Attached content changed inside the CMS.
    let at_content = find(ATTACHED, CONTENT);
    assert_eq!(
        verify_cms(&flipped(ATTACHED, at_content), None, &test_trust()).unwrap_err(),
        Error::ContentMismatch
    );
    let at_content = find(ATTACHED_NOATTR, CONTENT);
    assert_eq!(
        verify_cms(&flipped(ATTACHED_NOATTR, at_content), None, &test_trust()).unwrap_err(),
        Error::SignatureInvalid
    );
    // Attached and given content differ.
    assert_eq!(
        verify_cms(ATTACHED, Some(&other), &test_trust()).unwrap_err(),
        Error::ContentMismatch
    );
}

#[test]
fn detached_without_content() {
    assert_eq!(
        verify_cms(DETACHED, None, &test_trust()).unwrap_err(),
        Error::ContentMissing
    );
}

#[test]
fn tampered_signed_attributes() {
    // The last digit of the signing time's seconds, changed to another digit.
    let time_at = find(ATTACHED, OID_SIGNING_TIME) + OID_SIGNING_TIME.len() + 4 + 11;
    let mut bad = ATTACHED.to_vec();
    bad[time_at] = b'0' + (bad[time_at] - b'0' + 1) % 10;
    assert_eq!(
        verify_cms(&bad, None, &test_trust()).unwrap_err(),
        Error::SignatureInvalid
    );
    // One byte of the messageDigest value.
    let digest_at = find(ATTACHED, OID_MESSAGE_DIGEST) + OID_MESSAGE_DIGEST.len() + 4 + 5;
    assert_eq!(
        verify_cms(&flipped(ATTACHED, digest_at), None, &test_trust()).unwrap_err(),
        Error::SignatureInvalid
    );
    // The signature value (the last bytes of the CMS).
    assert_eq!(
        verify_cms(&flipped(ATTACHED, ATTACHED.len() - 1), None, &test_trust()).unwrap_err(),
        Error::SignatureInvalid
    );
}

#[test]
fn econtent_type_differing_from_the_content_type_attribute() {
    // 1.2.3.4.5 is 2a 03 04 05; its first occurrence is the eContentType (outside the signed
    // attributes, so the signature still verifies).
    let oid = [0x06, 0x04, 0x2a, 0x03, 0x04, 0x05];
    let at_oid = find(ATTACHED_ECONTENT, &oid) + oid.len() - 1;
    assert_eq!(
        verify_cms(&flipped(ATTACHED_ECONTENT, at_oid), None, &test_trust()).unwrap_err(),
        Error::CmsInvalid("contentType attribute differs from eContentType")
    );
}

#[test]
fn signer_certificate_missing() {
    assert_eq!(
        verify_cms(ATTACHED_NOCERTS, None, &test_trust()).unwrap_err(),
        Error::SignerNotFound
    );
    // Another certificate does not stand in for the signer's.
    let mut opts = test_trust();
    opts.extra_certificates = vec![der(SIGN_ROOT)];
    assert_eq!(
        verify_cms(ATTACHED_NOCERTS, None, &opts).unwrap_err(),
        Error::SignerNotFound
    );
}

#[test]
fn untrusted_root() {
    assert_eq!(
        verify_cms(ATTACHED, None, &trust_at(now(), TrustSelection::Jlis)).unwrap_err(),
        Error::CertNotTrusted
    );
    assert_eq!(
        verify_cms(EC_ATTACHED, None, &path_trust(SIGN_ROOT)).unwrap_err(),
        Error::CertNotTrusted
    );
    assert!(verify_cms(EC_ATTACHED, None, &test_trust()).is_err());
}

#[test]
fn expired_signer() {
    let opts = trust_at(at("2030-01-01T00:00:00Z"), TrustSelection::Test);
    assert_eq!(
        verify_cms(ATTACHED, None, &opts).unwrap_err(),
        Error::CertExpired
    );
}

#[test]
fn garbage_and_truncated_der() {
    for bad in [
        &b""[..],
        b"garbage",
        &[0x30, 0x80, 0x00, 0x00],
        &[0x30, 0x00],
    ] {
        assert!(matches!(
            verify_cms(bad, Some(CONTENT), &test_trust()),
            Err(Error::DerMalformed(_))
        ));
    }
    for len in 0..ATTACHED.len() {
        assert!(
            verify_cms(&ATTACHED[..len], None, &test_trust()).is_err(),
            "prefix {len}"
        );
    }
    let mut trailing = ATTACHED.to_vec();
    trailing.push(0);
    assert_eq!(
        verify_cms(&trailing, None, &test_trust()).unwrap_err(),
        Error::DerMalformed("CMS")
    );
}

#[test]
fn every_single_byte_change_is_refused() {
    let opts = test_trust();
    for i in 0..ATTACHED.len() {
        assert!(
            verify_cms(&flipped(ATTACHED, i), None, &opts).is_err(),
            "byte {i} changed and still verified"
        );
    }
}

#[test]
fn oversized_cms_is_refused_before_parsing() {
    let big = vec![0u8; 1024 * 1024 + 1];
    assert!(matches!(
        verify_cms(&big, None, &test_trust()),
        Err(Error::InputTooLarge { .. })
    ));
}
