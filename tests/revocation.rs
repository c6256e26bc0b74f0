//! Revocation evidence: CRLs and OCSP responses made by OpenSSL (scripts/make-revocation-fixtures.sh)
//! over the TEST hierarchy, CRLs built with the testpki DER writer for the odd cases and for
//! scale, operator verdicts, and token verification with revocation evidence.
#![cfg(feature = "testpki")]

use myna_verify::assertion::verify_token::verify_token_with_revocation;
use myna_verify::assertion::{
    make_web_eid_token, NonceCheck, RevocationMode, TokenContext, TokenPolicy, VerifyOutcome,
};
use myna_verify::jpki::{Purpose, TrustSelection};
use myna_verify::pki::revocation::{
    build_ocsp_request, check_revocation, verify_ocsp_response, CertIdHash, CheckedStatus,
    CrlEntryStatus, CrlIndex, EvidenceSource, Freshness, OcspCertStatus, OperatorStatus,
    OperatorVerdict, RevocationCheck, RevocationEvidence, RevocationReason,
};
use myna_verify::pki::UnixTime;
use myna_verify::testpki::builder::{self, name_der, Template};
use myna_verify::testpki::der;
use myna_verify::testpki::jpki::{root_name, ROOT_NOT_AFTER, ROOT_NOT_BEFORE};
use myna_verify::testpki::{TestKey, TestPki};
use myna_verify::Error;
use serde_json::Value;
use sha2::{Digest, Sha256};

const ORIGIN: &str = "https://bank.example.jp";
const NONCE: &str = "cmV2b2NhdGlvbi10ZXN0LW5vbmNlLTMyLWJ5dGVzLWxvbmctLS0t";

#[path = "common/revocation_fixtures.rs"]
mod fixtures;
use fixtures::{auth_ee, auth_root, data, ocsp_time, pem_cert, sign_root};
fn multi_dp() -> Vec<u8> {
    pem_cert("revocation/multi_dp.pem")
}

fn t(text: &str) -> UnixTime {
    UnixTime::parse_rfc3339(text).unwrap()
}

/// Inside every OpenSSL CRL's window (thisUpdate 2026-11-01, nextUpdate 2026-11-08).
fn crl_time() -> UnixTime {
    t("2026-11-02T00:00:00Z")
}

fn fresh() -> Freshness {
    Freshness::default()
}

/// `check_revocation` of `ee` against `evidence` at `crl_time()` with the default freshness.
fn check_at_crl_time(
    ee: &[u8],
    evidence: &[RevocationEvidence],
) -> Result<Option<RevocationCheck>, Error> {
    check_revocation(ee, evidence, crl_time(), &fresh())
}

fn index(name: &str) -> CrlIndex {
    CrlIndex::build(&data(name), &auth_root()).unwrap()
}

/// Status of `cert` in the OpenSSL CRL `name` at `crl_time()` with the default freshness.
fn crl_status(name: &str, cert: &[u8]) -> Result<CrlEntryStatus, Error> {
    index(name).status(cert, crl_time(), &fresh())
}

/// The entry of the OpenSSL CRLs that revoke a card: since 2026-10-01, key compromise.
fn revoked_for_key_compromise() -> Result<CrlEntryStatus, Error> {
    Ok(CrlEntryStatus::Revoked {
        revoked_at: t("2026-10-01T00:00:00Z"),
        reason: Some(RevocationReason::KeyCompromise),
    })
}

#[test]
fn openssl_crls_good_revoked_hold_release() {
    let ee = auth_ee();
    let good = index("crl_good.der");
    assert_eq!(good.len(), 1);
    assert_eq!(good.this_update(), t("2026-11-01T00:00:00Z"));
    assert_eq!(good.next_update(), Some(t("2026-11-08T00:00:00Z")));
    assert_eq!(good.crl_number(), [0x10, 0x00]);
    assert_eq!(
        good.status(&ee, crl_time(), &fresh()),
        Ok(CrlEntryStatus::NotRevoked)
    );
    assert_eq!(
        crl_status("crl_revoked.der", &ee),
        revoked_for_key_compromise()
    );
    assert_eq!(
        crl_status("crl_hold.der", &ee),
        Ok(CrlEntryStatus::Revoked {
            revoked_at: t("2026-10-15T00:00:00Z"),
            reason: Some(RevocationReason::CertificateHold),
        })
    );
    assert_eq!(
        crl_status("crl_release.der", &ee),
        Ok(CrlEntryStatus::RemovedFromHold {
            listed_at: t("2026-10-20T00:00:00Z"),
        })
    );
    let released = index("crl_release.der");
    let check = check_at_crl_time(&ee, &[RevocationEvidence::Crl(&released)])
        .unwrap()
        .unwrap();
    assert_eq!(check.status, CheckedStatus::Good);
    assert_eq!(check.reason, Some(RevocationReason::RemoveFromCrl));
}

#[test]
fn expired_and_future_crls_are_stale() {
    let crl = index("crl_good.der");
    let ee = auth_ee();
    let stale = |at: &str| crl.status(&ee, t(at), &fresh()).unwrap_err().code();
    assert_eq!(stale("2026-11-08T00:05:01Z"), "REVOCATION_STALE");
    assert_eq!(stale("2026-10-31T23:54:59Z"), "REVOCATION_STALE");
    // Inside nextUpdate + skew, but older than a 1-day maximum age.
    let strict = Freshness {
        skew_seconds: 0,
        max_age_seconds: Some(86_400),
    };
    assert!(crl.status(&ee, t("2026-11-01T23:00:00Z"), &strict).is_ok());
    assert_eq!(
        crl.status(&ee, t("2026-11-03T00:00:00Z"), &strict),
        Err(Error::RevocationStale("CRL is older than the maximum age"))
    );
    // Stale evidence is an error for the whole check, never "good".
    assert_eq!(
        check_revocation(
            &ee,
            &[RevocationEvidence::Crl(&crl)],
            t("2026-11-20T00:00:00Z"),
            &fresh()
        )
        .unwrap_err()
        .code(),
        "REVOCATION_STALE"
    );
}

#[test]
fn crl_from_the_wrong_issuer() {
    // Given with the auth root: the names differ.
    assert_eq!(
        CrlIndex::build(&data("crl_sign_root.der"), &auth_root()),
        Err(Error::CrlWrongIssuer)
    );
    // A genuine sign-root CRL does not speak about auth certificates.
    let sign = CrlIndex::build(&data("crl_sign_root.der"), &sign_root()).unwrap();
    assert_eq!(
        sign.status(&auth_ee(), crl_time(), &fresh()),
        Err(Error::CrlWrongIssuer)
    );
    // In a set it is skipped: alone, it leaves the status unknown.
    let ev = [RevocationEvidence::Crl(&sign)];
    assert_eq!(check_at_crl_time(&auth_ee(), &ev), Ok(None));
}

#[test]
fn missing_crl_number_and_delta_crls_are_refused() {
    assert_eq!(
        CrlIndex::build(&data("crl_no_number.der"), &auth_root()),
        Err(Error::CrlInvalid("missing cRLNumber"))
    );
    assert_eq!(
        CrlIndex::build(&data("crl_delta.der"), &auth_root()),
        Err(Error::CrlDeltaUnsupported)
    );
}

#[test]
fn tampered_crls_never_verify() {
    let mut crl = data("crl_revoked.der");
    let n = crl.len();
    crl[n - 5] ^= 1; // signature
    assert_eq!(
        CrlIndex::build(&crl, &auth_root()).unwrap_err().code(),
        "CRL_INVALID"
    );
    let good = data("crl_good.der");
    for cut in [1, 10, good.len() / 2, good.len() - 1] {
        assert!(CrlIndex::build(&good[..cut], &auth_root()).is_err());
    }
    let mut trailing = good.clone();
    trailing.push(0);
    assert!(CrlIndex::build(&trailing, &auth_root()).is_err());
    // A bad CRL handed as DER evidence fails the check with its own code.
    let ev = [RevocationEvidence::CrlDer {
        crl: &crl,
        issuer: &auth_root(),
    }];
    assert_eq!(
        check_at_crl_time(&auth_ee(), &ev).unwrap_err().code(),
        "CRL_INVALID"
    );
}

#[test]
fn every_distribution_point_of_the_certificate_is_matched() {
    let cert = multi_dp();
    // The IDP names the certificate's SECOND distribution point.
    assert_eq!(
        crl_status("crl_idp_dp2.der", &cert),
        revoked_for_key_compromise()
    );
    assert_eq!(
        crl_status("crl_idp_other.der", &cert),
        Err(Error::CrlScopeMismatch)
    );
    // The auth EE's only DP is the root's DirName: a partitioned CRL does not cover it.
    assert_eq!(
        crl_status("crl_idp_dp2.der", &auth_ee()),
        Err(Error::CrlScopeMismatch)
    );
    // A complete CRL (no IDP) covers both.
    assert!(crl_status("crl_good.der", &cert).is_ok());
}

// ---- CRLs built with the testpki writer ----

const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";

fn ext(oid: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![der::oid(oid)];
    if critical {
        parts.push(der::boolean(true));
    }
    parts.push(der::octet_string(value));
    der::sequence(&parts)
}

fn crl_number(n: u64) -> Vec<u8> {
    ext("2.5.29.20", false, &der::integer_u64(n))
}

fn entry(serial: u64, at: UnixTime, reason: Option<u8>) -> Vec<u8> {
    let mut parts = vec![der::integer_u64(serial), der::x509_time(at)];
    if let Some(code) = reason {
        let value = der::tlv(0x0A, &[code]);
        parts.push(der::sequence(&[ext("2.5.29.21", false, &value)]));
    }
    der::sequence(&parts)
}

/// A CRL of the TEST auth root signed by `key`.
fn test_crl(key: &TestKey, entries: &[u8], extensions: &[Vec<u8>]) -> Vec<u8> {
    let alg = der::sequence(&[der::oid(SHA256_WITH_RSA), der::null()]);
    let mut tbs = vec![
        der::integer_u64(1),
        alg.clone(),
        name_der(&root_name(Purpose::Auth)),
        der::x509_time(t("2026-11-01T00:00:00Z")),
        der::x509_time(t("2026-11-08T00:00:00Z")),
    ];
    if !entries.is_empty() {
        tbs.push(der::tlv(0x30, entries));
    }
    if !extensions.is_empty() {
        tbs.push(der::explicit(0, &der::sequence(extensions)));
    }
    let tbs = der::sequence(&tbs);
    let signature = key.sign_sha256(&tbs).unwrap();
    der::sequence(&[tbs, alg, der::bit_string(&signature, 0)])
}

fn pki() -> &'static TestPki {
    TestPki::shared().unwrap()
}

#[test]
fn crl_signed_by_a_key_without_crl_sign() {
    let key = pki().root_key(Purpose::Auth);
    // The auth root's name and key, but keyUsage keyCertSign only.
    let name = root_name(Purpose::Auth);
    let root = builder::build(
        &Template {
            serial: vec![0x7E, 0x57, 0x00, 0x09],
            issuer: name.clone(),
            subject: name,
            not_before: ROOT_NOT_BEFORE,
            not_after: ROOT_NOT_AFTER,
            extensions: vec![
                builder::key_usage(1 << 5, true),
                builder::basic_constraints(true),
                builder::subject_key_id(&key.key_id()),
            ],
        },
        key.spki_der(),
        key,
    )
    .unwrap();
    let crl = test_crl(key, &[], &[crl_number(1)]);
    assert!(CrlIndex::build(&crl, pki().root(Purpose::Auth)).is_ok());
    assert_eq!(
        CrlIndex::build(&crl, &root),
        Err(Error::CrlInvalid("the issuer's keyUsage lacks cRLSign"))
    );
    // Signed by another key under the right name: the signature does not verify.
    let forged = test_crl(pki().other_key(), &[], &[crl_number(1)]);
    assert_eq!(
        CrlIndex::build(&forged, pki().root(Purpose::Auth)),
        Err(Error::CrlInvalid("signature does not verify"))
    );
}

#[test]
fn odd_crls_from_the_writer() {
    let key = pki().root_key(Purpose::Auth);
    let root = pki().root(Purpose::Auth);
    let code = |crl: Vec<u8>| CrlIndex::build(&crl, root).unwrap_err();
    let at = t("2026-10-01T00:00:00Z");
    // Unknown critical CRL extension.
    let unknown = ext("1.2.3.4", true, &der::null());
    assert_eq!(
        code(test_crl(key, &[], &[crl_number(1), unknown])),
        Error::CrlInvalid("unknown critical CRL extension")
    );
    // Indirect CRL: certificateIssuer entry extension, and IDP indirectCRL.
    let cert_issuer = ext("2.5.29.29", true, &der::sequence(&[]));
    let indirect_entry = der::sequence(&[
        der::integer_u64(5),
        der::x509_time(at),
        der::sequence(&[cert_issuer]),
    ]);
    assert_eq!(
        code(test_crl(key, &indirect_entry, &[crl_number(1)])).code(),
        "CRL_INVALID"
    );
    let idp_indirect = ext(
        "2.5.29.28",
        true,
        &der::sequence(&[der::implicit(4, false, &[0xFF])]),
    );
    assert_eq!(
        code(test_crl(key, &[], &[crl_number(1), idp_indirect])),
        Error::CrlInvalid("indirect CRLs are not supported")
    );
    // onlySomeReasons cannot say "good".
    let idp_reasons = ext(
        "2.5.29.28",
        true,
        &der::sequence(&[der::implicit(3, false, &[0x07, 0x80])]),
    );
    assert_eq!(
        code(test_crl(key, &[], &[crl_number(1), idp_reasons])).code(),
        "CRL_INVALID"
    );
    // Duplicate serials.
    let dup = [entry(5, at, None), entry(5, at, Some(1))].concat();
    assert_eq!(
        code(test_crl(key, &dup, &[crl_number(1)])),
        Error::CrlInvalid("duplicate serial number")
    );
    // onlyContainsCACerts: an end-entity is out of scope.
    let only_ca = ext(
        "2.5.29.28",
        true,
        &der::sequence(&[der::implicit(2, false, &[0xFF])]),
    );
    let crl = CrlIndex::build(&test_crl(key, &[], &[crl_number(1), only_ca]), root).unwrap();
    assert_eq!(
        crl.status(&auth_ee(), crl_time(), &fresh()),
        Err(Error::CrlScopeMismatch)
    );
}

#[test]
fn a_large_crl_is_indexed_compactly_and_answers_every_serial() {
    let key = pki().root_key(Purpose::Auth);
    let at = t("2026-10-01T00:00:00Z");
    let count = 100_000u64;
    // Distinct serials of 1..=6 octets: an odd number times 256^(i % 4).
    let serial = |i: u64| (2 * i + 1) << (8 * (i % 4));
    let entries: Vec<u8> = (0..count)
        .flat_map(|i| entry(serial(i), at, (i % 3 == 0).then_some(6)))
        .collect();
    let crl = test_crl(key, &entries, &[crl_number(7)]);
    let index = CrlIndex::build(&crl, pki().root(Purpose::Auth)).unwrap();
    assert_eq!(index.len() as u64, count);
    assert!(
        index.memory_bytes() * 10 <= crl.len() * 13,
        "index {} bytes for {} DER bytes",
        index.memory_bytes(),
        crl.len()
    );
    for i in (0..count).step_by(97) {
        let s = serial(i).to_be_bytes();
        let magnitude: Vec<u8> = s.iter().copied().skip_while(|&b| b == 0).collect();
        let found = index.lookup(&magnitude).unwrap();
        assert_eq!(found.revoked_at, at.0);
        assert_eq!(
            found.reason,
            (i % 3 == 0).then_some(RevocationReason::CertificateHold)
        );
    }
    // Serials beyond the list are not found.
    for i in [count, count + 1, count + 2] {
        let s = serial(i).to_be_bytes();
        let magnitude: Vec<u8> = s.iter().copied().skip_while(|&b| b == 0).collect();
        assert_eq!(index.lookup(&magnitude), None);
    }
    assert_eq!(
        index.status(&auth_ee(), crl_time(), &fresh()),
        Ok(CrlEntryStatus::NotRevoked)
    );
}

// ---- OCSP ----

/// The 16-byte nonce OpenSSL put at the end of its request.
fn request_nonce() -> Vec<u8> {
    let req = data("ocsp_req_nonce.der");
    let n = req.len();
    assert_eq!(req[n - 18..n - 16], [0x04, 0x10]);
    req[n - 16..].to_vec()
}

fn verify_ocsp(
    name: &str,
    cert: &[u8],
    nonce: Option<&[u8]>,
) -> Result<myna_verify::pki::revocation::OcspVerified, Error> {
    let response = data(name);
    verify_ocsp_response(
        &response,
        cert,
        &auth_root(),
        nonce,
        ocsp_time(&response),
        &fresh(),
    )
}

#[test]
fn openssl_ocsp_statuses() {
    let ee = auth_ee();
    let nonce = request_nonce();
    let good = verify_ocsp("ocsp_good_ca.der", &ee, Some(&nonce)).unwrap();
    assert_eq!(good.status, OcspCertStatus::Good);
    assert!(!good.delegated);
    assert_eq!(
        verify_ocsp("ocsp_good_sha256.der", &ee, None)
            .unwrap()
            .status,
        OcspCertStatus::Good
    );
    let revoked = verify_ocsp("ocsp_revoked.der", &ee, None).unwrap();
    assert_eq!(
        revoked.status,
        OcspCertStatus::Revoked {
            revoked_at: t("2026-10-01T00:00:00Z"),
            reason: Some(RevocationReason::KeyCompromise),
        }
    );
    assert_eq!(
        verify_ocsp("ocsp_unknown.der", &multi_dp(), None)
            .unwrap()
            .status,
        OcspCertStatus::Unknown
    );
    let delegated = verify_ocsp("ocsp_delegated.der", &ee, None).unwrap();
    assert_eq!(delegated.status, OcspCertStatus::Good);
    assert!(delegated.delegated);
}

#[test]
fn openssl_ocsp_refusals() {
    let ee = auth_ee();
    assert_eq!(
        verify_ocsp("ocsp_no_eku.der", &ee, None),
        Err(Error::OcspResponderUnauthorized)
    );
    assert_eq!(
        verify_ocsp("ocsp_other_ca.der", &ee, None),
        Err(Error::OcspResponderUnauthorized)
    );
    assert_eq!(
        verify_ocsp("ocsp_good_ca.der", &multi_dp(), None),
        Err(Error::OcspWrongCertificate)
    );
    assert_eq!(
        verify_ocsp("ocsp_good_ca.der", &ee, Some(&[1; 16])),
        Err(Error::OcspNonceMismatch)
    );
    // A nonce was sent, but the response carries none.
    assert_eq!(
        verify_ocsp("ocsp_good_sha256.der", &ee, Some(&[1; 16])),
        Err(Error::OcspNonceMismatch)
    );
    // -ndays 1: three days later the response is past its nextUpdate.
    let response = data("ocsp_good_ca.der");
    let late = UnixTime(ocsp_time(&response).0 + 3 * 86_400);
    assert_eq!(
        verify_ocsp_response(&response, &ee, &auth_root(), None, late, &fresh()),
        Err(Error::RevocationStale(
            "OCSP response is past its nextUpdate"
        ))
    );
    // Tampered: signature.
    let mut tampered = response.clone();
    let n = tampered.len();
    tampered[n - 3] ^= 1;
    assert_eq!(
        verify_ocsp_response(
            &tampered,
            &ee,
            &auth_root(),
            None,
            ocsp_time(&response),
            &fresh()
        ),
        Err(Error::OcspInvalid("signature does not verify"))
    );
}

#[test]
fn ocsp_requests_match_openssl() {
    let nonce = request_nonce();
    let ours =
        build_ocsp_request(&auth_ee(), &auth_root(), CertIdHash::Sha1, Some(&nonce)).unwrap();
    assert_eq!(ours, data("ocsp_req_nonce.der"));
    assert!(
        build_ocsp_request(&auth_ee(), &auth_root(), CertIdHash::Sha1, Some(&[0; 33])).is_err()
    );
    let sha256 = build_ocsp_request(&auth_ee(), &auth_root(), CertIdHash::Sha256, None).unwrap();
    assert_ne!(sha256, ours);
}

// ---- operator verdicts ----

#[test]
fn operator_verdicts_are_reported_as_such() {
    let ee = auth_ee();
    let verdict = OperatorVerdict {
        certificate_sha256: Sha256::digest(&ee).into(),
        status: OperatorStatus::Good,
        checked_at: t("2026-11-01T12:00:00Z"),
        source: "TEST platform operator".into(),
    };
    let got = check_at_crl_time(&ee, &[RevocationEvidence::Operator(&verdict)])
        .unwrap()
        .unwrap();
    assert_eq!(got.status, CheckedStatus::Good);
    assert_eq!(got.source, EvidenceSource::Operator);
    assert_eq!(got.operator.as_deref(), Some("TEST platform operator"));
    // Revoked evidence wins over good evidence.
    let revoked = index("crl_revoked.der");
    let both = [
        RevocationEvidence::Operator(&verdict),
        RevocationEvidence::Crl(&revoked),
    ];
    let got = check_at_crl_time(&ee, &both).unwrap().unwrap();
    assert_eq!(got.status, CheckedStatus::Revoked);
    assert_eq!(got.source, EvidenceSource::Crl);
}

// ---- token verification ----

fn auth_token() -> String {
    let p = pki();
    let cert = p.auth_cert().unwrap();
    assert_eq!(
        cert,
        auth_ee(),
        "the checked-in TEST auth EE is the generator's"
    );
    make_web_eid_token(
        |di| p.ee_key(Purpose::Auth).sign_digest_info(di),
        &cert,
        ORIGIN,
        NONCE,
    )
    .unwrap()
}

fn require() -> TokenPolicy {
    with_mode(RevocationMode::Require)
}

/// TEST trust and revocation `mode`.
fn with_mode(revocation: RevocationMode) -> TokenPolicy {
    TokenPolicy {
        trust: TrustSelection::Test,
        revocation,
        ..TokenPolicy::default()
    }
}

/// The codes of a result JSON's `warnings`, in order.
fn warning_codes(json: &Value) -> Vec<&str> {
    json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect()
}

fn verify(
    time: UnixTime,
    policy: &TokenPolicy,
    evidence: &[RevocationEvidence<'_>],
) -> VerifyOutcome {
    let ctx = TokenContext {
        origin: ORIGIN,
        nonce: NONCE,
        time,
        nonce_check: NonceCheck::Caller,
    };
    verify_token_with_revocation(&auth_token(), ctx, policy, evidence).unwrap()
}

#[test]
fn token_with_a_revoked_or_held_certificate_fails() {
    let revoked = index("crl_revoked.der");
    let outcome = verify(crl_time(), &require(), &[RevocationEvidence::Crl(&revoked)]);
    let err = outcome.error().cloned().unwrap();
    assert_eq!(
        err,
        Error::CertRevoked {
            reason: "keyCompromise",
            revoked_at: t("2026-10-01T00:00:00Z").0
        }
    );
    assert!(err.message().contains("2026-10-01T00:00:00Z"));
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["error"]["code"], "CERT_REVOKED");
    // A lost card on hold stops verifying as soon as the evidence is there, even under `prefer`.
    let hold = index("crl_hold.der");
    let prefer = with_mode(RevocationMode::Prefer);
    let err = verify(crl_time(), &prefer, &[RevocationEvidence::Crl(&hold)])
        .error()
        .cloned()
        .unwrap();
    assert_eq!(err.code(), "CERT_REVOKED");
    assert!(err.message().contains("certificateHold"));
    // Bad evidence is its own failure, under `prefer` too.
    let expired = verify(
        t("2026-11-20T00:00:00Z"),
        &prefer,
        &[RevocationEvidence::Crl(&hold)],
    );
    assert_eq!(expired.error().map(Error::code), Some("REVOCATION_STALE"));
}

#[test]
fn token_with_good_evidence_verifies_and_reports_it() {
    let response = data("ocsp_good_ca.der");
    let nonce = request_nonce();
    let root = auth_root();
    let ev = [RevocationEvidence::Ocsp {
        response: &response,
        issuer: &root,
        nonce: Some(&nonce),
    }];
    let outcome = verify(ocsp_time(&response), &require(), &ev);
    assert!(outcome.is_ok(), "{outcome:?}");
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["revocation"]["status"], "good");
    assert_eq!(json["revocation"]["source"], "ocsp");
    assert!(json["revocation"]["checkedAt"].is_string());
    assert!(json["revocation"].get("revokedAt").is_none());
    let codes = warning_codes(&json);
    assert_eq!(codes, ["TEST_TRUST"]);

    let good = index("crl_good.der");
    let outcome = verify(crl_time(), &require(), &[RevocationEvidence::Crl(&good)]);
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["revocation"]["source"], "crl");
    assert_eq!(json["revocation"]["checkedAt"], "2026-11-01T00:00:00Z");
}

#[test]
fn token_without_usable_evidence() {
    // `require` + a CRL that is not about this certificate → unknown.
    let sign = CrlIndex::build(&data("crl_sign_root.der"), &sign_root()).unwrap();
    let outcome = verify(crl_time(), &require(), &[RevocationEvidence::Crl(&sign)]);
    assert_eq!(outcome.error(), Some(&Error::RevocationUnknown));
    let prefer = with_mode(RevocationMode::Prefer);
    let outcome = verify(crl_time(), &prefer, &[RevocationEvidence::Crl(&sign)]);
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["revocation"]["status"], "unknown");
    let codes = warning_codes(&json);
    assert_eq!(codes, ["TEST_TRUST", "REVOCATION_UNKNOWN"]);
    // `off` ignores even revoked evidence: status not-checked.
    let off = with_mode(RevocationMode::Off);
    let revoked = index("crl_revoked.der");
    let outcome = verify(crl_time(), &off, &[RevocationEvidence::Crl(&revoked)]);
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["revocation"]["status"], "not-checked");
}
