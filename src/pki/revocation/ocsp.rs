//! Verifying an OCSP response about one certificate (RFC 6960): responder authorisation,
//! signature, the matching SingleResponse, nonce and freshness. The rules are listed in
//! [`super`].

use super::crl::algorithm;
use super::evidence::{check_window, Freshness, Kind};
use super::ocsp_request::{issuer_hashes, nonce_value, CertIdHash, NONCE_OID};
use super::subject::Subject;
use super::RevocationReason;
use crate::pki::cert::{names_equal, Cert};
use crate::pki::options::{eku, key_usage};
use crate::pki::{checks, signature, UnixTime, ValidationOptions};
use crate::wire::crl::Extensions;
use crate::wire::der;
use crate::wire::ocsp::{
    parse_response, BasicResponse, RawCertStatus, ResponderId, SingleResponse, SingleResponses,
};
use crate::Error;
use sha1::{Digest, Sha1};

/// The certificate's status according to the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OcspCertStatus {
    Good,
    Revoked {
        /// revocationTime.
        revoked_at: UnixTime,
        /// revocationReason, when given.
        reason: Option<RevocationReason>,
    },
    Unknown,
}

/// A verified OCSP answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OcspVerified {
    /// The status.
    pub status: OcspCertStatus,
    /// thisUpdate of the single response.
    pub this_update: UnixTime,
    /// nextUpdate of the single response.
    pub next_update: Option<UnixTime>,
    /// producedAt.
    pub produced_at: UnixTime,
    /// Signed by a delegated responder (not the CA's own key).
    pub delegated: bool,
}

/// Verify `response_der` about `cert_der`, issued by `issuer_der`, at `time`. `nonce`: the
/// nonce of the request, when one was sent (the response must then echo it).
///
/// Errors: `OCSP_INVALID` (structure, status other than successful, signature, unknown
/// critical extension), `OCSP_RESPONDER_UNAUTHORIZED`, `OCSP_WRONG_CERTIFICATE`,
/// `OCSP_NONCE_MISMATCH`, `REVOCATION_STALE`; `INVALID_OPTIONS` when `issuer_der` did not issue
/// `cert_der`.
pub fn verify_ocsp_response(
    response_der: &[u8],
    cert_der: &[u8],
    issuer_der: &[u8],
    nonce: Option<&[u8]>,
    time: UnixTime,
    freshness: &Freshness,
) -> Result<OcspVerified, Error> {
    let subject = Subject::new(cert_der, None);
    verify_ocsp_response_of(response_der, &subject, issuer_der, nonce, time, freshness)
}

/// [`verify_ocsp_response`] about a certificate parsed once for several pieces of evidence; that
/// `issuer_der` issued it is proven by [`Subject::issued_under`] (no second signature
/// verification when path validation verified it under this issuer's very key). The
/// response's own signature is always verified.
pub(crate) fn verify_ocsp_response_of(
    response_der: &[u8],
    subject: &Subject<'_>,
    issuer_der: &[u8],
    nonce: Option<&[u8]>,
    time: UnixTime,
    freshness: &Freshness,
) -> Result<OcspVerified, Error> {
    let cert = subject.cert()?;
    let issuer = Cert::from_der(issuer_der)?;
    if !names_equal(cert.x509.issuer().as_raw(), issuer.x509.subject().as_raw())
        || !subject.issued_under(issuer.x509.public_key().raw)
    {
        return Err(Error::InvalidOptions(
            "the issuer certificate did not issue the certificate",
        ));
    }
    verify_issued(response_der, cert, &issuer, nonce, time, freshness)
}

/// [`verify_ocsp_response`] with the default freshness, once the issuer (`certs[1]`) is known to
/// have issued the certificate (`certs[0]`). Public only to the fuzz targets (`cfg(fuzzing)`),
/// which hoist that check out of the loop.
#[cfg(fuzzing)]
pub fn verify_ocsp_response_issued(
    certs: [&[u8]; 2],
    response_der: &[u8],
    nonce: Option<&[u8]>,
    time: UnixTime,
) -> Result<OcspVerified, Error> {
    let [cert, issuer] = certs;
    let (cert, issuer) = (Cert::from_der(cert)?, Cert::from_der(issuer)?);
    verify_issued(
        response_der,
        &cert,
        &issuer,
        nonce,
        time,
        &Freshness::default(),
    )
}

fn verify_issued(
    response_der: &[u8],
    cert: &Cert<'_>,
    issuer: &Cert<'_>,
    nonce: Option<&[u8]>,
    time: UnixTime,
    freshness: &Freshness,
) -> Result<OcspVerified, Error> {
    let basic = parse_response(response_der)?;
    let (signer_spki, delegated) = responder(&basic, issuer, time)?;
    let alg = algorithm(basic.signature_algorithm)?;
    signature::verify_signature_with(&signer_spki, alg, basic.tbs, basic.signature, false)
        .map_err(|e| match e {
            Error::SignatureInvalid => Error::OcspInvalid("signature does not verify"),
            other => other,
        })?;
    check_nonce(basic.extensions, nonce)?;
    let single = matching_single(&basic, cert, issuer)?;
    check_window(
        Kind::Ocsp,
        single.this_update,
        single.next_update,
        time,
        freshness,
    )?;
    Ok(OcspVerified {
        status: cert_status(single.status)?,
        this_update: UnixTime(single.this_update),
        next_update: single.next_update.map(UnixTime),
        produced_at: UnixTime(basic.produced_at),
        delegated,
    })
}

/// Does `candidate` carry the responderID?
fn is_responder(id: ResponderId<'_>, candidate: &Cert<'_>) -> bool {
    match id {
        ResponderId::ByName(name) => names_equal(candidate.x509.subject().as_raw(), name),
        ResponderId::ByKey(hash) => {
            Sha1::digest(candidate.x509.public_key().key).as_slice() == hash
        }
    }
}

/// The signer's SubjectPublicKeyInfo: the CA itself, or an authorised delegate among `certs`.
fn responder(
    basic: &BasicResponse<'_>,
    issuer: &Cert<'_>,
    time: UnixTime,
) -> Result<(Vec<u8>, bool), Error> {
    if is_responder(basic.responder, issuer) {
        return Ok((issuer.x509.public_key().raw.to_vec(), false));
    }
    for der in &basic.certs {
        let Ok(candidate) = Cert::from_der(der) else {
            continue;
        };
        if !is_responder(basic.responder, &candidate) {
            continue;
        }
        authorised_delegate(&candidate, issuer, time)?;
        return Ok((candidate.x509.public_key().raw.to_vec(), true));
    }
    Err(Error::OcspResponderUnauthorized)
}

/// A delegated responder: issued and signed by the CA, id-kp-OCSPSigning, valid at `time`,
/// keyUsage (when present) with digitalSignature.
fn authorised_delegate(delegate: &Cert<'_>, ca: &Cert<'_>, time: UnixTime) -> Result<(), Error> {
    let unauthorised = Error::OcspResponderUnauthorized;
    if !names_equal(delegate.x509.issuer().as_raw(), ca.x509.subject().as_raw()) {
        return Err(unauthorised);
    }
    checks::signed_by(delegate, ca, &ValidationOptions::at(time))
        .map_err(|_| unauthorised.clone())?;
    let ext = delegate.extensions().map_err(|_| unauthorised.clone())?;
    let ocsp_signing = ext
        .eku
        .as_ref()
        .is_some_and(|(_, oids)| oids.iter().any(|o| o == eku::OCSP_SIGNING));
    let ku_ok = ext
        .key_usage
        .is_none_or(|k| k & key_usage::DIGITAL_SIGNATURE != 0);
    let (not_before, not_after) = delegate.x509.validity();
    let valid = not_before <= time.0 && time.0 <= not_after;
    if ocsp_signing && ku_ok && valid {
        Ok(())
    } else {
        Err(unauthorised)
    }
}

/// The response's nonce equals the request's (when one was sent); unknown critical response
/// extensions are refused.
fn check_nonce(extensions: Option<&[u8]>, nonce: Option<&[u8]>) -> Result<(), Error> {
    let mut echoed = None;
    for ext in Extensions::new(extensions.unwrap_or(&[])) {
        let ext = ext.map_err(|_| Error::OcspInvalid("responseExtensions"))?;
        if ext.oid == NONCE_OID {
            if echoed.is_some() {
                return Err(Error::OcspInvalid("duplicate nonce"));
            }
            echoed = Some(ext.value);
        } else if ext.critical {
            return Err(Error::OcspInvalid("unknown critical response extension"));
        }
    }
    match nonce {
        None => Ok(()),
        Some(sent) if echoed == Some(nonce_value(sent).as_slice()) => Ok(()),
        Some(_) => Err(Error::OcspNonceMismatch),
    }
}

/// The one SingleResponse whose CertID is the certificate's (SHA-1 or SHA-256).
fn matching_single<'b>(
    basic: &BasicResponse<'b>,
    cert: &Cert<'_>,
    issuer: &Cert<'_>,
) -> Result<SingleResponse<'b>, Error> {
    let serial = der::unsigned_integer(cert.x509.raw_serial())
        .map_err(|_| Error::CertInvalid("serial number"))?;
    let sha1 = issuer_hashes(issuer, CertIdHash::Sha1);
    let sha256 = issuer_hashes(issuer, CertIdHash::Sha256);
    let mut found = None;
    for single in SingleResponses::new(basic.responses) {
        let single = single?;
        let expected = match CertIdHash::from_algorithm(single.hash_algorithm) {
            Some(CertIdHash::Sha1) => &sha1,
            Some(CertIdHash::Sha256) => &sha256,
            None => continue,
        };
        if single.serial != serial
            || single.name_hash != expected.0.as_slice()
            || single.key_hash != expected.1.as_slice()
        {
            continue;
        }
        if found.is_some() {
            return Err(Error::OcspInvalid("several responses for the certificate"));
        }
        for ext in Extensions::new(single.extensions.unwrap_or(&[])) {
            let ext = ext.map_err(|_| Error::OcspInvalid("singleExtensions"))?;
            if ext.critical {
                return Err(Error::OcspInvalid("unknown critical single extension"));
            }
        }
        found = Some(single);
    }
    found.ok_or(Error::OcspWrongCertificate)
}

fn cert_status(raw: RawCertStatus<'_>) -> Result<OcspCertStatus, Error> {
    Ok(match raw {
        RawCertStatus::Good => OcspCertStatus::Good,
        RawCertStatus::Unknown => OcspCertStatus::Unknown,
        RawCertStatus::Revoked { revoked_at, reason } => {
            let reason = match reason {
                Some(v) => Some(
                    RevocationReason::from_enumerated(v)
                        .ok_or(Error::OcspInvalid("revocationReason"))?,
                ),
                None => None,
            };
            if reason == Some(RevocationReason::RemoveFromCrl) {
                return Err(Error::OcspInvalid("revoked with reason removeFromCRL"));
            }
            OcspCertStatus::Revoked {
                revoked_at: UnixTime(revoked_at),
                reason,
            }
        }
    })
}
