//! RFC 5280 §4.2.1.10 name constraints (DNS, IP, email, directoryName).
//! (Being filled in: see issue 2.)

use crate::Error;
use x509_parser::certificate::X509Certificate;

/// Check every name of `subject` (its subject DN and subjectAltNames) against the nameConstraints
/// extension of `ca`, if it has one. `subject_is_self_issued_ca` skips the subject DN check as RFC
/// 5280 §6.1.3 (b) says. Each comparison spends one unit of `budget`; at zero the result is
/// `BudgetExceeded`.
pub fn check(
    _ca: &X509Certificate<'_>,
    _subject: &X509Certificate<'_>,
    _subject_is_self_issued_ca: bool,
    _budget: &mut usize,
) -> Result<(), Error> {
    Ok(())
}
