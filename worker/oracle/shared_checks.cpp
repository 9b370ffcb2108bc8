#include "worker/oracle/shared_checks.h"

#include <map>

namespace kiln::oracle {
namespace {

Diagnostic at(const SourceLoc &loc, Severity severity, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.file = loc.file;
  d.line = loc.line;
  d.column = loc.column;
  d.message = std::move(message);
  d.tool = "kiln-oracle";
  return d;
}

}  // namespace

std::vector<Diagnostic> checkConstantBounds(const EntryPlan &entry) {
  std::map<std::string, const SharedArray *> arrays;
  for (const SharedArray &array : entry.arrays) arrays[array.name] = &array;
  std::vector<Diagnostic> out;
  for (const SharedAccess &access : entry.accesses) {
    auto it = arrays.find(access.symbol);
    if (it == arrays.end() || it->second->dynamic) continue;  // dynamic: sized at launch
    const SharedArray &array = *it->second;
    std::int64_t first = access.offset, last = access.offset + access.width - 1;
    if (first >= 0 && last < array.size) continue;
    Diagnostic d = at(access.loc, Severity::kError,
                      "[oracle.constant-oob] " + access.text + " " + (access.store ? "writes" : "reads") + " bytes " +
                          std::to_string(first) + ".." + std::to_string(last) + " of '" + array.name + "', which has " +
                          std::to_string(array.size) + " bytes (in entry '" + entry.name + "')");
    d.notes.push_back(at(array.loc, Severity::kNote,
                         "'" + array.name + "' is declared here with " + std::to_string(array.size) + " bytes"));
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Diagnostic> checkCapacity(const EntryPlan &entry, const CheckLimits &limits) {
  std::int64_t total = 0;
  for (const SharedArray &array : entry.arrays) total += array.size;
  std::vector<Diagnostic> out;
  auto notes = [&](Diagnostic &d) {
    for (const SharedArray &array : entry.arrays)
      if (!array.dynamic)
        d.notes.push_back(at(array.loc, Severity::kNote,
                             "'" + array.name + "' takes " + std::to_string(array.size) + " bytes"));
  };
  if (total > limits.static_shared_limit) {
    Diagnostic d = at(entry.loc, Severity::kError,
                      "[oracle.capacity] entry '" + entry.name + "' declares " + std::to_string(total) +
                          " bytes of static shared memory; the static limit is " +
                          std::to_string(limits.static_shared_limit) +
                          " bytes (48 KiB) per block; move the excess to dynamic shared memory with the opt-in");
    notes(d);
    out.push_back(std::move(d));
  } else if (limits.max_shared_per_block > 0 && total > limits.max_shared_per_block) {
    Diagnostic d = at(entry.loc, Severity::kError,
                      "[oracle.capacity] entry '" + entry.name + "' needs " + std::to_string(total) +
                          " bytes of shared memory; " + limits.target + " allows at most " +
                          std::to_string(limits.max_shared_per_block) + " per block");
    notes(d);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace kiln::oracle
