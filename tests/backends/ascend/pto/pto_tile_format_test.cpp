// The tile_buf formats of plan buffers: pto-isa's rules from the
// DeviceSpec, UB tiles padded to them with the Tile IR shape as the valid
// region, cube tiles refused instead, and the layouts per location and arch.
#include <gtest/gtest.h>

#include "worker/backends/ascend/lower/pto/pto_tile_format.h"

namespace kiln::ascend::lower::pto {
namespace {

using plan::MemorySpace;

PtoTileFormat ub(const std::string &dtype, int64_t bytes, int64_t rows, int64_t cols, const oracle::TileRules &rules = {}) {
  TileFormatResult r = tileFormat(MemorySpace::kUB, dtype, bytes, rows, cols, "a3", rules, "a tile");
  EXPECT_TRUE(r.format.has_value()) << r.problem;
  return r.format.value_or(PtoTileFormat{});
}

TEST(PtoTileFormat, LegalTilesKeepTheirShape) {
  PtoTileFormat f = ub("f32", 4, 32, 128);
  EXPECT_EQ(f.rows, 32);
  EXPECT_EQ(f.cols, 128);
  EXPECT_FALSE(f.padded());
  EXPECT_EQ(f.typeText(),
            "!pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=128, v_row=32, v_col=128, blayout=row_major, "
            "slayout=none_box, fractal=512, pad=0>");
}

TEST(PtoTileFormat, ColumnsAndRowsArePaddedToWholeBlocksAndFractals) {
  struct Case { const char *dtype; int64_t bytes, rows, cols, want_rows, want_cols; };
  for (Case c : {Case{"f32", 4, 32, 1, 32, 8},     // a row maximum: 32 B rows, 1 KiB
                 Case{"f32", 4, 16, 1, 16, 8},     // 512 B exactly
                 Case{"f32", 4, 8, 1, 16, 8},      // 256 B: rows grow to a fractal
                 Case{"f32", 4, 1, 64, 2, 64},     // a bias row of 256 B
                 Case{"f16", 2, 1, 24, 8, 32},     // 48 B rows -> 64 B, then 8 rows make 512 B
                 Case{"i32", 4, 3, 40, 16, 40}}) {  // 160 B rows: 16 of them are 5 fractals
    PtoTileFormat f = ub(c.dtype, c.bytes, c.rows, c.cols);
    EXPECT_EQ(f.rows, c.want_rows) << c.rows << "x" << c.cols << c.dtype;
    EXPECT_EQ(f.cols, c.want_cols) << c.rows << "x" << c.cols << c.dtype;
    EXPECT_EQ(f.valid_rows, c.rows);
    EXPECT_EQ(f.valid_cols, c.cols);
    EXPECT_EQ(f.bytes() % 512, 0);
    EXPECT_EQ(f.cols * c.bytes % 32, 0);
  }
}

TEST(PtoTileFormat, RulesComeFromTheDeviceSpec) {
  oracle::TileRules loose;
  loose.min_tile_bytes = 32;
  loose.tile_bytes_multiple = 32;
  PtoTileFormat f = ub("f32", 4, 8, 1, loose);
  EXPECT_EQ(f.rows, 8);  // 8 x 32 B rows is legal under these rules
  EXPECT_EQ(f.cols, 8);
  oracle::TileRules tight;
  tight.max_tile_bytes = 8 * 1024;
  TileFormatResult r = tileFormat(MemorySpace::kUB, "f32", 4, 32, 128, "a3", tight, "tile.load's result");
  EXPECT_FALSE(r.format);
  EXPECT_EQ(r.problem.rfind("[pto.tile-shape] tile.load's result is a 32x128xf32 tile (16384 B)", 0), 0u) << r.problem;
  EXPECT_NE(r.problem.find("8 KiB"), std::string::npos) << r.problem;
}

TEST(PtoTileFormat, CubeTilesAreNotPadded) {
  TileFormatResult r = tileFormat(MemorySpace::kL1, "f16", 2, 8, 8, "a3", {}, "a tile");
  EXPECT_FALSE(r.format);
  EXPECT_NE(r.problem.find("in mat"), std::string::npos) << r.problem;
  EXPECT_TRUE(tileFormat(MemorySpace::kL0A, "f16", 2, 16, 16, "a3", {}, "").format);
}

TEST(PtoTileFormat, LayoutsFollowTheLocationAndArch) {
  auto format = [](MemorySpace s, const char *arch) {
    return *tileFormat(s, "f16", 2, 32, 32, arch, {}, "").format;
  };
  EXPECT_EQ(format(MemorySpace::kL1, "a3").blayout, "col_major");  // NZ
  EXPECT_EQ(format(MemorySpace::kL1, "a3").slayout, "row_major");
  EXPECT_EQ(format(MemorySpace::kL0A, "a3").blayout, "row_major");  // Zz on A2/A3
  EXPECT_EQ(format(MemorySpace::kL0A, "a5").blayout, "col_major");  // A5's left tiles
  EXPECT_EQ(format(MemorySpace::kL0B, "a5").slayout, "col_major");  // Zn
  EXPECT_EQ(format(MemorySpace::kL0C, "a3").fractal, 1024);         // 16x16 f32
  EXPECT_EQ(std::string(ptoLocation(MemorySpace::kL0C)), "acc");
  EXPECT_EQ(std::string(ptoLocation(MemorySpace::kShared)), "");
}

}  // namespace
}  // namespace kiln::ascend::lower::pto
