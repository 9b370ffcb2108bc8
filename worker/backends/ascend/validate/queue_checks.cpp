// [ascendc.tensor-balance] and [ascendc.queue-depth], per function body and
// only over straight-line code: an operation inside a nested block, an
// if/else/?:/switch/case statement or a loop makes kiln skip the queue or
// tensor it touches, and a goto or an undecidable #if in the body skips the
// function. What a tensor is, is what the function shows: a name assigned
// from q.AllocTensor<T>() or q.DeQue<T>().
//   balance: FreeTensor into another queue than the tensor came from (error);
//            FreeTensor twice with no AllocTensor/DeQue between (error);
//            an AllocTensor whose result is dropped, or a tensor neither
//            EnQue'd nor FreeTensor'd by the end of the function and never
//            handed to code kiln cannot follow (warning: the queue's buffer
//            is lost, and a later AllocTensor waits for it forever).
//   depth:   TQue<pos, DEPTH> holds at most DEPTH tensors between EnQue and
//            DeQue; more EnQues in a row than that (counting from what the
//            function's own DeQues prove was already queued) is an error.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "worker/backends/ascend/validate/checks.h"

namespace kiln::ascend::validate {
namespace {

bool queueOp(EvKind k) {
  return k == EvKind::kAlloc || k == EvKind::kDeQue || k == EvKind::kEnQue || k == EvKind::kFree;
}

struct Held {
  std::string_view queue;
  size_t tok = 0;
  enum State { kHeld, kQueued, kFreed } state = kHeld;
};

}  // namespace

void checkQueues(const CheckContext &c, std::vector<Diagnostic> &out) {
  const CodeView &v = c.view;
  for (const FunctionEvents &fn : c.functions) {
    if (fn.has_goto || fn.unknown_pp) continue;
    // Queues and tensors touched by any conditional operation are skipped.
    std::unordered_set<std::string_view> skipQueue, skipVar, escaped;
    for (const Event &e : fn.events) {
      if (e.kind == EvKind::kEscape) escaped.insert(e.var);
      if (!queueOp(e.kind) || !(e.conditional || e.in_loop)) continue;
      skipQueue.insert(e.object);
      if (!e.var.empty()) skipVar.insert(e.var);
    }
    std::unordered_map<std::string_view, Held> held;
    std::vector<std::string_view> order;  // first acquisition order, for a stable report
    std::unordered_map<std::string_view, int64_t> running, lowest, highest;
    std::unordered_set<std::string_view> depthReported;
    for (const Event &e : fn.events) {
      if (!queueOp(e.kind) || skipQueue.count(e.object)) continue;
      const Token &at = v.tokens[e.tok];
      const Symbol *q = lookupSymbol(e.object, fn, c.file_symbols);
      bool isQue = q && q->kind == SymKind::kQue;
      if (!isQue) {
        // A queue kiln cannot name (queues[i].EnQue(x)): x went somewhere; claim nothing about it.
        if (!e.var.empty()) held.erase(e.var), skipVar.insert(e.var);
        continue;
      }
      std::string queue(e.object);
      if (e.kind == EvKind::kEnQue || e.kind == EvKind::kDeQue) {
        int64_t &r = running[e.object];
        r += e.kind == EvKind::kEnQue ? 1 : -1;
        int64_t &lo = lowest.try_emplace(e.object, 0).first->second;
        int64_t &hi = highest.try_emplace(e.object, 0).first->second;
        lo = std::min(lo, r);
        hi = std::max(hi, r);
        if (e.kind == EvKind::kEnQue && !depthReported.count(e.object) && q->arg_end > q->arg_begin) {
          Value depth = c.constants.evaluate(q->arg_begin, q->arg_end, &fn.locals);
          int64_t occupied = hi + std::max<int64_t>(0, -lo);  // at least this many queued at once
          if (depth && *depth > 0 && occupied > *depth) {
            depthReported.insert(e.object);
            Diagnostic d = located(Severity::kError, c.source, at,
                                   "[ascendc.queue-depth] EnQue on '" + queue + "' leaves " + std::to_string(occupied) +
                                       " tensors queued without a DeQue, but it was declared with depth " +
                                       std::to_string(*depth) + "; DeQue before the next EnQue, or declare a deeper TQue");
            d.notes.push_back(located(Severity::kNote, c.source, v.tokens[q->decl], "'" + queue + "' is declared here"));
            out.push_back(std::move(d));
          }
        }
      }
      if (e.kind == EvKind::kAlloc || e.kind == EvKind::kDeQue) {
        if (e.var.empty()) {
          if (e.kind == EvKind::kAlloc)
            out.push_back(located(Severity::kWarning, c.source, at,
                                  "[ascendc.tensor-balance] the tensor from " + queue +
                                      ".AllocTensor() is dropped: it can never be EnQue'd or FreeTensor'd, so the "
                                      "queue loses one of its buffers"));
          continue;
        }
        if (skipVar.count(e.var) || !e.local_var) continue;
        if (!held.count(e.var)) order.push_back(e.var);
        held[e.var] = {e.object, e.tok, Held::kHeld};
        continue;
      }
      if (e.var.empty() || skipVar.count(e.var)) continue;
      auto it = held.find(e.var);
      if (it == held.end()) continue;  // from elsewhere: nothing to compare with
      Held &h = it->second;
      std::string var(e.var);
      if (e.kind == EvKind::kFree) {
        if (h.state == Held::kFreed) {
          Diagnostic d = located(Severity::kError, c.source, at,
                                 "[ascendc.tensor-balance] '" + var + "' is freed twice: FreeTensor after FreeTensor, "
                                 "with no AllocTensor or DeQue between, hands one buffer back to '" + queue + "' twice");
          out.push_back(std::move(d));
        } else if (h.queue != e.object) {
          Diagnostic d = located(Severity::kError, c.source, at,
                                 "[ascendc.tensor-balance] '" + var + "' came from '" + std::string(h.queue) +
                                     "' but is freed into '" + queue + "': each queue must get its own buffers back");
          d.notes.push_back(located(Severity::kNote, c.source, v.tokens[h.tok], "'" + var + "' comes from here"));
          out.push_back(std::move(d));
        }
        h.state = Held::kFreed;
      } else if (e.kind == EvKind::kEnQue) {
        h.state = Held::kQueued;
      }
    }
    for (std::string_view var : order) {
      const Held &h = held[var];
      if (h.state != Held::kHeld || escaped.count(var) || skipVar.count(var)) continue;
      out.push_back(located(Severity::kWarning, c.source, v.tokens[h.tok],
                            "[ascendc.tensor-balance] '" + std::string(var) + "' from '" + std::string(h.queue) +
                                "' is neither EnQue'd nor FreeTensor'd before the function ends, and kiln sees it "
                                "go nowhere else: the queue loses the buffer and a later AllocTensor waits for it"));
    }
  }
}

}  // namespace kiln::ascend::validate
