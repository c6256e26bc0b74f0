//! The field-by-field agreement of the crate's certificate reader with x509-parser, shared by
//! `tests/x509_reader.rs` and the fuzz target `x509` (`#[path]`-included by both; a file below
//! `tests/common/` is not a test crate of its own).

use myna_verify::wire::x509::Certificate;

/// Every field `ours` read equals x509-parser's reading of the same certificate.
pub fn agree(ours: &Certificate<'_>, theirs: &x509_parser::certificate::X509Certificate<'_>) {
    use x509_parser::asn1_rs::ToDer;
    let tbs = &theirs.tbs_certificate;
    assert_eq!(ours.tbs(), tbs.as_ref());
    assert_eq!(u32::from(ours.version()), tbs.version.0);
    assert_eq!(ours.raw_serial(), tbs.raw_serial());
    assert_eq!(ours.issuer().as_raw(), tbs.issuer.as_raw());
    assert_eq!(ours.subject().as_raw(), tbs.subject.as_raw());
    assert_eq!(
        ours.validity(),
        (
            tbs.validity.not_before.timestamp(),
            tbs.validity.not_after.timestamp()
        )
    );
    assert_eq!(ours.public_key().raw, tbs.subject_pki.raw);
    assert_eq!(
        ours.public_key().key,
        &tbs.subject_pki.subject_public_key.data[..]
    );
    let exts: Vec<_> = tbs
        .extensions()
        .iter()
        .map(|e| (e.oid.as_bytes().to_vec(), e.critical, e.value.to_vec()))
        .collect();
    let mine: Vec<_> = ours
        .extensions()
        .iter()
        .map(|e| (e.oid.to_vec(), e.critical, e.value.to_vec()))
        .collect();
    assert_eq!(mine, exts);
    let oid = theirs.signature_algorithm.algorithm.to_der_vec().unwrap();
    let params = match &theirs.signature_algorithm.parameters {
        Some(p) => p.to_der_vec().unwrap(),
        None => Vec::new(),
    };
    let body = [oid, params].concat();
    let tlv = ours.signature_algorithm();
    let header = match tlv.get(1) {
        Some(&len) if len >= 0x80 => 2 + usize::from(len & 0x7f),
        _ => 2,
    };
    assert_eq!(tlv.get(header..), Some(&body[..]));
    assert_eq!(ours.signature_value(), &theirs.signature_value.data[..]);
    let names: Vec<&[u8]> = ours.subject().attributes().map(|a| a.oid).collect();
    let theirs_names: Vec<&[u8]> = tbs
        .subject
        .iter_attributes()
        .map(|a| a.attr_type().as_bytes())
        .collect();
    assert_eq!(names, theirs_names);
}
