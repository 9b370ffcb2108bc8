// kilnd's own accept loop for plain-TCP listens. gRPC 1.51's listener
// (tcp_server_posix) closes for good the first time accept4 fails with
// EMFILE (grpc/grpc#20418, #16058): a burst of connects past the descriptor
// limit left kilnd answering nothing even after they closed (#13, finding 7).
// This loop never gives up: it backs off and retries on EMFILE, ENFILE,
// ENOBUFS and ENOMEM, keeps a reserve of descriptors free for gRPC (new
// connects wait in the kernel's backlog meanwhile), and can cap the number
// of connections.
//
// A connection handed to gRPC by descriptor (grpc_server_add_channel_from_fd)
// skips gRPC's handshake manager, so GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS
// does not apply to it. The loop enforces the bound itself: it holds a new
// socket until the client has sent the whole HTTP/2 client preface, and
// closes it if that takes longer than the handshake timeout.
//
// TLS and unix-socket listens keep gRPC's listener: 1.51 can take only
// insecure connections by descriptor (grpc_server_add_channel_from_fd
// refuses other credentials; grpcpp has AddInsecureChannelFromFd only).
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/kilnd/connection_table.h"
#include "server/kilnd/descriptor_budget.h"

namespace spdlog {
class logger;
}

namespace kiln::server {

struct AcceptLoopOptions {
  // A new connection must send the HTTP/2 client preface within this.
  std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
  int max_connections = 0;      // held and handed over together; 0: no cap
  int descriptor_reserve = 64;  // descriptor_budget.h
  // How long accepting pauses after EMFILE and the like, or while the
  // reserve or the cap is reached.
  std::chrono::milliseconds backoff{50};
};

class AcceptLoop {
 public:
  // Takes `listeners` (listening, non-blocking) and starts the thread, which
  // gives each connection, once it has spoken, to `hand_over` (which owns the
  // descriptor from then on). Nothing, with `error` set, when the thread's
  // epoll cannot be made.
  static std::unique_ptr<AcceptLoop> start(std::vector<int> listeners, AcceptLoopOptions options,
                                           std::function<void(int fd)> hand_over,
                                           std::shared_ptr<spdlog::logger> log, std::string &error);
  ~AcceptLoop();

  // Stops the thread and closes the listeners and the connections still
  // held; those handed over are gRPC's. Safe to call more than once.
  void stop();

  // The address behind gRPC's peer string "fd:<n>" for a connection this
  // loop handed over; `grpc_peer` itself for anything else.
  std::string peerAddress(const std::string &grpc_peer) const;

 private:
  struct Held {
    std::uint64_t seq;
    std::string peer;
  };
  struct Expiry {
    std::chrono::steady_clock::time_point at;
    int fd;
    std::uint64_t seq;
  };

  AcceptLoop() = default;
  void run();
  void acceptFrom(int listener);
  bool mayAccept();
  void pauseAccepting(const char *why);
  void setListening(bool on);
  void checkHeld(int fd, unsigned events);
  void release(int fd, bool hand);
  void expireHeld();
  int waitTimeoutMs() const;

  std::vector<int> listeners_;
  AcceptLoopOptions options_;
  std::function<void(int)> hand_over_;
  std::shared_ptr<spdlog::logger> log_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: stop()
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  // The thread's own state.
  bool listening_ = false;
  std::chrono::steady_clock::time_point resume_at_{};
  std::chrono::steady_clock::time_point last_warning_{};
  std::uint64_t next_seq_ = 0;
  std::unordered_map<int, Held> held_;  // sockets that have not sent the preface yet
  std::deque<Expiry> expiries_;        // in accept order, so in deadline order
  DescriptorBudget budget_{64};
  ConnectionTable handed_;
};

}  // namespace kiln::server
