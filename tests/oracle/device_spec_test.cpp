// The device table against ../shared/spec/device-specs.md, and overrides.
#include <gtest/gtest.h>

#include "worker/oracle/device/device_spec.h"

namespace kiln::oracle {
namespace {

using plan::MemorySpace;
constexpr int64_t KiB = 1024;

TEST(DeviceSpec, EveryTargetOfTheIssueIsKnown) {
  for (const char *name : {"sm_75", "sm_80", "sm_86", "sm_89", "sm_90", "sm_100", "sm_120", "ascend910b2",
                           "ascend910b3", "ascend910c", "ascend310p3", "ascend950"})
    EXPECT_TRUE(findDeviceSpec(name)) << name;
  EXPECT_FALSE(findDeviceSpec("sm_70")) << "CUDA 13 dropped sm_70";
  EXPECT_TRUE(findDeviceSpec("Ascend910B2")) << "SoC names as CANN spells them";
}

TEST(DeviceSpec, NumbersMatchTheSharedFacts) {
  DeviceSpec sm90 = *findDeviceSpec("sm_90");
  EXPECT_EQ(sm90.max_shared_per_block, 232448);
  EXPECT_EQ(sm90.static_shared_limit, 48 * KiB);
  EXPECT_EQ(findDeviceSpec("sm_86")->max_shared_per_block, 99 * KiB);
  DeviceSpec b2 = *findDeviceSpec("ascend910b2");
  EXPECT_TRUE(b2.confirmed);
  EXPECT_EQ(b2.space(MemorySpace::kUB)->capacity, 192 * KiB);
  EXPECT_EQ(b2.space(MemorySpace::kUB)->alignment, 32);
  EXPECT_EQ(b2.space(MemorySpace::kL1)->capacity, 512 * KiB);
  EXPECT_EQ(b2.space(MemorySpace::kL0A)->alignment, 512);
  EXPECT_EQ(b2.space(MemorySpace::kL0B)->capacity, 64 * KiB);
  EXPECT_EQ(b2.space(MemorySpace::kL0C)->capacity, 128 * KiB);
  EXPECT_EQ(b2.space(MemorySpace::kL0C)->alignment, 64);
  EXPECT_EQ(b2.space(MemorySpace::kBias)->capacity, 1 * KiB);
  EXPECT_EQ(b2.space(MemorySpace::kShared), nullptr);
  DeviceSpec p3 = *findDeviceSpec("ascend310p3");
  EXPECT_FALSE(p3.confirmed) << "310P3 comes from secondary sources only";
  EXPECT_EQ(p3.space(MemorySpace::kUB)->capacity, 256 * KiB);
  EXPECT_EQ(p3.space(MemorySpace::kL0C)->capacity, 256 * KiB);
  EXPECT_EQ(findDeviceSpec("ascend910c")->space(MemorySpace::kBias), nullptr) << "its BiasTable size is unknown";
  EXPECT_EQ(findDeviceSpec("ascend950")->space(MemorySpace::kUB)->capacity, 248 * KiB);
}

TEST(DeviceSpec, OverridesReplaceAnyNumberAndRejectUnknownKeys) {
  std::vector<DeviceSpec> specs = {*findDeviceSpec("ascend310p3"), *findDeviceSpec("sm_90")};
  EXPECT_EQ(applyDeviceOverrides(R"({"Ascend310P3": {"ub": 262144, "l0c": 131072, "l1.alignment": 64,
                                      "bias": 2048, "max_matmul_dim": 2048},
                                     "sm_90": {"max_shared_per_block": 100000}, "ascend950": {"ub": 1}})",
                                 specs),
            "");
  EXPECT_EQ(specs[0].space(MemorySpace::kL0C)->capacity, 131072);
  EXPECT_EQ(specs[0].space(MemorySpace::kL1)->alignment, 64);
  EXPECT_EQ(specs[0].space(MemorySpace::kBias)->capacity, 2048);
  EXPECT_EQ(specs[0].tile_rules.max_matmul_dim, 2048);
  EXPECT_EQ(specs[1].max_shared_per_block, 100000);
  EXPECT_EQ(specs[1].space(MemorySpace::kShared)->capacity, 100000) << "one number, two views";
  EXPECT_NE(applyDeviceOverrides(R"({"sm_90": {"shared.colour": 1}})", specs).find("unknown key 'shared.colour'"),
            std::string::npos);
  EXPECT_NE(applyDeviceOverrides(R"({"sm_90": {"static_shared_limit": -1}})", specs).find("must not be negative"),
            std::string::npos);
  EXPECT_NE(applyDeviceOverrides(R"({"sm_90": {"ub.alignment": 0}})", specs).find("at least 1"), std::string::npos);
  EXPECT_NE(applyDeviceOverrides(R"({"sm_90": {"ub": "big"}})", specs).find("must be an integer"), std::string::npos);
  EXPECT_NE(applyDeviceOverrides("[1, 2", specs).find("not a JSON object"), std::string::npos);
  std::string error;
  EXPECT_FALSE(loadDeviceSpec("ascend910b2", "/nonexistent/spec.json", error));
  EXPECT_NE(error.find("cannot read"), std::string::npos);
  EXPECT_FALSE(loadDeviceSpec("gfx90a", "", error));
  EXPECT_NE(error.find("unknown target 'gfx90a'"), std::string::npos);
}

}  // namespace
}  // namespace kiln::oracle
