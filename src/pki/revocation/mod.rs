//! Revocation evidence: CRLs, OCSP responses and platform operators' verdicts.
//!
//! J-LIS gives its CRLs and OCSP only to certified verifiers and platform operators, so
//! revocation is an **input**: the caller hands evidence in ([`RevocationEvidence`]) and gets a
//! typed answer ([`check_revocation`]); "no usable evidence" is its own outcome, never "good".
//!
//! # Decisions
//! - **CRLs** ([`CrlIndex`]): complete X.509 v2 CRLs only. Signed directly by the certificate's
//!   issuer (same name and key, keyUsage cRLSign when keyUsage is present). **Indirect CRLs are
//!   refused** (`CRL_INVALID`: an issuingDistributionPoint with indirectCRL, or a
//!   certificateIssuer entry extension); **delta CRLs are refused** (`CRL_DELTA_UNSUPPORTED`);
//!   a freshestCRL pointer in a complete CRL is ignored (the complete CRL stands alone). The
//!   cRLNumber is required (`CRL_INVALID`). Understood CRL extensions: authorityKeyIdentifier,
//!   cRLNumber, issuingDistributionPoint, issuerAltName, authorityInfoAccess, freshestCRL;
//!   another critical one → `CRL_INVALID`. Entry extensions: reasonCode, invalidityDate (read
//!   past), certificateIssuer (refused); another critical one → `CRL_INVALID`.
//! - **Scope**: an issuingDistributionPoint name must equal a name of ANY distribution point
//!   of the certificate (every point, every name; directoryNames compared as names, other
//!   forms byte for byte; nameRelativeToCRLIssuer expanded under the CRL issuer); a point
//!   with a cRLIssuer names an indirect CRL and is skipped. onlyContainsUserCerts /
//!   onlyContainsCACerts are honoured; onlySomeReasons and onlyContainsAttributeCerts are
//!   refused (`CRL_INVALID`: such a CRL cannot say "good"). A CRL that does not cover the
//!   certificate → `CRL_SCOPE_MISMATCH`.
//! - **removeFromCRL** in a complete CRL (RFC 5280 keeps it for delta CRLs) is read as the CA's
//!   statement that the certificate is no longer on hold: status good, the reason reported.
//! - **Freshness** ([`Freshness`]): thisUpdate ≤ time + skew; time ≤ nextUpdate + skew; time −
//!   thisUpdate ≤ maxAge + skew when maxAge is set (default 48 h). Evidence without a
//!   nextUpdate (a CRL or OCSP response without one, every operator verdict) is accepted only
//!   under a maxAge. Otherwise `REVOCATION_STALE`.
//! - **OCSP** ([`verify_ocsp_response`]): successful BasicOCSPResponse, signed by the CA itself
//!   or by a delegated responder certificate issued by that CA with the id-kp-OCSPSigning EKU
//!   and valid at the time (id-pkix-ocsp-nocheck is not needed: the responder's own status is
//!   not checked), nothing else (`OCSP_RESPONDER_UNAUTHORIZED`). CertID with SHA-1 or
//!   SHA-256. Nonce (RFC 8954, 1..=32 bytes) compared when the caller sent one.
//! - **Issuer key**: a CRL or OCSP issuer speaks about a certificate only if the certificate
//!   verifies under its key (a name is not enough: the 2015 and 2023 J-LIS roots may share
//!   one). [`check_revocation_issued`] takes the key path validation already verified the
//!   certificate under; evidence from a byte-identical key is not verified a second time, any
//!   other key is (see `subject.rs`).
//! - **Not covered**: the revocation of the CA certificates themselves (ARLs); JPKI
//!   end-entities chain directly to a root.

pub mod crl;
pub mod evidence;
mod fences;
pub mod index;
pub mod ocsp;
pub mod ocsp_request;
mod scope;
mod serial_sort;
mod subject;

pub use crl::{crl_tbs_plan, CrlEntryStatus, CrlIndex, TbsPlan, MAX_CRL_DER, MAX_CRL_ENTRIES};
pub use evidence::{
    check_revocation, check_revocation_issued, CheckedStatus, EvidenceSource, Freshness,
    OperatorStatus, OperatorVerdict, RevocationCheck, RevocationEvidence,
};
#[cfg(fuzzing)]
pub use ocsp::verify_ocsp_response_issued;
pub use ocsp::{verify_ocsp_response, OcspCertStatus, OcspVerified};
pub use ocsp_request::{build_ocsp_request, CertIdHash};

/// CRLReason (RFC 5280 §5.3.1). Value 7 is not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    /// On hold (a lost card reported to the hotline); may be released later.
    CertificateHold,
    /// Taken off hold.
    RemoveFromCrl,
    PrivilegeWithdrawn,
    AaCompromise,
}

impl RevocationReason {
    /// From the ENUMERATED value; `None` for 7 and values above 10.
    pub fn from_code(code: u8) -> Option<Self> {
        use RevocationReason::*;
        Some(match code {
            0 => Unspecified,
            1 => KeyCompromise,
            2 => CaCompromise,
            3 => AffiliationChanged,
            4 => Superseded,
            5 => CessationOfOperation,
            6 => CertificateHold,
            8 => RemoveFromCrl,
            9 => PrivilegeWithdrawn,
            10 => AaCompromise,
            _ => return None,
        })
    }

    /// The ENUMERATED value.
    pub fn code(self) -> u8 {
        use RevocationReason::*;
        match self {
            Unspecified => 0,
            KeyCompromise => 1,
            CaCompromise => 2,
            AffiliationChanged => 3,
            Superseded => 4,
            CessationOfOperation => 5,
            CertificateHold => 6,
            RemoveFromCrl => 8,
            PrivilegeWithdrawn => 9,
            AaCompromise => 10,
        }
    }

    /// The RFC 5280 name (`keyCompromise`, `certificateHold`, `removeFromCRL`, ...).
    pub fn name(self) -> &'static str {
        use RevocationReason::*;
        match self {
            Unspecified => "unspecified",
            KeyCompromise => "keyCompromise",
            CaCompromise => "cACompromise",
            AffiliationChanged => "affiliationChanged",
            Superseded => "superseded",
            CessationOfOperation => "cessationOfOperation",
            CertificateHold => "certificateHold",
            RemoveFromCrl => "removeFromCRL",
            PrivilegeWithdrawn => "privilegeWithdrawn",
            AaCompromise => "aACompromise",
        }
    }

    /// From a CRLReason ENUMERATED value's contents (one octet).
    pub(crate) fn from_enumerated(value: &[u8]) -> Option<Self> {
        match value {
            [code] => Self::from_code(*code),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_round_trip() {
        for code in 0..=10u8 {
            match RevocationReason::from_code(code) {
                Some(r) => assert_eq!(r.code(), code),
                None => assert_eq!(code, 7),
            }
        }
        assert_eq!(RevocationReason::from_code(11), None);
        assert_eq!(
            RevocationReason::from_enumerated(&[6]).map(RevocationReason::name),
            Some("certificateHold")
        );
        assert_eq!(RevocationReason::from_enumerated(&[0, 6]), None);
    }
}
