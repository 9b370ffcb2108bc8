#include "worker/oracle/ptx/ptx_check.h"

#include "worker/oracle/ptx/ptx_frontend.h"
#include "worker/oracle/ptx/shared_checks.h"

namespace kiln::oracle {
namespace {

void append(std::vector<Diagnostic> &to, std::vector<Diagnostic> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

PtxCheck checkPtxSource(const SourceFile &source, const DeviceSpec &device) {
  PtxReadResult ptx = readPtx(source.text, source.name);
  PtxCheck out;
  out.read_errors = std::move(ptx.diagnostics);
  CheckLimits limits;
  limits.static_shared_limit = device.static_shared_limit;
  limits.max_shared_per_block = device.max_shared_per_block;
  limits.target = device.name;
  for (const EntryPlan &entry : ptx.entries) {
    out.entries.push_back(entry.name);
    append(out.findings, checkConstantBounds(entry));
    append(out.findings, checkCapacity(entry, limits));
    append(out.findings, checkBarriers(entry));
    append(out.findings, checkDeadArrays(entry));
  }
  return out;
}

}  // namespace kiln::oracle
