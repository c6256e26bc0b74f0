#!/usr/bin/env bash
# Regenerate the signature test fixtures in tests/data/signature/ with the openssl CLI (3.x).
#
# Keys are TEST keys, generated once and kept (so reruns do not churn the repository); pass
# --new-keys to replace them too. Everything else (public keys, signatures, certificates) is
# derived from the kept keys on every run. RSA PKCS#1 v1.5 signatures are deterministic; ECDSA
# and RSA-PSS signatures are randomised, so those files change on each run (the tests do not
# depend on their bytes, only on their validity).
set -euo pipefail
cd "$(dirname "$0")/.."
D=tests/data/signature
mkdir -p "$D"
NEW_KEYS=0
if [ "${1:-}" = "--new-keys" ]; then NEW_KEYS=1; fi

# key NAME GENPKEY-ARGS...: keep or make NAME.key.pem, then write NAME.spki.der.
key() {
  local name=$1
  shift
  if [ "$NEW_KEYS" = 1 ] || [ ! -f "$D/$name.key.pem" ]; then
    openssl genpkey "$@" -out "$D/$name.key.pem" 2>/dev/null
  fi
  openssl pkey -in "$D/$name.key.pem" -pubout -outform DER -out "$D/$name.spki.der"
}

rsa() { key "$1" -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" "${@:3}"; }
ec() { key "$1" -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -pkeyopt ec_param_enc:named_curve; }

rsa rsa1024 1024
rsa rsa2048 2048
rsa rsa2048b 2048
rsa rsa2048e3 2048 -pkeyopt rsa_keygen_pubexp:3
rsa rsa3072 3072
rsa rsa4096 4096
ec p256 P-256
ec p256b P-256
ec p384 P-384
ec p384b P-384
ec p521 P-521
ec secp256k1 secp256k1
key ed25519 -algorithm ED25519
key rsapss2048 -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048
# The same P-256 key with a compressed point, and with explicit curve parameters.
openssl pkey -in "$D/p256.key.pem" -pubout -outform DER -ec_conv_form compressed \
  -out "$D/p256-compressed.spki.der"
openssl pkey -in "$D/p256.key.pem" -pubout -outform DER -ec_param_enc explicit \
  -out "$D/p256-explicit.spki.der"

printf 'myna-verify signature fixture: the quick brown fox jumps over the lazy dog\n' >"$D/msg.bin"

# sign KEY DIGEST OUT [SIGOPTS...]: signature over msg.bin (DER for ECDSA).
sign() {
  local k=$1 md=$2 out=$3
  shift 3
  openssl dgst "-$md" -sign "$D/$k.key.pem" "$@" -out "$D/$out" "$D/msg.bin"
}
pss() {
  sign "$1" "$2" "$3" -sigopt rsa_padding_mode:pss -sigopt "rsa_pss_saltlen:$4" \
    -sigopt "rsa_mgf1_md:$2"
}

for md in sha1 sha256 sha384 sha512; do sign rsa2048 "$md" "rsa2048-pkcs1-$md.sig"; done
sign rsa3072 sha256 rsa3072-pkcs1-sha256.sig
sign rsa4096 sha512 rsa4096-pkcs1-sha512.sig
sign rsa2048e3 sha256 rsa2048e3-pkcs1-sha256.sig
pss rsa2048 sha256 rsa2048-pss-sha256.sig 32
pss rsa2048 sha384 rsa2048-pss-sha384.sig 48
pss rsa2048 sha512 rsa2048-pss-sha512.sig 64
pss rsa2048 sha256 rsa2048-pss-sha256-salt20.sig 20
pss rsa4096 sha384 rsa4096-pss-sha384.sig 48
for md in sha256 sha384 sha512; do
  sign p256 "$md" "p256-$md.der.sig"
  sign p384 "$md" "p384-$md.der.sig"
done

# raw DER-SIG WIDTH OUT: DER ECDSA signature to fixed-width r||s (IEEE P1363).
raw() {
  local hex
  hex=$(openssl asn1parse -inform DER -in "$D/$1" | awk -F: '/INTEGER/ {print $NF}' |
    while read -r v; do printf "%0$(($2 * 2))s" "$v" | tr ' ' 0; done)
  printf '%s' "$hex" | xxd -r -p >"$D/$3"
}
raw p256-sha256.der.sig 32 p256-sha256.raw.sig
raw p384-sha384.der.sig 48 p384-sha384.raw.sig

# PKCS#1 v1.5 over a hand-made DigestInfo: the SHA-256 one without the NULL parameters
# (must be refused), and the exact one (must equal the openssl dgst signature).
dig=$(openssl dgst -sha256 -binary "$D/msg.bin" | xxd -p -c 256)
printf '302f300b0609608648016503040201' >"$D/tmp.hex"
printf '0420%s' "$dig" >>"$D/tmp.hex"
xxd -r -p "$D/tmp.hex" >"$D/tmp.bin"
openssl pkeyutl -sign -inkey "$D/rsa2048.key.pem" -pkeyopt rsa_padding_mode:pkcs1 \
  -in "$D/tmp.bin" -out "$D/rsa2048-pkcs1-sha256-nonull.sig"
printf '3031300d0609608648016503040201050004 20%s' "$dig" | tr -d ' ' | xxd -r -p >"$D/tmp.bin"
openssl pkeyutl -sign -inkey "$D/rsa2048.key.pem" -pkeyopt rsa_padding_mode:pkcs1 \
  -in "$D/tmp.bin" -out "$D/tmp.sig"
cmp "$D/tmp.sig" "$D/rsa2048-pkcs1-sha256.sig"
rm -f "$D/tmp.hex" "$D/tmp.bin" "$D/tmp.sig"

# cert KEY NAME REQ-ARGS...: a self-signed TEST certificate, DER.
cert() {
  local k=$1 name=$2
  shift 2
  openssl req -x509 -new -key "$D/$k.key.pem" -subj "/CN=myna-verify TEST $name" \
    -set_serial 1 -days 36500 -outform DER -out "$D/cert-$name.der" "$@"
}
cert rsa2048 rsa-pkcs1-sha256 -sha256
cert rsa2048 rsa-pkcs1-sha1 -sha1
cert rsa2048 rsa-pss-sha256 -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 \
  -sigopt rsa_mgf1_md:sha256
cert rsa4096 rsa-pss-sha512 -sha512 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:64 \
  -sigopt rsa_mgf1_md:sha512
cert p256 p256-sha256 -sha256
cert p384 p384-sha384 -sha384
cert p256 p256-sha512 -sha512
echo "fixtures written to $D"
