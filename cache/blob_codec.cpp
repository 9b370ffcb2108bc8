#include "cache/blob_codec.h"

#include <zstd.h>

#include <memory>

namespace kiln::cache {
namespace {

// A zstd context costs a large allocation and initialisation; making one per
// call would double the cost of a 4 KiB hit. One per thread, reused.
struct ContextDeleter {
  void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
  void operator()(ZSTD_DCtx *d) const { ZSTD_freeDCtx(d); }
};

ZSTD_CCtx *compressContext() {
  thread_local std::unique_ptr<ZSTD_CCtx, ContextDeleter> context(ZSTD_createCCtx());
  return context.get();
}

ZSTD_DCtx *decompressContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, ContextDeleter> context(ZSTD_createDCtx());
  return context.get();
}

}  // namespace

EncodedBlob encodeBlob(std::string_view bytes, int level) {
  EncodedBlob out;
  // Tiny blobs never shrink enough to pay for a frame header.
  if (bytes.size() < 64) return out;
  std::string buffer(ZSTD_compressBound(bytes.size()), '\0');
  std::size_t n = ZSTD_compressCCtx(compressContext(), buffer.data(), buffer.size(), bytes.data(),
                                    bytes.size(), level);
  if (ZSTD_isError(n) || n > bytes.size() - bytes.size() / 16) return out;
  buffer.resize(n);
  out.codec = BlobCodec::kZstd;
  out.stored = std::move(buffer);
  return out;
}

std::optional<std::string> decodeBlob(std::int64_t codec, std::string_view stored,
                                      std::int64_t size) {
  if (size < 0) return std::nullopt;
  if (codec == static_cast<std::int64_t>(BlobCodec::kRaw)) {
    if (static_cast<std::int64_t>(stored.size()) != size) return std::nullopt;
    return std::string(stored);
  }
  if (codec != static_cast<std::int64_t>(BlobCodec::kZstd)) return std::nullopt;
  // The frame must declare exactly the recorded size before we allocate for
  // it, so a damaged row cannot make us allocate gigabytes.
  unsigned long long declared = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR || declared == ZSTD_CONTENTSIZE_UNKNOWN ||
      declared != static_cast<unsigned long long>(size))
    return std::nullopt;
  std::string out(static_cast<std::size_t>(size), '\0');
  std::size_t n = ZSTD_decompressDCtx(decompressContext(), out.data(), out.size(), stored.data(),
                                      stored.size());
  if (ZSTD_isError(n) || n != out.size()) return std::nullopt;
  return out;
}

}  // namespace kiln::cache
