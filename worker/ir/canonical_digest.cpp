#include "worker/ir/canonical_digest.h"

#include <openssl/evp.h>

#include "mlir/IR/OperationSupport.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::tile {

std::string canonicalText(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  mlir::OpPrintingFlags flags;
  flags.printGenericOpForm().enableDebugInfo(/*enable=*/false);
  module->print(os, flags);
  os.flush();
  return text;
}

std::string sha256Hex(const std::string &bytes) {
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), hash, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned i = 0; i < length; ++i) {
    hex.push_back(kHex[hash[i] >> 4]);
    hex.push_back(kHex[hash[i] & 0xf]);
  }
  return hex;
}

std::string canonicalDigest(mlir::ModuleOp module) {
  return sha256Hex(std::string(kIRDigestVersion) + "\n" + canonicalText(module));
}

}  // namespace kiln::tile
