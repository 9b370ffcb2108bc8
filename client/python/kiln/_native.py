"""ctypes declarations of kiln.h (libkiln.so.1). Internal to the package."""
import ctypes
import ctypes.util
import os

ABI_VERSION = 1


class ClientOptions(ctypes.Structure):
    _fields_ = [("address", ctypes.c_char_p), ("token_file", ctypes.c_char_p),
                ("tls_ca_file", ctypes.c_char_p), ("timeout_s", ctypes.c_double)]


class PtxasOptions(ctypes.Structure):
    _fields_ = [("opt_level", ctypes.c_int), ("line_info", ctypes.c_int), ("debug", ctypes.c_int),
                ("fmad", ctypes.c_int), ("reg_alloc_opt_level", ctypes.c_int), ("verbose", ctypes.c_int)]


class CompileOptions(ctypes.Structure):
    _fields_ = [("source", ctypes.c_char_p), ("source_size", ctypes.c_size_t), ("source_name", ctypes.c_char_p),
                ("input", ctypes.c_char_p), ("target", ctypes.c_char_p),
                ("emit", ctypes.POINTER(ctypes.c_char_p)), ("emit_count", ctypes.c_size_t),
                ("oracle", ctypes.c_char_p), ("ptxas", ctypes.POINTER(PtxasOptions))]


class Diagnostic(ctypes.Structure):
    _fields_ = [("severity", ctypes.c_int), ("file", ctypes.c_char_p), ("line", ctypes.c_uint32),
                ("column", ctypes.c_uint32), ("message", ctypes.c_char_p), ("code", ctypes.c_char_p),
                ("tool", ctypes.c_char_p), ("note_count", ctypes.c_size_t)]


def _find_library():
    """libkiln.so.1 beside this file (the package as built), then
    $KILN_LIBRARY, then the system's (cmake --install)."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libkiln.so.1")
    for candidate in (here, os.environ.get("KILN_LIBRARY")):
        if candidate and os.path.exists(candidate):
            return candidate
    found = ctypes.util.find_library("kiln")
    if found:
        return found
    raise ImportError("libkiln.so.1 not found: not beside the kiln package, not at $KILN_LIBRARY, and not installed "
                      "(build kiln, whose build/python/ holds the package with the library)")


def load():
    lib = ctypes.CDLL(_find_library())
    P, S = ctypes.c_void_p, ctypes.c_size_t
    sig = {
        "kiln_abi_version": (ctypes.c_int, []),
        "kiln_last_error": (ctypes.c_char_p, []),
        "kiln_client_open": (ctypes.c_int, [ctypes.POINTER(ClientOptions), ctypes.POINTER(P)]),
        "kiln_client_close": (None, [P]),
        "kiln_compile": (ctypes.c_int, [P, ctypes.POINTER(CompileOptions), ctypes.POINTER(P)]),
        "kiln_check": (ctypes.c_int, [P, ctypes.POINTER(CompileOptions), ctypes.POINTER(P)]),
        "kiln_result_free": (None, [P]),
        "kiln_result_ok": (ctypes.c_int, [P]),
        "kiln_result_cache_hit": (ctypes.c_int, [P]),
        "kiln_result_verdict": (ctypes.c_char_p, [P]),
        "kiln_result_action_key": (ctypes.c_char_p, [P]),
        "kiln_result_artifact_count": (S, [P]),
        "kiln_result_artifact": (ctypes.c_int, [P, S, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p),
                                                ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)), ctypes.POINTER(S)]),
        "kiln_result_artifact_digest": (ctypes.c_char_p, [P, S]),
        "kiln_result_launch_json": (ctypes.c_char_p, [P]),
        "kiln_result_tool_log": (ctypes.c_char_p, [P]),
        "kiln_result_diagnostic_count": (S, [P]),
        "kiln_result_diagnostic": (ctypes.c_int, [P, S, ctypes.POINTER(Diagnostic)]),
        "kiln_result_note": (ctypes.c_int, [P, S, S, ctypes.POINTER(Diagnostic)]),
        "kiln_result_text": (ctypes.c_char_p, [P]),
        "kiln_fetch": (ctypes.c_int, [P, ctypes.c_char_p, ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)),
                                      ctypes.POINTER(S)]),
        "kiln_bytes_free": (None, [ctypes.POINTER(ctypes.c_uint8)]),
    }
    for name, (restype, argtypes) in sig.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    if lib.kiln_abi_version() != ABI_VERSION:
        raise ImportError(f"libkiln's ABI is version {lib.kiln_abi_version()}; this package speaks {ABI_VERSION}")
    return lib
