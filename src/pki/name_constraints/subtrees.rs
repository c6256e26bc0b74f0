//! Parsing and validating the nameConstraints extension value.
//!
//! A broken constraint must never read as no constraint, so every departure from the DER shape
//! below is `EXTENSION_INVALID` (the whole extension is checked when the certificate's
//! extensions are read, and again here when a path uses it):
//!
//! ```text
//! NameConstraints ::= SEQUENCE {
//!      permittedSubtrees  [0] GeneralSubtrees OPTIONAL,
//!      excludedSubtrees   [1] GeneralSubtrees OPTIONAL }   -- at least one present
//! GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
//! GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] 0 (absent or 0), no maximum }
//! ```
//!
//! Constraint values are validated too: dNSName must be a host name (no wildcard, no leading
//! dot) or empty; rfc822Name one of the forms in [`super::email`]; iPAddress an address with a
//! contiguous mask; directoryName a parsable Name. Other name forms are kept as
//! [`Base::Unsupported`].

use super::{email, ip, NameKind};
use crate::pki::names::dns_name::is_valid_host_name;
use crate::wire::der::Reader;
use crate::wire::x509::{GeneralName, Name};
use crate::Error;

/// The error every malformed nameConstraints extension maps to.
pub(super) const MALFORMED: Error = Error::ExtensionInvalid("nameConstraints");
const SEQUENCE: u8 = 0x30;
const PERMITTED: u8 = 0xa0;
const EXCLUDED: u8 = 0xa1;
/// `minimum [0] IMPLICIT INTEGER 0`, the only minimum tolerated when encoded.
const EXPLICIT_MINIMUM_ZERO: &[u8] = &[0x80, 0x01, 0x00];

/// The base name of one subtree.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Base<'a> {
    /// Host name subtree; empty covers every name.
    Dns(&'a str),
    /// Mailbox, host or `.domain`.
    Email(&'a str),
    /// Address followed by mask (8 or 32 bytes).
    Ip(&'a [u8]),
    /// RDN-sequence prefix.
    Dir(Name<'a>),
    /// A name form this verifier does not evaluate.
    Unsupported(NameKind),
}

impl Base<'_> {
    /// The name form this subtree constrains.
    pub(super) fn kind(&self) -> NameKind {
        match self {
            Base::Dns(_) => NameKind::Dns,
            Base::Email(_) => NameKind::Rfc822,
            Base::Ip(_) => NameKind::Ip,
            Base::Dir(_) => NameKind::Directory,
            Base::Unsupported(kind) => *kind,
        }
    }
}

/// The parsed extension: both lists sorted by name form.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Subtrees<'a> {
    permitted: Vec<Base<'a>>,
    excluded: Vec<Base<'a>>,
}

impl<'a> Subtrees<'a> {
    /// Permitted subtrees of one name form.
    pub(super) fn permitted(&self, kind: NameKind) -> &[Base<'a>] {
        of_kind(&self.permitted, kind)
    }

    /// Excluded subtrees of one name form.
    pub(super) fn excluded(&self, kind: NameKind) -> &[Base<'a>] {
        of_kind(&self.excluded, kind)
    }

    /// Build from lists (sorted here), for unit tests of the matching logic.
    #[cfg(test)]
    pub(super) fn for_tests(permitted: Vec<Base<'a>>, excluded: Vec<Base<'a>>) -> Self {
        Subtrees {
            permitted: by_kind(permitted),
            excluded: by_kind(excluded),
        }
    }
}

/// The subtrees grouped by name form in [`NameKind`] order, keeping their order within a form
/// (a stable counting pass: no general sort is needed for nine keys).
fn by_kind(list: Vec<Base<'_>>) -> Vec<Base<'_>> {
    let mut out = Vec::with_capacity(list.len());
    for kind in NameKind::ALL {
        out.extend(list.iter().filter(|b| b.kind() == kind).cloned());
    }
    out
}

/// The run of `sorted` with the given kind.
fn of_kind<'s, 'a>(sorted: &'s [Base<'a>], kind: NameKind) -> &'s [Base<'a>] {
    let start = sorted.partition_point(|b| b.kind() < kind);
    let end = sorted.partition_point(|b| b.kind() <= kind);
    sorted.get(start..end).unwrap_or(&[])
}

/// Parse and validate the extension value (the contents of extnValue).
pub(super) fn parse(value: &[u8]) -> Result<Subtrees<'_>, Error> {
    let mut outer = Reader::new(value);
    let mut body = Reader::new(outer.read(SEQUENCE).map_err(malformed)?);
    outer.finish().map_err(malformed)?;
    let permitted = optional_list(&mut body, PERMITTED)?;
    let excluded = optional_list(&mut body, EXCLUDED)?;
    body.finish().map_err(malformed)?;
    if permitted.is_none() && excluded.is_none() {
        return Err(MALFORMED);
    }
    Ok(Subtrees {
        permitted: by_kind(permitted.unwrap_or_default()),
        excluded: by_kind(excluded.unwrap_or_default()),
    })
}

/// Every failure of the DER reader is a malformed extension.
fn malformed(_: crate::wire::der::Malformed) -> Error {
    MALFORMED
}

/// Parse the list tagged `tag` when it is next in `input`.
fn optional_list<'a>(input: &mut Reader<'a>, tag: u8) -> Result<Option<Vec<Base<'a>>>, Error> {
    let Some(list) = input.read_optional(tag).map_err(malformed)? else {
        return Ok(None);
    };
    let mut list = Reader::new(list);
    let mut bases = Vec::new();
    while !list.is_empty() {
        bases.push(parse_subtree(list.read(SEQUENCE).map_err(malformed)?)?);
    }
    if bases.is_empty() {
        return Err(MALFORMED);
    }
    Ok(Some(bases))
}

/// One GeneralSubtree's contents.
fn parse_subtree(contents: &[u8]) -> Result<Base<'_>, Error> {
    let mut r = Reader::new(contents);
    let name = GeneralName::read(&mut r).map_err(|_| MALFORMED)?;
    if !r.is_empty() && r.read_raw() != Ok(EXPLICIT_MINIMUM_ZERO) {
        return Err(MALFORMED);
    }
    r.finish().map_err(|_| MALFORMED)?;
    to_base(name)
}

/// Validate a constraint's base name.
fn to_base(name: GeneralName<'_>) -> Result<Base<'_>, Error> {
    let base = match name {
        GeneralName::Dns(d) if d.is_empty() || is_valid_host_name(d) => Base::Dns(d),
        GeneralName::Rfc822(e) if email::is_valid_constraint(e) => Base::Email(e),
        GeneralName::Ip(b) if ip::is_valid_constraint(b) => Base::Ip(b),
        GeneralName::Directory(n) => Base::Dir(n),
        GeneralName::Other { .. } => Base::Unsupported(NameKind::Other),
        GeneralName::X400(_) => Base::Unsupported(NameKind::X400),
        GeneralName::EdiParty(_) => Base::Unsupported(NameKind::EdiParty),
        GeneralName::Uri(_) => Base::Unsupported(NameKind::Uri),
        GeneralName::RegisteredId(_) => Base::Unsupported(NameKind::RegisteredId),
        _ => return Err(MALFORMED),
    };
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wrap `contents` in a DER element (short lengths only; enough for tests).
    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, contents.len() as u8];
        out.extend_from_slice(contents);
        out
    }

    fn subtree(general_name: &[u8]) -> Vec<u8> {
        tlv(SEQUENCE, general_name)
    }

    fn dns(name: &str) -> Vec<u8> {
        tlv(0x82, name.as_bytes())
    }

    fn ext(permitted: &[Vec<u8>], excluded: &[Vec<u8>]) -> Vec<u8> {
        let mut body = Vec::new();
        if !permitted.is_empty() {
            body.extend(tlv(PERMITTED, &permitted.concat()));
        }
        if !excluded.is_empty() {
            body.extend(tlv(EXCLUDED, &excluded.concat()));
        }
        tlv(SEQUENCE, &body)
    }

    #[test]
    fn parses_and_groups_by_kind() {
        let ip = tlv(0x87, &[192, 0, 2, 0, 255, 255, 255, 0]);
        let value = ext(
            &[
                subtree(&dns("example.com")),
                subtree(&ip),
                subtree(&dns("example.org")),
            ],
            &[subtree(&tlv(0x86, b"http://x"))],
        );
        let s = parse(&value).expect("valid");
        assert_eq!(
            s.permitted(NameKind::Dns),
            &[Base::Dns("example.com"), Base::Dns("example.org")]
        );
        assert_eq!(s.permitted(NameKind::Ip).len(), 1);
        assert!(s.permitted(NameKind::Rfc822).is_empty());
        assert_eq!(
            s.excluded(NameKind::Uri),
            &[Base::Unsupported(NameKind::Uri)]
        );
    }

    #[test]
    fn tolerates_explicit_zero_minimum_only() {
        let mut with_min = dns("example.com");
        with_min.extend_from_slice(EXPLICIT_MINIMUM_ZERO);
        assert!(parse(&ext(&[subtree(&with_min)], &[])).is_ok());
        let mut with_max = dns("example.com");
        with_max.extend_from_slice(&[0x81, 0x01, 0x02]);
        assert_eq!(parse(&ext(&[subtree(&with_max)], &[])), Err(MALFORMED));
    }

    #[test]
    fn refuses_malformed_extensions() {
        assert_eq!(parse(&tlv(SEQUENCE, &[])), Err(MALFORMED)); // neither list
        assert_eq!(parse(&tlv(SEQUENCE, &tlv(PERMITTED, &[]))), Err(MALFORMED)); // empty list
        let nulls = [tlv(PERMITTED, &[0x05, 0x00]), tlv(EXCLUDED, &[0x05, 0x00])].concat();
        assert_eq!(parse(&tlv(SEQUENCE, &nulls)), Err(MALFORMED));
        let good = ext(&[subtree(&dns("example.com"))], &[]);
        let mut trailing = good.clone();
        trailing.push(0);
        assert_eq!(parse(&trailing), Err(MALFORMED));
        let reversed = [
            tlv(EXCLUDED, &subtree(&dns("a.com"))),
            tlv(PERMITTED, &subtree(&dns("b.com"))),
        ];
        assert_eq!(parse(&tlv(SEQUENCE, &reversed.concat())), Err(MALFORMED));
    }

    #[test]
    fn refuses_malformed_constraint_values() {
        for bad in [
            dns("*.example.com"),
            dns(".example.com"),
            tlv(0x87, &[127, 0, 0, 1]),
            tlv(0x87, &[0u8; 16]),
            tlv(0x87, &[10, 0, 0, 0, 255, 0, 255, 0]),
            tlv(0x81, b"invalid@invalid@example.com"),
            tlv(0x82, &[0xff, 0xfe]),
        ] {
            assert_eq!(
                parse(&ext(&[subtree(&bad)], &[])),
                Err(MALFORMED),
                "{bad:02x?}"
            );
        }
        assert!(parse(&ext(&[], &[subtree(&dns(""))])).is_ok());
    }
}
