#include "worker/oracle/pto/pto_frontend.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "worker/oracle/checks/plan_findings.h"
#include "worker/oracle/pto/pto_function.h"
#include "worker/oracle/pto/pto_text.h"
#include "worker/oracle/pto/pto_tile_type.h"

namespace kiln::oracle {
namespace {

using pto::FunctionBuilder;
using pto::Statement;

constexpr std::size_t npos = std::string_view::npos;

// Region-holding ops whose body runs more than once.
bool isLoop(std::string_view op) {
  return op == "scf.for" || op == "scf.while" || op == "scf.parallel" || op == "scf.forall" ||
         op == "affine.for" || op == "affine.parallel";
}

// `%a, %b:2 = dialect.op` or `"dialect.op"(...)`: results and op name.
struct Head {
  std::vector<std::pair<std::string_view, std::size_t>> results;  // name, offset
  std::string_view name;
  std::size_t name_offset = npos;
  std::size_t body = npos;  // just after the name
};

std::size_t readResults(std::string_view text, std::size_t i, Head &head) {
  while (i < text.size() && text[i] == '%') {
    std::string_view name = pto::ssaNameAt(text, i);
    if (name.empty()) return npos;
    head.results.push_back({name, i});
    i = pto::skipSpaces(text, i + name.size());
    if (i < text.size() && text[i] == ':') {
      i = pto::skipSpaces(text, i + 1);
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      i = pto::skipSpaces(text, i);
    }
    if (i < text.size() && text[i] == ',') {
      i = pto::skipSpaces(text, i + 1);
      continue;
    }
    return i < text.size() && text[i] == '=' ? pto::skipSpaces(text, i + 1) : npos;
  }
  return i;
}

Head parseHead(std::string_view text) {
  Head head;
  std::size_t i = 0;
  while (i < text.size() && (text[i] == '}' || pto::isSpace(text[i]))) ++i;
  if ((i = readResults(text, i, head)) == npos || i >= text.size()) return {};
  if (text[i] == '"') {
    std::size_t end = text.find_first_of("\"\n", i + 1);
    if (end == npos || text[end] != '"') return {};
    head.name = text.substr(i + 1, end - i - 1);
    head.name_offset = i;
    head.body = end + 1;
    return head;
  }
  std::size_t end = i;
  while (end < text.size() && pto::isIdentChar(text[end])) ++end;
  if (end == i || !(std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_')) return {};
  head.name = text.substr(i, end - i);
  head.name_offset = i;
  head.body = end;
  return head;
}

enum class RegionKind { kOther, kFunction, kLoop };

struct Region {
  RegionKind kind = RegionKind::kOther;
  int first_op = 0;
};

class Reader {
 public:
  explicit Reader(const std::string &file) : file_(file) {}

  void statement(const Statement &s) {
    std::size_t reported = out_.diagnostics.size();
    Head head = parseHead(s.text);
    std::string_view text = pto::trim(s.text);
    // `} else {` and `} do {` continue the same op's regions.
    bool continues = s.region_closes == 1 && s.region_opens == 1 && text.front() == '}';
    if (!continues) closeRegions(s);
    RegionKind opened = RegionKind::kOther;
    if (head.name == "func.func") {
      if (!fn_ && s.region_opens > 0 && startFunction(s, head)) opened = RegionKind::kFunction;
    } else if (fn_ && !head.name.empty()) {
      op(s, head);
      if (isLoop(head.name)) opened = RegionKind::kLoop;
    }
    if (!continues)
      for (int i = 0; i < s.region_opens; ++i) openRegion(i == 0 ? opened : RegionKind::kOther);
    if (s.unclosed && out_.diagnostics.size() == reported) {
      char c = s.text[*s.unclosed];
      report(s, *s.unclosed, std::string("unterminated '") + c + "': no matching '" +
                                 (c == '(' ? ')' : c == '[' ? ']' : '>') + "' before the next statement");
    }
  }

  PtoReadResult finish() {
    if (fn_)
      out_.diagnostics.push_back(located(fn_->loc(), "function @" + fn_->kernel() + " has no closing '}'"));
    while (!regions_.empty()) popRegion();
    return std::move(out_);
  }

 private:
  plan::SourceLoc at(const Statement &s, std::size_t offset) const {
    auto [line, column] = s.position(offset);
    return {file_, line, column};
  }

  static Diagnostic located(const plan::SourceLoc &loc, std::string message) {
    return locatedAt(loc, Severity::kError, std::move(message));
  }

  void report(const Statement &s, std::size_t offset, std::string message) {
    out_.diagnostics.push_back(located(at(s, offset), std::move(message)));
  }

  bool startFunction(const Statement &s, const Head &head) {
    std::string_view text = s.text;
    std::size_t i = pto::skipSpaces(text, head.body);
    for (std::string_view word : {"private", "public", "nested"})
      if (text.compare(i, word.size(), word) == 0) i = pto::skipSpaces(text, i + word.size());
    if (i >= text.size() || text[i] != '@') return false;
    std::size_t begin = i + 1, end = begin;
    if (begin < text.size() && text[begin] == '"') {
      end = text.find_first_of("\"\n", begin + 1);
      if (end == npos || text[end] != '"') return false;
      ++begin;
    } else {
      while (end < text.size() && pto::isIdentChar(text[end])) ++end;
    }
    fn_.emplace(std::string(text.substr(begin, end - begin)), at(s, i));
    return true;
  }

  void openRegion(RegionKind kind) {
    regions_.push_back({kind, fn_ ? fn_->nextPosition() : 0});
  }

  // One report for a statement however many of its '}' match nothing.
  void closeRegions(const Statement &s) {
    for (int i = 0; i < s.region_closes; ++i) {
      if (regions_.empty()) {
        std::size_t brace = s.text.find('}');
        return report(s, brace == npos ? 0 : brace, "unmatched '}'");
      }
      popRegion();
    }
  }

  void popRegion() {
    Region region = regions_.back();
    regions_.pop_back();
    if (!fn_) return;
    if (region.kind == RegionKind::kLoop) fn_->addLoop(region.first_op, fn_->nextPosition() - 1);
    if (region.kind != RegionKind::kFunction) return;
    out_.functions.push_back(fn_->finish());
    fn_.reset();
  }

  void op(const Statement &s, const Head &head) {
    if (head.name == "arith.constant") return constant(s, head);
    if (head.name == "pto.alloc_tile") return allocTile(s, head);
    if (head.name == "pto.pointer_cast") return pointerCast(s, head);
    std::size_t ins = pto::findKeyword(s.text, "ins", '(', head.body);
    std::size_t outs = pto::findKeyword(s.text, "outs", '(', head.body);
    if (ins != npos || outs != npos) return destinationPassing(s, head, ins, outs);
    opaque(s, head);
  }

  // Integer constants only: they are what addresses are made of.
  void constant(const Statement &s, const Head &head) {
    std::string_view text = s.text;
    std::size_t colon = pto::findTopLevel(text, ':', head.body);
    if (head.results.size() != 1 || colon == npos) return;
    std::string_view type = pto::trim(text.substr(colon + 1));
    type = type.substr(0, std::min(type.size(), type.find_first_of(" \t\n")));
    bool integer =
        type == "index" || (type.size() > 1 && type[0] == 'i' && type.find_first_not_of("0123456789", 1) == npos);
    std::size_t value_at = pto::skipSpaces(text, head.body);
    std::string_view value = pto::trim(text.substr(value_at, colon - value_at));
    pto::IntParse n = pto::parseInt64(value);
    if (!integer || n.status == pto::IntStatus::kInvalid) return;
    if (n.status == pto::IntStatus::kOverflow)
      return report(s, value_at, "integer constant " + std::string(value) + " does not fit in a 64-bit integer");
    fn_->setConstant(head.results[0].first, n.value);
  }

  // `addr = %a` or `addr = 4096`; reports and returns nullopt when unusable.
  std::optional<std::int64_t> allocAddress(const Statement &s, std::size_t at) {
    std::string_view text = s.text;
    if (std::string_view name = pto::ssaNameAt(text, at); !name.empty()) {
      std::optional<std::int64_t> value = fn_->constant(name);
      if (!value) report(s, at, "addr " + std::string(name) + " is not a constant defined earlier");
      else if (*value < 0) report(s, at, "addr " + std::string(name) + " is negative (" + std::to_string(*value) + ")");
      else return value;
      return std::nullopt;
    }
    std::size_t end = at;
    while (end < text.size() && pto::isIdentChar(text[end])) ++end;
    std::string literal(text.substr(at, end - at));
    pto::IntParse n = pto::parseInt64(literal);
    if (n.status == pto::IntStatus::kOk && n.value >= 0) return n.value;
    if (n.status == pto::IntStatus::kOverflow) report(s, at, "addr " + literal + " does not fit in a 64-bit integer");
    else if (n.status == pto::IntStatus::kOk) report(s, at, "addr " + literal + " is negative");
    else report(s, at, "addr needs a constant SSA value or an integer, not '" + literal + "'");
    return std::nullopt;
  }

  // `valid_row = %v`: a constant fills a valid size the type leaves dynamic.
  void validOperand(std::string_view operands, std::string_view keyword, std::int64_t &into) {
    std::size_t at = pto::findKeyword(operands, keyword, '=');
    if (at == npos || into != 0) return;
    at = pto::skipSpaces(operands, operands.find('=', at) + 1);
    std::optional<std::int64_t> value = fn_->constant(pto::ssaNameAt(operands, at));
    if (value && *value > 0) into = *value;
  }

  void allocTile(const Statement &s, const Head &head) {
    std::string_view text = s.text;
    if (head.results.size() != 1) return report(s, head.name_offset, "pto.alloc_tile needs exactly one result");
    std::size_t colon = pto::findTopLevel(text, ':', head.body);
    if (colon == npos) return report(s, head.name_offset, "pto.alloc_tile needs a !pto.tile_buf<...> type");
    std::size_t type_at = pto::skipSpaces(text, colon + 1);
    pto::TypeParse type = pto::parseTileBufType(text.substr(type_at), "pto.alloc_tile");
    if (type.error) return report(s, type_at + type.error->offset, type.error->message);
    std::string_view operands = text.substr(head.body, colon - head.body);
    std::int64_t offset = -1;
    if (std::size_t addr = pto::findKeyword(operands, "addr", '='); addr != npos) {
      std::size_t value_at = pto::skipSpaces(text, head.body + operands.find('=', addr) + 1);
      std::optional<std::int64_t> address = allocAddress(s, value_at);
      if (!address) return;
      offset = *address;
    }
    validOperand(operands, "valid_row", type.type.valid_rows);
    validOperand(operands, "valid_col", type.type.valid_cols);
    addBuffer(s, head.results[0], type.type, offset);
  }

  // PlanMemory names each address constant %c<bytes>_i64; the name is the
  // fallback when the constant itself is outside the text given.
  std::optional<std::int64_t> castAddress(const Statement &s, std::size_t at) {
    std::string_view name = pto::ssaNameAt(s.text, at);
    if (name.empty()) {
      report(s, at, "pto.pointer_cast needs an SSA address, as in pto.pointer_cast(%c0_i64)");
      return std::nullopt;
    }
    std::optional<std::int64_t> value = fn_->constant(name);
    if (!value && name.size() > 6 && name.substr(0, 2) == "%c" && name.substr(name.size() - 4) == "_i64") {
      pto::IntParse n = pto::parseInt64(name.substr(2, name.size() - 6));
      if (n.status == pto::IntStatus::kOk) value = n.value;
    }
    if (!value) report(s, at, "pto.pointer_cast address " + std::string(name) + " is not a constant defined earlier");
    else if (*value < 0) report(s, at, "pto.pointer_cast address " + std::string(name) + " is negative");
    else return value;
    return std::nullopt;
  }

  void pointerCast(const Statement &s, const Head &head) {
    std::string_view text = s.text;
    if (head.results.size() != 1) return report(s, head.name_offset, "pto.pointer_cast needs exactly one result");
    std::size_t address_at = pto::skipSpaces(text, head.body);
    if (address_at < text.size() && text[address_at] == '(') address_at = pto::skipSpaces(text, address_at + 1);
    std::size_t colon = pto::findTopLevel(text, ':', head.body);
    if (colon == npos) return report(s, head.name_offset, "pto.pointer_cast needs a memref<...> type");
    std::size_t type_at = pto::skipSpaces(text, colon + 1);
    pto::TypeParse type = pto::parseMemRefType(text.substr(type_at), "pto.pointer_cast");
    if (type.error) return report(s, type_at + type.error->offset, type.error->message);
    pto::readTileConfig(text.substr(head.body, colon - head.body), type.type);
    std::optional<std::int64_t> offset = castAddress(s, address_at);
    if (offset) addBuffer(s, head.results[0], type.type, *offset);
  }

  // False (and reported) when `name` already names a tile.
  bool freshTileName(const Statement &s, std::pair<std::string_view, std::size_t> result) {
    std::optional<plan::SourceLoc> first = fn_->tileDefinedAt(result.first);
    if (!first) return true;
    Diagnostic d = located(at(s, result.second), "tile " + std::string(result.first) + " is defined twice");
    d.notes.push_back(located(*first, "first defined here"));
    d.notes.back().severity = Severity::kNote;
    out_.diagnostics.push_back(std::move(d));
    return false;
  }

  void addBuffer(const Statement &s, std::pair<std::string_view, std::size_t> result, const pto::TileType &type,
                 std::int64_t offset) {
    if (freshTileName(s, result)) fn_->addBuffer(result.first, at(s, result.second), type, offset);
  }

  // `ins(%a, %b : T1, T2)`: the tiles among the values, each with the
  // blayout its own type spells.
  void readOperandList(std::string_view text, std::size_t keyword, std::vector<int> &ids,
                       std::vector<std::string> &layouts) {
    std::size_t open = text.find('(', keyword);
    std::size_t close = pto::matchingClose(text, open);
    std::string_view inner = text.substr(open + 1, (close == npos ? text.size() : close) - open - 1);
    std::size_t colon = pto::findTopLevel(inner, ':');
    std::string_view values = inner.substr(0, colon);
    std::string_view types = colon == npos ? std::string_view() : inner.substr(colon + 1);
    auto value_pieces = pto::splitTopLevel(values, ',');
    auto type_pieces = pto::splitTopLevel(types, ',');
    for (std::size_t i = 0; i < value_pieces.size(); ++i) {
      std::string_view value = pto::trim(values.substr(value_pieces[i].first, value_pieces[i].second));
      int id = fn_->tile(pto::ssaNameAt(value, 0));
      if (id < 0) continue;
      ids.push_back(id);
      std::string_view type;
      if (i < type_pieces.size()) type = pto::trim(types.substr(type_pieces[i].first, type_pieces[i].second));
      layouts.push_back(pto::writtenLayout(type));
    }
  }

  void destinationPassing(const Statement &s, const Head &head, std::size_t ins, std::size_t outs) {
    plan::PlannedOp op;
    if (ins != npos) readOperandList(s.text, ins, op.operands, op.operand_layouts);
    if (outs != npos) readOperandList(s.text, outs, op.results, op.result_layouts);
    if (op.operands.empty() && op.results.empty()) return;
    addOp(s, head, std::move(op));
  }

  // An op this reader has no model of: each tile it names may be read and
  // written, which is what keeps the oracle from missing a use.
  void opaque(const Statement &s, const Head &head) {
    std::string_view text = s.text;
    plan::PlannedOp op;
    for (std::size_t i = head.body; i < text.size(); ++i) {
      if (text[i] == '"') {
        std::size_t end = text.find_first_of("\"\n", i + 1);
        if (end == npos) break;
        i = end;
        continue;
      }
      std::string_view name = pto::ssaNameAt(text, i);
      if (name.empty()) continue;
      int id = fn_->tile(name);
      if (id >= 0 && std::find(op.operands.begin(), op.operands.end(), id) == op.operands.end())
        op.operands.push_back(id);
      i += name.size() - 1;
    }
    if (op.operands.empty()) return;
    op.results = op.operands;
    op.operand_layouts.assign(op.operands.size(), "");
    op.result_layouts.assign(op.results.size(), "");
    int viewed = op.operands.size() == 1 ? op.operands[0] : -1;
    addOp(s, head, std::move(op));
    if (viewed >= 0 && !head.results.empty() && returnsTile(text, head.body))
      for (const auto &result : head.results)
        if (freshTileName(s, result)) fn_->addAlias(result.first, at(s, result.second), viewed);
  }

  // The result type: after `->` when there is one, else after ':'.
  static bool returnsTile(std::string_view text, std::size_t body) {
    std::size_t arrow = pto::findTopLevelArrow(text, body);
    std::size_t from = arrow != npos ? arrow + 2 : pto::findTopLevel(text, ':', body);
    if (from == npos) return false;
    if (arrow == npos) ++from;
    return pto::isOnChipTileType(pto::trim(text.substr(from)));
  }

  void addOp(const Statement &s, const Head &head, plan::PlannedOp op) {
    op.name = std::string(head.name);
    op.loc = at(s, head.name_offset);
    fn_->addOp(std::move(op));
  }

  std::string file_;
  PtoReadResult out_;
  std::vector<Region> regions_;
  std::optional<FunctionBuilder> fn_;
};

}  // namespace

PtoReadResult readPto(std::string_view text, const std::string &file) {
  Reader reader(file);
  for (const Statement &statement : pto::splitStatements(text)) reader.statement(statement);
  return reader.finish();
}

}  // namespace kiln::oracle
