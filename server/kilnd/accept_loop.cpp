#include "server/kilnd/accept_loop.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <spdlog/spdlog.h>

#include "server/kilnd/listen_address.h"

namespace kiln::server {
namespace {

using Clock = std::chrono::steady_clock;

// What every HTTP/2 client sends first (RFC 9113, 3.4); gRPC clients send
// it at once on connecting.
constexpr char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
constexpr size_t kPrefaceSize = sizeof kPreface - 1;

// Accepts per wakeup, so held sockets are looked at during a flood too.
constexpr int kAcceptBatch = 256;

// accept4 errors that are the pending connection's own (accept(2), "Error
// handling"): that one is gone, the next may be fine.
bool connectionsOwnError(int e) {
  switch (e) {
    case EINTR: case ECONNABORTED: case EPROTO: case ENETDOWN: case ENOPROTOOPT: case EHOSTDOWN:
    case ENONET: case EHOSTUNREACH: case EOPNOTSUPP: case ENETUNREACH: case EPERM:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::unique_ptr<AcceptLoop> AcceptLoop::start(std::vector<int> listeners, AcceptLoopOptions options,
                                              std::function<void(int)> hand_over,
                                              std::shared_ptr<spdlog::logger> log, std::string &error) {
  std::unique_ptr<AcceptLoop> loop(new AcceptLoop());
  loop->listeners_ = std::move(listeners);
  loop->options_ = options;
  loop->hand_over_ = std::move(hand_over);
  loop->log_ = std::move(log);
  loop->budget_ = DescriptorBudget(options.descriptor_reserve);
  loop->epoll_ = epoll_create1(EPOLL_CLOEXEC);
  loop->wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = loop->wake_;
  if (loop->epoll_ < 0 || loop->wake_ < 0 || epoll_ctl(loop->epoll_, EPOLL_CTL_ADD, loop->wake_, &wake) != 0) {
    error = std::string("cannot start the accept loop: ") + strerror(errno);
    return nullptr;  // the destructor closes what was made
  }
  loop->thread_ = std::thread([raw = loop.get()] { raw->run(); });
  return loop;
}

AcceptLoop::~AcceptLoop() { stop(); }

void AcceptLoop::stop() {
  if (thread_.joinable()) {
    stopping_ = true;
    std::uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
    thread_.join();
  }
  for (auto &[fd, held] : held_) ::close(fd);
  held_.clear();
  expiries_.clear();
  for (int fd : listeners_) ::close(fd);
  listeners_.clear();
  for (int *fd : {&epoll_, &wake_})
    if (*fd >= 0) ::close(std::exchange(*fd, -1));
}

std::string AcceptLoop::peerAddress(const std::string &grpc_peer) const {
  if (grpc_peer.rfind("fd:", 0) != 0) return grpc_peer;
  int fd = 0;
  try {
    fd = std::stoi(grpc_peer.substr(3));
  } catch (...) {
    return grpc_peer;
  }
  std::string peer = handed_.peerOf(fd);
  return peer.empty() ? grpc_peer : peer;
}

void AcceptLoop::run() {
  setListening(true);
  epoll_event events[64];
  while (!stopping_) {
    int n = epoll_wait(epoll_, events, 64, waitTimeoutMs());
    if (n < 0 && errno != EINTR) {
      log_->error("accept loop: epoll_wait: {}", strerror(errno));
      std::this_thread::sleep_for(options_.backoff);
      continue;
    }
    for (int i = 0; i < n && !stopping_; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_) return;
      if (std::find(listeners_.begin(), listeners_.end(), fd) != listeners_.end())
        acceptFrom(fd);
      else
        checkHeld(fd, events[i].events);
    }
    expireHeld();
    if (!listening_ && Clock::now() >= resume_at_) setListening(true);
  }
}

// While listening, each listener is in the epoll set, level-triggered, so
// connections left in the backlog (a full batch) wake the loop again. While
// paused they are out of it: the loop sleeps to resume_at_ instead of
// spinning on a backlog it will not take from.
void AcceptLoop::setListening(bool on) {
  if (on == listening_) return;
  for (int fd : listeners_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epoll_, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &ev);
  }
  listening_ = on;
}

void AcceptLoop::pauseAccepting(const char *why) {
  setListening(false);
  auto now = Clock::now();
  resume_at_ = now + options_.backoff;
  if (now - last_warning_ < std::chrono::seconds(5)) return;
  last_warning_ = now;
  std::string limit = budget_.limit() < 0 ? "unlimited" : std::to_string(budget_.limit());
  log_->warn("not accepting for now ({}): {} descriptors open of {}, {} connection(s) waiting for their preface; "
             "new connects wait in the backlog, retrying every {} ms",
             why, budget_.open(), limit, held_.size(), options_.backoff.count());
}

bool AcceptLoop::mayAccept() {
  if (options_.max_connections > 0) {
    auto cap = static_cast<size_t>(options_.max_connections);
    // tracked() bounds live() from above; only count when it could matter.
    if (held_.size() + handed_.tracked() >= cap && held_.size() + handed_.live() >= cap) {
      pauseAccepting("--max-connections reached");
      return false;
    }
  }
  if (!budget_.mayTake()) {
    pauseAccepting("descriptor reserve reached");
    return false;
  }
  return true;
}

void AcceptLoop::acceptFrom(int listener) {
  for (int i = 0; i < kAcceptBatch && listening_; ++i) {
    if (!mayAccept()) return;
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd = ::accept4(listener, reinterpret_cast<sockaddr *>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      int e = errno;
      if (e == EAGAIN || e == EWOULDBLOCK) return;
      if (connectionsOwnError(e)) continue;
      // EMFILE, ENFILE, ENOBUFS, ENOMEM, or anything unforeseen: never give
      // up the listener (gRPC 1.51's mistake); wait and try again.
      pauseAccepting(strerror(e));
      return;
    }
    budget_.took();
    // What gRPC's own listener sets on the sockets it accepts: non-blocking
    // (accept4 above, which gRPC's endpoint requires) and no Nagle delay.
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event ev{};
    // Edge-triggered: each arrival of bytes wakes the loop once, so a client
    // that has sent part of the preface is not polled in a spin.
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.fd = fd;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ::close(fd);
      pauseAccepting(strerror(errno));
      return;
    }
    std::uint64_t seq = next_seq_++;
    held_[fd] = Held{seq, peerName(&addr, len)};
    expiries_.push_back(Expiry{Clock::now() + options_.handshake_timeout, fd, seq});
  }
}

void AcceptLoop::checkHeld(int fd, unsigned events) {
  if (!held_.count(fd)) return;
  char head[kPrefaceSize];
  ssize_t n = ::recv(fd, head, sizeof head, MSG_PEEK | MSG_DONTWAIT);
  int e = errno;
  // The whole preface, or bytes that are not one (gRPC answers those as it
  // answers any broken client): gRPC's from here.
  if (n == static_cast<ssize_t>(kPrefaceSize) || (n > 0 && std::memcmp(head, kPreface, n) != 0))
    return release(fd, true);
  bool gone = n == 0 || (n < 0 && e != EAGAIN && e != EWOULDBLOCK && e != EINTR) ||
              (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR));
  if (gone) release(fd, false);
  // Else part of the preface: the rest wakes the loop again.
}

void AcceptLoop::release(int fd, bool hand) {
  auto it = held_.find(fd);
  if (it == held_.end()) return;
  std::string peer = std::move(it->second.peer);
  held_.erase(it);
  epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  if (!hand) {
    ::close(fd);
    return;
  }
  // Recorded before gRPC owns it: gRPC may close it at once.
  handed_.add(fd, peer);
  log_->debug("connection fd:{} is {}", fd, peer);
  hand_over_(fd);
}

void AcceptLoop::expireHeld() {
  auto now = Clock::now();
  while (!expiries_.empty()) {
    const Expiry &front = expiries_.front();
    auto it = held_.find(front.fd);
    bool stale = it == held_.end() || it->second.seq != front.seq;
    if (!stale && front.at > now) return;
    if (!stale) {
      log_->debug("closed {}: no HTTP/2 preface within the handshake timeout", it->second.peer);
      release(front.fd, false);
    }
    expiries_.pop_front();
  }
}

int AcceptLoop::waitTimeoutMs() const {
  std::optional<Clock::time_point> next;
  if (!expiries_.empty()) next = expiries_.front().at;
  if (!listening_) next = next ? std::min(*next, resume_at_) : resume_at_;
  if (!next) return -1;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

}  // namespace kiln::server
