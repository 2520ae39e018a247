// `vanthu import`: PDFs made by other programs are stored with their metadata and text and can
// be found; damaged, encrypted and non-PDF files are rejected one by one with a reason while the
// rest of the batch goes on; identical files are stored once.
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

fs::path import_data(const std::string& name) { return fs::path(VANTHU_TEST_DATA) / "import" / name; }

TEST(ImportCli, ForeignPdfsAreStoredWithMetadataAndFoundWithoutMarks) {
  TempDir dir;
  const std::string arch = (dir / "archive").string();
  RunResult r = run_vanthu({"import", import_data("peer-000-libreoffice.pdf").string(),
                            import_data("peer-002-typst.pdf").string(),
                            import_data("lo-state-qd.pdf").string(), "--archive", arch, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"symbol\":\"28-CT/TU\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"date\":\"2023-03-15\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"kind\":\"CT\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"signer\":\"Bùi Văn Lý\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"symbol\":\"12/QĐ-UBND\""), std::string::npos) << r.out;
  RunResult s = run_vanthu({"search", "boi duong tao nguon", "--archive", arch, "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("28-CT/TU"), std::string::npos) << s.out;
  RunResult v = run_vanthu({"verify", "--archive", arch});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(ImportCli, BadFilesAreRejectedOneByOneAndTheBatchGoesOn) {
  TempDir dir;
  write_file(dir / "not.pdf", "Đây không phải PDF\n");
  const std::string arch = (dir / "archive").string();
  RunResult r = run_vanthu({"import", import_data("encrypted-user.pdf").string(),
                            import_data("truncated-002.pdf").string(), (dir / "not.pdf").string(),
                            import_data("peer-002-typst.pdf").string(),
                            import_data("peer-002-typst.pdf").string(), import_data("scan-002.pdf").string(),
                            "--archive", arch});
  EXPECT_EQ(r.exit_code, 2) << "a rejected file makes the exit status 2";
  EXPECT_NE(r.out.find("rejected: " + import_data("encrypted-user.pdf").string() + " (encrypted"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rejected: " + import_data("truncated-002.pdf").string()), std::string::npos);
  EXPECT_NE(r.out.find("rejected: " + (dir / "not.pdf").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stored: " + import_data("peer-002-typst.pdf").string()), std::string::npos);
  EXPECT_NE(r.out.find("duplicate: " + import_data("peer-002-typst.pdf").string()), std::string::npos);
  EXPECT_NE(r.out.find("needs OCR"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("2 stored, 1 duplicate, 3 rejected"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vanthu::e2e
