// kilnd as operators run it: --help, a TOML config file, the gRPC health
// and reflection services, and SIGTERM; kiln-worker's discovery report.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "client/lib/kiln_client.h"
#include "tests/server/child_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string kilnd() { return (test::binDir() / "kilnd").string(); }

// Reads the port kilnd writes to --port-file once it serves; "" if it never does.
std::string awaitPort(const fs::path &file) {
  std::string port;
  for (int i = 0; i < 400 && port.empty(); ++i) {
    std::this_thread::sleep_for(25ms);
    std::ifstream in(file);
    in >> port;
  }
  return port;
}

// grpc.health.v1.Health/Check's answer: 1 SERVING, 2 NOT_SERVING, 0 when
// the call failed (nothing listening yet).
int healthOf(const std::string &address, std::chrono::milliseconds timeout) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) { done.set_value(s); });
  if (!done.get_future().get().ok()) return 0;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return 0;
  std::string bytes;
  for (const grpc::Slice &s : slices) bytes.append(reinterpret_cast<const char *>(s.begin()), s.size());
  return bytes.size() == 2 && bytes[0] == '\x08' ? bytes[1] : 0;
}

// A port nothing listens on now (bound, read, closed).
int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(Kilnd, HelpNamesTheEmbeddedDefaultsFlags) {
  test::ProcessResult help = test::runProcess({kilnd(), "--help"});
  ASSERT_EQ(help.exit_code, 0);
  for (const char *flag : {"--listen", "--data-dir", "--config", "--no-local-worker", "--worker-tokens",
                           "--client-tokens", "--tls-cert", "--max-request-bytes"})
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  test::ProcessResult bad = test::runProcess({kilnd(), "--no-such-flag"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(KilnWorker, ReportsWhatDiscoveryFoundAndNeedsAToken) {
  std::string worker = (test::binDir() / "kiln-worker").string();
  test::ProcessResult json = test::runProcess({worker, "--json", "--targets", "sm_80,sm_90", "--nvcc", "/nonexistent"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json found = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(found.is_object()) << json.out;
  EXPECT_EQ(found["targets"], nlohmann::json({"sm_80", "sm_90"})) << "narrowed by --targets";
  EXPECT_TRUE(std::count(found["known_targets"].begin(), found["known_targets"].end(), "sm_75"))
      << "still known, so kilnd can tell unknown from unserved";
  EXPECT_FALSE(found["tools"].contains("nvcc")) << "not found, so no identity is advertised";
  EXPECT_TRUE(found["tools"].contains("llvm"));
  bool nvcc_route = false;
  for (const auto &route : found["routes"])
    if (route["via"] == "nvcc" && route["emit"] == "cubin") nvcc_route = route["tools"] == nlohmann::json({"nvcc"});
  EXPECT_TRUE(nvcc_route) << "routes say what a kind needs, found or not: " << json.out;
  test::ProcessResult no_token = test::runProcess({worker, "--server", "127.0.0.1:1"});
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_NE(no_token.err.find("--token-file is required"), std::string::npos);
  test::ProcessResult help = test::runProcess({worker, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--slots"), std::string::npos);
}

TEST(Kilnd, ReadsATomlConfigServesHealthAndReflectionAndStopsOnSigterm) {
  fs::path dir = fs::temp_directory_path() / ("kilnd-process-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "kilnd.toml") << "# kilnd configuration\n"
                                    << "listen = \"127.0.0.1:0\"\n"
                                    << "data-dir = \"" << (dir / "data").string() << "\"\n"
                                    << "no-local-worker = true\n"
                                    << "port-file = \"" << (dir / "port").string() << "\"\n";
  test::ChildProcess server({kilnd(), "--config", (dir / "kilnd.toml").string()}, (dir / "kilnd.log").string());
  std::string port = awaitPort(dir / "port");
  ASSERT_FALSE(port.empty()) << server.stderrText();
  std::string address = "127.0.0.1:" + port;

  // The file's no-local-worker took effect, and the data dir holds the cache.
  client::ClientConfig config;
  config.server = address;
  client::Client client(config);
  auto status = client.status();
  ASSERT_TRUE(std::holds_alternative<v1::StatusReply>(status));
  EXPECT_EQ(std::get<v1::StatusReply>(status).workers_size(), 0);
  EXPECT_TRUE(fs::exists(dir / "data" / "cache.db"));

  // grpc.health.v1.Health/Check with an empty request: SERVING is field 1 = 1.
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 10s);
  grpc::ByteBuffer request, response;
  grpc::Slice empty("");
  request = grpc::ByteBuffer(&empty, 1);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) { done.set_value(s); });
  grpc::Status health = done.get_future().get();
  ASSERT_TRUE(health.ok()) << health.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice &s : slices) bytes.append(reinterpret_cast<const char *>(s.begin()), s.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));

  // Server reflection lists kiln's services: ServerReflectionInfo with
  // list_services (field 7) set, driven through a generic stub.
  {
    grpc::CompletionQueue cq;
    grpc::ClientContext reflection_context;
    reflection_context.set_deadline(std::chrono::system_clock::now() + 10s);
    auto call = stub.PrepareCall(&reflection_context,
                                 "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
    auto step = [&](void *tag) {
      void *got = nullptr;
      bool ok = false;
      return cq.Next(&got, &ok) && got == tag && ok;
    };
    call->StartCall(reinterpret_cast<void *>(1));
    ASSERT_TRUE(step(reinterpret_cast<void *>(1)));
    grpc::Slice list(std::string("\x3a\x00", 2));
    grpc::ByteBuffer ask(&list, 1), reply;
    call->Write(ask, reinterpret_cast<void *>(2));
    ASSERT_TRUE(step(reinterpret_cast<void *>(2)));
    call->Read(&reply, reinterpret_cast<void *>(3));
    ASSERT_TRUE(step(reinterpret_cast<void *>(3)));
    std::vector<grpc::Slice> parts;
    ASSERT_TRUE(reply.Dump(&parts).ok());
    std::string text;
    for (const grpc::Slice &part : parts) text.append(reinterpret_cast<const char *>(part.begin()), part.size());
    EXPECT_NE(text.find("kiln.v1.Compiler"), std::string::npos);
    EXPECT_NE(text.find("kiln.v1.WorkerHub"), std::string::npos);
    EXPECT_NE(text.find("grpc.health.v1.Health"), std::string::npos);
    reflection_context.TryCancel();
    call->Finish(&health, reinterpret_cast<void *>(4));
    void *got = nullptr;
    bool ok = false;
    while (cq.Next(&got, &ok) && got != reinterpret_cast<void *>(4)) {
    }
    cq.Shutdown();
    while (cq.Next(&got, &ok)) {
    }
  }

  server.signal(SIGTERM);
  std::optional<int> code = server.wait(15s);
  ASSERT_TRUE(code) << "kilnd did not stop on SIGTERM";
  EXPECT_EQ(*code, 0) << server.stderrText();
  EXPECT_NE(server.stderrText().find("SIGTERM: draining and stopping"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Kilnd, SigtermStopsWithinItsDrainBoundWhileAJobHangs) {
  // Issue #13, finding 6: SIGTERM did not stop kilnd within 45 s while a
  // job ran. The drain is bounded; then the job child is killed.
  fs::path dir = fs::temp_directory_path() / ("kilnd-drain-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  constexpr const char *kMarker = "KILN-TEST-FAULT-DRAIN";
  setenv("KILN_TEST_FAULT", "hang", 1);  // the local worker inherits it
  setenv("KILN_TEST_FAULT_MARKER", kMarker, 1);
  test::ChildProcess server({kilnd(), "--listen", "127.0.0.1:0", "--data-dir", (dir / "data").string(),
                             "--port-file", (dir / "port").string(), "--drain-timeout", "1"},
                            (dir / "kilnd.log").string());
  unsetenv("KILN_TEST_FAULT");
  unsetenv("KILN_TEST_FAULT_MARKER");
  std::string port = awaitPort(dir / "port");
  ASSERT_FALSE(port.empty()) << server.stderrText();
  client::ClientConfig config;
  config.server = "127.0.0.1:" + port;
  config.timeout = 60s;
  auto hung = std::async(std::launch::async, [&] {
    client::Client client(config);
    v1::CompileSpec spec;
    spec.set_ir("// " + std::string(kMarker) + "\n" + test::readFile(test::sharedExamples().front()));
    spec.set_source_name("hang.mlir");
    spec.set_target("sm_90");
    spec.add_emit(v1::EMIT_PTX);
    return client.compile(spec);
  });
  // Wait until the job runs on the local worker.
  client::Client watcher(config);
  bool busy = false;
  for (int i = 0; i < 400 && !busy; ++i) {
    std::this_thread::sleep_for(25ms);
    auto status = watcher.status();
    if (auto *s = std::get_if<v1::StatusReply>(&status))
      for (const v1::WorkerStatus &w : s->workers()) busy |= w.busy() > 0;
  }
  ASSERT_TRUE(busy) << "the hanging job never reached the local worker\n" << server.stderrText();
  auto signalled = std::chrono::steady_clock::now();
  server.signal(SIGTERM);
  std::optional<int> code = server.wait(20s);
  ASSERT_TRUE(code) << "kilnd did not stop within 20 s of SIGTERM with a job hanging";
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 15s);
  EXPECT_EQ(*code, 0) << server.stderrText();
  ASSERT_EQ(hung.wait_for(30s), std::future_status::ready) << "the client was left waiting";
  EXPECT_TRUE(std::holds_alternative<client::ClientError>(hung.get()));
  fs::remove_all(dir);
}

// Finding 8: kilnd listens before its local worker has dialled in. Health
// must say NOT_SERVING until it has, and a compile sent the moment kilnd
// first answers must wait for the worker, not hear "no worker is connected".
TEST(Kilnd, ServesOnlyOnceItsLocalWorkerIsInAndAnEarlyCompileWaitsForIt) {
  fs::path dir = fs::temp_directory_path() / ("kilnd-startup-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  int port = freePort();
  ASSERT_NE(port, 0);
  std::string address = "127.0.0.1:" + std::to_string(port);
  test::ChildProcess server({kilnd(), "--listen", address, "--data-dir", (dir / "data").string(), "--local-slots", "1"},
                            (dir / "kilnd.log").string());
  client::ClientConfig config;
  config.server = address;
  config.max_attempts = 1;
  config.timeout = 2s;
  // The first answer kilnd gives at all, health or status.
  auto deadline = std::chrono::steady_clock::now() + 60s;
  int health = 0;
  while (std::chrono::steady_clock::now() < deadline && (health = healthOf(address, 200ms)) == 0)
    std::this_thread::sleep_for(2ms);
  ASSERT_NE(health, 0) << "kilnd never answered\n" << server.stderrText();
  // At once, before anyone waits for the worker: a compile (PTX needs no CUDA).
  client::ClientConfig compile_config = config;
  compile_config.timeout = 60s;
  auto compiled = std::async(std::launch::async, [&] {
    client::Client client(compile_config);
    v1::CompileSpec spec;
    spec.set_ir(test::readFile(test::sharedExamples().front()));
    spec.set_source_name("k.mlir");
    spec.set_target("sm_90");
    spec.add_emit(v1::EMIT_PTX);
    return client.compile(spec);
  });
  // Every SERVING comes with the local worker already listed.
  while (std::chrono::steady_clock::now() < deadline && (health = healthOf(address, 1s)) != 1)
    std::this_thread::sleep_for(2ms);
  ASSERT_EQ(health, 1) << server.stderrText();
  client::Client client(config);
  auto status = client.status();
  ASSERT_TRUE(std::holds_alternative<v1::StatusReply>(status));
  EXPECT_GE(std::get<v1::StatusReply>(status).workers_size(), 1) << "SERVING before the local worker was in";
  auto out = compiled.get();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out)) << std::get<client::ClientError>(out).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(out).summary.ok());
  server.signal(SIGTERM);
  EXPECT_TRUE(server.wait(15s));
  fs::remove_all(dir);
}

// Health over a channel of its own (a local subchannel pool), so it has its
// own TCP connection and does not share another channel's.
int healthOnOwnConnection(const std::shared_ptr<grpc::Channel> &channel, std::chrono::milliseconds timeout) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) { done.set_value(s); });
  return done.get_future().get().ok() ? 1 : 0;
}

std::shared_ptr<grpc::Channel> ownChannel(const std::string &address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// Finding 7: bare TCP connects that send nothing must not hold kilnd's
// descriptors, nor end its accepting. Under RLIMIT_NOFILE 128, 300 of them
// (far past the limit): each is closed within --handshake-timeout of being
// accepted, and once they are gone kilnd answers. gRPC 1.51's own listener
// stopped accepting for good at the first EMFILE, so with --no-accept-loop
// (or before kilnd accepted for itself) this fails.
TEST(Kilnd, BareConnectsAreClosedAndDoNotExhaustDescriptors) {
  if (!fs::exists("/usr/bin/prlimit")) GTEST_SKIP() << "needs prlimit (util-linux) to lower kilnd's descriptor limit";
  fs::path dir = fs::temp_directory_path() / ("kilnd-fds-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  test::ChildProcess server({"/usr/bin/prlimit", "--nofile=128:128", kilnd(), "--listen", "127.0.0.1:0",
                             "--no-local-worker", "--data-dir", (dir / "data").string(), "--handshake-timeout", "1",
                             "--port-file", (dir / "port").string()},
                            (dir / "kilnd.log").string());
  std::string port = awaitPort(dir / "port");
  ASSERT_FALSE(port.empty()) << server.stderrText();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
  std::vector<int> sockets;
  auto first_connected = std::chrono::steady_clock::now();
  for (int i = 0; i < 300; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0) << i;
    sockets.push_back(fd);
  }
  // The first one is accepted at once and closed once its handshake bound
  // (1 s) passes; kilnd says nothing to a client that has said nothing.
  timeval wait{15, 0};
  setsockopt(sockets.front(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  char buffer[256];
  ssize_t got;
  while ((got = ::recv(sockets.front(), buffer, sizeof buffer, 0)) > 0) {
  }
  EXPECT_EQ(got, 0) << "kilnd kept a connection that never said anything";
  EXPECT_LT(std::chrono::steady_clock::now() - first_connected, 6s) << "not closed within --handshake-timeout";
  for (int fd : sockets) ::close(fd);
  client::ClientConfig config;
  config.server = "127.0.0.1:" + port;
  config.timeout = 10s;
  config.max_attempts = 5;
  client::Client client(config);
  auto status = client.status();
  EXPECT_TRUE(std::holds_alternative<v1::StatusReply>(status))
      << std::get<client::ClientError>(status).message << "\n" << server.stderrText();
  server.signal(SIGTERM);
  EXPECT_TRUE(server.wait(15s));
  fs::remove_all(dir);
}

// kilnd binds plain-TCP addresses itself: each form serves, and port 0
// reports the port the kernel picked (--port-file).
TEST(Kilnd, ServesOnEachPlainTcpAddressFormWithPortZero) {
  fs::path dir = fs::temp_directory_path() / ("kilnd-forms-" + std::to_string(getpid()));
  std::vector<std::string> forms = {"127.0.0.1:0", "0.0.0.0:0", "localhost:0"};
  if (int probe = ::socket(AF_INET6, SOCK_STREAM, 0); probe >= 0) {
    sockaddr_in6 loop6{};
    loop6.sin6_family = AF_INET6;
    loop6.sin6_addr = in6addr_loopback;
    if (::bind(probe, reinterpret_cast<sockaddr *>(&loop6), sizeof loop6) == 0) forms.push_back("[::]:0");
    ::close(probe);
  }
  for (const std::string &listen : forms) {
    SCOPED_TRACE(listen);
    fs::remove_all(dir);
    fs::create_directories(dir);
    test::ChildProcess server({kilnd(), "--listen", listen, "--no-local-worker", "--data-dir",
                               (dir / "data").string(), "--port-file", (dir / "port").string()},
                              (dir / "kilnd.log").string());
    std::string port = awaitPort(dir / "port");
    ASSERT_FALSE(port.empty()) << server.stderrText();
    EXPECT_NE(port, "0");
    // The wildcards and localhost all take IPv4 loopback.
    client::ClientConfig config;
    config.server = "127.0.0.1:" + port;
    config.timeout = 10s;
    client::Client client(config);
    auto status = client.status();
    EXPECT_TRUE(std::holds_alternative<v1::StatusReply>(status)) << server.stderrText();
    EXPECT_EQ(healthOf(config.server, 5s), 1);
    EXPECT_NE(server.stderrText().find("accepted by: kilnd"), std::string::npos) << server.stderrText();
    server.signal(SIGTERM);
    std::optional<int> code = server.wait(15s);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, 0) << server.stderrText();
  }
  fs::remove_all(dir);
}

// --max-connections counts every connection kilnd holds, those still to
// send their preface and those gRPC serves; past it connects wait in the
// backlog, and a slot frees when a connection closes, from either side.
TEST(Kilnd, MaxConnectionsHoldsNewConnectsInTheBacklogUntilOneCloses) {
  fs::path dir = fs::temp_directory_path() / ("kilnd-cap-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  test::ChildProcess server({kilnd(), "--listen", "127.0.0.1:0", "--no-local-worker", "--data-dir",
                             (dir / "data").string(), "--port-file", (dir / "port").string(), "--max-connections",
                             "2", "--handshake-timeout", "60"},
                            (dir / "kilnd.log").string());
  std::string port = awaitPort(dir / "port");
  ASSERT_FALSE(port.empty()) << server.stderrText();
  std::string address = "127.0.0.1:" + port;
  auto a = ownChannel(address);
  ASSERT_EQ(healthOnOwnConnection(a, 10s), 1) << server.stderrText();
  // A bare connect takes the second slot (held for its preface).
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
  int bare = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(::connect(bare, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
  std::this_thread::sleep_for(300ms);  // accepted by now
  auto b = ownChannel(address);
  EXPECT_EQ(healthOnOwnConnection(b, 1500ms), 0) << "a third connection was served past --max-connections 2";
  ::close(bare);
  EXPECT_EQ(healthOnOwnConnection(b, 10s), 1) << "the bare connect's slot was not freed\n" << server.stderrText();
  // Both slots are a's and b's now; dropping a frees one for c.
  a.reset();
  auto c = ownChannel(address);
  EXPECT_EQ(healthOnOwnConnection(c, 10s), 1) << "a closed connection still counted\n" << server.stderrText();
  EXPECT_EQ(healthOnOwnConnection(b, 5s), 1);
  server.signal(SIGTERM);
  EXPECT_TRUE(server.wait(15s));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kiln
