#!/usr/bin/env bash
# Compile time against kernel size (issue #13: "at most linear"). Chains of
# 1k, 2k and 4k tile.add ops, and the same counts with a tile.broadcast
# between every two adds (a shape no element loop can merge), compiled
# through `kiln compile --local` to a cubin on the built-in path. Reports
# each stage's median over REPS runs, the ratio to the next smaller size,
# and ptxas on the same PTX as the anchor, to bench/results/scaling.md.
#   bench/run-scaling-bench.sh   # REPS=3 SIZES="1000 2000 4000" MIXED_SIZES="250 500 1000"
# The mix is still super-linear (one loop per reduction), so its sizes are
# smaller and it runs once each.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kiln="$root/build/bin/kiln"
ptxas="${PTXAS:-/usr/local/cuda/bin/ptxas}"
reps="${REPS:-3}"
sizes="${SIZES:-1000 2000 4000}"
mixed_sizes="${MIXED_SIZES:-250 500 1000}"
out="${OUT:-$root/bench/results/scaling.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$reps" "$kiln" "$ptxas" "$out" "$sizes" "$mixed_sizes" <<'PY'
import json, os, platform, statistics, subprocess, sys, time, datetime
work, reps, kiln, ptxas, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
sizes = [int(s) for s in sys.argv[6].split()]
mixed_sizes = [int(s) for s in sys.argv[7].split()]

def chain(n, interleaved):
    lines = ['func.func @chain(%x: memref<4096xf32>, %c: memref<4096x1xf32>, %z: memref<4096xf32>)',
             '    attributes {tile.kernel, tile.grid = array<i64: 16>} {',
             '  %i = tile.program_id 0 : index',
             '  %t0 = tile.load %x[%i] : memref<4096xf32> -> !tile.tile<1x256xf32>']
    for k in range(1, n + 1):
        if interleaved and k % 2 == 0:
            lines.append(f'  %s{k} = tile.reduce_sum %t{k-1} {{axis = 0}} : !tile.tile<1x256xf32> -> !tile.tile<1x256xf32>')
            lines.append(f'  %t{k} = tile.add %s{k}, %t0 : !tile.tile<1x256xf32>')
        else:
            lines.append(f'  %t{k} = tile.add %t{k-1}, %t0 : !tile.tile<1x256xf32>')
    lines += [f'  tile.store %t{n}, %z[%i] : !tile.tile<1x256xf32>, memref<4096xf32>', '  return', '}']
    return '\n'.join(lines) + '\n'

def run(n, interleaved, reps):
    name = f'{"mixed" if interleaved else "chain"}_{n}'
    src = os.path.join(work, name + '.mlir')
    open(src, 'w').write(chain(n, interleaved))
    stages, walls, anchor = {}, [], []
    for _ in range(reps):
        o = os.path.join(work, name)
        t = time.monotonic()
        p = subprocess.run([kiln, 'compile', '--local', src, '--target', 'sm_90', '--emit', 'ptx', '--emit', 'cubin',
                            '-o', o, '--json'], capture_output=True, text=True)
        walls.append(time.monotonic() - t)
        if p.returncode != 0:
            sys.exit(f'{name}: kiln failed: {p.stderr[-2000:]}')
        for k, v in json.loads(p.stdout)['timings_ms'].items():
            stages.setdefault(k, []).append(v / 1000)
        ptx = os.path.join(o, name + '.ptx')
        t = time.monotonic()
        subprocess.run([ptxas, '-arch=sm_90', ptx, '-o', os.path.join(work, 'anchor.cubin')], check=True)
        anchor.append(time.monotonic() - t)
    row = {k: statistics.median(v) for k, v in stages.items()}
    row['total'] = statistics.median(walls)
    row['raw ptxas'] = statistics.median(anchor)
    return row

cols = ['total', 'frontend', 'plan', 'lower', 'llvm-ptx', 'ptxas', 'raw ptxas']
cpu = subprocess.run(['sh', '-c', "lscpu | sed -n 's/^Model name: *//p'"], capture_output=True, text=True).stdout.strip()
lines = ['# Compile time against kernel size (medians, seconds)', '',
         f'Measured {datetime.date.today()} on {cpu or "unknown CPU"}, {os.cpu_count()} cores, {platform.platform()};',
         f'kiln built RelWithDebInfo; `kiln compile --local`, built-in path, PTX + cubin for sm_90; {reps} runs each (the mix: 1).',
         'Goal (issue #13): compile time at most linear in kernel size, i.e. a ratio near 2.0 per doubling.',
         '`raw ptxas` is the anchor: ptxas alone on the PTX kiln wrote, unsandboxed.', '']
for interleaved in (False, True):
    what = ('tile.add chains: consecutive pointwise ops share one element loop' if not interleaved else
            'adds with a tile.reduce_sum between every two: each reduction is its own loop and barrier')
    lines += [f'## {what}', '', '| ops | ' + ' | '.join(cols) + ' | total ratio |', '|' + '---|' * (len(cols) + 2)]
    prev = None
    for n in (mixed_sizes if interleaved else sizes):
        r = run(n, interleaved, 1 if interleaved else reps)
        ratio = f'{r["total"] / prev:.2f}x' if prev else '-'
        lines.append(f'| {n} | ' + ' | '.join(f'{r.get(c, 0):.3f}' for c in cols) + f' | {ratio} |')
        prev = r['total']
        print(lines[-1], flush=True)
    lines.append('')
os.makedirs(os.path.dirname(out), exist_ok=True)
open(out, 'w').write('\n'.join(lines) + '\n')
print('wrote', out)
PY
