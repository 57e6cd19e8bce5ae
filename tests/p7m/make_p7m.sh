#!/bin/sh
# Regenerate the signed-envelope (.p7m) fixtures of tests/it/robust.rs from
# fixtures/002-calc-ruled.pdf. Needs openssl. Run from anywhere:
#   sh tests/p7m/make_p7m.sh
# The signatures are made with a throwaway self-signed key made here and deleted
# afterwards: they are test data, never verified. Each run gives different bytes
# (new key, new signing time).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pdf="$here/../../fixtures/002-calc-ruled.pdf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A test signer: the subject is checked by the tests.
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
  -subj "/C=IT/O=Comune di Prova/CN=Mario Rossi" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
sign() { # sign IN OUT [extra openssl args]
  in=$1; out=$2; shift 2
  openssl cms -sign -nodetach -binary -md sha256 -signer "$tmp/cert.pem" \
    -inkey "$tmp/key.pem" -in "$in" "$@" -out "$out"
}

# Signed once, DER (the usual .p7m).
sign "$pdf" "$here/signed.pdf.p7m" -outform DER
# Signed as a stream: BER (indefinite lengths, the PDF in 4 KiB chunks), as some
# signing tools write it.
sign "$pdf" "$here/ber.pdf.p7m" -outform DER -stream
# Signed again: the envelope of the envelope (a countersigned file).
sign "$here/signed.pdf.p7m" "$here/nested.pdf.p7m" -outform DER
# The same envelope as PEM (-----BEGIN CMS-----, base64).
openssl cms -cmsout -inform DER -in "$here/signed.pdf.p7m" -outform PEM \
  -out "$here/pem.pdf.p7m"
# A detached signature: the envelope holds no document.
openssl cms -sign -binary -md sha256 -signer "$tmp/cert.pem" -inkey "$tmp/key.pem" \
  -in "$pdf" -outform DER -out "$here/detached.pdf.p7m"
# A corrupt envelope: the first 2,000 bytes of the signed one.
head -c 2000 "$here/signed.pdf.p7m" > "$here/corrupt.pdf.p7m"
ls -l "$here"/*.p7m
