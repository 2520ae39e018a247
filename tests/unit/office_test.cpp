// Office configuration: header defaults, signers by key, distribution lists, terms by date.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "load/loader.h"

namespace {

using vanthu::Diagnostics;
using vanthu::generator::Date;
using vanthu::generator::load_document;

class Office : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vanthu-office-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "office.yaml") << R"(profile: dang
issuer: THỊ ỦY QUẢNG TRỊ
issuer_code: TU
place: Quảng Trị
archive: Lưu Văn phòng Thị ủy
terms:
  - {label: "2020-2025", from: 2020-09-15, to: 2025-10-14}
  - {label: "2025-2030", from: 2025-10-15}
signers:
  bt: {authority: T/M, collective: BAN THƯỜNG VỤ, position: BÍ THƯ, name: Lê Văn Hùng}
lists:
  tren:
    - {text: Ban Thường vụ Tỉnh ủy, purpose: báo cáo}
    - Các ban đảng Tỉnh ủy
)";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string doc(const std::string& recipients, const std::string& signature = "bt") {
    return "office: office.yaml\nkind: CT\nheader: {number: 3}\ntitle: {subject: về việc thử}\n"
           "body: [Nội dung.]\nrecipients:\n  items:\n" + recipients + "signature: " + signature + "\n";
  }
  std::string path() const { return (dir_ / "doc.yaml").string(); }
  std::filesystem::path dir_;
};

TEST_F(Office, FillsTheHeaderAndArchiveLineTheDocumentLeavesOut) {
  Diagnostics d;
  auto r = load_document(doc("    - Trung tâm Chính trị\n"), path(), d);
  ASSERT_TRUE(r) << d.format();
  EXPECT_EQ(r->profile, "dang");
  ASSERT_EQ(r->issuer.size(), 1u);
  EXPECT_EQ(r->issuer[0].value, "THỊ ỦY QUẢNG TRỊ");
  EXPECT_EQ(r->issuer_code.value, "TU");
  EXPECT_EQ(r->archive_line.value, "Lưu Văn phòng Thị ủy");
  EXPECT_EQ(r->signature.name.value, "Lê Văn Hùng");
}

TEST_F(Office, ExpandsANamedListInPlace) {
  Diagnostics d;
  auto r = load_document(doc("    - Trung tâm Chính trị\n    - list: tren\n    - Lưu trữ\n"), path(), d);
  ASSERT_TRUE(r) << d.format();
  ASSERT_EQ(r->recipients.size(), 4u);
  EXPECT_EQ(r->recipients[1].text.value, "Ban Thường vụ Tỉnh ủy");
  EXPECT_EQ(r->recipients[1].purpose.value, "báo cáo");
  EXPECT_EQ(r->recipients[2].text.value, "Các ban đảng Tỉnh ủy");
  EXPECT_EQ(r->recipients[3].text.value, "Lưu trữ");
}

TEST_F(Office, UnknownListIsAnErrorAtItsLineNamingTheKnownOnes) {
  Diagnostics d;
  EXPECT_FALSE(load_document(doc("    - list: duoi\n"), path(), d));
  ASSERT_TRUE(d.has_errors());
  const auto& e = d.all()[0];
  EXPECT_EQ(e.code, "unknown-list");
  EXPECT_EQ(e.loc.line, 8);
  EXPECT_NE(e.hint.find("tren"), std::string::npos);
}

TEST_F(Office, UnknownSignerIsAnError) {
  Diagnostics d;
  EXPECT_FALSE(load_document(doc("    - A\n", "ct"), path(), d));
  ASSERT_TRUE(d.has_errors());
  EXPECT_EQ(d.all()[0].code, "unknown-signer");
}

TEST_F(Office, TermIsTheOneContainingTheDate) {
  Diagnostics d;
  auto r = load_document(doc("    - A\n"), path(), d);
  ASSERT_TRUE(r) << d.format();
  EXPECT_EQ(r->term_on(Date{2024, 4, 2}), "2020-2025");
  EXPECT_EQ(r->term_on(Date{2025, 10, 14}), "2020-2025");
  EXPECT_EQ(r->term_on(Date{2025, 10, 15}), "2025-2030");
  EXPECT_EQ(r->term_on(Date{2019, 1, 1}), "");
}

TEST_F(Office, MistakeInTheOfficeFileIsReportedInIt) {
  std::ofstream(dir_ / "office.yaml") << "issuer: X\nterms:\n  - {label: a, from: 2020-02-30}\n";
  Diagnostics d;
  EXPECT_FALSE(load_document(doc("    - A\n"), path(), d));
  ASSERT_TRUE(d.has_errors());
  EXPECT_EQ(d.all()[0].code, "bad-date");
  EXPECT_NE(d.all()[0].loc.file.find("office.yaml"), std::string::npos);
  EXPECT_EQ(d.all()[0].loc.line, 3);
}

}  // namespace
