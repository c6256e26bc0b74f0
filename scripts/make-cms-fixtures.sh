#!/usr/bin/env bash
# Regenerates tests/data/cms/: CMS SignedData made by the OpenSSL CLI (3.x) for tests/cms.rs.
#
# - JPKI-shaped: signed with the TEST signature certificate and key of src/testpki
#   (tests/data/jpki/testpki/test_sign_ee.pem, tests/data/jpki/keys/test_sign_ee.key.pem), which
#   chain to the TEST sign root. Attached and detached, with and without signed attributes,
#   IssuerAndSerialNumber and SubjectKeyIdentifier signer ids, SHA-256 and SHA-384, RSA-PSS, no
#   certificates, a custom eContentType, and a second signer (the TEST auth certificate).
# - Generic: an ECDSA P-256 root and leaf generated here (keys not kept), for the generic
#   path-validation entry.
#
# RSA PKCS#1 v1.5 signatures are deterministic, but signingTime (and PSS / ECDSA randomness)
# change on every run; tests/cms.rs depends only on validity, never on the bytes.
# Usage: bash scripts/make-cms-fixtures.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/data/cms"
mkdir -p "$out"
cert="$root/tests/data/jpki/testpki/test_sign_ee.pem"
key="$root/tests/data/jpki/keys/test_sign_ee.key.pem"
sign_root="$root/tests/data/jpki/testpki/test_sign_root.pem"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The signed content: Japanese text, CRLF and a NUL byte, so that -binary matters.
printf '本人確認のための署名 / eKYC signature TEST\r\nnonce=7f3a9c\r\n\0end\n' > "$out/content.bin"

# sign NAME [EXTRA OPENSSL CMS ARGS...]: sign content.bin with the TEST sign key into NAME.der.
sign() {
  local name=$1
  shift
  openssl cms -sign -binary -in "$out/content.bin" -signer "$cert" -inkey "$key" \
    -outform DER -out "$out/$name.der" "$@"
}
sign attached -md sha256 -nodetach
sign detached -md sha256
sign attached-noattr -md sha256 -nodetach -noattr
sign detached-noattr -md sha256 -noattr
sign attached-keyid -md sha256 -nodetach -keyid
sign attached-sha384 -md sha384 -nodetach
sign attached-pss -md sha256 -nodetach -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:32
sign attached-nocerts -md sha256 -nodetach -nocerts
sign attached-with-root -md sha256 -nodetach -certfile "$sign_root"
sign attached-econtent -md sha256 -nodetach -econtent_type 1.2.3.4.5
# Two signers: the TEST sign EE (09876543) and the TEST auth EE (01234567), each under its own
# root, for the per-signer revocation checks.
sign attached-two-signers -md sha256 -nodetach \
  -signer "$root/tests/data/jpki/testpki/test_auth_ee.pem" \
  -inkey "$root/tests/data/jpki/keys/test_auth_ee.key.pem"

# Generic ECDSA P-256 hierarchy, dated explicitly through `openssl ca`.
cd "$work"
mkdir -p db && : > db/index && echo 01 > db/serial
cat > ca.cnf <<'EOF'
[ca]
default_ca = ec_ca
[ec_ca]
database = db/index
serial = db/serial
new_certs_dir = .
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = CMS TEST EC root
[root_ext]
keyUsage = critical, keyCertSign, cRLSign
basicConstraints = critical, CA:TRUE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ext]
keyUsage = critical, digitalSignature, nonRepudiation
basicConstraints = critical, CA:FALSE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ec_key root.key
openssl req -new -key root.key -config ca.cnf -out root.csr
openssl ca -batch -config ca.cnf -selfsign -keyfile root.key -in root.csr -extensions root_ext \
  -startdate 20200101000000Z -enddate 20491231235959Z -out root.pem 2>/dev/null
ec_key leaf.key
openssl req -new -key leaf.key -config ca.cnf -subj "/CN=CMS TEST EC signer" -out leaf.csr
openssl ca -batch -config ca.cnf -cert root.pem -keyfile root.key -in leaf.csr \
  -extensions leaf_ext -startdate 20240101000000Z -enddate 20281231235959Z -out leaf.pem 2>/dev/null
openssl x509 -in root.pem -out "$out/ec-root.pem"
openssl x509 -in leaf.pem -out "$out/ec-leaf.pem"
openssl cms -sign -binary -in "$out/content.bin" -signer leaf.pem -inkey leaf.key -md sha256 \
  -nodetach -outform DER -out "$out/ec-attached.der"

# Self-check with OpenSSL itself.
openssl cms -verify -binary -inform DER -in "$out/attached.der" -CAfile "$sign_root" \
  -purpose any -out /dev/null 2>/dev/null
openssl cms -verify -binary -inform DER -in "$out/ec-attached.der" -CAfile "$out/ec-root.pem" \
  -out /dev/null 2>/dev/null
echo "wrote $out"
