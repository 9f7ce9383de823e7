#!/usr/bin/env bash
# Makes a throwaway test CA, a server certificate for 127.0.0.1 and a MESH-style client
# certificate, all signed by that CA, in DIR (for atpipe_mesh_server and its tests).
#   make_test_pki.sh DIR [CLIENT_DAYS]
# Writes DIR/ca.pem, DIR/server.pem, DIR/server.key, DIR/client.pem, DIR/client.key.
set -euo pipefail
dir=$1
days=${2:-30}
mkdir -p "$dir"
cd "$dir"
umask 077
# P-256 keys: as good as RSA for a test and made in milliseconds, which the tests notice.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 \
  -subj "/CN=atpipe test MESH CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
  -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
  -days 2 -extfile server.ext 2>/dev/null
# Client certificates follow <local_id>.<ODS code>.api.mesh-client.nhs.uk (mesh.md 1.1).
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout client.key -out client.csr \
  -subj "/CN=TEST001.X26.api.mesh-client.nhs.uk" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem \
  -days "$days" -extfile client.ext 2>/dev/null
rm -f server.csr client.csr server.ext client.ext ca.srl
