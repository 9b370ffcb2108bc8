// Artifact names and result shapes (proto/convert/artifact_names.h): a name
// that could leave the client's output folder, a kind nobody makes, or a
// result that is not what the request asked for is refused; so is a cache
// entry written with such a name by an older kiln.
#include <gtest/gtest.h>

#include "cache/digest.h"
#include "kiln/v1/worker.pb.h"
#include "proto/convert/artifact_names.h"
#include "proto/convert/cached_result.h"

namespace kiln::wire {
namespace {

CompileResult okResult(std::vector<Artifact> artifacts) {
  CompileResult r;
  r.artifacts = std::move(artifacts);
  return r;
}

TEST(ArtifactNames, OnlyPlainFileNamesPass) {
  for (const char *good : {"gemm.ptx", "vec_add.cubin", "launch.json", "k-1.cu", "a"})
    EXPECT_EQ(artifactNameProblem(good), "") << good;
  for (std::string bad : {std::string("../x"), std::string("/tmp/x"), std::string("a/b"), std::string(".."),
                          std::string("."), std::string(".bashrc"), std::string("a\\b"), std::string(""),
                          std::string("a\0b", 3), std::string("a\nb"), std::string(kMaxArtifactNameBytes + 1, 'a')})
    EXPECT_NE(artifactNameProblem(bad), "") << quotedName(bad);
  EXPECT_EQ(artifactNameProblem(std::string(kMaxArtifactNameBytes, 'a')), "");
  // Messages show a hostile name without its control bytes.
  EXPECT_EQ(quotedName(std::string("a\0b\n", 4)), "'a\\x00b\\x0a'");
}

TEST(ArtifactNames, KindsAreTheEmitKindsAndLaunch) {
  for (const char *kind : {"ptx", "cubin", "cuda", "fatbin", "launch"}) EXPECT_TRUE(isArtifactKind(kind)) << kind;
  for (const char *kind : {"", "exe", "PTX", "launch.json"}) EXPECT_FALSE(isArtifactKind(kind)) << kind;
}

TEST(ResultShape, AResultHoldsExactlyWhatWasAskedForPlusLaunchJson) {
  const std::vector<Emit> ptx_cubin = {Emit::kPtx, Emit::kCubin};
  EXPECT_EQ(resultShapeProblem(ptx_cubin, okResult({{"k.ptx", "ptx", "p"},
                                                    {"k.cubin", "cubin", "c"},
                                                    {"launch.json", "launch", "{}"}})),
            "");
  // Fewer than asked, more than asked, twice one kind, an unknown kind.
  EXPECT_NE(resultShapeProblem(ptx_cubin, okResult({{"k.ptx", "ptx", "p"}, {"launch.json", "launch", "{}"}})), "");
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, okResult({{"k.ptx", "ptx", "p"},
                                                       {"k.cu", "cuda", "c"},
                                                       {"launch.json", "launch", "{}"}})),
            "");
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, okResult({{"k.ptx", "ptx", "p"},
                                                       {"j.ptx", "ptx", "p"},
                                                       {"launch.json", "launch", "{}"}})),
            "");
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, okResult({{"k.ptx", "ptx", "p"},
                                                       {"k.exe", "exe", "p"},
                                                       {"launch.json", "launch", "{}"}})),
            "");
  // launch.json: exactly one, under that name; names unique.
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, okResult({{"k.ptx", "ptx", "p"}})), "");
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, okResult({{"k.ptx", "ptx", "p"}, {"run.json", "launch", "{}"}})), "");
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, okResult({{"launch.json", "ptx", "p"}, {"launch.json", "launch", "{}"}})),
            "");
  // A path anywhere is refused, whatever else is right.
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, okResult({{"../k.ptx", "ptx", "p"}, {"launch.json", "launch", "{}"}})),
            "");
  // A failed compile hands out nothing.
  CompileResult failed = failedResult("no");
  EXPECT_EQ(resultShapeProblem({Emit::kPtx}, failed), "");
  failed.artifacts = {{"k.ptx", "ptx", "p"}};
  EXPECT_NE(resultShapeProblem({Emit::kPtx}, failed), "");
}

TEST(CachedResult, AnEntryWithAPathForANameIsNotServed) {
  for (const char *name : {"../x", "/tmp/x", "k.ptx"}) {
    CompileResult result = okResult({{name, "ptx", "bytes"}, {"launch.json", "launch", "{}"}});
    cache::Manifest manifest = toManifest(result, "old-worker", "src");
    cache::ActionHit hit{manifest, {"bytes", "{}"}};
    std::optional<CachedResult> cached = fromCacheHit(hit);
    EXPECT_EQ(cached.has_value(), std::string(name) == "k.ptx") << name;
  }
  CompileResult unknown_kind = okResult({{"k.exe", "exe", "bytes"}});
  cache::ActionHit hit{toManifest(unknown_kind, "old-worker", "src"), {"bytes"}};
  EXPECT_FALSE(fromCacheHit(hit));
}

}  // namespace
}  // namespace kiln::wire
