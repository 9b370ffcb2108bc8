#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace kiln::client {

struct ClientConfig {
  std::string server = "127.0.0.1:7878";
  std::string token;        // sent as "authorization: Bearer <token>" when set
  std::string tls_ca_file;  // set: connect with TLS, verifying kilnd against this CA
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // per call
  // UNAVAILABLE (kilnd down or restarting) is retried with exponential
  // backoff; every call is safe to repeat, since results are content-addressed.
  int max_attempts = 4;
  std::chrono::milliseconds initial_backoff{100};
  // The artifact bytes of one compile this client accepts; a reply that
  // declares more is refused (DATA_LOSS) before any byte is buffered.
  std::int64_t max_result_bytes = 1LL << 30;
};

// The defaults, with KILN_SERVER and KILN_TOKEN_FILE from the environment.
// `error` is set when KILN_TOKEN_FILE names an unreadable file.
ClientConfig clientConfigFromEnvironment(std::string &error);

}  // namespace kiln::client
