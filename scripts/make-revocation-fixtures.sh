#!/usr/bin/env bash
# Regenerates tests/data/revocation/: CRLs and OCSP responses made with the OpenSSL CLI (3.x), an
# independent producer for tests/revocation.rs, over the checked-in TEST hierarchy
# (tests/data/jpki/testpki, keys in tests/data/jpki/keys). Offline; no responder is run.
#
# CRLs (`openssl ca -gencrl`, thisUpdate 2026-11-01, nextUpdate 2026-11-08, fixed, so the files
# are reproducible — RSA PKCS#1 v1.5 is deterministic):
#   crl_good.der          auth root; lists another serial only
#   crl_revoked.der       auth EE (01234567) revoked 2026-10-01, keyCompromise
#   crl_hold.der          auth EE on hold (certificateHold) since 2026-10-15
#   crl_release.der       auth EE listed with removeFromCRL
#   crl_no_number.der     as crl_good, without cRLNumber
#   crl_delta.der         a delta CRL (deltaCRLIndicator)
#   crl_sign_root.der     issued by the TEST sign root (wrong issuer for auth certificates;
#                         does not list the sign EE 09876543: "good" for tests/data/cms)
#   crl_sign_hold.der     sign root; the sign EE on hold (certificateHold) since 2026-10-15
#   crl_idp_dp2.der       issuingDistributionPoint = the 2nd DirName DP of multi_dp.pem; lists it
#   crl_idp_other.der     issuingDistributionPoint = a DirName no certificate names
# Certificates:
#   multi_dp.pem          auth-root-issued EE (serial 0ABCDE01) with two DirName CRL DPs
#   responder.pem         delegated OCSP responder of the auth root (OCSPSigning)
#   responder_no_eku.pem  auth-root-issued, clientAuth only
#   responder_other_ca.pem  issued by the TEST sign root, OCSPSigning
#   responder.key.pem     the key of the three responders
# OCSP (`openssl ocsp -index ... -reqin/-respout`, thisUpdate = time of generation, -ndays 1):
#   ocsp_req_nonce.der + ocsp_good_ca.der   CA-signed (byName), SHA-1 CertID, with nonce
#   ocsp_good_sha256.der  CA-signed, SHA-256 CertID, no nonce, responderID byKey
#   ocsp_revoked.der      CA-signed, revoked keyCompromise (index says so)
#   ocsp_unknown.der      CA-signed, status unknown (multi_dp.pem's serial is not in the index)
#   ocsp_delegated.der    signed by responder.pem (included)
#   ocsp_no_eku.der       signed by responder_no_eku.pem
#   ocsp_other_ca.der     signed by responder_other_ca.pem
# Usage: bash scripts/make-revocation-fixtures.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/data/revocation"
pki="$root/tests/data/jpki/testpki"
keys="$root/tests/data/jpki/keys"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

auth_root="$pki/test_auth_root.pem"
auth_key="$keys/test_auth_root.key.pem"
sign_root="$pki/test_sign_root.pem"
sign_key="$keys/test_sign_root.key.pem"
ee="$pki/test_auth_ee.pem"
ee_key="$keys/test_auth_ee.key.pem"

# ca_conf DIR [crlnumber] [extra crl_ext lines...]
ca_conf() {
  local dir=$1 number=$2
  shift 2
  mkdir -p "$dir"
  : > "$dir/index.txt"
  {
    echo "[ca]"
    echo "default_ca = CA_default"
    echo "[CA_default]"
    echo "database = $dir/index.txt"
    if [ "$number" = yes ]; then
      echo "crlnumber = $dir/crlnumber"
      echo 1000 > "$dir/crlnumber"
    fi
    echo "default_md = sha256"
    echo "crl_extensions = crl_ext"
    echo "[crl_ext]"
    echo "authorityKeyIdentifier = keyid:always"
    for line in "$@"; do echo "$line"; done
    echo "[dp2]"
    echo "fullname = dirName:dp2_name"
    echo "[dp2_name]"
    echo "C = JP"
    echo "O = JPKI TEST"
    echo "CN = CRL DP 2"
    echo "[dp_other]"
    echo "fullname = dirName:dp_other_name"
    echo "[dp_other_name]"
    echo "C = JP"
    echo "O = JPKI TEST"
    echo "CN = CRL DP 9"
  } > "$dir/ca.cnf"
}

# index line: STATUS SERIAL REVINFO
entry() {
  printf '%s\t281231145959Z\t%s\t%s\tunknown\t/CN=TEST\n' "$1" "$3" "$2"
}

# gencrl DIR ROOT KEY OUT
gencrl() {
  openssl ca -gencrl -batch -config "$1/ca.cnf" -cert "$2" -keyfile "$3" \
    -crl_lastupdate 20261101000000Z -crl_nextupdate 20261108000000Z -out "$work/crl.pem" 2>/dev/null
  openssl crl -in "$work/crl.pem" -outform DER -out "$out/$4"
}

ca_conf "$work/good" yes
entry R 0999 '261001000000Z,superseded' >> "$work/good/index.txt"
gencrl "$work/good" "$auth_root" "$auth_key" crl_good.der

ca_conf "$work/revoked" yes
entry R 0999 '261001000000Z,superseded' >> "$work/revoked/index.txt"
entry R 01234567 '261001000000Z,keyCompromise' >> "$work/revoked/index.txt"
gencrl "$work/revoked" "$auth_root" "$auth_key" crl_revoked.der

ca_conf "$work/hold" yes
entry R 01234567 '261015000000Z,certificateHold,holdInstructionCallIssuer' >> "$work/hold/index.txt"
gencrl "$work/hold" "$auth_root" "$auth_key" crl_hold.der

ca_conf "$work/release" yes
entry R 01234567 '261020000000Z,removeFromCRL' >> "$work/release/index.txt"
gencrl "$work/release" "$auth_root" "$auth_key" crl_release.der

ca_conf "$work/nonumber" no
entry R 0999 '261001000000Z,superseded' >> "$work/nonumber/index.txt"
gencrl "$work/nonumber" "$auth_root" "$auth_key" crl_no_number.der

ca_conf "$work/delta" yes "2.5.29.27 = critical, DER:02:02:03:E7"
entry R 01234567 '261001000000Z,keyCompromise' >> "$work/delta/index.txt"
gencrl "$work/delta" "$auth_root" "$auth_key" crl_delta.der

ca_conf "$work/signroot" yes
entry R 01234567 '261001000000Z,keyCompromise' >> "$work/signroot/index.txt"
gencrl "$work/signroot" "$sign_root" "$sign_key" crl_sign_root.der

ca_conf "$work/signhold" yes
entry R 09876543 '261015000000Z,certificateHold,holdInstructionCallIssuer' >> "$work/signhold/index.txt"
gencrl "$work/signhold" "$sign_root" "$sign_key" crl_sign_hold.der

ca_conf "$work/idp2" yes "issuingDistributionPoint = critical, @dp2"
entry R 0ABCDE01 '261001000000Z,keyCompromise' >> "$work/idp2/index.txt"
gencrl "$work/idp2" "$auth_root" "$auth_key" crl_idp_dp2.der

ca_conf "$work/idpo" yes "issuingDistributionPoint = critical, @dp_other"
gencrl "$work/idpo" "$auth_root" "$auth_key" crl_idp_other.der

# ---- certificates ----
cat > "$work/ext.cnf" <<'EOF'
[multi_dp]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
certificatePolicies = 1.2.392.200149.8.5.1.3.30
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
crlDistributionPoints = dp1, dp2
[dp1]
fullname = dirName:dp1_name
[dp1_name]
C = JP
O = JPKI TEST
CN = CRL DP 1
[dp2]
fullname = dirName:dp2_name
[dp2_name]
C = JP
O = JPKI TEST
CN = CRL DP 2
[responder]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
[responder_no_eku]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
EOF

# issue NAME SUBJECT KEY CA CAKEY SERIAL SECTION
issue() {
  openssl req -new -key "$3" -subj "$2" -out "$work/$1.csr" 2>/dev/null
  openssl x509 -req -in "$work/$1.csr" -CA "$4" -CAkey "$5" -set_serial "$6" -sha256 \
    -days 3650 -extfile "$work/ext.cnf" -extensions "$7" -out "$out/$1.pem" 2>/dev/null
}

issue multi_dp "/C=JP/L=TEST/CN=TEST-AUTH-MULTI-DP" "$ee_key" "$auth_root" "$auth_key" 0x0ABCDE01 multi_dp
if [ ! -f "$out/responder.key.pem" ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/responder.key.pem" 2>/dev/null
fi
rkey="$out/responder.key.pem"
issue responder "/C=JP/O=JPKI TEST/CN=TEST OCSP responder" "$rkey" "$auth_root" "$auth_key" 0x0C500001 responder
issue responder_no_eku "/C=JP/O=JPKI TEST/CN=TEST responder without OCSPSigning" "$rkey" "$auth_root" "$auth_key" 0x0C500002 responder_no_eku
issue responder_other_ca "/C=JP/O=JPKI TEST/CN=TEST responder of the sign root" "$rkey" "$sign_root" "$sign_key" 0x0C500003 responder

# ---- OCSP ----
ocsp_index="$work/ocsp_index.txt"
entry V 01234567 '' > "$ocsp_index"
: > "$work/revoked_index.txt"
entry R 01234567 '261001000000Z,keyCompromise' > "$work/revoked_index.txt"

openssl ocsp -issuer "$auth_root" -cert "$ee" -nonce -reqout "$out/ocsp_req_nonce.der" 2>/dev/null
openssl ocsp -issuer "$auth_root" -cert "$ee" -no_nonce -reqout "$work/req_plain.der" 2>/dev/null
openssl ocsp -issuer "$auth_root" -sha256 -cert "$ee" -no_nonce -reqout "$work/req_sha256.der" 2>/dev/null
openssl ocsp -issuer "$auth_root" -cert "$out/multi_dp.pem" -no_nonce -reqout "$work/req_multi.der" 2>/dev/null

# respond INDEX REQ SIGNER KEY CA OUT [extra]
respond() {
  local index=$1 req=$2 signer=$3 key=$4 ca=$5 file=$6
  shift 6
  openssl ocsp -index "$index" -reqin "$req" -rsigner "$signer" -rkey "$key" -CA "$ca" \
    -rmd sha256 -ndays 1 -respout "$out/$file" "$@" 2>/dev/null
}

respond "$ocsp_index" "$out/ocsp_req_nonce.der" "$auth_root" "$auth_key" "$auth_root" ocsp_good_ca.der -resp_no_certs
respond "$ocsp_index" "$work/req_sha256.der" "$auth_root" "$auth_key" "$auth_root" ocsp_good_sha256.der -resp_no_certs -resp_key_id
respond "$work/revoked_index.txt" "$work/req_plain.der" "$auth_root" "$auth_key" "$auth_root" ocsp_revoked.der -resp_no_certs
respond "$ocsp_index" "$work/req_multi.der" "$auth_root" "$auth_key" "$auth_root" ocsp_unknown.der -resp_no_certs
respond "$ocsp_index" "$work/req_plain.der" "$out/responder.pem" "$rkey" "$auth_root" ocsp_delegated.der
respond "$ocsp_index" "$work/req_plain.der" "$out/responder_no_eku.pem" "$rkey" "$auth_root" ocsp_no_eku.der
respond "$ocsp_index" "$work/req_plain.der" "$out/responder_other_ca.pem" "$rkey" "$auth_root" ocsp_other_ca.der
echo "wrote $out"
