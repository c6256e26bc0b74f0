//! Differential test of the strict certificate reader (`wire::x509`) against x509-parser, an
//! independent implementation, on every certificate the repository holds: the fixtures under
//! tests/data, the J-LIS and TEST roots, and every certificate of the x509-limbo vectors.
//!
//! - Wherever both accept a certificate, every field must agree: TBS bytes, version, serial,
//!   names, validity, SubjectPublicKeyInfo, extensions (OID, criticality, value), signature.
//! - Whatever ours refuses and x509-parser accepts is listed in `STRICTER` with the reason; the
//!   list must stay exact, so a new refusal (or a fixed one) fails the test.
//! - Ours must never accept what x509-parser refuses.

use myna_verify::wire::pem;
use myna_verify::wire::x509::Certificate;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;

#[path = "common/x509_agree.rs"]
mod x509_agree;
use x509_agree::agree;

const LIMBO: &str = include_str!("vectors/x509-limbo/limbo.json");

/// Certificates x509-parser reads and ours refuses: (SHA-256 prefix of the DER, reason).
const STRICTER: &[(&str, &str)] = &[
    (
        "7fa342248cda",
        "pathological::nc-dos-3 leaf: 2048 subject attributes, over the 128 a Name may hold",
    ),
    (
        "9389432ab23e",
        "pathological::nc-dos-1 leaf: 2048 subject attributes, over the 128 a Name may hold",
    ),
];

fn walk(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
            continue;
        }
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with(".pem") {
            let text = String::from_utf8_lossy(&bytes);
            for der in pem::certificates(&text).unwrap_or_default() {
                out.push((name.clone(), der));
            }
        } else if name.ends_with(".der") && x509_parser::parse_x509_certificate(&bytes).is_ok() {
            out.push((name, bytes));
        }
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("tests/data"), &mut out);
    walk(&root.join("src/jpki/roots"), &mut out);
    let limbo: Value = serde_json::from_str(LIMBO).unwrap();
    for case in limbo["testcases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap_or("?");
        for field in [
            "trusted_certs",
            "untrusted_intermediates",
            "peer_certificate",
        ] {
            let items = match &case[field] {
                Value::Array(a) => a.clone(),
                Value::String(s) => vec![Value::String(s.clone())],
                _ => vec![],
            };
            for item in items.iter().filter_map(Value::as_str) {
                for der in pem::certificates(item).unwrap_or_default() {
                    out.push((format!("limbo {id}"), der));
                }
            }
        }
    }
    out
}

fn short_hash(der: &[u8]) -> String {
    Sha256::digest(der)[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn agrees_with_x509_parser_on_every_certificate_in_the_repository() {
    let corpus = corpus();
    assert!(
        corpus.len() > 500,
        "corpus of {} certificates",
        corpus.len()
    );
    let mut stricter = Vec::new();
    let mut both = 0usize;
    for (origin, der) in &corpus {
        let ours = Certificate::from_der(der);
        let theirs = x509_parser::parse_x509_certificate(der);
        match (ours, theirs) {
            (Ok(o), Ok((rest, t))) => {
                assert!(rest.is_empty(), "{origin}: trailing data accepted by ours");
                agree(&o, &t);
                both += 1;
            }
            (Err(_), Ok(_)) => stricter.push((short_hash(der), origin.clone())),
            (Ok(_), Err(e)) => panic!("{origin}: ours accepts what x509-parser refuses: {e}"),
            (Err(_), Err(_)) => {}
        }
    }
    stricter.sort();
    stricter.dedup_by(|a, b| a.0 == b.0);
    let listed: Vec<&str> = STRICTER.iter().map(|(h, _)| *h).collect();
    let found: Vec<&str> = stricter.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(found, listed, "refused by ours only: {stricter:#?}");
    println!(
        "{both} certificates read alike, {} refused by ours only",
        found.len()
    );
}
