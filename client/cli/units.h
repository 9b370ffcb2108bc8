// Sizes and durations as operators type them ("10G", "30d") and read them
// ("1.5 MiB").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln::cli {

// "4096", "512K", "10M", "2G", "1T" (binary multiples; a trailing "iB" or
// "B" is accepted). nullopt on anything else or on overflow.
std::optional<std::int64_t> parseSize(std::string_view text);

// "90s", "15m", "12h", "30d" (or a bare number of seconds), in milliseconds.
std::optional<std::int64_t> parseDuration(std::string_view text);

// 1536 -> "1.5 KiB".
std::string formatBytes(std::int64_t bytes);

}  // namespace kiln::cli
