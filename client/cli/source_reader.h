// Reads a source file named on the command line ("-" is standard input).
#pragma once

#include <optional>
#include <string>

#include "worker/pipeline/frontend.h"

namespace kiln::cli {

/// The file's contents, or a Diagnostic saying why it could not be read.
/// Files over `max_bytes` are refused before they are read.
struct ReadResult {
  std::optional<SourceFile> source;
  Diagnostic error;
};

ReadResult readSource(const std::string &path, size_t max_bytes);

}  // namespace kiln::cli
