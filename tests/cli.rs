//! The `myna-verify` binary end to end: exit status and result JSON for each command, on
//! checked-in fixtures (TEST hierarchy, OpenSSL-made token, OpenSSL-made CMS).
#![cfg(feature = "cli")]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_myna-verify");
const ORIGIN: &str = "https://bank.example.jp";
const NONCE: &str = "T3BlblNTTCBtYWRlIHRoaXMgbm9uY2UgZm9yIHRlc3Q=";

fn data(path: &str) -> String {
    format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary; return (exit code, parsed stdout JSON or Null, stderr).
fn run(args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::new(BIN).args(args).output().expect("binary runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run `verify-token` on the OpenSSL-made token for `origin` and `NONCE` at time `at`, with
/// `--trust trust` when given, then the `extra` arguments.
fn verify_token(
    origin: &str,
    trust: Option<&str>,
    at: &str,
    extra: &[&str],
) -> (i32, serde_json::Value, String) {
    let token = data("token/openssl_rs256.json");
    let mut args = vec![
        "verify-token",
        "--token",
        &token,
        "--origin",
        origin,
        "--nonce",
        NONCE,
    ];
    if let Some(trust) = trust {
        args.extend(["--trust", trust]);
    }
    args.extend(["--at", at]);
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn inspect_describes_a_jlis_root_without_trusting_it() {
    let root = format!(
        "{}/src/jpki/roots/auth_ca_2023.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, json, _) = run(&["inspect", &root]);
    assert_eq!(code, 0);
    assert_eq!(json["ok"], true);
    assert_eq!(json["notAfter"], "2033-07-15T14:59:59Z");
}

#[test]
fn verify_token_accepts_the_openssl_made_token_with_test_trust() {
    let (code, json, err) = verify_token(ORIGIN, Some("jpki-test"), "2026-01-01T00:00:00Z", &[]);
    assert_eq!(code, 0, "{err} {json}");
    assert_eq!(json["kind"], "jpki-auth");
    assert!(json["certificate"]["serialNumber"].is_string());
}

#[test]
fn verify_token_refuses_with_exit_1_and_a_code() {
    // Default trust is J-LIS: the TEST certificate is not trusted.
    let (code, json, _) = verify_token(ORIGIN, None, "2026-01-01T00:00:00Z", &[]);
    assert_eq!(code, 1);
    assert_eq!(json["ok"], false);
    assert_eq!(json["error"]["code"], "CERT_NOT_TRUSTED");
    assert!(json["error"]["messageJa"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    // Wrong origin with TEST trust: the signature does not cover this origin.
    let (code, json, _) = verify_token(
        "https://evil.example",
        Some("jpki-test"),
        "2026-01-01T00:00:00Z",
        &[],
    );
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("SIGNATURE_INVALID"))
    );
}

#[test]
fn verify_cms_yields_the_signers_identity() {
    let (code, json, err) = run(&[
        "verify-cms",
        &data("cms/attached.der"),
        "--trust",
        "jpki-test",
        "--at",
        "2026-01-01T00:00:00Z",
    ]);
    assert_eq!(code, 0, "{err} {json}");
    assert!(json["signers"][0]["certificate"].is_object());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
    assert_eq!(run(&["inspect", "/nonexistent/file.pem"]).0, 2);
    assert_eq!(run(&["verify-token", "--origin", ORIGIN]).0, 2);
    assert_eq!(
        run(&[
            "inspect",
            &data("jpki/testpki/test_auth_ee.pem"),
            "--at",
            "yesterday"
        ])
        .0,
        2
    );
    // Revocation inputs are refused rather than silently ignored.
    let (code, _, err) = run(&[
        "inspect",
        &data("jpki/testpki/test_auth_ee.pem"),
        "--crl",
        "x.crl",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--crl"));
    let (code, _, _) = run(&["--help"]);
    assert_eq!(code, 0, "--help prints usage");
}

#[test]
fn verify_token_reads_revocation_evidence() {
    // Inside the checked-in CRLs' window (2026-11-01 .. 2026-11-08).
    let with =
        |extra: &[&str]| verify_token(ORIGIN, Some("jpki-test"), "2026-11-02T00:00:00Z", extra);
    // No evidence under `require`: a typed "unknown", never a pass.
    let (code, json, _) = with(&["--revocation", "require"]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("REVOCATION_UNKNOWN"))
    );
    // Default `prefer` without evidence: verified, status unknown.
    let (code, json, _) = with(&[]);
    assert_eq!(
        (code, json["revocation"]["status"].as_str()),
        (0, Some("unknown"))
    );
    // A CRL from the TEST auth root that does not list the card: good.
    let good = data("revocation/crl_good.der");
    let (code, json, err) = with(&["--crl", &good, "--revocation", "require"]);
    assert_eq!(code, 0, "{err} {json}");
    assert_eq!(
        (
            json["revocation"]["status"].as_str(),
            json["revocation"]["source"].as_str()
        ),
        (Some("good"), Some("crl"))
    );
    // The card on hold (the 24-hour hotline): refused.
    let hold = data("revocation/crl_hold.der");
    let (code, json, _) = with(&["--crl", &hold]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("CERT_REVOKED"))
    );
    // A stale CRL is its own error, never "good".
    let (code, json, _) = verify_token(
        ORIGIN,
        Some("jpki-test"),
        "2026-12-01T00:00:00Z",
        &["--crl", &good],
    );
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("REVOCATION_STALE"))
    );
}

#[test]
fn verify_token_reads_an_ocsp_response_with_its_issuer() {
    let response = data("revocation/ocsp_good_sha256.der");
    let der = std::fs::read(&response).unwrap();
    let basic = myna_verify::wire::ocsp::parse_response(&der).unwrap();
    let single = myna_verify::wire::ocsp::SingleResponses::new(basic.responses)
        .next()
        .unwrap()
        .unwrap();
    let when = myna_verify::pki::UnixTime(single.this_update + 60).to_rfc3339();
    let root = data("jpki/testpki/test_auth_root.pem");
    let with = |extra: &[&str]| verify_token(ORIGIN, Some("jpki-test"), &when, extra);
    let (code, json, err) = with(&[
        "--ocsp",
        &response,
        "--issuer",
        &root,
        "--revocation",
        "require",
    ]);
    assert_eq!(code, 0, "{err} {json}");
    assert_eq!(
        (
            json["revocation"]["status"].as_str(),
            json["revocation"]["source"].as_str()
        ),
        (Some("good"), Some("ocsp"))
    );
    // An OCSP response needs its issuer, and an issuer alone is a usage error.
    assert_eq!(with(&["--ocsp", &response]).0, 2);
    assert_eq!(with(&["--issuer", &root]).0, 2);
}

#[test]
fn verify_cms_reads_revocation_evidence() {
    let with = |extra: &[&str]| {
        let file = data("cms/attached.der");
        let mut args = vec![
            "verify-cms",
            &file,
            "--trust",
            "jpki-test",
            "--at",
            "2026-11-02T00:00:00Z",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let (code, json, _) = with(&["--revocation", "require"]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("REVOCATION_UNKNOWN"))
    );
    let good = data("revocation/crl_sign_root.der");
    let (code, json, err) = with(&["--crl", &good, "--revocation", "require"]);
    assert_eq!(code, 0, "{err} {json}");
    assert_eq!(
        json["signers"][0]["revocation"]["status"].as_str(),
        Some("good")
    );
    let hold = data("revocation/crl_sign_hold.der");
    let (code, json, _) = with(&["--crl", &hold]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("CERT_REVOKED"))
    );
    // Commands that do not weigh revocation refuse its inputs.
    let (code, _, err) = run(&[
        "verify-cert",
        &data("jpki/testpki/test_auth_ee.pem"),
        "--revocation",
        "require",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--revocation"), "{err}");
}
