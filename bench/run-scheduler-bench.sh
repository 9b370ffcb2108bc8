#!/usr/bin/env bash
# Builds and runs scheduler_bench (100,000 jobs for 10, 100 and 1,000 fake
# workers, with its anchors in the same run) and writes medians and ratios
# to bench/results/scheduler.md, with the machine described.
#   BUILD_DIR (default build), JOBS (default 100000), WORKERS (10,100,1000),
#   REPS (whole runs, default 3; each row reports the median of their
#   medians), PARALLEL (build jobs, default 1)
#   BEFORE (default bench/results/scheduler-before.json): the same bench's
#   output for the scheduler before per-platform queues (commit b2c592d,
#   which scanned every worker per job), shown beside when the file exists.
#   It was made once by building that commit's server/scheduler/ with this
#   bench, its two wait() calls given a second argument, nullptr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
out="$root/bench/results/scheduler.md"
cmake --build "$build" --target scheduler_bench --parallel "${PARALLEL:-1}" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq "${REPS:-3}"); do
  "$build/bin/scheduler_bench" --jobs "${JOBS:-100000}" --workers "${WORKERS:-10,100,1000}" >"$work/run-$rep.json"
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$out")"
before="${BEFORE:-$root/bench/results/scheduler-before.json}"
python3 - "$out" "$load_before" "$load_after" "$before" "$work"/run-*.json <<'PY'
import json, sys, platform, subprocess, datetime, statistics
import os
runs = [json.load(open(path)) for path in sys.argv[5:]]
before = json.load(open(sys.argv[4]))["results"] if os.path.exists(sys.argv[4]) else []
def before_us(name, workers):
    return next((r["median_us"] for r in before if r["name"] == name and r["workers"] == workers), None)
data = runs[0]
def merged(i):
    same = [run["results"][i] for run in runs]
    row = dict(same[0])
    for field in ("median_us", "p99_us", "mean_us"):
        row[field] = statistics.median(r[field] for r in same)
    return row
rows = [merged(i) for i in range(len(data["results"]))]
sh = lambda c: subprocess.run(["sh", "-c", c], capture_output=True, text=True).stdout.strip()
cpu = sh("lscpu | sed -n 's/^Model name: *//p'")
cores = sh("nproc")
mem = sh("free -g | awk '/Mem:/{print $2}'")
anchor = {r["name"]: r for r in rows if r["workers"] == 0}
floor, handoff = anchor["floor"], anchor["handoff"]
goal = 20.0
lines = [
  "# Scheduler: overhead per job with fake workers (medians)",
  "",
  f"Measured {datetime.date.today()} on {cpu or 'unknown CPU'}, {cores} cores, {mem} GiB, {platform.platform()}; "
  f"kiln built RelWithDebInfo. Load average before/after: {sys.argv[2]} / {sys.argv[3]} "
  "(the machine is shared with other builds; the threaded rows feel that most).",
  f"{len(runs)} runs of {data['jobs']:,} jobs per row (each figure: the median over runs), each job timed alone from submit() until wait() returns (submit, assigned and sent, "
  "complete, wait), after a warm-up. Workers have 2 slots each and serve one platform.",
  "",
  "- inline: one thread plays client and workers; a window of one job per worker stays in flight, each step "
  "submits a job and completes, then waits for, the oldest. The scheduler's own CPU cost.",
  "- threaded: a client thread submits and waits (blocked on the job's condition variable); a worker thread "
  "answers each send, as a worker's stream would. One job per worker is held running, so every worker is in the index.",
  "- floor (anchor): the bookkeeping any scheduler does per job, bare: a shared_ptr'd job, a std::map insert "
  "and erase, three uncontended mutex lock/unlock pairs.",
  "- handoff (anchor): one round trip between two threads through a bare mutex and condition variable, the floor of threaded.",
  "",
  f"Anchors, same run: floor {floor['median_us']:.2f} µs median (p99 {floor['p99_us']:.2f}), "
  f"handoff {handoff['median_us']:.2f} µs median (p99 {handoff['p99_us']:.2f}).",
  "",
  f"## Per-job overhead (goal: at most {goal:.0f} µs median, flat from 10 to 1,000 workers)",
  "",
  "| mode | workers | median µs | p99 µs | mean µs | anchor | median / anchor | before: median µs | goal |",
  "|---|---|---|---|---|---|---|---|---|",
]
for r in rows:
    if r["workers"] == 0: continue
    a = floor if r["name"] == "inline" else handoff
    ok = "met" if r["median_us"] <= goal else "MISSED"
    b = before_us(r["name"], r["workers"])
    lines.append(f"| {r['name']} | {r['workers']:,} | {r['median_us']:.2f} | {r['p99_us']:.2f} | {r['mean_us']:.2f} | "
                 f"{a['name']} | {r['median_us']/a['median_us']:.2f}x | {'-' if b is None else f'{b:.2f}'} | {ok} |")
def med(name, w): return next(r["median_us"] for r in rows if r["name"] == name and r["workers"] == w)
counts = sorted({r["workers"] for r in rows if r["workers"]})
if len(counts) > 1:
    lo, hi = counts[0], counts[-1]
    lines += ["", f"Growth {lo:,} -> {hi:,} workers (median at {hi:,} / median at {lo:,}): "
              f"inline {med('inline', hi)/med('inline', lo):.2f}x, threaded {med('threaded', hi)/med('threaded', lo):.2f}x."]
if before:
    lines += ["", "before: the scheduler of commit b2c592d (one queue, every worker scanned for every queued job), "
              "the same bench run once earlier on this machine (bench/results/scheduler-before.json)."]
lines += [
  "",
  "Assigning a job takes the least loaded entry of its platform's ordered set of free workers, and a",
  "worker's load change moves it within the sets of the platforms it serves: O(log workers) per job,",
  "where the scheduler before this scanned every worker for every queued job. Nothing here compiles;",
  "next to a compile of 100+ ms or a cache hit of 10+ µs the scheduler's share is small.",
]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
