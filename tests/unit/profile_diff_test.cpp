// The rules that differ between the Party (HD 36) and State (NĐ 30) profiles, read from the
// profile files: one row per rule, both values side by side.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <stdexcept>

#include "profile/profile.h"

namespace {

using vanthu::Diagnostics;
using vanthu::generator::Face;
using vanthu::generator::load_profile;
using vanthu::generator::Profile;

const Profile& get(const std::string& name) {
  static std::map<std::string, Profile> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    Diagnostics d;
    auto p = load_profile(name, VANTHU_SOURCE_DIR "/templates/profiles", d);
    if (!p) throw std::runtime_error(d.format());
    it = cache.emplace(name, *p).first;
  }
  return it->second;
}

struct Rule {
  std::string name;
  std::function<std::string(const Profile&)> value;
  std::string party, state;
};

std::string num(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}
std::string face(Face f) {
  switch (f) {
    case Face::kBold: return "bold";
    case Face::kItalic: return "italic";
    case Face::kBoldItalic: return "bold-italic";
    default: return "regular";
  }
}

class ProfileRule : public ::testing::TestWithParam<Rule> {};

TEST_P(ProfileRule, HasTheValueOfItsRuleSet) {
  const Rule& r = GetParam();
  EXPECT_EQ(r.value(get("dang")), r.party) << r.name << " (HD 36)";
  EXPECT_EQ(r.value(get("nha-nuoc")), r.state) << r.name << " (NĐ 30)";
}

INSTANTIATE_TEST_SUITE_P(
    PartyVsState, ProfileRule,
    ::testing::Values(
        Rule{"Family", [](const Profile& p) { return p.family; }, "party", "state"},
        Rule{"RightHeaderFirstLine", [](const Profile& p) { return p.motto.at(0); },
             "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
        Rule{"RightHeaderFirstLineSize", [](const Profile& p) { return num(p.motto_styles.at(0).size); },
             "15", "12"},
        Rule{"RuleUnderMottoLine", [](const Profile& p) { return std::to_string(p.motto_rule_under); },
             "0", "1"},
        Rule{"UnderIssuingBody", [](const Profile& p) { return p.issuer_mark; }, "*", "rule"},
        Rule{"IssuerSize", [](const Profile& p) { return num(p.issuer.size); }, "14", "12"},
        Rule{"NumberFormat", [](const Profile& p) { return p.number_format; },
             "Số {number}-{kind}/{issuer}", "Số: {number}/{kind}-{issuer}"},
        Rule{"CongVanNumberFormat",
             [](const Profile& p) {
               const auto* k = p.find_kind("CV");
               return k ? (k->number_format.empty() ? p.number_format : k->number_format) : "?";
             },
             "Số {number}-{kind}/{issuer}", "Số: {number}/{issuer}"},
        Rule{"KindNameSize", [](const Profile& p) { return num(p.kind.size); }, "16", "14"},
        Rule{"UnderSubject", [](const Profile& p) { return p.subject_separator; }, "-----", "rule"},
        Rule{"LetterSubjectStyle", [](const Profile& p) { return face(p.letter_subject.face); },
             "italic", "regular"},
        Rule{"RecipientsLabelStyle",
             [](const Profile& p) {
               return num(p.recipients_label_style.size) + " " + face(p.recipients_label_style.face) +
                      (p.recipients_label_style.underline ? " underlined" : "");
             },
             "14 regular underlined", "12 bold-italic"},
        Rule{"RecipientSize", [](const Profile& p) { return num(p.recipient.size); }, "12", "11"},
        Rule{"RecipientEnd", [](const Profile& p) { return p.recipient_end; }, ",", ";"},
        Rule{"ArchivePrefix", [](const Profile& p) { return p.archive_prefix; }, "Lưu ", "Lưu: "},
        Rule{"Margins",
             [](const Profile& p) {
               return num(p.margin_top) + "/" + num(p.margin_bottom) + "/" + num(p.margin_left) + "/" +
                      num(p.margin_right);
             },
             "20/20/30/15", "20/20/30/15"},
        Rule{"BodySize", [](const Profile& p) { return num(p.body.size); }, "14", "14"},
        Rule{"DateStyle", [](const Profile& p) { return num(p.date.size) + " " + face(p.date.face); },
             "14 italic", "14 italic"},
        Rule{"MonthsPaddedBelow", [](const Profile& p) { return std::to_string(p.month_pad_below); },
             "3", "3"},
        Rule{"FirstNumberedPage", [](const Profile& p) { return std::to_string(p.first_numbered_page); },
             "2", "2"},
        Rule{"EndMark", [](const Profile& p) { return p.end_mark; }, "./.", "./."}),
    [](const auto& i) { return i.param.name; });

}  // namespace
