#include "cache/cache_log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace kiln::cache {

spdlog::logger &cacheLog() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    if (auto existing = spdlog::get("kiln.cache")) return existing;
    try {
      return spdlog::stderr_color_mt("kiln.cache");
    } catch (const spdlog::spdlog_ex &) {  // registered by another thread meanwhile
      return spdlog::get("kiln.cache");
    }
  }();
  return *logger;
}

}  // namespace kiln::cache
