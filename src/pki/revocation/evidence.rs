//! Revocation evidence handed in by the caller, the freshness rule they all share, and the one
//! answer drawn from them ([`check_revocation`]).

#[cfg(feature = "crl-ocsp-cms")]
use super::crl::{CrlEntryStatus, CrlIndex};
#[cfg(feature = "crl-ocsp-cms")]
use super::ocsp::{verify_ocsp_response_of, OcspCertStatus};
use super::subject::Subject;
use super::RevocationReason;
use crate::pki::UnixTime;
use crate::Error;
use sha2::{Digest, Sha256};

/// Default tolerance for clocks that disagree, in seconds.
pub const DEFAULT_SKEW_SECONDS: u32 = 300;
/// Default greatest age of evidence (time − thisUpdate / checkedAt), in seconds: 48 hours.
pub const DEFAULT_MAX_AGE_SECONDS: u32 = 48 * 3600;
/// Most pieces of evidence in one check.
pub const MAX_EVIDENCE: usize = 32;

/// How current evidence must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshness {
    /// Tolerance applied to every bound, in seconds.
    pub skew_seconds: u32,
    /// Greatest age (time − thisUpdate, or time − checkedAt for an operator verdict).
    /// `None`: only nextUpdate bounds the evidence, and evidence without one is refused.
    pub max_age_seconds: Option<u32>,
}

impl Default for Freshness {
    /// 300 s skew, 48 h maximum age.
    fn default() -> Self {
        Freshness {
            skew_seconds: DEFAULT_SKEW_SECONDS,
            max_age_seconds: Some(DEFAULT_MAX_AGE_SECONDS),
        }
    }
}

/// Which kind of evidence a freshness failure is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Crl,
    Ocsp,
    Operator,
}

/// The freshness rule (see [`super`]): `REVOCATION_STALE` naming the evidence and the bound.
pub(crate) fn check_window(
    kind: Kind,
    this_update: i64,
    next_update: Option<i64>,
    time: UnixTime,
    freshness: &Freshness,
) -> Result<(), Error> {
    let skew = i64::from(freshness.skew_seconds);
    let stale = |bound: usize| {
        let names: [&'static str; 4] = match kind {
            Kind::Crl => [
                "CRL thisUpdate is in the future",
                "CRL is past its nextUpdate",
                "CRL is older than the maximum age",
                "CRL without nextUpdate and no maximum age",
            ],
            Kind::Ocsp => [
                "OCSP thisUpdate is in the future",
                "OCSP response is past its nextUpdate",
                "OCSP response is older than the maximum age",
                "OCSP response without nextUpdate and no maximum age",
            ],
            Kind::Operator => [
                "operator verdict checked in the future",
                "operator verdict",
                "operator verdict is older than the maximum age",
                "operator verdict and no maximum age",
            ],
        };
        Error::RevocationStale(names.get(bound).copied().unwrap_or("evidence"))
    };
    if this_update > time.0.saturating_add(skew) {
        return Err(stale(0));
    }
    if let Some(next) = next_update {
        if time.0 > next.saturating_add(skew) {
            return Err(stale(1));
        }
    }
    match freshness.max_age_seconds {
        Some(max) if time.0.saturating_sub(this_update) > i64::from(max).saturating_add(skew) => {
            Err(stale(2))
        }
        None if next_update.is_none() => Err(stale(3)),
        _ => Ok(()),
    }
}

/// A platform operator's answer about one certificate (J-LIS shares revocation data with
/// operators; their verdict is reported as theirs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorVerdict {
    /// SHA-256 of the certificate's DER the verdict is about (a verdict for another
    /// certificate is not used).
    pub certificate_sha256: [u8; 32],
    /// The operator's answer.
    pub status: OperatorStatus,
    /// When the operator checked (bounded by [`Freshness::max_age_seconds`]).
    pub checked_at: UnixTime,
    /// Who answered (reported in the result).
    pub source: String,
}

/// An operator's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorStatus {
    /// Not revoked.
    Good,
    /// Revoked or on hold.
    Revoked {
        /// When.
        revoked_at: UnixTime,
        /// Why, when known.
        reason: Option<RevocationReason>,
    },
    /// The operator does not know.
    Unknown,
}

/// One piece of revocation evidence.
#[derive(Clone, Copy, Debug)]
pub enum RevocationEvidence<'a> {
    /// A CRL indexed once with [`CrlIndex::build`] (reuse it across verifications). A CRL of
    /// another issuer, or whose distribution point does not cover the certificate, is not used.
    #[cfg(feature = "crl-ocsp-cms")]
    Crl(&'a CrlIndex),
    /// A CRL as DER with its issuer's certificate (indexed on every call: prefer
    /// [`RevocationEvidence::Crl`] for large CRLs).
    #[cfg(feature = "crl-ocsp-cms")]
    CrlDer {
        /// The CRL.
        crl: &'a [u8],
        /// The issuing CA's certificate.
        issuer: &'a [u8],
    },
    /// A DER OCSPResponse for the certificate, with the issuing CA's certificate and the nonce
    /// of the request when one was sent.
    #[cfg(feature = "crl-ocsp-cms")]
    Ocsp {
        /// The response.
        response: &'a [u8],
        /// The issuing CA's certificate.
        issuer: &'a [u8],
        /// The request's nonce.
        nonce: Option<&'a [u8]>,
    },
    /// A platform operator's verdict.
    Operator(&'a OperatorVerdict),
}

/// Where an answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvidenceSource {
    Crl,
    Ocsp,
    Operator,
}

impl EvidenceSource {
    /// `crl`, `ocsp` or `operator`.
    pub fn name(self) -> &'static str {
        match self {
            EvidenceSource::Crl => "crl",
            EvidenceSource::Ocsp => "ocsp",
            EvidenceSource::Operator => "operator",
        }
    }
}

/// The answer of the evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedStatus {
    Good,
    Revoked,
    Unknown,
}

/// What the evidence says about a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationCheck {
    /// good / revoked / unknown.
    pub status: CheckedStatus,
    /// Which evidence gave the answer.
    pub source: EvidenceSource,
    /// The reason (revoked, or removeFromCRL for a certificate taken off hold).
    pub reason: Option<RevocationReason>,
    /// When it was revoked.
    pub revoked_at: Option<UnixTime>,
    /// thisUpdate of the CRL / OCSP response, or the operator's check time.
    pub checked_at: Option<UnixTime>,
    /// The operator's name, for operator verdicts.
    pub operator: Option<String>,
}

impl RevocationCheck {
    /// `CERT_REVOKED` with reason and date for a revoked certificate; `Ok` otherwise.
    pub fn revoked_error(&self) -> Result<(), Error> {
        match (self.status, self.revoked_at) {
            (CheckedStatus::Revoked, at) => Err(Error::CertRevoked {
                reason: self.reason.map_or("unspecified", RevocationReason::name),
                revoked_at: at.map_or(0, |t| t.0),
            }),
            _ => Ok(()),
        }
    }

    fn rank(&self) -> u8 {
        match self.status {
            CheckedStatus::Revoked => 2,
            CheckedStatus::Good => 1,
            CheckedStatus::Unknown => 0,
        }
    }
}

/// Weigh every piece of `evidence` about `cert_der` at `time`.
///
/// - Any evidence that is bad (`CRL_INVALID`, `OCSP_*`, `REVOCATION_STALE`, ...) → that error:
///   a bad CRL or OCSP response never turns into "good".
/// - Evidence that is not about this certificate is skipped: a CRL of another issuer or
///   distribution point (`CRL_WRONG_ISSUER`, `CRL_SCOPE_MISMATCH`), an operator verdict for
///   another certificate.
/// - Of the rest, revoked wins over good, good over unknown; `Ok(None)` when nothing applied.
pub fn check_revocation(
    cert_der: &[u8],
    evidence: &[RevocationEvidence<'_>],
    time: UnixTime,
    freshness: &Freshness,
) -> Result<Option<RevocationCheck>, Error> {
    check_revocation_issued(cert_der, None, evidence, time, freshness)
}

/// [`check_revocation`] once path validation has verified `cert_der`'s signature under the
/// key `validated_issuer_spki` (the complete SubjectPublicKeyInfo DER of the certificate's
/// issuer in the validated path, e.g. [`crate::pki::ValidatedPath::issuer_spki`]).
///
/// A CRL or OCSP issuer whose key is byte-identical to it (and whose name matches, as always)
/// is taken as the certificate's issuer without verifying the certificate's signature again;
/// any other key is checked as [`check_revocation`] does, so a CA with the same name but
/// another key (the 2015 and 2023 J-LIS roots) still does not speak about the certificate. The
/// answer is the same as [`check_revocation`]'s whenever `validated_issuer_spki` is what path
/// validation used; pass `None` when it is not known. Signatures of the evidence itself (the
/// CRL's, checked when it was indexed, and the OCSP response's) are always verified.
pub fn check_revocation_issued(
    cert_der: &[u8],
    validated_issuer_spki: Option<&[u8]>,
    evidence: &[RevocationEvidence<'_>],
    time: UnixTime,
    freshness: &Freshness,
) -> Result<Option<RevocationCheck>, Error> {
    if evidence.is_empty() {
        return Ok(None);
    }
    weigh(cert_der, validated_issuer_spki, evidence, time, freshness)
}

/// [`check_revocation_issued`] for a non-empty list. Kept apart so that a verification without
/// evidence (the common case in a browser) never compiles it in wasm.
#[inline(never)]
fn weigh(
    cert_der: &[u8],
    validated_issuer_spki: Option<&[u8]>,
    evidence: &[RevocationEvidence<'_>],
    time: UnixTime,
    freshness: &Freshness,
) -> Result<Option<RevocationCheck>, Error> {
    if evidence.len() > MAX_EVIDENCE {
        return Err(Error::InputTooLarge {
            what: "revocation evidence list",
            limit: MAX_EVIDENCE,
        });
    }
    let subject = Subject::new(cert_der, validated_issuer_spki);
    let mut best: Option<RevocationCheck> = None;
    for item in evidence {
        let Some(answer) = one(&subject, item, time, freshness)? else {
            continue;
        };
        if best.as_ref().is_none_or(|b| answer.rank() > b.rank()) {
            best = Some(answer);
        }
    }
    Ok(best)
}

/// One piece of evidence; `None` when it is not about this certificate.
fn one(
    subject: &Subject<'_>,
    item: &RevocationEvidence<'_>,
    time: UnixTime,
    freshness: &Freshness,
) -> Result<Option<RevocationCheck>, Error> {
    match item {
        #[cfg(feature = "crl-ocsp-cms")]
        RevocationEvidence::Crl(index) => from_crl(index, subject, time, freshness),
        #[cfg(feature = "crl-ocsp-cms")]
        RevocationEvidence::CrlDer { crl, issuer } => {
            from_crl(&CrlIndex::build(crl, issuer)?, subject, time, freshness)
        }
        #[cfg(feature = "crl-ocsp-cms")]
        RevocationEvidence::Ocsp {
            response,
            issuer,
            nonce,
        } => {
            let v = verify_ocsp_response_of(response, subject, issuer, *nonce, time, freshness)?;
            let (status, reason, revoked_at) = match v.status {
                OcspCertStatus::Good => (CheckedStatus::Good, None, None),
                OcspCertStatus::Revoked { revoked_at, reason } => {
                    (CheckedStatus::Revoked, reason, Some(revoked_at))
                }
                OcspCertStatus::Unknown => (CheckedStatus::Unknown, None, None),
            };
            Ok(Some(RevocationCheck {
                status,
                source: EvidenceSource::Ocsp,
                reason,
                revoked_at,
                checked_at: Some(v.this_update),
                operator: None,
            }))
        }
        RevocationEvidence::Operator(verdict) => {
            from_operator(verdict, subject.der(), time, freshness)
        }
    }
}

#[cfg(feature = "crl-ocsp-cms")]
fn from_crl(
    index: &CrlIndex,
    subject: &Subject<'_>,
    time: UnixTime,
    freshness: &Freshness,
) -> Result<Option<RevocationCheck>, Error> {
    let status = match index.status_of(subject, time, freshness) {
        Err(Error::CrlWrongIssuer | Error::CrlScopeMismatch) => return Ok(None),
        other => other?,
    };
    let (status, reason, revoked_at) = match status {
        CrlEntryStatus::NotRevoked => (CheckedStatus::Good, None, None),
        CrlEntryStatus::RemovedFromHold { .. } => (
            CheckedStatus::Good,
            Some(RevocationReason::RemoveFromCrl),
            None,
        ),
        CrlEntryStatus::Revoked { revoked_at, reason } => {
            (CheckedStatus::Revoked, reason, Some(revoked_at))
        }
    };
    Ok(Some(RevocationCheck {
        status,
        source: EvidenceSource::Crl,
        reason,
        revoked_at,
        checked_at: Some(index.this_update()),
        operator: None,
    }))
}

fn from_operator(
    verdict: &OperatorVerdict,
    cert_der: &[u8],
    time: UnixTime,
    freshness: &Freshness,
) -> Result<Option<RevocationCheck>, Error> {
    if Sha256::digest(cert_der).as_slice() != verdict.certificate_sha256 {
        return Ok(None);
    }
    check_window(Kind::Operator, verdict.checked_at.0, None, time, freshness)?;
    let (status, reason, revoked_at) = match verdict.status {
        OperatorStatus::Good => (CheckedStatus::Good, None, None),
        OperatorStatus::Revoked { revoked_at, reason } => {
            (CheckedStatus::Revoked, reason, Some(revoked_at))
        }
        OperatorStatus::Unknown => (CheckedStatus::Unknown, None, None),
    };
    Ok(Some(RevocationCheck {
        status,
        source: EvidenceSource::Operator,
        reason,
        revoked_at,
        checked_at: Some(verdict.checked_at),
        operator: Some(verdict.source.clone()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_window() {
        let f = Freshness {
            skew_seconds: 10,
            max_age_seconds: Some(100),
        };
        let at = UnixTime(1000);
        assert!(check_window(Kind::Crl, 1000, Some(2000), at, &f).is_ok());
        assert!(check_window(Kind::Crl, 1010, None, at, &f).is_ok());
        assert!(check_window(Kind::Crl, 1011, None, at, &f).is_err());
        assert!(check_window(Kind::Crl, 950, Some(990), at, &f).is_ok());
        assert!(check_window(Kind::Crl, 950, Some(989), at, &f).is_err());
        assert!(check_window(Kind::Crl, 890, None, at, &f).is_ok());
        assert_eq!(
            check_window(Kind::Ocsp, 889, None, at, &f),
            Err(Error::RevocationStale(
                "OCSP response is older than the maximum age"
            ))
        );
        let unbounded = Freshness {
            max_age_seconds: None,
            ..f
        };
        assert!(check_window(Kind::Crl, 0, Some(5000), at, &unbounded).is_ok());
        assert!(check_window(Kind::Operator, 999, None, at, &unbounded).is_err());
    }

    #[test]
    fn operator_verdicts_are_bound_to_the_certificate_and_fresh() {
        let cert = b"not parsed for operator verdicts";
        let verdict = OperatorVerdict {
            certificate_sha256: Sha256::digest(cert).into(),
            status: OperatorStatus::Revoked {
                revoked_at: UnixTime(500),
                reason: Some(RevocationReason::CertificateHold),
            },
            checked_at: UnixTime(900),
            source: "platform".into(),
        };
        let f = Freshness::default();
        let ev = [RevocationEvidence::Operator(&verdict)];
        let got = check_revocation(cert, &ev, UnixTime(1000), &f)
            .unwrap()
            .unwrap();
        assert_eq!(got.status, CheckedStatus::Revoked);
        assert_eq!(got.operator.as_deref(), Some("platform"));
        assert_eq!(
            got.revoked_error(),
            Err(Error::CertRevoked {
                reason: "certificateHold",
                revoked_at: 500
            })
        );
        assert_eq!(
            check_revocation(b"other", &ev, UnixTime(1000), &f),
            Ok(None)
        );
        let late = UnixTime(900 + i64::from(DEFAULT_MAX_AGE_SECONDS) + 301);
        assert!(matches!(
            check_revocation(cert, &ev, late, &f),
            Err(Error::RevocationStale(_))
        ));
    }
}
