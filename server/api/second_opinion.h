// Poisoning resistance: which results need a second worker's agreement
// before kilnd caches them, and what agreement is. A result from an
// untrusted worker always does; so does a configured fraction of every
// miss (ServerConfig::second_opinion_fraction), picked by the key so that
// every request joining one job decides alike. It rests on a fact the
// tests check: the same request on two workers with the same toolchain
// profile gives byte-identical artifacts.
#pragma once

#include <string>

#include "core/compile_result.h"

namespace kiln::server {

/// Whether the result of the job `key` (hex), made by a worker that is or
/// is not trusted, must be checked by a second worker before it is cached.
bool needsSecondOpinion(const std::string &key, bool worker_trusted, double fraction);

/// Whether two results of one request agree: the same outcome and the same
/// artifacts (name, kind and bytes) in the same order. Diagnostics may
/// differ in wording between machines and are not compared.
bool sameArtifacts(const CompileResult &a, const CompileResult &b);

}  // namespace kiln::server
