#include "tests/reference/reference_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "tests/support/test_files.h"
#include "worker/reference/float_formats.h"

namespace kiln::reference::test {

SourceFile exampleSource(const std::string &stem) {
  for (const auto &path : kiln::test::allExamples())
    if (path.stem() == stem) return {path.filename().string(), kiln::test::readFile(path)};
  ADD_FAILURE() << "example " << stem << ".mlir not found";
  return {};
}

std::vector<std::string> exampleStems() {
  std::vector<std::string> stems;
  for (const auto &path : kiln::test::allExamples()) stems.push_back(path.stem().string());
  return stems;
}

std::vector<float> randomFloats(size_t count, uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::vector<float> out(count);
  // Built from raw 32-bit draws, so the values do not depend on how a
  // standard library implements its distributions.
  for (float &v : out) v = lo + (hi - lo) * static_cast<float>(rng() >> 8) * 0x1.0p-24f;
  return out;
}

std::vector<int32_t> randomInts(size_t count, uint32_t seed, int32_t lo, int32_t hi) {
  std::mt19937 rng(seed);
  std::vector<int32_t> out(count);
  uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
  for (int32_t &v : out) {
    uint64_t draw = (static_cast<uint64_t>(rng()) << 32) | rng();
    v = static_cast<int32_t>(lo + static_cast<int64_t>(draw % span));
  }
  return out;
}

HostTensor floatTensor(ElementType type, std::vector<int64_t> shape, const std::vector<float> &values) {
  HostTensor t{type, std::move(shape), {}};
  for (float v : values) {
    if (type == ElementType::kF32) {
      uint8_t bytes[4];
      std::memcpy(bytes, &v, 4);
      t.bytes.insert(t.bytes.end(), bytes, bytes + 4);
    } else {
      uint16_t bits = type == ElementType::kF16 ? floatToHalf(v) : floatToBFloat16(v);
      t.bytes.push_back(static_cast<uint8_t>(bits & 0xFF));
      t.bytes.push_back(static_cast<uint8_t>(bits >> 8));
    }
  }
  return t;
}

HostTensor intTensor(std::vector<int64_t> shape, const std::vector<int32_t> &values) {
  HostTensor t{ElementType::kI32, std::move(shape), {}};
  for (int32_t v : values) {
    auto u = static_cast<uint32_t>(v);
    for (int b = 0; b < 4; ++b) t.bytes.push_back(static_cast<uint8_t>(u >> (8 * b)));
  }
  return t;
}

HostTensor poisonedTensor(ElementType type, std::vector<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  size_t size = type == ElementType::kF16 || type == ElementType::kBF16 ? 2 : 4;
  // 0xFF bytes: a NaN in every float format, -1 as an i32.
  return HostTensor{type, std::move(shape), std::vector<uint8_t>(count * size, 0xFF)};
}

std::vector<float> floatsOf(const HostTensor &tensor) {
  std::vector<float> out;
  if (tensor.type == ElementType::kF32) {
    out.resize(tensor.bytes.size() / 4);
    std::memcpy(out.data(), tensor.bytes.data(), out.size() * 4);
    return out;
  }
  for (size_t k = 0; k + 1 < tensor.bytes.size(); k += 2) {
    uint16_t bits = static_cast<uint16_t>(tensor.bytes[k] | (tensor.bytes[k + 1] << 8));
    out.push_back(tensor.type == ElementType::kF16 ? halfToFloat(bits) : bfloat16ToFloat(bits));
  }
  return out;
}

std::vector<int32_t> intsOf(const HostTensor &tensor) {
  std::vector<int32_t> out;
  for (size_t k = 0; k + 3 < tensor.bytes.size(); k += 4) {
    uint32_t u = 0;
    for (int b = 0; b < 4; ++b) u |= static_cast<uint32_t>(tensor.bytes[k + b]) << (8 * b);
    out.push_back(static_cast<int32_t>(u));
  }
  return out;
}

std::string describe(const std::vector<Diagnostic> &diagnostics) {
  std::string out;
  for (const Diagnostic &d : diagnostics) {
    out += formatHeadline(d) + "\n";
    for (const Diagnostic &note : d.notes) out += "  " + formatHeadline(note) + "\n";
  }
  return out.empty() ? "(no diagnostics)" : out;
}

Position positionOf(const std::string &text, const std::string &needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) {
    ADD_FAILURE() << "'" << needle << "' is not in the test kernel";
    return {};
  }
  Position p{1, 1};
  for (size_t k = 0; k < at; ++k) {
    if (text[k] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

bool close(double got, double want, double rel) {
  return std::fabs(got - want) <= rel * std::max(std::fabs(want), 1.0);
}

}  // namespace kiln::reference::test
