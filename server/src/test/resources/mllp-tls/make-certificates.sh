#!/bin/sh
# The test certificates of the MLLP-over-TLS scenarios (security/MllpSendersIT), made once with openssl and committed.
# Valid for 100 years; nothing here protects anything real (the keys are public, in this repository).
#   ca.crt/.key          the test CA the hub trusts for senders (the hub's trust bundle)
#   hub.crt/.key         the hub's own certificate (CN=localhost, SAN localhost and 127.0.0.1), issued by the CA
#   aalborg-pas.crt/.key a sender: Aalborg's patient administration system, issued by the CA
#   rogue.crt/.key       a self-signed certificate the hub does not trust
# Run from this folder: sh make-certificates.sh
set -e
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -days $days -subj "/O=GodStart Hub tests/CN=GodStart Test CA" \
  -keyout ca.key -out ca.crt
issue() { # name subject [extensions]
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr"
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days $days -extfile "$1.ext" -out "$1.crt"
  rm "$1.csr" "$1.ext"
}
issue hub "/O=GodStart Hub tests/CN=localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
issue aalborg-pas "/C=DK/O=Aalborg University Hospital/CN=pas.aalborg.test" "extendedKeyUsage=clientAuth"
openssl req -x509 -newkey rsa:2048 -nodes -days $days -subj "/C=DK/O=Aalborg University Hospital/CN=pas.aalborg.test" \
  -keyout rogue.key -out rogue.crt
rm -f ca.srl
