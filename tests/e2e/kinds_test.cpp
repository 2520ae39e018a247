// Every kind in both rule sets: `vanthu example` → `vanthu render` → pdftotext carries the
// heading block of its profile, the kind name and the number format. Also drafts and forms.
#include <gtest/gtest.h>

#include <regex>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

struct KindCase {
  std::string code;
  std::string profile;
  std::string kind_name;  // as printed; empty for Công văn
};

std::vector<KindCase> all_kinds() {
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"CT", "CHỈ THỊ"},   {"KL", "KẾT LUẬN"}, {"KH", "KẾ HOẠCH"},  {"NQ", "NGHỊ QUYẾT"},
      {"QĐ", "QUYẾT ĐỊNH"}, {"TB", "THÔNG BÁO"}, {"BC", "BÁO CÁO"}, {"CV", ""},
      {"TTr", "TỜ TRÌNH"}, {"HD", "HƯỚNG DẪN"}, {"GM", "GIẤY MỜI"}, {"GGT", "GIẤY GIỚI THIỆU"}};
  std::vector<KindCase> out;
  for (const char* profile : {"dang", "nha-nuoc"})
    for (const auto& [code, name] : kinds) out.push_back({code, profile, name});
  return out;
}

class EveryKind : public ::testing::TestWithParam<KindCase> {};

TEST_P(EveryKind, ExampleRendersWithItsProfilesHeadingKindAndNumberFormat) {
  const KindCase& c = GetParam();
  TempDir dir;
  RunResult ex = run_vanthu({"example", c.code, "--profile", c.profile});
  ASSERT_EQ(ex.exit_code, 0) << ex.command << "\n" << ex.err;
  write_file(dir / "doc.yaml", ex.out);
  RunResult r = render(dir / "doc.yaml", dir / "doc.pdf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  RunResult t = pdftotext(dir / "doc.pdf", 1, 1);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string text = normalize_text(t.out);
  if (c.profile == "dang") {
    EXPECT_NE(text.find("ĐẢNG CỘNG SẢN VIỆT NAM"), std::string::npos) << text;
    EXPECT_EQ(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos);
    // "Số 05-CT/TU": no colon, number, hyphen, kind (none for CV), slash, issuer code.
    const std::string kind = c.code == "CV" ? "CV" : c.code;
    EXPECT_TRUE(std::regex_search(text, std::regex("Số \\d{2,}-" + kind + "/\\S+"))) << text;
  } else {
    EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos) << text;
    EXPECT_NE(text.find("Độc lập - Tự do - Hạnh phúc"), std::string::npos) << text;
    // "Số: 05/QĐ-UBND"; a Công văn has no kind code: "Số: 12/UBND-VX".
    const std::string pattern =
        c.code == "CV" ? "Số: \\d{2,}/[^\\s/-]+-\\S+" : "Số: \\d{2,}/" + c.code + "-\\S+";
    EXPECT_TRUE(std::regex_search(text, std::regex(pattern))) << text;
  }
  if (!c.kind_name.empty()) {
    EXPECT_NE(text.find(c.kind_name), std::string::npos) << text;
  } else {
    EXPECT_NE(text.find("V/v"), std::string::npos) << "a Công văn carries V/v: " << text;
  }
}

std::string case_name(const ::testing::TestParamInfo<KindCase>& i) {
  std::string code;
  for (char ch : i.param.code) code += (std::isalnum(static_cast<unsigned char>(ch)) ? ch : 'D');
  return (i.param.profile == "dang" ? "Dang_" : "NhaNuoc_") + code;
}

INSTANTIATE_TEST_SUITE_P(BothProfiles, EveryKind, ::testing::ValuesIn(all_kinds()), case_name);

TEST(Templates, ListsEveryKindAndFormNameFirst) {
  RunResult r = run_vanthu({"templates"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"CT", "KL", "KH", "NQ", "QĐ", "TB", "BC", "CV", "TTr", "HD", "GM", "GGT",
                           "ket-nap-dang-vien", "cong-nhan-dang-vien-chinh-thuc", "giay-gioi-thieu",
                           "giay-moi-hop", "thong-bao-ket-luan-cuoc-hop", "ke-hoach",
                           "bao-cao-so-ket", "cong-van"}) {
    EXPECT_NE(("\n" + r.out).find(std::string("\n") + name + "\t"), std::string::npos) << name;
  }
}

TEST(Drafts, DocumentWithoutNumberKeepsTheBlankAndCarriesTheDraftMark) {
  TempDir dir;
  std::string data = read_file(seed_path("002"));
  const auto at = data.find("  number: 15\n");
  ASSERT_NE(at, std::string::npos);
  data.erase(at, 13);
  write_file(dir / "draft.yaml", data);
  RunResult r = render(dir / "draft.yaml", dir / "draft.pdf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = pdftotext(dir / "draft.pdf", 1, 1).out;
  EXPECT_NE(text.find("DỰ THẢO"), std::string::npos) << text;
  EXPECT_TRUE(std::regex_search(text, std::regex("Số\\s+-CT/HU"))) << text;
  EXPECT_EQ(text.find("Số 15-CT/HU"), std::string::npos);
}

class EveryForm : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryForm, ExampleValuesRenderAndAMissingRequiredValueIsAnError) {
  TempDir dir;
  RunResult ex = run_vanthu({"example", GetParam()});
  ASSERT_EQ(ex.exit_code, 0) << ex.err;
  write_file(dir / "form.yaml", ex.out);
  RunResult r = render(dir / "form.yaml", dir / "form.pdf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(page_count(dir / "form.pdf"), 1);
  // Drop the signer's name (a required field in every form): exit 2, located, no PDF.
  std::string data = ex.out;
  const auto at = data.find("  nguoi_ky:");
  ASSERT_NE(at, std::string::npos) << data;
  data.erase(at, data.find('\n', at) - at + 1);
  write_file(dir / "missing.yaml", data);
  RunResult m = render(dir / "missing.yaml", dir / "missing.pdf");
  EXPECT_EQ(m.exit_code, 2) << m.err;
  EXPECT_NE(m.err.find("missing.yaml:"), std::string::npos) << m.err;
  EXPECT_NE(m.err.find("values.nguoi_ky"), std::string::npos) << m.err;
  EXPECT_FALSE(fs::exists(dir / "missing.pdf"));
}

INSTANTIATE_TEST_SUITE_P(
    StandardForms, EveryForm,
    ::testing::Values("ket-nap-dang-vien", "cong-nhan-dang-vien-chinh-thuc", "giay-gioi-thieu",
                      "giay-moi-hop", "thong-bao-ket-luan-cuoc-hop", "ke-hoach", "bao-cao-so-ket",
                      "cong-van"),
    [](const auto& i) {
      std::string s = i.param;
      for (char& ch : s)
        if (ch == '-') ch = '_';
      return s;
    });

TEST(Forms, ValuesCannotChangeTheDocumentsStructureOrAddMarkup) {
  TempDir dir;
  RunResult ex = run_vanthu({"example", "ket-nap-dang-vien"});
  ASSERT_EQ(ex.exit_code, 0);
  std::string data = ex.out;
  const auto at = data.find("  ho_ten:");
  ASSERT_NE(at, std::string::npos);
  const auto end = data.find('\n', at);
  data.replace(at, end - at, "  ho_ten: 'Hoa\" *nghiêng* [^1]\nsignature: {name: X}'");
  write_file(dir / "f.yaml", data);
  RunResult r = render(dir / "f.yaml", dir / "f.pdf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = collapse_ws(pdftotext(dir / "f.pdf").out);
  EXPECT_NE(text.find("Hoa\" *nghiêng* [^1] signature: {name: X}"), std::string::npos) << text;
}

TEST(OfficeCli, UnknownDistributionListIsAUserErrorWithItsLine) {
  TempDir dir;
  write_file(dir / "office.yaml",
             "profile: dang\nissuer: THỊ ỦY QUẢNG TRỊ\nissuer_code: TU\nplace: Quảng Trị\n"
             "archive: Lưu Văn phòng Thị ủy\nlists:\n  tren: [Ban Thường vụ Tỉnh ủy]\n");
  write_file(dir / "doc.yaml",
             "office: office.yaml\nkind: CT\nheader: {number: 3, date: 2024-05-02}\n"
             "title: {subject: về việc thử}\nbody: [Nội dung.]\nrecipients:\n  items:\n"
             "    - list: duoi\nsignature: {position: BÍ THƯ, name: Lê Văn A}\n");
  RunResult r = render(dir / "doc.yaml", dir / "doc.pdf");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("doc.yaml:8:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tren"), std::string::npos) << "names the lists that exist: " << r.err;
  EXPECT_FALSE(fs::exists(dir / "doc.pdf"));
}

}  // namespace
}  // namespace vanthu::e2e
