/* kiln.h: the C interface to kilnd, kiln's compile-and-verify service.
 *
 * For languages that reach kiln through C (Rust's FFI, ctypes, Go's cgo).
 * A small, versioned ABI over kiln's client library: no C++ types, no
 * exceptions and no ownership that crosses it except through the handles
 * below, each freed by its own function. Every function is thread-safe; a
 * client may be shared by threads. Strings are UTF-8 and NUL-terminated
 * unless a size is given with them.
 *
 *   kiln_client *c;
 *   if (kiln_client_open(NULL, &c) != KILN_OK) fprintf(stderr, "%s\n", kiln_last_error());
 *   kiln_compile_options o = KILN_COMPILE_OPTIONS_INIT;
 *   o.source = text; o.source_size = n; o.source_name = "k.mlir"; o.target = "sm_90";
 *   const char *emit[] = {"cubin"}; o.emit = emit; o.emit_count = 1;
 *   kiln_result *r;
 *   if (kiln_compile(c, &o, &r) == KILN_OK) { ... kiln_result_free(r); }
 *   kiln_client_close(c);
 */
#ifndef KILN_H
#define KILN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KILN_ABI_VERSION 1

/* KILN_ABI_VERSION of the library loaded, which may be newer than the header. */
int kiln_abi_version(void);

/* What a call returns. KILN_OK means it got an answer; a compile that ran
 * and failed is KILN_OK with kiln_result_ok() == 0 and its diagnostics. */
typedef enum kiln_status {
  KILN_OK = 0,
  KILN_ERR_INVALID_ARGUMENT = 1,   /* a NULL or malformed argument, or kilnd refused the request as such */
  KILN_ERR_UNAVAILABLE = 2,        /* kilnd cannot be reached */
  KILN_ERR_UNAUTHENTICATED = 3,    /* kilnd refused the token */
  KILN_ERR_NO_WORKER = 4,          /* no connected worker serves the target or its tools */
  KILN_ERR_RESOURCE_EXHAUSTED = 5, /* over a size or rate limit */
  KILN_ERR_NOT_FOUND = 6,          /* fetch: no artifact with that digest */
  KILN_ERR_DATA_LOSS = 7,          /* kilnd's answer was refused (a broken stream, an unsafe name) */
  KILN_ERR_DEADLINE = 8,           /* the call's timeout passed */
  KILN_ERR_OTHER = 9               /* anything else; kiln_last_error() says what */
} kiln_status;

/* The message of the last call on this thread that did not return KILN_OK
 * ("" when none); valid until the thread's next kiln call. */
const char *kiln_last_error(void);

typedef struct kiln_client kiln_client;

typedef struct kiln_client_options {
  const char *address;     /* host:port; NULL: $KILN_SERVER, else 127.0.0.1:7878 */
  const char *token_file;  /* a client token file; NULL: $KILN_TOKEN_FILE, if set */
  const char *tls_ca_file; /* PEM CA of kilnd's certificate: connect with TLS; NULL: plain */
  double timeout_s;        /* per call; 0: 600 */
} kiln_client_options;

/* `options` may be NULL (all defaults). Connecting is lazy: an unreachable
 * kilnd shows as KILN_ERR_UNAVAILABLE on the first call. */
kiln_status kiln_client_open(const kiln_client_options *options, kiln_client **out);
void kiln_client_close(kiln_client *client); /* NULL is fine */

/* How ptxas assembles a PTX input (ptxas's own flags; NULL in
 * kiln_compile_options: ptxas's defaults, and -v). */
typedef struct kiln_ptxas_options {
  int opt_level;           /* 0..3; ptxas's default is 3 */
  int line_info;           /* -lineinfo */
  int debug;               /* -g */
  int fmad;                /* --fmad; ptxas's default is 1 */
  int reg_alloc_opt_level; /* --regAllocOptLevel 0..3; -1: ptxas's default */
  int verbose;             /* -v: the resource report, as kiln_result_tool_log (and in the cubin's options) */
} kiln_ptxas_options;

#define KILN_PTXAS_OPTIONS_INIT {3, 0, 0, 1, -1, 1}

typedef struct kiln_compile_options {
  const char *source;       /* the kernel's bytes */
  size_t source_size;
  const char *source_name;  /* names the artifacts, appears in diagnostics */
  const char *input;        /* "tile-ir", "ptx", "ascendc", "pto"; NULL: by source_name's extension */
  const char *target;       /* "sm_90", "ascend910b2", ... */
  const char *const *emit;  /* "cubin", "ptx", "ascendc", "pto", "obj", ... */
  size_t emit_count;        /* 0: the input's default (cubin, or obj for AscendC, pto-obj for PTO) */
  const char *oracle;       /* "error", "warn", "off"; NULL: "error" */
  const kiln_ptxas_options *ptxas; /* PTX inputs only; NULL: the defaults */
} kiln_compile_options;

#define KILN_COMPILE_OPTIONS_INIT {NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL}

typedef struct kiln_result kiln_result;

kiln_status kiln_compile(kiln_client *client, const kiln_compile_options *options, kiln_result **out);

/* The safety oracle's word on a kernel: a compile with the oracle on whose
 * artifacts are dropped. *out says ok (no finding that fails it), the
 * verdict and the located findings. */
kiln_status kiln_check(kiln_client *client, const kiln_compile_options *options, kiln_result **out);

void kiln_result_free(kiln_result *result); /* NULL is fine */

int kiln_result_ok(const kiln_result *result);        /* 1: compiled (or checked) clean of errors */
int kiln_result_cache_hit(const kiln_result *result); /* 1: answered from kilnd's cache */
const char *kiln_result_verdict(const kiln_result *result); /* "clean", "warnings", "errors", "off" */
const char *kiln_result_action_key(const kiln_result *result);

size_t kiln_result_artifact_count(const kiln_result *result);
/* The i-th artifact; returns 0 when i is out of range. Pointers live as long as the result. */
int kiln_result_artifact(const kiln_result *result, size_t i, const char **name, const char **kind,
                         const uint8_t **bytes, size_t *size);
/* The i-th artifact's lower-case hex SHA-256, as kilnd computed it: what
 * kiln_fetch takes. NULL when i is out of range. */
const char *kiln_result_artifact_digest(const kiln_result *result, size_t i);
/* What the vendor tool reported besides diagnostics (ptxas -v's lines), or "". */
const char *kiln_result_tool_log(const kiln_result *result);
/* launch.json's text, or NULL when the result has none. */
const char *kiln_result_launch_json(const kiln_result *result);

typedef enum kiln_severity { KILN_ERROR = 0, KILN_WARNING = 1, KILN_NOTE = 2, KILN_REMARK = 3 } kiln_severity;

typedef struct kiln_diagnostic {
  kiln_severity severity;
  const char *file;    /* "" when unknown */
  uint32_t line;       /* 1-based; 0 when unknown */
  uint32_t column;     /* 1-based; 0 when unknown */
  const char *message; /* as printed after "error: " */
  const char *code;    /* the rule code ("oracle.capacity") when the message starts with one, else "" */
  const char *tool;    /* who said it: kiln, kilnd, ptxas, nvcc, bisheng, ... */
  size_t note_count;   /* notes: kiln_result_note(result, i, j, &note) */
} kiln_diagnostic;

size_t kiln_result_diagnostic_count(const kiln_result *result);
int kiln_result_diagnostic(const kiln_result *result, size_t i, kiln_diagnostic *out);
int kiln_result_note(const kiln_result *result, size_t i, size_t j, kiln_diagnostic *out);
/* Every diagnostic as the CLI prints it: "file:line:col: error: message", one per line. */
const char *kiln_result_text(const kiln_result *result);

/* An artifact from kilnd's cache by its lower-case hex SHA-256. *bytes is
 * freed with kiln_bytes_free. */
kiln_status kiln_fetch(kiln_client *client, const char *digest, uint8_t **bytes, size_t *size);
void kiln_bytes_free(uint8_t *bytes);

#ifdef __cplusplus
}
#endif

#endif /* KILN_H */
