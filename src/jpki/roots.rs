//! The J-LIS trust store: the four JPKI root certificates (auth and sign, 2015 and 2023
//! generations), parsed once at first use, each tagged with its purpose and generation. Also
//! the TEST roots of this crate's test hierarchy, which are only used when a caller opts in.
//!
//! The roots are embedded as DER (`roots/*.der`, made from the PEM files next to them with
//! `openssl x509 -outform DER`) with their SHA-256 written out: the first verification neither
//! decodes base64 nor hashes the roots. A unit test checks both against the PEM files.

use crate::pki::cert::{self, Cert};
use crate::pki::{TrustAnchor, UnixTime};
use crate::Error;
use serde::Serialize;
use std::sync::OnceLock;

/// What a JPKI certificate (or the root that issues it) is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Purpose {
    /// User authentication (利用者証明用電子証明書).
    #[serde(rename = "jpki-auth")]
    Auth,
    /// Digital signature (署名用電子証明書).
    #[serde(rename = "jpki-sign")]
    Sign,
}

impl Purpose {
    /// `jpki-auth` or `jpki-sign`.
    pub fn kind(self) -> &'static str {
        match self {
            Purpose::Auth => "jpki-auth",
            Purpose::Sign => "jpki-sign",
        }
    }

    /// The other purpose.
    pub fn other(self) -> Purpose {
        match self {
            Purpose::Auth => Purpose::Sign,
            Purpose::Sign => Purpose::Auth,
        }
    }
}

/// One root of a trust store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// A label, e.g. `J-LIS JPKI auth CA 2023`.
    pub name: String,
    /// What the root issues.
    pub purpose: Purpose,
    /// Generation year (2015, 2023); 0 for the TEST roots.
    pub generation: u16,
    /// True for the TEST hierarchy.
    pub test: bool,
    /// The certificate.
    pub der: Vec<u8>,
    /// SHA-256 of `der`, lower-case hex.
    pub sha256: String,
    /// The subject, RFC 4514 (as the verification results print it).
    pub subject: String,
    /// Validity of the root certificate.
    pub not_before: UnixTime,
    pub not_after: UnixTime,
}

impl Root {
    /// Parse an embedded root and tag it.
    fn load(entry: &Embedded, test: bool) -> Result<Root, Error> {
        let parsed = cert::parse(entry.der)?;
        let (not_before, not_after) = parsed.validity();
        let (not_before, not_after) = (UnixTime(not_before), UnixTime(not_after));
        let subject = crate::jpki::dn::rfc4514(parsed.subject());
        Ok(Root {
            name: entry.name.to_string(),
            purpose: entry.purpose,
            generation: entry.generation,
            test,
            der: entry.der.to_vec(),
            sha256: entry.sha256.to_string(),
            subject,
            not_before,
            not_after,
        })
    }

    /// As a trust anchor for [`crate::pki::verify_path`].
    pub fn anchor(&self) -> TrustAnchor {
        TrustAnchor {
            der: self.der.clone(),
            name: self.name.clone(),
        }
    }
}

/// One embedded root: its DER, SHA-256 (lower-case hex), purpose, generation and label.
struct Embedded {
    der: &'static [u8],
    sha256: &'static str,
    purpose: Purpose,
    generation: u16,
    name: &'static str,
}

/// The J-LIS roots as shipped.
const JLIS: [Embedded; 4] = [
    Embedded {
        der: include_bytes!("roots/auth_ca_2015.der"),
        sha256: "4dcfc4ca0aaf9fb2a3081b3f0c991c320b3acc008667a341eeaec5af1d58ca7d",
        purpose: Purpose::Auth,
        generation: 2015,
        name: "J-LIS JPKI auth CA 2015",
    },
    Embedded {
        der: include_bytes!("roots/sign_ca_2015.der"),
        sha256: "19645405a1fe14377434bd55957628ac4038557c542403a2243f21c706fc9355",
        purpose: Purpose::Sign,
        generation: 2015,
        name: "J-LIS JPKI sign CA 2015",
    },
    Embedded {
        der: include_bytes!("roots/auth_ca_2023.der"),
        sha256: "64114f29620c24ed2631d46476a040e7ee740d956089c00b036a6a8118c322b5",
        purpose: Purpose::Auth,
        generation: 2023,
        name: "J-LIS JPKI auth CA 2023",
    },
    Embedded {
        der: include_bytes!("roots/sign_ca_2023.der"),
        sha256: "d227f6cde11d35c5252178f106f843d24651944975413b539fa2fb68dbfa365f",
        purpose: Purpose::Sign,
        generation: 2023,
        name: "J-LIS JPKI sign CA 2023",
    },
];

/// The TEST roots (made by the `testpki` generator, checked in).
const TEST: [Embedded; 2] = [
    Embedded {
        der: include_bytes!("roots/test_auth_root.der"),
        sha256: "9d00beb37419e2d30080959d2e851a0a02c06bd5b6ec43069e06123e2a748cd7",
        purpose: Purpose::Auth,
        generation: 0,
        name: "TEST JPKI auth root (not J-LIS)",
    },
    Embedded {
        der: include_bytes!("roots/test_sign_root.der"),
        sha256: "e345722184bc4cf7ed4874b12329d8f29e701e792e9007fea035ae43b93fd481",
        purpose: Purpose::Sign,
        generation: 0,
        name: "TEST JPKI sign root (not J-LIS)",
    },
];

/// Parse a table of roots.
fn load_all(table: &[Embedded], test: bool) -> Result<Vec<Root>, Error> {
    table.iter().map(|entry| Root::load(entry, test)).collect()
}

/// The four J-LIS roots, parsed at first use.
pub fn jlis_roots() -> Result<&'static [Root], Error> {
    static ROOTS: OnceLock<Result<Vec<Root>, Error>> = OnceLock::new();
    ROOTS
        .get_or_init(|| load_all(&JLIS, false))
        .as_deref()
        .map_err(Clone::clone)
}

/// The J-LIS roots' certificates parsed once, in [`jlis_roots`] order (`None`: did not parse,
/// which the embedded roots always do).
pub(crate) fn jlis_root_certs() -> &'static [Option<Cert<'static>>] {
    static CERTS: OnceLock<Vec<Option<Cert<'static>>>> = OnceLock::new();
    CERTS.get_or_init(|| parse_all(jlis_roots()))
}

/// The TEST roots' certificates parsed once, in [`test_roots`] order.
pub(crate) fn test_root_certs() -> &'static [Option<Cert<'static>>] {
    static CERTS: OnceLock<Vec<Option<Cert<'static>>>> = OnceLock::new();
    CERTS.get_or_init(|| parse_all(test_roots()))
}

fn parse_all(roots: Result<&'static [Root], Error>) -> Vec<Option<Cert<'static>>> {
    roots
        .unwrap_or_default()
        .iter()
        .map(|r| Cert::from_der(&r.der).ok())
        .collect()
}

/// The two TEST roots, parsed at first use. Never trusted unless the caller selects them.
pub fn test_roots() -> Result<&'static [Root], Error> {
    static ROOTS: OnceLock<Result<Vec<Root>, Error>> = OnceLock::new();
    ROOTS
        .get_or_init(|| load_all(&TEST, true))
        .as_deref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jpki::dn::hex_lower;
    use sha2::{Digest, Sha256};

    #[test]
    fn embedded_der_and_hashes_match_the_pem_files() {
        let pems = [
            include_str!("roots/auth_ca_2015.pem"),
            include_str!("roots/sign_ca_2015.pem"),
            include_str!("roots/auth_ca_2023.pem"),
            include_str!("roots/sign_ca_2023.pem"),
            include_str!("roots/test_auth_root.pem"),
            include_str!("roots/test_sign_root.pem"),
        ];
        for (entry, text) in JLIS.iter().chain(TEST.iter()).zip(pems) {
            let der = crate::wire::pem::certificates(text).unwrap().remove(0);
            assert_eq!(entry.der, &der[..], "{}", entry.name);
            assert_eq!(
                entry.sha256,
                hex_lower(&Sha256::digest(&der)),
                "{}",
                entry.name
            );
        }
    }

    #[test]
    fn four_jlis_roots_with_purposes_and_generations() {
        let roots = jlis_roots().unwrap();
        let tags: Vec<(Purpose, u16)> = roots.iter().map(|r| (r.purpose, r.generation)).collect();
        assert_eq!(
            tags,
            [
                (Purpose::Auth, 2015),
                (Purpose::Sign, 2015),
                (Purpose::Auth, 2023),
                (Purpose::Sign, 2023)
            ]
        );
        assert!(roots.iter().all(|r| !r.test && r.sha256.len() == 64));
        assert_eq!(
            roots[2].sha256,
            "64114f29620c24ed2631d46476a040e7ee740d956089c00b036a6a8118c322b5"
        );
    }

    #[test]
    fn test_roots_are_marked_test() {
        let roots = test_roots().unwrap();
        assert_eq!(roots.len(), 2);
        assert!(roots.iter().all(|r| r.test && r.generation == 0));
        assert_eq!(
            (roots[0].purpose, roots[1].purpose),
            (Purpose::Auth, Purpose::Sign)
        );
    }
}
