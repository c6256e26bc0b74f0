//! Locating one field of a certificate with the strict DER reader, without the full X.509
//! parse: for certificates that have already been validated, where only a field is needed again.

use super::der::{Reader, INTEGER, SEQUENCE};

/// The `[0]` EXPLICIT tag of the TBSCertificate version.
const VERSION: u8 = 0xa0;

/// The complete SubjectPublicKeyInfo encoding of a DER certificate, `None` when the
/// certificate does not have the X.509 shape up to it.
pub fn subject_public_key_info(der: &[u8]) -> Option<&[u8]> {
    let mut outer = Reader::new(der);
    let cert = outer.read(SEQUENCE).ok()?;
    outer.finish().ok()?;
    let tbs = Reader::new(cert).read(SEQUENCE).ok()?;
    let mut fields = Reader::new(tbs);
    fields.read_optional(VERSION).ok()?;
    fields.read(INTEGER).ok()?; // serialNumber
    for _ in 0..4 {
        // signature, issuer, validity, subject
        fields.read(SEQUENCE).ok()?;
    }
    let spki = fields.read_raw().ok()?;
    spki.starts_with(&[SEQUENCE]).then_some(spki)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::cert;
    use crate::wire::pem;

    #[test]
    fn agrees_with_the_full_parse() {
        for text in [
            include_str!("../../tests/data/jpki/testpki/test_auth_ee.pem"),
            include_str!("../../tests/data/jpki/testpki/test_sign_ee.pem"),
            include_str!("../jpki/roots/auth_ca_2023.pem"),
            include_str!("../../tests/data/cms/ec-leaf.pem"),
        ] {
            let der = pem::certificates(text).unwrap().remove(0);
            let parsed = cert::parse(&der).unwrap();
            assert_eq!(subject_public_key_info(&der), Some(parsed.public_key().raw));
        }
    }

    #[test]
    fn other_shapes_give_none() {
        let der = pem::certificates(include_str!(
            "../../tests/data/jpki/testpki/test_auth_ee.pem"
        ))
        .unwrap()
        .remove(0);
        assert_eq!(subject_public_key_info(&der[..der.len() - 1]), None);
        let mut trailing = der.clone();
        trailing.push(0);
        assert_eq!(subject_public_key_info(&trailing), None);
        assert_eq!(subject_public_key_info(&[0x30, 0x00]), None);
        assert_eq!(subject_public_key_info(&[]), None);
    }
}
