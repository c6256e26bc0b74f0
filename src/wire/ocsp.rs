//! Decoding OCSP responses (RFC 6960 §4.2.1) into borrowed parts. Nothing here is trusted: the
//! responder, the signature and the freshness are judged by
//! [`crate::pki::revocation::verify_ocsp_response`].
//!
//! Strictness as in [`super::crl`]: the strict DER reader, `version` absent (DER omits the
//! default v1), GeneralizedTime with optional fractional seconds. Failures are `OCSP_INVALID`
//! naming the part; a responseStatus other than successful is `OCSP_INVALID` naming it.

use super::crl::read_time;
use super::der::{self, Reader, BIT_STRING, INTEGER, OID, SEQUENCE};
use super::der_time::{decode as time_value, GENERALIZED_TIME};
use super::limits;
use crate::Error;

/// Largest OCSP response accepted, in DER bytes.
pub const MAX_OCSP_RESPONSE: usize = 1024 * 1024;
/// Most certificates read from a BasicOCSPResponse's `certs`.
pub const MAX_RESPONSE_CERTS: usize = 16;

/// Universal tag: OCTET STRING.
const OCTET_STRING: u8 = 0x04;
/// Universal tag: ENUMERATED.
const ENUMERATED: u8 = 0x0A;
/// id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1).
const OCSP_BASIC: &[u8] = &[0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01];

/// Who signed the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponderId<'a> {
    /// byName: the complete Name encoding.
    ByName(&'a [u8]),
    /// byKey: SHA-1 of the responder's public key (BIT STRING contents).
    ByKey(&'a [u8]),
}

/// A BasicOCSPResponse, borrowed.
#[derive(Clone, Debug)]
pub struct BasicResponse<'a> {
    /// The complete ResponseData encoding: the signed bytes.
    pub tbs: &'a [u8],
    /// responderID.
    pub responder: ResponderId<'a>,
    /// producedAt, seconds since the epoch.
    pub produced_at: i64,
    /// The contents of `responses`.
    pub responses: &'a [u8],
    /// The contents of responseExtensions, when present.
    pub extensions: Option<&'a [u8]>,
    /// signatureAlgorithm (complete encoding).
    pub signature_algorithm: &'a [u8],
    /// The signature (BIT STRING without unused bits).
    pub signature: &'a [u8],
    /// `certs`, each a complete certificate encoding.
    pub certs: Vec<&'a [u8]>,
}

/// certStatus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawCertStatus<'a> {
    Good,
    Revoked {
        /// revocationTime.
        revoked_at: i64,
        /// The CRLReason ENUMERATED contents, when present.
        reason: Option<&'a [u8]>,
    },
    Unknown,
}

/// One SingleResponse, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SingleResponse<'a> {
    /// CertID hashAlgorithm (complete encoding).
    pub hash_algorithm: &'a [u8],
    /// issuerNameHash.
    pub name_hash: &'a [u8],
    /// issuerKeyHash.
    pub key_hash: &'a [u8],
    /// serialNumber magnitude.
    pub serial: &'a [u8],
    /// certStatus.
    pub status: RawCertStatus<'a>,
    /// thisUpdate.
    pub this_update: i64,
    /// nextUpdate.
    pub next_update: Option<i64>,
    /// The contents of singleExtensions, when present.
    pub extensions: Option<&'a [u8]>,
}

fn bad(what: &'static str) -> impl Fn(der::Malformed) -> Error {
    move |_| Error::OcspInvalid(what)
}

/// Split a DER OCSPResponse down to its BasicOCSPResponse.
pub fn parse_response(input: &[u8]) -> Result<BasicResponse<'_>, Error> {
    limits::check("OCSP response", input.len(), MAX_OCSP_RESPONSE)?;
    let mut outer = Reader::new(input);
    let mut r = Reader::new(outer.read(SEQUENCE).map_err(bad("OCSPResponse"))?);
    outer
        .finish()
        .map_err(bad("trailing data after the response"))?;
    match r.read(ENUMERATED).map_err(bad("responseStatus"))? {
        [0] => {}
        [1] => return Err(Error::OcspInvalid("responseStatus malformedRequest")),
        [2] => return Err(Error::OcspInvalid("responseStatus internalError")),
        [3] => return Err(Error::OcspInvalid("responseStatus tryLater")),
        [5] => return Err(Error::OcspInvalid("responseStatus sigRequired")),
        [6] => return Err(Error::OcspInvalid("responseStatus unauthorized")),
        _ => return Err(Error::OcspInvalid("responseStatus")),
    }
    let bytes = r.read(0xA0).map_err(bad("responseBytes"))?;
    r.finish().map_err(bad("OCSPResponse fields"))?;
    let mut wrapper = Reader::new(bytes);
    let mut rb = Reader::new(wrapper.read(SEQUENCE).map_err(bad("responseBytes"))?);
    wrapper.finish().map_err(bad("responseBytes"))?;
    if rb.read(OID).map_err(bad("responseType"))? != OCSP_BASIC {
        return Err(Error::OcspInvalid("responseType is not id-pkix-ocsp-basic"));
    }
    let basic = rb.read(OCTET_STRING).map_err(bad("response"))?;
    rb.finish().map_err(bad("responseBytes fields"))?;
    basic_response(basic)
}

fn basic_response(input: &[u8]) -> Result<BasicResponse<'_>, Error> {
    let mut outer = Reader::new(input);
    let mut r = Reader::new(outer.read(SEQUENCE).map_err(bad("BasicOCSPResponse"))?);
    outer.finish().map_err(bad("BasicOCSPResponse"))?;
    let tbs = r.read_raw().map_err(bad("tbsResponseData"))?;
    let signature_algorithm = r.read_raw().map_err(bad("signatureAlgorithm"))?;
    let signature = r
        .read(BIT_STRING)
        .and_then(der::whole_bytes)
        .map_err(bad("signature"))?;
    let certs = match r.read_optional(0xA0).map_err(bad("certs"))? {
        Some(explicit) => certificates(explicit)?,
        None => Vec::new(),
    };
    r.finish().map_err(bad("BasicOCSPResponse fields"))?;
    let mut d = Reader::new(
        Reader::new(tbs)
            .read(SEQUENCE)
            .map_err(bad("tbsResponseData"))?,
    );
    if d.peek_tag() == Some(0xA0) {
        return Err(Error::OcspInvalid("version must be omitted (v1)"));
    }
    let responder = match d.read_any().map_err(bad("responderID"))? {
        (0xA1, name) => ResponderId::ByName(single(name, SEQUENCE, true)?),
        (0xA2, key) => ResponderId::ByKey(single(key, OCTET_STRING, false)?),
        _ => return Err(Error::OcspInvalid("responderID")),
    };
    let produced_at = generalized(&mut d).ok_or(Error::OcspInvalid("producedAt"))?;
    let responses = d.read(SEQUENCE).map_err(bad("responses"))?;
    let extensions = match d.read_optional(0xA1).map_err(bad("responseExtensions"))? {
        Some(explicit) => Some(single(explicit, SEQUENCE, false)?),
        None => None,
    };
    d.finish().map_err(bad("tbsResponseData fields"))?;
    Ok(BasicResponse {
        tbs,
        responder,
        produced_at,
        responses,
        extensions,
        signature_algorithm,
        signature,
        certs,
    })
}

/// The one element of `input`, which must carry `tag`: its complete encoding when `raw`, its
/// contents otherwise.
fn single(input: &[u8], tag: u8, raw: bool) -> Result<&[u8], Error> {
    let mut r = Reader::new(input);
    let out = if raw {
        let whole = r.read_raw().map_err(bad("element"))?;
        if whole.first() != Some(&tag) {
            return Err(Error::OcspInvalid("element"));
        }
        whole
    } else {
        r.read(tag).map_err(bad("element"))?
    };
    r.finish().map_err(bad("element"))?;
    Ok(out)
}

fn certificates(explicit: &[u8]) -> Result<Vec<&[u8]>, Error> {
    let mut r = Reader::new(single(explicit, SEQUENCE, false)?);
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_RESPONSE_CERTS {
            return Err(Error::InputTooLarge {
                what: "OCSP response certificate list",
                limit: MAX_RESPONSE_CERTS,
            });
        }
        out.push(r.read_raw().map_err(bad("certs"))?);
    }
    Ok(out)
}

/// A GeneralizedTime (fractions admitted).
fn generalized(r: &mut Reader<'_>) -> Option<i64> {
    if r.peek_tag() != Some(GENERALIZED_TIME) {
        return None;
    }
    read_time(r, true)
}

/// Walks `responses` one SingleResponse at a time.
#[derive(Clone, Copy, Debug)]
pub struct SingleResponses<'a> {
    rest: Reader<'a>,
}

impl<'a> SingleResponses<'a> {
    /// Walk the contents of `responses` ([`BasicResponse::responses`]).
    pub fn new(responses: &'a [u8]) -> Self {
        SingleResponses {
            rest: Reader::new(responses),
        }
    }
}

impl<'a> Iterator for SingleResponses<'a> {
    type Item = Result<SingleResponse<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let one = self
            .rest
            .read(SEQUENCE)
            .map_err(bad("SingleResponse"))
            .and_then(single_response);
        if one.is_err() {
            self.rest = Reader::new(&[]);
        }
        Some(one)
    }
}

fn single_response(contents: &[u8]) -> Result<SingleResponse<'_>, Error> {
    let mut r = Reader::new(contents);
    let mut id = Reader::new(r.read(SEQUENCE).map_err(bad("certID"))?);
    let hash_algorithm = id.read_raw().map_err(bad("certID hashAlgorithm"))?;
    let name_hash = id.read(OCTET_STRING).map_err(bad("issuerNameHash"))?;
    let key_hash = id.read(OCTET_STRING).map_err(bad("issuerKeyHash"))?;
    let serial = id
        .read(INTEGER)
        .and_then(der::unsigned_integer)
        .map_err(bad("serialNumber"))?;
    id.finish().map_err(bad("certID fields"))?;
    let status = match r.read_any().map_err(bad("certStatus"))? {
        (0x80, []) => RawCertStatus::Good,
        (0x82, []) => RawCertStatus::Unknown,
        (0xA1, info) => revoked_info(info)?,
        _ => return Err(Error::OcspInvalid("certStatus")),
    };
    let this_update = generalized(&mut r).ok_or(Error::OcspInvalid("thisUpdate"))?;
    let next_update = match r.read_optional(0xA0).map_err(bad("nextUpdate"))? {
        Some(explicit) => {
            let mut t = Reader::new(explicit);
            let v = generalized(&mut t).ok_or(Error::OcspInvalid("nextUpdate"))?;
            t.finish().map_err(bad("nextUpdate"))?;
            Some(v)
        }
        None => None,
    };
    let extensions = match r.read_optional(0xA1).map_err(bad("singleExtensions"))? {
        Some(explicit) => Some(single(explicit, SEQUENCE, false)?),
        None => None,
    };
    r.finish().map_err(bad("SingleResponse fields"))?;
    Ok(SingleResponse {
        hash_algorithm,
        name_hash,
        key_hash,
        serial,
        status,
        this_update,
        next_update,
        extensions,
    })
}

fn revoked_info(info: &[u8]) -> Result<RawCertStatus<'_>, Error> {
    let mut r = Reader::new(info);
    let (tag, text) = r.read_any().map_err(bad("revocationTime"))?;
    if tag != GENERALIZED_TIME {
        return Err(Error::OcspInvalid("revocationTime"));
    }
    let revoked_at = time_value(tag, text, true).ok_or(Error::OcspInvalid("revocationTime"))?;
    let reason = match r.read_optional(0xA0).map_err(bad("revocationReason"))? {
        Some(explicit) => Some(single(explicit, ENUMERATED, false)?),
        None => None,
    };
    r.finish().map_err(bad("RevokedInfo fields"))?;
    Ok(RawCertStatus::Revoked { revoked_at, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsuccessful_statuses_are_named() {
        // OCSPResponse { responseStatus tryLater }
        assert_eq!(
            parse_response(&[0x30, 0x03, 0x0A, 0x01, 0x03]).unwrap_err(),
            Error::OcspInvalid("responseStatus tryLater")
        );
        assert_eq!(
            parse_response(&[0x30, 0x03, 0x0A, 0x01, 0x00]).unwrap_err(),
            Error::OcspInvalid("responseBytes")
        );
        assert!(parse_response(&[0x30, 0x03, 0x0A, 0x01, 0x06, 0x00]).is_err());
    }

    #[test]
    fn single_response_statuses() {
        // CertID with SHA-1 (empty params), two 1-byte hashes, serial 5; good; thisUpdate.
        let cert_id = [
            0x30, 0x12, 0x30, 0x07, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x04, 0x01, 0xAA,
            0x04, 0x01, 0xBB, 0x02, 0x01, 0x05,
        ];
        let time = b"\x18\x0f20240101000000Z";
        let good = [&cert_id[..], &[0x80, 0x00], time].concat();
        let s = single_response(&good).unwrap();
        assert_eq!(s.status, RawCertStatus::Good);
        assert_eq!(s.serial, [5]);
        assert_eq!(s.this_update, 1_704_067_200);
        let revoked_info = [&[0xA1, 0x16][..], time, &[0xA0, 0x03, 0x0A, 0x01, 0x06]].concat();
        let revoked = [&cert_id[..], &revoked_info, time].concat();
        assert_eq!(
            single_response(&revoked).unwrap().status,
            RawCertStatus::Revoked {
                revoked_at: 1_704_067_200,
                reason: Some(&[6]),
            }
        );
        let utc = [&cert_id[..], &[0x80, 0x00], b"\x17\x0d240101000000Z"].concat();
        assert!(single_response(&utc).is_err());
    }
}
