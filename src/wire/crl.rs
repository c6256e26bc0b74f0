//! Decoding X.509 v2 CRLs (RFC 5280 §5) into borrowed parts, without per-entry allocation.
//!
//! [`parse_crl`] splits the outer structure and the TBSCertList header; the revoked entries
//! stay as one slice that [`RevokedEntries`] walks lazily, so a CRL of a million entries is
//! never materialised as a million structures. Nothing here is trusted: the signature, the
//! issuer and the extensions are judged by [`crate::pki::revocation`].
//!
//! Strictness: the crate's DER reader (definite minimal lengths, single-byte tags,
//! minimal INTEGERs), version v2 only, times in their DER forms (UTCTime `YYMMDDHHMMSSZ`,
//! GeneralizedTime `YYYYMMDDHHMMSSZ`), extension `critical` never encoded as FALSE. Every
//! failure is `CRL_INVALID` naming the part.

use super::der::{self, Reader, BIT_STRING, INTEGER, OID, SEQUENCE};
use super::der_time::{self, GENERALIZED_TIME, UTC_TIME};
use crate::Error;

/// Universal tag: BOOLEAN.
const BOOLEAN: u8 = 0x01;
/// Universal tag: OCTET STRING.
const OCTET_STRING: u8 = 0x04;
/// `[0] EXPLICIT` (constructed): crlExtensions.
const CRL_EXTENSIONS: u8 = 0xA0;

/// The parts of a CRL, borrowed from its DER.
#[derive(Clone, Copy, Debug)]
pub struct CrlParts<'a> {
    /// The complete TBSCertList (tag and length included): the signed bytes.
    pub tbs: &'a [u8],
    /// The TBSCertList `signature` AlgorithmIdentifier (complete encoding).
    pub tbs_signature: &'a [u8],
    /// The outer `signatureAlgorithm` (complete encoding).
    pub signature_algorithm: &'a [u8],
    /// The signature value (BIT STRING without unused bits).
    pub signature: &'a [u8],
    /// The issuer Name (complete encoding).
    pub issuer: &'a [u8],
    /// thisUpdate, seconds since the epoch.
    pub this_update: i64,
    /// nextUpdate, seconds since the epoch.
    pub next_update: Option<i64>,
    /// The contents of revokedCertificates (empty when absent).
    pub revoked: &'a [u8],
    /// The contents of the crlExtensions SEQUENCE, when present.
    pub extensions: Option<&'a [u8]>,
}

/// One extension, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// The OID value octets (no tag, no length).
    pub oid: &'a [u8],
    /// The criticality flag.
    pub critical: bool,
    /// The extnValue contents (the DER of the extension's value).
    pub value: &'a [u8],
}

/// One revoked entry, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevokedEntry<'a> {
    /// The serial number's magnitude (big-endian, no sign octet; empty for zero).
    pub serial: &'a [u8],
    /// revocationDate, seconds since the epoch.
    pub revoked_at: i64,
    /// The contents of crlEntryExtensions, when present.
    pub extensions: Option<&'a [u8]>,
}

fn bad(what: &'static str) -> impl Fn(der::Malformed) -> Error {
    move |_| Error::CrlInvalid(what)
}

/// Split a DER CertificateList. Trailing bytes after it are refused.
pub fn parse_crl(input: &[u8]) -> Result<CrlParts<'_>, Error> {
    let mut outer = Reader::new(input);
    let list = outer.read(SEQUENCE).map_err(bad("CertificateList"))?;
    outer.finish().map_err(bad("trailing data after the CRL"))?;
    let mut list = Reader::new(list);
    let tbs = list.read_raw().map_err(bad("tbsCertList"))?;
    let signature_algorithm = list.read_raw().map_err(bad("signatureAlgorithm"))?;
    let signature = list
        .read(BIT_STRING)
        .and_then(der::whole_bytes)
        .map_err(bad("signatureValue"))?;
    list.finish().map_err(bad("CertificateList fields"))?;
    let mut t = Reader::new(
        Reader::new(tbs)
            .read(SEQUENCE)
            .map_err(bad("tbsCertList"))?,
    );
    match t.read_optional(INTEGER).map_err(bad("version"))? {
        Some([1]) => {}
        _ => return Err(Error::CrlInvalid("not an X.509 v2 CRL")),
    }
    let tbs_signature = t.read_raw().map_err(bad("signature"))?;
    let issuer = t.read_raw().map_err(bad("issuer"))?;
    if !issuer.starts_with(&[SEQUENCE]) {
        return Err(Error::CrlInvalid("issuer"));
    }
    let this_update = read_time(&mut t, false).ok_or(Error::CrlInvalid("thisUpdate"))?;
    let next_update = match t.peek_tag() {
        Some(UTC_TIME | GENERALIZED_TIME) => {
            Some(read_time(&mut t, false).ok_or(Error::CrlInvalid("nextUpdate"))?)
        }
        _ => None,
    };
    let revoked = match t
        .read_optional(SEQUENCE)
        .map_err(bad("revokedCertificates"))?
    {
        Some([]) => return Err(Error::CrlInvalid("empty revokedCertificates")),
        Some(r) => r,
        None => &[],
    };
    let extensions = match t
        .read_optional(CRL_EXTENSIONS)
        .map_err(bad("crlExtensions"))?
    {
        Some(explicit) => {
            Some(single_sequence(explicit).ok_or(Error::CrlInvalid("crlExtensions"))?)
        }
        None => None,
    };
    t.finish().map_err(bad("tbsCertList fields"))?;
    Ok(CrlParts {
        tbs,
        tbs_signature,
        signature_algorithm,
        signature,
        issuer,
        this_update,
        next_update,
        revoked,
        extensions,
    })
}

/// Where tbsCertList lies in a CRL, and its `signature` AlgorithmIdentifier (complete
/// encoding), read from the first bytes of the CRL only (`prefix`; a few hundred octets
/// suffice). `None` when the prefix does not show them. [`parse_crl`] remains the judge of the
/// whole CRL; this only lets the signed bytes be hashed elsewhere.
pub fn tbs_location(prefix: &[u8]) -> Option<(core::ops::Range<usize>, &[u8])> {
    let (tag, outer_header, _) = Reader::new(prefix).peek_header().ok()?;
    let tbs_input = prefix.get(outer_header..)?;
    let (tbs_tag, tbs_header, tbs_len) = Reader::new(tbs_input).peek_header().ok()?;
    if tag != SEQUENCE || tbs_tag != SEQUENCE {
        return None;
    }
    let start = outer_header;
    let end = start.checked_add(tbs_header)?.checked_add(tbs_len)?;
    let mut fields = Reader::new(tbs_input.get(tbs_header..)?);
    fields.read_optional(INTEGER).ok()?;
    let algorithm = fields.read_raw().ok()?;
    Some((start..end, algorithm))
}

/// The contents of a non-empty SEQUENCE that is the whole of `input`.
fn single_sequence(input: &[u8]) -> Option<&[u8]> {
    let mut r = Reader::new(input);
    let contents = r.read(SEQUENCE).ok()?;
    r.finish().ok()?;
    (!contents.is_empty()).then_some(contents)
}

/// Walks revokedCertificates one entry at a time.
#[derive(Clone, Copy, Debug)]
pub struct RevokedEntries<'a> {
    rest: Reader<'a>,
}

impl<'a> RevokedEntries<'a> {
    /// Walk `revoked` (the contents of revokedCertificates, see [`CrlParts::revoked`]).
    pub fn new(revoked: &'a [u8]) -> Self {
        RevokedEntries {
            rest: Reader::new(revoked),
        }
    }
}

impl<'a> Iterator for RevokedEntries<'a> {
    type Item = Result<RevokedEntry<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let entry = self
            .rest
            .read_inlined(SEQUENCE)
            .map_err(bad("revoked entry"))
            .and_then(revoked_entry);
        if entry.is_err() {
            self.rest = Reader::new(&[]); // stop after the first error
        }
        Some(entry)
    }
}

fn revoked_entry(contents: &[u8]) -> Result<RevokedEntry<'_>, Error> {
    let mut r = Reader::new(contents);
    let serial = r
        .read_inlined(INTEGER)
        .and_then(der::unsigned_integer)
        .map_err(bad("entry serial number"))?;
    let (tag, time) = r
        .read_any_inlined()
        .map_err(|_| Error::CrlInvalid("revocationDate"))?;
    let revoked_at =
        der_time::decode(tag, time, false).ok_or(Error::CrlInvalid("revocationDate"))?;
    let extensions = if r.peek_tag() != Some(SEQUENCE) {
        None
    } else {
        match r
            .read_inlined(SEQUENCE)
            .map_err(bad("crlEntryExtensions"))?
        {
            [] => return Err(Error::CrlInvalid("empty crlEntryExtensions")),
            contents => Some(contents),
        }
    };
    r.finish().map_err(bad("revoked entry fields"))?;
    Ok(RevokedEntry {
        serial,
        revoked_at,
        extensions,
    })
}

/// Walks the contents of an `Extensions` SEQUENCE.
#[derive(Clone, Copy, Debug)]
pub struct Extensions<'a> {
    rest: Reader<'a>,
}

impl<'a> Extensions<'a> {
    /// Walk `contents` (the inside of an Extensions SEQUENCE).
    pub fn new(contents: &'a [u8]) -> Self {
        Extensions {
            rest: Reader::new(contents),
        }
    }
}

impl<'a> Iterator for Extensions<'a> {
    type Item = Result<Extension<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let ext = self
            .rest
            .read_inlined(SEQUENCE)
            .map_err(bad("extension"))
            .and_then(extension);
        if ext.is_err() {
            self.rest = Reader::new(&[]);
        }
        Some(ext)
    }
}

fn extension(contents: &[u8]) -> Result<Extension<'_>, Error> {
    let mut r = Reader::new(contents);
    let oid = r.read_inlined(OID).map_err(bad("extension OID"))?;
    let critical = match r
        .read_optional(BOOLEAN)
        .map_err(bad("extension critical"))?
    {
        None => false,
        Some([0xFF]) => true,
        Some(_) => return Err(Error::CrlInvalid("extension critical flag is not DER TRUE")),
    };
    let value = r.read_inlined(OCTET_STRING).map_err(bad("extnValue"))?;
    r.finish().map_err(bad("extension fields"))?;
    if oid.is_empty() {
        return Err(Error::CrlInvalid("extension OID"));
    }
    Ok(Extension {
        oid,
        critical,
        value,
    })
}

/// Read an X.509 Time (UTCTime or GeneralizedTime). `fractions` admits GeneralizedTime
/// fractional seconds (OCSP), which are dropped.
pub(crate) fn read_time(r: &mut Reader<'_>, fractions: bool) -> Option<i64> {
    let (tag, text) = r.read_any().ok()?;
    der_time::decode(tag, text, fractions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_refuse_explicit_false() {
        // SEQUENCE { OID 2.5.29.20, BOOLEAN FALSE, OCTET STRING { INTEGER 1 } }
        let ext = [
            0x30, 0x0C, 0x06, 0x03, 0x55, 0x1D, 0x14, 0x01, 0x01, 0x00, 0x04, 0x03, 0x02, 0x01,
            0x01,
        ];
        let got: Vec<_> = Extensions::new(&ext).collect();
        assert_eq!(got.len(), 1);
        assert!(matches!(got[0], Err(Error::CrlInvalid(_))));
        let ok = [
            0x30, 0x09, 0x06, 0x03, 0x55, 0x1D, 0x14, 0x04, 0x02, 0x02, 0x00,
        ];
        let got: Vec<_> = Extensions::new(&ok).collect();
        assert_eq!(
            got,
            vec![Ok(Extension {
                oid: &[0x55, 0x1D, 0x14],
                critical: false,
                value: &[0x02, 0x00],
            })]
        );
    }
}
