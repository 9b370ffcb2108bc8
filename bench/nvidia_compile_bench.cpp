// Compile-time benchmark of the two NVIDIA paths on every example, in one
// run, with the toolchain anchors measured beside them:
//   builtin-cubin  kiln: front end, plan, lower, LLVM PTX in-process, ptxas (sandboxed)
//   nvcc-cubin     kiln: front end, plan, lower, CUDA C, nvcc -cubin (sandboxed)
//   nvcc-ptx       nvcc -ptx on the same CUDA C (sandboxed)
//   raw nvcc-cubin / raw ptxas  the bare tools on the same inputs, no sandbox:
//                  the floor that kiln's paths are measured against
// Prints a Markdown table of medians and ratios; --out writes it to a file.
#include <spawn.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "bench/bench_support.h"
#include "worker/backends/nvidia/nvidia_compile.h"

extern char **environ;

namespace {

using kiln::bench::machine;
using kiln::bench::median;
using kiln::bench::readFile;
using kiln::bench::timeMs;

bool run(const std::vector<std::string> &argv) {
  std::vector<char *> args;
  for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

const std::string *artifact(const kiln::CompileResult &r, const std::string &kind) {
  for (const kiln::Artifact &a : r.artifacts)
    if (a.kind == kind) return &a.bytes;
  return nullptr;
}

}  // namespace

int main(int argc, char **argv) {
  CLI::App app{"Times kiln's built-in and nvcc paths to a cubin on every example kernel"};
  int reps = 7;
  std::string target = "sm_90", out;
  std::vector<std::string> dirs = {KILN_SHARED_DIR "/examples", KILN_SOURCE_DIR "/examples"};
  app.add_option("--reps", reps, "Repetitions per measurement (the median is reported)")->capture_default_str();
  app.add_option("--target", target, "NVIDIA target")->capture_default_str();
  app.add_option("--out", out, "Also write the Markdown report to this file");
  app.add_option("--examples", dirs, "Folders of .mlir examples")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  kiln::nvidia::Toolchains env = kiln::nvidia::Toolchains::discover({});
  if (!env.nvcc() || !env.ptxas()) {
    std::cerr << "nvidia_compile_bench: needs nvcc and ptxas (CUDA under /usr/local/cuda)\n";
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (const std::string &dir : dirs)
    for (const auto &e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".mlir") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  std::filesystem::path scratch = std::filesystem::temp_directory_path() / "kiln-bench";
  std::filesystem::create_directories(scratch);
  std::ostringstream table;
  table << "| example | builtin→cubin ms | nvcc→cubin ms | nvcc -ptx ms | raw nvcc -cubin ms | raw ptxas ms | "
           "nvcc→cubin / builtin |\n|---|---|---|---|---|---|---|\n";
  double worst = 1e9;
  for (const auto &file : files) {
    kiln::CompileRequest request;
    request.source = {file.filename().string(), readFile(file)};
    request.target = target;
    request.emit = {kiln::Emit::kPtx, kiln::Emit::kCubin, kiln::Emit::kCuda};
    kiln::CompileResult probe = kiln::nvidia::compile(request, env);
    if (!probe.ok()) {
      table << "| " << file.stem().string() << " | does not fit " << target << " | | | | | |\n";
      continue;
    }
    std::ofstream(scratch / "k.cu") << *artifact(probe, "cuda");
    std::ofstream(scratch / "k.ptx") << *artifact(probe, "ptx");
    std::vector<double> builtin, viaNvcc, nvccPtx, rawNvcc, rawPtxas;
    for (int i = 0; i < reps; ++i) {
      kiln::CompileRequest b = request;
      b.emit = {kiln::Emit::kCubin};
      builtin.push_back(timeMs([&] { kiln::nvidia::compile(b, env); }));
      kiln::CompileRequest n = b;
      n.via = kiln::CompilePath::kNvcc;
      viaNvcc.push_back(timeMs([&] { kiln::nvidia::compile(n, env); }));
      nvccPtx.push_back(timeMs([&] { env.nvcc()->compile({*artifact(probe, "cuda"), target, kiln::Emit::kPtx}); }));
      rawNvcc.push_back(timeMs([&] {
        run({env.nvcc()->identity().path, "-arch=" + target, "-cubin", "-o", (scratch / "k.cubin").string(),
             (scratch / "k.cu").string()});
      }));
      rawPtxas.push_back(timeMs([&] {
        run({env.ptxas()->identity().path, "-arch=" + target, "-o", (scratch / "k2.cubin").string(),
             (scratch / "k.ptx").string()});
      }));
    }
    double ratio = median(viaNvcc) / median(builtin);
    worst = std::min(worst, ratio);
    char row[512];
    std::snprintf(row, sizeof row, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1fx |\n", file.stem().c_str(),
                  median(builtin), median(viaNvcc), median(nvccPtx), median(rawNvcc), median(rawPtxas), ratio);
    table << row;
  }
  std::filesystem::remove_all(scratch);
  std::ostringstream report;
  report << "# NVIDIA compile time: built-in path vs nvcc (target " << target << ")\n\n"
         << "Machine: " << machine() << "; " << env.nvcc()->identity().key() << "; "
         << env.ptxas()->identity().key() << ".\n"
         << "Medians of " << reps << " runs, wall milliseconds, all columns measured in the same run.\n"
         << "kiln's tool runs are sandboxed (bubblewrap, rlimits); the raw columns run the bare tools.\n\n"
         << table.str() << "\nSmallest speed-up of the built-in path over nvcc: " << worst << "x (goal: 5x).\n";
  std::cout << report.str();
  if (!out.empty()) std::ofstream(out) << report.str();
  return 0;
}
