#!/usr/bin/env bash
# Encodes the request fuzzer's seeds, kiln.v1.CompileRequest messages kept
# readable in tests/fuzz/request_seeds/*.textproto, into the binary corpus
# tests/fuzz/corpus/request/ with protoc (protobuf-compiler). Run it after
# editing a seed or the schema, and commit both:
#   tests/fuzz/make-request-seeds.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/tests/fuzz/corpus/request"
mkdir -p "$out"
for seed in "$root"/tests/fuzz/request_seeds/*.textproto; do
  name="$(basename "$seed" .textproto)"
  protoc --proto_path="$root/proto" --encode=kiln.v1.CompileRequest kiln/v1/compiler.proto \
    < "$seed" > "$out/$name.pb"
done
echo "make-request-seeds: $(ls "$root"/tests/fuzz/request_seeds/*.textproto | wc -l) seeds in $out"
