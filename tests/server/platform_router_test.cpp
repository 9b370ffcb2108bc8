// The router alone: equal requirements share a platform key, and any
// difference, however it is spelled, gives another.
#include "server/scheduler/platform_router.h"

#include <gtest/gtest.h>

namespace kiln::server {
namespace {

JobRequirements cubinOnSm90() {
  JobRequirements r;
  r.target = "sm_90";
  r.tools = {{"llvm", "16"}, {"libdevice", "sha256:bb"}, {"ptxas", "ptxas 13.0 sha256:aa"}};
  r.settings = {{"block_threads", "256"}};
  r.lowering = "nvidia-lowering-3";
  return r;
}

TEST(PlatformRouter, EqualRequirementsShareAKey) {
  PlatformKey a = PlatformRouter::route(cubinOnSm90()), b = PlatformRouter::route(cubinOnSm90());
  EXPECT_EQ(a, b);
  EXPECT_EQ(PlatformKeyHash{}(a), PlatformKeyHash{}(b));
}

TEST(PlatformRouter, EveryFieldSeparatesPlatforms) {
  const PlatformKey base = PlatformRouter::route(cubinOnSm90());
  std::vector<JobRequirements> variants(6, cubinOnSm90());
  variants[0].target = "sm_80";
  variants[1].tools["ptxas"] = "ptxas 12.9 sha256:dd";  // same tool, other identity
  variants[2].tools.erase("ptxas");                      // a PTX-only job
  variants[3].settings["block_threads"] = "128";
  variants[4].settings["max_registers"] = "64";
  variants[5].lowering = "nvidia-lowering-4";
  for (std::size_t i = 0; i < variants.size(); ++i) {
    PlatformKey key = PlatformRouter::route(variants[i]);
    EXPECT_FALSE(key == base) << "variant " << i;
    for (std::size_t j = 0; j < i; ++j) EXPECT_FALSE(key == PlatformRouter::route(variants[j])) << i << " vs " << j;
  }
}

TEST(PlatformRouter, NamesCannotRunIntoEachOther) {
  // The same characters split differently between fields must not collide.
  JobRequirements a, b;
  a.target = "sm_90";
  a.tools = {{"ab", "c"}};
  b.target = "sm_90";
  b.tools = {{"a", "bc"}};
  EXPECT_FALSE(PlatformRouter::route(a) == PlatformRouter::route(b));
  JobRequirements c, d;
  c.target = "sm_901:";
  d.target = "sm_90";
  d.tools = {{"", ""}};
  EXPECT_FALSE(PlatformRouter::route(c) == PlatformRouter::route(d));
  JobRequirements e, f;
  e.tools = {{"x", "1"}};
  f.settings = {{"x", "1"}};  // a setting is not a tool
  EXPECT_FALSE(PlatformRouter::route(e) == PlatformRouter::route(f));
}

}  // namespace
}  // namespace kiln::server
