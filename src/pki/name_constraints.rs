//! RFC 5280 §4.2.1.10 name constraints (DNS, IP, email, directoryName).
//!
//! [`check`] tests every name of one certificate against one CA's nameConstraints extension.
//! Choices made where the RFC leaves room (x509-limbo is the reference):
//!
//! - Trust anchors' constraints apply like any CA's; the caller passes the anchor as `ca`.
//! - Self-issued CA certificates below the constraining CA are skipped entirely (§6.1.3 (b)),
//!   unless they are the last certificate of the path (the caller says so).
//! - Criticality is not checked here (the CA/Browser Forum allows a non-critical extension);
//!   a path validator wanting strict RFC 5280 refuses a non-critical one itself.
//! - A malformed extension (bad DER, neither list present, an empty list, a wildcard or
//!   leading-dot dNSName, a malformed rfc822Name, an iPAddress without a contiguous mask, a
//!   maximum or non-zero minimum) is `EXTENSION_INVALID`, whether or not the subject has names
//!   of that form. A duplicated extension is `EXTENSION_INVALID` as well.
//! - Name forms we do not evaluate (otherName, x400Address, ediPartyName, URI, registeredID):
//!   if the CA constrains such a form (permitted or excluded) and the subject has a name of
//!   that form, the result is `NAME_CONSTRAINT_VIOLATION` (fail closed). Otherwise they are
//!   ignored.
//! - A subject name that is malformed for its form (a dNSName that is not a host name or
//!   wildcard, an iPAddress not of 4 or 16 bytes, an unparsable mailbox) violates any constraint
//!   of its form.
//! - Names checked: the subject DN (when not empty) as directoryName, each emailAddress
//!   attribute of the subject DN as rfc822Name, and every subjectAltName entry.
//! - Wildcard dNSNames (`*.base`): permitted only when `base` lies in a permitted subtree;
//!   excluded when `base` lies in an excluded subtree or an excluded subtree lies below `base`
//!   (the wildcard could stand for a name in it).
//! - Each comparison of one name with one subtree spends one unit of the budget.

mod dirname;
mod email;
mod ip;
mod subtrees;

use super::names::dns_name::{is_within, PresentedDns};
use super::names::subject_alt_names;
use crate::wire::x509::extension::oids;
use crate::wire::x509::{Certificate, GeneralName, Name};
use crate::Error;
use subtrees::{Base, Subtrees};

/// The GeneralName forms, in tag order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NameKind {
    Other,
    Rfc822,
    Dns,
    X400,
    Directory,
    EdiParty,
    Uri,
    Ip,
    RegisteredId,
}

impl NameKind {
    /// Every form, in tag order.
    pub(crate) const ALL: [NameKind; 9] = [
        NameKind::Other,
        NameKind::Rfc822,
        NameKind::Dns,
        NameKind::X400,
        NameKind::Directory,
        NameKind::EdiParty,
        NameKind::Uri,
        NameKind::Ip,
        NameKind::RegisteredId,
    ];
}

/// One name of the subject certificate, as constraints see it.
#[derive(Debug)]
enum SubjectName<'c> {
    Dns(&'c str),
    Email(&'c str),
    Ip(&'c [u8]),
    Dir(Name<'c>),
    /// A form we do not evaluate, or a name malformed for its form.
    Opaque(NameKind),
}

impl SubjectName<'_> {
    fn kind(&self) -> NameKind {
        match self {
            SubjectName::Dns(_) => NameKind::Dns,
            SubjectName::Email(_) => NameKind::Rfc822,
            SubjectName::Ip(_) => NameKind::Ip,
            SubjectName::Dir(_) => NameKind::Directory,
            SubjectName::Opaque(kind) => *kind,
        }
    }
}

/// Check every name of `subject` (its subject DN and subjectAltNames) against the nameConstraints
/// extension of `ca`, if it has one. `subject_is_self_issued_ca` (a self-issued CA certificate
/// that is not the last of the path) skips the check entirely, as RFC 5280 §6.1.3 (b) says. Each
/// comparison spends one unit of `budget`; at zero the result is `BudgetExceeded`.
///
/// Errors: `NAME_CONSTRAINT_VIOLATION`, `EXTENSION_INVALID` (malformed or duplicated
/// nameConstraints in `ca`, malformed subjectAltName in `subject`), `BUDGET_EXCEEDED`.
pub fn check(
    ca: &Certificate<'_>,
    subject: &Certificate<'_>,
    subject_is_self_issued_ca: bool,
    budget: &mut usize,
) -> Result<(), Error> {
    if subject_is_self_issued_ca {
        return Ok(());
    }
    match extension_value(ca)? {
        Some(value) => check_against(value, subject, budget),
        None => Ok(()),
    }
}

/// Every name of `subject` against the nameConstraints extension value `value`. Kept out of
/// [`check`] so that paths without name constraints (JPKI's) never compile it in wasm.
#[inline(never)]
fn check_against(value: &[u8], subject: &Certificate<'_>, budget: &mut usize) -> Result<(), Error> {
    let subtrees = subtrees::parse(value)?;
    for name in subject_names(subject)? {
        check_name(&name, &subtrees, budget)?;
    }
    Ok(())
}

/// Check that a nameConstraints extension value is well-formed (at certificate reading).
pub(crate) fn validate(value: &[u8]) -> Result<(), Error> {
    subtrees::parse(value).map(|_| ())
}

/// The raw nameConstraints extension value of `ca`, if present once.
fn extension_value<'a>(ca: &Certificate<'a>) -> Result<Option<&'a [u8]>, Error> {
    let ext = ca
        .unique_extension(oids::NAME_CONSTRAINTS)
        .map_err(|_| Error::ExtensionInvalid("duplicate nameConstraints"))?;
    Ok(ext.map(|e| e.value))
}

/// Every name of `cert` that constraints apply to.
fn subject_names<'c>(cert: &Certificate<'c>) -> Result<Vec<SubjectName<'c>>, Error> {
    let mut names = Vec::new();
    let dn = *cert.subject();
    if !dn.is_empty() {
        names.push(SubjectName::Dir(dn));
    }
    for attr in dn.attributes_of(oids::EMAIL_ADDRESS) {
        names.push(match attr.as_str() {
            Some(text) => SubjectName::Email(text),
            None => SubjectName::Opaque(NameKind::Rfc822),
        });
    }
    if let Some((_, general_names)) = subject_alt_names(cert)? {
        names.extend(general_names.into_iter().map(san_name));
    }
    Ok(names)
}

/// Classify one subjectAltName entry.
fn san_name(gn: GeneralName<'_>) -> SubjectName<'_> {
    match gn {
        GeneralName::Dns(d) => SubjectName::Dns(d),
        GeneralName::Rfc822(e) => SubjectName::Email(e),
        GeneralName::Ip(b) => SubjectName::Ip(b),
        GeneralName::Directory(n) => SubjectName::Dir(n),
        GeneralName::Other { .. } => SubjectName::Opaque(NameKind::Other),
        GeneralName::X400(_) => SubjectName::Opaque(NameKind::X400),
        GeneralName::EdiParty(_) => SubjectName::Opaque(NameKind::EdiParty),
        GeneralName::Uri(_) => SubjectName::Opaque(NameKind::Uri),
        GeneralName::RegisteredId(_) => SubjectName::Opaque(NameKind::RegisteredId),
    }
}

/// Whether a subtree is being tested for permission or exclusion.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Permitted,
    Excluded,
}

/// One name against the subtrees of its form: in some permitted subtree (when any exist), in no
/// excluded one.
fn check_name(
    name: &SubjectName<'_>,
    subtrees: &Subtrees<'_>,
    budget: &mut usize,
) -> Result<(), Error> {
    let kind = name.kind();
    let permitted = subtrees.permitted(kind);
    if !permitted.is_empty() {
        let mut inside = false;
        for base in permitted {
            spend(budget)?;
            if covers(base, name, Mode::Permitted)? {
                inside = true;
                break;
            }
        }
        if !inside {
            return Err(Error::NameConstraintViolation);
        }
    }
    for base in subtrees.excluded(kind) {
        spend(budget)?;
        if covers(base, name, Mode::Excluded)? {
            return Err(Error::NameConstraintViolation);
        }
    }
    Ok(())
}

/// Take one unit from the budget.
fn spend(budget: &mut usize) -> Result<(), Error> {
    *budget = budget
        .checked_sub(1)
        .ok_or(Error::BudgetExceeded("name constraints"))?;
    Ok(())
}

/// Does subtree `base` cover `name` (same form)? Names we cannot evaluate are a violation.
fn covers(base: &Base<'_>, name: &SubjectName<'_>, mode: Mode) -> Result<bool, Error> {
    let hit = match (base, name) {
        (Base::Dns(subtree), SubjectName::Dns(dns)) => dns_covers(subtree, dns, mode)?,
        (Base::Email(constraint), SubjectName::Email(text)) => {
            let mailbox = email::parse_mailbox(text).ok_or(Error::NameConstraintViolation)?;
            email::matches(&mailbox, constraint)
        }
        (Base::Ip(constraint), SubjectName::Ip(address)) => {
            if address.len() != 4 && address.len() != 16 {
                return Err(Error::NameConstraintViolation);
            }
            ip::matches(address, constraint)
        }
        (Base::Dir(constraint), SubjectName::Dir(dn)) => dirname::is_prefix(constraint, dn),
        _ => return Err(Error::NameConstraintViolation),
    };
    Ok(hit)
}

/// dNSName subtree against a presented dNSName, wildcards handled conservatively.
fn dns_covers(subtree: &str, name: &str, mode: Mode) -> Result<bool, Error> {
    match PresentedDns::parse(name) {
        PresentedDns::Host(host) => Ok(is_within(host, subtree)),
        PresentedDns::Wildcard(base) => {
            Ok(is_within(base, subtree) || (mode == Mode::Excluded && is_within(subtree, base)))
        }
        PresentedDns::Invalid => Err(Error::NameConstraintViolation),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subtrees(permitted: &[Base<'static>], excluded: &[Base<'static>]) -> Subtrees<'static> {
        Subtrees::for_tests(permitted.to_vec(), excluded.to_vec())
    }

    fn run(s: &Subtrees<'_>, name: SubjectName<'_>) -> Result<(), Error> {
        let mut budget = 1000;
        check_name(&name, s, &mut budget)
    }

    const VIOLATION: Result<(), Error> = Err(Error::NameConstraintViolation);

    #[test]
    fn dns_permitted_and_excluded() {
        let s = subtrees(&[Base::Dns("example.com")], &[Base::Dns("bad.example.com")]);
        assert_eq!(run(&s, SubjectName::Dns("example.com")), Ok(()));
        assert_eq!(run(&s, SubjectName::Dns("foo.bar.Example.com")), Ok(()));
        assert_eq!(run(&s, SubjectName::Dns("not-example.com")), VIOLATION);
        assert_eq!(run(&s, SubjectName::Dns("badexample.com")), VIOLATION);
        assert_eq!(run(&s, SubjectName::Dns("bad.example.com")), VIOLATION);
        assert_eq!(run(&s, SubjectName::Dns("x.bad.example.com")), VIOLATION);
        assert_eq!(run(&s, SubjectName::Dns(".example.com")), VIOLATION); // malformed SAN
                                                                          // Other forms are not constrained by dNSName subtrees.
        assert_eq!(run(&s, SubjectName::Ip(&[192, 0, 2, 1])), Ok(()));
    }

    #[test]
    fn excluded_beats_permitted() {
        let s = subtrees(&[Base::Dns("example.com")], &[Base::Dns("example.com")]);
        assert_eq!(run(&s, SubjectName::Dns("example.com")), VIOLATION);
    }

    #[test]
    fn wildcards_against_constraints() {
        let permit = subtrees(&[Base::Dns("example.com")], &[]);
        assert_eq!(run(&permit, SubjectName::Dns("*.example.com")), Ok(()));
        let narrow = subtrees(&[Base::Dns("foo.example.com")], &[]);
        assert_eq!(run(&narrow, SubjectName::Dns("*.example.com")), VIOLATION);
        let exclude_child = subtrees(&[], &[Base::Dns("bar.example.com")]);
        assert_eq!(
            run(&exclude_child, SubjectName::Dns("*.example.com")),
            VIOLATION
        );
        assert_eq!(run(&exclude_child, SubjectName::Dns("*.other.com")), Ok(()));
        let exclude_parent = subtrees(&[], &[Base::Dns("com")]);
        assert_eq!(
            run(&exclude_parent, SubjectName::Dns("*.example.com")),
            VIOLATION
        );
        assert_eq!(run(&permit, SubjectName::Dns("*.com")), VIOLATION); // invalid wildcard
    }

    #[test]
    fn ip_constraints() {
        let v4: &'static [u8] = &[192, 0, 2, 0, 255, 255, 255, 0];
        let s = subtrees(&[Base::Ip(v4)], &[]);
        assert_eq!(run(&s, SubjectName::Ip(&[192, 0, 2, 1])), Ok(()));
        assert_eq!(run(&s, SubjectName::Ip(&[192, 0, 3, 1])), VIOLATION);
        assert_eq!(run(&s, SubjectName::Ip(&[0u8; 16])), VIOLATION); // other family
        assert_eq!(run(&s, SubjectName::Ip(v4)), VIOLATION); // CIDR as a SAN: malformed
        let ex = subtrees(&[], &[Base::Ip(v4)]);
        assert_eq!(run(&ex, SubjectName::Ip(&[192, 0, 2, 7])), VIOLATION);
        assert_eq!(run(&ex, SubjectName::Ip(&[192, 0, 3, 7])), Ok(()));
    }

    #[test]
    fn email_constraints() {
        let s = subtrees(
            &[Base::Email("example.com")],
            &[Base::Email("bad@example.com")],
        );
        assert_eq!(run(&s, SubjectName::Email("foo@example.com")), Ok(()));
        assert_eq!(run(&s, SubjectName::Email("bad@example.com")), VIOLATION);
        assert_eq!(run(&s, SubjectName::Email("foo@other.com")), VIOLATION);
        assert_eq!(
            run(&s, SubjectName::Email("invalid@address@example.com")),
            VIOLATION
        );
    }

    #[test]
    fn unsupported_forms_fail_closed_only_when_present() {
        let s = subtrees(&[], &[Base::Unsupported(NameKind::Other)]);
        assert_eq!(run(&s, SubjectName::Opaque(NameKind::Other)), VIOLATION);
        assert_eq!(run(&s, SubjectName::Dns("example.com")), Ok(()));
        let uri = subtrees(&[Base::Unsupported(NameKind::Uri)], &[]);
        assert_eq!(run(&uri, SubjectName::Opaque(NameKind::Uri)), VIOLATION);
        assert_eq!(run(&uri, SubjectName::Opaque(NameKind::Other)), Ok(()));
    }

    #[test]
    fn budget_is_spent_per_comparison() {
        let s = subtrees(
            &[
                Base::Dns("a.test"),
                Base::Dns("b.test"),
                Base::Dns("c.test"),
            ],
            &[],
        );
        let mut budget = 3;
        assert_eq!(
            check_name(&SubjectName::Dns("c.test"), &s, &mut budget),
            Ok(())
        );
        assert_eq!(budget, 0);
        let mut budget = 2;
        assert_eq!(
            check_name(&SubjectName::Dns("c.test"), &s, &mut budget),
            Err(Error::BudgetExceeded("name constraints"))
        );
        let mut budget = 0;
        assert_eq!(
            check_name(&SubjectName::Dns("a.test"), &s, &mut budget).map_err(|e| e.code()),
            Err("BUDGET_EXCEEDED")
        );
    }
}
