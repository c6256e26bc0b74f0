//! The certificate whose revocation is checked: parsed once, on first need, for all the
//! evidence of one check, and tied to the issuing CA's key that path validation verified it
//! under, when the caller knows it.
//!
//! Evidence from a CA (a CRL, an OCSP response with the CA's certificate) is about a
//! certificate only when the certificate was issued under that CA's key: a name alone is not
//! enough, since two CAs (the 2015 and 2023 J-LIS roots) may share a subject name. Proving it
//! means verifying the certificate's signature, an RSA operation that path validation has
//! usually just done. When the key path validation used is byte-identical to the CA's key, that
//! verification stands; for any other key, or none given, the signature is verified again.

use crate::pki::cert::Cert;
use crate::pki::{checks, Hash};
use crate::Error;
use std::cell::OnceCell;

/// The certificate under check, with the key of its validated issuer when known.
pub(crate) struct Subject<'a> {
    der: &'a [u8],
    parsed: OnceCell<Result<Cert<'a>, Error>>,
    validated_issuer_spki: Option<&'a [u8]>,
}

impl<'a> Subject<'a> {
    /// `der`, not parsed yet. `validated_issuer_spki`: the complete SubjectPublicKeyInfo DER
    /// under which path validation verified the certificate's signature (`None` when unknown).
    pub(crate) fn new(der: &'a [u8], validated_issuer_spki: Option<&'a [u8]>) -> Self {
        Subject {
            der,
            parsed: OnceCell::new(),
            validated_issuer_spki,
        }
    }

    /// The DER as given.
    pub(crate) fn der(&self) -> &'a [u8] {
        self.der
    }

    /// The parsed certificate (parsed on the first call; a parse error is returned every time).
    pub(crate) fn cert(&self) -> Result<&Cert<'a>, Error> {
        self.parsed
            .get_or_init(|| Cert::from_der(self.der))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether the certificate was issued under `issuer_spki`: its signature verifies with that
    /// key (SHA-1 refused), or path validation already verified it under these very key bytes.
    pub(crate) fn issued_under(&self, issuer_spki: &[u8]) -> bool {
        let Ok(cert) = self.cert() else {
            return false;
        };
        if self.validated_issuer_spki == Some(issuer_spki) && verifiable_without_sha1(cert) {
            return true;
        }
        checks::signed_under(cert, issuer_spki, false).is_ok()
    }
}

/// The certificate's signature algorithm is one the full check accepts: supported and not
/// SHA-1. Path validation may have accepted a SHA-1 signature (legacy options); the full check
/// never does, and the shortcut must not answer differently from it.
fn verifiable_without_sha1(cert: &Cert<'_>) -> bool {
    checks::signature_algorithm(cert).is_ok_and(|alg| alg.hash() != Hash::Sha1)
}

#[cfg(all(test, feature = "testpki"))]
mod tests {
    use super::*;
    use crate::jpki::Purpose;
    use crate::testpki::{der, TestPki};
    use crate::wire::der::{Reader, SEQUENCE};
    use sha1::{Digest, Sha1};

    /// DigestInfo prefix of SHA-1 (RFC 8017 §9.2).
    const SHA1_DIGEST_INFO: &[u8] = &[
        0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14,
    ];

    /// The TEST auth EE re-signed by the auth root's key with sha1WithRSAEncryption.
    fn sha1_signed_auth_ee(pki: &TestPki) -> Vec<u8> {
        let ee = pki.auth_cert().unwrap();
        let mut outer = Reader::new(&ee);
        let mut parts = Reader::new(outer.read(SEQUENCE).unwrap());
        let tbs = parts.read_raw().unwrap();
        let digest_info = [SHA1_DIGEST_INFO, Sha1::digest(tbs).as_slice()].concat();
        let signature = pki
            .root_key(Purpose::Auth)
            .sign_digest_info(&digest_info)
            .unwrap();
        let alg = der::sequence(&[der::oid("1.2.840.113549.1.1.5"), der::null()]);
        der::sequence(&[tbs.to_vec(), alg, der::bit_string(&signature, 0)])
    }

    #[test]
    fn the_validated_key_stands_for_the_signature_check_without_sha1_only() {
        let pki = TestPki::shared().unwrap();
        let root_spki = pki.root_key(Purpose::Auth).spki_der();
        let other_spki = pki.other_key().spki_der();
        let ee = pki.auth_cert().unwrap();
        assert!(Subject::new(&ee, None).issued_under(root_spki));
        assert!(Subject::new(&ee, Some(root_spki)).issued_under(root_spki));
        assert!(!Subject::new(&ee, Some(root_spki)).issued_under(other_spki));
        // Genuinely signed with SHA-1 (path validation with legacy options accepts it), but the
        // full check refuses SHA-1, and so does the shortcut.
        let sha1 = sha1_signed_auth_ee(pki);
        let cert = Cert::from_der(&sha1).unwrap();
        assert!(checks::signed_under(&cert, root_spki, true).is_ok());
        assert!(!Subject::new(&sha1, None).issued_under(root_spki));
        assert!(!Subject::new(&sha1, Some(root_spki)).issued_under(root_spki));
    }

    #[test]
    fn a_certificate_that_does_not_parse_is_issued_by_nobody() {
        let pki = TestPki::shared().unwrap();
        let root_spki = pki.root_key(Purpose::Auth).spki_der();
        let subject = Subject::new(b"not a certificate", Some(root_spki));
        assert!(subject.cert().is_err());
        assert!(subject.cert().is_err());
        assert!(!subject.issued_under(root_spki));
    }
}
