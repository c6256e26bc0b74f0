#!/usr/bin/env bash
# Regenerates tests/data/names/: certificates for the name matching and name constraints tests in
# tests/names.rs, made with the OpenSSL CLI (3.0). P-256 keys are generated anew each run; the
# tests depend only on names and extensions, so regenerating is safe.
# Usage: bash scripts/make-names-fixtures.sh
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/tests/data/names"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p "$out"

cat > ext.cnf <<'CNF'
[ca_nc]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, @nc
[nc]
permitted;DNS.1 = example.com
permitted;IP.1 = 192.0.2.0/255.255.255.0
permitted;IP.2 = 2001:db8::/ffff:ffff::
permitted;email.1 = example.com
permitted;dirName.1 = nc_dn
excluded;DNS.1 = bad.example.com
excluded;IP.1 = 192.0.2.128/255.255.255.128
excluded;email.1 = blocked@example.com
[nc_dn]
C = JP
O = Example
[ca_uri]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, excluded;URI:.example.net
[ca_plain]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[ee_ok]
subjectAltName = DNS:www.example.com, DNS:*.good.example.com, IP:192.0.2.1, IP:2001:db8::1, email:foo@example.com
[ee_bad_dns]
subjectAltName = DNS:www.example.org
[ee_excluded_dns]
subjectAltName = DNS:x.bad.example.com
[ee_excluded_ip]
subjectAltName = IP:192.0.2.200
[ee_excluded_email]
subjectAltName = email:blocked@example.com
[ee_wildcard_over_excluded]
subjectAltName = DNS:*.example.com
[ee_ipv6_outside]
subjectAltName = IP:2001:db9::1
[ee_uri]
subjectAltName = DNS:www.example.com, URI:https://www.example.net/
[ee_no_san]
keyUsage = critical, digitalSignature
[ee_names]
subjectAltName = DNS:www.example.com, DNS:*.wild.example.com, IP:192.0.2.1, IP:2001:db8::1, DNS:Mixed.Example.COM
CNF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

# ee NAME ISSUER SUBJECT SECTION: end-entity issued by ISSUER.
ee() {
  key "$1"
  openssl req -new -key "$1.key" -subj "$3" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -set_serial 2 -days 36500 \
    -extfile ext.cnf -extensions "$4" -outform DER -out "$out/$1.der" 2>/dev/null
}

# ca NAME SUBJECT SECTION: self-signed CA certificate.
ca() {
  key "$1"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -signkey "$1.key" -days 36500 -set_serial 1 \
    -extfile ext.cnf -extensions "$3" -out "$1.pem" 2>/dev/null
  openssl x509 -in "$1.pem" -outform DER -out "$out/$1.der"
}

ca ca-nc "/C=JP/O=Example/CN=Constrained CA" ca_nc
ca ca-uri "/C=JP/O=Example/CN=URI-constrained CA" ca_uri
ca ca-plain "/C=JP/O=Example/CN=Plain CA" ca_plain

ee ee-ok ca-nc "/C=JP/O=Example/CN=leaf" ee_ok
ee ee-bad-dns ca-nc "/C=JP/O=Example/CN=leaf" ee_bad_dns
ee ee-excluded-dns ca-nc "/C=JP/O=Example/CN=leaf" ee_excluded_dns
ee ee-excluded-ip ca-nc "/C=JP/O=Example/CN=leaf" ee_excluded_ip
ee ee-excluded-email ca-nc "/C=JP/O=Example/CN=leaf" ee_excluded_email
ee ee-wildcard-over-excluded ca-nc "/C=JP/O=Example/CN=leaf" ee_wildcard_over_excluded
ee ee-ipv6-outside ca-nc "/C=JP/O=Example/CN=leaf" ee_ipv6_outside
ee ee-other-dn ca-nc "/C=JP/O=Other/CN=leaf" ee_ok
ee ee-dn-email-outside ca-nc "/C=JP/O=Example/CN=leaf/emailAddress=foo@other.com" ee_ok
ee ee-dn-email-inside ca-nc "/C=JP/O=Example/CN=leaf/emailAddress=foo@example.com" ee_ok
ee ee-uri ca-uri "/C=JP/O=Example/CN=leaf" ee_uri
ee ee-no-uri ca-uri "/C=JP/O=Example/CN=leaf" ee_ok
ee ee-no-san ca-plain "/CN=www.example.com" ee_no_san
ee ee-names ca-plain "/CN=leaf" ee_names
ls "$out"
