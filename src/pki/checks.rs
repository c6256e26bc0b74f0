//! The checks on single certificates that path validation applies: the end-entity's purpose and
//! structure, each issuer's CA-ness, and signatures. RFC 5280 rules apply in every profile;
//! [`Profile::WebPki`] adds the CA/Browser Forum rules a TLS client expects.

use super::cert::{names_equal, Cert, Extensions};
use super::options::{eku, key_usage, Profile, ValidationOptions};
use super::{names, policy, signature, UnixTime};
use crate::wire::algorithm::{algorithm_identifier, dotted};
use crate::wire::x509::extension::oids;
use crate::wire::x509::key::{shape, KeyShape};
use crate::wire::x509::GeneralName;
use crate::Error;

/// The context of a candidate issuer.
pub struct IssuerCheck<'c, 'a> {
    /// The candidate is a configured trust anchor.
    pub is_anchor: bool,
    /// The end-entity and the intermediates already below the candidate, end-entity first.
    pub below: &'c [&'c Cert<'a>],
}

/// Everything about the end-entity alone. Returns its acceptable policies (empty when the caller
/// set none).
pub fn end_entity(ee: &Cert<'_>, opts: &ValidationOptions) -> Result<Vec<String>, Error> {
    validity(ee, opts.time)?;
    structure(ee, false, false)?;
    let ext = ee.extensions()?;
    key_identifiers(ee, &ext, false, opts)?;
    let subject_empty = ee.x509.subject().is_empty();
    match ext.san_critical {
        None if subject_empty => {
            return Err(Error::CertInvalid("empty subject without subjectAltName"))
        }
        Some(false) if subject_empty => {
            return Err(Error::ExtensionInvalid(
                "subjectAltName must be critical when the subject is empty",
            ))
        }
        Some(true) if !subject_empty && opts.profile == Profile::WebPki => {
            return Err(Error::ExtensionInvalid(
                "critical subjectAltName with a non-empty subject",
            ))
        }
        _ => {}
    }
    let ku = ext.key_usage;
    if !ext.is_ca() {
        if ext.name_constraints_critical.is_some() {
            return Err(Error::ExtensionInvalid(
                "nameConstraints in an end-entity certificate",
            ));
        }
        if ku.is_some_and(|k| k & key_usage::KEY_CERT_SIGN != 0) {
            return Err(Error::ExtensionInvalid("keyCertSign without cA"));
        }
    } else if opts.profile == Profile::WebPki {
        return Err(Error::CertWrongPurpose);
    }
    if opts.required_key_usage != 0
        && ku.is_none_or(|k| k & opts.required_key_usage != opts.required_key_usage)
    {
        return Err(Error::CertWrongPurpose);
    }
    extended_key_usage(&ext, opts)?;
    if opts.profile == Profile::WebPki {
        acceptable_key(ee)?;
        common_names_copy_san(ee)?;
    }
    let accepted = policy::end_entity(&ext, opts)?;
    if let Some(name) = &opts.expected_name {
        names::verify_name(&ee.x509, name)?;
    }
    Ok(accepted)
}

fn extended_key_usage(ext: &Extensions<'_>, opts: &ValidationOptions) -> Result<(), Error> {
    let Some(wanted) = &opts.extended_key_usage else {
        return Ok(());
    };
    match &ext.eku {
        None if opts.require_eku_extension || opts.profile == Profile::WebPki => {
            Err(Error::CertWrongPurpose)
        }
        None => Ok(()),
        Some((critical, oids)) => {
            if opts.profile == Profile::WebPki {
                if *critical {
                    return Err(Error::ExtensionInvalid("critical extKeyUsage"));
                }
                if oids.iter().any(|o| o == eku::ANY) {
                    return Err(Error::CertWrongPurpose);
                }
            }
            let any_ok = opts.profile == Profile::Rfc5280 && oids.iter().any(|o| o == eku::ANY);
            if any_ok || oids.iter().any(|o| wanted.contains(o)) {
                Ok(())
            } else {
                Err(Error::CertWrongPurpose)
            }
        }
    }
}

/// Everything about a candidate issuer that does not need its signature.
pub fn issuer(
    ca: &Cert<'_>,
    ctx: &IssuerCheck<'_, '_>,
    opts: &ValidationOptions,
) -> Result<(), Error> {
    if !ctx.is_anchor || opts.check_anchor_validity {
        validity(ca, opts.time)?;
    }
    structure(ca, true, ctx.is_anchor)?;
    let ext = ca.extensions()?;
    match &ext.basic_constraints {
        Some((true, bc)) if bc.ca => {
            // Self-issued intermediates do not count towards pathLenConstraint (RFC 5280 §6.1.4).
            if let Some(max) = bc.path_len_constraint {
                let counted = ctx
                    .below
                    .iter()
                    .skip(1)
                    .filter(|c| !c.is_self_issued())
                    .count();
                if counted > max as usize {
                    return Err(Error::PathLenExceeded);
                }
            }
        }
        Some((false, bc)) if bc.ca => {
            return Err(Error::ExtensionInvalid(
                "basicConstraints of a CA must be critical",
            ))
        }
        _ => return Err(Error::CertNotCa),
    }
    if ext
        .key_usage
        .is_some_and(|k| k & key_usage::KEY_CERT_SIGN == 0)
    {
        return Err(Error::CertNotCa);
    }
    if ext.ski.is_none() {
        return Err(Error::ExtensionInvalid(
            "CA certificate without subjectKeyIdentifier",
        ));
    }
    key_identifiers(ca, &ext, ctx.is_anchor, opts)?;
    if ext.name_constraints_critical == Some(false) && opts.profile == Profile::Rfc5280 {
        return Err(Error::ExtensionInvalid("nameConstraints must be critical"));
    }
    if ext.policy_constraints_critical == Some(false) {
        return Err(Error::ExtensionInvalid(
            "policyConstraints must be critical",
        ));
    }
    if opts.profile == Profile::WebPki {
        if ctx.is_anchor && ext.eku.is_some() {
            return Err(Error::ExtensionInvalid("extKeyUsage in a root certificate"));
        }
        acceptable_key(ca)?;
    }
    Ok(())
}

/// `child`'s signature verifies with `issuer`'s key.
pub fn signed_by(
    child: &Cert<'_>,
    issuer: &Cert<'_>,
    opts: &ValidationOptions,
) -> Result<(), Error> {
    signed_under(child, issuer.x509.public_key().raw, opts.allow_sha1)
}

/// `child`'s signature verifies with the key `issuer_spki` (a complete SubjectPublicKeyInfo
/// DER); SHA-1 (RSA PKCS#1 v1.5 only) when `allow_sha1`.
pub fn signed_under(child: &Cert<'_>, issuer_spki: &[u8], allow_sha1: bool) -> Result<(), Error> {
    signature::verify_signature_with(
        issuer_spki,
        signature_algorithm(child)?,
        child.x509.tbs(),
        child.x509.signature_value(),
        allow_sha1,
    )
}

/// The algorithm `cert` is signed with (its outer signatureAlgorithm).
pub fn signature_algorithm(cert: &Cert<'_>) -> Result<signature::SignatureAlgorithm, Error> {
    let alg_id = algorithm_identifier(cert.x509.signature_algorithm())?;
    signature::SignatureAlgorithm::from_x509(&dotted(alg_id.oid), alg_id.params)
}

fn validity(cert: &Cert<'_>, at: UnixTime) -> Result<(), Error> {
    let (not_before, not_after) = cert.x509.validity();
    if at.0 < not_before {
        return Err(Error::CertNotYetValid);
    }
    if at.0 > not_after {
        return Err(Error::CertExpired);
    }
    Ok(())
}

/// Version, serial number, names and algorithm consistency (RFC 5280 §4.1). A trust anchor's
/// serial number is not judged: the anchor is trusted by configuration, not by its encoding.
fn structure(cert: &Cert<'_>, is_ca: bool, is_anchor: bool) -> Result<(), Error> {
    let x = &cert.x509;
    if x.version() != 2 {
        return Err(Error::CertInvalid("not an X.509 v3 certificate"));
    }
    if !is_anchor {
        serial_number(x.raw_serial())?;
    }
    if x.issuer().is_empty() {
        return Err(Error::CertInvalid("empty issuer name"));
    }
    if is_ca && x.subject().is_empty() {
        return Err(Error::CertInvalid("CA certificate with an empty subject"));
    }
    // RFC 5280 §4.1.1.2: compared as encoded bytes, so that two encodings a lenient reader
    // would take alike still differ.
    if x.signature_algorithm() != x.tbs_signature() {
        return Err(Error::CertInvalid("signature algorithm fields differ"));
    }
    Ok(())
}

/// RFC 5280 §4.1.2.2: a positive integer of at most 20 octets.
fn serial_number(serial: &[u8]) -> Result<(), Error> {
    let significant = serial.strip_prefix(&[0u8]).unwrap_or(serial);
    if serial.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(Error::CertInvalid("negative serial number"));
    }
    if significant.iter().all(|&b| b == 0) {
        return Err(Error::CertInvalid("zero serial number"));
    }
    if serial.len() > 20 {
        return Err(Error::CertInvalid("serial number longer than 20 octets"));
    }
    Ok(())
}

/// Authority and subject key identifiers (RFC 5280 §4.2.1.1–2): never critical; the AKI's
/// keyIdentifier is required on everything but self-signed certificates; a root's AKI, when
/// present, must only repeat its SKI.
fn key_identifiers(
    cert: &Cert<'_>,
    ext: &Extensions<'_>,
    is_anchor: bool,
    opts: &ValidationOptions,
) -> Result<(), Error> {
    if ext.ski.is_some_and(|(critical, _)| critical) {
        return Err(Error::ExtensionInvalid("critical subjectKeyIdentifier"));
    }
    let self_issued = cert.is_self_issued();
    match &ext.aki {
        Some(aki) if aki.critical => {
            Err(Error::ExtensionInvalid("critical authorityKeyIdentifier"))
        }
        Some(aki) if is_anchor && self_issued => {
            let ski = ext.ski.map(|(_, v)| v);
            if aki.key_id.is_none() || aki.has_issuer_or_serial || aki.key_id != ski {
                Err(Error::ExtensionInvalid(
                    "root authorityKeyIdentifier must repeat the subjectKeyIdentifier",
                ))
            } else {
                Ok(())
            }
        }
        Some(aki) if aki.key_id.is_none() && !self_issued => Err(Error::ExtensionInvalid(
            "authorityKeyIdentifier without keyIdentifier",
        )),
        // A configured anchor may lack it even when cross-signed: it is trusted as given.
        None if !self_issued && !is_anchor && opts.require_authority_key_id => {
            Err(Error::ExtensionInvalid("missing authorityKeyIdentifier"))
        }
        _ => Ok(()),
    }
}

/// CA/Browser Forum key rules: RSA of at least 2048 bits in whole bytes, ECDSA on P-256/P-384
/// with a named curve; nothing else (DSA, P-192, explicit curves).
fn acceptable_key(cert: &Cert<'_>) -> Result<(), Error> {
    match shape(cert.x509.public_key()) {
        Ok(KeyShape::Rsa { modulus_bits }) if modulus_bits >= 2048 && modulus_bits % 8 == 0 => {
            Ok(())
        }
        Ok(KeyShape::Ec {
            curve: Some(P256 | P384),
            ..
        }) => Ok(()),
        _ => Err(Error::KeyInvalid),
    }
}

/// prime256v1 and secp384r1 (OID content octets).
const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// CA/Browser Forum BR 7.1.4.3: a subject commonName, when present, is a character-for-character
/// copy of a dNSName SAN, or the canonical text of an iPAddress SAN (dotted decimal IPv4, RFC
/// 5952 IPv6).
fn common_names_copy_san(ee: &Cert<'_>) -> Result<(), Error> {
    let san = names::subject_alt_names(&ee.x509).ok().flatten();
    let names: &[GeneralName<'_>] = san.as_ref().map_or(&[], |s| &s.1);
    for cn in ee.x509.subject().attributes_of(oids::COMMON_NAME) {
        let text = cn
            .as_str()
            .ok_or(Error::CertInvalid("commonName is not a string"))?;
        let copied = names.iter().any(|n| match n {
            GeneralName::Dns(d) => *d == text,
            GeneralName::Ip(bytes) => names::ip_text::canonical(bytes).is_some_and(|t| t == text),
            _ => false,
        });
        if !copied {
            return Err(Error::NameMismatch);
        }
    }
    Ok(())
}

/// Subjects equal as RFC 5280 compares names (re-exported for the JPKI layer).
pub fn same_name(a: &Cert<'_>, b: &Cert<'_>) -> bool {
    names_equal(a.x509.subject().as_raw(), b.x509.subject().as_raw())
}
