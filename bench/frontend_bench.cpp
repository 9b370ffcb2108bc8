// The front end on every example, against its floors in the same run:
//   verify   parse + verify (kiln's rules included), per request
//   digest   verify + generic print + SHA-256: the IR part of each cache key
//   sha256   SHA-256 of the raw source bytes: the floor for any content key
//   kiln-opt the same parse + verify in a fresh process (mlir-opt with the
//            tile dialect): what a service pays that spawns a tool per request
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "worker/pipeline/frontend.h"

extern char **environ;

namespace {

std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void verify(benchmark::State &state, std::filesystem::path file) {
  kiln::SourceFile source{file.string(), readFile(file)};
  for (auto _ : state) {
    auto result = kiln::verifySource(source);
    if (!result.ok()) state.SkipWithError("example does not verify");
    benchmark::DoNotOptimize(result);
  }
}

void digest(benchmark::State &state, std::filesystem::path file) {
  kiln::SourceFile source{file.string(), readFile(file)};
  for (auto _ : state) {
    auto result = kiln::digestSource(source);
    if (!result.ok()) state.SkipWithError("example does not digest");
    benchmark::DoNotOptimize(result);
  }
}

void sha256Floor(benchmark::State &state, std::filesystem::path file) {
  std::string text = readFile(file);
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  for (auto _ : state) {
    EVP_Digest(text.data(), text.size(), hash, &length, EVP_sha256(), nullptr);
    benchmark::DoNotOptimize(hash);
  }
}

void kilnOptProcess(benchmark::State &state, std::filesystem::path file) {
  std::string path = file.string();
  std::string tool = KILN_BIN_DIR "/kiln-opt";
  const char *argv[] = {tool.c_str(), path.c_str(), "-o", "/dev/null", nullptr};
  for (auto _ : state) {
    pid_t pid;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, const_cast<char **>(argv), environ) != 0) {
      state.SkipWithError("kiln-opt not found");
      break;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) state.SkipWithError("kiln-opt failed");
  }
}

int registerAll() {
  std::vector<std::filesystem::path> files;
  for (const char *dir : {KILN_SHARED_DIR "/examples", KILN_SOURCE_DIR "/examples"})
    for (const auto &entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".mlir") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto &file : files) {
    std::string name = file.stem().string();
    benchmark::RegisterBenchmark(("verify/" + name).c_str(), verify, file)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("digest/" + name).c_str(), digest, file)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("sha256/" + name).c_str(), sha256Floor, file)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("kiln-opt/" + name).c_str(), kilnOptProcess, file)
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
  }
  return 0;
}

const int registered = registerAll();

}  // namespace

BENCHMARK_MAIN();
