#!/usr/bin/env bash
# Regenerates tests/data/token/: Web eID authentication tokens made with the OpenSSL CLI (3.x),
# an independent producer for tests/token.rs. Signs H(origin) ‖ H(nonce) with the TEST auth
# end-entity key (tests/data/jpki/keys/test_auth_ee.key.pem) over the checked-in TEST auth
# certificate (tests/data/jpki/testpki/test_auth_ee.pem):
#   openssl_rs256.json  RS256 (PKCS#1 v1.5, deterministic)
#   openssl_ps256.json  PS256 (RSA-PSS, salt 32; randomised, so it changes on each run)
# Origin and nonce are fixed below and repeated in tests/token.rs.
# Usage: bash scripts/make-token-fixtures.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/data/token"
key="$root/tests/data/jpki/keys/test_auth_ee.key.pem"
cert="$root/tests/data/jpki/testpki/test_auth_ee.pem"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

origin='https://bank.example.jp'
nonce='T3BlblNTTCBtYWRlIHRoaXMgbm9uY2UgZm9yIHRlc3Q='

# The signed data: SHA-256(origin) ‖ SHA-256(nonce), both over the UTF-8 text (no newline).
printf '%s' "$origin" | openssl dgst -sha256 -binary > "$work/data"
printf '%s' "$nonce" | openssl dgst -sha256 -binary >> "$work/data"

cert_b64="$(openssl x509 -in "$cert" -outform DER | base64 -w0)"

# token FILE ALG SIGN-OPTIONS...
token() {
  local file=$1 alg=$2
  shift 2
  openssl dgst -sha256 -sign "$key" "$@" -out "$work/sig" "$work/data"
  printf '{"unverifiedCertificate":"%s","algorithm":"%s","signature":"%s","format":"web-eid:1.0","appVersion":"openssl %s"}\n' \
    "$cert_b64" "$alg" "$(base64 -w0 < "$work/sig")" "$(openssl version | cut -d' ' -f2)" > "$out/$file"
}

token openssl_rs256.json RS256
token openssl_ps256.json PS256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
echo "wrote $out"
