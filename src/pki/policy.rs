//! Certificate policies, simplified RFC 5280 §6.1 processing: the caller names acceptable
//! policies (exact OIDs, or prefixes ending in `.`); the end-entity must assert one of them and
//! every intermediate must assert it too or anyPolicy. Policy mappings are not supported: a path
//! whose intermediates map policies is refused when policies are requested.

use super::cert::{Cert, Extensions};
use super::options::ValidationOptions;
use crate::Error;

/// The anyPolicy OID.
pub const ANY_POLICY: &str = "2.5.29.32.0";

fn matches(entry: &str, oid: &str) -> bool {
    if entry.ends_with('.') {
        oid.starts_with(entry) && oid.len() > entry.len()
    } else {
        entry == oid
    }
}

/// The end-entity's policies that the caller accepts; `CertPolicyNotAllowed` when none.
pub fn end_entity(ext: &Extensions<'_>, opts: &ValidationOptions) -> Result<Vec<String>, Error> {
    let Some(acceptable) = &opts.acceptable_policies else {
        return Ok(Vec::new());
    };
    let asserted = ext.policies.as_deref().unwrap_or(&[]);
    let accepted: Vec<String> = asserted
        .iter()
        .filter(|p| acceptable.iter().any(|a| matches(a, p)))
        .cloned()
        .collect();
    if accepted.is_empty() {
        Err(Error::CertPolicyNotAllowed)
    } else {
        Ok(accepted)
    }
}

/// Narrow the end-entity's accepted policies by the intermediates of `chain` (end-entity first,
/// anchor last; the anchor's policies are not processed, as RFC 5280 §6.1 says).
pub fn narrow(
    accepted: &[String],
    chain: &[&Cert<'_>],
    opts: &ValidationOptions,
) -> Result<Vec<String>, Error> {
    if opts.acceptable_policies.is_none() {
        return Ok(Vec::new());
    }
    let mut current = accepted.to_vec();
    let intermediates = chain.iter().skip(1).take(chain.len().saturating_sub(2));
    for ca in intermediates {
        let ext = ca.extensions()?;
        if ext.has_policy_mappings {
            return Err(Error::CertPolicyNotAllowed);
        }
        let Some(ca_policies) = ext.policies else {
            return Err(Error::CertPolicyNotAllowed);
        };
        if !ca_policies.iter().any(|p| p == ANY_POLICY) {
            current.retain(|p| ca_policies.contains(p));
        }
        if current.is_empty() {
            return Err(Error::CertPolicyNotAllowed);
        }
    }
    Ok(current)
}
