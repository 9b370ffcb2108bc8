// The plain-TCP addresses kilnd binds itself (rather than through gRPC's
// listener; accept_loop.h says why): "127.0.0.1:0", "0.0.0.0:7878",
// "[::]:7878", "localhost:7878".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::server {

struct TcpListenAddress {
  std::string host;  // without brackets; "" for the wildcard
  std::string port;  // "0": the kernel picks one
};

// `listen` as host and port when it is "[host]:port" or "host:port"; nothing
// for anything else ("unix:...", another gRPC URI scheme), which stays with
// gRPC's own listener.
std::optional<TcpListenAddress> parseTcpListen(std::string_view listen);

struct TcpListeners {
  std::vector<int> fds;  // listening, non-blocking, close-on-exec
  int port = 0;          // the one port all of them are bound to
};

// Binds and listens on every address `address.host` resolves to
// (getaddrinfo, AI_PASSIVE), all on one port: with port 0 the first bind
// picks it. The wildcard ("0.0.0.0", "::", "") binds dual-stack [::] where
// the host has IPv6, as gRPC's listener does, else 0.0.0.0. Succeeds when
// at least one address is bound; nothing, with `error` set, otherwise.
std::optional<TcpListeners> bindTcpListeners(const TcpListenAddress &address, std::string &error);

// A peer's address as gRPC writes it ("ipv4:127.0.0.1:5000", "ipv6:[::1]:5000").
std::string peerName(const void *sockaddr_storage, unsigned len);

}  // namespace kiln::server
