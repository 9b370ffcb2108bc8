// The normal form two PTX texts share when they are the same program with
// the same positions: what kiln keys a PTX compile on, so that a producer
// that reformats its comments (Triton's "// begin inline asm") still hits.
//
// Sound by construction: comments become spaces (their newlines stay) and
// trailing blanks and CRs at line ends go. Every token keeps its line and
// column, so a cached result's located diagnostics are right for every text
// with this normal form, and ptxas (which ignores comments and blanks) makes
// the same cubin from each. Nothing inside a line moves: indentation, a tab
// for a space or blank lines would change where tokens are, so they stay.
// String literals (.file "a//b.cu") are copied as they are.
#pragma once

#include <string>
#include <string_view>

namespace kiln::oracle {

std::string ptxNormalForm(std::string_view text);

}  // namespace kiln::oracle
