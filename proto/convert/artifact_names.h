// What an artifact may be called and what a compile's result must hold.
// Artifact names become file names on the client (kiln compile -o DIR
// writes DIR/<name>), so a name that a worker, a cache entry or a kilnd
// made up must never reach a path outside DIR. Every hop that takes a
// result from someone it does not control checks it here: kilnd for a
// worker's result and for a cache entry, the client for kilnd's reply.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/compile_result.h"
#include "core/emit.h"

namespace kiln::wire {

// Longer than any name kiln makes (a source stem plus ".fatbin"), well under
// every file system's NAME_MAX of 255.
inline constexpr std::size_t kMaxArtifactNameBytes = 200;
// A result's tool log (ptxas -v for a PTX input with thousands of entries
// runs to a few hundred KiB): beyond this a worker is not telling the truth.
inline constexpr std::size_t kMaxToolLogBytes = std::size_t{1} << 20;
// The launch metadata's one name and kind (core/compile_result.h).
inline constexpr std::string_view kLaunchName = "launch.json";
inline constexpr std::string_view kLaunchKind = "launch";

// Why `name` cannot be an artifact's file name, quoting it safely; empty
// when it is a plain file name: not empty, at most kMaxArtifactNameBytes,
// no '/', '\\', NUL or control character, not starting with '.'.
std::string artifactNameProblem(std::string_view name);

// One of emitName()'s kinds or "launch".
bool isArtifactKind(std::string_view kind);

// Why `result` is not what a compile of `emit` makes; empty when it is.
// Every name must be plain and every kind known, names unique. A result
// with errors holds no artifacts (a failed compile hands out nothing); one
// without holds exactly one artifact per kind asked for and one launch.json.
std::string resultShapeProblem(const std::vector<Emit> &emit, const CompileResult &result);

// The name as it can be shown in a message: quoted, with bytes that are
// not printable ASCII escaped, cut to a readable length.
std::string quotedName(std::string_view name);

}  // namespace kiln::wire
