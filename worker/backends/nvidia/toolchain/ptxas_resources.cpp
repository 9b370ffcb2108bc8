#include "worker/backends/nvidia/toolchain/ptxas_resources.h"

#include <cctype>
#include <optional>

namespace kiln::nvidia {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The text after "ptxas info    : ", or nothing for other lines.
std::optional<std::string_view> infoText(std::string_view line) {
  if (!startsWith(line, "ptxas info")) return std::nullopt;
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || trim(line.substr(10, colon - 10)).size() != 0) return std::nullopt;
  return trim(line.substr(colon + 1));
}

// 'k' in "... 'k' ...": the first quoted name.
std::string quoted(std::string_view text, size_t from = 0) {
  size_t open = text.find('\'', from);
  if (open == std::string_view::npos) return {};
  size_t close = text.find('\'', open + 1);
  if (close == std::string_view::npos) return {};
  return std::string(text.substr(open + 1, close - open - 1));
}

// Applies "Used 10 registers, used 1 barriers, 4096 bytes smem" or
// "0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads".
void applyCounts(std::string_view text, KernelResources &k) {
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view part = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (startsWith(part, "Used ") || startsWith(part, "used ")) part = part.substr(5);
    uint64_t value = 0;
    size_t digits = 0;
    while (digits < part.size() && digits < 18 && std::isdigit(static_cast<unsigned char>(part[digits])))
      value = value * 10 + static_cast<uint64_t>(part[digits++] - '0');
    if (digits == 0) continue;
    std::string_view what = trim(part.substr(digits));
    if (what == "registers" || what == "register") k.registers = static_cast<unsigned>(value);
    else if (what == "barriers" || what == "barrier") k.barriers = static_cast<unsigned>(value);
    else if (what == "bytes smem") k.shared_bytes = value;
    else if (what == "bytes stack frame") k.stack_frame_bytes = value;
    else if (what == "bytes spill stores") k.spill_store_bytes = value;
    else if (what == "bytes spill loads") k.spill_load_bytes = value;
  }
}

}  // namespace

std::vector<KernelResources> parsePtxasResourceUsage(std::string_view output) {
  std::vector<KernelResources> kernels;
  auto find = [&](const std::string &name) -> KernelResources & {
    for (KernelResources &k : kernels)
      if (k.function == name) return k;
    kernels.push_back(KernelResources{name, {}});
    return kernels.back();
  };
  KernelResources *current = nullptr;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    std::string_view line = output.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) {
      // The indented line under "Function properties for k".
      if (current != nullptr) applyCounts(trim(line), *current);
      continue;
    }
    std::optional<std::string_view> info = infoText(line);
    if (!info) {
      current = nullptr;
      continue;
    }
    if (startsWith(*info, "Compiling entry function ")) {
      // "Compiling entry function 'k' for 'sm_90'"
      std::string name = quoted(*info);
      if (name.empty()) continue;
      current = &find(name);
      size_t for_at = info->find("' for '");
      if (for_at != std::string_view::npos) current->arch = quoted(*info, for_at + 6);
    } else if (startsWith(*info, "Function properties for ")) {
      current = &find(std::string(trim(info->substr(24))));
    } else if (startsWith(*info, "Used ")) {
      if (current != nullptr) applyCounts(*info, *current);
    } else {
      current = nullptr;
    }
  }
  return kernels;
}

}  // namespace kiln::nvidia
