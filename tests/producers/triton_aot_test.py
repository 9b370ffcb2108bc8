#!/usr/bin/env python3
"""Triton as a real producer: compile kernels ahead of time, on a machine with
no GPU, once with a reference ptxas and once with a candidate (kiln-ptxas),
and require byte-identical cubins.

    triton_aot_test.py --candidate-ptxas build/bin/kiln-ptxas [--corpus-dir DIR]

Each side runs in a child process of its own (Triton caches the tools it
found per process) with a fresh TRITON_CACHE_DIR, so Triton's cache never
answers, and with TRITON_PTXAS_PATH *and* TRITON_PTXAS_BLACKWELL_PATH set
(Triton 3.9 takes the second for sm_90 and up). Triton falls back to its
bundled ptxas without a word when the named one fails `--version`; the child
checks which ptxas Triton resolved and records every call it made to it, so a
fallback or a cache answer fails the test instead of passing it.

--corpus-dir writes each kernel's PTX as <kernel>_sm_<arch>.ptx (the
reference side's, identical to the candidate's), with the absolute source
paths in its .file lines made relative, for kiln's PTX oracle corpus.

Exit status: 0 when every cubin matches, 1 otherwise (with the reason).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_ARCHS = "90,80"


def fail(message):
    print(f"triton_aot_test: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


# --------------------------------------------------------------------------
# The child: one ptxas, every kernel, every arch.
# --------------------------------------------------------------------------

def run_child(ptxas, out_dir, archs):
    out = Path(out_dir)
    calls = []  # every subprocess call whose program is the ptxas under test

    import subprocess as sp
    real_run, real_check_output = sp.run, sp.check_output

    def argv_of(args):
        return [str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)]

    def recording_run(args, *rest, **kw):
        argv = argv_of(args)
        if argv and argv[0] == ptxas:
            started = time.monotonic()
            result = real_run(args, *rest, **kw)
            log = ""
            err = kw.get("stderr")
            if hasattr(err, "name") and os.path.exists(err.name):
                with open(err.name, errors="replace") as f:
                    log = f.read()
            calls.append({"argv": argv, "seconds": round(time.monotonic() - started, 3), "log": log})
            return result
        return real_run(args, *rest, **kw)

    def recording_check_output(args, *rest, **kw):
        argv = argv_of(args)
        if argv and argv[0] == ptxas:
            calls.append({"argv": argv, "seconds": 0.0, "log": ""})
        return real_check_output(args, *rest, **kw)

    sp.run, sp.check_output = recording_run, recording_check_output

    import triton
    from triton.backends.compiler import GPUTarget
    from triton import knobs
    sys.path.insert(0, str(HERE))
    from triton_kernels import KERNELS

    # Which ptxas did Triton resolve? A named ptxas whose --version fails or
    # lacks "release X.Y" is silently replaced by the bundled one.
    resolved = {}
    for knob in ("ptxas", "ptxas_blackwell"):
        tool = getattr(knobs.nvidia, knob)
        resolved[knob] = {"path": tool.path, "release": tool.version}
        if tool.path != ptxas:
            fail(f"Triton resolved {knob} to {tool.path}, not {ptxas}: the named ptxas failed "
                 f"`--version` or printed no 'release X.Y' line, and Triton fell back to its bundled one")

    results = []
    for name, (fn, signature, constexprs, aligned, options) in KERNELS.items():
        attrs = {(fn.arg_names.index(a),): [["tt.divisibility", 16]] for a in aligned}
        src = triton.compiler.ASTSource(fn=fn, signature=signature, constexprs=constexprs, attrs=attrs)
        for arch in archs:
            before = len(calls)
            started = time.monotonic()
            try:
                compiled = triton.compile(src, target=GPUTarget("cuda", arch, 32), options=dict(options))
            except Exception as e:  # Triton's PTXASError carries ptxas's stderr and the repro command
                fail(f"{name} for sm_{arch} with {ptxas}: {type(e).__name__}: {e}")
            seconds = time.monotonic() - started
            compiles = [c for c in calls[before:] if "--version" not in c["argv"]]
            if len(compiles) != 1:
                fail(f"{name} for sm_{arch}: Triton ran {ptxas} {len(compiles)} times to assemble it, expected once "
                     f"(a cache answered, or Triton used another ptxas)")
            stem = f"{name}_sm_{arch}"
            (out / f"{stem}.cubin").write_bytes(compiled.asm["cubin"])
            (out / f"{stem}.ptx").write_text(compiled.asm["ptx"])
            results.append({"kernel": name, "arch": arch, "stem": stem, "seconds": round(seconds, 3),
                            "shared": compiled.metadata.shared, "ptxas": compiles[0]})
    (out / "manifest.json").write_text(json.dumps({
        "triton": triton.__version__, "ptxas": ptxas, "resolved": resolved,
        "version_calls": sum("--version" in c["argv"] for c in calls), "results": results}, indent=2))


# --------------------------------------------------------------------------
# The parent: both sides, then compare.
# --------------------------------------------------------------------------

def child_env(ptxas, cache_dir):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TRITON_") and k not in ("DISABLE_PTXAS_OPT", "PTXAS_OPTIONS", "DISABLE_LLVM_OPT")}
    env.update({
        "TRITON_PTXAS_PATH": ptxas,
        "TRITON_PTXAS_BLACKWELL_PATH": ptxas,
        "TRITON_CACHE_DIR": cache_dir,
        "TRITON_HOME": cache_dir,
        # Triton 3.9 warns that this default changes in 3.10; pin it.
        "TRITON_DEFAULT_FP_FUSION": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def run_side(label, ptxas, work, archs):
    out = work / label
    out.mkdir()
    cache = tempfile.mkdtemp(prefix=f"triton-cache-{label}-", dir=work)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, __file__, "--child", str(out), "--ptxas", ptxas,
                           "--archs", ",".join(map(str, archs))],
                          env=child_env(ptxas, cache), capture_output=True, text=True)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        fail(f"the {label} side ({ptxas}) failed, exit status {proc.returncode}")
    if proc.stderr.strip():
        print(f"[{label}] Triton's stderr:\n" + proc.stderr.rstrip())
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["wall_seconds"] = round(seconds, 1)
    return out, manifest


def shown_argv(call, tool_name):
    """The ptxas command with the tool and Triton's temp file names made generic."""
    argv = list(call["argv"])
    argv[0] = tool_name
    return " ".join(re.sub(r"^/.*\.ptx\.o$", "OUT.cubin", re.sub(r"^/.*\.ptx$", "IN.ptx", a)) for a in argv)


def without_times(log):
    """ptxas -v output without its "Compile time = N ms" lines."""
    return [line for line in log.splitlines() if "Compile time" not in line]


def normalise_ptx(text):
    """Absolute paths in .file lines made relative (repo and site-packages), so
    the checked-in corpus does not depend on where it was generated."""
    def fix(m):
        path = m.group(2)
        if "/site-packages/" in path:
            path = re.sub(r"^.*/site-packages/", "site-packages/", path)
        elif path.startswith(str(REPO) + "/"):
            path = path[len(str(REPO)) + 1:]
        return f'{m.group(1)}"{path}"'
    return re.sub(r'^(\s*\.file\s+\d+\s+)"([^"]*)"', fix, text, flags=re.M)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference-ptxas", default=os.environ.get("REFERENCE_PTXAS", "/usr/local/cuda/bin/ptxas"))
    ap.add_argument("--candidate-ptxas", default=os.environ.get("KILN_PTXAS"),
                    help="the ptxas under test, default $KILN_PTXAS (kiln-ptxas)")
    ap.add_argument("--corpus-dir", help="write each kernel's PTX here as <kernel>_sm_<arch>.ptx")
    ap.add_argument("--archs", default=DEFAULT_ARCHS, help=f"compute capabilities, default {DEFAULT_ARCHS}")
    ap.add_argument("--keep", help="keep both sides' cubins, PTX and manifests under this folder")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--ptxas", help=argparse.SUPPRESS)
    args = ap.parse_args()
    archs = [int(a) for a in args.archs.split(",") if a]

    if args.child:
        run_child(args.ptxas, args.child, archs)
        return 0

    if not args.candidate_ptxas:
        fail("no candidate ptxas: pass --candidate-ptxas or set KILN_PTXAS")
    for tool in (args.reference_ptxas, args.candidate_ptxas):
        if not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
            fail(f"{tool} is not an executable file")
    reference = os.path.abspath(args.reference_ptxas)
    candidate = os.path.abspath(args.candidate_ptxas)
    if os.path.realpath(reference) == os.path.realpath(candidate):
        print(f"triton_aot_test: NOTE: the candidate is the reference ptxas itself ({candidate}); "
              f"this checks the harness, not kiln-ptxas")

    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
        holder = None
    else:
        holder = tempfile.TemporaryDirectory(prefix="triton-aot-")
        work = Path(holder.name)
    work = work / time.strftime("run-%Y%m%d-%H%M%S")
    work.mkdir()

    ref_dir, ref = run_side("reference", reference, work, archs)
    cand_dir, cand = run_side("candidate", candidate, work, archs)

    print(f"triton {ref['triton']}; reference {reference} (release {ref['resolved']['ptxas']['release']}, "
          f"{ref['wall_seconds']} s); candidate {candidate} (release {cand['resolved']['ptxas']['release']}, "
          f"{cand['wall_seconds']} s)")
    problems = []
    if ref["resolved"]["ptxas"]["release"] != cand["resolved"]["ptxas"]["release"]:
        problems.append(f"the candidate reports release {cand['resolved']['ptxas']['release']}, the reference "
                        f"{ref['resolved']['ptxas']['release']}: Triton picks the PTX ISA version from it")
    cand_by_stem = {r["stem"]: r for r in cand["results"]}
    for r in ref["results"]:
        c = cand_by_stem.get(r["stem"])
        stem = r["stem"]
        if c is None:
            problems.append(f"{stem}: missing on the candidate side")
            continue
        ref_cubin = (ref_dir / f"{stem}.cubin").read_bytes()
        cand_cubin = (cand_dir / f"{stem}.cubin").read_bytes()
        ref_cmd, cand_cmd = shown_argv(r["ptxas"], "ptxas"), shown_argv(c["ptxas"], "ptxas")
        same_ptx = (ref_dir / f"{stem}.ptx").read_bytes() == (cand_dir / f"{stem}.ptx").read_bytes()
        same = ref_cubin == cand_cubin
        print(f"  {stem:18} cubin {len(ref_cubin):7} B reference, {len(cand_cubin):7} B candidate: "
              f"{'identical' if same else 'DIFFERENT'}; shared {r['shared']} B; ptxas {r['ptxas']['seconds']} s / "
              f"{c['ptxas']['seconds']} s")
        print(f"  {'':18} {ref_cmd}")
        if not same_ptx:
            problems.append(f"{stem}: Triton emitted different PTX on the two sides")
        if not same:
            problems.append(f"{stem}: cubins differ ({len(ref_cubin)} vs {len(cand_cubin)} bytes)")
        if ref_cmd != cand_cmd:
            problems.append(f"{stem}: Triton ran different ptxas commands:\n    {ref_cmd}\n    {cand_cmd}")
        if without_times(r["ptxas"]["log"]) != without_times(c["ptxas"]["log"]):
            print(f"  {'':18} note: the -v output differs (Triton only shows it on failure):\n"
                  f"    reference: {r['ptxas']['log'].strip()!r}\n    candidate: {c['ptxas']['log'].strip()!r}")

    if args.corpus_dir:
        corpus = Path(args.corpus_dir)
        corpus.mkdir(parents=True, exist_ok=True)
        for r in ref["results"]:
            text = normalise_ptx((ref_dir / f"{r['stem']}.ptx").read_text())
            (corpus / f"{r['stem']}.ptx").write_text(text)
        print(f"wrote {len(ref['results'])} PTX files to {corpus}")

    if holder:
        holder.cleanup()
    if problems:
        for p in problems:
            print(f"triton_aot_test: FAIL: {p}", file=sys.stderr)
        return 1
    print(f"triton_aot_test: OK: {len(ref['results'])} cubins byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
