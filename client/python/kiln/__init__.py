"""kiln: compile and verify accelerator kernels on kilnd, from Python.

    import kiln
    client = kiln.Client()                      # $KILN_SERVER, else 127.0.0.1:7878
    result = client.compile(open("gemm.mlir").read(), target="sm_90", emit=["cubin"], name="gemm.mlir")
    cubin = result.artifacts["gemm.cubin"]      # bytes
    launch = result.launch                      # launch.json as a dict

A compile that fails raises kiln.CompileError, whose str() is the
compiler-style text ("gemm.mlir:5:8: error: [oracle.capacity] ..."). A call
that gets no answer (kilnd down, a refused token, no worker for the
target) raises kiln.KilnError with its status. Built on libkiln's C ABI
(kiln.h) through ctypes; no compiled extension.
"""
import ctypes
import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Union

from . import _native

__all__ = ["Client", "Result", "Diagnostic", "PtxasOptions", "KilnError", "CompileError", "abi_version"]

_lib = _native.load()

# kiln.h's kiln_status names, by value.
_STATUS = ["ok", "invalid-argument", "unavailable", "unauthenticated", "no-worker", "resource-exhausted",
           "not-found", "data-loss", "deadline", "other"]
_SEVERITY = ["error", "warning", "note", "remark"]
_KIND_EXTENSION = {"tile-ir": ".mlir", "ptx": ".ptx", "ascendc": ".cpp", "pto": ".pto"}


def abi_version() -> int:
    return _lib.kiln_abi_version()


class KilnError(Exception):
    """A call that got no answer from kilnd; `status` is kiln.h's status name."""

    def __init__(self, status: str, message: str):
        super().__init__(f"{status}: {message}" if message else status)
        self.status = status
        self.message = message


def _check(status: int) -> None:
    if status != 0:
        name = _STATUS[status] if 0 <= status < len(_STATUS) else f"status {status}"
        raise KilnError(name, _lib.kiln_last_error().decode("utf-8", "replace"))


@dataclass
class Diagnostic:
    severity: str
    file: str
    line: int
    column: int
    message: str
    code: str  # the rule code ("oracle.capacity"), or ""
    tool: str
    notes: List["Diagnostic"] = field(default_factory=list)

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p) if self.file else ""
        return f"{where + ': ' if where else ''}{self.severity}: {self.message}"


@dataclass
class PtxasOptions:
    """How ptxas assembles a PTX input: its own flags (kiln builds the
    command line). Triton 3.9 runs -lineinfo --regAllocOptLevel=2 -v."""
    opt_level: int = 3
    line_info: bool = False
    debug: bool = False
    fmad: bool = True
    reg_alloc_opt_level: int = -1  # -1: ptxas's default
    verbose: bool = True           # -v: its report comes back as Result.tool_log


@dataclass
class Result:
    ok: bool
    cache_hit: bool
    verdict: str  # "clean", "warnings", "errors", "off"
    action_key: str
    artifacts: Dict[str, bytes]
    kinds: Dict[str, str]    # artifact name -> kind ("cubin", "launch", ...)
    digests: Dict[str, str]  # artifact name -> SHA-256 hex, what fetch() takes
    diagnostics: List[Diagnostic]
    text: str  # every diagnostic, as the CLI prints them
    tool_log: str = ""  # the vendor tool's report besides diagnostics (ptxas -v)

    @property
    def launch(self) -> Optional[dict]:
        for name, kind in self.kinds.items():
            if kind == "launch":
                return json.loads(self.artifacts[name])
        return None


class CompileError(Exception):
    """A compile that ran and failed; carries its Result and diagnostics."""

    def __init__(self, result: Result):
        super().__init__(result.text.rstrip("\n") or "the compile failed without a diagnostic")
        self.result = result
        self.diagnostics = result.diagnostics


def _s(value: Optional[bytes]) -> str:
    return value.decode("utf-8", "replace") if value else ""


def _diagnostic(raw: _native.Diagnostic) -> Diagnostic:
    severity = _SEVERITY[raw.severity] if 0 <= raw.severity < len(_SEVERITY) else "error"
    return Diagnostic(severity, _s(raw.file), raw.line, raw.column, _s(raw.message), _s(raw.code), _s(raw.tool))


def _read(handle: ctypes.c_void_p) -> Result:
    artifacts, kinds, digests = {}, {}, {}
    name, kind = ctypes.c_char_p(), ctypes.c_char_p()
    data, size = ctypes.POINTER(ctypes.c_uint8)(), ctypes.c_size_t()
    for i in range(_lib.kiln_result_artifact_count(handle)):
        _lib.kiln_result_artifact(handle, i, ctypes.byref(name), ctypes.byref(kind), ctypes.byref(data),
                                  ctypes.byref(size))
        key = _s(name.value)
        artifacts[key] = ctypes.string_at(data, size.value) if size.value else b""
        kinds[key] = _s(kind.value)
        digests[key] = _s(_lib.kiln_result_artifact_digest(handle, i))
    diagnostics = []
    raw = _native.Diagnostic()
    for i in range(_lib.kiln_result_diagnostic_count(handle)):
        _lib.kiln_result_diagnostic(handle, i, ctypes.byref(raw))
        d = _diagnostic(raw)
        note = _native.Diagnostic()
        for j in range(raw.note_count):
            _lib.kiln_result_note(handle, i, j, ctypes.byref(note))
            d.notes.append(_diagnostic(note))
        diagnostics.append(d)
    return Result(bool(_lib.kiln_result_ok(handle)), bool(_lib.kiln_result_cache_hit(handle)),
                  _s(_lib.kiln_result_verdict(handle)), _s(_lib.kiln_result_action_key(handle)), artifacts, kinds,
                  digests, diagnostics, _s(_lib.kiln_result_text(handle)), _s(_lib.kiln_result_tool_log(handle)))


class Client:
    """A connection to kilnd; safe to share between threads. Defaults as the
    kiln CLI's: $KILN_SERVER (else 127.0.0.1:7878) and $KILN_TOKEN_FILE."""

    def __init__(self, address: Optional[str] = None, token_file: Optional[str] = None,
                 tls_ca_file: Optional[str] = None, timeout: Optional[float] = None):
        enc = lambda s: s.encode() if s is not None else None  # noqa: E731
        options = _native.ClientOptions(enc(address), enc(token_file), enc(tls_ca_file), float(timeout or 0))
        self._handle = ctypes.c_void_p()
        _check(_lib.kiln_client_open(ctypes.byref(options), ctypes.byref(self._handle)))

    def close(self) -> None:
        if self._handle:
            _lib.kiln_client_close(self._handle)
            self._handle = ctypes.c_void_p()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    def _run(self, call, source: Union[str, bytes], target: str, emit: Sequence[str], kind: Optional[str],
             oracle: str, name: Optional[str], ptxas: Optional[PtxasOptions] = None) -> Result:
        if not self._handle:
            raise KilnError("invalid-argument", "the client is closed")
        text = source.encode() if isinstance(source, str) else bytes(source)
        if name is None:
            name = "kernel" + _KIND_EXTENSION.get(kind or "tile-ir", ".mlir")
        emits = (ctypes.c_char_p * max(len(emit), 1))(*[e.encode() for e in emit])
        raw_ptxas = None
        if ptxas is not None:
            raw_ptxas = _native.PtxasOptions(ptxas.opt_level, int(ptxas.line_info), int(ptxas.debug), int(ptxas.fmad),
                                             ptxas.reg_alloc_opt_level, int(ptxas.verbose))
        options = _native.CompileOptions(text, len(text), name.encode(), kind.encode() if kind else None,
                                         target.encode(), emits, len(emit), oracle.encode(),
                                         ctypes.pointer(raw_ptxas) if raw_ptxas is not None else None)
        handle = ctypes.c_void_p()
        _check(call(self._handle, ctypes.byref(options), ctypes.byref(handle)))
        try:
            return _read(handle)
        finally:
            _lib.kiln_result_free(handle)

    def compile(self, source: Union[str, bytes], *, target: str, emit: Sequence[str] = (), kind: Optional[str] = None,
                oracle: str = "error", name: Optional[str] = None, ptxas: Optional[PtxasOptions] = None) -> Result:
        """Compiles `source` (Tile IR, or kind="ptx"/"ascendc"/"pto"); `name`
        names the artifacts and appears in diagnostics; `ptxas` for PTX
        inputs. Raises CompileError when the compile fails, KilnError when
        kilnd gives no answer."""
        result = self._run(_lib.kiln_compile, source, target, list(emit), kind, oracle, name, ptxas)
        if not result.ok:
            raise CompileError(result)
        return result

    def check(self, source: Union[str, bytes], *, target: str, kind: Optional[str] = None, oracle: str = "error",
              name: Optional[str] = None) -> Result:
        """The safety oracle's findings, located; result.ok is False when one
        fails the kernel. Does not raise for findings."""
        return self._run(_lib.kiln_check, source, target, [], kind, oracle, name)

    def fetch(self, digest: str) -> bytes:
        """A cached artifact by its SHA-256 (Result.digests)."""
        if not self._handle:
            raise KilnError("invalid-argument", "the client is closed")
        data, size = ctypes.POINTER(ctypes.c_uint8)(), ctypes.c_size_t()
        _check(_lib.kiln_fetch(self._handle, digest.encode(), ctypes.byref(data), ctypes.byref(size)))
        try:
            return ctypes.string_at(data, size.value)
        finally:
            _lib.kiln_bytes_free(data)
