#include "tests/server/fake_worker.h"

#include "proto/convert/worker_messages.h"

namespace kiln::test {

FakeWorker::FakeWorker(const std::string &address, const std::string &id, std::chrono::seconds deadline,
                       const std::string &token) {
  channel_ = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  stub_ = v1::WorkerHub::NewStub(channel_);
  context_.AddMetadata("authorization", "Bearer " + token);
  context_.set_deadline(std::chrono::system_clock::now() + deadline);
  stream_ = stub_->Connect(&context_);
  v1::WorkerMessage hello;
  v1::Capabilities *caps = hello.mutable_hello()->mutable_capabilities();
  caps->set_worker_id(id);
  caps->add_targets("sm_90");
  caps->add_known_targets("sm_90");
  caps->set_slots(1);
  caps->set_version("fake");
  v1::Toolchain *llvm = caps->add_toolchains();
  llvm->set_name("llvm");
  llvm->set_identity("llvm 16.0.6 sha256:" + std::string(64, 'a'));
  v1::Toolchain *lowering = caps->add_toolchains();
  lowering->set_name("lowering");
  lowering->set_identity("fake-lowering 1");
  v1::EmitRoute *route = caps->add_routes();
  route->add_targets("sm_90");
  route->set_via(v1::COMPILE_PATH_BUILTIN);
  route->set_emit(v1::EMIT_PTX);
  route->add_tools("llvm");
  stream_->Write(hello);
  v1::HubMessage welcome;
  welcomed_ = stream_->Read(&welcome) && welcome.has_welcome();
}

bool FakeWorker::answerNextJobWith(const Lie &lie) {
  v1::HubMessage message;
  while (stream_->Read(&message))
    if (message.has_job()) break;
  if (!message.has_job()) return false;
  for (const v1::WorkerMessage &out : lie(message.job().job_id()))
    if (!stream_->Write(out)) break;
  v1::WorkerMessage beat;
  beat.mutable_heartbeat()->set_busy(0);
  stream_->Write(beat);
  // An honest kilnd keeps the stream open; one that caught a lie ends it.
  while (stream_->Read(&message)) {
  }
  status_ = stream_->Finish();
  return true;
}

FakeWorker::Lie resultWith(std::vector<Artifact> artifacts, std::function<void(std::vector<v1::WorkerMessage> &)> edit) {
  return [artifacts = std::move(artifacts), edit = std::move(edit)](std::uint64_t job) {
    CompileResult result;
    result.artifacts = artifacts;
    std::vector<v1::WorkerMessage> messages = wire::resultMessages(job, result);
    if (edit) edit(messages);
    return messages;
  };
}

}  // namespace kiln::test
