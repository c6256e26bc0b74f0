//! The certificate extensions path validation reads (RFC 5280 §4.2), each decoded from its
//! extnValue octets by a small function. Every function refuses trailing data and anything
//! outside the DER shape it names.

use super::general_name::{general_names, names_in, GeneralName};
use super::oid;
use crate::wire::der::{self, Malformed, Reader, BIT_STRING, INTEGER, OID, SEQUENCE};

/// Universal tag: BOOLEAN.
const BOOLEAN: u8 = 0x01;
/// Universal tag: OCTET STRING.
const OCTET_STRING: u8 = 0x04;
/// The most OIDs an extKeyUsage or certificatePolicies may list.
pub const MAX_OID_LIST: usize = 64;

/// Extension OIDs (content octets).
pub mod oids {
    /// subjectKeyIdentifier.
    pub const SUBJECT_KEY_IDENTIFIER: &[u8] = &[0x55, 0x1d, 0x0e];
    /// keyUsage.
    pub const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
    /// subjectAltName.
    pub const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
    /// issuerAltName.
    pub const ISSUER_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x12];
    /// basicConstraints.
    pub const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
    /// nameConstraints.
    pub const NAME_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x1e];
    /// cRLDistributionPoints.
    pub const CRL_DISTRIBUTION_POINTS: &[u8] = &[0x55, 0x1d, 0x1f];
    /// certificatePolicies.
    pub const CERTIFICATE_POLICIES: &[u8] = &[0x55, 0x1d, 0x20];
    /// policyMappings.
    pub const POLICY_MAPPINGS: &[u8] = &[0x55, 0x1d, 0x21];
    /// authorityKeyIdentifier.
    pub const AUTHORITY_KEY_IDENTIFIER: &[u8] = &[0x55, 0x1d, 0x23];
    /// policyConstraints.
    pub const POLICY_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x24];
    /// extKeyUsage.
    pub const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
    /// inhibitAnyPolicy.
    pub const INHIBIT_ANY_POLICY: &[u8] = &[0x55, 0x1d, 0x36];
    /// authorityInfoAccess.
    pub const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01];
    /// subjectInfoAccess.
    pub const SUBJECT_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0b];
    /// pkcs-9 emailAddress (an attribute type, for name constraints on the subject).
    pub const EMAIL_ADDRESS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];
    /// id-at-commonName (an attribute type).
    pub const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
}

/// One extension: its OID, criticality and extnValue octets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// extnID (OID content octets).
    pub oid: &'a [u8],
    /// critical (DEFAULT FALSE).
    pub critical: bool,
    /// The contents of extnValue (the DER of the extension's own value).
    pub value: &'a [u8],
}

impl<'a> Extension<'a> {
    /// Read one `Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }`.
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, Malformed> {
        let mut fields = Reader::new(r.read(SEQUENCE)?);
        let oid = fields.read(OID)?;
        oid::check(oid)?;
        let critical = match fields.read_optional(BOOLEAN)? {
            None => false,
            Some([0xFF]) => true,
            Some([0x00]) => false,
            Some(_) => return Err(Malformed),
        };
        let value = fields.read(OCTET_STRING)?;
        fields.finish()?;
        Ok(Extension {
            oid,
            critical,
            value,
        })
    }
}

/// The contents of the single SEQUENCE that is all of `value`.
fn sequence(value: &[u8]) -> Result<&[u8], Malformed> {
    let mut r = Reader::new(value);
    let contents = r.read(SEQUENCE)?;
    r.finish()?;
    Ok(contents)
}

/// basicConstraints: `SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX)
/// OPTIONAL }`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BasicConstraints {
    /// cA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len_constraint: Option<u32>,
}

/// Decode basicConstraints.
pub fn basic_constraints(value: &[u8]) -> Result<BasicConstraints, Malformed> {
    let mut r = Reader::new(sequence(value)?);
    let ca = match r.read_optional(BOOLEAN)? {
        None | Some([0x00]) => false,
        Some([0xFF]) => true,
        Some(_) => return Err(Malformed),
    };
    let path_len_constraint = match r.read_optional(INTEGER)? {
        None => None,
        Some(v) => Some(u32::try_from(der::small_unsigned(v)?).map_err(|_| Malformed)?),
    };
    r.finish()?;
    Ok(BasicConstraints {
        ca,
        path_len_constraint,
    })
}

/// keyUsage: a BIT STRING of at most 9 named bits, as a mask with bit 0 = digitalSignature.
pub fn key_usage(value: &[u8]) -> Result<u16, Malformed> {
    let mut r = Reader::new(value);
    let bits = r.read(BIT_STRING)?;
    r.finish()?;
    let (&unused, bytes) = bits.split_first().ok_or(Malformed)?;
    if unused > 7 || bytes.len() > 2 || (bytes.is_empty() && unused != 0) {
        return Err(Malformed);
    }
    if bytes.last().is_some_and(|b| b & ((1u8 << unused) - 1) != 0) {
        return Err(Malformed); // unused bits must be zero
    }
    Ok(bytes
        .iter()
        .rev()
        .fold(0u16, |acc, b| (acc << 8) | u16::from(b.reverse_bits())))
}

/// A `SEQUENCE SIZE (1..MAX) OF OBJECT IDENTIFIER` as OID content octets.
fn oid_list(value: &[u8]) -> Result<Vec<&[u8]>, Malformed> {
    let mut r = Reader::new(sequence(value)?);
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_OID_LIST {
            return Err(Malformed);
        }
        let id = r.read(OID)?;
        oid::check(id)?;
        out.push(id);
    }
    if out.is_empty() {
        return Err(Malformed);
    }
    Ok(out)
}

/// extKeyUsage: the purposes as dotted OIDs (at least one).
pub fn ext_key_usage(value: &[u8]) -> Result<Vec<String>, Malformed> {
    Ok(oid_list(value)?.into_iter().map(oid::dotted).collect())
}

/// authorityKeyIdentifier: `SEQUENCE { keyIdentifier [0] OPTIONAL, authorityCertIssuer [1]
/// GeneralNames OPTIONAL, authorityCertSerialNumber [2] OPTIONAL }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthorityKeyId<'a> {
    /// keyIdentifier.
    pub key_id: Option<&'a [u8]>,
    /// authorityCertIssuer or authorityCertSerialNumber is present.
    pub has_issuer_or_serial: bool,
}

/// Decode authorityKeyIdentifier.
pub fn authority_key_id(value: &[u8]) -> Result<AuthorityKeyId<'_>, Malformed> {
    let mut r = Reader::new(sequence(value)?);
    let key_id = r.read_optional(0x80)?;
    let issuer = r.read_optional(0xA1)?;
    if let Some(names) = issuer {
        if names_in(names)?.is_empty() {
            return Err(Malformed);
        }
    }
    let serial = r.read_optional(0x82)?;
    r.finish()?;
    if issuer.is_some() != serial.is_some() {
        return Err(Malformed); // RFC 5280 §4.2.1.1: both or neither
    }
    Ok(AuthorityKeyId {
        key_id,
        has_issuer_or_serial: issuer.is_some() || serial.is_some(),
    })
}

/// subjectKeyIdentifier: the OCTET STRING's contents.
pub fn subject_key_id(value: &[u8]) -> Result<&[u8], Malformed> {
    let mut r = Reader::new(value);
    let id = r.read(OCTET_STRING)?;
    r.finish()?;
    Ok(id)
}

/// subjectAltName / issuerAltName: the GeneralNames (possibly empty; the caller judges).
pub fn alt_names(value: &[u8]) -> Result<Vec<GeneralName<'_>>, Malformed> {
    general_names(value)
}

/// certificatePolicies: the policy identifiers (content octets), at least one, no duplicates.
/// Qualifiers are checked to be a SEQUENCE and otherwise not read.
pub fn certificate_policies(value: &[u8]) -> Result<Vec<&[u8]>, Malformed> {
    let mut r = Reader::new(sequence(value)?);
    let mut out: Vec<&[u8]> = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_OID_LIST {
            return Err(Malformed);
        }
        let mut info = Reader::new(r.read(SEQUENCE)?);
        let id = info.read(OID)?;
        oid::check(id)?;
        info.read_optional(SEQUENCE)?; // policyQualifiers
        info.finish()?;
        if out.contains(&id) {
            return Err(Malformed); // RFC 5280 §4.2.1.4: at most once
        }
        out.push(id);
    }
    if out.is_empty() {
        return Err(Malformed);
    }
    Ok(out)
}

/// policyConstraints: `SEQUENCE { requireExplicitPolicy [0] OPTIONAL, inhibitPolicyMapping [1]
/// OPTIONAL }`, at least one present (RFC 5280 §4.2.1.11).
pub fn policy_constraints(value: &[u8]) -> Result<(Option<u64>, Option<u64>), Malformed> {
    let mut r = Reader::new(sequence(value)?);
    let require = r
        .read_optional(0x80)?
        .map(der::small_unsigned)
        .transpose()?;
    let inhibit = r
        .read_optional(0x81)?
        .map(der::small_unsigned)
        .transpose()?;
    r.finish()?;
    if require.is_none() && inhibit.is_none() {
        return Err(Malformed);
    }
    Ok((require, inhibit))
}

/// policyMappings: `SEQUENCE SIZE (1..MAX) OF SEQUENCE { issuerDomainPolicy, subjectDomainPolicy }`.
pub fn policy_mappings(value: &[u8]) -> Result<usize, Malformed> {
    let mut r = Reader::new(sequence(value)?);
    let mut count = 0usize;
    while !r.is_empty() {
        let mut pair = Reader::new(r.read(SEQUENCE)?);
        oid::check(pair.read(OID)?)?;
        oid::check(pair.read(OID)?)?;
        pair.finish()?;
        count += 1;
    }
    if count == 0 {
        return Err(Malformed);
    }
    Ok(count)
}

/// authorityInfoAccess / subjectInfoAccess: `SEQUENCE OF AccessDescription { accessMethod OID,
/// accessLocation GeneralName }`; the number of descriptions (the caller judges zero).
pub fn info_access(value: &[u8]) -> Result<usize, Malformed> {
    let mut r = Reader::new(sequence(value)?);
    let mut count = 0usize;
    while !r.is_empty() {
        let mut desc = Reader::new(r.read(SEQUENCE)?);
        oid::check(desc.read(OID)?)?;
        GeneralName::read(&mut desc)?;
        desc.finish()?;
        count += 1;
        if count > MAX_OID_LIST {
            return Err(Malformed);
        }
    }
    Ok(count)
}

/// inhibitAnyPolicy: `SkipCerts ::= INTEGER (0..MAX)`.
pub fn inhibit_any_policy(value: &[u8]) -> Result<u64, Malformed> {
    let mut r = Reader::new(value);
    let n = der::small_unsigned(r.read(INTEGER)?)?;
    r.finish()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_constraints_forms() {
        let bc = |d: &[u8]| basic_constraints(d);
        assert_eq!(bc(&[0x30, 0x00]), Ok(BasicConstraints::default()));
        assert_eq!(
            bc(&[0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x02]),
            Ok(BasicConstraints {
                ca: true,
                path_len_constraint: Some(2)
            })
        );
        assert_eq!(bc(&[0x30, 0x03, 0x01, 0x01, 0x01]), Err(Malformed)); // non-DER TRUE
        assert_eq!(bc(&[0x30, 0x03, 0x02, 0x01, 0xff]), Err(Malformed)); // negative
        assert_eq!(bc(&[0x30, 0x00, 0x00]), Err(Malformed));
    }

    #[test]
    fn key_usage_bits() {
        // digitalSignature only: 03 02 07 80
        assert_eq!(key_usage(&[0x03, 0x02, 0x07, 0x80]), Ok(1));
        // digitalSignature + nonRepudiation: 03 02 06 c0
        assert_eq!(key_usage(&[0x03, 0x02, 0x06, 0xc0]), Ok(3));
        // keyCertSign + cRLSign: 03 02 01 06
        assert_eq!(key_usage(&[0x03, 0x02, 0x01, 0x06]), Ok(0x60));
        // decipherOnly: 03 03 07 00 80
        assert_eq!(key_usage(&[0x03, 0x03, 0x07, 0x00, 0x80]), Ok(0x100));
        assert_eq!(key_usage(&[0x03, 0x02, 0x07, 0x81]), Err(Malformed)); // unused bit set
        assert_eq!(key_usage(&[0x03, 0x04, 0x00, 1, 1, 1]), Err(Malformed));
    }

    #[test]
    fn lists_and_identifiers() {
        let eku = [
            0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02,
        ];
        assert_eq!(
            ext_key_usage(&eku),
            Ok(vec!["1.3.6.1.5.5.7.3.2".to_string()])
        );
        assert_eq!(ext_key_usage(&[0x30, 0x00]), Err(Malformed));
        let pol = [0x30, 0x07, 0x30, 0x05, 0x06, 0x03, 0x55, 0x1d, 0x20];
        assert_eq!(
            certificate_policies(&pol),
            Ok(vec![&[0x55, 0x1d, 0x20][..]])
        );
        let dup = [
            0x30, 0x0e, 0x30, 0x05, 0x06, 0x03, 0x55, 0x1d, 0x20, 0x30, 0x05, 0x06, 0x03, 0x55,
            0x1d, 0x20,
        ];
        assert_eq!(certificate_policies(&dup), Err(Malformed));
        assert_eq!(
            authority_key_id(&[0x30, 0x04, 0x80, 0x02, 0xaa, 0xbb]),
            Ok(AuthorityKeyId {
                key_id: Some(&[0xaa, 0xbb]),
                has_issuer_or_serial: false
            })
        );
        assert_eq!(subject_key_id(&[0x04, 0x01, 0xaa]), Ok(&[0xaa][..]));
        assert_eq!(
            policy_constraints(&[0x30, 0x03, 0x80, 0x01, 0x00]),
            Ok((Some(0), None))
        );
        assert_eq!(policy_constraints(&[0x30, 0x00]), Err(Malformed));
        assert_eq!(inhibit_any_policy(&[0x02, 0x01, 0x01]), Ok(1));
    }
}
