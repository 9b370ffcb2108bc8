// [ascendc.datacopy-align]: the count form DataCopy(dst, src, count)
// between global and local memory moves whole 32-byte blocks; when
// count * sizeof(T) is not a multiple of 32 the hardware silently rounds
// it down and the tail is never copied. Checked when the count is a
// constant kiln can evaluate and T is visible on a LocalTensor/GlobalTensor
// declaration of either side. DataCopyPad is the fix.
#include "worker/backends/ascend/validate/checks.h"

namespace kiln::ascend::validate {

void checkDataCopyAlign(const CheckContext &c, std::vector<Diagnostic> &out) {
  const CodeView &v = c.view;
  for (const FunctionEvents &fn : c.functions) {
    for (const Event &e : fn.events) {
      if (e.kind != EvKind::kDataCopy || e.args.size() != 3) continue;
      std::string_view dst = baseName(v, e.args[0]), src = baseName(v, e.args[1]);
      const Symbol *ds = lookupSymbol(dst, fn, c.file_symbols), *ss = lookupSymbol(src, fn, c.file_symbols);
      if (!ds || !ss) continue;
      bool gmSide = ds->kind == SymKind::kGlobalTensor || ss->kind == SymKind::kGlobalTensor;
      bool localSide = ds->kind == SymKind::kLocalTensor || ss->kind == SymKind::kLocalTensor;
      if (!gmSide || !localSide) continue;
      int64_t db = scalarTypeBytes(ds->elem), sb = scalarTypeBytes(ss->elem);
      if (db && sb && db != sb) continue;
      int64_t size = db ? db : sb;
      std::string_view type = db ? ds->elem : ss->elem;
      if (size == 0) continue;
      Value count = c.constants.evaluate(e.args[2].first, e.args[2].second, &fn.locals);
      if (!count || *count <= 0) continue;
      int64_t bytes = 0;
      if (__builtin_mul_overflow(*count, size, &bytes) || bytes % 32 == 0) continue;
      out.push_back(located(
          Severity::kError, c.source, v.tokens[e.tok],
          "[ascendc.datacopy-align] DataCopy of " + std::to_string(*count) + " " + std::string(type) + " elements = " +
              std::to_string(bytes) + " B is not a multiple of 32 B: the hardware silently rounds it down to " +
              std::to_string(bytes / 32 * 32) + " B and the last " + std::to_string(bytes % 32) +
              " B are never copied; use DataCopyPad (DataCopyExtParams with the length in bytes) for this length"));
    }
  }
}

}  // namespace kiln::ascend::validate
