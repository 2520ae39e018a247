// The register printout: landscape A4, the ten NĐ 30 columns, every row, checked with Poppler.
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"
#include "register_pdf.h"

namespace {

using namespace vanthu::e2e;

TEST(RegisterPdf, PrintsTheTenColumnsAndEveryRowOnLandscapeA4) {
  vanthu::generator::Renderer r(VANTHU_SOURCE_DIR);
  vanthu::generator::RegisterPrint print;
  print.superior = {"ĐẢNG BỘ TỈNH QUẢNG NGÃI"};
  print.body = {"HUYỆN ỦY SƠN HÀ"};
  print.period = "Nhiệm kỳ 2020-2025";
  for (int i = 1; i <= 60; ++i)
    print.rows.push_back({(i < 10 ? "0" : "") + std::to_string(i) + "-CT/HU", "10/05/2023",
                          "Chỉ thị về đẩy mạnh công tác kết nạp đảng viên số " + std::to_string(i),
                          "Nguyễn Việt Văn", "Các chi bộ", "Văn phòng", "", "", "", ""});
  vanthu::Diagnostics d;
  auto pdf = vanthu::generator::render_register_pdf(r, print, d);
  ASSERT_TRUE(pdf) << d.format();
  TempDir dir;
  write_file(dir / "so.pdf", *pdf);
  RunResult info = run({"pdfinfo", (dir / "so.pdf").string()});
  EXPECT_NE(info.out.find("841.89 x 595.276 pts"), std::string::npos) << info.out;
  EXPECT_GE(page_count(dir / "so.pdf"), 2);
  const std::string text = collapse_ws(pdftotext(dir / "so.pdf").out);
  for (const auto& col : vanthu::generator::register_columns()) {
    // Column titles wrap inside their cells; compare their first word.
    EXPECT_NE(text.find(col.substr(0, col.find(' '))), std::string::npos) << col;
  }
  EXPECT_NE(text.find("SỔ ĐĂNG KÝ VĂN BẢN ĐI"), std::string::npos);
  for (int i = 1; i <= 60; ++i) {
    const std::string sym = (i < 10 ? "0" : "") + std::to_string(i) + "-CT/HU";
    EXPECT_NE(text.find(sym), std::string::npos) << sym;
  }
  RunResult check = run({"qpdf", "--check", (dir / "so.pdf").string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
