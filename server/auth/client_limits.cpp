#include "server/auth/client_limits.h"

namespace kiln::server {

ClientLimits::Slot::~Slot() {
  if (!owner_) return;
  std::lock_guard lock(owner_->mutex_);
  if (--owner_->in_flight_[client_] == 0) owner_->in_flight_.erase(client_);
}

std::optional<ClientLimits::Slot> ClientLimits::acquire(const std::string &client) {
  std::lock_guard lock(mutex_);
  int &count = in_flight_[client];
  if (max_ > 0 && count >= max_) return std::nullopt;
  ++count;
  return Slot(this, client);
}

}  // namespace kiln::server
