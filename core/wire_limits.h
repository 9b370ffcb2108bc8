// The size limits kiln's CLI, its client library and kilnd share, so that
// what the CLI sends is what a default kilnd accepts, and every refusal
// names the limit and how to raise it. One default, one message.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

namespace kiln {

// IR bytes in one compile request: kilnd --max-request-bytes, and the
// CLI's kiln compile --max-request-bytes, both default to this.
inline constexpr std::int64_t kDefaultMaxRequestBytes = std::int64_t{8} << 20;

// The cap gRPC enforces on a message kilnd receives, before kilnd sees it.
// Far above the request limit (twice it, plus room for a worker's 1 MiB
// chunks and framing), so that a request over the limit reaches kilnd and
// gets kilnd's own refusal, which names the flag, not gRPC's raw
// "(9437718 vs. 9437184)"; only a request far past the limit meets the cap.
constexpr std::int64_t grpcReceiveCap(std::int64_t max_request_bytes) {
  return std::min<std::int64_t>(std::max<std::int64_t>(max_request_bytes, 0) * 2 + (std::int64_t{4} << 20),
                                std::int64_t{2000} << 20);  // gRPC takes an int
}

// "the IR is 9437718 bytes; kilnd accepts at most 8388608 ...": the one
// refusal of an oversized request, from kilnd or from the CLI before sending.
inline std::string requestTooLarge(std::int64_t size, std::int64_t limit) {
  return "the IR is " + std::to_string(size) + " bytes; kilnd accepts at most " + std::to_string(limit) +
         " (--max-request-bytes: raise it on kilnd, and on kiln compile to match)";
}

}  // namespace kiln
