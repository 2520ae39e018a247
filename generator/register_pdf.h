// The outgoing register (sổ đăng ký văn bản đi) printed as a PDF table in the column layout of
// NĐ 30/2020/NĐ-CP Phụ lục IV, landscape A4, through the ordinary layout and PDF stages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "render.h"

namespace vanthu::generator {

struct RegisterPrint {
  std::vector<std::string> superior;  // cover lines: the superior body, the body keeping the book
  std::vector<std::string> body;
  std::string title = "SỔ ĐĂNG KÝ VĂN BẢN ĐI";
  std::string period;                        // e.g. "Năm 2024" or "Nhiệm kỳ 2020-2025 — CT"
  std::vector<std::vector<std::string>> rows;  // 10 cells each, in the order of the columns
};

// The ten columns of Phụ lục IV, mục I.
const std::vector<std::string>& register_columns();

std::optional<std::string> render_register_pdf(Renderer& r, const RegisterPrint& print,
                                               Diagnostics& diags);

}  // namespace vanthu::generator
