// Standard forms: declarations are checked, template errors are located at line:col, values are
// checked against the declaration and escaped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <yaml-cpp/yaml.h>

#include "forms/form.h"
#include "load/loader.h"

namespace {

namespace fs = std::filesystem;
using vanthu::Diagnostics;
using namespace vanthu::generator;

class FormFill : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vanthu-forms-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "thu");
    std::ofstream(dir_ / "thu" / "form.yaml")
        << "title: Thử\nprofile: dang\nkind: TB\nfields:\n"
           "  - {name: ten, type: text, label: Tên, example: An}\n"
           "  - {name: ngay, type: date, label: Ngày, example: 2024-02-05}\n"
           "  - {name: so, type: number, label: Số, required: false, example: \"3\"}\n"
           "  - {name: viec, type: list, label: Việc, example: [Một, Hai]}\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  void tpl(const std::string& text) { std::ofstream(dir_ / "thu" / "template.yaml.mustache") << text; }
  std::optional<std::string> fill(const std::vector<std::pair<std::string, FormValue>>& v,
                                  Diagnostics& d) {
    auto f = load_form(dir_.string(), "thu", d);
    if (!f) return std::nullopt;
    return fill_form(*f, v, {"values.yaml", 2, 1}, d);
  }
  static FormValue one(const std::string& s) { return {{s}, false, {"values.yaml", 3, 7}}; }
  fs::path dir_;
};

TEST_F(FormFill, TemplateSyntaxErrorIsReportedAtItsLineAndColumn) {
  tpl("a: \"{{ten}}\"\nb: \"{{#viec}}x\"\nc: \"đ {{ten}\"\n");
  Diagnostics d;
  EXPECT_FALSE(fill({{"ten", one("An")}, {"ngay", one("2024-02-05")}, {"viec", {{"x"}, true, {}}}}, d));
  ASSERT_TRUE(d.has_errors());
  const auto& e = d.all().back();
  EXPECT_EQ(e.code, "template");
  EXPECT_NE(e.loc.file.find("template.yaml.mustache"), std::string::npos);
  EXPECT_GE(e.loc.line, 2) << e.format();
  EXPECT_GE(e.loc.col, 1) << e.format();
}

TEST_F(FormFill, MissingRequiredValueIsAnErrorNotABlank) {
  tpl("a: \"{{ten}}\"\n");
  Diagnostics d;
  EXPECT_FALSE(fill({{"ngay", one("2024-02-05")}, {"viec", {{"x"}, true, {}}}}, d));
  ASSERT_TRUE(d.has_errors());
  EXPECT_EQ(d.all()[0].code, "missing-field");
  EXPECT_EQ(d.all()[0].field, "values.ten");
}

TEST_F(FormFill, UnknownValueAndWrongTypesAreErrors) {
  tpl("a: \"{{ten}}\"\n");
  Diagnostics d;
  EXPECT_FALSE(fill({{"ten", one("An")}, {"ngay", one("2024-02-30")}, {"so", one("3a")},
                     {"viec", {{"x"}, true, {}}}, {"la", one("?")}},
                    d));
  std::set<std::string> codes;
  for (const auto& e : d.all()) codes.insert(e.code + ":" + e.field);
  EXPECT_TRUE(codes.count("bad-date:values.ngay")) << d.format();
  EXPECT_TRUE(codes.count("wrong-type:values.so")) << d.format();
  EXPECT_TRUE(codes.count("unknown-field:values.la")) << d.format();
}

TEST_F(FormFill, ValuesAreEscapedForYamlAndMarkup) {
  tpl("t: \"{{ten}}\"\nd: \"{{ngay}} {{ngay_vn}}\"\nl: [{{#viec_numbered}}\"{{n}}={{text}}\", {{/viec_numbered}}]\n");
  Diagnostics d;
  auto out = fill({{"ten", one("a\"b *c* [^1] \\ z")}, {"ngay", one("2024-02-05")},
                   {"viec", {{"Một", "Hai"}, true, {}}}},
                  d);
  ASSERT_TRUE(out) << d.format();
  YAML::Node n = YAML::Load(*out);
  EXPECT_EQ(n["t"].Scalar(), "a\"b \\*c\\* \\[^1] \\\\ z");  // markup escapes survive YAML
  EXPECT_EQ(n["d"].Scalar(), "2024-02-05 05/02/2024");
  ASSERT_EQ(n["l"].size(), 2u);
  EXPECT_EQ(n["l"][1].Scalar(), "2=Hai");
}

}  // namespace
