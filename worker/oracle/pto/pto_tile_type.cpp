#include "worker/oracle/pto/pto_tile_type.h"

#include <array>
#include <utility>
#include <vector>

#include "worker/oracle/pto/pto_text.h"

namespace kiln::oracle::pto {
namespace {

using plan::DType;
using plan::MemorySpace;

constexpr std::size_t npos = std::string_view::npos;

// Element types by width: plan::DType only needs to get the bytes right for
// the oracle, so 8-bit floats and unsigned types share the signed slot.
constexpr std::array<std::pair<std::string_view, DType>, 25> kDTypes{{
    {"f32", DType::kF32},         {"f16", DType::kF16},         {"bf16", DType::kBF16},
    {"i32", DType::kI32},         {"si32", DType::kI32},        {"ui32", DType::kI32},
    {"u32", DType::kI32},         {"i16", DType::kI16},         {"si16", DType::kI16},
    {"ui16", DType::kI16},        {"u16", DType::kI16},         {"i8", DType::kI8},
    {"si8", DType::kI8},          {"ui8", DType::kI8},          {"u8", DType::kI8},
    {"f8", DType::kI8},           {"f8E4M3FN", DType::kI8},     {"f8E5M2", DType::kI8},
    {"f8E4M3", DType::kI8},       {"f8E4M3FNUZ", DType::kI8},   {"f8E5M2FNUZ", DType::kI8},
    {"f8E4M3B11FNUZ", DType::kI8}, {"f8E8M0FNU", DType::kI8},   {"f8E3M4", DType::kI8},
    {"hif8", DType::kI8},
}};

constexpr std::array<std::pair<std::string_view, MemorySpace>, 6> kSpaces{{
    {"vec", MemorySpace::kUB},
    {"mat", MemorySpace::kL1},
    {"left", MemorySpace::kL0A},
    {"right", MemorySpace::kL0B},
    {"acc", MemorySpace::kL0C},
    {"bias", MemorySpace::kBias},
}};

// `#pto.blayout<row_major>` -> `row_major`; anything else unchanged.
std::string_view unwrapAttribute(std::string_view value) {
  if (value.empty() || value.front() != '#' || value.back() != '>') return value;
  std::size_t open = value.find('<');
  if (open == npos) return value;
  return trim(value.substr(open + 1, value.size() - open - 2));
}

// The `key=value` pieces between a type's outer '<' and '>'.
struct Param {
  std::string_view key;    // empty for a positional piece
  std::string_view value;  // trimmed
  std::size_t offset = 0;  // of value, in the text given to the parser
};

std::vector<Param> paramsOf(std::string_view text, std::size_t open, std::size_t close) {
  std::vector<Param> out;
  std::string_view inner = text.substr(open + 1, close - open - 1);
  for (auto [offset, length] : splitTopLevel(inner, ',')) {
    std::string_view piece = inner.substr(offset, length);
    std::size_t base = open + 1 + offset;
    std::size_t eq = findTopLevel(piece, '=');
    Param param;
    std::string_view raw = eq == npos ? piece : piece.substr(eq + 1);
    if (eq != npos) param.key = trim(piece.substr(0, eq));
    param.value = trim(raw);
    if (param.value.empty() && param.key.empty()) continue;
    param.offset = base + (eq == npos ? 0 : eq + 1) + skipSpaces(raw, 0);
    out.push_back(param);
  }
  return out;
}

TypeError error(std::size_t offset, std::string message) { return {offset, std::move(message)}; }

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::optional<TypeError> readCount(const Param &p, bool positive, std::int64_t &into) {
  IntParse n = parseInt64(p.value);
  std::string what = std::string(p.key) + "=" + std::string(p.value);
  if (n.status == IntStatus::kOverflow) return error(p.offset, what + " does not fit in a 64-bit integer");
  if (n.status != IntStatus::kOk) return error(p.offset, what + " is not an integer");
  if (n.value < 0 || (positive && n.value == 0))
    return error(p.offset, what + (positive ? " must be positive" : " is negative"));
  into = n.value;
  return std::nullopt;
}

std::optional<TypeError> readValid(const Param &p, std::int64_t &into) {
  if (p.value == "?") {
    into = 0;
    return std::nullopt;
  }
  return readCount(p, false, into);
}

std::optional<TypeError> readSpace(std::string_view value, std::size_t offset, MemorySpace &into) {
  std::optional<MemorySpace> space = spaceFromLocation(value);
  if (!space)
    return error(offset, "unknown tile location " + quoted(value) + "; expected vec, mat, left, right, acc or bias");
  into = *space;
  return std::nullopt;
}

std::optional<TypeError> readDType(std::string_view value, std::size_t offset, DType &into) {
  std::optional<DType> dtype = dtypeFromName(value);
  if (!dtype)
    return error(offset, "unknown tile dtype " + quoted(value) +
                             "; expected f32, f16, bf16, i32, i16, i8 or another 8-, 16- or 32-bit type");
  into = *dtype;
  return std::nullopt;
}

std::optional<TypeError> readLayout(const Param &p, bool secondary, std::string &into) {
  std::string_view value = unwrapAttribute(p.value);
  bool known = value == "row_major" || value == "col_major" || (secondary && value == "none_box");
  if (!known)
    return error(p.offset, "unknown " + std::string(p.key) + " " + quoted(value) + "; expected " +
                               (secondary ? "none_box, row_major or col_major" : "row_major or col_major"));
  into = std::string(value);
  return std::nullopt;
}

// `16x16xf16` (or `?x?` for a valid shape, with no element type).
struct Shape {
  std::vector<std::int64_t> dims;  // -1 for '?'
  std::string_view element;
  std::optional<TypeError> error;
};

Shape readShape(std::string_view text, std::size_t offset, bool with_element) {
  Shape out;
  std::size_t start = 0;
  for (;;) {
    std::size_t x = text.find('x', start);
    std::string_view piece = text.substr(start, x == npos ? npos : x - start);
    if (x == npos && with_element) {
      out.element = piece;
      return out;
    }
    IntParse n = parseInt64(piece);
    if (piece == "?") {
      out.dims.push_back(-1);
    } else if (n.status == IntStatus::kOverflow) {
      out.error = error(offset + start, "dimension " + std::string(piece) + " does not fit in a 64-bit integer");
      return out;
    } else if (n.status != IntStatus::kOk || n.value < 0) {
      out.error = error(offset + start, "bad dimension " + quoted(piece) + " in shape " + quoted(text));
      return out;
    } else {
      out.dims.push_back(n.value);
    }
    if (x == npos) return out;
    start = x + 1;
  }
}

std::optional<TypeError> readShortShape(const Param &p, TileType &type) {
  Shape shape = readShape(p.value, p.offset, true);
  if (shape.error) return shape.error;
  if (shape.dims.size() != 2) return error(p.offset, "tile shape " + quoted(p.value) + " must be ROWSxCOLSxTYPE");
  if (shape.dims[0] <= 0 || shape.dims[1] <= 0)
    return error(p.offset, "tile shape " + quoted(p.value) + " needs positive static sizes");
  type.rows = shape.dims[0];
  type.cols = shape.dims[1];
  return readDType(shape.element, p.offset + p.value.size() - shape.element.size(), type.dtype);
}

std::optional<TypeError> readValidShape(const Param &p, TileType &type) {
  Shape shape = readShape(p.value, p.offset, false);
  if (shape.error) return shape.error;
  if (shape.dims.size() != 2) return error(p.offset, "valid=" + std::string(p.value) + " must be ROWSxCOLS");
  type.valid_rows = std::max<std::int64_t>(shape.dims[0], 0);
  type.valid_cols = std::max<std::int64_t>(shape.dims[1], 0);
  return std::nullopt;
}

std::optional<TypeError> sizeTile(TileType &type, std::size_t offset) {
  // Each side is at least 1, so bounding both first keeps the product in range.
  bool huge = type.rows > kMaxTileBytes || type.cols > kMaxTileBytes;
  __int128 bytes = huge ? 0 : static_cast<__int128>(type.rows) * type.cols * plan::dtypeBytes(type.dtype);
  if (huge || bytes > kMaxTileBytes)
    return error(offset, "tile of " + std::to_string(type.rows) + "x" + std::to_string(type.cols) + "x" +
                             plan::dtypeName(type.dtype) + " is over 1 TiB; no on-chip buffer is that large");
  type.bytes = static_cast<std::int64_t>(bytes);
  return std::nullopt;
}

// The '<' after `keyword` at the start of `text`, and its '>'.
std::optional<TypeError> angleBrackets(std::string_view text, std::string_view keyword, std::string_view user,
                                       std::size_t &open, std::size_t &close) {
  open = skipSpaces(text, keyword.size());
  if (text.rfind(keyword, 0) != 0 || open >= text.size() || text[open] != '<')
    return error(0, std::string(user) + " needs a " + std::string(keyword) + "<...> type");
  close = matchingClose(text, open);
  if (close == npos) return error(open, "unterminated '<' in tile type");
  return std::nullopt;
}

// Which of the fields every tile type needs were written.
enum Seen : unsigned { kLoc = 1, kRows = 2, kCols = 4, kDType = 8, kAll = 15 };

std::optional<TypeError> readTileParam(const Param &p, TileType &type, unsigned &seen) {
  std::string_view k = p.key;
  if (k.empty() && !p.value.empty() && (p.value[0] == '?' || (p.value[0] >= '0' && p.value[0] <= '9'))) {
    seen |= kRows | kCols | kDType;
    return readShortShape(p, type);
  }
  if (k.empty() || k == "loc") {
    seen |= kLoc;
    return readSpace(unwrapAttribute(p.value), p.offset, type.space);
  }
  if (k == "dtype") {
    seen |= kDType;
    return readDType(unwrapAttribute(p.value), p.offset, type.dtype);
  }
  if (k == "rows") {
    seen |= kRows;
    return readCount(p, true, type.rows);
  }
  if (k == "cols") {
    seen |= kCols;
    return readCount(p, true, type.cols);
  }
  if (k == "v_row") return readValid(p, type.valid_rows);
  if (k == "v_col") return readValid(p, type.valid_cols);
  if (k == "valid") return readValidShape(p, type);
  if (k == "blayout") return readLayout(p, false, type.layout);
  if (k == "slayout") return readLayout(p, true, type.secondary_layout);
  if (k == "fractal") return readCount(p, false, type.fractal);
  return std::nullopt;  // pad=, compact= and future keys do not change placement
}

}  // namespace

std::optional<DType> dtypeFromName(std::string_view name) {
  for (const auto &[spelling, dtype] : kDTypes)
    if (spelling == name) return dtype;
  return std::nullopt;
}

std::optional<MemorySpace> spaceFromLocation(std::string_view loc) {
  for (const auto &[spelling, space] : kSpaces)
    if (spelling == loc) return space;
  return std::nullopt;
}

TypeParse parseTileBufType(std::string_view text, std::string_view user) {
  TypeParse out;
  std::size_t open = 0, close = 0;
  if ((out.error = angleBrackets(text, "!pto.tile_buf", user, open, close))) return out;
  unsigned seen = 0;
  for (const Param &p : paramsOf(text, open, close))
    if ((out.error = readTileParam(p, out.type, seen))) return out;
  if (!(seen & kLoc)) out.error = error(0, std::string(user) + " needs loc= (vec, mat, left, right, acc or bias)");
  else if (seen != kAll) out.error = error(0, std::string(user) + " needs rows=, cols= and dtype=");
  else out.error = sizeTile(out.type, 0);
  return out;
}

TypeParse parseMemRefType(std::string_view text, std::string_view user) {
  TypeParse out;
  std::size_t open = 0, close = 0;
  if ((out.error = angleBrackets(text, "memref", user, open, close))) return out;
  std::vector<Param> params = paramsOf(text, open, close);
  bool has_space = false;
  for (const Param &p : params) {
    std::string_view prefix = "#pto.address_space<";
    if (p.key.empty() && p.value.rfind(prefix, 0) == 0) {
      has_space = true;
      if ((out.error = readSpace(unwrapAttribute(p.value), p.offset + prefix.size(), out.type.space))) return out;
    }
  }
  if (params.empty() || !has_space) {
    out.error = error(0, std::string(user) + " needs a memref in a tile address space (#pto.address_space<vec>, ...)");
    return out;
  }
  const Param &shape_param = params.front();
  Shape shape = readShape(shape_param.value, shape_param.offset, true);
  if ((out.error = shape.error)) return out;
  if (shape.dims.empty() || shape.dims.size() > 2) {
    out.error = error(shape_param.offset, std::string(user) + " needs a memref of rank 1 or 2");
    return out;
  }
  for (std::int64_t dim : shape.dims) {
    if (dim <= 0) {
      out.error =
          error(shape_param.offset, "tile memref " + quoted(shape_param.value) + " needs positive static sizes");
      return out;
    }
  }
  out.type.rows = shape.dims.size() == 2 ? shape.dims[0] : 1;
  out.type.cols = shape.dims.back();
  std::size_t element_at = shape_param.offset + shape_param.value.size() - shape.element.size();
  if ((out.error = readDType(shape.element, element_at, out.type.dtype))) return out;
  out.error = sizeTile(out.type, 0);
  return out;
}

void readTileConfig(std::string_view attributes, TileType &type) {
  std::size_t at = attributes.find("tile_buf_config<");
  if (at == npos) return;
  std::size_t open = attributes.find('<', at);
  std::size_t close = matchingClose(attributes, open);
  if (close == npos) return;
  for (const Param &p : paramsOf(attributes, open, close)) {
    std::string_view value = unwrapAttribute(p.value);
    if (p.key == "blayout" && (value == "row_major" || value == "col_major")) type.layout = std::string(value);
    if (p.key == "slayout" && (value == "row_major" || value == "col_major" || value == "none_box"))
      type.secondary_layout = std::string(value);
    IntParse n = parseInt64(value);
    if (p.key == "s_fractal_size" && n.status == IntStatus::kOk && n.value >= 0) type.fractal = n.value;
  }
}

std::string writtenLayout(std::string_view type) {
  std::size_t open = 0, close = 0;
  if (angleBrackets(type, "!pto.tile_buf", "", open, close)) return "";
  for (const Param &p : paramsOf(type, open, close))
    if (p.key == "blayout") return std::string(unwrapAttribute(p.value));
  return "";
}

bool isOnChipTileType(std::string_view type) {
  if (type.rfind("!pto.tile_buf", 0) == 0) return true;
  std::size_t open = 0, close = 0;
  if (angleBrackets(type, "memref", "", open, close)) return false;
  for (const Param &p : paramsOf(type, open, close))
    if (p.key.empty() && p.value.rfind("#pto.address_space<", 0) == 0)
      return spaceFromLocation(unwrapAttribute(p.value)).has_value();
  return false;
}

}  // namespace kiln::oracle::pto
