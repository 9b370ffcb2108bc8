// mapToSource and the @kiln.loc markers, on hand-written generated text.
#include "worker/backends/ascend/toolchain/kiln_loc_mapping.h"

#include <gtest/gtest.h>

namespace kiln::ascend {
namespace {

Diagnostic at(std::string file, unsigned line, unsigned column, std::string message = "boom") {
  Diagnostic d;
  d.file = std::move(file);
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.tool = "bisheng";
  return d;
}

constexpr const char *kGenerated =
    "#include \"kernel_operator.h\"\n"      // 1
    "    // @kiln.loc add.mlir:7:3\n"       // 2
    "  Add(z, x, y, n);\n"                  // 3
    "  Muls(z, z, 2.0f, n);\n"              // 4
    "// @kiln.loc C:/work/add.mlir:9\n"     // 5: a file with a colon, no column
    "  DataCopy(zGm, z, n);\n"              // 6
    "// @kiln.loc :4:4\n"                   // 7: no file: not a marker
    "// @kiln.loc add.mlir:x:y\n"           // 8: no numbers: not a marker
    "  return;\n";                          // 9

TEST(KilnLocMarkers, AreReadFromTheirOwnLinesOnly) {
  std::vector<KilnLoc> markers = kilnLocMarkers(kGenerated);
  ASSERT_EQ(markers.size(), 2u);
  EXPECT_EQ(markers[0].generated_line, 2u);
  EXPECT_EQ(markers[0].file, "add.mlir");
  EXPECT_EQ(markers[0].line, 7u);
  EXPECT_EQ(markers[0].column, 3u);
  EXPECT_EQ(markers[1].generated_line, 5u);
  EXPECT_EQ(markers[1].file, "C:/work/add.mlir");
  EXPECT_EQ(markers[1].line, 9u);
  EXPECT_EQ(markers[1].column, 0u);
  EXPECT_TRUE(kilnLocMarkers("x = 1; // @kiln.loc a.mlir:1:1\n").empty());
}

TEST(MapToSource, TakesTheLastMarkerAtOrBeforeTheLine) {
  auto out = mapToSource({at("kernel.cpp", 4, 9), at("kernel.cpp", 2, 1), at("kernel.cpp", 9, 3)}, kGenerated);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].file, "add.mlir");
  EXPECT_EQ(out[0].line, 7u);
  EXPECT_EQ(out[0].column, 3u);
  ASSERT_EQ(out[0].notes.size(), 1u);
  EXPECT_EQ(out[0].notes[0].severity, Severity::kNote);
  EXPECT_EQ(out[0].notes[0].file, "kernel.cpp");
  EXPECT_EQ(out[0].notes[0].line, 4u);
  EXPECT_EQ(out[0].notes[0].column, 9u);
  EXPECT_EQ(out[0].notes[0].message, kGeneratedPlaceNote);
  EXPECT_EQ(out[0].notes[0].tool, "bisheng");
  EXPECT_EQ(out[1].line, 7u);  // on the marker line itself
  EXPECT_EQ(out[2].file, "C:/work/add.mlir");
  EXPECT_EQ(out[2].line, 9u);
  EXPECT_EQ(out[2].column, 0u);
}

TEST(MapToSource, KeepsItsOwnPlaceBeforeAnyMarkerOrOutsideTheGeneratedFile) {
  auto out = mapToSource({at("kernel.cpp", 1, 10), at("/cann/include/kernel_operator.h", 4, 1), at("", 0, 0),
                          at("kernel.cpp", 0, 0)},
                         kGenerated);
  EXPECT_EQ(out[0].file, "kernel.cpp");
  EXPECT_EQ(out[0].line, 1u);
  EXPECT_TRUE(out[0].notes.empty());
  EXPECT_EQ(out[1].file, "/cann/include/kernel_operator.h");
  EXPECT_TRUE(out[1].notes.empty());
  EXPECT_EQ(out[2].file, "");
  EXPECT_EQ(out[3].line, 0u);
  EXPECT_TRUE(out[3].notes.empty());
}

TEST(MapToSource, MapsPtoAndNotesAndIsIdempotent) {
  Diagnostic d = at("kernel.pto", 6, 2);
  d.notes.push_back(at("kernel.pto", 3, 1, "see current operation"));
  std::vector<Diagnostic> once = mapToSource({d}, kGenerated);
  ASSERT_EQ(once[0].notes.size(), 2u);
  EXPECT_EQ(once[0].file, "C:/work/add.mlir");
  EXPECT_EQ(once[0].notes[1].file, "add.mlir");
  EXPECT_EQ(once[0].notes[1].line, 7u);
  std::vector<Diagnostic> twice = mapToSource(once, kGenerated);
  ASSERT_EQ(twice[0].notes.size(), 2u);
  EXPECT_EQ(formatDiagnostic(twice[0]), formatDiagnostic(once[0]));
}

TEST(MapToSource, WithoutMarkersNothingChanges) {
  auto out = mapToSource({at("kernel.cpp", 3, 3)}, "int main() {}\n// a comment\n");
  EXPECT_EQ(out[0].file, "kernel.cpp");
  EXPECT_TRUE(out[0].notes.empty());
}

// A client's own AscendC or PTO is written as kernel.cpp / kernel.pto too;
// its diagnostics carry the client's name, and its "markers" are ignored:
// they are the client's words, which may name any file at all.
TEST(RenameToSource, NamesTheClientsFileAndNeverFollowsItsMarkers) {
  Diagnostic d;
  d.file = "kernel.cpp";
  d.line = 3;
  d.column = 5;
  d.message = "use of undeclared identifier";
  Diagnostic note = d;
  note.file = "/cann/include/kernel_operator.h";
  d.notes.push_back(note);
  Diagnostic inner = d;
  inner.notes.clear();
  inner.line = 1;
  d.notes.push_back(inner);
  std::vector<Diagnostic> out = renameToSource({d}, kGeneratedCpp, "vec_add.cpp");
  EXPECT_EQ(out[0].file, "vec_add.cpp");
  EXPECT_EQ(out[0].line, 3u);
  EXPECT_EQ(out[0].column, 5u);
  EXPECT_EQ(out[0].notes[0].file, "/cann/include/kernel_operator.h");
  EXPECT_EQ(out[0].notes[1].file, "vec_add.cpp");
}

}  // namespace
}  // namespace kiln::ascend
