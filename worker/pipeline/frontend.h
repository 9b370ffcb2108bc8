// The front end of every job: parse and verify Tile IR source, print it,
// and take its canonical digest. MLIR-free on purpose: the client and the
// server call it without compiling a single MLIR header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "worker/ir/frontend_config.h"

namespace kiln {

struct KernelSummary {
  std::string name;
  std::vector<int64_t> grid;
  unsigned line = 0;
};

struct VerifyResult {
  std::vector<Diagnostic> diagnostics;
  std::vector<KernelSummary> kernels;
  bool ok() const { return !hasErrors(diagnostics); }
};

struct DigestResult {
  std::string digest;  // 64 lowercase hex digits; empty on failure
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !digest.empty(); }
};

enum class PrintForm { kCustom, kGeneric };

struct PrintResult {
  std::string text;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !hasErrors(diagnostics); }
};

/// Parses and verifies every rule of shared/spec/tile-ir.md.
VerifyResult verifySource(const SourceFile &source, const FrontendConfig &config = {});

/// The canonical digest (contract in worker/ir/canonical_digest.h).
DigestResult digestSource(const SourceFile &source, const FrontendConfig &config = {});

/// The verified module printed again, without locations.
PrintResult printSource(const SourceFile &source, PrintForm form,
                        const FrontendConfig &config = {});

/// The version tag hashed into every IR digest.
const char *irDigestVersion();

}  // namespace kiln
