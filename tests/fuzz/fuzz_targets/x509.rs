//! Differential: the strict certificate reader (`wire::x509`) against x509-parser. Whatever ours
//! accepts, x509-parser must accept too (with nothing after it), and every field must agree;
//! ours may refuse more (that is the point of strict DER). The extension decoders and the Name
//! iterators run on everything ours accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::wire::x509::{extension, oid, Certificate};


fuzz_target!(|data: &[u8]| {
    let Ok(ours) = Certificate::from_der(data) else {
        return;
    };
    let (rest, theirs) = x509_parser::parse_x509_certificate(data)
        .expect("ours accepted a certificate x509-parser refuses");
    assert!(rest.is_empty());
    let tbs = &theirs.tbs_certificate;
    assert_eq!(ours.tbs(), tbs.as_ref());
    assert_eq!(u32::from(ours.version()), tbs.version.0);
    assert_eq!(ours.raw_serial(), tbs.raw_serial());
    assert_eq!(ours.issuer().as_raw(), tbs.issuer.as_raw());
    assert_eq!(ours.subject().as_raw(), tbs.subject.as_raw());
    assert_eq!(
        ours.validity(),
        (tbs.validity.not_before.timestamp(), tbs.validity.not_after.timestamp())
    );
    assert_eq!(ours.public_key().raw, tbs.subject_pki.raw);
    assert_eq!(ours.signature_value(), &theirs.signature_value.data[..]);
    let theirs_exts: Vec<_> = tbs
        .extensions()
        .iter()
        .map(|e| (e.oid.as_bytes(), e.critical, e.value))
        .collect();
    let ours_exts: Vec<_> = ours
        .extensions()
        .iter()
        .map(|e| (e.oid, e.critical, e.value))
        .collect();
    assert_eq!(ours_exts, theirs_exts);
    // OIDs as bytes: x509-parser writes a first octet of 120 or more as "3.x" (X.690 has
    // only arcs 0..=2 there; ours writes "2.(v − 80)"), so the dotted texts may differ.
    let ours_attrs: Vec<&[u8]> = ours.subject().attributes().map(|a| a.oid).collect();
    let theirs_attrs: Vec<&[u8]> = tbs
        .subject
        .iter_attributes()
        .map(|a| a.attr_type().as_bytes())
        .collect();
    assert_eq!(ours_attrs, theirs_attrs);
    for a in ours.subject().attributes() {
        assert!(oid::dotted(a.oid).starts_with(['0', '1', '2']));
    }
    for ext in ours.extensions() {
        let _ = extension::basic_constraints(ext.value);
        let _ = extension::key_usage(ext.value);
        let _ = extension::ext_key_usage(ext.value);
        let _ = extension::authority_key_id(ext.value);
        let _ = extension::alt_names(ext.value);
        let _ = extension::certificate_policies(ext.value);
        let _ = extension::policy_constraints(ext.value);
        let _ = extension::policy_mappings(ext.value);
        let _ = extension::info_access(ext.value);
    }
});
