// `vanthu register export --format pdf`: the register printed in the NĐ 30 Phụ lục IV columns.
#include <gtest/gtest.h>

#include <cstdlib>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

TEST(RegisterExportCli, PdfHasTheColumnsAndEveryIssuedSymbolOnLandscapeA4) {
  TempDir dir;
  const std::string arch = (dir / "archive").string();
  const fs::path data = fs::path(VANTHU_SOURCE_DIR) / "templates" / "examples" / "chi-thi-ban-hanh.yaml";
  setenv("VANTHU_TODAY", "2024-05-02", 1);
  for (int i = 0; i < 3; ++i) {
    RunResult r = run_vanthu({"issue", data.string(), "--archive", arch});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  unsetenv("VANTHU_TODAY");
  RunResult e = run_vanthu({"register", "export", "--format", "pdf", "-o", (dir / "so.pdf").string(),
                            "--archive", arch});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  RunResult info = run({"pdfinfo", (dir / "so.pdf").string()});
  EXPECT_NE(info.out.find("841.89 x 595.276 pts"), std::string::npos) << info.out;
  const std::string text = collapse_ws(pdftotext(dir / "so.pdf").out);
  for (const char* s : {"SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Nhiệm kỳ 2020-2025", "01-CT/TU", "02-CT/TU", "03-CT/TU",
                        "02/05/2024", "Bùi Văn Lý", "Người ký", "Ghi chú"})
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
}

}  // namespace
}  // namespace vanthu::e2e
