// Compiler-style rendering of kiln::Diagnostic.
#include <gtest/gtest.h>

#include "core/diagnostic.h"

namespace kiln {
namespace {

Diagnostic at(std::string file, unsigned line, unsigned column, std::string message) {
  Diagnostic d;
  d.file = std::move(file);
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  return d;
}

TEST(DiagnosticFormat, HeadlineLeavesOutUnknownParts) {
  EXPECT_EQ(formatHeadline(at("a.mlir", 3, 7, "bad")), "a.mlir:3:7: error: bad");
  EXPECT_EQ(formatHeadline(at("a.mlir", 3, 0, "bad")), "a.mlir:3: error: bad");
  EXPECT_EQ(formatHeadline(at("a.mlir", 0, 0, "bad")), "a.mlir: error: bad");
  Diagnostic tool = at("", 0, 0, "not found");
  tool.tool = "nvcc";
  tool.severity = Severity::kWarning;
  EXPECT_EQ(formatHeadline(tool), "nvcc: warning: not found");
}

TEST(DiagnosticFormat, SnippetPutsCaretUnderColumn) {
  std::string source = "line one\n  %t = tile.bad\nline three\n";
  EXPECT_EQ(formatDiagnostic(at("f", 2, 8, "unknown op"), source),
            "f:2:8: error: unknown op\n    %t = tile.bad\n         ^\n");
}

TEST(DiagnosticFormat, NotesFollowWithTheirOwnSnippets) {
  std::string source = "a\nb\n";
  Diagnostic d = at("f", 2, 1, "use");
  Diagnostic note = at("f", 1, 1, "declared here");
  note.severity = Severity::kNote;
  d.notes.push_back(note);
  EXPECT_EQ(formatDiagnostic(d, source), "f:2:1: error: use\n  b\n  ^\nf:1:1: note: declared here\n  a\n  ^\n");
}

TEST(DiagnosticFormat, NoSnippetForBinaryOrMissingLines) {
  std::string source = std::string("ab\x01\x02", 4) + "\n";
  EXPECT_EQ(formatDiagnostic(at("f", 1, 1, "x"), source), "f:1:1: error: x\n");
  EXPECT_EQ(formatDiagnostic(at("f", 9, 1, "x"), source), "f:9:1: error: x\n");
}

TEST(DiagnosticFormat, HasErrorsIgnoresWarningsAndNotes) {
  Diagnostic warning = at("f", 1, 1, "w");
  warning.severity = Severity::kWarning;
  EXPECT_FALSE(hasErrors({warning}));
  EXPECT_TRUE(hasErrors({warning, at("f", 1, 1, "e")}));
}

}  // namespace
}  // namespace kiln
