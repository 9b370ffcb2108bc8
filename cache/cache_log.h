// The cache's logger, "kiln.cache". A host (kilnd) may register its own
// logger under that name first; otherwise it writes to stderr, so that
// `--json` output on stdout stays machine-readable.
#pragma once

#include <spdlog/logger.h>

namespace kiln::cache {

spdlog::logger &cacheLog();

}  // namespace kiln::cache
