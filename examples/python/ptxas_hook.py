"""How a kernel framework hands its kernels to kiln instead of a local ptxas.

Triton's NVIDIA backend turns PTX into a cubin in one place
(`make_cubin`); TileLang and others have the same seam. Point it at a
function like `ptxas_via_kiln` and the framework needs no CUDA toolkit on
this machine: kilnd checks the PTX with its oracle, runs ptxas in a
sandboxed worker (or answers from its cache), and hands back the cubin.

    python3 ptxas_hook.py kernel.ptx sm_90 kernel.cubin     # KILN_SERVER=host:port
"""
import sys

import kiln

_client = None


# What Triton 3.9's make_cubin passes ptxas: -lineinfo -v --regAllocOptLevel=2.
TRITON_PTXAS = kiln.PtxasOptions(line_info=True, reg_alloc_opt_level=2, verbose=True)


def ptxas_via_kiln(ptx: str, arch: str, *, name: str = "kernel.ptx", options: kiln.PtxasOptions = TRITON_PTXAS) -> bytes:
    """The cubin for `ptx` on `arch` ("sm_90"), as ptxas with `options` would write it."""
    global _client
    if _client is None:
        _client = kiln.Client()  # $KILN_SERVER, $KILN_TOKEN_FILE
    try:
        result = _client.compile(ptx, target=arch, kind="ptx", emit=["cubin"], name=name, ptxas=options)
    except kiln.CompileError as e:
        # The framework's own error type would go here; the text is
        # compiler-style: "kernel.ptx:40:2: error: [oracle.constant-oob] ...".
        raise RuntimeError(f"kiln refused the kernel:\n{e}") from None
    (cubin,) = [data for artifact, data in result.artifacts.items() if result.kinds[artifact] == "cubin"]
    sys.stderr.write(result.tool_log)  # ptxas -v's report, where the framework logs it
    return cubin


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ptx_path, arch, out = sys.argv[1:]
    with open(ptx_path) as f:
        cubin = ptxas_via_kiln(f.read(), arch, name=ptx_path.rsplit("/", 1)[-1])
    with open(out, "wb") as f:
        f.write(cubin)
    print(f"{out}: {len(cubin)} bytes")
