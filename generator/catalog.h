// The catalogue of what can be made: document kinds (per rule profile, with a sample data file
// each) and standard forms. Backs `vanthu templates` and `vanthu example`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "render.h"

namespace vanthu::generator {

struct CatalogEntry {
  std::string name;                   // "CT" for a kind, "ket-nap-dang-vien" for a form
  bool form = false;
  std::string title;                  // Vietnamese name: "Chỉ thị", "Quyết định kết nạp đảng viên"
  std::vector<std::string> profiles;  // short profile names with a sample ("dang", "nha-nuoc")
};

std::vector<CatalogEntry> list_catalog(Renderer& r);

// A complete sample data file for a kind (in `profile`, default "dang") or a form.
std::optional<std::string> example_data(Renderer& r, const std::string& name,
                                        const std::string& profile, Diagnostics& diags);

}  // namespace vanthu::generator
