#!/usr/bin/env bash
# kilnd against its anchors, in one run, on one kernel (KERNEL, default the
# shared gemm example) for sm_90. Writes bench/results/service.md with the
# machine described. Every process-level figure is timed the same way (spawn
# to exit, from Python), with /bin/true as the floor of that harness.
#
#   - a warm hit through the kiln CLI (process start included)
#   - ccache's and sccache's hits for `nvcc -c` of the same kernel's CUDA C
#     (as kiln's nvcc path emits it)
#   - a direct nvcc compile of that CUDA C
#   - warm hits through the client library: p50, p99 (service_bench)
#   - hit throughput with 8 concurrent clients (service_bench)
#   - a cold compile through kilnd (fresh cache) against local nvcc -cubin
#
# Needs ccache and sccache (installed here from Debian when missing) and nvcc.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BUILD_DIR:-$root/build}/bin"
out="$root/bench/results/service.md"
shared="${KILN_SHARED_DIR:-$root/../shared}"
kernel="${KERNEL:-$shared/examples/gemm.mlir}"
for tool in ccache sccache; do
  if ! command -v "$tool" >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$tool" >/dev/null
  fi
done
work="$(mktemp -d)"
trap 'kill $(cat "$work/pids" 2>/dev/null) 2>/dev/null || true; sccache --stop-server >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
python3 - "$bin" "$kernel" "$work" "$out" <<'PY'
import json, os, platform, statistics, subprocess, sys, time, datetime, shutil
bin_dir, kernel, work, out = sys.argv[1:5]
name = os.path.splitext(os.path.basename(kernel))[0]
nvcc = shutil.which("nvcc") or "/usr/local/cuda/bin/nvcc"
env = dict(os.environ, CCACHE_DIR=f"{work}/ccache", SCCACHE_DIR=f"{work}/sccache", SCCACHE_IDLE_TIMEOUT="0")

def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r

def timed(cmd, n):
    ts = []
    for _ in range(n):
        t = time.perf_counter(); run(cmd); ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts)

def start_kilnd(data):
    port_file = f"{work}/port"
    if os.path.exists(port_file): os.remove(port_file)
    p = subprocess.Popen([f"{bin_dir}/kilnd", "--listen", "127.0.0.1:0", "--data-dir", data, "--port-file", port_file],
                         stderr=subprocess.DEVNULL)
    with open(f"{work}/pids", "a") as f: f.write(f"{p.pid}\n")
    for _ in range(400):
        if os.path.exists(port_file) and open(port_file).read().strip(): break
        time.sleep(0.025)
    return p, "127.0.0.1:" + open(port_file).read().strip()

def stop(p):
    p.terminate(); p.wait()

N = int(os.environ.get("N", "30"))
kiln = f"{bin_dir}/kiln"
# The same kernel as CUDA C, for the nvcc-based anchors.
run([kiln, "compile", "--local", kernel, "--target", "sm_90", "--emit", "cuda", "-o", work])
cu = f"{work}/{name}.cu"
nvcc_c = [nvcc, "-c", cu, "-o", f"{work}/{name}.o", "-arch=sm_90"]

floor = timed(["/bin/true"], N)
server, address = start_kilnd(f"{work}/data")
compile_cmd = [kiln, "--server", address, "compile", kernel, "--target", "sm_90", "--emit", "ptx,cubin", "-o", f"{work}/out"]
run(compile_cmd)                                     # the miss
payload = sum(os.path.getsize(f"{work}/out/{f}") for f in os.listdir(f"{work}/out"))
cli_hit = timed(compile_cmd, N)
def service_bench(file, emit):
    return json.loads(run([f"{bin_dir}/service_bench", "--server", address, "--file", file, "--emit", emit,
                           "--calls", os.environ.get("CALLS", "2000"), "--clients", "8", "--seconds", "5"]).stdout)
lib = service_bench(kernel, "ptx,cubin")
small_kernel = os.path.join(os.path.dirname(kernel), "vec_add.mlir")
small = service_bench(small_kernel, "ptx")
stop(server)

run(["ccache", *nvcc_c]); ccache_hit = timed(["ccache", *nvcc_c], N)
run(["sccache", *nvcc_c]); sccache_hit = timed(["sccache", *nvcc_c], N)
sccache_stats = run(["sccache", "--show-stats"]).stdout
sccache_hits = next((l.split()[-1] for l in sccache_stats.splitlines() if l.startswith("Cache hits") and "rate" not in l), "?")
nvcc_direct = timed(nvcc_c, max(3, N // 6))

cold = []
for i in range(max(3, N // 6)):
    server, address = start_kilnd(f"{work}/cold{i}")
    t = time.perf_counter()
    run([kiln, "--server", address, "compile", kernel, "--target", "sm_90", "--emit", "cubin", "-o", f"{work}/cold-out"])
    cold.append((time.perf_counter() - t) * 1000)
    stop(server)
cold_ms = statistics.median(cold)
nvcc_cubin = timed([nvcc, "-cubin", cu, "-o", f"{work}/{name}.cubin", "-arch=sm_90"], max(3, N // 6))

sh = lambda c: subprocess.run(["sh", "-c", c], capture_output=True, text=True).stdout.strip()
cpu = sh("lscpu | sed -n 's/^Model name: *//p'")
mem = sh("free -g | awk '/Mem:/{print $2}'")
nvcc_version = sh(nvcc + " --version | tail -2 | head -1")
lines = [
  "# kilnd: warm hits, throughput and cold compiles against ccache, sccache and nvcc",
  "",
  f"Measured {datetime.date.today()} on {cpu}, {os.cpu_count()} cores, {mem} GiB, "
  f"{platform.platform()}; {nvcc_version}; {sh('ccache --version | head -1')}; "
  f"{sh('sccache --version')}. Kernel: `{os.path.basename(kernel)}` for sm_90 (PTX + cubin from kiln; "
  "the anchors compile kiln's CUDA C of the same kernel). kilnd is the embedded default (in-process worker, "
  "SQLite cache) on 127.0.0.1. Process timings are medians of "
  f"{N} runs, spawn to exit, from one Python harness whose own floor (`/bin/true`) is {floor:.2f} ms.",
  "",
  "## Warm hits",
  "",
  "| what | median ms | vs ccache hit | goal |",
  "|---|---|---|---|",
  f"| kiln CLI hit through kilnd (process start included) | {cli_hit:.2f} | {cli_hit / ccache_hit:.2f}x | ≤ 2 ms: {'met' if cli_hit <= 2 else 'not met'} |",
  f"| ccache hit, `nvcc -c` | {ccache_hit:.2f} | 1.00x | |",
  f"| sccache hit, `nvcc -c` (server hits: {sccache_hits}) | {sccache_hit:.2f} | {sccache_hit / ccache_hit:.2f}x | |",
  f"| nvcc -c, no cache | {nvcc_direct:.1f} | {nvcc_direct / ccache_hit:.0f}x | |",
  f"| harness floor, `/bin/true` | {floor:.2f} | | |",
  "",
  "## Through the client library",
  "",
  f"service_bench: {lib['calls']} sequential calls on one channel for latency, then {lib['clients']} client threads "
  "(a channel each) for 5 s for throughput, from one process on the same 2 cores as kilnd. The gRPC floor is "
  "`grpc.health.v1.Health/Check` on the same kilnd, same harness: an empty unary call that never reaches kiln code.",
  "",
  f"| what | {name} hit (PTX + cubin + launch.json, {payload / 1024:.0f} KiB) | vec_add hit (PTX only) | gRPC floor | goal |",
  "|---|---|---|---|---|",
  f"| p50 | {lib['hits']['p50_us']:.0f} µs | {small['hits']['p50_us']:.0f} µs | {lib['grpc_floor']['p50_us']:.0f} µs | ≤ 250 µs: {'met' if lib['hits']['p50_us'] <= 250 else 'not met'} |",
  f"| p90 | {lib['hits']['p90_us']:.0f} µs | {small['hits']['p90_us']:.0f} µs | {lib['grpc_floor']['p90_us']:.0f} µs | |",
  f"| p99 | {lib['hits']['p99_us']:.0f} µs | {small['hits']['p99_us']:.0f} µs | {lib['grpc_floor']['p99_us']:.0f} µs | |",
  f"| throughput, {lib['clients']} clients | {lib['hits']['throughput_per_s']:.0f} /s | {small['hits']['throughput_per_s']:.0f} /s | {lib['grpc_floor']['throughput_per_s']:.0f} /s | ≥ 10k/s: {'met' if lib['hits']['throughput_per_s'] >= 10000 else 'not met'} for {name}, {'met' if small['hits']['throughput_per_s'] >= 10000 else 'not met'} for vec_add |",
  f"| throughput / floor | {lib['hits']['throughput_per_s'] / lib['grpc_floor']['throughput_per_s']:.2f}x | {small['hits']['throughput_per_s'] / lib['grpc_floor']['throughput_per_s']:.2f}x | 1.00x | |",
  "",
  "## Cold compile (fresh cache)",
  "",
  "| what | median ms | ratio |",
  "|---|---|---|",
  f"| kiln compile through kilnd, PTX→cubin on the built-in path | {cold_ms:.0f} | {cold_ms / nvcc_cubin:.2f}x of nvcc |",
  f"| nvcc -cubin of the same kernel's CUDA C | {nvcc_cubin:.0f} | 1.00x |",
  "",
]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
