//! AlgorithmIdentifier (RFC 5280 §4.1.1.2) as it appears in CMS, CRLs and OCSP: the OID and
//! the raw parameters element, plus the dotted text of an OID.

use super::der::{Reader, OID, SEQUENCE};
use crate::Error;

fn malformed<T>(_: T) -> Error {
    Error::DerMalformed("AlgorithmIdentifier")
}

/// An AlgorithmIdentifier: OID content octets and the complete parameters TLV when present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlgorithmId<'a> {
    /// OID content octets.
    pub oid: &'a [u8],
    /// The parameters element (tag, length, value), when present.
    pub params: Option<&'a [u8]>,
}

/// AlgorithmIdentifier SEQUENCE contents: OID and at most one parameters element.
pub(crate) fn algorithm_id(body: &[u8]) -> Result<AlgorithmId<'_>, Error> {
    let mut r = Reader::new(body);
    let oid = r.read(OID).map_err(malformed)?;
    let params = if r.is_empty() {
        None
    } else {
        Some(r.read_raw().map_err(malformed)?)
    };
    r.finish().map_err(malformed)?;
    Ok(AlgorithmId { oid, params })
}

/// A complete AlgorithmIdentifier encoding (SEQUENCE tag included), nothing after it.
pub(crate) fn algorithm_identifier(tlv: &[u8]) -> Result<AlgorithmId<'_>, Error> {
    let mut outer = Reader::new(tlv);
    let body = outer.read(SEQUENCE).map_err(malformed)?;
    outer.finish().map_err(malformed)?;
    algorithm_id(body)
}

/// Dotted text of OID value octets (empty text for a malformed OID, which no table matches).
pub fn dotted(oid: &[u8]) -> String {
    super::x509::oid::dotted(oid)
}
