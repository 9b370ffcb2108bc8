// Runs every example's cubin on the GPU -- from both paths -- with seeded
// random inputs, and compares every output buffer with the CPU reference
// executor on the same inputs. Skips, saying why, where no GPU is present.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>

#include "tests/gpu/cuda_driver.h"
#include "tests/support/test_files.h"
#include "worker/backends/nvidia/nvidia_compile.h"
#include "worker/plan/nvidia_targets.h"
#include "worker/reference/float_formats.h"
#include "worker/reference/reference_executor.h"

namespace kiln {
namespace {

using reference::ElementType;
using reference::HostTensor;

/// "memref<256x64xf32>" -> a zeroed tensor of that shape and type.
HostTensor tensorFor(const std::string &type) {
  std::smatch m;
  std::regex pattern(R"(memref<([0-9x]+)x(f32|f16|bf16|i32)>)");
  EXPECT_TRUE(std::regex_match(type, m, pattern)) << type;
  HostTensor t;
  std::string dims = m[1];
  for (size_t at = 0; at < dims.size();) {
    size_t x = dims.find('x', at);
    t.shape.push_back(std::stoll(dims.substr(at, x - at)));
    at = x == std::string::npos ? dims.size() : x + 1;
  }
  std::string element = m[2];
  t.type = element == "f32" ? ElementType::kF32 : element == "f16" ? ElementType::kF16
           : element == "bf16" ? ElementType::kBF16 : ElementType::kI32;
  int64_t count = 1;
  for (int64_t d : t.shape) count *= d;
  t.bytes.assign(count * reference::elementSize(t.type), 0);
  return t;
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

float valueAt(const HostTensor &t, size_t i) {
  switch (t.type) {
    case ElementType::kF32: { float v; std::memcpy(&v, &t.bytes[4 * i], 4); return v; }
    case ElementType::kI32: { int32_t v; std::memcpy(&v, &t.bytes[4 * i], 4); return static_cast<float>(v); }
    case ElementType::kF16: { uint16_t v; std::memcpy(&v, &t.bytes[2 * i], 2); return reference::halfToFloat(v); }
    case ElementType::kBF16: { uint16_t v; std::memcpy(&v, &t.bytes[2 * i], 2); return reference::bfloat16ToFloat(v); }
  }
  return 0;
}

/// GPU and CPU agree up to a few ulps of libm differences (expf, rsqrtf)
/// propagated through the kernel; integers agree exactly.
void expectClose(const HostTensor &gpu, const HostTensor &cpu, const std::string &what) {
  double rel = cpu.type == ElementType::kF32 ? 1e-4 : cpu.type == ElementType::kI32 ? 0 : 1e-2;
  double abs = cpu.type == ElementType::kF32 ? 1e-5 : cpu.type == ElementType::kI32 ? 0 : 1e-3;
  size_t count = cpu.bytes.size() / reference::elementSize(cpu.type), bad = 0;
  for (size_t i = 0; i < count && bad < 5; ++i) {
    float g = valueAt(gpu, i), c = valueAt(cpu, i);
    if (std::isnan(c) && std::isnan(g)) continue;
    if (std::fabs(g - c) <= abs + rel * std::fabs(c)) continue;
    ADD_FAILURE() << what << "[" << i << "]: gpu " << g << " vs reference " << c;
    ++bad;
  }
}

/// The newest arch kiln targets that the device can run.
std::string archFor(const std::string &device) {
  std::string best = "sm_75";
  int have = std::stoi(device.substr(3));
  for (const std::string &arch : plan::nvidiaTargetNames())
    if (std::stoi(arch.substr(3)) <= have && std::stoi(arch.substr(3)) >= std::stoi(best.substr(3))) best = arch;
  return best;
}

class GpuNumericsTest : public ::testing::TestWithParam<std::tuple<std::filesystem::path, CompilePath>> {};

TEST_P(GpuNumericsTest, MatchesTheCpuReference) {
  std::string why;
  test::CudaDriver *cuda = test::CudaDriver::open(why);
  if (!cuda) GTEST_SKIP() << "GPU numerics need an NVIDIA GPU: " << why;
  auto [file, via] = GetParam();
  std::string text = test::readFile(file);
  CompileRequest request;
  request.source = {file.filename().string(), text};
  request.target = archFor(cuda->arch);
  request.via = via;
  request.emit = {Emit::kCubin};
  static const nvidia::Toolchains env = nvidia::Toolchains::discover({});
  CompileResult compiled = nvidia::compile(request, env);
  ASSERT_TRUE(compiled.ok()) << formatHeadline(compiled.diagnostics.at(0));
  std::string cubin, launch;
  for (const Artifact &a : compiled.artifacts) {
    if (a.kind == "cubin") cubin = a.bytes;
    if (a.kind == "launch") launch = a.bytes;
  }
  CUmodule module;
  ASSERT_EQ(cuda->cuModuleLoadData(&module, cubin.data()), CUDA_SUCCESS);
  std::mt19937 rng(1234);
  for (const auto &kernel : nlohmann::json::parse(launch)["kernels"]) {
    std::vector<HostTensor> tensors;
    std::vector<float> floats;
    std::vector<int32_t> ints;
    std::vector<int64_t> indices;
    for (const auto &param : kernel["params"]) {
      if (param["kind"] == "pointer") tensors.push_back(tensorFor(param["type"]));
    }
    for (HostTensor &t : tensors) fillRandom(t, rng);
    std::vector<HostTensor> expected = tensors;
    std::vector<reference::KernelArg> refArgs;
    std::vector<CUdeviceptr> device(tensors.size());
    std::vector<void *> launchArgs;
    floats.reserve(16); ints.reserve(16); indices.reserve(16);
    size_t next = 0;
    for (const auto &param : kernel["params"]) {
      std::string kind = param["kind"];
      if (kind == "pointer") {
        size_t i = next++;
        ASSERT_EQ(cuda->cuMemAlloc(&device[i], tensors[i].bytes.size()), CUDA_SUCCESS);
        cuda->cuMemcpyHtoD(device[i], tensors[i].bytes.data(), tensors[i].bytes.size());
        refArgs.push_back(&expected[i]);
        launchArgs.push_back(&device[i]);
      } else if (kind == "f32") {
        floats.push_back(0.125f);  // a scale or 1/n: small enough that exp stays finite
        refArgs.push_back(floats.back());
        launchArgs.push_back(&floats.back());
      } else if (kind == "i32") {
        ints.push_back(3);
        refArgs.push_back(ints.back());
        launchArgs.push_back(&ints.back());
      } else {
        indices.push_back(1);
        refArgs.push_back(indices.back());
        launchArgs.push_back(&indices.back());
      }
    }
    std::string name = kernel["name"];
    reference::ReferenceResult ref = reference::runKernel({file.string(), text}, name, refArgs);
    ASSERT_TRUE(ref.ok()) << formatHeadline(ref.diagnostics.at(0));

    CUfunction function;
    ASSERT_EQ(cuda->cuModuleGetFunction(&function, module, name.c_str()), CUDA_SUCCESS);
    unsigned dynamicBytes = kernel["dynamic_shared_bytes"].get<unsigned>();
    if (kernel["needs_shared_opt_in"].get<bool>()) {
      ASSERT_EQ(cuda->cuFuncSetAttribute(function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                         static_cast<int>(dynamicBytes)),
                CUDA_SUCCESS);
    }
    const auto &g = kernel["grid"];
    const auto &b = kernel["block"];
    CUresult launched = cuda->cuLaunchKernel(function, g[0], g[1], g[2], b[0], b[1], b[2], dynamicBytes,
                                             nullptr, launchArgs.data(), nullptr);
    ASSERT_EQ(launched, CUDA_SUCCESS) << cuda->errorText(launched);
    CUresult synced = cuda->cuCtxSynchronize();
    ASSERT_EQ(synced, CUDA_SUCCESS) << cuda->errorText(synced);
    for (size_t i = 0; i < tensors.size(); ++i) {
      HostTensor result = tensors[i];
      cuda->cuMemcpyDtoH(result.bytes.data(), device[i], result.bytes.size());
      cuda->cuMemFree(device[i]);
      expectClose(result, expected[i], name + " buffer " + std::to_string(i));
    }
  }
  cuda->cuModuleUnload(module);
}

INSTANTIATE_TEST_SUITE_P(Examples, GpuNumericsTest,
                         ::testing::Combine(::testing::ValuesIn(test::allExamples()),
                                            ::testing::Values(CompilePath::kBuiltin, CompilePath::kNvcc)),
                         [](const auto &info) {
                           return test::testName(std::get<0>(info.param).stem().string() + "_" +
                                                 compilePathName(std::get<1>(info.param)));
                         });

}  // namespace
}  // namespace kiln
