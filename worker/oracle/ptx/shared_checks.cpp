#include "worker/oracle/ptx/shared_checks.h"

#include <map>

#include "worker/oracle/checks/plan_findings.h"

namespace kiln::oracle {

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
    Diagnostic d = locatedAt(access.loc, Severity::kError,
                      "[oracle.constant-oob] " + access.text + " " + (access.store ? "writes" : "reads") + " bytes " +
                          std::to_string(first) + ".." + std::to_string(last) + " of '" + array.name + "', which has " +
                          std::to_string(array.size) + " bytes (in entry '" + entry.name + "')");
    d.notes.push_back(locatedAt(array.loc, Severity::kNote,
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
        d.notes.push_back(locatedAt(array.loc, Severity::kNote,
                             "'" + array.name + "' takes " + std::to_string(array.size) + " bytes"));
  };
  if (total > limits.static_shared_limit) {
    Diagnostic d = locatedAt(entry.loc, Severity::kError,
                      "[oracle.capacity] entry '" + entry.name + "' declares " + std::to_string(total) +
                          " bytes of static shared memory; the static limit is " +
                          std::to_string(limits.static_shared_limit) +
                          " bytes (48 KiB) per block; move the excess to dynamic shared memory with the opt-in");
    notes(d);
    out.push_back(std::move(d));
  } else if (limits.max_shared_per_block > 0 && total > limits.max_shared_per_block) {
    Diagnostic d = locatedAt(entry.loc, Severity::kError,
                      "[oracle.capacity] entry '" + entry.name + "' needs " + std::to_string(total) +
                          " bytes of shared memory; " + limits.target + " allows at most " +
                          std::to_string(limits.max_shared_per_block) + " per block");
    notes(d);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Diagnostic> checkBarriers(const EntryPlan &entry) {
  std::vector<Diagnostic> out;
  // The stores since the last barrier, by array: a load meets only those.
  std::map<std::string, std::vector<const SharedAccess *>> phase;
  std::size_t nextBarrier = 0;
  for (std::size_t i = 0; i < entry.accesses.size() && out.size() < 64; ++i) {
    while (nextBarrier < entry.barriers.size() && entry.barriers[nextBarrier].after <= i) {
      phase.clear();
      ++nextBarrier;
    }
    const SharedAccess &access = entry.accesses[i];
    if (access.store) {
      phase[access.symbol].push_back(&access);
      continue;
    }
    auto stores = phase.find(access.symbol);
    if (stores == phase.end()) continue;
    for (const SharedAccess *store : stores->second) {
      if (store->offset + store->width <= access.offset || access.offset + access.width <= store->offset) continue;
      Diagnostic d = locatedAt(access.loc, Severity::kWarning,
                        "[oracle.missing-barrier] " + access.text + " reads bytes of '" + access.symbol + "' that " +
                            store->text + " wrote with no bar.sync in between; every thread uses this address, "
                            "so a thread may read it before the writing thread has written it");
      d.notes.push_back(locatedAt(store->loc, Severity::kNote, "written here"));
      out.push_back(std::move(d));
      break;
    }
  }
  return out;
}

std::vector<Diagnostic> checkDeadArrays(const EntryPlan &entry) {
  std::vector<Diagnostic> out;
  for (const SharedArray &array : entry.arrays) {
    if (array.dynamic) continue;
    int stores = 0, loads = 0;
    const SharedAccess *first = nullptr;
    for (const SharedAccess &access : entry.accesses) {
      if (access.symbol != array.name) continue;
      (access.store ? stores : loads)++;
      if (!first && access.store) first = &access;
    }
    // Named anywhere else (mov, cvta, a register address): it may be read
    // in ways the oracle does not resolve.
    if (stores == 0 || loads > 0 || array.references != stores) continue;
    Diagnostic d = locatedAt(first->loc, Severity::kWarning,
                      "[oracle.dead-tile] '" + array.name + "' is written by " + first->text +
                          " but never read in entry '" + entry.name + "'");
    d.notes.push_back(locatedAt(array.loc, Severity::kNote, "'" + array.name + "' is declared here"));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace kiln::oracle
