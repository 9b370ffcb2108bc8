// libFuzzer target: arbitrary bytes as a client's kiln.v1.CompileRequest,
// then what kilnd's CompileFlow does with a parsed request before any worker
// sees it: wire::fromSpec, the target-name check, and the canonical digest
// of its source (Tile IR parsed; PTX, AscendC, PTO checked for text and
// digested) under the client's own source name. Every field is the client's
// choice, so none of this may crash, hang or leak on any message.
// tests/fuzz/run-fuzzers.sh builds and runs it.
#include <cstddef>
#include <cstdint>
#include <string>

#include <google/protobuf/stubs/logging.h>

#include "core/target_name.h"
#include "kiln/v1/compiler.pb.h"
#include "proto/convert/wire_convert.h"
#include "tests/fuzz/diagnostic_invariants.h"
#include "worker/pipeline/input_digest.h"

namespace {

using kiln::fuzz::checkAll;

bool sameRequest(const kiln::CompileRequest &a, const kiln::CompileRequest &b) {
  return a.source.name == b.source.name && a.source.text == b.source.text && a.target == b.target &&
         a.emit == b.emit && a.via == b.via && a.oracle == b.oracle && a.input == b.input && a.ptxas == b.ptxas &&
         a.pto_level == b.pto_level;
}

}  // namespace

// Invalid UTF-8 in a string field fails the parse, as it does in kilnd's
// gRPC handler, after libprotobuf logs an error line; thousands of those a
// second would bury the fuzzer's own report.
extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kiln::v1::CompileRequest call;
  if (!call.ParseFromArray(data, static_cast<int>(size))) return 0;
  const kiln::v1::CompileSpec &spec = call.spec();

  kiln::wire::SpecResult parsed = kiln::wire::fromSpec(spec);
  // Exactly one of a request and the reason there is none; the reason goes
  // back to the client as the INVALID_ARGUMENT message.
  if (parsed.request.has_value() == !parsed.error.empty()) __builtin_trap();
  if (!parsed.request) return 0;
  const kiln::CompileRequest &request = *parsed.request;
  if (request.emit.empty() || request.source.name.empty()) __builtin_trap();
  // What kilnd forwards to a worker must decode to the same request there.
  kiln::wire::SpecResult again = kiln::wire::fromSpec(kiln::wire::toSpec(request));
  if (!again.request || !sameRequest(*again.request, request)) __builtin_trap();

  if (!kiln::isTargetName(request.target)) return 0;
  if (request.target.size() > kiln::kMaxTargetNameBytes) __builtin_trap();

  // kilnd refuses IR over max_request_bytes (default well above this)
  // before the parse; the fuzzer's -max_len bounds it anyway.
  const std::string &text = request.source.text;
  unsigned lines = kiln::fuzz::countLines(text);
  kiln::DigestResult digest = kiln::digestInput(request);
  checkAll(digest.diagnostics, text, lines, request.source.name);
  if (digest.ok() == kiln::hasErrors(digest.diagnostics)) __builtin_trap();
  return 0;
}
