#include "worker/oracle/checks/plan_findings.h"

namespace kiln::oracle {

Diagnostic locatedAt(const plan::SourceLoc &loc, Severity severity, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.file = loc.file;
  d.line = loc.line;
  d.column = loc.column;
  d.message = std::move(message);
  d.tool = "kiln-oracle";
  return d;
}

Diagnostic finding(const plan::SourceLoc &loc, Severity severity, const std::string &code,
                   const std::string &message) {
  return locatedAt(loc, severity, "[" + code + "] " + message);
}

Diagnostic noteAt(const plan::SourceLoc &loc, std::string message) {
  return locatedAt(loc, Severity::kNote, std::move(message));
}

std::string tileShape(const plan::Buffer &buffer) {
  return std::to_string(buffer.rows) + "x" + std::to_string(buffer.cols) + "x" + plan::dtypeName(buffer.dtype);
}

std::string tileName(const plan::Buffer &buffer) {
  if (!buffer.name.empty()) return "'" + buffer.name + "' (" + tileShape(buffer) + ")";
  std::string from = buffer.defined_by.empty() ? "" : " from " + buffer.defined_by;
  return "the " + tileShape(buffer) + " tile" + from;
}

std::string byteRange(int64_t offset, int64_t bytes) {
  // A hostile plan may place a tile near INT64_MAX; say so rather than wrap.
  int64_t last = 0;
  if (__builtin_add_overflow(offset, bytes - 1, &last)) return "bytes " + std::to_string(offset) + " and beyond";
  return "bytes " + std::to_string(offset) + ".." + std::to_string(last);
}

std::string sizeText(int64_t bytes) {
  if (bytes > 0 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

void FindingSink::add(Diagnostic d) {
  if (added_ < limit_) {
    out_.push_back(std::move(d));
    ++added_;
  } else {
    ++dropped_;
  }
}

FindingSink::~FindingSink() {
  if (dropped_ == 0) return;
  Diagnostic d;
  d.severity = Severity::kRemark;
  d.message = "[" + code_ + "] " + std::to_string(dropped_) + " more findings of this kind were left out";
  d.tool = "kiln-oracle";
  out_.push_back(std::move(d));
}

}  // namespace kiln::oracle
