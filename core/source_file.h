// A kernel's source as it arrived: the name it is reported under and its
// bytes. The name is data (it names diagnostics and artifacts), never a path
// anything is opened at.
#pragma once

#include <string>

namespace kiln {

struct SourceFile {
  std::string name;  // used in diagnostics: file:line:col
  std::string text;
};

}  // namespace kiln
