#include "server/api/compile_service.h"

#include <thread>

#include "server/api/compile_flow.h"

namespace kiln::server {
namespace {

// Streams a CompileAnswer: each reply in turn, the last one with the
// status. Deletes itself when gRPC is done with the call.
class CompileReactor final : public grpc::ServerWriteReactor<v1::CompileReply> {
 public:
  CompileReactor(ServiceState &state, grpc::CallbackServerContext *context, const v1::CompileRequest *request)
      : flow_(state, *context, *request) {
    if (std::optional<CompileAnswer> answer = flow_.fast()) {
      send(std::move(*answer));
      return;
    }
    // A miss may wait minutes for its job: never on gRPC's own threads.
    std::thread([this] { send(flow_.slow(cancel_)); }).detach();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    next();
  }
  // Wakes the job's wait at once (server/scheduler/cancel_signal.h).
  void OnCancel() override { cancel_.cancel(); }
  void OnDone() override { delete this; }

 private:
  void send(CompileAnswer answer) {
    answer_ = std::move(answer);
    flow_.release();
    next();
  }
  // Nothing may touch `this` after the last Start*/Finish: OnDone may run
  // and delete it at once, on another thread.
  void next() {
    if (next_ == answer_.replies.size()) {
      Finish(answer_.status);
      return;
    }
    const v1::CompileReply &reply = answer_.replies[next_++];
    if (next_ == answer_.replies.size() && answer_.status.ok())
      StartWriteAndFinish(&reply, grpc::WriteOptions(), answer_.status);
    else
      StartWrite(&reply);
  }

  CompileFlow flow_;
  CompileAnswer answer_;
  std::size_t next_ = 0;
  CancelSignal cancel_;
};

}  // namespace

grpc::ServerWriteReactor<v1::CompileReply> *CompileService::Compile(grpc::CallbackServerContext *context,
                                                                   const v1::CompileRequest *request) {
  return new CompileReactor(state_, context, request);
}

}  // namespace kiln::server
