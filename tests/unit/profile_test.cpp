// Rule profiles (generator/profile/profile.h): the Party profile file carries the values of
// Hướng dẫn 36-HD/VPTW; unknown profile names and unknown keys in a profile file are rejected.
#include "profile/profile.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using vanthu::Diagnostic;
using vanthu::Diagnostics;
using vanthu::generator::Face;
using vanthu::generator::load_profile;
using vanthu::generator::load_profile_file;
using vanthu::generator::Profile;
using vanthu::generator::Style;

const std::string kProfilesDir = VANTHU_SOURCE_DIR "/templates/profiles";
const std::string kPartyFile = kProfilesDir + "/party-hd36-2018.yaml";

const Diagnostic* find_code(const Diagnostics& d, const std::string& code) {
  for (const auto& x : d.all())
    if (x.code == code) return &x;
  return nullptr;
}

class PartyProfile : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diags;
    auto p = load_profile("dang", kProfilesDir, diags);
    ASSERT_TRUE(p.has_value()) << diags.format();
    ASSERT_FALSE(diags.has_errors()) << diags.format();
    profile_ = new Profile(std::move(*p));
  }
  static void TearDownTestSuite() {
    delete profile_;
    profile_ = nullptr;
  }
  static Profile* profile_;
};
Profile* PartyProfile::profile_ = nullptr;

TEST_F(PartyProfile, AliasDangLoadsThePartyHd36File) {
  EXPECT_EQ(profile_->name, "party-hd36-2018");
  EXPECT_EQ(profile_->family, "party");
  EXPECT_EQ(fs::path(profile_->source).filename(), "party-hd36-2018.yaml");
  EXPECT_NE(std::find(profile_->aliases.begin(), profile_->aliases.end(), "dang"), profile_->aliases.end());
}

TEST_F(PartyProfile, LoadingByFileNameGivesTheSameProfile) {
  Diagnostics diags;
  auto p = load_profile("party-hd36-2018", kProfilesDir, diags);
  ASSERT_TRUE(p.has_value()) << diags.format();
  EXPECT_EQ(p->source, profile_->source);
  EXPECT_EQ(p->number_format, profile_->number_format);
  EXPECT_EQ(p->kinds.size(), profile_->kinds.size());
}

// --- numeric values ------------------------------------------------------------------------

struct NumberRow {
  const char* what;
  std::function<double(const Profile&)> get;
  double want;
};

class PartyProfileNumbers : public PartyProfile, public testing::WithParamInterface<NumberRow> {};

TEST_P(PartyProfileNumbers, HasTheHd36Value) {
  const NumberRow& r = GetParam();
  EXPECT_DOUBLE_EQ(r.get(*profile_), r.want) << r.what;
}

INSTANTIATE_TEST_SUITE_P(
    Hd36, PartyProfileNumbers,
    testing::Values(
        NumberRow{"PageWidthIsA4", [](const Profile& p) { return p.page_width; }, 210},
        NumberRow{"PageHeightIsA4", [](const Profile& p) { return p.page_height; }, 297},
        NumberRow{"MarginTop", [](const Profile& p) { return p.margin_top; }, 20},
        NumberRow{"MarginBottom", [](const Profile& p) { return p.margin_bottom; }, 20},
        NumberRow{"MarginLeft", [](const Profile& p) { return p.margin_left; }, 30},
        NumberRow{"MarginRight", [](const Profile& p) { return p.margin_right; }, 15},
        NumberRow{"NumberMinDigits", [](const Profile& p) { return double(p.number_min_digits); }, 2},
        NumberRow{"DayMinDigits", [](const Profile& p) { return double(p.day_min_digits); }, 2},
        NumberRow{"MonthPadBelowThree", [](const Profile& p) { return double(p.month_pad_below); }, 3}),
    [](const testing::TestParamInfo<NumberRow>& i) { return std::string(i.param.what); });

// --- text styles ---------------------------------------------------------------------------

struct StyleRow {
  const char* what;
  std::function<Style(const Profile&)> get;
  double size;
  Face face;
};

class PartyProfileStyles : public PartyProfile, public testing::WithParamInterface<StyleRow> {};

TEST_P(PartyProfileStyles, HasTheHd36SizeAndFace) {
  const StyleRow& r = GetParam();
  const Style s = r.get(*profile_);
  EXPECT_DOUBLE_EQ(s.size, r.size) << r.what;
  EXPECT_EQ(static_cast<int>(s.face), static_cast<int>(r.face)) << r.what << " (0 regular, 1 bold, 2 italic, 3 bold italic)";
}

INSTANTIATE_TEST_SUITE_P(
    Hd36, PartyProfileStyles,
    testing::Values(
        StyleRow{"Motto15Bold",
                 [](const Profile& p) { return p.motto_styles.empty() ? Style{0} : p.motto_styles[0]; },
                 15, Face::kBold},
        StyleRow{"Issuer14Bold", [](const Profile& p) { return p.issuer; }, 14, Face::kBold},
        StyleRow{"Superior14Regular", [](const Profile& p) { return p.superior; }, 14, Face::kRegular},
        StyleRow{"Date14Italic", [](const Profile& p) { return p.date; }, 14, Face::kItalic},
        StyleRow{"Number14Regular", [](const Profile& p) { return p.number; }, 14, Face::kRegular},
        StyleRow{"Kind16Bold", [](const Profile& p) { return p.kind; }, 16, Face::kBold},
        StyleRow{"Subject14Bold", [](const Profile& p) { return p.subject; }, 14, Face::kBold},
        StyleRow{"Body14Regular", [](const Profile& p) { return p.body; }, 14, Face::kRegular}),
    [](const testing::TestParamInfo<StyleRow>& i) { return std::string(i.param.what); });

// --- strings -------------------------------------------------------------------------------

struct StringRow {
  const char* what;
  std::function<std::string(const Profile&)> get;
  const char* want;
};

class PartyProfileStrings : public PartyProfile, public testing::WithParamInterface<StringRow> {};

TEST_P(PartyProfileStrings, HasTheHd36Text) {
  const StringRow& r = GetParam();
  EXPECT_EQ(r.get(*profile_), r.want) << r.what;
}

INSTANTIATE_TEST_SUITE_P(
    Hd36, PartyProfileStrings,
    testing::Values(
        StringRow{"MottoIsDangCongSanVietNam",
                  [](const Profile& p) { return p.motto.size() == 1 ? p.motto[0] : "(motto lines: " + std::to_string(p.motto.size()) + ")"; },
                  "ĐẢNG CỘNG SẢN VIỆT NAM"},
        StringRow{"NumberFormatHasNoColon", [](const Profile& p) { return p.number_format; },
                  "Số {number}-{kind}/{issuer}"},
        StringRow{"DateFormat", [](const Profile& p) { return p.date_format; },
                  "{place}, ngày {day} tháng {month} năm {year}"},
        StringRow{"RecipientLinesEndWithAComma", [](const Profile& p) { return p.recipient_end; }, ","},
        StringRow{"ArchiveLineEndsWithAFullStop", [](const Profile& p) { return p.archive_end; }, "."},
        StringRow{"RecipientPrefix", [](const Profile& p) { return p.recipient_prefix; }, "- "},
        StringRow{"RecipientsLabel", [](const Profile& p) { return p.recipients_label; }, "Nơi nhận:"},
        StringRow{"EndMark", [](const Profile& p) { return p.end_mark; }, "./."},
        StringRow{"KindCtIsChiThi",
                  [](const Profile& p) { auto* k = p.find_kind("CT"); return k ? k->name : "(no CT)"; },
                  "CHỈ THỊ"},
        StringRow{"KindKlIsKetLuan",
                  [](const Profile& p) { auto* k = p.find_kind("KL"); return k ? k->name : "(no KL)"; },
                  "KẾT LUẬN"},
        StringRow{"KindNqIsNghiQuyet",
                  [](const Profile& p) { auto* k = p.find_kind("NQ"); return k ? k->name : "(no NQ)"; },
                  "NGHỊ QUYẾT"}),
    [](const testing::TestParamInfo<StringRow>& i) { return std::string(i.param.what); });

TEST_F(PartyProfile, KindCodeKeepsItsOwnCode) {
  const auto* k = profile_->find_kind("CT");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->code, "CT");
  EXPECT_EQ(profile_->find_kind("XX"), nullptr);
  EXPECT_EQ(profile_->find_kind("ct"), nullptr);
}

// --- unknown profiles and bad profile files ------------------------------------------------

TEST(ProfileLoading, UnknownProfileNameIsReportedWithTheKnownOnes) {
  Diagnostics diags;
  auto p = load_profile("no-such-profile", kProfilesDir, diags, {"doc.yaml", 1, 10});
  EXPECT_FALSE(p.has_value());
  const Diagnostic* d = find_code(diags, "unknown-profile");
  ASSERT_NE(d, nullptr) << diags.format();
  EXPECT_EQ(d->field, "profile");
  EXPECT_EQ(d->loc.file, "doc.yaml");
  EXPECT_EQ(d->loc.line, 1);
  EXPECT_EQ(d->loc.col, 10);
  EXPECT_NE(d->message.find("no-such-profile"), std::string::npos) << d->format();
  EXPECT_NE(d->hint.find("party-hd36-2018"), std::string::npos) << d->format();
  EXPECT_NE(d->hint.find("dang"), std::string::npos) << d->format();
}

// A scratch directory with a copy of the Party profile, edited.
class ProfileFile : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("vanthu-profile-test-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ifstream in(kPartyFile, std::ios::binary);
    ASSERT_TRUE(in) << kPartyFile;
    std::ostringstream ss;
    ss << in.rdbuf();
    party_ = ss.str();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `content` as <dir>/<stem>.yaml and returns the path.
  std::string write(const std::string& stem, const std::string& content) {
    const fs::path p = dir_ / (stem + ".yaml");
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  // The Party profile with the first `from` replaced by `to`.
  std::string party_with(const std::string& from, const std::string& to) {
    std::string s = party_;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  }
  // Line (1-based) of the first occurrence of `needle` in `s`.
  static int line_of(const std::string& s, const std::string& needle) {
    const auto at = s.find(needle);
    return at == std::string::npos ? -1 : 1 + static_cast<int>(std::count(s.begin(), s.begin() + at, '\n'));
  }

  fs::path dir_;
  std::string party_;
};

TEST_F(ProfileFile, UnmodifiedCopyLoads) {
  Diagnostics diags;
  auto p = load_profile_file(write("copy", party_), diags);
  ASSERT_TRUE(p.has_value()) << diags.format();
  EXPECT_EQ(p->name, "copy");
  EXPECT_TRUE(diags.all().empty()) << diags.format();
}

TEST_F(ProfileFile, UnknownNestedKeyIsRejectedWithItsPath) {
  const std::string content =
      party_with("  number_format:", "  numbr_style: x\n  number_format:");
  Diagnostics diags;
  auto p = load_profile_file(write("bad", content), diags);
  EXPECT_FALSE(p.has_value());
  const Diagnostic* d = find_code(diags, "unknown-field");
  ASSERT_NE(d, nullptr) << diags.format();
  EXPECT_EQ(d->field, "header.numbr_style");
  EXPECT_EQ(d->loc.line, line_of(content, "  numbr_style:"));
  EXPECT_EQ(d->loc.col, 3);
  EXPECT_NE(d->loc.file.find("bad.yaml"), std::string::npos);
}

TEST_F(ProfileFile, UnknownKeyCloseToAKnownOneGetsASuggestion) {
  const std::string content = party_with("  recipient_end:", "  recipent_end: \";\"\n  recipient_end:");
  Diagnostics diags;
  EXPECT_FALSE(load_profile_file(write("bad", content), diags).has_value());
  const Diagnostic* d = find_code(diags, "unknown-field");
  ASSERT_NE(d, nullptr) << diags.format();
  EXPECT_EQ(d->field, "closing.recipent_end");
  EXPECT_NE(d->hint.find("`recipient_end`"), std::string::npos) << d->format();
}

TEST_F(ProfileFile, UnknownTopLevelKeyIsRejected) {
  const std::string content = party_ + "colour: red\n";
  Diagnostics diags;
  EXPECT_FALSE(load_profile_file(write("bad", content), diags).has_value());
  const Diagnostic* d = find_code(diags, "unknown-field");
  ASSERT_NE(d, nullptr) << diags.format();
  EXPECT_EQ(d->field, "colour");
  EXPECT_EQ(d->loc.line, line_of(content, "colour:"));
}

TEST_F(ProfileFile, UnknownKeyInsideAStyleIsRejected) {
  const std::string content = party_with("  issuer: {size: 14, style: bold}", "  issuer: {size: 14, style: bold, font: Arial}");
  Diagnostics diags;
  EXPECT_FALSE(load_profile_file(write("bad", content), diags).has_value());
  const Diagnostic* d = find_code(diags, "unknown-field");
  ASSERT_NE(d, nullptr) << diags.format();
  EXPECT_EQ(d->field, "header.issuer.font");
}

TEST_F(ProfileFile, UnknownStyleNameIsABadValue) {
  const std::string content = party_with("  date: {size: 14, style: italic}", "  date: {size: 14, style: oblique}");
  Diagnostics diags;
  EXPECT_FALSE(load_profile_file(write("bad", content), diags).has_value());
  const Diagnostic* d = find_code(diags, "bad-value");
  ASSERT_NE(d, nullptr) << diags.format();
  EXPECT_EQ(d->field, "header.date.style");
}

TEST_F(ProfileFile, OutOfRangeSizeIsRejected) {
  const std::string content = party_with("  kind: {size: 16, style: bold}", "  kind: {size: 160, style: bold}");
  Diagnostics diags;
  EXPECT_FALSE(load_profile_file(write("bad", content), diags).has_value());
  const Diagnostic* d = find_code(diags, "out-of-range");
  ASSERT_NE(d, nullptr) << diags.format();
  EXPECT_EQ(d->field, "title.kind.size");
}

TEST_F(ProfileFile, AliasDeclaredInsideTheFileFindsIt) {
  write("mine", party_with("aliases: [dang, party]", "aliases: [cua-toi]"));
  Diagnostics diags;
  auto p = load_profile("cua-toi", dir_.string(), diags);
  ASSERT_TRUE(p.has_value()) << diags.format();
  EXPECT_EQ(p->name, "mine");
}

}  // namespace
