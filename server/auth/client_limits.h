// Compiles in flight per client, so one client cannot take every slot of
// the server's thread pool.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace kiln::server {

class ClientLimits {
 public:
  explicit ClientLimits(int max_in_flight) : max_(max_in_flight) {}

  // Holds one of `client`'s in-flight places while it lives.
  class Slot {
   public:
    Slot(ClientLimits *owner, std::string client) : owner_(owner), client_(std::move(client)) {}
    Slot(Slot &&other) noexcept : owner_(std::exchange(other.owner_, nullptr)), client_(std::move(other.client_)) {}
    Slot &operator=(Slot &&) = delete;
    ~Slot();

   private:
    ClientLimits *owner_;
    std::string client_;
  };

  // Nothing when `client` already has max_in_flight calls running.
  std::optional<Slot> acquire(const std::string &client);
  int limit() const { return max_; }

 private:
  std::mutex mutex_;
  std::map<std::string, int> in_flight_;
  int max_;
};

}  // namespace kiln::server
