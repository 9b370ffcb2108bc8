// kilnd's target catalog learns from what workers advertise: a hostile or
// broken worker's names are refused as data, and no worker can narrow the
// tools a kind's key names by advertising fewer of them.
#include <gtest/gtest.h>

#include "server/api/target_catalog.h"

namespace kiln::server {
namespace {

CompileRequest cubinFor(const std::string &target) {
  CompileRequest r;
  r.target = target;
  r.emit = {Emit::kCubin};
  return r;
}

TEST(TargetCatalog, KnowsNothingBeforeAnyWorkerAndRefusesNothingThen) {
  TargetCatalog catalog;
  TargetCatalog::Lookup found = catalog.toolsFor(cubinFor("sm_90"));
  EXPECT_TRUE(found.refusal.empty()) << "the scheduler says 'no worker' instead";
  EXPECT_TRUE(found.tools.empty());
}

TEST(TargetCatalog, UnknownTargetsAndKindsNobodyMakesAreRefusedByName) {
  TargetCatalog catalog;
  EXPECT_EQ(catalog.add({"sm_80", "sm_90"}, {{{"sm_80", "sm_90"}, CompilePath::kBuiltin, Emit::kCubin,
                                              {"ptxas", "llvm", "libdevice"}}}),
            "");
  TargetCatalog::Lookup cubin = catalog.toolsFor(cubinFor("sm_90"));
  EXPECT_EQ(cubin.refusal, "");
  EXPECT_EQ(cubin.tools, (std::vector<std::string>{"libdevice", "llvm", "ptxas"}));
  EXPECT_NE(catalog.toolsFor(cubinFor("sm_99")).refusal.find("unknown target 'sm_99'; known: sm_80, sm_90"),
            std::string::npos);
  CompileRequest fatbin = cubinFor("sm_90");
  fatbin.emit = {Emit::kFatbin};
  EXPECT_NE(catalog.toolsFor(fatbin).refusal.find("cannot make fatbin via builtin for sm_90; sm_90 takes cubin via builtin"),
            std::string::npos)
      << catalog.toolsFor(fatbin).refusal;
}

TEST(TargetCatalog, AWorkerAdvertisingFewerToolsCannotNarrowTheKey) {
  TargetCatalog catalog;
  catalog.add({"sm_90"}, {{{"sm_90"}, CompilePath::kBuiltin, Emit::kCubin, {"llvm", "libdevice", "ptxas"}}});
  // Were the empty list taken, cubins of any ptxas would share one key.
  catalog.add({"sm_90"}, {{{"sm_90"}, CompilePath::kBuiltin, Emit::kCubin, {}}});
  EXPECT_EQ(catalog.toolsFor(cubinFor("sm_90")).tools, (std::vector<std::string>{"libdevice", "llvm", "ptxas"}));
}

TEST(TargetCatalog, RoutesOfOneEmitKindForDifferentInputsStayApart) {
  TargetCatalog catalog;
  catalog.add({"sm_90"}, {{{"sm_90"}, CompilePath::kBuiltin, Emit::kCubin, {"llvm", "libdevice", "ptxas"}},
                          {{"sm_90"}, CompilePath::kBuiltin, Emit::kCubin, {"ptxas"}, InputKind::kPtx}});
  CompileRequest ptx = cubinFor("sm_90");
  ptx.input = InputKind::kPtx;
  // A PTX compile's key names ptxas only: it runs neither LLVM nor libdevice.
  EXPECT_EQ(catalog.toolsFor(ptx).tools, (std::vector<std::string>{"ptxas"}));
  EXPECT_EQ(catalog.toolsFor(cubinFor("sm_90")).tools, (std::vector<std::string>{"libdevice", "llvm", "ptxas"}));
  CompileRequest ascendc = cubinFor("sm_90");
  ascendc.input = InputKind::kAscendC;
  EXPECT_NE(catalog.toolsFor(ascendc).refusal.find("cannot make cubin from AscendC C++ via builtin for sm_90; sm_90 "
                                                   "takes cubin via builtin; cubin from PTX via builtin"),
            std::string::npos)
      << catalog.toolsFor(ascendc).refusal;
}

TEST(TargetCatalog, NamesThatAreNotNamesAreLeftOutAndSaidSo) {
  TargetCatalog catalog;
  std::string refused = catalog.add({"../../etc/passwd", "sm_90", std::string(100, 'a'), "SM_90", ""}, {});
  EXPECT_NE(refused.find("not one"), std::string::npos);
  EXPECT_NE(catalog.toolsFor(cubinFor("sm_80")).refusal.find("known: sm_90"), std::string::npos)
      << "only the real name was kept";
  refused = catalog.add({}, {{{"sm_90"}, CompilePath::kBuiltin, Emit::kPtx, {"llvm; rm -rf /"}},
                             {{"sm_90\n"}, CompilePath::kBuiltin, Emit::kCuda, {"llvm"}}});
  EXPECT_NE(refused.find("not one"), std::string::npos);
  CompileRequest ptx = cubinFor("sm_90");
  ptx.emit = {Emit::kPtx};
  EXPECT_NE(catalog.toolsFor(ptx).refusal, "") << "the route with a bad tool name was not taken";
  std::vector<EmitRoute> many;
  for (int i = 0; i < 5000; ++i) many.push_back({{"t" + std::to_string(i)}, CompilePath::kBuiltin, Emit::kPtx, {}});
  EXPECT_NE(catalog.add({}, many), "") << "bounded";
}

}  // namespace
}  // namespace kiln::server
