//! OCSP CertIDs (RFC 6960 §4.1.1) and DER OCSPRequests for relying parties that can reach a
//! responder: one certificate per request, unsigned, with an optional nonce (RFC 8954).

use crate::pki::cert::Cert;
use crate::wire::der::{self, Reader, NULL, OID, SEQUENCE};
use crate::Error;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// id-pkix-ocsp-nonce (1.3.6.1.5.5.7.48.1.2).
pub(crate) const NONCE_OID: &[u8] = &[0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02];
/// id-sha1 (1.3.14.3.2.26).
const SHA1_OID: &[u8] = &[0x2B, 0x0E, 0x03, 0x02, 0x1A];
/// id-sha256 (2.16.840.1.101.3.4.2.1).
const SHA256_OID: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
/// Longest nonce (RFC 8954 §2.1).
pub const MAX_NONCE_LEN: usize = 32;

/// The hash of a CertID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CertIdHash {
    /// SHA-1 (what most responders expect).
    #[default]
    Sha1,
    /// SHA-256.
    Sha256,
}

impl CertIdHash {
    /// From a CertID hashAlgorithm (complete encoding; parameters absent or NULL).
    pub(crate) fn from_algorithm(tlv: &[u8]) -> Option<Self> {
        let mut outer = Reader::new(tlv);
        let mut r = Reader::new(outer.read(SEQUENCE).ok()?);
        outer.finish().ok()?;
        let hash = match r.read(OID).ok()? {
            SHA1_OID => CertIdHash::Sha1,
            SHA256_OID => CertIdHash::Sha256,
            _ => return None,
        };
        if let Some(params) = r.read_optional(NULL).ok()? {
            if !params.is_empty() {
                return None;
            }
        }
        r.finish().ok()?;
        Some(hash)
    }

    fn algorithm(self) -> Vec<u8> {
        let oid = match self {
            CertIdHash::Sha1 => SHA1_OID,
            CertIdHash::Sha256 => SHA256_OID,
        };
        tlv(SEQUENCE, &[tlv(OID, oid), tlv(NULL, &[])].concat())
    }

    /// The digest of `data`.
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            CertIdHash::Sha1 => Sha1::digest(data).to_vec(),
            CertIdHash::Sha256 => Sha256::digest(data).to_vec(),
        }
    }
}

/// The issuer's name hash and key hash under `hash`.
pub(crate) fn issuer_hashes(issuer: &Cert<'_>, hash: CertIdHash) -> (Vec<u8>, Vec<u8>) {
    (
        hash.digest(issuer.x509.subject().as_raw()),
        hash.digest(issuer.x509.public_key().key),
    )
}

/// A DER OCSPRequest for `cert_der` issued by `issuer_der`, with the nonce when given (1..=32
/// bytes, else `INVALID_OPTIONS`). Keep the nonce to pass it to
/// [`super::verify_ocsp_response`].
pub fn build_ocsp_request(
    cert_der: &[u8],
    issuer_der: &[u8],
    hash: CertIdHash,
    nonce: Option<&[u8]>,
) -> Result<Vec<u8>, Error> {
    let cert = Cert::from_der(cert_der)?;
    let issuer = Cert::from_der(issuer_der)?;
    let (name_hash, key_hash) = issuer_hashes(&issuer, hash);
    let serial = der::unsigned_integer(cert.x509.raw_serial())
        .map_err(|_| Error::CertInvalid("serial number"))?;
    let cert_id = tlv(
        SEQUENCE,
        &[
            hash.algorithm(),
            tlv(0x04, &name_hash),
            tlv(0x04, &key_hash),
            integer(serial),
        ]
        .concat(),
    );
    let request_list = tlv(SEQUENCE, &tlv(SEQUENCE, &cert_id));
    let mut tbs = request_list;
    if let Some(nonce) = nonce {
        if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN {
            return Err(Error::InvalidOptions("the OCSP nonce must be 1..=32 bytes"));
        }
        let extension = tlv(
            SEQUENCE,
            &[tlv(OID, NONCE_OID), tlv(0x04, &nonce_value(nonce))].concat(),
        );
        tbs.extend(tlv(0xA2, &tlv(SEQUENCE, &extension)));
    }
    Ok(tlv(SEQUENCE, &tlv(SEQUENCE, &tbs)))
}

/// The nonce extension's extnValue: an OCTET STRING holding the nonce (RFC 8954).
pub(crate) fn nonce_value(nonce: &[u8]) -> Vec<u8> {
    tlv(0x04, nonce)
}

/// A non-negative INTEGER from a magnitude.
fn integer(magnitude: &[u8]) -> Vec<u8> {
    let mut contents = Vec::with_capacity(magnitude.len() + 1);
    if magnitude.first().is_none_or(|b| b & 0x80 != 0) {
        contents.push(0);
    }
    contents.extend_from_slice(magnitude);
    tlv(0x02, &contents)
}

/// One DER TLV.
pub(crate) fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let len = contents.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(contents);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_algorithms_with_and_without_null() {
        for h in [CertIdHash::Sha1, CertIdHash::Sha256] {
            assert_eq!(CertIdHash::from_algorithm(&h.algorithm()), Some(h));
        }
        let absent = [0x30, 0x07, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A];
        assert_eq!(CertIdHash::from_algorithm(&absent), Some(CertIdHash::Sha1));
        let md5 = [
            0x30, 0x0C, 0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x05, 0x05, 0x00,
        ];
        assert_eq!(CertIdHash::from_algorithm(&md5), None);
        assert_eq!(integer(&[]), [2, 1, 0]);
        assert_eq!(integer(&[0x80]), [2, 2, 0, 0x80]);
        assert_eq!(tlv(4, &[0; 200])[..3], [4, 0x81, 200]);
    }
}
