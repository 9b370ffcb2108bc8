#include "worker/backends/ascend/lower/ascendc/runner/host_tensors.h"

#include <cmath>
#include <cstring>
#include <regex>

#include "worker/reference/float_formats.h"

namespace kiln::ascend::lower {

using reference::ElementType;
using reference::HostTensor;

bool tensorForType(const std::string &type, HostTensor &t) {
  std::smatch m;
  static const std::regex pattern(R"(memref<([0-9x]+)x(f32|f16|bf16|i32)>)");
  if (!std::regex_match(type, m, pattern)) return false;
  t = HostTensor{};
  std::string dims = m[1];
  for (size_t at = 0; at < dims.size();) {
    size_t x = dims.find('x', at);
    t.shape.push_back(std::stoll(dims.substr(at, x - at)));
    at = x == std::string::npos ? dims.size() : x + 1;
  }
  std::string element = m[2];
  t.type = element == "f32"    ? ElementType::kF32
           : element == "f16"  ? ElementType::kF16
           : element == "bf16" ? ElementType::kBF16
                               : ElementType::kI32;
  int64_t count = 1;
  for (int64_t d : t.shape) count *= d;
  t.bytes.assign(count * reference::elementSize(t.type), 0);
  return true;
}

void fillRandom(HostTensor &t, std::mt19937 &rng) {
  std::uniform_real_distribution<float> real(-1.0f, 1.0f);
  std::uniform_int_distribution<int32_t> integer(-100, 100);
  size_t count = t.bytes.size() / reference::elementSize(t.type);
  for (size_t i = 0; i < count; ++i) {
    switch (t.type) {
      case ElementType::kF32: { float v = real(rng); std::memcpy(&t.bytes[4 * i], &v, 4); break; }
      case ElementType::kI32: { int32_t v = integer(rng); std::memcpy(&t.bytes[4 * i], &v, 4); break; }
      case ElementType::kF16: { uint16_t v = reference::floatToHalf(real(rng)); std::memcpy(&t.bytes[2 * i], &v, 2); break; }
      case ElementType::kBF16: { uint16_t v = reference::floatToBFloat16(real(rng)); std::memcpy(&t.bytes[2 * i], &v, 2); break; }
    }
  }
}

float elementValue(const HostTensor &t, size_t i) {
  switch (t.type) {
    case ElementType::kF32: { float v; std::memcpy(&v, &t.bytes[4 * i], 4); return v; }
    case ElementType::kI32: { int32_t v; std::memcpy(&v, &t.bytes[4 * i], 4); return static_cast<float>(v); }
    case ElementType::kF16: { uint16_t v; std::memcpy(&v, &t.bytes[2 * i], 2); return reference::halfToFloat(v); }
    case ElementType::kBF16: { uint16_t v; std::memcpy(&v, &t.bytes[2 * i], 2); return reference::bfloat16ToFloat(v); }
  }
  return 0;
}

Comparison compareTensors(const HostTensor &got, const HostTensor &want) {
  double rel = want.type == ElementType::kF32 ? 1e-4 : want.type == ElementType::kI32 ? 0 : 1e-2;
  double abs = want.type == ElementType::kF32 ? 1e-5 : want.type == ElementType::kI32 ? 0 : 1e-3;
  Comparison c;
  size_t count = want.bytes.size() / reference::elementSize(want.type);
  if (got.bytes.size() != want.bytes.size()) {
    c.mismatches = count;
    c.max_error = INFINITY;
    return c;
  }
  for (size_t i = 0; i < count; ++i) {
    if (want.type == ElementType::kI32) {  // exact, compared as integers
      int32_t g, w;
      std::memcpy(&g, &got.bytes[4 * i], 4);
      std::memcpy(&w, &want.bytes[4 * i], 4);
      double e = std::fabs(static_cast<double>(g) - static_cast<double>(w));
      c.max_error = std::max(c.max_error, e);
      c.mismatches += g != w;
      continue;
    }
    float g = elementValue(got, i), w = elementValue(want, i);
    if (std::isnan(g) && std::isnan(w)) continue;
    double e = std::isnan(g) || std::isnan(w) ? INFINITY : std::fabs(static_cast<double>(g) - w);
    c.max_error = std::max(c.max_error, e);
    if (!(e <= abs + rel * std::fabs(w))) ++c.mismatches;
  }
  return c;
}

}  // namespace kiln::ascend::lower
