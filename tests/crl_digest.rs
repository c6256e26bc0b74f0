//! Building a CRL index from a digest of tbsCertList computed elsewhere (the WebCrypto path of
//! the JS `CrlIndex.build`): the plan read from the CRL's first bytes, and a digest that must
//! be of exactly those bytes. OpenSSL-made CRLs (tests/data/revocation).

use myna_verify::pki::revocation::{crl_tbs_plan, CrlIndex};
use myna_verify::pki::Hash;
use myna_verify::wire::pem;
use myna_verify::Error;

const CRL_GOOD: &[u8] = include_bytes!("data/revocation/crl_good.der");
const CRL_HOLD: &[u8] = include_bytes!("data/revocation/crl_hold.der");
const AUTH_ROOT: &str = include_str!("data/jpki/testpki/test_auth_root.pem");

fn root() -> Vec<u8> {
    pem::certificates(AUTH_ROOT).unwrap().remove(0)
}

fn plan_digest(crl: &[u8]) -> Vec<u8> {
    let plan = crl_tbs_plan(&crl[..crl.len().min(512)]).expect("a plan");
    assert_eq!(plan.hash, Hash::Sha256);
    plan.hash.digest(&crl[plan.range])
}

#[test]
fn the_plan_locates_tbs_and_the_digest_builds_the_same_index() {
    for crl in [CRL_GOOD, CRL_HOLD] {
        let plan = crl_tbs_plan(&crl[..64]).unwrap();
        // tbsCertList starts right after the outer SEQUENCE header and ends before the
        // signatureAlgorithm (30 0d ...) of the outer SEQUENCE.
        assert_eq!(crl[plan.range.start], 0x30);
        assert_eq!(&crl[plan.range.end..plan.range.end + 2], &[0x30, 0x0d]);
        let by_digest = CrlIndex::build_with_tbs_digest(crl, &root(), &plan_digest(crl)).unwrap();
        assert_eq!(by_digest, CrlIndex::build(crl, &root()).unwrap());
    }
}

#[test]
fn a_digest_of_anything_else_fails_the_signature() {
    let bad = Error::CrlInvalid("signature does not verify");
    // Another CRL's digest, a digest of the whole file, a short digest.
    let other = plan_digest(CRL_HOLD);
    assert_eq!(
        CrlIndex::build_with_tbs_digest(CRL_GOOD, &root(), &other),
        Err(bad.clone())
    );
    let whole = Hash::Sha256.digest(CRL_GOOD);
    assert_eq!(
        CrlIndex::build_with_tbs_digest(CRL_GOOD, &root(), &whole),
        Err(bad.clone())
    );
    let good = plan_digest(CRL_GOOD);
    assert_eq!(
        CrlIndex::build_with_tbs_digest(CRL_GOOD, &root(), &good[..31]),
        Err(bad.clone())
    );
    // A changed byte inside tbsCertList, honestly hashed: the signature no longer matches.
    let mut tampered = CRL_GOOD.to_vec();
    let last_tbs = crl_tbs_plan(&tampered).unwrap().range.end - 1;
    tampered[last_tbs] ^= 1;
    let digest = plan_digest(&tampered);
    assert!(CrlIndex::build_with_tbs_digest(&tampered, &root(), &digest).is_err());
}

#[test]
fn prefixes_that_do_not_show_the_plan_give_none() {
    assert_eq!(crl_tbs_plan(&[]), None);
    assert_eq!(crl_tbs_plan(&CRL_GOOD[..8]), None);
    assert_eq!(crl_tbs_plan(&[0x31, 0x03, 0x30, 0x01, 0x00]), None);
    // A certificate is a SEQUENCE of a SEQUENCE too; its plan names its own signed part, and
    // building a CRL index from it fails on the full parse, whatever the digest.
    let cert = root();
    if let Some(plan) = crl_tbs_plan(&cert) {
        let digest = plan.hash.digest(&cert[plan.range]);
        assert!(CrlIndex::build_with_tbs_digest(&cert, &root(), &digest).is_err());
    }
}
