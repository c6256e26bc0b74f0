//! Differential: the strict certificate reader (`wire::x509`) against x509-parser. Whatever ours
//! accepts, x509-parser must accept too (with nothing after it), and every field must agree;
//! ours may refuse more (that is the point of strict DER). The extension decoders and the Name
//! iterators run on everything ours accepts.
#![no_main]

#[path = "../../common/x509_agree.rs"]
mod x509_agree;

use libfuzzer_sys::fuzz_target;
use myna_verify::wire::x509::{extension, oid, Certificate};

fuzz_target!(|data: &[u8]| {
    let Ok(ours) = Certificate::from_der(data) else {
        return;
    };
    let (rest, theirs) = x509_parser::parse_x509_certificate(data)
        .expect("ours accepted a certificate x509-parser refuses");
    assert!(rest.is_empty());
    x509_agree::agree(&ours, &theirs);
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
