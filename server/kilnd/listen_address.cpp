#include "server/kilnd/listen_address.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kiln::server {
namespace {

// The kernel caps a backlog at net.core.somaxconn; ask for the most it allows,
// since connections kilnd does not take yet (descriptor reserve, connection
// cap) wait there.
constexpr int kBacklog = 65535;

bool isWildcard(const std::string &host) { return host.empty() || host == "0.0.0.0" || host == "::"; }

// One listening socket on `addr`, or -1 with `error` set (errno kept).
int listenOn(const sockaddr *addr, socklen_t len, bool dual_stack, std::string &error) {
  int fd = ::socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    int saved = errno;
    error = std::string("socket: ") + strerror(saved);
    errno = saved;
    return -1;
  }
  int one = 1, zero = 0;
  // A restarted kilnd must bind while its old connections sit in TIME_WAIT.
  // Not SO_REUSEPORT: two kilnds must not silently share a port.
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (addr->sa_family == AF_INET6)
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, dual_stack ? &zero : &one, sizeof one);
  if (::bind(fd, addr, len) != 0 || ::listen(fd, kBacklog) != 0) {
    int saved = errno;
    error = std::string(strerror(saved));
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

int boundPort(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) return 0;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in *>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6 *>(&addr)->sin6_port);
  return 0;
}

void setPort(sockaddr *addr, int port) {
  if (addr->sa_family == AF_INET) reinterpret_cast<sockaddr_in *>(addr)->sin_port = htons(static_cast<uint16_t>(port));
  if (addr->sa_family == AF_INET6) reinterpret_cast<sockaddr_in6 *>(addr)->sin6_port = htons(static_cast<uint16_t>(port));
}

std::optional<TcpListeners> bindWildcard(const std::string &port_text, std::string &error) {
  int port = 0;
  try {
    port = std::stoi(port_text);
  } catch (...) {
    error = "not a port: " + port_text;
    return std::nullopt;
  }
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  v6.sin6_addr = in6addr_any;
  setPort(reinterpret_cast<sockaddr *>(&v6), port);
  int fd = listenOn(reinterpret_cast<sockaddr *>(&v6), sizeof v6, true, error);
  if (fd < 0) {
    if (errno != EAFNOSUPPORT && errno != EADDRNOTAVAIL) return std::nullopt;
    // No IPv6 on this host: IPv4 alone.
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_addr.s_addr = htonl(INADDR_ANY);
    setPort(reinterpret_cast<sockaddr *>(&v4), port);
    fd = listenOn(reinterpret_cast<sockaddr *>(&v4), sizeof v4, false, error);
    if (fd < 0) return std::nullopt;
  }
  return TcpListeners{{fd}, boundPort(fd)};
}

}  // namespace

std::optional<TcpListenAddress> parseTcpListen(std::string_view listen) {
  if (listen.empty()) return std::nullopt;
  TcpListenAddress out;
  if (listen.front() == '[') {
    size_t close = listen.find(']');
    if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':') return std::nullopt;
    out.host = std::string(listen.substr(1, close - 1));
    out.port = std::string(listen.substr(close + 2));
  } else {
    size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    out.host = std::string(listen.substr(0, colon));
    out.port = std::string(listen.substr(colon + 1));
    // "unix:/path", "dns:host:port", a bare IPv6 address: not host:port.
    if (out.host.find(':') != std::string::npos || out.host.find('/') != std::string::npos) return std::nullopt;
  }
  if (out.port.empty() || out.port.size() > 5 || out.port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(out.port) > 65535)
    return std::nullopt;
  return out;
}

std::optional<TcpListeners> bindTcpListeners(const TcpListenAddress &address, std::string &error) {
  if (isWildcard(address.host)) return bindWildcard(address.port, error);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;  // every address, as gRPC binds them; those the host lacks fail and are skipped
  addrinfo *found = nullptr;
  if (int rc = getaddrinfo(address.host.c_str(), address.port.c_str(), &hints, &found); rc != 0) {
    error = "cannot resolve " + address.host + ": " + gai_strerror(rc);
    return std::nullopt;
  }
  TcpListeners out;
  std::string last_error;
  for (addrinfo *ai = found; ai; ai = ai->ai_next) {
    sockaddr_storage addr{};
    std::memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
    if (out.port != 0) setPort(reinterpret_cast<sockaddr *>(&addr), out.port);
    int fd = listenOn(reinterpret_cast<sockaddr *>(&addr), ai->ai_addrlen, false, last_error);
    if (fd < 0) continue;
    out.fds.push_back(fd);
    if (out.port == 0) out.port = boundPort(fd);
  }
  freeaddrinfo(found);
  if (out.fds.empty()) {
    error = last_error.empty() ? "no address" : last_error;
    return std::nullopt;
  }
  return out;
}

std::string peerName(const void *storage, unsigned len) {
  const auto *addr = static_cast<const sockaddr *>(storage);
  char text[INET6_ADDRSTRLEN] = "";
  if (addr->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
    const auto *v4 = static_cast<const sockaddr_in *>(storage);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    return std::string("ipv4:") + text + ":" + std::to_string(ntohs(v4->sin_port));
  }
  if (addr->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    const auto *v6 = static_cast<const sockaddr_in6 *>(storage);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    return std::string("ipv6:[") + text + "]:" + std::to_string(ntohs(v6->sin6_port));
  }
  return "unknown";
}

}  // namespace kiln::server
