#include "client/cli/units.h"

#include <charconv>
#include <cstdio>
#include <limits>

namespace kiln::cli {
namespace {

// Splits "12h" into 12 and "h"; nullopt when there are no leading digits.
std::optional<std::pair<std::int64_t, std::string_view>> splitNumber(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data() || value < 0) return std::nullopt;
  return std::pair{value, text.substr(static_cast<std::size_t>(end - text.data()))};
}

std::optional<std::int64_t> scaled(std::int64_t value, std::int64_t unit) {
  if (value > std::numeric_limits<std::int64_t>::max() / unit) return std::nullopt;
  return value * unit;
}

}  // namespace

std::optional<std::int64_t> parseSize(std::string_view text) {
  auto parts = splitNumber(text);
  if (!parts) return std::nullopt;
  std::string_view suffix = parts->second;
  if (suffix.ends_with("iB")) suffix.remove_suffix(2);
  else if (suffix.ends_with("B")) suffix.remove_suffix(1);
  if (suffix.empty()) return parts->first;
  if (suffix.size() != 1) return std::nullopt;
  switch (suffix[0]) {
    case 'K': case 'k': return scaled(parts->first, 1LL << 10);
    case 'M': case 'm': return scaled(parts->first, 1LL << 20);
    case 'G': case 'g': return scaled(parts->first, 1LL << 30);
    case 'T': case 't': return scaled(parts->first, 1LL << 40);
    default: return std::nullopt;
  }
}

std::optional<std::int64_t> parseDuration(std::string_view text) {
  auto parts = splitNumber(text);
  if (!parts) return std::nullopt;
  std::string_view suffix = parts->second;
  if (suffix.empty() || suffix == "s") return scaled(parts->first, 1000);
  if (suffix == "m") return scaled(parts->first, 60 * 1000);
  if (suffix == "h") return scaled(parts->first, 3600 * 1000);
  if (suffix == "d") return scaled(parts->first, 24 * 3600 * 1000LL);
  return std::nullopt;
}

std::string formatBytes(std::int64_t bytes) {
  static constexpr const char *kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char out[32];
  if (unit == 0) std::snprintf(out, sizeof out, "%lld B", static_cast<long long>(bytes));
  else std::snprintf(out, sizeof out, "%.1f %s", value, kUnits[unit]);
  return out;
}

}  // namespace kiln::cli
