#include "worker/backends/source_digest.h"

#include <cstdio>

#include "cache/digest.h"
#include "worker/oracle/ptx/ptx_normal_form.h"

namespace kiln::backends {

std::string producerSourceDigest(InputKind kind, const std::string &text) {
  if (kind == InputKind::kPtx) return "ptx:" + cache::Digest::of(oracle::ptxNormalForm(text)).hex();
  return std::string(inputKindName(kind)) + ":" + cache::Digest::of(text).hex();
}

std::optional<Diagnostic> binarySourceError(const SourceFile &source, InputKind kind) {
  unsigned line = 1, column = 1;
  for (char ch : source.text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      ++line;
      column = 1;
      continue;
    }
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\f') {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02x", c);
      Diagnostic d;
      d.file = source.name;
      d.line = line;
      d.column = column;
      d.message = std::string("[input.binary] byte ") + byte + " is not text; " + inputKindTitle(kind) +
                  " is a text format, so this is not " + inputKindTitle(kind) + " (is it a binary file?)";
      return d;
    }
    ++column;
  }
  return std::nullopt;
}

std::optional<CompileResult> admitSource(const CompileRequest &request, const CompileHooks &hooks) {
  if (std::optional<Diagnostic> junk = binarySourceError(request.source, request.input)) {
    CompileResult refused;
    refused.diagnostics.push_back(std::move(*junk));
    return refused;
  }
  if (hooks.after_parse) return hooks.after_parse(producerSourceDigest(request.input, request.source.text));
  return std::nullopt;
}

}  // namespace kiln::backends
