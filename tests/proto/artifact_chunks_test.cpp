// The one chunk writer and assembler (proto/convert/artifact_chunks.h), and
// worker messages built and read with them: what a lying or broken peer
// sends is refused before it is buffered or served.
#include <gtest/gtest.h>

#include "cache/digest.h"
#include "proto/convert/artifact_chunks.h"
#include "proto/convert/result_convert.h"
#include "proto/convert/worker_messages.h"
#include "tests/support/test_files.h"

namespace kiln::wire {
namespace {

google::protobuf::RepeatedPtrField<v1::ArtifactInfo> infos(const std::vector<std::string> &artifacts) {
  google::protobuf::RepeatedPtrField<v1::ArtifactInfo> out;
  for (std::size_t i = 0; i < artifacts.size(); ++i) {
    v1::ArtifactInfo *info = out.Add();
    info->set_name("a" + std::to_string(i));
    info->set_digest(cache::Digest::of(artifacts[i]).hex());
    info->set_size(static_cast<std::int64_t>(artifacts[i].size()));
  }
  return out;
}

v1::ArtifactChunk chunk(std::uint32_t index, std::int64_t offset, std::string data) {
  v1::ArtifactChunk c;
  c.set_index(index);
  c.set_offset(offset);
  c.set_data(std::move(data));
  return c;
}

TEST(PackChunks, SmallArtifactsShareOneMessageAndLargeOnesSpanSeveral) {
  std::string kernel = test::readFile(test::sharedExamples().front());
  EXPECT_EQ(packChunks({kernel, "", kernel}).size(), 1u);
  std::string big(kChunkBytes * 2 + 12345, 'x');
  auto messages = packChunks({kernel, big});
  ASSERT_EQ(messages.size(), 3u);
  for (const auto &m : messages) {
    std::size_t bytes = 0;
    for (const v1::ArtifactChunk &c : m) bytes += c.data().size();
    EXPECT_LE(bytes, kChunkBytes);
  }
  std::string error;
  std::optional<ResultAssembler> assembler = ResultAssembler::begin(infos({kernel, big}), 1 << 30, error);
  ASSERT_TRUE(assembler) << error;
  for (const auto &m : messages)
    for (const v1::ArtifactChunk &c : m) ASSERT_TRUE(assembler->add(c, error)) << error;
  std::optional<std::vector<std::string>> bytes = assembler->finish(error);
  ASSERT_TRUE(bytes) << error;
  EXPECT_EQ((*bytes)[0], kernel);
  EXPECT_EQ((*bytes)[1], big);
}

TEST(ResultAssembler, RefusesBytesPastTheDeclaredSizeOutOfOrderOrOverTheBudget) {
  std::string error;
  auto assembler = ResultAssembler::begin(infos({"abcd"}), 1 << 20, error);
  ASSERT_TRUE(assembler);
  EXPECT_FALSE(assembler->add(chunk(0, 0, "abcde"), error)) << "an endless artifact must not be buffered";
  EXPECT_NE(error.find("past the 4 bytes"), std::string::npos) << error;
  EXPECT_FALSE(assembler->add(chunk(0, 2, "cd"), error));
  EXPECT_FALSE(assembler->add(chunk(1, 0, "x"), error));
  EXPECT_FALSE(assembler->finish(error)) << "incomplete";

  EXPECT_FALSE(ResultAssembler::begin(infos({std::string(100, 'x'), std::string(100, 'y')}), 150, error));
  EXPECT_NE(error.find("at most 150"), std::string::npos) << error;
  auto negative = infos({"x"});
  negative.Mutable(0)->set_size(-1);
  EXPECT_FALSE(ResultAssembler::begin(negative, 1 << 20, error));
}

TEST(ResultAssembler, BytesThatDoNotMatchTheirDigestAreNeverHandedOn) {
  std::string error;
  auto assembler = ResultAssembler::begin(infos({"good"}), 1 << 20, error);
  ASSERT_TRUE(assembler->add(chunk(0, 0, "evil"), error));
  EXPECT_FALSE(assembler->finish(error));
  EXPECT_NE(error.find("do not match its digest"), std::string::npos) << error;
  // A client of kilnd trusts kilnd's digests, never its sizes.
  auto trusting = ResultAssembler::begin(infos({"good"}), 1 << 20, error);
  ASSERT_TRUE(trusting->add(chunk(0, 0, "evil"), error));
  EXPECT_TRUE(trusting->finish(error, ResultAssembler::Digests::kTrustSender));
}

TEST(WorkerMessages, AResultTravelsAsMessagesAndComesBackWhole) {
  CompileResult result;
  result.artifacts = {{"k.ptx", "ptx", test::readFile(test::sharedExamples().front())},
                      {"k.cubin", "cubin", std::string(kChunkBytes + 7, '\1')},
                      {"launch.json", "launch", "{}\n"}};
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.file = "k.mlir";
  d.line = 3;
  d.message = "[oracle.dead-tile] never read";
  d.notes.push_back(d);
  result.diagnostics.push_back(d);
  result.timings = {{"frontend", 1.5}};
  result.tools = {"ptxas 13.0 sha256:00"};
  result.oracle_verdict = OracleVerdict::kWarnings;
  std::vector<v1::WorkerMessage> messages = resultMessages(42, result);
  // The header with the first MiB inline, then one WorkerChunk per remaining piece.
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_TRUE(messages[0].has_result());
  EXPECT_TRUE(messages[1].has_chunk() && messages[2].has_chunk());

  ResultReceiver receiver(1 << 30, "kilnd");
  std::string error;
  std::optional<ResultReceiver::Completed> done;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    done = receiver.add(messages[i], error);
    ASSERT_EQ(error, "");
    EXPECT_EQ(done.has_value(), i + 1 == messages.size()) << "complete only with its last byte";
  }
  ASSERT_TRUE(done);
  EXPECT_EQ(done->job, 42u);
  ASSERT_EQ(done->result.artifacts.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(done->result.artifacts[i].name, result.artifacts[i].name);
    EXPECT_EQ(done->result.artifacts[i].kind, result.artifacts[i].kind);
    EXPECT_EQ(done->result.artifacts[i].bytes, result.artifacts[i].bytes);
  }
  ASSERT_EQ(done->result.diagnostics.size(), 1u);
  EXPECT_EQ(done->result.diagnostics[0].notes.size(), 1u);
  EXPECT_EQ(done->result.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(done->result.tools, result.tools);
  EXPECT_EQ(done->result.oracle_verdict, OracleVerdict::kWarnings);
  EXPECT_FALSE(receiver.pending());
}

TEST(WorkerMessages, ALyingWorkersResultIsAFailureAndABrokenStreamAnError) {
  CompileResult result;
  result.artifacts = {{"k.ptx", "ptx", "the real bytes"}};
  std::vector<v1::WorkerMessage> messages = resultMessages(7, result);
  messages[0].mutable_result()->mutable_chunks(0)->set_data("other bytes!!!");  // same size, other content
  ResultReceiver receiver(1 << 30, "kilnd");
  std::string error;
  std::optional<ResultReceiver::Completed> done = receiver.add(messages[0], error);
  ASSERT_TRUE(done) << error;
  EXPECT_FALSE(done->result.ok());
  EXPECT_TRUE(done->result.artifacts.empty()) << "never served";
  ASSERT_EQ(done->result.diagnostics.size(), 1u);
  EXPECT_EQ(done->result.diagnostics[0].tool, "kilnd");

  v1::WorkerMessage stray;
  stray.mutable_chunk()->set_job_id(99);
  EXPECT_FALSE(receiver.add(stray, error));
  EXPECT_NE(error.find("no result in progress"), std::string::npos) << error;

  v1::WorkerMessage huge = resultMessages(8, result)[0];
  huge.mutable_result()->mutable_artifacts(0)->set_size(std::int64_t{1} << 40);
  error.clear();
  EXPECT_FALSE(receiver.add(huge, error));
  EXPECT_NE(error.find("at most"), std::string::npos) << error;
}

TEST(WorkerMessages, AResultThatStopsShortOfItsDeclaredSizesIsAnErrorAtOnce) {
  CompileResult result;
  result.artifacts = {{"k.ptx", "ptx", "the real bytes"}, {"launch.json", "launch", "{}\n"}};
  v1::WorkerMessage header = resultMessages(7, result)[0];
  header.mutable_result()->mutable_artifacts(0)->set_size(1000);  // declares more than it sends
  ResultReceiver receiver(1 << 30, "kilnd");
  std::string error;
  EXPECT_FALSE(receiver.add(header, error));
  ASSERT_EQ(error, "") << "more bytes may still follow as chunks";
  EXPECT_TRUE(receiver.pending());
  // The sender moves on: the bytes it declared will never come.
  v1::WorkerMessage beat;
  beat.mutable_heartbeat()->set_busy(0);
  EXPECT_FALSE(receiver.add(beat, error));
  EXPECT_NE(error.find("job 7"), std::string::npos) << error;
  EXPECT_NE(error.find("stopped short"), std::string::npos) << error;
  ASSERT_TRUE(receiver.brokenJob());
  EXPECT_EQ(*receiver.brokenJob(), 7u);

  // So does another job's result, or a chunk for another job, in the middle of one.
  for (bool other_result : {true, false}) {
    ResultReceiver fresh(1 << 30, "kilnd");
    error.clear();
    EXPECT_FALSE(fresh.add(header, error));
    v1::WorkerMessage next;
    if (other_result) {
      next = resultMessages(8, result)[0];
    } else {
      next.mutable_chunk()->set_job_id(8);
      *next.mutable_chunk()->mutable_chunk() = chunk(0, 14, "x");
    }
    EXPECT_FALSE(fresh.add(next, error));
    EXPECT_NE(error.find("stopped short"), std::string::npos) << error;
    EXPECT_EQ(fresh.brokenJob().value_or(0), 7u);
  }

  // A header whose sizes are refused names its job too.
  ResultReceiver budget(4, "kilnd");
  error.clear();
  EXPECT_FALSE(budget.add(resultMessages(9, result)[0], error));
  EXPECT_NE(error, "");
  EXPECT_EQ(budget.brokenJob().value_or(0), 9u);
}

}  // namespace
}  // namespace kiln::wire
