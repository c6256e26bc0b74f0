#!/usr/bin/env bash
# Regenerates tests/data/path/: a small RSA PKI made with the OpenSSL CLI (3.0), for the path
# validation tests in tests/path.rs. Keys are generated anew each run; the tests only depend on
# the structure, so regenerating is safe. Usage: bash scripts/make-path-fixtures.sh
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/tests/data/path"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p db && : > db/index && echo 1000 > db/serial

cat > ext.cnf <<'CNF'
[ca]
default_ca = local
[local]
database = db/index
serial = db/serial
new_certs_dir = .
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
organizationName = optional
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[int0]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[subca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
certificatePolicies = 1.2.392.200149.8.5.1.3.30
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_noku]
basicConstraints = critical, CA:FALSE
extendedKeyUsage = clientAuth
certificatePolicies = 1.2.392.200149.8.5.1.3.30
authorityKeyIdentifier = keyid:always
[leaf_otherpolicy]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
certificatePolicies = 1.2.3.4.5
authorityKeyIdentifier = keyid:always
[leaf_unknown_critical]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid:always
1.3.6.1.4.1.55738.666.1 = critical, ASN1:NULL
[leaf_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:verify.example.jp, IP:192.0.2.7
authorityKeyIdentifier = keyid:always
CNF

key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null; }
csr() { openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"; }
# sign NAME ISSUER SECTION START END [extra ca args]
sign() {
  local name=$1 issuer=$2 section=$3 start=$4 end=$5; shift 5
  openssl ca -batch -config ext.cnf -in "$name.csr" -cert "$issuer.pem" -keyfile "$issuer.key" \
    -extfile ext.cnf -extensions "$section" -startdate "$start" -enddate "$end" -out "$name.pem" \
    -notext "$@" 2>/dev/null
}
selfsign() {
  local name=$1 section=$2
  openssl ca -batch -config ext.cnf -selfsign -in "$name.csr" -keyfile "$name.key" \
    -extfile ext.cnf -extensions "$section" -startdate 20200101000000Z -enddate 20400101000000Z \
    -out "$name.pem" -notext 2>/dev/null
}

key root; csr root "/CN=myna-verify TEST path root/O=TEST"; selfsign root root
key other; csr other "/CN=myna-verify TEST unrelated root/O=TEST"; selfsign other root
key int; csr int "/CN=myna-verify TEST intermediate pathlen 0/O=TEST"; sign int root int0 20200101000000Z 20390101000000Z
key deep; csr deep "/CN=myna-verify TEST intermediate below pathlen 0/O=TEST"; sign deep int subca 20200101000000Z 20390101000000Z
key leaf; csr leaf "/CN=TEST leaf"
sign leaf int leaf 20240101000000Z 20300101000000Z
cp leaf.pem leaf-good.pem
sign leaf int leaf 20200101000000Z 20210101000000Z; cp leaf.pem leaf-expired.pem
sign leaf int leaf 20350101000000Z 20360101000000Z; cp leaf.pem leaf-future.pem
sign leaf int leaf_noku 20240101000000Z 20300101000000Z; cp leaf.pem leaf-noku.pem
sign leaf int leaf_otherpolicy 20240101000000Z 20300101000000Z; cp leaf.pem leaf-otherpolicy.pem
sign leaf int leaf_unknown_critical 20240101000000Z 20300101000000Z; cp leaf.pem leaf-unknown-critical.pem
sign leaf int leaf_server 20240101000000Z 20300101000000Z; cp leaf.pem leaf-server.pem
sign leaf int leaf 20240101000000Z 20300101000000Z -md sha1; cp leaf.pem leaf-sha1.pem
sign leaf deep leaf 20240101000000Z 20300101000000Z; cp leaf.pem leaf-deep.pem
sign leaf root leaf 20240101000000Z 20300101000000Z; cp leaf.pem leaf-direct.pem
sign leaf other leaf 20240101000000Z 20300101000000Z; cp leaf.pem leaf-other-root.pem

# A cycle: two CAs that certify each other, neither reachable from a trusted root.
key loopa; csr loopa "/CN=myna-verify TEST loop A/O=TEST"
key loopb; csr loopb "/CN=myna-verify TEST loop B/O=TEST"
selfsign loopa root; cp loopa.pem loopa-self.pem
sign loopb loopa subca 20200101000000Z 20390101000000Z
sign loopa loopb subca 20200101000000Z 20390101000000Z
sign leaf loopa leaf 20240101000000Z 20300101000000Z; cp leaf.pem leaf-loop.pem

rm -rf "$out" && mkdir -p "$out"
cp root.pem other.pem int.pem deep.pem loopa.pem loopb.pem leaf-*.pem "$out/"
echo "wrote $(ls "$out" | wc -l) certificates to $out"
