// Service operations.
#include "app/service.h"

#include <stdexcept>

namespace vanthu::app {

Service::Service(std::string data_dir) : renderer_(std::move(data_dir)) {}

RenderResult Service::render_file(const std::string& data_path) {
  RenderResult r;
  try {
    auto out = renderer_.render_file(data_path, r.diags);
    if (!out) {
      r.status = Status::kUser;
      return r;
    }
    r.pdf = std::move(out->pdf);
    r.pages = out->pages;
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

}  // namespace vanthu::app
