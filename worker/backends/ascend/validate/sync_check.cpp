// [ascendc.sync]: a DataCopy (or DataCopyPad) between global and local
// memory runs on a DMA pipe (MTE2 in, MTE3 out), asynchronously to the
// vector and cube pipes. Something must order it: the queue discipline
// (EnQue after a copy-in, DeQue before a copy-out: the queue sets and waits
// the events), a PIPE_ALL barrier, or SetFlag/WaitFlag. kiln compiles
// without --cce-auto-sync (toolchain/bisheng_driver.cpp), so nothing else
// will. As ascend-rs's ascend_compile rules it: an error on 310P, where
// such a kernel reads or writes unified buffer contents the DMA has not
// finished with; a warning on the 910B family and 950.
//
// Claims are made only about tensors whose origin the function shows: one
// it got from AllocTensor or DeQue, or from TBuf::Get in the entry itself
// (elsewhere a caller may have placed the barrier). A tensor that escapes
// to a function kiln does not know is left alone.
#include <unordered_map>

#include "worker/backends/ascend/validate/checks.h"

namespace kiln::ascend::validate {
namespace {

bool orders(EvKind k) { return k == EvKind::kBarrierAll || k == EvKind::kSetFlag || k == EvKind::kWaitFlag; }

}  // namespace

void checkSync(const CheckContext &c, std::vector<Diagnostic> &out) {
  const CodeView &v = c.view;
  bool is310p = !c.target.split_cores;
  Severity severity = is310p ? Severity::kError : Severity::kWarning;
  std::string why = is310p
                        ? "on " + c.target.name + " this is an error (as ascend-rs's ascend_compile rules it): 310P's "
                          "DMA (MTE) and vector pipes run unordered unless the kernel orders them, and kiln compiles "
                          "without --cce-auto-sync"
                        : "on " + c.target.name + " a warning (ascend-rs's ascend_compile makes it an error on 310P "
                          "only); kiln compiles without --cce-auto-sync, so the copy races the pipe that uses the data";
  for (const FunctionEvents &fn : c.functions) {
    const FunctionInfo &f = *fn.function;
    bool entry = f.global;
    // The origin of each tensor, as the events run: "alloc", "deque", "get".
    std::unordered_map<std::string_view, EvKind> origin;
    std::unordered_map<std::string_view, bool> escaped;
    bool anyOrderingInLoop = false;
    // orderedBefore[n]: an ordering event among events [0, n); orderedAfter[n]: among (n, end);
    // lastEnQue: the last EnQue of each tensor. Linear, whatever the function's length.
    size_t count = fn.events.size();
    std::vector<bool> orderedBefore(count + 1, false), orderedAfter(count + 1, false);
    for (size_t n = 0; n < count; ++n) orderedBefore[n + 1] = orderedBefore[n] || orders(fn.events[n].kind);
    for (size_t n = count; n-- > 0;) orderedAfter[n] = orderedAfter[n + 1] || (n + 1 < count && orders(fn.events[n + 1].kind));
    std::unordered_map<std::string_view, size_t> lastEnQue;
    for (size_t n = 0; n < count; ++n)
      if (fn.events[n].kind == EvKind::kEnQue && !fn.events[n].var.empty()) lastEnQue[fn.events[n].var] = n;
    for (const Event &e : fn.events) {
      if (orders(e.kind)) anyOrderingInLoop |= e.in_loop;
      if (e.kind == EvKind::kEscape) escaped[e.var] = true;
    }
    for (size_t n = 0; n < fn.events.size(); ++n) {
      const Event &e = fn.events[n];
      if ((e.kind == EvKind::kAlloc || e.kind == EvKind::kDeQue || e.kind == EvKind::kGet) && !e.var.empty()) {
        if (e.local_var) origin[e.var] = e.kind;
        else origin.erase(e.var);
        continue;
      }
      if ((e.kind != EvKind::kDataCopy && e.kind != EvKind::kDataCopyPad) || e.args.size() < 2) continue;
      std::string_view dst = baseName(v, e.args[0]), src = baseName(v, e.args[1]);
      const Symbol *ds = lookupSymbol(dst, fn, c.file_symbols), *ss = lookupSymbol(src, fn, c.file_symbols);
      bool in = ss && ss->kind == SymKind::kGlobalTensor && origin.count(dst);
      bool outward = ds && ds->kind == SymKind::kGlobalTensor && origin.count(src);
      if (!in && !outward) continue;
      std::string_view local = in ? dst : src;
      if (escaped.count(local)) continue;
      EvKind from = origin[local];
      if (from == EvKind::kGet && !entry) continue;
      if (e.in_loop && anyOrderingInLoop) continue;  // the loop's next round may order it
      bool ordered = false;
      if (in) {
        auto enq = lastEnQue.find(local);
        ordered = orderedAfter[n] || (enq != lastEnQue.end() && enq->second > n);
      } else {
        ordered = from == EvKind::kDeQue || orderedBefore[n];
      }
      if (ordered) continue;
      const char *op = e.kind == EvKind::kDataCopy ? "DataCopy" : "DataCopyPad";
      std::string text = in ? std::string("[ascendc.sync] ") + op + " from global memory into '" + std::string(local) +
                                  "' is not ordered before its use: no EnQue(" + std::string(local) +
                                  "), PipeBarrier<PIPE_ALL>() or SetFlag/WaitFlag follows it in this function; " + why
                            : std::string("[ascendc.sync] ") + op + " of '" + std::string(local) +
                                  "' out to global memory is not ordered after the code that wrote it: '" +
                                  std::string(local) + "' does not come from DeQue and no PipeBarrier<PIPE_ALL>() or "
                                  "SetFlag/WaitFlag precedes it in this function; " + why;
      out.push_back(located(severity, c.source, v.tokens[e.tok], std::move(text)));
    }
  }
}

}  // namespace kiln::ascend::validate
