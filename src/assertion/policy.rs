//! The relying party's token policy: what it trusts and accepts. One value, built once at start-up
//! ([`TokenPolicy::default`] is the production setting for a sign-in); the per-request inputs
//! (origin, nonce, time) are passed to [`super::verify_token::verify_token`] separately.

use crate::jpki::{Identity, Purpose, TrustSelection};
use crate::pki::revocation::Freshness;
use crate::Error;

/// Default tolerance for clocks that disagree, in seconds.
pub const DEFAULT_CLOCK_SKEW_SECONDS: u32 = 300;
/// Largest tolerance accepted, in seconds.
pub const MAX_CLOCK_SKEW_SECONDS: u32 = 3600;

/// What to do about revocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RevocationMode {
    /// Without revocation evidence the token fails with `REVOCATION_UNKNOWN`.
    Require,
    /// Use evidence when there is some; otherwise succeed with status `unknown` and a warning.
    #[default]
    Prefer,
    /// Do not consider revocation: status `not-checked`.
    Off,
}

impl RevocationMode {
    /// From `require` / `prefer` / `off`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "require" => Ok(RevocationMode::Require),
            "prefer" => Ok(RevocationMode::Prefer),
            "off" => Ok(RevocationMode::Off),
            _ => Err(Error::InvalidOptions(
                "revocation must be 'require', 'prefer' or 'off'",
            )),
        }
    }
}

/// An identity attribute of a JPKI signature certificate that a policy can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentityAttribute {
    /// `name`.
    Name,
    /// `address`.
    Address,
    /// `dateOfBirth`.
    DateOfBirth,
    /// `gender`.
    Gender,
}

impl IdentityAttribute {
    /// From the result's key: `name`, `address`, `dateOfBirth`, `gender`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "name" => Ok(IdentityAttribute::Name),
            "address" => Ok(IdentityAttribute::Address),
            "dateOfBirth" => Ok(IdentityAttribute::DateOfBirth),
            "gender" => Ok(IdentityAttribute::Gender),
            _ => Err(Error::InvalidOptions(
                "required attributes are 'name', 'address', 'dateOfBirth', 'gender'",
            )),
        }
    }

    /// The label used in `ATTRIBUTE_MISSING` (the same words the JPKI layer uses).
    pub fn label(self) -> &'static str {
        match self {
            IdentityAttribute::Name => "name",
            IdentityAttribute::Address => "address",
            IdentityAttribute::DateOfBirth => "date of birth",
            IdentityAttribute::Gender => "gender",
        }
    }

    /// Is the attribute present (non-empty) in `identity`?
    pub fn is_present(self, identity: &Identity) -> bool {
        match self {
            IdentityAttribute::Name => !identity.name.is_empty(),
            IdentityAttribute::Address => !identity.address.is_empty(),
            // Both are parsed and typed by the JPKI layer; present whenever there is an identity.
            IdentityAttribute::DateOfBirth | IdentityAttribute::Gender => true,
        }
    }
}

/// Everything a relying party decides once. `Default`: J-LIS roots, `jpki-auth` only (a
/// sign-in proves the holder is present; identity attributes from `jpki-sign` are opt-in),
/// 300 s clock skew, no development origins, revocation `prefer`, no required attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPolicy {
    /// Which roots to trust: J-LIS (`jpki`), the TEST roots (`jpki-test`) or custom anchors.
    pub trust: TrustSelection,
    /// Certificate kinds accepted; another kind is `CERT_WRONG_PURPOSE`.
    pub accepted_kinds: Vec<Purpose>,
    /// Tolerance applied to certificate validity (notBefore / notAfter), in seconds.
    pub clock_skew_seconds: u32,
    /// Admit `http://localhost`-style origins (development only).
    pub allow_dev_origins: bool,
    /// What to do about revocation.
    pub revocation: RevocationMode,
    /// How current revocation evidence must be (default: 300 s skew, 48 h maximum age).
    pub revocation_freshness: Freshness,
    /// Attributes a `jpki-sign` certificate must carry. When non-empty, a `jpki-auth`
    /// certificate (which carries none) fails with `ATTRIBUTE_MISSING`.
    pub required_attributes: Vec<IdentityAttribute>,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        TokenPolicy {
            trust: TrustSelection::Jlis,
            accepted_kinds: vec![Purpose::Auth],
            clock_skew_seconds: DEFAULT_CLOCK_SKEW_SECONDS,
            allow_dev_origins: false,
            revocation: RevocationMode::Prefer,
            revocation_freshness: Freshness::default(),
            required_attributes: Vec::new(),
        }
    }
}

impl TokenPolicy {
    /// Refuse contradictory or out-of-range settings (`INVALID_OPTIONS`).
    pub fn check(&self) -> Result<(), Error> {
        if self.accepted_kinds.is_empty() {
            return Err(Error::InvalidOptions("acceptedKinds must not be empty"));
        }
        if self.clock_skew_seconds > MAX_CLOCK_SKEW_SECONDS {
            return Err(Error::InvalidOptions("clockSkewSeconds must be 0..=3600"));
        }
        if !self.required_attributes.is_empty() && !self.accepted_kinds.contains(&Purpose::Sign) {
            return Err(Error::InvalidOptions(
                "requiredAttributes need 'jpki-sign' among the accepted kinds",
            ));
        }
        Ok(())
    }

    /// `ATTRIBUTE_MISSING` for the first required attribute `identity` lacks (all of them
    /// when there is no identity, i.e. an auth certificate).
    pub fn check_attributes(&self, identity: Option<&Identity>) -> Result<(), Error> {
        for attr in &self.required_attributes {
            if !identity.is_some_and(|id| attr.is_present(id)) {
                return Err(Error::AttributeMissing(attr.label()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_auth_only() {
        let p = TokenPolicy::default();
        assert!(p.check().is_ok());
        assert_eq!(p.accepted_kinds, vec![Purpose::Auth]);
        assert_eq!(p.revocation, RevocationMode::Prefer);
        assert_eq!(p.trust, TrustSelection::Jlis);
    }

    #[test]
    fn contradictions_are_misuse() {
        let code = |p: TokenPolicy| p.check().unwrap_err().code();
        let empty = TokenPolicy {
            accepted_kinds: vec![],
            ..TokenPolicy::default()
        };
        assert_eq!(code(empty), "INVALID_OPTIONS");
        let skew = TokenPolicy {
            clock_skew_seconds: 3601,
            ..TokenPolicy::default()
        };
        assert_eq!(code(skew), "INVALID_OPTIONS");
        let attrs_without_sign = TokenPolicy {
            required_attributes: vec![IdentityAttribute::Name],
            ..TokenPolicy::default()
        };
        assert_eq!(code(attrs_without_sign), "INVALID_OPTIONS");
    }

    #[test]
    fn names_parse() {
        assert_eq!(RevocationMode::parse("off"), Ok(RevocationMode::Off));
        assert_eq!(
            RevocationMode::parse("require"),
            Ok(RevocationMode::Require)
        );
        assert!(RevocationMode::parse("Off").is_err());
        assert_eq!(
            IdentityAttribute::parse("dateOfBirth"),
            Ok(IdentityAttribute::DateOfBirth)
        );
        assert!(IdentityAttribute::parse("birthday").is_err());
    }

    #[test]
    fn auth_certificates_lack_every_required_attribute() {
        let p = TokenPolicy {
            accepted_kinds: vec![Purpose::Auth, Purpose::Sign],
            required_attributes: vec![IdentityAttribute::Address],
            ..TokenPolicy::default()
        };
        assert_eq!(
            p.check_attributes(None),
            Err(Error::AttributeMissing("address"))
        );
        assert!(TokenPolicy::default().check_attributes(None).is_ok());
    }
}
