#!/usr/bin/env bash
# Regenerates tests/data/jpki/openssl/: JPKI-shaped TEST certificates made with the OpenSSL CLI
# (3.0) from tests/data/jpki/openssl/openssl.cnf — a TEST sign root, a signature certificate with
# the identity otherNames, a user-authentication certificate and an expired signature
# certificate. Keys are generated anew each run (and not kept); tests/jpki.rs depends only on the
# contents (names, attributes, dates), so regenerating is safe.
# Usage: bash scripts/make-jpki-openssl.sh
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/tests/data/jpki/openssl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$out/openssl.cnf" .
mkdir -p db && : > db/index && echo 5E57000001 > db/serial
export OPENSSL_CONF="$work/openssl.cnf"

key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

# Root: self-signed through `ca -selfsign` so that its dates can be set.
key root.key
openssl req -new -key root.key -config openssl.cnf -out root.csr
openssl ca -batch -config openssl.cnf -selfsign -keyfile root.key -in root.csr -extensions root_ext \
  -startdate 20200101000000Z -enddate 20491231235959Z -out root.pem 2>/dev/null

# issue NAME CN EXTENSIONS START END
issue() {
  key "$1.key"
  openssl req -new -key "$1.key" -config openssl.cnf -subj "/C=JP/L=TEST/CN=$2" -out "$1.csr"
  openssl ca -batch -config openssl.cnf -cert root.pem -keyfile root.key -in "$1.csr" \
    -extensions "$3" -startdate "$4" -enddate "$5" -out "$1.pem" 2>/dev/null
}
issue sign OPENSSL-TEST-SIGN sign_ext 20240101000000Z 20281231145959Z
issue auth OPENSSL-TEST-AUTH auth_ext 20240101000000Z 20281231145959Z
issue sign_expired OPENSSL-TEST-SIGN-EXPIRED sign_ext 20150101000000Z 20191231145959Z

for f in root sign auth sign_expired; do
  openssl x509 -in "$f.pem" -out "$out/$f.pem"
done
openssl verify -CAfile "$out/root.pem" "$out/sign.pem" "$out/auth.pem"
echo "wrote $out"
