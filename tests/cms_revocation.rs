//! Revocation of CMS signers (`verify_cms_with_revocation`): every signer's certificate is
//! weighed against the evidence under the policy, on OpenSSL-made CMS (tests/data/cms) and
//! OpenSSL-made CRLs (tests/data/revocation, window 2026-11-01 .. 2026-11-08).

use myna_verify::assertion::cms::{
    verify_cms, verify_cms_with_revocation, CmsOptions, CmsVerified,
};
use myna_verify::assertion::signer::SignerTrust;
use myna_verify::assertion::{RevocationMode, RevocationStatus};
use myna_verify::jpki::{TrustSelection, VerifyOptions};
use myna_verify::pki::revocation::{
    CrlIndex, OperatorStatus, OperatorVerdict, RevocationEvidence, RevocationReason,
};
use myna_verify::pki::UnixTime;
use myna_verify::wire::pem;
use myna_verify::Error;
use sha2::{Digest, Sha256};

const ATTACHED: &[u8] = include_bytes!("data/cms/attached.der");
const TWO_SIGNERS: &[u8] = include_bytes!("data/cms/attached-two-signers.der");
const SIGN_EE: &str = include_str!("data/jpki/testpki/test_sign_ee.pem");
const SIGN_ROOT: &str = include_str!("data/jpki/testpki/test_sign_root.pem");
const AUTH_ROOT: &str = include_str!("data/jpki/testpki/test_auth_root.pem");
/// Sign root; does not list the sign EE.
const CRL_SIGN_GOOD: &[u8] = include_bytes!("data/revocation/crl_sign_root.der");
/// Sign root; the sign EE on hold since 2026-10-15.
const CRL_SIGN_HOLD: &[u8] = include_bytes!("data/revocation/crl_sign_hold.der");
/// Auth root; does not list the auth EE.
const CRL_AUTH_GOOD: &[u8] = include_bytes!("data/revocation/crl_good.der");
/// Auth root; the auth EE on hold.
const CRL_AUTH_HOLD: &[u8] = include_bytes!("data/revocation/crl_hold.der");

fn at(time: &str) -> UnixTime {
    UnixTime::parse_rfc3339(time).unwrap()
}

fn der(text: &str) -> Vec<u8> {
    pem::certificates(text).unwrap().remove(0)
}

/// TEST trust at 2026-11-02 (inside the CRLs' window) under `mode`.
fn options(mode: RevocationMode) -> CmsOptions {
    options_at("2026-11-02T00:00:00Z", mode)
}

fn options_at(time: &str, mode: RevocationMode) -> CmsOptions {
    let mut o = CmsOptions::new(SignerTrust::Jpki(VerifyOptions {
        trust: TrustSelection::Test,
        ..VerifyOptions::at(at(time))
    }));
    o.revocation = mode;
    o
}

fn index(crl: &[u8], root: &str) -> CrlIndex {
    CrlIndex::build(crl, &der(root)).unwrap()
}

fn codes(v: &CmsVerified) -> Vec<&'static str> {
    v.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn default_prefer_without_evidence_is_unknown_with_a_warning() {
    let v = verify_cms(ATTACHED, None, &options(RevocationMode::default())).unwrap();
    assert_eq!(v.signers[0].revocation.status, RevocationStatus::Unknown);
    assert_eq!(v.signers[0].revocation.source, None);
    assert_eq!(codes(&v), ["REVOCATION_UNKNOWN", "TEST_TRUST"]);
}

#[test]
fn require_without_usable_evidence_is_revocation_unknown() {
    let opts = options(RevocationMode::Require);
    assert_eq!(
        verify_cms(ATTACHED, None, &opts).unwrap_err(),
        Error::RevocationUnknown
    );
    // A CRL of another issuer is not about this signer: still unknown, never "good".
    let other = index(CRL_AUTH_GOOD, AUTH_ROOT);
    assert_eq!(
        verify_cms_with_revocation(ATTACHED, None, &opts, &[RevocationEvidence::Crl(&other)])
            .unwrap_err(),
        Error::RevocationUnknown
    );
}

#[test]
fn a_crl_that_does_not_list_the_signer_is_good() {
    let crl = index(CRL_SIGN_GOOD, SIGN_ROOT);
    let v = verify_cms_with_revocation(
        ATTACHED,
        None,
        &options(RevocationMode::Require),
        &[RevocationEvidence::Crl(&crl)],
    )
    .unwrap();
    let r = &v.signers[0].revocation;
    assert_eq!(r.status, RevocationStatus::Good);
    assert_eq!(r.source.as_deref(), Some("crl"));
    assert_eq!(r.checked_at.as_deref(), Some("2026-11-01T00:00:00Z"));
    assert_eq!(codes(&v), ["TEST_TRUST"]);
    // The same CRL as DER with its issuer, indexed on the call.
    let sign_root = der(SIGN_ROOT);
    let evidence = [RevocationEvidence::CrlDer {
        crl: CRL_SIGN_GOOD,
        issuer: &sign_root,
    }];
    let v =
        verify_cms_with_revocation(ATTACHED, None, &options(RevocationMode::Require), &evidence)
            .unwrap();
    assert_eq!(v.signers[0].revocation.status, RevocationStatus::Good);
}

#[test]
fn a_signer_on_hold_fails_the_cms() {
    let hold = index(CRL_SIGN_HOLD, SIGN_ROOT);
    for mode in [RevocationMode::Require, RevocationMode::Prefer] {
        let err = verify_cms_with_revocation(
            ATTACHED,
            None,
            &options(mode),
            &[RevocationEvidence::Crl(&hold)],
        )
        .unwrap_err();
        assert_eq!(
            err,
            Error::CertRevoked {
                reason: RevocationReason::CertificateHold.name(),
                revoked_at: at("2026-10-15T00:00:00Z").0,
            }
        );
    }
    // `off` does not look at the evidence.
    let v = verify_cms_with_revocation(
        ATTACHED,
        None,
        &options(RevocationMode::Off),
        &[RevocationEvidence::Crl(&hold)],
    )
    .unwrap();
    assert_eq!(v.signers[0].revocation.status, RevocationStatus::NotChecked);
    assert_eq!(codes(&v), ["TEST_TRUST"]);
}

#[test]
fn stale_evidence_is_its_own_error() {
    let crl = index(CRL_SIGN_GOOD, SIGN_ROOT);
    let err = verify_cms_with_revocation(
        ATTACHED,
        None,
        &options_at("2026-12-01T00:00:00Z", RevocationMode::Prefer),
        &[RevocationEvidence::Crl(&crl)],
    )
    .unwrap_err();
    assert!(matches!(err, Error::RevocationStale(_)), "{err:?}");
}

#[test]
fn an_operator_verdict_about_the_signer_applies() {
    let verdict = |status| OperatorVerdict {
        certificate_sha256: Sha256::digest(der(SIGN_EE)).into(),
        status,
        checked_at: at("2026-11-01T12:00:00Z"),
        source: "operator.example".into(),
    };
    let good = verdict(OperatorStatus::Good);
    let v = verify_cms_with_revocation(
        ATTACHED,
        None,
        &options(RevocationMode::Require),
        &[RevocationEvidence::Operator(&good)],
    )
    .unwrap();
    let r = &v.signers[0].revocation;
    assert_eq!(
        (r.status, r.source.as_deref(), r.operator.as_deref()),
        (
            RevocationStatus::Good,
            Some("operator"),
            Some("operator.example")
        )
    );
    let revoked = verdict(OperatorStatus::Revoked {
        revoked_at: at("2026-10-20T00:00:00Z"),
        reason: Some(RevocationReason::KeyCompromise),
    });
    assert!(matches!(
        verify_cms_with_revocation(
            ATTACHED,
            None,
            &options(RevocationMode::Prefer),
            &[RevocationEvidence::Operator(&revoked)],
        ),
        Err(Error::CertRevoked {
            reason: "keyCompromise",
            ..
        })
    ));
}

#[test]
fn every_signer_is_checked_against_its_own_evidence() {
    let sign_good = index(CRL_SIGN_GOOD, SIGN_ROOT);
    let auth_good = index(CRL_AUTH_GOOD, AUTH_ROOT);
    let auth_hold = index(CRL_AUTH_HOLD, AUTH_ROOT);
    let opts = options(RevocationMode::Require);
    // One list covering both signers: both good.
    let v = verify_cms_with_revocation(
        TWO_SIGNERS,
        None,
        &opts,
        &[
            RevocationEvidence::Crl(&sign_good),
            RevocationEvidence::Crl(&auth_good),
        ],
    )
    .unwrap();
    assert_eq!(v.signers.len(), 2);
    assert!(v
        .signers
        .iter()
        .all(|s| s.revocation.status == RevocationStatus::Good));
    // Evidence for the first signer only: the second is unknown, so `require` fails...
    assert_eq!(
        verify_cms_with_revocation(
            TWO_SIGNERS,
            None,
            &opts,
            &[RevocationEvidence::Crl(&sign_good)]
        )
        .unwrap_err(),
        Error::RevocationUnknown
    );
    // ...and `prefer` reports it per signer, with one warning.
    let v = verify_cms_with_revocation(
        TWO_SIGNERS,
        None,
        &options(RevocationMode::Prefer),
        &[RevocationEvidence::Crl(&sign_good)],
    )
    .unwrap();
    let statuses: Vec<_> = v.signers.iter().map(|s| s.revocation.status).collect();
    assert_eq!(
        statuses,
        [RevocationStatus::Good, RevocationStatus::Unknown]
    );
    assert_eq!(codes(&v), ["REVOCATION_UNKNOWN", "TEST_TRUST"]);
    // One signer on hold fails the whole CMS.
    assert!(matches!(
        verify_cms_with_revocation(
            TWO_SIGNERS,
            None,
            &opts,
            &[
                RevocationEvidence::Crl(&sign_good),
                RevocationEvidence::Crl(&auth_hold),
            ],
        ),
        Err(Error::CertRevoked {
            reason: "certificateHold",
            ..
        })
    ));
}
