//! CMS signed attributes (RFC 5652 §5.3, §11): contentType, messageDigest, signingTime, and the
//! bytes the signature covers.
//!
//! # Decisions
//! - The signature covers the DER of `signedAttrs` with its `[0] IMPLICIT` tag replaced by the
//!   SET tag 0x31 (§5.4); the bytes are taken as received (the input is strict DER already).
//! - contentType and messageDigest are required when signed attributes are present (§5.3);
//!   their absence → `CMS_INVALID`.
//! - No attribute type may appear twice, and contentType, messageDigest and signingTime must
//!   each hold exactly one value (§11.1–11.3) → else `CMS_INVALID`. Other attributes are
//!   skipped. At most [`MAX_SIGNED_ATTRIBUTES`] attributes → else `INPUT_TOO_LARGE`.
//! - signingTime is UTCTime `YYMMDDHHMMSSZ` (years 50–99 → 19xx) or GeneralizedTime
//!   `YYYYMMDDHHMMSSZ`, the DER forms (seconds present, `Z`, no fraction) → else `CMS_INVALID`.

use super::cms::{malformed, OCTET_STRING, SET};
use crate::pki::UnixTime;
use crate::wire::der::{Reader, OID, SEQUENCE};
use crate::Error;

/// Most signed attributes in one SignerInfo.
pub const MAX_SIGNED_ATTRIBUTES: usize = 32;

/// id-contentType, 1.2.840.113549.1.9.3.
const OID_CONTENT_TYPE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03];
/// id-messageDigest, 1.2.840.113549.1.9.4.
const OID_MESSAGE_DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04];
/// id-signingTime, 1.2.840.113549.1.9.5.
const OID_SIGNING_TIME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05];

/// The signed attributes of one SignerInfo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedAttributes<'a> {
    /// The bytes the signature covers: the attributes re-tagged as a SET (0x31).
    pub signed_der: Vec<u8>,
    /// The contentType attribute (OID content octets).
    pub content_type: &'a [u8],
    /// The messageDigest attribute (the digest octets).
    pub message_digest: &'a [u8],
    /// The signingTime attribute, when present.
    pub signing_time: Option<UnixTime>,
}

/// Read `signedAttrs` from its complete `[0] IMPLICIT SET OF Attribute` element.
pub(crate) fn parse(raw: &[u8]) -> Result<SignedAttributes<'_>, Error> {
    let mut outer = Reader::new(raw);
    let body = outer.read(0xa0).map_err(malformed)?;
    outer.finish().map_err(malformed)?;
    let mut signed_der = raw.to_vec();
    if let Some(tag) = signed_der.first_mut() {
        *tag = SET;
    }
    let mut r = Reader::new(body);
    let mut seen: Vec<&[u8]> = Vec::new();
    let (mut content_type, mut message_digest, mut signing_time) = (None, None, None);
    while !r.is_empty() {
        if seen.len() >= MAX_SIGNED_ATTRIBUTES {
            return Err(Error::InputTooLarge {
                what: "CMS signed attribute list",
                limit: MAX_SIGNED_ATTRIBUTES,
            });
        }
        let (oid, value) = attribute(r.read(SEQUENCE).map_err(malformed)?)?;
        if seen.contains(&oid) {
            return Err(Error::CmsInvalid("duplicate signed attribute"));
        }
        seen.push(oid);
        match oid {
            OID_CONTENT_TYPE => content_type = Some(single(value, OID, "contentType attribute")?),
            OID_MESSAGE_DIGEST => {
                message_digest = Some(single(value, OCTET_STRING, "messageDigest attribute")?)
            }
            OID_SIGNING_TIME => signing_time = Some(time_value(value)?),
            _ => {}
        }
    }
    Ok(SignedAttributes {
        signed_der,
        content_type: content_type.ok_or(Error::CmsInvalid("contentType attribute missing"))?,
        message_digest: message_digest
            .ok_or(Error::CmsInvalid("messageDigest attribute missing"))?,
        signing_time,
    })
}

/// `Attribute ::= SEQUENCE { attrType OID, attrValues SET OF AttributeValue }`: the type and
/// the SET contents.
fn attribute(body: &[u8]) -> Result<(&[u8], &[u8]), Error> {
    let mut r = Reader::new(body);
    let oid = r.read(OID).map_err(malformed)?;
    let values = r.read(SET).map_err(malformed)?;
    r.finish().map_err(malformed)?;
    Ok((oid, values))
}

/// The one value of an attribute, which must carry `tag`; otherwise `CMS_INVALID(what)`.
fn single<'a>(values: &'a [u8], tag: u8, what: &'static str) -> Result<&'a [u8], Error> {
    let mut r = Reader::new(values);
    let (t, value) = r.read_any().map_err(malformed)?;
    if !r.is_empty() || t != tag {
        return Err(Error::CmsInvalid(what));
    }
    Ok(value)
}

/// The one value of signingTime.
fn time_value(values: &[u8]) -> Result<UnixTime, Error> {
    let bad = Error::CmsInvalid("signingTime attribute");
    let mut r = Reader::new(values);
    let (tag, text) = r.read_any().map_err(malformed)?;
    if !r.is_empty() {
        return Err(bad);
    }
    super::der_time::decode(tag, text, false)
        .map(UnixTime)
        .ok_or(bad)
}
