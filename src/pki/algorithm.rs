//! X.509 signature AlgorithmIdentifiers (RFC 5280 §4.1.1.2) → [`SignatureAlgorithm`].
//!
//! Accepted identifiers and their parameters:
//! - sha1/sha256/sha384/sha512WithRSAEncryption (1.2.840.113549.1.1.5/11/12/13): parameters
//!   NULL, or absent. RFC 4055 §5 says the parameters MUST be NULL and that implementations
//!   MUST accept them absent as well; we follow it (the signature itself still carries the exact
//!   DigestInfo, which is checked byte for byte). sha1WithRSAEncryption maps to
//!   `RsaPkcs1(Sha1)`, which verification refuses unless SHA-1 is allowed.
//! - id-RSASSA-PSS (1.2.840.113549.1.1.10): RSASSA-PSS-params (RFC 4055 §3.1) required. The hash
//!   must be SHA-256/384/512 (hash parameters NULL or absent), the mask generation function
//!   MGF1 with the same hash, trailerField 1. Defaulted fields mean SHA-1, so absent or empty
//!   parameters are refused. Explicitly encoded default values (e.g. `trailerField 1`) are
//!   tolerated. A salt length above [`MAX_PSS_SALT_LEN`] (more than any accepted key can hold)
//!   is refused.
//! - ecdsa-with-SHA256/384/512 (1.2.840.10045.4.3.2/3/4): parameters must be absent
//!   (RFC 5758 §3.2). The curve comes from the key.
//!
//! Errors: parameters that are not one strict-DER element → `DER_MALFORMED`; a well-formed
//! but refused identifier or parameter (unknown OID, wrong parameters, SHA-1 in PSS, MGF hash
//! mismatch, trailer ≠ 1) → `UNSUPPORTED_ALGORITHM`.

use crate::pki::signature::der::{self, Malformed, Reader, INTEGER, NULL, OID, SEQUENCE};
use crate::pki::signature::{EcdsaEncoding, Hash, SignatureAlgorithm};
use crate::Error;

/// sha1WithRSAEncryption.
const SHA1_WITH_RSA: &str = "1.2.840.113549.1.1.5";
/// sha256WithRSAEncryption.
const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
/// sha384WithRSAEncryption.
const SHA384_WITH_RSA: &str = "1.2.840.113549.1.1.12";
/// sha512WithRSAEncryption.
const SHA512_WITH_RSA: &str = "1.2.840.113549.1.1.13";
/// id-RSASSA-PSS.
const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
/// ecdsa-with-SHA256.
const ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";
/// ecdsa-with-SHA384.
const ECDSA_SHA384: &str = "1.2.840.10045.4.3.3";
/// ecdsa-with-SHA512.
const ECDSA_SHA512: &str = "1.2.840.10045.4.3.4";

/// id-mgf1, 1.2.840.113549.1.1.8 (content octets).
const OID_MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
/// id-sha1, 1.3.14.3.2.26.
const OID_SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
/// id-sha256, 2.16.840.1.101.3.4.2.1.
const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
/// id-sha384, 2.16.840.1.101.3.4.2.2.
const OID_SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
/// id-sha512, 2.16.840.1.101.3.4.2.3.
const OID_SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];

/// RSASSA-PSS-params context tags: `[0]` hashAlgorithm, `[1]` maskGenAlgorithm, `[2]`
/// saltLength, `[3]` trailerField (all explicit, constructed).
const TAG_HASH: u8 = 0xa0;
const TAG_MGF: u8 = 0xa1;
const TAG_SALT: u8 = 0xa2;
const TAG_TRAILER: u8 = 0xa3;

/// The largest PSS salt accepted, in bytes: an 8192-bit key's encoded message is 1024 bytes.
pub const MAX_PSS_SALT_LEN: usize = 1024;

/// Map an AlgorithmIdentifier (dotted OID, complete parameter TLV when present) to a
/// signature algorithm. See the module documentation for the rules.
pub fn from_x509(oid: &str, params_der: Option<&[u8]>) -> Result<SignatureAlgorithm, Error> {
    if let Some(params) = params_der {
        single_element(params)?;
    }
    let pkcs1 = |hash| rsa_pkcs1(hash, params_der);
    let ecdsa = |hash| ecdsa_der(hash, params_der);
    match oid {
        SHA1_WITH_RSA => pkcs1(Hash::Sha1),
        SHA256_WITH_RSA => pkcs1(Hash::Sha256),
        SHA384_WITH_RSA => pkcs1(Hash::Sha384),
        SHA512_WITH_RSA => pkcs1(Hash::Sha512),
        RSASSA_PSS => rsa_pss(params_der.ok_or(Error::UnsupportedAlgorithm)?),
        ECDSA_SHA256 => ecdsa(Hash::Sha256),
        ECDSA_SHA384 => ecdsa(Hash::Sha384),
        ECDSA_SHA512 => ecdsa(Hash::Sha512),
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

/// The parameters must be exactly one DER element.
fn single_element(params: &[u8]) -> Result<(), Error> {
    let mut r = Reader::new(params);
    r.read_any()
        .and_then(|_| r.finish())
        .map_err(params_malformed)
}

fn params_malformed(_: Malformed) -> Error {
    Error::DerMalformed("signature algorithm parameters")
}

/// PKCS#1 v1.5: parameters NULL or absent.
fn rsa_pkcs1(hash: Hash, params: Option<&[u8]>) -> Result<SignatureAlgorithm, Error> {
    match params {
        None => Ok(SignatureAlgorithm::RsaPkcs1(hash)),
        Some([NULL, 0x00]) => Ok(SignatureAlgorithm::RsaPkcs1(hash)),
        Some(_) => Err(Error::UnsupportedAlgorithm),
    }
}

/// ECDSA: parameters absent.
fn ecdsa_der(hash: Hash, params: Option<&[u8]>) -> Result<SignatureAlgorithm, Error> {
    match params {
        None => Ok(SignatureAlgorithm::Ecdsa {
            hash,
            encoding: EcdsaEncoding::Der,
        }),
        Some(_) => Err(Error::UnsupportedAlgorithm),
    }
}

/// `RSASSA-PSS-params ::= SEQUENCE { [0] hash DEFAULT sha1, [1] mgf DEFAULT mgf1SHA1,
/// [2] saltLength DEFAULT 20, [3] trailerField DEFAULT 1 }`.
fn rsa_pss(params: &[u8]) -> Result<SignatureAlgorithm, Error> {
    // `params` is already known to be one DER element; another type than SEQUENCE is refused.
    let mut outer = Reader::new(params);
    let seq = outer
        .read(SEQUENCE)
        .map_err(|_| Error::UnsupportedAlgorithm)?;
    outer.finish().map_err(params_malformed)?;
    let mut fields = Reader::new(seq);
    let hash = match fields.read_optional(TAG_HASH).map_err(params_malformed)? {
        Some(inner) => hash_algorithm(inner)?,
        None => Hash::Sha1,
    };
    let mgf_hash = match fields.read_optional(TAG_MGF).map_err(params_malformed)? {
        Some(inner) => mgf1_hash(inner)?,
        None => Hash::Sha1,
    };
    let salt_len = match fields.read_optional(TAG_SALT).map_err(params_malformed)? {
        Some(inner) => explicit_small_integer(inner)?,
        None => 20,
    };
    let trailer = match fields
        .read_optional(TAG_TRAILER)
        .map_err(params_malformed)?
    {
        Some(inner) => explicit_small_integer(inner)?,
        None => 1,
    };
    fields.finish().map_err(params_malformed)?;

    if hash == Hash::Sha1 || mgf_hash != hash || trailer != 1 {
        return Err(Error::UnsupportedAlgorithm);
    }
    let salt_len = usize::try_from(salt_len).map_err(|_| Error::UnsupportedAlgorithm)?;
    if salt_len > MAX_PSS_SALT_LEN {
        return Err(Error::UnsupportedAlgorithm);
    }
    Ok(SignatureAlgorithm::RsaPss { hash, salt_len })
}

/// A hash AlgorithmIdentifier (complete TLV), parameters NULL or absent.
fn hash_algorithm(tlv: &[u8]) -> Result<Hash, Error> {
    let mut outer = Reader::new(tlv);
    let seq = outer.read(SEQUENCE).map_err(params_malformed)?;
    outer.finish().map_err(params_malformed)?;
    let mut fields = Reader::new(seq);
    let oid = fields.read(OID).map_err(params_malformed)?;
    if !fields.is_empty() {
        let (tag, value) = fields.read_any().map_err(params_malformed)?;
        if tag != NULL || !value.is_empty() {
            return Err(Error::UnsupportedAlgorithm);
        }
    }
    fields.finish().map_err(params_malformed)?;
    match oid {
        OID_SHA1 => Ok(Hash::Sha1),
        OID_SHA256 => Ok(Hash::Sha256),
        OID_SHA384 => Ok(Hash::Sha384),
        OID_SHA512 => Ok(Hash::Sha512),
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

/// MaskGenAlgorithm (complete TLV): id-mgf1 with a hash AlgorithmIdentifier.
fn mgf1_hash(tlv: &[u8]) -> Result<Hash, Error> {
    let mut outer = Reader::new(tlv);
    let seq = outer.read(SEQUENCE).map_err(params_malformed)?;
    outer.finish().map_err(params_malformed)?;
    let mut fields = Reader::new(seq);
    let oid = fields.read(OID).map_err(params_malformed)?;
    if oid != OID_MGF1 {
        return Err(Error::UnsupportedAlgorithm);
    }
    let hash = fields.read_raw().map_err(|_| Error::UnsupportedAlgorithm)?;
    fields.finish().map_err(params_malformed)?;
    hash_algorithm(hash)
}

/// An explicitly tagged field holding one small non-negative INTEGER.
fn explicit_small_integer(tlv: &[u8]) -> Result<u64, Error> {
    let mut r = Reader::new(tlv);
    let value = r.read(INTEGER).map_err(params_malformed)?;
    r.finish().map_err(params_malformed)?;
    der::small_unsigned(value).map_err(|_| Error::UnsupportedAlgorithm)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RSASSA-PSS-params for `hash_oid` with MGF1(`mgf_oid`), salt and optional trailer.
    fn pss_params(hash_oid: &[u8], mgf_oid: &[u8], salt: u8, trailer: Option<u8>) -> Vec<u8> {
        let hash_alg = |oid: &[u8]| -> Vec<u8> {
            let mut v = vec![0x30, (oid.len() + 4) as u8, 0x06, oid.len() as u8];
            v.extend_from_slice(oid);
            v.extend_from_slice(&[0x05, 0x00]);
            v
        };
        let mut body = Vec::new();
        let h = hash_alg(hash_oid);
        body.extend([0xa0, h.len() as u8]);
        body.extend(&h);
        let m = hash_alg(mgf_oid);
        let mut mgf = vec![0x30, (m.len() + 11) as u8, 0x06, 0x09];
        mgf.extend_from_slice(OID_MGF1);
        mgf.extend(&m);
        body.extend([0xa1, mgf.len() as u8]);
        body.extend(&mgf);
        body.extend([0xa2, 0x03, 0x02, 0x01, salt]);
        if let Some(t) = trailer {
            body.extend([0xa3, 0x03, 0x02, 0x01, t]);
        }
        let mut out = vec![0x30, body.len() as u8];
        out.extend(body);
        out
    }

    #[test]
    fn pss_parameters() {
        let ok = pss_params(OID_SHA384, OID_SHA384, 48, None);
        assert_eq!(
            from_x509(RSASSA_PSS, Some(&ok)),
            Ok(SignatureAlgorithm::RsaPss {
                hash: Hash::Sha384,
                salt_len: 48
            })
        );
        let explicit_trailer = pss_params(OID_SHA256, OID_SHA256, 32, Some(1));
        assert_eq!(
            from_x509(RSASSA_PSS, Some(&explicit_trailer)),
            Ok(SignatureAlgorithm::RsaPss {
                hash: Hash::Sha256,
                salt_len: 32
            })
        );
        for bad in [
            pss_params(OID_SHA256, OID_SHA384, 32, None), // MGF hash mismatch
            pss_params(OID_SHA256, OID_SHA256, 32, Some(2)), // trailer ≠ 1
            pss_params(OID_SHA1, OID_SHA1, 20, None),     // SHA-1
            pss_params(
                &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04],
                OID_SHA256,
                28,
                None,
            ),
        ] {
            assert_eq!(
                from_x509(RSASSA_PSS, Some(&bad)),
                Err(Error::UnsupportedAlgorithm)
            );
        }
        // Absent parameters and the all-defaults SEQUENCE both mean SHA-1.
        assert_eq!(
            from_x509(RSASSA_PSS, None),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            from_x509(RSASSA_PSS, Some(&[0x30, 0x00])),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            from_x509(RSASSA_PSS, Some(&[NULL, 0x00])),
            Err(Error::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn pss_fields_out_of_order_or_malformed() {
        let ok = pss_params(OID_SHA256, OID_SHA256, 32, None);
        // Truncate the outer length by one: not one DER element any more.
        let mut short = ok.clone();
        short.pop();
        assert!(matches!(
            from_x509(RSASSA_PSS, Some(&short)),
            Err(Error::DerMalformed(_))
        ));
        // Append an unknown [4] field inside the SEQUENCE.
        let mut extra = ok.clone();
        extra.extend([0xa4, 0x00]);
        extra[1] += 2;
        assert!(matches!(
            from_x509(RSASSA_PSS, Some(&extra)),
            Err(Error::DerMalformed(_))
        ));
    }
}
