#include "tests/gpu/cuda_driver.h"

#include <dlfcn.h>

namespace kiln::test {
namespace {

template <typename F>
bool bind(void *library, F &function, const char *symbol) {
  function = reinterpret_cast<F>(dlsym(library, symbol));
  return function != nullptr;
}

}  // namespace

std::string CudaDriver::errorText(CUresult result) const {
  const char *text = nullptr;
  if (cuGetErrorString) cuGetErrorString(result, &text);
  return text ? text : "CUDA error " + std::to_string(static_cast<int>(result));
}

CudaDriver *CudaDriver::open(std::string &why) {
  static CudaDriver *opened = nullptr;
  static std::string failure;
  static bool tried = false;
  if (tried) {
    why = failure;
    return opened;
  }
  tried = true;
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    why = failure = std::string("no NVIDIA driver on this machine (dlopen libcuda.so.1: ") + dlerror() + ")";
    return nullptr;
  }
  static CudaDriver d;
  // The _v2 names are the ABI that cuda.h's macros map the plain names to.
  bool ok = bind(library, d.cuInit, "cuInit") && bind(library, d.cuDeviceGetCount, "cuDeviceGetCount") &&
            bind(library, d.cuDeviceGet, "cuDeviceGet") &&
            bind(library, d.cuDeviceGetAttribute, "cuDeviceGetAttribute") &&
            bind(library, d.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain") &&
            bind(library, d.cuCtxSetCurrent, "cuCtxSetCurrent") &&
            bind(library, d.cuCtxSynchronize, "cuCtxSynchronize") &&
            bind(library, d.cuModuleLoadData, "cuModuleLoadData") &&
            bind(library, d.cuModuleUnload, "cuModuleUnload") &&
            bind(library, d.cuModuleGetFunction, "cuModuleGetFunction") &&
            bind(library, d.cuFuncSetAttribute, "cuFuncSetAttribute") &&
            bind(library, d.cuMemAlloc, "cuMemAlloc_v2") && bind(library, d.cuMemFree, "cuMemFree_v2") &&
            bind(library, d.cuMemcpyHtoD, "cuMemcpyHtoD_v2") && bind(library, d.cuMemcpyDtoH, "cuMemcpyDtoH_v2") &&
            bind(library, d.cuLaunchKernel, "cuLaunchKernel") &&
            bind(library, d.cuGetErrorString, "cuGetErrorString");
  if (!ok) {
    why = failure = "libcuda.so.1 lacks a driver API function kiln's GPU tests use";
    return nullptr;
  }
  int count = 0;
  if (CUresult r = d.cuInit(0); r != CUDA_SUCCESS) {
    why = failure = "cuInit failed: " + d.errorText(r);
    return nullptr;
  }
  if (d.cuDeviceGetCount(&count) != CUDA_SUCCESS || count == 0) {
    why = failure = "the NVIDIA driver reports no CUDA device";
    return nullptr;
  }
  int major = 0, minor = 0;
  d.cuDeviceGet(&d.device, 0);
  d.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d.device);
  d.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d.device);
  d.arch = "sm_" + std::to_string(major) + std::to_string(minor);
  if (CUresult r = d.cuDevicePrimaryCtxRetain(&d.context, d.device); r != CUDA_SUCCESS) {
    why = failure = "cannot create a context: " + d.errorText(r);
    return nullptr;
  }
  d.cuCtxSetCurrent(d.context);
  opened = &d;
  return opened;
}

}  // namespace kiln::test
