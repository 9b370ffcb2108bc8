#include "client/cli/compile_many.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "client/cli/compile_file.h"
#include "client/cli/exit_codes.h"

namespace kiln::cli {
namespace {

// A call that got no answer says more about the run than a compile that
// failed, so it wins when the files disagree.
int worse(int a, int b) {
  auto rank = [](int code) { return code == kExitOk ? 0 : code == kExitFailure ? 1 : 2; };
  return rank(b) > rank(a) ? b : a;
}

class Progress {
 public:
  Progress(size_t total, bool quiet) : total_(total), quiet_(quiet), terminal_(isatty(STDERR_FILENO)) {}

  void done(const std::string &file, int code, bool hit) {
    ++done_;
    hits_ += hit;
    failed_ += code != kExitOk;
    if (quiet_) return;
    if (terminal_) {
      std::cerr << "\r\033[Kkiln: " << done_ << "/" << total_ << " done, " << hits_ << " hit(s), " << failed_
                << " failed" << (done_ == total_ ? "\n" : "") << std::flush;
    } else {
      std::cerr << "kiln: [" << done_ << "/" << total_ << "] " << file << ": "
                << (code == kExitOk ? (hit ? "ok (cache hit)" : "ok") : "failed") << "\n";
    }
  }
  // Before a file's own lines, so they do not run into the progress line.
  void clearLine() const {
    if (!quiet_ && terminal_ && done_ > 0) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  size_t total_, done_ = 0, hits_ = 0, failed_ = 0;
  bool quiet_, terminal_;
};

}  // namespace

int compileMany(const CompileOptions &options, const std::vector<std::string> &files, const RemoteOptions &remote,
                const LocalCompile &local) {
  // Each file's artifacts go to -o/<stem>/: two files of one stem would
  // write over each other, so that is refused before anything runs.
  std::map<std::string, std::string> stems;
  for (const std::string &file : files) {
    std::string stem = std::filesystem::path(file).stem().string();
    if (file == "-" || stem.empty()) {
      std::cerr << "kiln: error: standard input ('-') is one source only; name files to compile several\n";
      return kExitUsage;
    }
    auto [it, fresh] = stems.emplace(stem, file);
    if (!fresh) {
      std::cerr << "kiln: error: " << it->second << " and " << file << " would both write " << options.out_dir << "/"
                << stem << "/; compile them in separate runs\n";
      return kExitUsage;
    }
  }
  std::vector<CompileOptions> each(files.size(), options);
  for (size_t i = 0; i < files.size(); ++i) {
    each[i].file = files[i];
    each[i].out_dir = (std::filesystem::path(options.out_dir) / std::filesystem::path(files[i]).stem()).string();
  }

  std::mutex mutex;  // writing and printing, one file at a time
  Progress progress(files.size(), false);
  nlohmann::json reports = nlohmann::json::array();
  std::vector<nlohmann::json> by_file(files.size());
  int status = kExitOk;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      FileCompile run = compileFile(each[i], remote, local);
      std::lock_guard<std::mutex> lock(mutex);
      progress.clearLine();
      int code = finishFile(each[i], run, options.json ? &by_file[i] : nullptr);
      status = worse(status, code);
      progress.done(files[i], code, run.cache_hit);
    }
  };
  // kiln-local compiles in this process, one at a time; kilnd takes many.
  size_t threads = options.local ? 1 : std::min<size_t>(files.size(), static_cast<size_t>(std::max(options.jobs, 1)));
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::thread &t : pool) t.join();
  if (options.json) {
    for (nlohmann::json &report : by_file) reports.push_back(std::move(report));
    std::cout << reports.dump(2) << "\n";
  }
  return status;
}

}  // namespace kiln::cli
