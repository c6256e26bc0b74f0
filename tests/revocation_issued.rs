//! `check_revocation_issued`: revocation checking told the issuer key path validation already
//! verified the certificate under. The answer must equal the full check's (`check_revocation`)
//! whenever that key is the evidence issuer's, and the shortcut is taken on key equality only:
//! a CA with the same name but another key (the 2015 / 2023 J-LIS roots) never speaks about the
//! certificate. OpenSSL-made evidence from tests/data/revocation (scripts/make-revocation-
//! fixtures.sh) plus a same-name "twin" root built here with the testpki writer.
#![cfg(feature = "testpki")]

use myna_verify::assertion::cms::{verify_cms_with_revocation, CmsOptions};
use myna_verify::assertion::signer::SignerTrust;
use myna_verify::assertion::verify_token::verify_token_with_revocation;
use myna_verify::assertion::{
    make_web_eid_token, NonceCheck, RevocationMode, RevocationStatus, TokenContext, TokenPolicy,
};
use myna_verify::jpki::{Purpose, TrustSelection, VerifyOptions};
use myna_verify::pki::revocation::{
    check_revocation, check_revocation_issued, CheckedStatus, CrlIndex, EvidenceSource, Freshness,
    RevocationCheck, RevocationEvidence,
};
use myna_verify::pki::{verify_path, TrustAnchor, UnixTime, ValidationOptions};
use myna_verify::testpki::builder::{self, name_der, Template};
use myna_verify::testpki::der;
use myna_verify::testpki::jpki::{root_name, ROOT_NOT_AFTER, ROOT_NOT_BEFORE};
use myna_verify::testpki::{TestKey, TestPki};
use myna_verify::wire::certificate::subject_public_key_info;
use myna_verify::Error;

const ORIGIN: &str = "https://bank.example.jp";
const NONCE: &str = "cmV2b2NhdGlvbi10ZXN0LW5vbmNlLTMyLWJ5dGVzLWxvbmctLS0t";
const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
/// The TEST end-entities' serials.
const AUTH_EE_SERIAL: u64 = 0x0123_4567;
const SIGN_EE_SERIAL: u64 = 0x0987_6543;
const CMS_ATTACHED: &[u8] = include_bytes!("data/cms/attached.der");

#[path = "common/revocation_fixtures.rs"]
mod fixtures;
use fixtures::{auth_ee, auth_root, data, ocsp_time, sign_root};

fn spki(cert: &[u8]) -> Vec<u8> {
    subject_public_key_info(cert).unwrap().to_vec()
}

fn t(text: &str) -> UnixTime {
    UnixTime::parse_rfc3339(text).unwrap()
}

/// Inside every CRL's window (thisUpdate 2026-11-01, nextUpdate 2026-11-08).
fn crl_time() -> UnixTime {
    t("2026-11-02T00:00:00Z")
}

fn pki() -> &'static TestPki {
    TestPki::shared().unwrap()
}

/// The full check and the one told `issuer_spki`, of the auth EE at `time`.
fn both(
    issuer_spki: Option<&[u8]>,
    evidence: &[RevocationEvidence<'_>],
    time: UnixTime,
) -> (
    Result<Option<RevocationCheck>, Error>,
    Result<Option<RevocationCheck>, Error>,
) {
    let ee = auth_ee();
    let fresh = Freshness::default();
    (
        check_revocation(&ee, evidence, time, &fresh),
        check_revocation_issued(&ee, issuer_spki, evidence, time, &fresh),
    )
}

// ---- a root with the TEST root's name and another key ----

/// A CA certificate named like the TEST `purpose` root (keyCertSign + cRLSign) for `key`.
fn twin_root(purpose: Purpose, key: &TestKey) -> Vec<u8> {
    let name = root_name(purpose);
    builder::build(
        &Template {
            serial: vec![0x7E, 0x57, 0x00, 0x7C],
            issuer: name.clone(),
            subject: name,
            not_before: ROOT_NOT_BEFORE,
            not_after: ROOT_NOT_AFTER,
            extensions: vec![
                builder::key_usage((1 << 5) | (1 << 6), true),
                builder::basic_constraints(true),
                builder::subject_key_id(&key.key_id()),
            ],
        },
        key.spki_der(),
        key,
    )
    .unwrap()
}

fn ext(oid: &str, value: &[u8]) -> Vec<u8> {
    der::sequence(&[der::oid(oid), der::octet_string(value)])
}

/// A complete CRL under the TEST `purpose` root's name, signed by `key`, listing `serial` as
/// revoked for keyCompromise on 2026-10-01.
fn crl_revoking(purpose: Purpose, key: &TestKey, serial: u64) -> Vec<u8> {
    let alg = der::sequence(&[der::oid(SHA256_WITH_RSA), der::null()]);
    let reason = der::sequence(&[ext("2.5.29.21", &der::tlv(0x0A, &[1]))]);
    let entry = der::sequence(&[
        der::integer_u64(serial),
        der::x509_time(t("2026-10-01T00:00:00Z")),
        reason,
    ]);
    let tbs = der::sequence(&[
        der::integer_u64(1),
        alg.clone(),
        name_der(&root_name(purpose)),
        der::x509_time(t("2026-11-01T00:00:00Z")),
        der::x509_time(t("2026-11-08T00:00:00Z")),
        der::sequence(&[entry]),
        der::explicit(0, &der::sequence(&[ext("2.5.29.20", &der::integer_u64(1))])),
    ]);
    let signature = key.sign_sha256(&tbs).unwrap();
    der::sequence(&[tbs, alg, der::bit_string(&signature, 0)])
}

/// The twin of the TEST `purpose` root and its CRL revoking `serial`, indexed.
fn twin_crl(purpose: Purpose, serial: u64) -> (Vec<u8>, CrlIndex) {
    let key = pki().other_key();
    let twin = twin_root(purpose, key);
    let index = CrlIndex::build(&crl_revoking(purpose, key, serial), &twin).unwrap();
    (twin, index)
}

// ---- (a) the validated key gives the full check's answer ----

#[test]
fn the_validated_issuer_key_gives_the_full_checks_answer_for_crls() {
    let root = auth_root();
    let key = spki(&root);
    for (name, status) in [
        ("crl_good.der", CheckedStatus::Good),
        ("crl_revoked.der", CheckedStatus::Revoked),
        ("crl_hold.der", CheckedStatus::Revoked),
        ("crl_release.der", CheckedStatus::Good),
    ] {
        let index = CrlIndex::build(&data(name), &root).unwrap();
        for evidence in [
            RevocationEvidence::Crl(&index),
            RevocationEvidence::CrlDer {
                crl: &data(name),
                issuer: &root,
            },
        ] {
            let (full, issued) = both(Some(&key), &[evidence], crl_time());
            assert_eq!(issued, full, "{name}");
            let got = issued.unwrap().unwrap();
            assert_eq!(got.status, status, "{name}");
            assert_eq!(got.source, EvidenceSource::Crl, "{name}");
        }
    }
    // Errors are the same too: a stale CRL stays stale.
    let hold = CrlIndex::build(&data("crl_hold.der"), &root).unwrap();
    let (full, issued) = both(
        Some(&key),
        &[RevocationEvidence::Crl(&hold)],
        t("2026-11-20T00:00:00Z"),
    );
    assert!(matches!(full, Err(Error::RevocationStale(_))));
    assert_eq!(issued, full);
}

#[test]
fn the_validated_issuer_key_gives_the_full_checks_answer_for_ocsp() {
    let root = auth_root();
    let key = spki(&root);
    for (name, status) in [
        ("ocsp_good_sha256.der", CheckedStatus::Good),
        ("ocsp_revoked.der", CheckedStatus::Revoked),
        ("ocsp_delegated.der", CheckedStatus::Good),
    ] {
        let response = data(name);
        let evidence = [RevocationEvidence::Ocsp {
            response: &response,
            issuer: &root,
            nonce: None,
        }];
        let (full, issued) = both(Some(&key), &evidence, ocsp_time(&response));
        assert_eq!(issued, full, "{name}");
        assert_eq!(issued.unwrap().unwrap().status, status, "{name}");
    }
    // The response's own signature is still verified: a flipped signature bit fails both.
    let mut tampered = data("ocsp_revoked.der");
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let evidence = [RevocationEvidence::Ocsp {
        response: &tampered,
        issuer: &root,
        nonce: None,
    }];
    let (full, issued) = both(Some(&key), &evidence, ocsp_time(&tampered));
    assert!(matches!(full, Err(Error::OcspInvalid(_))), "{full:?}");
    assert_eq!(issued, full);
}

#[test]
fn a_validated_path_names_its_issuer_key() {
    let root = auth_root();
    let anchor = TrustAnchor {
        der: root.clone(),
        name: "TEST auth".into(),
    };
    let mut opts = ValidationOptions::at(crl_time());
    opts.require_authority_key_id = false;
    let path = verify_path(&auth_ee(), &[], &[anchor], &opts).unwrap();
    assert_eq!(path.issuer_spki(), Some(spki(&root).as_slice()));
}

// ---- (b) same name, another key: not the issuer ----

#[test]
fn a_same_name_crl_issuer_with_another_key_does_not_apply() {
    let real = spki(&auth_root());
    let (twin, twin_index) = twin_crl(Purpose::Auth, AUTH_EE_SERIAL);
    assert_ne!(spki(&twin), real);
    // The twin's CRL is genuine for the twin, and speaks of the EE's issuer name and serial...
    assert_eq!(twin_index.len(), 1);
    // ...but the EE was validated under the real root's key: skipped, whichever way it is given.
    let twin_crl_der = crl_revoking(Purpose::Auth, pki().other_key(), AUTH_EE_SERIAL);
    for evidence in [
        RevocationEvidence::Crl(&twin_index),
        RevocationEvidence::CrlDer {
            crl: &twin_crl_der,
            issuer: &twin,
        },
    ] {
        let (full, issued) = both(Some(&real), &[evidence], crl_time());
        assert_eq!(full, Ok(None));
        assert_eq!(issued, Ok(None));
    }
    assert_eq!(
        twin_index.status(&auth_ee(), crl_time(), &Freshness::default()),
        Err(Error::CrlWrongIssuer)
    );
    // Next to the real root's CRL, the real one answers.
    let good = CrlIndex::build(&data("crl_good.der"), &auth_root()).unwrap();
    let evidence = [
        RevocationEvidence::Crl(&twin_index),
        RevocationEvidence::Crl(&good),
    ];
    let (_, issued) = both(Some(&real), &evidence, crl_time());
    assert_eq!(issued.unwrap().unwrap().status, CheckedStatus::Good);
}

#[test]
fn a_same_name_ocsp_issuer_with_another_key_is_refused() {
    let real = spki(&auth_root());
    let (twin, _) = twin_crl(Purpose::Auth, AUTH_EE_SERIAL);
    let response = data("ocsp_good_sha256.der");
    let evidence = [RevocationEvidence::Ocsp {
        response: &response,
        issuer: &twin,
        nonce: None,
    }];
    let refused = Err(Error::InvalidOptions(
        "the issuer certificate did not issue the certificate",
    ));
    let (full, issued) = both(Some(&real), &evidence, ocsp_time(&response));
    assert_eq!(full, refused);
    assert_eq!(issued, refused);
}

#[test]
fn a_token_is_not_failed_by_a_same_name_crl() {
    let p = pki();
    let token = make_web_eid_token(
        |di| p.ee_key(Purpose::Auth).sign_digest_info(di),
        &p.auth_cert().unwrap(),
        ORIGIN,
        NONCE,
    )
    .unwrap();
    let verify = |evidence: &[RevocationEvidence<'_>]| {
        let ctx = TokenContext {
            origin: ORIGIN,
            nonce: NONCE,
            time: crl_time(),
            nonce_check: NonceCheck::Caller,
        };
        let policy = TokenPolicy {
            trust: TrustSelection::Test,
            revocation: RevocationMode::Require,
            ..TokenPolicy::default()
        };
        verify_token_with_revocation(&token, ctx, &policy, evidence).unwrap()
    };
    let (_, twin_index) = twin_crl(Purpose::Auth, AUTH_EE_SERIAL);
    let outcome = verify(&[RevocationEvidence::Crl(&twin_index)]);
    assert_eq!(outcome.error(), Some(&Error::RevocationUnknown));
    // The real root's CRL revoking the same serial does fail it.
    let revoked = CrlIndex::build(&data("crl_revoked.der"), &auth_root()).unwrap();
    let outcome = verify(&[
        RevocationEvidence::Crl(&twin_index),
        RevocationEvidence::Crl(&revoked),
    ]);
    assert_eq!(outcome.error().map(Error::code), Some("CERT_REVOKED"));
}

#[test]
fn a_cms_signer_is_not_failed_by_a_same_name_crl() {
    let mut opts = CmsOptions::new(SignerTrust::Jpki(VerifyOptions {
        trust: TrustSelection::Test,
        ..VerifyOptions::at(crl_time())
    }));
    opts.revocation = RevocationMode::Require;
    let (_, twin_index) = twin_crl(Purpose::Sign, SIGN_EE_SERIAL);
    let evidence = [RevocationEvidence::Crl(&twin_index)];
    assert_eq!(
        verify_cms_with_revocation(CMS_ATTACHED, None, &opts, &evidence).unwrap_err(),
        Error::RevocationUnknown
    );
    // The real sign root's CRL still answers through the same path.
    let good = CrlIndex::build(&data("crl_sign_root.der"), &sign_root()).unwrap();
    let evidence = [
        RevocationEvidence::Crl(&twin_index),
        RevocationEvidence::Crl(&good),
    ];
    let v = verify_cms_with_revocation(CMS_ATTACHED, None, &opts, &evidence).unwrap();
    assert_eq!(v.signers[0].revocation.status, RevocationStatus::Good);
}

// ---- (c) no validated key: the full check ----

#[test]
fn without_a_validated_issuer_key_the_full_check_runs() {
    let (_, twin_index) = twin_crl(Purpose::Auth, AUTH_EE_SERIAL);
    let revoked = CrlIndex::build(&data("crl_revoked.der"), &auth_root()).unwrap();
    for evidence in [
        RevocationEvidence::Crl(&twin_index),
        RevocationEvidence::Crl(&revoked),
    ] {
        let (full, issued) = both(None, &[evidence], crl_time());
        assert_eq!(issued, full);
    }
    let (full, issued) = both(None, &[RevocationEvidence::Crl(&twin_index)], crl_time());
    assert_eq!((full, issued), (Ok(None), Ok(None)));
    let (_, issued) = both(None, &[RevocationEvidence::Crl(&revoked)], crl_time());
    assert_eq!(issued.unwrap().unwrap().status, CheckedStatus::Revoked);
}

// ---- the shortcut is taken ----

#[test]
fn a_validated_key_stands_for_the_signature_check() {
    let (twin, twin_index) = twin_crl(Purpose::Auth, AUTH_EE_SERIAL);
    // The twin's key given as "validated" (a caller's claim the check takes as is: the name
    // matches and the key is byte-identical) stands for the signature check. The full check,
    // without it, verifies the signature and skips the twin's CRL: this is what tells the two
    // apart, and why only a key path validation really used may be passed.
    let evidence = [RevocationEvidence::Crl(&twin_index)];
    let (full, claimed) = both(Some(&spki(&twin)), &evidence, crl_time());
    assert_eq!(full, Ok(None));
    assert_eq!(claimed.unwrap().unwrap().status, CheckedStatus::Revoked);
}
