//! DNS name syntax and comparison for certificate names (RFC 1034 §3.5 "preferred name syntax"
//! as relaxed by RFC 1123 §2.1; wildcards as RFC 6125 §6.4.3 and the CA/Browser Forum allow).
//!
//! Rules used throughout:
//! - ASCII only: letters, digits and `-`; labels 1–63 bytes, not starting or ending with `-`;
//!   whole name at most 253 bytes. Internationalised names must be A-labels (`xn--…`), which are
//!   compared as plain ASCII. Underscores are refused (RFC 5280 §4.2.1.6).
//! - The last label may not be all digits, so `8.8.8.8` is never a DNS name.
//! - Comparison is ASCII case-insensitive.
//! - A wildcard is only the whole left-most label (`*.example.com`), stands for exactly one
//!   non-empty label, and must be followed by at least two labels (`*.com` and `*` are refused; a
//!   cheap stand-in for a public-suffix list, which this crate does not carry).

/// Longest DNS name accepted, in bytes (RFC 1035 §2.3.4 without the trailing root label).
const MAX_NAME_LEN: usize = 253;
/// Longest label, in bytes.
const MAX_LABEL_LEN: usize = 63;

/// `true` when `name` is a syntactically valid host name (no wildcard, no trailing dot).
pub fn is_valid_host_name(name: &str) -> bool {
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return false;
    }
    let mut last = "";
    for label in name.split('.') {
        if !is_valid_label(label) {
            return false;
        }
        last = label;
    }
    !last.bytes().all(|b| b.is_ascii_digit())
}

/// One label: 1–63 of `[A-Za-z0-9-]`, no hyphen at either end.
fn is_valid_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    bytes.len() <= MAX_LABEL_LEN
        && *first != b'-'
        && *last != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// The part after `*.` when `name` is a valid wildcard pattern, else `None`.
pub fn wildcard_base(name: &str) -> Option<&str> {
    let base = name.strip_prefix("*.")?;
    (is_valid_host_name(base) && base.contains('.')).then_some(base)
}

/// A dNSName as presented in a certificate's subjectAltName.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentedDns<'a> {
    /// An ordinary host name.
    Host(&'a str),
    /// `*.base`: any single label followed by `base`.
    Wildcard(&'a str),
    /// Not a valid DNS name; never matches anything.
    Invalid,
}

impl<'a> PresentedDns<'a> {
    /// Classify a presented dNSName.
    pub fn parse(name: &'a str) -> Self {
        if let Some(base) = wildcard_base(name) {
            PresentedDns::Wildcard(base)
        } else if is_valid_host_name(name) {
            PresentedDns::Host(name)
        } else {
            PresentedDns::Invalid
        }
    }
}

/// Normalise a caller's expected name: one trailing dot is allowed and removed. `None` when the
/// result is not a valid host name (wildcards are never valid reference names).
pub fn reference_name(name: &str) -> Option<&str> {
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    is_valid_host_name(trimmed).then_some(trimmed)
}

/// Does the presented name (a SAN dNSName) cover the reference host name?
pub fn presented_matches(presented: &str, reference: &str) -> bool {
    match PresentedDns::parse(presented) {
        PresentedDns::Host(host) => host.eq_ignore_ascii_case(reference),
        PresentedDns::Wildcard(base) => match reference.split_once('.') {
            Some((first, rest)) => !first.is_empty() && rest.eq_ignore_ascii_case(base),
            None => false,
        },
        PresentedDns::Invalid => false,
    }
}

/// Is `name` equal to `subtree` or a subdomain of it (label-wise, case-insensitive)? The empty
/// subtree contains every name.
pub fn is_within(name: &str, subtree: &str) -> bool {
    if subtree.is_empty() {
        return true;
    }
    if name.len() == subtree.len() {
        return name.eq_ignore_ascii_case(subtree);
    }
    let Some(split) = name.len().checked_sub(subtree.len() + 1) else {
        return false;
    };
    let (Some(head), Some(tail)) = (name.get(..=split), name.get(split + 1..)) else {
        return false;
    };
    head.ends_with('.') && tail.eq_ignore_ascii_case(subtree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_name_syntax() {
        assert!(is_valid_host_name("example.com"));
        assert!(is_valid_host_name("localhost"));
        assert!(is_valid_host_name("xn--n3h.example.com"));
        assert!(is_valid_host_name("a-b.c0m"));
        assert!(!is_valid_host_name(""));
        assert!(!is_valid_host_name(".example.com"));
        assert!(!is_valid_host_name("example.com."));
        assert!(!is_valid_host_name("example..com"));
        assert!(!is_valid_host_name("foo_bar.example.com"));
        assert!(!is_valid_host_name("-foo.example.com"));
        assert!(!is_valid_host_name("foo-.example.com"));
        assert!(!is_valid_host_name("8.8.8.8"));
        assert!(!is_valid_host_name("😜.example.com"));
        assert!(!is_valid_host_name("*.example.com"));
        assert!(!is_valid_host_name(&"a".repeat(64)));
        assert!(is_valid_host_name(&"a".repeat(63)));
        let long = [
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61),
        ]
        .join(".");
        assert_eq!(long.len(), 253);
        assert!(is_valid_host_name(&long));
        assert!(!is_valid_host_name(&format!("{long}e")));
    }

    #[test]
    fn wildcard_patterns() {
        assert_eq!(wildcard_base("*.example.com"), Some("example.com"));
        assert_eq!(wildcard_base("*"), None);
        assert_eq!(wildcard_base("*.com"), None);
        assert_eq!(wildcard_base("*.*.com"), None);
        assert_eq!(wildcard_base("f*o.example.com"), None);
        assert_eq!(wildcard_base("foo.*.example.com"), None);
        assert_eq!(
            PresentedDns::parse("xn--*-1b3c148a.example.com"),
            PresentedDns::Invalid
        );
        assert_eq!(
            PresentedDns::parse("ba*.example.com"),
            PresentedDns::Invalid
        );
    }

    #[test]
    fn reference_names() {
        assert_eq!(reference_name("example.com."), Some("example.com"));
        assert_eq!(reference_name("example.com"), Some("example.com"));
        assert_eq!(reference_name("example.com.."), None);
        assert_eq!(reference_name("*.example.com"), None);
        assert_eq!(reference_name("192.168.1.1"), None);
    }

    #[test]
    fn presented_matching() {
        assert!(presented_matches("example.com", "EXAMPLE.com"));
        assert!(!presented_matches("example.com", "example2.com"));
        assert!(!presented_matches("abc.example.com", "def.example.com"));
        assert!(!presented_matches("example.com", "abc.example.com"));
        assert!(presented_matches("*.example.com", "foo.example.com"));
        assert!(presented_matches("*.Example.COM", "xn--n3h.example.com"));
        assert!(!presented_matches("*.example.com", "example.com"));
        assert!(!presented_matches("*.example.com", "foo.bar.example.com"));
        assert!(!presented_matches("*.example.com", ".example.com"));
        assert!(!presented_matches("*", "com"));
        assert!(!presented_matches("*.com", "example.com"));
        assert!(!presented_matches(
            "foo_bar.example.com",
            "foo_bar.example.com"
        ));
    }

    #[test]
    fn subtree_membership() {
        assert!(is_within("example.com", "example.com"));
        assert!(is_within("a.b.Example.com", "example.COM"));
        assert!(!is_within("badexample.com", "example.com"));
        assert!(!is_within("example.com", "a.example.com"));
        assert!(!is_within("com", "example.com"));
        assert!(is_within("anything.test", ""));
    }
}
