// How kiln's model of the documented AscendC API reports a broken rule.
//
// Every check throws ModelError, which runBlocks() (harness.h) catches and
// turns into a RunResult: the first error stops the block, as a hardware
// fault would, instead of letting the kernel run on with corrupt state.
// The text reads
//   kiln AscendC model: error: [model.deque-empty] DeQue<float> on a VECIN
//   queue with nothing enqueued (block 3)
// where the bracketed code names the rule and the message starts with the op.
//
// Compiling with -DKILN_ASCEND_MODEL_UNCHECKED turns the discipline checks
// off (kChecked is false), so a test can show that a planted bug goes
// unnoticed without them. The model then still keeps its own host memory
// safe: accesses past the end of an on-chip space are dropped.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <utility>

namespace kiln_ascend_model {

#ifdef KILN_ASCEND_MODEL_UNCHECKED
inline constexpr bool kChecked = false;
#else
inline constexpr bool kChecked = true;
#endif

// Stays inside the header library: runBlocks() catches it.
class ModelError : public std::exception {
 public:
  ModelError(std::string rule, std::string op, std::string message)
      : rule_(std::move(rule)), op_(std::move(op)), message_(std::move(message)),
        what_("[" + rule_ + "] " + message_) {}
  const char *what() const noexcept override { return what_.c_str(); }
  const std::string &rule() const { return rule_; }
  const std::string &op() const { return op_; }
  const std::string &message() const { return message_; }

 private:
  std::string rule_, op_, message_, what_;
};

// `op` is the API call as the user wrote it ("DeQue<float>"); `message`
// begins with it so the text stands on its own.
[[noreturn]] inline void fail(const std::string &rule, const std::string &op, const std::string &message) {
  throw ModelError(rule, op, message);
}

}  // namespace kiln_ascend_model

// Checks a rule only when checks are compiled in; the message expression is
// not evaluated otherwise.
#define KILN_MODEL_CHECK(cond, rule, op, message)                              \
  do {                                                                         \
    if (::kiln_ascend_model::kChecked && !(cond)) ::kiln_ascend_model::fail((rule), (op), (message)); \
  } while (0)
