#include "worker/oracle/ptx/ptx_normal_form.h"

namespace kiln::oracle {
namespace {

void trimLineEnd(std::string &out) {
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\r')) out.pop_back();
}

}  // namespace

std::string ptxNormalForm(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  enum class State { kCode, kString, kLineComment, kBlockComment } state = State::kCode;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c == '\n') {
      trimLineEnd(out);
      out += '\n';
      // A string never spans lines in PTX: a newline ends a broken one, so
      // one stray quote cannot hide the rest of the file's comments.
      if (state != State::kBlockComment) state = State::kCode;
      continue;
    }
    switch (state) {
      case State::kCode:
        if (c == '/' && next == '/') {
          state = State::kLineComment;
          ++i;
        } else if (c == '/' && next == '*') {
          state = State::kBlockComment;
          out += "  ";
          ++i;
        } else {
          if (c == '"') state = State::kString;
          out += c;
        }
        break;
      case State::kString:
        out += c;
        if (c == '\\' && next != '\0' && next != '\n') {
          out += next;
          ++i;
        } else if (c == '"') {
          state = State::kCode;
        }
        break;
      case State::kLineComment: break;  // dropped: blanks up to the newline are trimmed anyway
      case State::kBlockComment:
        if (c == '*' && next == '/') {
          state = State::kCode;
          out += "  ";
          ++i;
        } else {
          out += ' ';
        }
        break;
    }
  }
  trimLineEnd(out);
  return out;
}

}  // namespace kiln::oracle
