// Building blocks for the oracle's plan checks: located findings with their
// stable code, notes, and how a tile is named in a message.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

/// `file:line:col: <severity>: message`, reported by kiln-oracle: every
/// front end's and check's diagnostics are made here.
Diagnostic locatedAt(const plan::SourceLoc &loc, Severity severity, std::string message);

/// `file:line:col: <severity>: [code] message`, reported by kiln-oracle.
Diagnostic finding(const plan::SourceLoc &loc, Severity severity, const std::string &code,
                   const std::string &message);
Diagnostic noteAt(const plan::SourceLoc &loc, std::string message);

/// "'%ta' (64x64xf32)", or "the 64x64xf32 tile from tile.load" when unnamed.
std::string tileName(const plan::Buffer &buffer);
std::string tileShape(const plan::Buffer &buffer);

/// "bytes 4096..8191" (inclusive, as a reader counts them).
std::string byteRange(int64_t offset, int64_t bytes);

/// "192 KiB" when whole, else "1000 bytes".
std::string sizeText(int64_t bytes);

/// Keeps a hostile plan with millions of problems from producing millions
/// of diagnostics: after `limit` findings of one check, one remark says how
/// many more were left out.
class FindingSink {
 public:
  FindingSink(std::vector<Diagnostic> &out, std::string code, size_t limit = 64)
      : out_(out), code_(std::move(code)), limit_(limit) {}
  ~FindingSink();
  void add(Diagnostic d);

 private:
  std::vector<Diagnostic> &out_;
  std::string code_;
  size_t limit_;
  size_t added_ = 0;
  size_t dropped_ = 0;
};

}  // namespace kiln::oracle
