//! The J-LIS trust store: the four JPKI root certificates (auth and sign, 2015 and 2023
//! generations), parsed once at first use, each tagged with its purpose and generation. Also
//! the TEST roots of this crate's test hierarchy, which are only used when a caller opts in.

use super::dn::hex_lower;
use crate::pki::cert::{self, Cert};
use crate::pki::{TrustAnchor, UnixTime};
use crate::wire::pem;
use crate::Error;
use serde::Serialize;
use sha2::{Digest, Sha256};
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
    /// Parse a PEM root and tag it.
    fn load(
        pem_text: &str,
        name: &str,
        purpose: Purpose,
        generation: u16,
        test: bool,
    ) -> Result<Root, Error> {
        let der = pem::certificates(pem_text)?
            .into_iter()
            .next()
            .ok_or(Error::PemMalformed)?;
        let parsed = cert::parse(&der)?;
        let (not_before, not_after) = parsed.validity();
        let (not_before, not_after) = (UnixTime(not_before), UnixTime(not_after));
        let sha256 = hex_lower(&Sha256::digest(&der));
        let subject = crate::jpki::dn::rfc4514(parsed.subject());
        Ok(Root {
            name: name.to_string(),
            purpose,
            generation,
            test,
            der,
            sha256,
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

/// The J-LIS roots as shipped (PEM, purpose, generation, label).
const JLIS: [(&str, Purpose, u16, &str); 4] = [
    (
        include_str!("roots/auth_ca_2015.pem"),
        Purpose::Auth,
        2015,
        "J-LIS JPKI auth CA 2015",
    ),
    (
        include_str!("roots/sign_ca_2015.pem"),
        Purpose::Sign,
        2015,
        "J-LIS JPKI sign CA 2015",
    ),
    (
        include_str!("roots/auth_ca_2023.pem"),
        Purpose::Auth,
        2023,
        "J-LIS JPKI auth CA 2023",
    ),
    (
        include_str!("roots/sign_ca_2023.pem"),
        Purpose::Sign,
        2023,
        "J-LIS JPKI sign CA 2023",
    ),
];

/// The TEST roots (made by the `testpki` generator, checked in).
const TEST: [(&str, Purpose, u16, &str); 2] = [
    (
        include_str!("roots/test_auth_root.pem"),
        Purpose::Auth,
        0,
        "TEST JPKI auth root (not J-LIS)",
    ),
    (
        include_str!("roots/test_sign_root.pem"),
        Purpose::Sign,
        0,
        "TEST JPKI sign root (not J-LIS)",
    ),
];

/// Parse a table of roots.
fn load_all(table: &[(&str, Purpose, u16, &str)], test: bool) -> Result<Vec<Root>, Error> {
    table
        .iter()
        .map(|(pem, purpose, generation, name)| Root::load(pem, name, *purpose, *generation, test))
        .collect()
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
