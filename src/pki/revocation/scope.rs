//! The scope of a CRL: which certificates an issuingDistributionPoint (RFC 5280 §5.2.5) says the
//! CRL covers, matched against **every** distribution point name in the certificate's
//! cRLDistributionPoints. JPKI distribution points are directoryNames, so names are compared as
//! names (`names_equal`), other GeneralName forms byte for byte.

use super::ocsp_request::tlv;
use crate::pki::cert::{names_equal, Cert};
use crate::wire::der::{Reader, SEQUENCE};
use crate::Error;

/// Most names read from one distribution point list or issuingDistributionPoint.
const MAX_DP_NAMES: usize = 64;
/// id-ce-cRLDistributionPoints (content octets).
const CRL_DISTRIBUTION_POINTS: &[u8] = &[0x55, 0x1D, 0x1F];

/// The scope an issuingDistributionPoint gives the CRL (the default: every certificate).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Scope {
    /// GeneralNames of the distribution point (complete encodings); `None`: any point.
    pub(crate) names: Option<Vec<Vec<u8>>>,
    only_user_certs: bool,
    only_ca_certs: bool,
}

impl Scope {
    /// Does the scope cover `cert`? `CRL_SCOPE_MISMATCH` when it does not (the CRL is then not
    /// about this certificate); `EXTENSION_INVALID` for a malformed cRLDistributionPoints.
    pub(crate) fn covers(&self, cert: &Cert<'_>) -> Result<(), Error> {
        let is_ca = cert.x509.is_ca();
        if (self.only_ca_certs && !is_ca) || (self.only_user_certs && is_ca) {
            return Err(Error::CrlScopeMismatch);
        }
        let Some(idp_names) = &self.names else {
            return Ok(());
        };
        let cert_names = certificate_dp_names(cert)?;
        let covered = idp_names
            .iter()
            .any(|a| cert_names.iter().any(|b| general_names_equal(a, b)));
        if covered {
            Ok(())
        } else {
            Err(Error::CrlScopeMismatch)
        }
    }

    /// Heap bytes held.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.names.iter().flatten().map(Vec::capacity).sum()
    }
}

/// A `[n] IMPLICIT BOOLEAN` that, being DEFAULT FALSE, may only be encoded as TRUE.
fn implicit_true(value: &[u8]) -> Result<bool, Error> {
    match value {
        [0xFF] => Ok(true),
        _ => Err(Error::CrlInvalid(
            "issuingDistributionPoint flag is not DER TRUE",
        )),
    }
}

/// IssuingDistributionPoint (RFC 5280 §5.2.5).
pub(crate) fn issuing_distribution_point(value: &[u8], crl_issuer: &[u8]) -> Result<Scope, Error> {
    let bad = |_| Error::CrlInvalid("issuingDistributionPoint");
    let mut outer = Reader::new(value);
    let contents = outer.read(SEQUENCE).map_err(bad)?;
    outer.finish().map_err(bad)?;
    if contents.is_empty() {
        return Err(Error::CrlInvalid("empty issuingDistributionPoint"));
    }
    let mut r = Reader::new(contents);
    let mut scope = Scope::default();
    if let Some(dpn) = r.read_optional(0xA0).map_err(bad)? {
        scope.names = Some(distribution_point_names(dpn, crl_issuer)?);
    }
    if let Some(v) = r.read_optional(0x81).map_err(bad)? {
        scope.only_user_certs = implicit_true(v)?;
    }
    if let Some(v) = r.read_optional(0x82).map_err(bad)? {
        scope.only_ca_certs = implicit_true(v)?;
    }
    if r.read_optional(0x83).map_err(bad)?.is_some() {
        return Err(Error::CrlInvalid("onlySomeReasons is not supported"));
    }
    if let Some(v) = r.read_optional(0x84).map_err(bad)? {
        implicit_true(v)?;
        return Err(Error::CrlInvalid("indirect CRLs are not supported"));
    }
    if let Some(v) = r.read_optional(0x85).map_err(bad)? {
        implicit_true(v)?;
        return Err(Error::CrlInvalid(
            "attribute certificate CRLs are not supported",
        ));
    }
    r.finish().map_err(bad)?;
    if scope.only_user_certs && scope.only_ca_certs {
        return Err(Error::CrlInvalid("issuingDistributionPoint flags conflict"));
    }
    Ok(scope)
}

/// The GeneralNames of a DistributionPointName (the contents of its `[0]` EXPLICIT wrapper):
/// fullName as given, nameRelativeToCRLIssuer as a directoryName under `crl_issuer`.
fn distribution_point_names(dpn: &[u8], crl_issuer: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    let bad = |_| Error::CrlInvalid("distribution point name");
    let mut r = Reader::new(dpn);
    let (tag, contents) = r.read_any().map_err(bad)?;
    r.finish().map_err(bad)?;
    match tag {
        0xA0 => {
            let mut names = Reader::new(contents);
            let mut out = Vec::new();
            while !names.is_empty() {
                if out.len() >= MAX_DP_NAMES {
                    return Err(Error::BudgetExceeded("distribution point names"));
                }
                out.push(names.read_raw().map_err(bad)?.to_vec());
            }
            if out.is_empty() {
                return Err(Error::CrlInvalid("empty distribution point fullName"));
            }
            Ok(out)
        }
        0xA1 => {
            let issuer_rdns = Reader::new(crl_issuer).read(SEQUENCE).map_err(bad)?;
            let mut name = issuer_rdns.to_vec();
            name.extend(tlv(0x31, contents));
            Ok(vec![tlv(0xA4, &tlv(SEQUENCE, &name))])
        }
        _ => Err(Error::CrlInvalid("distribution point name")),
    }
}

/// Every name of every distribution point of the certificate (points with a cRLIssuer name
/// indirect CRLs and are skipped). No extension: no names.
fn certificate_dp_names(cert: &Cert<'_>) -> Result<Vec<Vec<u8>>, Error> {
    let bad = |_| Error::ExtensionInvalid("cRLDistributionPoints");
    let Some(ext) = cert
        .x509
        .extensions()
        .iter()
        .find(|e| e.oid == CRL_DISTRIBUTION_POINTS)
    else {
        return Ok(Vec::new());
    };
    let mut outer = Reader::new(ext.value);
    let mut points = Reader::new(outer.read(SEQUENCE).map_err(bad)?);
    outer.finish().map_err(bad)?;
    let issuer = cert.x509.issuer().as_raw();
    let mut out = Vec::new();
    while !points.is_empty() {
        let mut dp = Reader::new(points.read(SEQUENCE).map_err(bad)?);
        let name = dp.read_optional(0xA0).map_err(bad)?;
        dp.read_optional(0x81).map_err(bad)?; // reasons: our CRLs cover every reason
        let crl_issuer = dp.read_optional(0xA2).map_err(bad)?;
        dp.finish().map_err(bad)?;
        if let (Some(name), None) = (name, crl_issuer) {
            let names = distribution_point_names(name, issuer)
                .map_err(|_| Error::ExtensionInvalid("cRLDistributionPoints"))?;
            out.extend(names);
        }
        if out.len() > MAX_DP_NAMES {
            return Err(Error::BudgetExceeded("distribution point names"));
        }
    }
    Ok(out)
}

/// Two GeneralNames are equal: directoryNames as names, other forms byte for byte.
fn general_names_equal(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let inner = |gn: &[u8]| -> Option<Vec<u8>> {
        let mut r = Reader::new(gn);
        let contents = r.read(0xA4).ok()?;
        r.finish().ok()?;
        Some(contents.to_vec())
    };
    match (inner(a), inner(b)) {
        (Some(x), Some(y)) => names_equal(&x, &y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names_expand_under_the_issuer() {
        // issuer: SEQUENCE { SET { SEQUENCE { OID 2.5.4.6, PrintableString "JP" } } }
        let issuer = [
            0x30, 0x0D, 0x31, 0x0B, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, b'J',
            b'P',
        ];
        // nameRelativeToCRLIssuer [1] { SEQUENCE { OID 2.5.4.3, PrintableString "A" } }
        let rel = [
            0xA1, 0x0A, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x01, b'A',
        ];
        let names = distribution_point_names(&rel, &issuer).unwrap();
        let mut expected = issuer[2..].to_vec();
        expected.extend(tlv(0x31, &rel[2..]));
        assert_eq!(names, vec![tlv(0xA4, &tlv(0x30, &expected))]);
        assert!(general_names_equal(&names[0], &names[0].clone()));
        assert!(!general_names_equal(&names[0], &tlv(0x86, b"http://x")));
    }
}
