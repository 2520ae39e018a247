// The service layer: every user-facing operation, called by the CLI (and later the HTTP
// server), so each feature exists once. Results carry diagnostics, never partial output.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "diag/diagnostic.h"
#include "render.h"

namespace vanthu::app {

enum class Status { kOk = 0, kInternal = 1, kUser = 2 };

struct RenderResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string pdf;
  int pages = 0;
  std::string error;  // internal error text
};

class Service {
 public:
  explicit Service(std::string data_dir = generator::find_data_dir());
  RenderResult render_file(const std::string& data_path);
  generator::Renderer& renderer() { return renderer_; }

 private:
  generator::Renderer renderer_;
};

}  // namespace vanthu::app
