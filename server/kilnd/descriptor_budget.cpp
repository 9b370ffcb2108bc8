#include "server/kilnd/descriptor_budget.h"

#include <dirent.h>
#include <sys/resource.h>

#include <algorithm>
#include <limits>

namespace kiln::server {
namespace {

// Entries of /proc/self/fd (counting the one opendir holds: conservative);
// -1 when there is no /proc.
long openDescriptors() {
  DIR *dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  long count = 0;
  while (dirent *entry = readdir(dir))
    if (entry->d_name[0] != '.') ++count;
  closedir(dir);
  return count;
}

}  // namespace

void DescriptorBudget::recount() {
  counted_ = std::chrono::steady_clock::now();
  rlimit limit{};
  long open = openDescriptors();
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY || open < 0) {
    // Nothing to count against: accept4's EMFILE backoff is the only guard.
    limit_ = -1;
    open_ = open;
    remaining_ = std::numeric_limits<long>::max();
    return;
  }
  limit_ = static_cast<long>(std::min<rlim_t>(limit.rlim_cur, std::numeric_limits<long>::max()));
  open_ = open;
  long reserve = std::min<long>(reserve_, limit_ / 2);
  remaining_ = limit_ - open_ - reserve;
}

bool DescriptorBudget::mayTake() {
  if (remaining_ <= 0 || std::chrono::steady_clock::now() - counted_ > std::chrono::milliseconds(100)) recount();
  return remaining_ > 0;
}

}  // namespace kiln::server
