#include "server/config/server_config.h"

#include <cstdlib>

namespace kiln::server {

std::string defaultDataDir() {
  if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/kiln";
  if (const char *home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/kiln";
  return "/var/lib/kiln";
}

}  // namespace kiln::server
