#!/usr/bin/env bash
# Runs frontend_bench with repetitions and writes the medians and ratios to
# bench/results/frontend.md, with a description of the machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/build/bin/frontend_bench"
out="$root/bench/results/frontend.md"
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
"$bin" --benchmark_repetitions="${REPS:-10}" --benchmark_report_aggregates_only=true \
       --benchmark_format=json --benchmark_out="$json" --benchmark_out_format=json >/dev/null
mkdir -p "$(dirname "$out")"
python3 - "$json" "$out" <<'PY'
import json, sys, platform, subprocess, datetime
data = json.load(open(sys.argv[1]))
med = {}
for b in data["benchmarks"]:
    if b.get("aggregate_name") == "median":
        kind, example = b["run_name"].split("/")[:2]
        med.setdefault(example, {})[kind] = b["real_time"] if kind == "kiln-opt" else b["cpu_time"]
ctx = data["context"]
cpu = subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"], capture_output=True, text=True).stdout.strip()
mem = subprocess.run(["sh", "-c", "free -g | awk '/Mem:/{print $2}'"], capture_output=True, text=True).stdout.strip()
lines = [
  "# Front end: verify and digest per example (medians)",
  "",
  f"Measured {datetime.date.today()} on {cpu or 'unknown CPU'}, {ctx['num_cpus']} cores, {mem} GiB, "
  f"{platform.platform()}; {ctx['library_build_type']} google-benchmark, kiln built RelWithDebInfo.",
  "Medians of 10 repetitions, microseconds. Anchors in the same run: SHA-256 of the raw source",
  "(the floor for any content key) and kiln-opt (same parse+verify) spawned as a process per file.",
  "",
  "| example | verify µs | digest µs | sha256 floor µs | kiln-opt process µs | digest / floor | kiln-opt / digest |",
  "|---|---|---|---|---|---|---|",
]
for ex, m in sorted(med.items()):
    lines.append(f"| {ex} | {m['verify']:.0f} | {m['digest']:.0f} | {m['sha256']:.2f} | {m['kiln-opt']:.0f} | "
                 f"{m['digest']/m['sha256']:.0f}x | {m['kiln-opt']/m['digest']:.1f}x |")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
