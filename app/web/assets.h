// The web UI's static files (app/web/assets/), embedded in the binary at build time by
// app/web/embed_assets.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace vanthu::app::web {

struct Asset {
  std::string_view name;          // file name, e.g. "app.js"
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view bytes;
};

const std::vector<Asset>& assets();

}  // namespace vanthu::app::web
