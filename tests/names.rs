//! Name matching and name constraints on real certificates (made by
//! scripts/make-names-fixtures.sh with the OpenSSL CLI).

use myna_verify::pki::cert;
use myna_verify::pki::name_constraints::check;
use myna_verify::pki::names::verify_name;
use myna_verify::pki::ExpectedName;
use myna_verify::Error;
use std::net::IpAddr;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("data/names/", $name, ".der")).as_slice()
    };
}

const CA_NC: &[u8] = fixture!("ca-nc");
const CA_URI: &[u8] = fixture!("ca-uri");
const CA_PLAIN: &[u8] = fixture!("ca-plain");

/// Run `check(ca, ee)` with a generous budget.
fn constrain(ca: &[u8], ee: &[u8]) -> Result<(), Error> {
    let ca = cert::parse(ca).expect("CA fixture parses");
    let ee = cert::parse(ee).expect("EE fixture parses");
    let mut budget = 10_000;
    check(&ca, &ee, false, &mut budget)
}

fn dns(name: &str) -> ExpectedName {
    ExpectedName::Dns(name.to_owned())
}

fn ip(text: &str) -> ExpectedName {
    ExpectedName::Ip(text.parse::<IpAddr>().expect("test address"))
}

fn name_check(ee: &[u8], name: &ExpectedName) -> Result<(), Error> {
    let ee = cert::parse(ee).expect("EE fixture parses");
    verify_name(&ee, name)
}

const VIOLATION: Result<(), Error> = Err(Error::NameConstraintViolation);

#[test]
fn names_inside_every_permitted_subtree_pass() {
    assert_eq!(constrain(CA_NC, fixture!("ee-ok")), Ok(()));
    assert_eq!(constrain(CA_NC, fixture!("ee-dn-email-inside")), Ok(()));
}

#[test]
fn dns_outside_permitted_or_inside_excluded_fails() {
    assert_eq!(constrain(CA_NC, fixture!("ee-bad-dns")), VIOLATION);
    assert_eq!(constrain(CA_NC, fixture!("ee-excluded-dns")), VIOLATION);
}

#[test]
fn wildcard_that_could_name_an_excluded_host_fails() {
    // `*.example.com` would match `bad.example.com`, which is excluded.
    assert_eq!(
        constrain(CA_NC, fixture!("ee-wildcard-over-excluded")),
        VIOLATION
    );
}

#[test]
fn ip_subnets_are_enforced_for_both_families() {
    assert_eq!(constrain(CA_NC, fixture!("ee-excluded-ip")), VIOLATION);
    assert_eq!(constrain(CA_NC, fixture!("ee-ipv6-outside")), VIOLATION);
}

#[test]
fn email_constraints_cover_san_and_subject_email_address() {
    assert_eq!(constrain(CA_NC, fixture!("ee-excluded-email")), VIOLATION);
    assert_eq!(constrain(CA_NC, fixture!("ee-dn-email-outside")), VIOLATION);
}

#[test]
fn directory_name_constraint_applies_to_subject() {
    assert_eq!(constrain(CA_NC, fixture!("ee-other-dn")), VIOLATION);
}

#[test]
fn unsupported_uri_constraint_fails_closed_only_with_a_uri_name() {
    assert_eq!(constrain(CA_URI, fixture!("ee-uri")), VIOLATION);
    assert_eq!(constrain(CA_URI, fixture!("ee-no-uri")), Ok(()));
}

#[test]
fn no_constraints_and_self_issued_skip() {
    assert_eq!(constrain(CA_PLAIN, fixture!("ee-bad-dns")), Ok(()));
    let ca = cert::parse(CA_NC).expect("CA");
    let ee = cert::parse(fixture!("ee-bad-dns")).expect("EE");
    let mut budget = 10;
    assert_eq!(check(&ca, &ee, true, &mut budget), Ok(()));
    assert_eq!(budget, 10);
}

#[test]
fn budget_exhaustion_is_reported() {
    let ca = cert::parse(CA_NC).expect("CA");
    let ee = cert::parse(fixture!("ee-ok")).expect("EE");
    let mut budget = 3;
    let err = check(&ca, &ee, false, &mut budget).expect_err("budget too small");
    assert_eq!(err.code(), "BUDGET_EXCEEDED");
    // One unit per (name, subtree of its form) comparison: DN 1, two dNSNames 2 each, IPv4 2,
    // IPv6 3 (the IPv4 subtree is tried first), rfc822Name 2.
    let mut budget = 100;
    assert_eq!(check(&ca, &ee, false, &mut budget), Ok(()));
    assert_eq!(100 - budget, 12);
}

#[test]
fn expected_dns_names_match_san_entries() {
    let ee = fixture!("ee-names");
    assert_eq!(name_check(ee, &dns("www.example.com")), Ok(()));
    assert_eq!(name_check(ee, &dns("WWW.Example.com.")), Ok(()));
    assert_eq!(name_check(ee, &dns("mixed.example.com")), Ok(()));
    assert_eq!(name_check(ee, &dns("a.wild.example.com")), Ok(()));
    assert_eq!(
        name_check(ee, &dns("wild.example.com")),
        Err(Error::NameMismatch)
    );
    assert_eq!(
        name_check(ee, &dns("a.b.wild.example.com")),
        Err(Error::NameMismatch)
    );
    assert_eq!(
        name_check(ee, &dns("example.com")),
        Err(Error::NameMismatch)
    );
    assert_eq!(
        name_check(ee, &dns("*.wild.example.com")).map_err(|e| e.code()),
        Err("INVALID_OPTIONS")
    );
}

#[test]
fn expected_ip_addresses_match_ip_entries_only() {
    let ee = fixture!("ee-names");
    assert_eq!(name_check(ee, &ip("192.0.2.1")), Ok(()));
    assert_eq!(name_check(ee, &ip("2001:db8::1")), Ok(()));
    assert_eq!(name_check(ee, &ip("192.0.2.2")), Err(Error::NameMismatch));
    assert_eq!(
        name_check(ee, &ip("::ffff:192.0.2.1")),
        Err(Error::NameMismatch)
    );
}

#[test]
fn no_fallback_to_common_name() {
    let ee = fixture!("ee-no-san");
    assert_eq!(
        name_check(ee, &dns("www.example.com")),
        Err(Error::NameMismatch)
    );
}
