//! rfc822Name (email) constraints and names (RFC 5280 §4.2.1.10).
//!
//! A constraint is one of: a full mailbox `local@host` (the local part compared exactly, the host
//! case-insensitively), a host `host` (every mailbox on exactly that host) or a domain `.domain`
//! (every mailbox on a host below that domain). All characters, `*` included, are literal.
//! Quoted local parts are not supported: such names never match (the caller fails closed).

use crate::pki::names::dns_name::{is_valid_host_name, is_within};

/// A parsed mailbox `local@host`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mailbox<'a> {
    local: &'a str,
    host: &'a str,
}

/// Parse `local@host`: exactly one `@`, a non-empty dot-atom local part, a valid host name.
pub(super) fn parse_mailbox(text: &str) -> Option<Mailbox<'_>> {
    let (local, host) = text.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(is_atext));
    (local_ok && is_valid_host_name(host)).then_some(Mailbox { local, host })
}

/// RFC 5322 `atext`: printable ASCII except specials.
fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

/// `true` when `constraint` is one of the three accepted forms.
pub(super) fn is_valid_constraint(constraint: &str) -> bool {
    if constraint.contains('@') {
        parse_mailbox(constraint).is_some()
    } else if let Some(domain) = constraint.strip_prefix('.') {
        is_valid_host_name(domain)
    } else {
        is_valid_host_name(constraint)
    }
}

/// Does the (valid) constraint cover `mailbox`?
pub(super) fn matches(mailbox: &Mailbox<'_>, constraint: &str) -> bool {
    if let Some(exact) = parse_mailbox(constraint) {
        exact.local == mailbox.local && exact.host.eq_ignore_ascii_case(mailbox.host)
    } else if let Some(domain) = constraint.strip_prefix('.') {
        mailbox.host.len() > domain.len() && is_within(mailbox.host, domain)
    } else {
        mailbox.host.eq_ignore_ascii_case(constraint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Mailbox<'_> {
        parse_mailbox(text).expect("test mailbox")
    }

    #[test]
    fn parses_mailboxes() {
        assert!(parse_mailbox("foo@example.com").is_some());
        assert!(parse_mailbox("first.last+tag@example.com").is_some());
        assert!(parse_mailbox("*@example.com").is_some());
        assert!(parse_mailbox("invalid@address@example.com").is_none());
        assert!(parse_mailbox("@example.com").is_none());
        assert!(parse_mailbox("foo@").is_none());
        assert!(parse_mailbox("foo").is_none());
        assert!(parse_mailbox("a..b@example.com").is_none());
        assert!(parse_mailbox("\"quoted\"@example.com").is_none());
    }

    #[test]
    fn validates_constraints() {
        assert!(is_valid_constraint("foo@example.com"));
        assert!(is_valid_constraint("example.com"));
        assert!(is_valid_constraint(".example.com"));
        assert!(!is_valid_constraint("invalid@invalid@example.com"));
        assert!(!is_valid_constraint(""));
        assert!(!is_valid_constraint(".."));
    }

    #[test]
    fn mailbox_constraint_is_exact_and_literal() {
        assert!(matches(&m("foo@EXAMPLE.com"), "foo@example.com"));
        assert!(!matches(&m("Foo@example.com"), "foo@example.com"));
        assert!(matches(&m("*@example.com"), "*@example.com"));
        assert!(!matches(&m("user@example.com"), "*@example.com"));
        assert!(!matches(&m("*@subdomain.example.com"), "*@example.com"));
        assert!(matches(&m("**@example.com"), "**@example.com"));
        assert!(!matches(&m("*@example.com"), "**@example.com"));
        assert!(matches(&m("user*@example.com"), "user*@example.com"));
    }

    #[test]
    fn host_and_domain_constraints() {
        assert!(matches(&m("foo@example.com"), "example.com"));
        assert!(!matches(&m("foo@mail.example.com"), "example.com"));
        assert!(matches(&m("foo@mail.example.com"), ".example.com"));
        assert!(!matches(&m("foo@example.com"), ".example.com"));
        assert!(!matches(&m("foo@badexample.com"), ".example.com"));
    }
}
