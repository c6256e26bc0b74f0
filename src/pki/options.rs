//! What the caller asks of a path validation.

use super::names::ExpectedName;
use super::time::UnixTime;

/// Key usage bits (RFC 5280 §4.2.1.3), as a bit mask with bit 0 = digitalSignature.
pub mod key_usage {
    pub const DIGITAL_SIGNATURE: u16 = 1 << 0;
    pub const NON_REPUDIATION: u16 = 1 << 1;
    pub const KEY_ENCIPHERMENT: u16 = 1 << 2;
    pub const DATA_ENCIPHERMENT: u16 = 1 << 3;
    pub const KEY_AGREEMENT: u16 = 1 << 4;
    pub const KEY_CERT_SIGN: u16 = 1 << 5;
    pub const CRL_SIGN: u16 = 1 << 6;
    pub const ENCIPHER_ONLY: u16 = 1 << 7;
    pub const DECIPHER_ONLY: u16 = 1 << 8;
}

/// Well-known extended key usage OIDs.
pub mod eku {
    pub const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
    pub const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
    pub const CODE_SIGNING: &str = "1.3.6.1.5.5.7.3.3";
    pub const EMAIL_PROTECTION: &str = "1.3.6.1.5.5.7.3.4";
    pub const OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
    pub const ANY: &str = "2.5.29.37.0";
}

/// Work caps for one validation. Defaults are the documented budgets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budgets {
    /// Signature verifications (the expensive step).
    pub signatures: usize,
    /// Path-building steps (candidate issuers considered).
    pub build_steps: usize,
    /// Name-constraint comparisons.
    pub name_constraint_checks: usize,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            signatures: 100,
            build_steps: 200_000,
            name_constraint_checks: 250_000,
        }
    }
}

/// How strictly to read certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Profile {
    /// RFC 5280 as written.
    #[default]
    Rfc5280,
    /// RFC 5280 plus the CA/Browser Forum rules a TLS client applies (EKU on issuers constrains
    /// the leaf, SAN required for server names, ...). Used by the x509-limbo SERVER cases.
    WebPki,
}

/// Everything a path validation needs besides the certificates.
#[derive(Clone, Debug)]
pub struct ValidationOptions {
    /// Validation time (required; no hidden clock).
    pub time: UnixTime,
    /// Accept SHA-1 signatures (legacy verification only).
    pub allow_sha1: bool,
    /// Key usage bits the end-entity must assert (see [`key_usage`]). When non-zero the keyUsage
    /// extension must be present and include every bit.
    pub required_key_usage: u16,
    /// When set, the end-entity's EKU must include one of these OIDs (or have no EKU extension,
    /// unless `require_eku_extension`).
    pub extended_key_usage: Option<Vec<String>>,
    /// Refuse an end-entity without an EKU extension when `extended_key_usage` is set.
    pub require_eku_extension: bool,
    /// When set, at least one policy of the end-entity must match an entry: an entry ending with
    /// `.` matches as a prefix, any other entry exactly.
    pub acceptable_policies: Option<Vec<String>>,
    /// When set, the end-entity must hold this name.
    pub expected_name: Option<ExpectedName>,
    /// Longest chain allowed, counting the end-entity and the anchor (a hard cap on work).
    pub max_chain_len: usize,
    /// Most intermediates between the end-entity and the anchor, not counting self-issued ones
    /// (as pathLenConstraint counts them). `None`: only `max_chain_len` applies.
    pub max_intermediates: Option<usize>,
    /// Work caps.
    pub budgets: Budgets,
    /// Strictness profile.
    pub profile: Profile,
    /// Also require the trust anchor's own certificate to be valid at `time` (JPKI root
    /// generations are used by their own validity).
    pub check_anchor_validity: bool,
    /// Require the authorityKeyIdentifier (with keyIdentifier) on every certificate that is not
    /// self-issued, as RFC 5280 §4.2.1.1 requires of conforming CAs. It only helps path building,
    /// so a profile whose issuers are known (JPKI: end-entity directly under a J-LIS root) may
    /// turn it off to accept certificates from CAs that omit it.
    pub require_authority_key_id: bool,
}

impl ValidationOptions {
    /// Defaults for validation at `time`.
    pub fn at(time: UnixTime) -> Self {
        ValidationOptions {
            time,
            allow_sha1: false,
            required_key_usage: 0,
            extended_key_usage: None,
            require_eku_extension: false,
            acceptable_policies: None,
            expected_name: None,
            max_chain_len: 10,
            max_intermediates: None,
            budgets: Budgets::default(),
            profile: Profile::Rfc5280,
            check_anchor_validity: true,
            require_authority_key_id: true,
        }
    }
}
