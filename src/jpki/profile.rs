//! The JPKI end-entity profile: which certificates are user-authentication certificates and
//! which are signature certificates. Classification looks at the certificate only; it implies
//! no trust.
//!
//! - `jpki-auth`: keyUsage present, critical, exactly digitalSignature; a policy under an auth
//!   prefix (default `1.2.392.200149.8.5.1.3.`).
//! - `jpki-sign`: keyUsage present, critical, exactly digitalSignature + nonRepudiation; a policy
//!   under a sign prefix (default `1.2.392.200149.8.5.1.1.`).
//!
//! A keyUsage of any other shape is `CERT_WRONG_PURPOSE`; the right keyUsage without a matching
//! policy is `CERT_POLICY_NOT_ALLOWED`.

use super::roots::Purpose;
use crate::pki::options::key_usage;
use crate::wire::x509::extension::{self, oids};
use crate::wire::x509::oid::dotted;
use crate::wire::x509::Certificate;
use crate::Error;

/// Policy prefix of user-authentication certificates.
pub const AUTH_POLICY_PREFIX: &str = "1.2.392.200149.8.5.1.3.";
/// Policy prefix of signature certificates.
pub const SIGN_POLICY_PREFIX: &str = "1.2.392.200149.8.5.1.1.";
/// Policy prefix of signature certificates of J-LIS's test environment (accepted only with the
/// TEST trust store).
pub const TEST_SIGN_POLICY_PREFIX: &str = "1.2.392.200149.8.5.1.0.";
/// Most policies read from one certificate.
const MAX_POLICIES: usize = 32;

/// Acceptable policies per purpose. Entries ending with `.` are prefixes, others exact OIDs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicySet {
    pub auth: Vec<String>,
    pub sign: Vec<String>,
}

impl Default for PolicySet {
    fn default() -> Self {
        PolicySet {
            auth: vec![AUTH_POLICY_PREFIX.into()],
            sign: vec![SIGN_POLICY_PREFIX.into()],
        }
    }
}

impl PolicySet {
    /// The entries for `purpose`.
    pub fn for_purpose(&self, purpose: Purpose) -> &[String] {
        match purpose {
            Purpose::Auth => &self.auth,
            Purpose::Sign => &self.sign,
        }
    }

    /// The default set plus the test-environment sign prefix (for descriptions and the TEST
    /// trust store).
    pub fn with_test_environment() -> Self {
        let mut set = PolicySet::default();
        set.sign.push(TEST_SIGN_POLICY_PREFIX.into());
        set
    }
}

/// Does `policy` match `entry` (prefix when `entry` ends with `.`)?
pub fn policy_matches(policy: &str, entry: &str) -> bool {
    if entry.ends_with('.') {
        policy.starts_with(entry) && policy.len() > entry.len()
    } else {
        policy == entry
    }
}

/// The certificate policy OIDs (dotted), at most 32.
pub fn policies(cert: &Certificate<'_>) -> Result<Vec<String>, Error> {
    let bad = |_| Error::ExtensionInvalid("certificatePolicies");
    let Some(ext) = cert
        .unique_extension(oids::CERTIFICATE_POLICIES)
        .map_err(bad)?
    else {
        return Ok(Vec::new());
    };
    let list = extension::certificate_policies(ext.value).map_err(bad)?;
    if list.len() > MAX_POLICIES {
        return Err(Error::ExtensionInvalid("certificatePolicies"));
    }
    Ok(list.into_iter().map(dotted).collect())
}

/// The keyUsage bit mask (see [`key_usage`]) and criticality, or `None` when absent.
pub fn key_usage_bits(cert: &Certificate<'_>) -> Result<Option<(u16, bool)>, Error> {
    let bad = |_| Error::ExtensionInvalid("keyUsage");
    let Some(ext) = cert.unique_extension(oids::KEY_USAGE).map_err(bad)? else {
        return Ok(None);
    };
    Ok(Some((
        extension::key_usage(ext.value).map_err(bad)?,
        ext.critical,
    )))
}

/// The purpose the keyUsage gives, or `CERT_WRONG_PURPOSE`.
pub fn purpose_from_key_usage(cert: &Certificate<'_>) -> Result<Purpose, Error> {
    const AUTH: u16 = key_usage::DIGITAL_SIGNATURE;
    const SIGN: u16 = key_usage::DIGITAL_SIGNATURE | key_usage::NON_REPUDIATION;
    match key_usage_bits(cert)? {
        Some((AUTH, true)) => Ok(Purpose::Auth),
        Some((SIGN, true)) => Ok(Purpose::Sign),
        _ => Err(Error::CertWrongPurpose),
    }
}

/// Classify `cert` as a JPKI end-entity under `set`.
pub fn classify(cert: &Certificate<'_>, set: &PolicySet) -> Result<Purpose, Error> {
    if cert.is_ca() {
        return Err(Error::CertWrongPurpose);
    }
    let purpose = purpose_from_key_usage(cert)?;
    let entries = set.for_purpose(purpose);
    let found = policies(cert)?;
    if found
        .iter()
        .any(|p| entries.iter().any(|e| policy_matches(p, e)))
    {
        Ok(purpose)
    } else {
        Err(Error::CertPolicyNotAllowed)
    }
}

/// The key-usage mask `verify_path` must require for `purpose`.
pub fn required_key_usage(purpose: Purpose) -> u16 {
    match purpose {
        Purpose::Auth => key_usage::DIGITAL_SIGNATURE,
        Purpose::Sign => key_usage::DIGITAL_SIGNATURE | key_usage::NON_REPUDIATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_exact_entries() {
        assert!(policy_matches(
            "1.2.392.200149.8.5.1.3.30",
            AUTH_POLICY_PREFIX
        ));
        assert!(!policy_matches(
            "1.2.392.200149.8.5.1.30",
            AUTH_POLICY_PREFIX
        ));
        assert!(!policy_matches(
            "1.2.392.200149.8.5.1.3.",
            AUTH_POLICY_PREFIX
        ));
        assert!(!policy_matches(
            "1.2.392.200149.8.5.1.1.20",
            AUTH_POLICY_PREFIX
        ));
        assert!(policy_matches(
            "1.2.392.200149.8.5.1.1.20",
            "1.2.392.200149.8.5.1.1.20"
        ));
        assert!(!policy_matches(
            "1.2.392.200149.8.5.1.1.200",
            "1.2.392.200149.8.5.1.1.20"
        ));
        assert_eq!(PolicySet::with_test_environment().sign.len(), 2);
    }
}
