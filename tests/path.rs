//! Path validation against a PKI made with the OpenSSL CLI (scripts/make-path-fixtures.sh).
//! Each test asserts the exact error code a bug in that check would change.

use myna_verify::pki::options::{eku, key_usage};
use myna_verify::pki::{
    verify_path, Budgets, ExpectedName, TrustAnchor, UnixTime, ValidationOptions,
};
use myna_verify::wire::pem;

fn der(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/path/{name}.pem", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    pem::certificates(&text).expect("PEM").remove(0)
}

fn anchors(names: &[&str]) -> Vec<TrustAnchor> {
    names
        .iter()
        .map(|n| TrustAnchor {
            der: der(n),
            name: n.to_string(),
        })
        .collect()
}

/// 2026-01-01, inside every "good" validity window of the fixtures.
fn opts() -> ValidationOptions {
    ValidationOptions::at(UnixTime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap())
}

fn code(leaf: &str, inters: &[&str], roots: &[&str], o: &ValidationOptions) -> &'static str {
    let inter: Vec<Vec<u8>> = inters.iter().map(|n| der(n)).collect();
    let refs: Vec<&[u8]> = inter.iter().map(|v| v.as_slice()).collect();
    match verify_path(&der(leaf), &refs, &anchors(roots), o) {
        Ok(_) => "OK",
        Err(e) => e.code(),
    }
}

#[test]
fn good_chain_validates_and_reports_the_path() {
    let inter = der("int");
    let p = verify_path(
        &der("leaf-good"),
        &[&inter],
        &anchors(&["other", "root"]),
        &opts(),
    )
    .unwrap();
    assert_eq!(p.chain.len(), 3);
    assert_eq!(p.chain[0], der("leaf-good"));
    assert_eq!(p.chain[1], inter);
    assert_eq!(p.chain[2], der("root"));
    assert_eq!(p.anchor, 1, "index of the anchor in the caller's list");
}

#[test]
fn leaf_issued_directly_by_the_root() {
    assert_eq!(code("leaf-direct", &[], &["root"], &opts()), "OK");
}

#[test]
fn validity_window_is_checked_at_the_given_time() {
    assert_eq!(
        code("leaf-expired", &["int"], &["root"], &opts()),
        "CERT_EXPIRED"
    );
    assert_eq!(
        code("leaf-future", &["int"], &["root"], &opts()),
        "CERT_NOT_YET_VALID"
    );
    // The same expired certificate validates "as of" a time inside its window.
    let mut then = opts();
    then.time = UnixTime::parse_rfc3339("2020-06-01T00:00:00Z").unwrap();
    assert_eq!(code("leaf-expired", &["int"], &["root"], &then), "OK");
    // Anchor validity counts unless switched off.
    let mut late = opts();
    late.time = UnixTime::parse_rfc3339("2039-06-01T00:00:00Z").unwrap();
    assert_eq!(code("leaf-direct", &[], &["root"], &late), "CERT_EXPIRED");
}

#[test]
fn untrusted_root_and_missing_intermediate_are_not_trusted() {
    assert_eq!(
        code("leaf-other-root", &[], &["root"], &opts()),
        "CERT_NOT_TRUSTED"
    );
    assert_eq!(
        code("leaf-good", &[], &["root"], &opts()),
        "CERT_NOT_TRUSTED"
    );
    assert_eq!(
        code("leaf-good", &["int"], &[], &opts()),
        "CERT_NOT_TRUSTED"
    );
}

#[test]
fn path_len_constraint_of_the_intermediate_is_enforced() {
    assert_eq!(
        code("leaf-deep", &["int", "deep"], &["root"], &opts()),
        "PATH_LEN_EXCEEDED"
    );
    // A trusted certificate's pathLenConstraint binds too...
    assert_eq!(
        code("leaf-deep", &["deep"], &["int"], &opts()),
        "PATH_LEN_EXCEEDED"
    );
    // ...and with the lower CA trusted the path is short enough.
    assert_eq!(code("leaf-deep", &[], &["deep"], &opts()), "OK");
}

#[test]
fn max_chain_len_caps_the_path() {
    let mut o = opts();
    o.max_chain_len = 2;
    assert_eq!(
        code("leaf-good", &["int"], &["root"], &o),
        "PATH_LEN_EXCEEDED"
    );
    assert_eq!(code("leaf-direct", &[], &["root"], &o), "OK");
}

#[test]
fn a_cycle_of_intermediates_terminates_as_not_trusted() {
    assert_eq!(
        code("leaf-loop", &["loopa", "loopb"], &["root"], &opts()),
        "CERT_NOT_TRUSTED"
    );
}

#[test]
fn budgets_stop_the_search() {
    let mut o = opts();
    o.budgets = Budgets {
        signatures: 1,
        ..Budgets::default()
    };
    assert_eq!(
        code("leaf-good", &["int"], &["root"], &o),
        "BUDGET_EXCEEDED"
    );
    o.budgets = Budgets {
        build_steps: 1,
        ..Budgets::default()
    };
    assert_eq!(
        code("leaf-good", &["int"], &["root"], &o),
        "BUDGET_EXCEEDED"
    );
    o.budgets = Budgets::default();
    assert_eq!(code("leaf-good", &["int"], &["root"], &o), "OK");
}

#[test]
fn key_usage_is_checked_against_the_request() {
    let mut o = opts();
    o.required_key_usage = key_usage::DIGITAL_SIGNATURE;
    assert_eq!(code("leaf-good", &["int"], &["root"], &o), "OK");
    assert_eq!(
        code("leaf-noku", &["int"], &["root"], &o),
        "CERT_WRONG_PURPOSE"
    );
    o.required_key_usage = key_usage::DIGITAL_SIGNATURE | key_usage::NON_REPUDIATION;
    assert_eq!(
        code("leaf-good", &["int"], &["root"], &o),
        "CERT_WRONG_PURPOSE"
    );
}

#[test]
fn extended_key_usage_is_checked_against_the_request() {
    let mut o = opts();
    o.extended_key_usage = Some(vec![eku::CLIENT_AUTH.into()]);
    assert_eq!(code("leaf-good", &["int"], &["root"], &o), "OK");
    o.extended_key_usage = Some(vec![eku::SERVER_AUTH.into()]);
    assert_eq!(
        code("leaf-good", &["int"], &["root"], &o),
        "CERT_WRONG_PURPOSE"
    );
    // No EKU extension: acceptable unless the caller requires one.
    assert_eq!(code("leaf-otherpolicy", &["int"], &["root"], &o), "OK");
    o.require_eku_extension = true;
    assert_eq!(
        code("leaf-otherpolicy", &["int"], &["root"], &o),
        "CERT_WRONG_PURPOSE"
    );
}

#[test]
fn policies_must_be_acceptable() {
    let mut o = opts();
    o.acceptable_policies = Some(vec!["1.2.392.200149.8.5.1.3.".into()]);
    let inter = der("int");
    let root = anchors(&["root"]);
    // The intermediate asserts no policies, so a policy-checked path through it fails...
    assert_eq!(
        code("leaf-good", &["int"], &["root"], &o),
        "CERT_POLICY_NOT_ALLOWED"
    );
    // ...while the direct leaf (JPKI's shape: root → end-entity) passes with a prefix match.
    let p = verify_path(&der("leaf-direct"), &[&inter], &root, &o).unwrap();
    assert_eq!(p.policies, vec!["1.2.392.200149.8.5.1.3.30".to_string()]);
    o.acceptable_policies = Some(vec!["1.2.392.200149.8.5.1.3.30".into()]);
    assert_eq!(code("leaf-direct", &[], &["root"], &o), "OK");
    o.acceptable_policies = Some(vec!["1.2.392.200149.8.5.1.1.".into()]);
    assert_eq!(
        code("leaf-direct", &[], &["root"], &o),
        "CERT_POLICY_NOT_ALLOWED"
    );
    assert_eq!(
        code("leaf-otherpolicy", &["int"], &["root"], &o),
        "CERT_POLICY_NOT_ALLOWED"
    );
}

#[test]
fn unknown_critical_extension_is_refused() {
    assert_eq!(
        code("leaf-unknown-critical", &["int"], &["root"], &opts()),
        "UNKNOWN_CRITICAL_EXTENSION"
    );
}

#[test]
fn sha1_needs_the_legacy_option() {
    assert_eq!(
        code("leaf-sha1", &["int"], &["root"], &opts()),
        "UNSUPPORTED_ALGORITHM"
    );
    let mut o = opts();
    o.allow_sha1 = true;
    assert_eq!(code("leaf-sha1", &["int"], &["root"], &o), "OK");
}

#[test]
fn expected_names_match_the_subject_alt_name() {
    let mut o = opts();
    o.expected_name = Some(ExpectedName::Dns("verify.example.jp".into()));
    assert_eq!(code("leaf-server", &["int"], &["root"], &o), "OK");
    o.expected_name = Some(ExpectedName::Dns("other.example.jp".into()));
    assert_eq!(
        code("leaf-server", &["int"], &["root"], &o),
        "NAME_MISMATCH"
    );
    o.expected_name = Some(ExpectedName::Ip("192.0.2.7".parse().unwrap()));
    assert_eq!(code("leaf-server", &["int"], &["root"], &o), "OK");
    o.expected_name = Some(ExpectedName::Ip("192.0.2.8".parse().unwrap()));
    assert_eq!(
        code("leaf-server", &["int"], &["root"], &o),
        "NAME_MISMATCH"
    );
}

#[test]
fn garbage_input_is_a_typed_error() {
    let o = opts();
    let root = anchors(&["root"]);
    assert_eq!(
        verify_path(b"not a certificate", &[], &root, &o)
            .unwrap_err()
            .code(),
        "DER_MALFORMED"
    );
    let mut trailing = der("leaf-good");
    trailing.push(0);
    assert_eq!(
        verify_path(&trailing, &[], &root, &o).unwrap_err().code(),
        "DER_MALFORMED"
    );
    let huge = vec![0x30; 70_000];
    assert_eq!(
        verify_path(&huge, &[], &root, &o).unwrap_err().code(),
        "INPUT_TOO_LARGE"
    );
    // Garbage among intermediates and anchors is skipped, not fatal.
    let inter = der("int");
    let mut roots = anchors(&["root"]);
    roots.insert(
        0,
        TrustAnchor {
            der: b"junk".to_vec(),
            name: "junk".into(),
        },
    );
    assert!(verify_path(&der("leaf-good"), &[b"junk", &inter], &roots, &o).is_ok());
}
