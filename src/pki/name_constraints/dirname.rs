//! directoryName constraints: the constraint's RDN sequence must be a prefix of the name's
//! (RFC 5280 §4.2.1.10, §7.1).
//!
//! Comparison of two RDNs: the same number of attributes, each attribute of one matched by an
//! attribute of the other with the same type and an equal value. Values that are both
//! PrintableString or UTF8String are compared after trimming, collapsing runs of white space and
//! folding ASCII case (a subset of the RFC 4518 preparation); all other values must have the same
//! tag and identical bytes.

use crate::wire::x509::name::{normalized_equal, tag, Atv, Name, Rdn};

/// `true` when every RDN of `constraint` equals the RDN at the same position of `name`.
/// An empty constraint covers every name.
pub(super) fn is_prefix(constraint: &Name<'_>, name: &Name<'_>) -> bool {
    let mut names = name.rdns();
    constraint
        .rdns()
        .all(|c| names.next().is_some_and(|n| rdn_equal(&c, &n)))
}

/// Multi-valued RDNs compare as sets.
fn rdn_equal(a: &Rdn<'_>, b: &Rdn<'_>) -> bool {
    a.attributes().count() == b.attributes().count()
        && a.attributes()
            .all(|x| b.attributes().any(|y| attribute_equal(&x, &y)))
        && b.attributes()
            .all(|y| a.attributes().any(|x| attribute_equal(&x, &y)))
}

fn attribute_equal(a: &Atv<'_>, b: &Atv<'_>) -> bool {
    if a.oid != b.oid {
        return false;
    }
    match (
        comparable_text(a.tag, a.value),
        comparable_text(b.tag, b.value),
    ) {
        (Some(x), Some(y)) => normalized_equal(x, y),
        _ => a.tag == b.tag && a.value == b.value,
    }
}

/// The value as text when it is a PrintableString or UTF8String holding valid UTF-8.
fn comparable_text(t: u8, data: &[u8]) -> Option<&str> {
    if t == tag::PRINTABLE_STRING || t == tag::UTF8_STRING {
        std::str::from_utf8(data).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DER of a Name from (OID content bytes, string tag, value) RDNs, one attribute each.
    fn name_der(rdns: &[(&[u8], u8, &str)]) -> Vec<u8> {
        let mut seq = Vec::new();
        for (oid, tag, value) in rdns {
            let mut atv = vec![0x06, oid.len() as u8];
            atv.extend_from_slice(oid);
            atv.extend_from_slice(&[*tag, value.len() as u8]);
            atv.extend_from_slice(value.as_bytes());
            let mut set = vec![0x30, atv.len() as u8];
            set.extend(atv);
            seq.extend([0x31, set.len() as u8]);
            seq.extend(set);
        }
        let mut out = vec![0x30, seq.len() as u8];
        out.extend(seq);
        out
    }

    const CN: &[u8] = &[0x55, 0x04, 0x03];
    const O: &[u8] = &[0x55, 0x04, 0x0a];
    const C: &[u8] = &[0x55, 0x04, 0x06];
    const UTF8: u8 = 0x0c;
    const PRINTABLE: u8 = 0x13;
    const IA5: u8 = 0x16;

    fn prefix(constraint: &[(&[u8], u8, &str)], name: &[(&[u8], u8, &str)]) -> bool {
        let (cd, nd) = (name_der(constraint), name_der(name));
        let c = Name::from_der(&cd).expect("constraint DER");
        let n = Name::from_der(&nd).expect("name DER");
        is_prefix(&c, &n)
    }

    #[test]
    fn prefix_matching() {
        let base = [(C, PRINTABLE, "JP"), (O, UTF8, "Example")];
        let full = [
            (C, PRINTABLE, "JP"),
            (O, UTF8, "Example"),
            (CN, UTF8, "leaf"),
        ];
        assert!(prefix(&base, &full));
        assert!(prefix(&full, &full));
        assert!(!prefix(&full, &base));
        assert!(prefix(&[], &full));
        assert!(!prefix(&[(O, UTF8, "Example")], &full)); // not at the start
        assert!(!prefix(&[(CN, UTF8, "foo")], &[(CN, UTF8, "not-foo")]));
    }

    #[test]
    fn value_comparison_rules() {
        assert!(prefix(
            &[(CN, UTF8, "Foo  Bar")],
            &[(CN, PRINTABLE, " foo bar ")]
        ));
        assert!(!prefix(&[(CN, UTF8, "foo")], &[(O, UTF8, "foo")])); // type differs
        assert!(!prefix(&[(CN, IA5, "foo")], &[(CN, UTF8, "foo")])); // other tags: exact
        assert!(prefix(&[(CN, IA5, "foo")], &[(CN, IA5, "foo")]));
    }
}
