//! x509-limbo conformance harness (vectors vendored under tests/vectors/x509-limbo, Apache-2.0).
//!
//! Runs every case through `myna_verify::pki::verify_path`, writes results in limbo's own format
//! to `$LIMBO_RESULTS` when set, prints the pass rate, and fails when:
//! - the pass rate of run cases drops below the floor recorded in `tests/limbo-exceptions.txt`;
//! - a case diverges from its expected result without being listed there with a reason;
//! - a listed case no longer diverges (the list must stay exact);
//! - more cases are skipped than the list allows.
//!
//! CRLs given by a case are judged with `pki::revocation` after the path validates.
//!
//! Profile: cases in the `rfc5280::` namespace run with `Profile::Rfc5280`, all others with
//! `Profile::WebPki` (limbo's SERVER/CLIENT validations are TLS validations).

use myna_verify::pki::revocation::{check_revocation, CrlIndex, Freshness, RevocationEvidence};
use myna_verify::pki::{
    ExpectedName, Profile, TrustAnchor, UnixTime, ValidatedPath, ValidationOptions,
};
use myna_verify::wire::pem;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const LIMBO: &str = include_str!("vectors/x509-limbo/limbo.json");
const EXCEPTIONS: &str = include_str!("limbo-exceptions.txt");

enum Outcome {
    Ran {
        passed: bool,
        actual: bool,
        detail: String,
    },
    Skipped(String),
}

fn certs(v: &Value) -> Vec<Vec<u8>> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str())
        .flat_map(|p| pem::certificates(p).expect("limbo PEM parses"))
        .collect()
}

fn crls(v: &Value) -> Vec<Vec<u8>> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str())
        .flat_map(|p| pem::parse_all(p).expect("limbo CRL PEM parses"))
        .filter(|b| b.label == "X509 CRL")
        .map(|b| b.der)
        .collect()
}

/// Every certificate of the path below the anchor, judged against the case's CRLs with the
/// certificate above it as the CRL issuer. CRLs of other issuers do not apply; a revoked
/// certificate or a CRL that fails its checks fails the case.
fn revocation(
    path: &ValidatedPath,
    crls: &[Vec<u8>],
    time: UnixTime,
) -> Result<(), myna_verify::Error> {
    if crls.is_empty() {
        return Ok(());
    }
    let freshness = Freshness {
        max_age_seconds: None,
        ..Freshness::default()
    };
    for pair in path.chain.windows(2) {
        let mut indexes = Vec::new();
        for crl in crls {
            match CrlIndex::build(crl, &pair[1]) {
                Ok(index) => indexes.push(index),
                // Another CA's CRL says nothing about this certificate.
                Err(myna_verify::Error::CrlWrongIssuer) => {}
                Err(e) => return Err(e),
            }
        }
        let evidence: Vec<RevocationEvidence<'_>> =
            indexes.iter().map(RevocationEvidence::Crl).collect();
        if let Some(check) = check_revocation(&pair[0], &evidence, time, &freshness)? {
            check.revoked_error()?;
        }
    }
    Ok(())
}

fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    UnixTime(secs as i64)
}

fn run_case(case: &Value) -> Outcome {
    let id = case["id"].as_str().unwrap_or_default();
    let time = match case["validation_time"].as_str() {
        Some(t) => UnixTime::parse_rfc3339(t).expect("limbo time parses"),
        None => now(),
    };
    let mut opts = ValidationOptions::at(time);
    opts.profile = if id.starts_with("rfc5280::") {
        Profile::Rfc5280
    } else {
        Profile::WebPki
    };
    let ekus: Vec<String> = case["extended_key_usage"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_str())
        .map(|e| match e {
            "serverAuth" => "1.3.6.1.5.5.7.3.1",
            "clientAuth" => "1.3.6.1.5.5.7.3.2",
            "codeSigning" => "1.3.6.1.5.5.7.3.3",
            "emailProtection" => "1.3.6.1.5.5.7.3.4",
            "timeStamping" => "1.3.6.1.5.5.7.3.8",
            "OCSPSigning" => "1.3.6.1.5.5.7.3.9",
            "anyExtendedKeyUsage" => "2.5.29.37.0",
            other => panic!("unknown EKU name {other}"),
        })
        .map(String::from)
        .collect();
    let kind = case["validation_kind"].as_str().unwrap_or_default();
    opts.extended_key_usage = if !ekus.is_empty() {
        Some(ekus)
    } else if kind == "SERVER" && opts.profile == Profile::WebPki {
        Some(vec!["1.3.6.1.5.5.7.3.1".to_string()])
    } else {
        None
    };
    for ku in case["key_usage"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str())
    {
        use myna_verify::pki::options::key_usage as k;
        opts.required_key_usage |= match ku {
            "digitalSignature" => k::DIGITAL_SIGNATURE,
            "contentCommitment" => k::NON_REPUDIATION,
            "keyEncipherment" => k::KEY_ENCIPHERMENT,
            "dataEncipherment" => k::DATA_ENCIPHERMENT,
            "keyAgreement" => k::KEY_AGREEMENT,
            "keyCertSign" => k::KEY_CERT_SIGN,
            "cRLSign" => k::CRL_SIGN,
            "encipherOnly" => k::ENCIPHER_ONLY,
            "decipherOnly" => k::DECIPHER_ONLY,
            other => panic!("unknown key usage {other}"),
        };
    }
    if let Some(depth) = case["max_chain_depth"].as_u64() {
        opts.max_intermediates = Some(depth as usize);
    }
    match case["expected_peer_name"]["kind"].as_str() {
        Some("DNS") => {
            opts.expected_name = Some(ExpectedName::Dns(
                case["expected_peer_name"]["value"]
                    .as_str()
                    .unwrap_or_default()
                    .into(),
            ))
        }
        Some("IP") => match case["expected_peer_name"]["value"]
            .as_str()
            .unwrap_or_default()
            .parse()
        {
            Ok(ip) => opts.expected_name = Some(ExpectedName::Ip(ip)),
            Err(_) => return Outcome::Skipped("expected IP address does not parse".into()),
        },
        Some(other) => return Outcome::Skipped(format!("peer name kind {other} not supported")),
        None => {}
    }
    let anchors: Vec<TrustAnchor> = certs(&case["trusted_certs"])
        .into_iter()
        .enumerate()
        .map(|(i, der)| TrustAnchor {
            der,
            name: format!("anchor {i}"),
        })
        .collect();
    let inters = certs(&case["untrusted_intermediates"]);
    let inter_refs: Vec<&[u8]> = inters.iter().map(|v| v.as_slice()).collect();
    let leaf = certs(&Value::Array(vec![case["peer_certificate"].clone()]));
    let Some(leaf) = leaf.first() else {
        return Outcome::Skipped("no peer certificate".into());
    };
    let crls = crls(&case["crls"]);
    let result = myna_verify::pki::verify_path(leaf, &inter_refs, &anchors, &opts)
        .and_then(|path| revocation(&path, &crls, time).map(|()| path));
    let expected = case["expected_result"].as_str() == Some("SUCCESS");
    let actual = result.is_ok();
    let detail = match &result {
        Ok(p) => format!("validated, chain of {}", p.chain.len()),
        Err(e) => e.to_string(),
    };
    Outcome::Ran {
        passed: expected == actual,
        actual,
        detail,
    }
}

struct Exceptions {
    floor: f64,
    max_skipped: usize,
    listed: BTreeMap<String, String>,
}

fn exceptions() -> Exceptions {
    let mut ex = Exceptions {
        floor: 1.0,
        max_skipped: 0,
        listed: BTreeMap::new(),
    };
    for line in EXCEPTIONS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Some(v) = line.strip_prefix("floor:") {
            ex.floor = v.trim().parse().expect("floor is a number");
        } else if let Some(v) = line.strip_prefix("max-skipped:") {
            ex.max_skipped = v.trim().parse().expect("max-skipped is a number");
        } else {
            let (id, reason) = line
                .split_once(char::is_whitespace)
                .expect("exception line: ID REASON");
            assert!(!reason.trim().is_empty(), "exception {id} needs a reason");
            ex.listed.insert(id.to_string(), reason.trim().to_string());
        }
    }
    ex
}

#[test]
fn x509_limbo_conformance() {
    let limbo: Value = serde_json::from_str(LIMBO).expect("limbo.json parses");
    let cases = limbo["testcases"].as_array().expect("testcases");
    assert_eq!(cases.len(), 208, "vendored limbo snapshot has 208 cases");
    let ex = exceptions();
    let (mut run, mut passed, mut skipped) = (0usize, 0usize, 0usize);
    let mut results = Vec::new();
    let mut unexplained = Vec::new();
    let mut stale = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap_or_default().to_string();
        let started = std::time::Instant::now();
        let outcome = run_case(case);
        let elapsed = started.elapsed();
        let (actual_result, context) = match &outcome {
            Outcome::Skipped(why) => {
                skipped += 1;
                ("SKIPPED", why.clone())
            }
            Outcome::Ran {
                passed: ok,
                actual,
                detail,
            } => {
                run += 1;
                if *ok {
                    passed += 1;
                    if ex.listed.contains_key(&id) {
                        stale.push(id.clone());
                    }
                } else if !ex.listed.contains_key(&id) {
                    unexplained.push(format!(
                        "{id}: expected {}, got: {detail}",
                        case["expected_result"]
                    ));
                }
                (if *actual { "SUCCESS" } else { "FAILURE" }, detail.clone())
            }
        };
        assert!(
            elapsed.as_secs() < 30,
            "{id} took {elapsed:?}: a budget is missing"
        );
        results.push(json!({ "id": id, "actual_result": actual_result, "context": context }));
    }
    let rate = passed as f64 / run as f64;
    println!(
        "x509-limbo: {passed}/{run} run cases pass ({:.1}%), {skipped} skipped, {} listed divergences",
        rate * 100.0,
        run - passed
    );
    if let Ok(path) = std::env::var("LIMBO_RESULTS") {
        let doc = json!({ "version": 1, "harness": "myna-verify", "results": results });
        std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("json"))
            .expect("write LIMBO_RESULTS");
        println!("results written to {path}");
    }
    assert!(
        unexplained.is_empty(),
        "divergences not in tests/limbo-exceptions.txt:\n{}",
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as divergent but now pass (remove them):\n{}",
        stale.join("\n")
    );
    assert!(
        skipped <= ex.max_skipped,
        "{skipped} skipped > allowed {}",
        ex.max_skipped
    );
    assert!(
        rate >= ex.floor,
        "pass rate {rate:.4} below the floor {}",
        ex.floor
    );
}
