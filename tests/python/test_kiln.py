"""The kiln package against a real kilnd: compile, its cache hit, fetch,
check, the errors it raises, and a Triton-style ptxas hook."""
import os
import subprocess
import sys
import threading

import pytest

import kiln

PTXAS = "/usr/local/cuda/bin/ptxas"
needs_ptxas = pytest.mark.skipif(not os.path.exists(PTXAS), reason=f"{PTXAS} is absent: these compile cubins")

# The oracle's own out-of-bounds case: findings at lines 9, 11 and 16.
OUT_OF_BOUNDS = open(os.path.join(os.path.dirname(__file__), "..", "oracle", "tile_ir", "constant_oob.mlir")).read()


def read(examples, name):
    return open(os.path.join(examples, name)).read()


def test_abi_version():
    assert kiln.abi_version() == 1


@needs_ptxas
def test_compile_then_hit_then_fetch(kilnd_address, examples):
    with kiln.Client(kilnd_address) as client:
        source = read(examples, "vec_add.mlir")
        first = client.compile(source, target="sm_90", emit=["cubin"], name="vec_add.mlir")
        assert first.ok and first.verdict == "clean"
        cubin = first.artifacts["vec_add.cubin"]
        assert cubin[:4] == b"\x7fELF"
        assert first.launch["kernels"][0]["name"] == "vec_add"
        again = client.compile(source, target="sm_90", emit=["cubin"], name="vec_add.mlir")
        assert again.cache_hit and again.artifacts["vec_add.cubin"] == cubin
        assert client.fetch(first.digests["vec_add.cubin"]) == cubin


def test_ascend_source_emits_need_no_vendor_tool(kilnd_address, examples):
    with kiln.Client(kilnd_address) as client:
        result = client.compile(read(examples, "softmax_rows.mlir"), target="ascend910b2", emit=["ascendc", "pto"],
                                name="softmax_rows.mlir")
        assert b'extern "C" __global__ __aicore__' in result.artifacts["softmax_rows.cpp"]
        assert "softmax_rows.pto" in result.artifacts


def test_a_failed_compile_raises_with_located_diagnostics(kilnd_address):
    with kiln.Client(kilnd_address) as client:
        with pytest.raises(kiln.CompileError) as raised:
            client.compile(OUT_OF_BOUNDS, target="sm_90", emit=["ptx"], name="constant_oob.mlir")
        error = raised.value
        assert str(error).startswith("constant_oob.mlir:9:8: error: [oracle.constant-oob]")
        assert error.diagnostics[0].code == "oracle.constant-oob"
        assert (error.diagnostics[0].file, error.diagnostics[0].line) == ("constant_oob.mlir", 9)
        assert error.result.verdict == "errors"


def test_check_reports_findings_without_raising(kilnd_address):
    with kiln.Client(kilnd_address) as client:
        result = client.check(OUT_OF_BOUNDS, target="sm_90", name="constant_oob.mlir")
        assert not result.ok and result.artifacts == {}
        assert result.diagnostics[0].severity == "error"
        assert "[oracle." in str(result.diagnostics[0])
        warned = client.check(OUT_OF_BOUNDS, target="sm_90", name="constant_oob.mlir", oracle="warn")
        assert warned.diagnostics[0].severity == "warning"


def test_calls_that_get_no_answer_raise_kiln_error(kilnd_address):
    with kiln.Client("127.0.0.1:1", timeout=5) as down:
        with pytest.raises(kiln.KilnError) as raised:
            down.compile("x", target="sm_90", emit=["ptx"])
        assert raised.value.status == "unavailable"
    with kiln.Client(kilnd_address) as client:
        with pytest.raises(kiln.KilnError) as raised:
            client.compile("x", target="sm_90", emit=["exe"])
        assert raised.value.status == "invalid-argument" and "unknown emit 'exe'" in str(raised.value)
        with pytest.raises(kiln.KilnError) as raised:
            client.fetch("0" * 64)
        assert raised.value.status == "not-found"
    with pytest.raises(kiln.KilnError):
        kiln.Client(kilnd_address, token_file="/nonexistent/token")


@needs_ptxas
def test_one_client_serves_threads(kilnd_address, examples):
    source = read(examples, "vec_add.mlir")
    results, errors = [], []
    with kiln.Client(kilnd_address) as client:
        def work():
            try:
                results.append(client.compile(source, target="sm_90", emit=["cubin"], name="vec_add.mlir"))
            except Exception as e:  # noqa: BLE001
                errors.append(e)
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors and len({r.artifacts["vec_add.cubin"] for r in results}) == 1


NOP_PTX = ".version 8.0\n.target sm_90\n.address_size 64\n.visible .entry nop()\n{\n\tret;\n}\n"


@needs_ptxas
def test_ptxas_options_reach_ptxas(kilnd_address):
    with kiln.Client(kilnd_address) as client:
        loud = client.compile(NOP_PTX, target="sm_90", kind="ptx", name="nop.ptx")
        assert "ptxas info" in loud.tool_log
        quiet = client.compile(NOP_PTX, target="sm_90", kind="ptx", name="nop.ptx",
                               ptxas=kiln.PtxasOptions(verbose=False, line_info=True))
        assert quiet.tool_log == "" and quiet.artifacts["nop.cubin"] != loud.artifacts["nop.cubin"]
        with pytest.raises(kiln.KilnError) as raised:
            client.compile(NOP_PTX, target="sm_90", kind="ptx", name="nop.ptx", ptxas=kiln.PtxasOptions(opt_level=9))
        assert raised.value.status == "invalid-argument"


@needs_ptxas
def test_the_triton_style_hook_example(kilnd_address, tmp_path):
    example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python", "ptxas_hook.py")
    ptx = subprocess.run([os.path.join(os.environ["KILN_BIN_DIR"], "kiln"), "compile", "--local",
                          os.path.join(os.environ["KILN_EXAMPLES_DIR"], "gemm.mlir"), "--target", "sm_90",
                          "--emit", "ptx", "-o", str(tmp_path)], capture_output=True, text=True)
    assert ptx.returncode == 0, ptx.stderr
    env = dict(os.environ, KILN_SERVER=kilnd_address)
    run = subprocess.run([sys.executable, example, str(tmp_path / "gemm.ptx"), "sm_90", str(tmp_path / "gemm.cubin")],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "gemm.cubin").read_bytes()[:4] == b"\x7fELF"
    # The same bytes as ptxas with Triton's flags.
    subprocess.run([PTXAS, "-lineinfo", "-v", "--regAllocOptLevel=2", "--gpu-name=sm_90", str(tmp_path / "gemm.ptx"),
                    "-o", str(tmp_path / "direct.cubin")], check=True, capture_output=True)
    assert (tmp_path / "gemm.cubin").read_bytes() == (tmp_path / "direct.cubin").read_bytes()
