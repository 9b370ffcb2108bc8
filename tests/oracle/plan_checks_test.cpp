// The checks about where tiles sit (aliasing, linear-use, capacity,
// alignment) on the smallest plan that breaks each and the nearest one that
// does not, built directly (the front ends have their own tests).
#include <gtest/gtest.h>

#include "tests/oracle/plan_builder.h"

namespace kiln::oracle {
namespace {

using namespace plan_test;

// --- aliasing and linear-use ---------------------------------------------

TEST(AliasingCheck, TwoLiveTilesSharingBytesAreReported) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 256, 16, 16);
  p.op("pto.tsplit", {}, {a, b});  // one op writes both
  p.op("pto.tadd", {a, b}, {b});
  std::vector<Diagnostic> found = checkAliasing(p.done());
  ASSERT_EQ(codes(found), Codes{"[oracle.aliasing]"});
  EXPECT_EQ(found[0].line, 101u);  // at %b, the later tile
  EXPECT_NE(found[0].message.find("'%b' (16x16xf16) and '%a' (16x16xf16) are live at the same time and share "
                                  "bytes 256..511 of ub"),
            std::string::npos)
      << found[0].message;
  ASSERT_EQ(found[0].notes.size(), 1u);
  EXPECT_EQ(found[0].notes[0].line, 100u);
}

TEST(AliasingCheck, DisjointBytesOrDisjointLifetimesAreClean) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 512, 16, 16);
  int c = p.tile("%c", MemorySpace::kUB, 0, 16, 16);  // reuses %a's bytes after %a dies
  int d = p.tile("%d", MemorySpace::kL1, 0, 16, 16);  // same offset, other space
  p.op("pto.tload", {}, {a});
  p.op("pto.tload", {}, {b});
  p.op("pto.tload", {}, {d});
  p.op("pto.tadd", {a, b}, {b});
  p.op("pto.tload", {}, {c});
  p.op("pto.tadd", {b, c}, {c});
  p.op("pto.tstore", {c, d}, {});
  EXPECT_TRUE(checkAliasing(p.done()).empty());
}

TEST(AliasingCheck, InPlaceElementwiseOverTheSameBytesIsClean) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), r = p.tile("%r", MemorySpace::kUB, 0, 16, 16);
  p.op("pto.tload", {}, {a});
  p.op("pto.texp", {a}, {r});
  p.op("pto.tstore", {r}, {});
  EXPECT_TRUE(checkAliasing(p.done()).empty());
  // Partly over the operand is not in place: the vector unit reads ahead.
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kUB, 0, 16, 16), r = q.tile("%r", MemorySpace::kUB, 256, 16, 16);
  q.op("pto.tload", {}, {a});
  q.op("pto.texp", {a}, {r});
  q.op("pto.tstore", {r}, {});
  EXPECT_EQ(codes(checkAliasing(q.done())), Codes{"[oracle.aliasing]"});
}

TEST(LinearUseCheck, ReadAfterAnotherTileReusedTheBytes) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, 0, 16, 16), b = p.tile("%b", MemorySpace::kUB, 0, 16, 16);
  p.op("pto.tload", {}, {a});
  p.op("pto.tload", {}, {b});   // line 2: overwrites %a's bytes
  p.op("pto.tstore", {b}, {});
  p.op("pto.tstore", {a}, {});  // line 4: reads what %b left there
  std::vector<Diagnostic> found = checkAliasing(p.done());
  ASSERT_EQ(codes(found), Codes{"[oracle.linear-use]"});
  EXPECT_EQ(found[0].line, 4u);
  EXPECT_NE(found[0].message.find("pto.tstore reads '%a' (16x16xf16) after pto.tload reused its bytes 0..511 of ub "
                                  "for '%b' (16x16xf16)"),
            std::string::npos)
      << found[0].message;
  ASSERT_EQ(found[0].notes.size(), 2u);
  EXPECT_EQ(found[0].notes[0].line, 2u);
  // Reading %a before %b is loaded is the correct order.
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kUB, 0, 16, 16), b = q.tile("%b", MemorySpace::kUB, 0, 16, 16);
  q.op("pto.tload", {}, {a});
  q.op("pto.tstore", {a}, {});
  q.op("pto.tload", {}, {b});
  q.op("pto.tstore", {b}, {});
  EXPECT_TRUE(checkAliasing(q.done()).empty());
}

TEST(AliasingCheck, UnplacedTilesAreLeftToCapacity) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kUB, -1, 16, 16), b = p.tile("%b", MemorySpace::kUB, -1, 16, 16);
  p.op("pto.tadd", {a, b}, {b});
  EXPECT_TRUE(checkAliasing(p.done()).empty());
}

// --- capacity and alignment ------------------------------------------------

TEST(CapacityCheck, TilePastTheEndOfItsSpace) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kL0A, 64 * 1024 - 512, 16, 32);  // 1 KiB from 63.5 KiB
  p.op("pto.tmatmul", {a, a}, {});
  std::vector<Diagnostic> found = checkSpaces(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.capacity]"});
  EXPECT_NE(found[0].message.find("'%a' (16x32xf16) is placed at bytes 65024..66047, past the 64 KiB of l0a on "
                                  "ascend910b2"),
            std::string::npos)
      << found[0].message;
  PlanBuilder q;
  a = q.tile("%a", MemorySpace::kL0A, 64 * 1024 - 1024, 16, 32);
  q.op("pto.tmatmul", {a, a}, {});
  EXPECT_TRUE(checkSpaces(q.done(), ascend()).empty());
}

TEST(CapacityCheck, UnplacedTilesLiveAtOnceOverTheSpaceNameTheOp) {
  PlanBuilder p;
  std::vector<int> tiles;
  for (int i = 0; i < 7; ++i) tiles.push_back(p.tile("%t" + std::to_string(i), MemorySpace::kUB, -1, 128, 128));  // 32 KiB
  for (int t : tiles) p.op("pto.tload", {}, {t});
  p.op("pto.tadd", tiles, {tiles[0]});  // line 8: 224 KiB live
  std::vector<Diagnostic> found = checkSpaces(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.capacity]"});
  EXPECT_EQ(found[0].line, 7u);  // the seventh load is where the peak starts
  EXPECT_NE(found[0].message.find("at this pto.tload 229376 bytes of ub tiles are live, but ascend910b2 has 192 KiB"),
            std::string::npos)
      << found[0].message;
  EXPECT_EQ(found[0].notes.size(), 4u);
  // Six fit.
  PlanBuilder q;
  tiles.clear();
  for (int i = 0; i < 6; ++i) tiles.push_back(q.tile("%t" + std::to_string(i), MemorySpace::kUB, -1, 128, 128));
  for (int t : tiles) q.op("pto.tload", {}, {t});
  EXPECT_TRUE(checkSpaces(q.done(), ascend()).empty());
}

TEST(CapacityCheck, SharedMemoryOverTheOptInMaximum) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kShared, 160 * 1024, 64, 64, DType::kF32);  // to 176 KiB
  p.op("tile.load", {}, {a});
  EXPECT_EQ(codes(checkSpaces(p.done(), *findDeviceSpec("sm_80"))), Codes{"[oracle.capacity]"});
  EXPECT_TRUE(checkSpaces(p.done(), *findDeviceSpec("sm_90")).empty());
}

TEST(AlignmentCheck, L0AddressesMustBe512ByteAligned) {
  PlanBuilder p;
  int a = p.tile("%a", MemorySpace::kL0A, 256, 16, 16), u = p.tile("%u", MemorySpace::kUB, 256, 16, 16);
  p.op("pto.tmatmul", {a}, {u});
  std::vector<Diagnostic> found = checkSpaces(p.done(), ascend());
  ASSERT_EQ(codes(found), Codes{"[oracle.alignment]"});  // 256 is fine for UB's 32 B
  EXPECT_NE(found[0].message.find("'%a' (16x16xf16) starts at byte 256 of l0a on ascend910b2, which needs 512-byte "
                                  "alignment (the nearest legal addresses are 0 and 512)"),
            std::string::npos)
      << found[0].message;
  PlanBuilder q;
  u = q.tile("%u", MemorySpace::kUB, 48, 16, 16);
  q.op("pto.tload", {}, {u});
  EXPECT_EQ(codes(checkSpaces(q.done(), ascend())), Codes{"[oracle.alignment]"});
}

}  // namespace
}  // namespace kiln::oracle
