/* kiln.h from plain C (-std=c11 -Wall -Werror): a compile of a shared
 * example, its cache hit, fetch by digest, a located oracle error through
 * kiln_check, and every error path. Arguments: the kilnd address, the
 * examples folder, and a kernel with out-of-bounds tiles (the oracle's
 * constant_oob.mlir case). Exit 0 when every check held; each failure is printed. */
#include <kiln.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define EXPECT(cond)                                                  \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

static char *readFile(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) n = 0;
  fclose(f);
  if (text) text[n] = 0;
  *size = (size_t)n;
  return text;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s KILND_ADDRESS EXAMPLES_DIR OUT_OF_BOUNDS_MLIR\n", argv[0]);
    return 2;
  }
  EXPECT(kiln_abi_version() == KILN_ABI_VERSION);

  /* Error paths before any connection. */
  kiln_client *client = NULL;
  EXPECT(kiln_client_open(NULL, NULL) == KILN_ERR_INVALID_ARGUMENT);
  EXPECT(strstr(kiln_last_error(), "out is NULL") != NULL);
  kiln_client_options bad = {argv[1], "/nonexistent/token", NULL, 0};
  EXPECT(kiln_client_open(&bad, &client) == KILN_ERR_INVALID_ARGUMENT && client == NULL);
  EXPECT(strlen(kiln_last_error()) > 0);
  kiln_client_options negative = {argv[1], NULL, NULL, -1};
  EXPECT(kiln_client_open(&negative, &client) == KILN_ERR_INVALID_ARGUMENT);
  kiln_result *result = NULL;
  EXPECT(kiln_compile(NULL, NULL, &result) == KILN_ERR_INVALID_ARGUMENT && result == NULL);
  kiln_client_close(NULL);
  kiln_result_free(NULL);
  EXPECT(kiln_result_ok(NULL) == 0 && kiln_result_artifact_count(NULL) == 0);

  /* Nothing listens on port 1: UNAVAILABLE, with kilnd's address in the message. */
  kiln_client_options nowhere = {"127.0.0.1:1", NULL, NULL, 5};
  kiln_client *down = NULL;
  EXPECT(kiln_client_open(&nowhere, &down) == KILN_OK);
  size_t size = 0;
  char path[4096];
  snprintf(path, sizeof path, "%s/vec_add.mlir", argv[2]);
  char *source = readFile(path, &size);
  EXPECT(source != NULL);
  if (!source) return 1;
  const char *cubin[] = {"cubin"};
  kiln_compile_options vec = KILN_COMPILE_OPTIONS_INIT;
  vec.source = source;
  vec.source_size = size;
  vec.source_name = "vec_add.mlir";
  vec.target = "sm_90";
  vec.emit = cubin;
  vec.emit_count = 1;
  EXPECT(kiln_compile(down, &vec, &result) == KILN_ERR_UNAVAILABLE && result == NULL);
  EXPECT(strstr(kiln_last_error(), "UNAVAILABLE") != NULL);
  kiln_client_close(down);

  kiln_client_options here = {argv[1], NULL, NULL, 120};
  EXPECT(kiln_client_open(&here, &client) == KILN_OK);
  if (!client) return 1;

  /* Malformed options are refused before kilnd sees them. */
  kiln_compile_options noTarget = vec;
  noTarget.target = NULL;
  EXPECT(kiln_compile(client, &noTarget, &result) == KILN_ERR_INVALID_ARGUMENT);
  EXPECT(strstr(kiln_last_error(), "target") != NULL);
  const char *junk[] = {"exe"};
  kiln_compile_options badEmit = vec;
  badEmit.emit = junk;
  EXPECT(kiln_compile(client, &badEmit, &result) == KILN_ERR_INVALID_ARGUMENT);
  EXPECT(strstr(kiln_last_error(), "unknown emit 'exe'") != NULL);
  kiln_compile_options badInput = vec;
  badInput.input = "cobol";
  EXPECT(kiln_compile(client, &badInput, &result) == KILN_ERR_INVALID_ARGUMENT);
  /* An unknown target is kilnd's to refuse. */
  kiln_compile_options badTarget = vec;
  badTarget.target = "sm_1";
  kiln_status refused = kiln_compile(client, &badTarget, &result);
  EXPECT(refused == KILN_ERR_INVALID_ARGUMENT || refused == KILN_ERR_NO_WORKER ||
         (refused == KILN_OK && !kiln_result_ok(result)));
  kiln_result_free(result);
  result = NULL;

  /* A compile, then the same again from the cache. */
  EXPECT(kiln_compile(client, &vec, &result) == KILN_OK);
  if (result) {
    EXPECT(kiln_result_ok(result) == 1);
    EXPECT(strcmp(kiln_result_verdict(result), "clean") == 0);
    EXPECT(kiln_result_artifact_count(result) == 2);
    const char *name, *kind;
    const uint8_t *bytes;
    size_t n;
    EXPECT(kiln_result_artifact(result, 2, &name, &kind, &bytes, &n) == 0);
    EXPECT(kiln_result_artifact(result, 0, &name, &kind, &bytes, &n) == 1);
    EXPECT(strcmp(name, "vec_add.cubin") == 0 && strcmp(kind, "cubin") == 0);
    EXPECT(n > 4 && memcmp(bytes, "\x7f" "ELF", 4) == 0);
    EXPECT(kiln_result_launch_json(result) && strstr(kiln_result_launch_json(result), "vec_add") != NULL);
    EXPECT(strlen(kiln_result_action_key(result)) == 64);

    kiln_result *again = NULL;
    EXPECT(kiln_compile(client, &vec, &again) == KILN_OK);
    EXPECT(again && kiln_result_cache_hit(again) == 1);
    kiln_result_free(again);

    /* fetch by the cubin's SHA-256, which kilnd computed: the same bytes. */
    const char *digest = kiln_result_artifact_digest(result, 0);
    EXPECT(digest && strlen(digest) == 64);
    EXPECT(kiln_result_artifact_digest(result, 9) == NULL);
    uint8_t *same = NULL;
    size_t same_size = 0;
    EXPECT(digest && kiln_fetch(client, digest, &same, &same_size) == KILN_OK);
    EXPECT(same && same_size == n && memcmp(same, bytes, n) == 0);
    kiln_bytes_free(same);
    kiln_result_free(result);
    result = NULL;
  }
  uint8_t *fetched = NULL;
  size_t fetched_size = 0;
  EXPECT(kiln_fetch(client, "00", &fetched, &fetched_size) != KILN_OK && fetched == NULL);
  EXPECT(kiln_fetch(client, NULL, &fetched, &fetched_size) == KILN_ERR_INVALID_ARGUMENT);
  EXPECT(kiln_fetch(client, "0000000000000000000000000000000000000000000000000000000000000000", &fetched,
                    &fetched_size) == KILN_ERR_NOT_FOUND);

  /* Only the emits asked for: AscendC for an Ascend target, no cubin beside it. */
  const char *ascendc[] = {"ascendc"};
  kiln_compile_options asc = vec;
  asc.target = "ascend910b2";
  asc.emit = ascendc;
  EXPECT(kiln_compile(client, &asc, &result) == KILN_OK);
  if (result) {
    EXPECT(kiln_result_ok(result) == 1);
    const char *name = NULL, *kind = NULL;
    EXPECT(kiln_result_artifact(result, 0, &name, &kind, NULL, NULL) == 1);
    EXPECT(name && strcmp(name, "vec_add.cpp") == 0 && strcmp(kind, "ascendc") == 0);
    EXPECT(kiln_result_artifact_count(result) == 2); /* and launch.json */
    kiln_result_free(result);
    result = NULL;
  }

  /* ptxas options reach ptxas: -v's report comes back only when asked for. */
  kiln_ptxas_options quiet = KILN_PTXAS_OPTIONS_INIT;
  quiet.verbose = 0;
  quiet.line_info = 1;
  kiln_compile_options withPtxas = vec;
  withPtxas.ptxas = &quiet;
  EXPECT(kiln_compile(client, &withPtxas, &result) == KILN_ERR_INVALID_ARGUMENT); /* Tile IR: not a PTX input */
  EXPECT(strstr(kiln_last_error(), "PTX inputs") != NULL);
  kiln_ptxas_options badLevel = KILN_PTXAS_OPTIONS_INIT;
  badLevel.opt_level = 7;
  kiln_compile_options ptxIn = KILN_COMPILE_OPTIONS_INIT;
  static const char kPtx[] =
      ".version 8.0\n.target sm_90\n.address_size 64\n"
      ".visible .entry nop()\n{\n\tret;\n}\n";
  ptxIn.source = kPtx;
  ptxIn.source_size = sizeof kPtx - 1;
  ptxIn.source_name = "nop.ptx";
  ptxIn.target = "sm_90";
  ptxIn.ptxas = &badLevel;
  EXPECT(kiln_compile(client, &ptxIn, &result) == KILN_ERR_INVALID_ARGUMENT);
  for (int verbose = 0; verbose < 2; ++verbose) {
    kiln_ptxas_options o = KILN_PTXAS_OPTIONS_INIT;
    o.verbose = verbose;
    ptxIn.ptxas = &o;
    EXPECT(kiln_compile(client, &ptxIn, &result) == KILN_OK);
    if (!result) continue;
    EXPECT(kiln_result_ok(result) == 1);
    EXPECT((strstr(kiln_result_tool_log(result), "ptxas info") != NULL) == (verbose == 1));
    kiln_result_free(result);
    result = NULL;
  }

  /* kiln_check: a tile past the memref's end, located with its rule code. */
  size_t oob_size = 0;
  char *oob_source = readFile(argv[3], &oob_size);
  EXPECT(oob_source != NULL);
  kiln_compile_options oob = KILN_COMPILE_OPTIONS_INIT;
  oob.source = oob_source;
  oob.source_size = oob_size;
  oob.source_name = "constant_oob.mlir";
  oob.target = "sm_90";
  EXPECT(kiln_check(client, &oob, &result) == KILN_OK);
  if (result) {
    EXPECT(kiln_result_ok(result) == 0);
    EXPECT(strcmp(kiln_result_verdict(result), "errors") == 0);
    EXPECT(kiln_result_artifact_count(result) == 0);
    EXPECT(kiln_result_diagnostic_count(result) >= 1);
    kiln_diagnostic d;
    EXPECT(kiln_result_diagnostic(result, 0, &d) == 1);
    EXPECT(d.severity == KILN_ERROR && strcmp(d.file, "constant_oob.mlir") == 0 && d.line == 9);
    EXPECT(strcmp(d.code, "oracle.constant-oob") == 0);
    EXPECT(strstr(kiln_result_text(result), "constant_oob.mlir:9:8: error:") != NULL);
    EXPECT(kiln_result_diagnostic(result, 99, &d) == 0);
    kiln_result_free(result);
    result = NULL;
  }
  kiln_compile_options checkOff = oob;
  checkOff.oracle = "off";
  EXPECT(kiln_check(client, &checkOff, &result) == KILN_ERR_INVALID_ARGUMENT);

  free(source);
  free(oob_source);
  kiln_client_close(client);
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
