#!/usr/bin/env bash
# Start time of the thin clients against the spawn floor (/bin/true), with
# hyperfine and no shell in between: `kiln --version` and `kiln-ptxas
# --help`, neither of which talks to kilnd (kiln-ptxas --version asks kilnd
# for ptxas's version, so it is not a start-time measure).
# Writes bench/results/startup.md (medians, and each as floor + N ms).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BUILD_DIR:-$root/build}/bin"
out="$root/bench/results/startup.md"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (deploy/install-deps.sh installs it)" >&2; exit 2; }
hyperfine -N --warmup 50 --runs "${RUNS:-500}" --export-json "$work/h.json" \
  -n true /bin/true -n "kiln --version" "$bin/kiln --version" -n "kiln-ptxas --help" "$bin/kiln-ptxas --help" >/dev/null
python3 - "$work/h.json" "$out" <<'PY'
import json, platform, statistics, sys, datetime
data = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) * 1000 for r in data}
floor = med["true"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
lines = [
    "# Thin client start time against the spawn floor (hyperfine -N, medians)", "",
    f"Measured {datetime.date.today()} on {cpu}, {len(open('/proc/cpuinfo').read().split('processor')) - 1} cores, "
    f"{platform.platform()}; kiln RelWithDebInfo. `bench/run-startup-bench.sh`, {len(data[0]['times'])} runs each.", "",
    "| command | median ms | over /bin/true | goal |", "|---|---|---|---|"]
for r in data:
    name = r["command"]
    goal = "" if name == "true" else ("<= 1 ms over the floor: " + ("met" if med[name] - floor <= 1.0 else "MISSED")
                                      if name == "kiln --version" else "")
    lines.append(f"| `{name}` | {med[name]:.2f} | +{med[name] - floor:.2f} ms ({med[name] / floor:.2f}x) | {goal} |")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
