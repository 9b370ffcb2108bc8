// What of an AscendTarget may reach bisheng's or ptoas's argv. Targets come
// from kiln's own table, but a target is a plain struct anyone can fill, so
// every string the drivers would pass is checked here first: a name or arch
// with `;`, a space or a path in it, or a flag that is not one CANN's build
// files use, refuses the job before anything runs. MLIR-free.
#pragma once

#include <optional>
#include <string_view>

#include "core/diagnostic.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend {

/// Why `target` must not reach `tool`'s command line: null, or a name,
/// SoC or arch string with characters other than [A-Za-z0-9_.-], or an
/// extra bisheng flag not of the forms -D<macro>[=<word>], --cce-<option>
/// [=<word>] or -mllvm -cce-<option>[=<word>].
std::optional<Diagnostic> checkTarget(const AscendTarget *target, std::string_view tool);

/// A non-empty word of [A-Za-z0-9_.-]: safe as (part of) one argv entry.
bool isPlainWord(std::string_view text);

}  // namespace kiln::ascend
