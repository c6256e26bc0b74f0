//! Write the JPKI-shaped TEST hierarchy into a directory as PEM files:
//!
//! `cargo run --example testpki --features testpki -- DIR`
//!
//! Files: `test_auth_root.pem`, `test_sign_root.pem`, `test_auth_ee.pem`, `test_sign_ee.pem`
//! (certificates) and `*.key.pem` (PKCS#8 private keys). Everything says TEST; nothing here is
//! trusted unless a verifier is told to use the TEST trust store.

use myna_verify::jpki::Purpose;
use myna_verify::testpki::keys::pem_armour;
use myna_verify::testpki::TestPki;
use std::path::{Path, PathBuf};

fn write(dir: &Path, file: &str, text: &str) -> Result<(), String> {
    let path: PathBuf = dir.join(file);
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn run() -> Result<(), String> {
    let dir = std::env::args().nth(1).ok_or("usage: testpki DIR")?;
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let pki = TestPki::new().map_err(|e| e.to_string())?;
    let certs = [
        (
            "test_auth_root",
            pki.root(Purpose::Auth).to_vec(),
            pki.root_key(Purpose::Auth),
        ),
        (
            "test_sign_root",
            pki.root(Purpose::Sign).to_vec(),
            pki.root_key(Purpose::Sign),
        ),
        (
            "test_auth_ee",
            pki.auth_cert().map_err(|e| e.to_string())?,
            pki.ee_key(Purpose::Auth),
        ),
        (
            "test_sign_ee",
            pki.sign_cert().map_err(|e| e.to_string())?,
            pki.ee_key(Purpose::Sign),
        ),
    ];
    for (stem, der, key) in certs {
        write(
            dir,
            &format!("{stem}.pem"),
            &pem_armour("CERTIFICATE", &der),
        )?;
        write(
            dir,
            &format!("{stem}.key.pem"),
            &key.to_pkcs8_pem().map_err(|e| e.to_string())?,
        )?;
    }
    Ok(())
}

fn main() {
    if let Err(message) = run() {
        eprintln!("testpki: {message}");
        std::process::exit(1);
    }
}
