// MLIR-style expectations inside test inputs, checked against what the front
// end reports:
//   // expected-error@+1 {{message text}}     (also @-N, or no offset: this line)
//   // expected-warning@+1 {{message text}}
//   // expected-note@+1 {{message text}}
// and `// -----` lines that split one file into independent inputs.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::test {

struct Chunk {
  std::string text;  // padded with newlines so line numbers match the file
  unsigned first_line = 1;
};

std::vector<Chunk> splitInputFile(const std::string &text);

struct Expectation {
  Severity severity;
  unsigned line;
  std::string message;
};

std::vector<Expectation> parseExpectations(const std::string &text);

/// Empty when every expectation is met by a diagnostic (or a note) on its
/// line containing its text, and every reported error or warning was expected;
/// otherwise a description of each mismatch.
std::string checkExpectations(const std::vector<Expectation> &expected,
                              const std::vector<Diagnostic> &reported);

}  // namespace kiln::test
