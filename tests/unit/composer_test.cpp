// Header texts filled from the rule profile (generator/layout/composer.h): the number line
// "Số 05-CT/TU", the place-and-date line "Quảng Trị, ngày 05 tháng 3 năm 2023" and the symbol.
#include "layout/composer.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace {

using vanthu::Diagnostics;
using vanthu::generator::Date;
using vanthu::generator::Document;
using vanthu::generator::format_date_line;
using vanthu::generator::format_number_line;
using vanthu::generator::format_symbol;
using vanthu::generator::load_profile;
using vanthu::generator::Profile;

class PartyHeaderText : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diags;
    auto p = load_profile("dang", VANTHU_SOURCE_DIR "/templates/profiles", diags);
    ASSERT_TRUE(p.has_value()) << diags.format();
    profile_ = new Profile(std::move(*p));
  }
  static void TearDownTestSuite() {
    delete profile_;
    profile_ = nullptr;
  }

  static Document doc(std::optional<long> number, std::optional<Date> date) {
    Document d;
    d.profile = "dang";
    d.kind.value = "CT";
    d.issuer_code.value = "TU";
    d.place.value = "Quảng Trị";
    d.number = number;
    d.date = date;
    return d;
  }

  static Profile* profile_;
};
Profile* PartyHeaderText::profile_ = nullptr;

// --- number line ---------------------------------------------------------------------------

struct NumberCase {
  const char* rule;
  long number;
  const char* line;
};

class PartyNumberLine : public PartyHeaderText, public testing::WithParamInterface<NumberCase> {};

TEST_P(PartyNumberLine, IsSoNumberDashKindSlashIssuer) {
  const auto& c = GetParam();
  EXPECT_EQ(format_number_line(*profile_, doc(c.number, Date{2023, 3, 5})), c.line);
}

INSTANTIATE_TEST_SUITE_P(
    Hd36, PartyNumberLine,
    testing::Values(NumberCase{"SingleDigitIsPaddedToTwo", 5, "Số 05-CT/TU"},
                    NumberCase{"NumberOneIsPadded", 1, "Số 01-CT/TU"},
                    NumberCase{"TwoDigitsAreKept", 28, "Số 28-CT/TU"},
                    NumberCase{"ThreeDigitsAreNotTruncated", 127, "Số 127-CT/TU"},
                    NumberCase{"LargestNumber", 999999, "Số 999999-CT/TU"}),
    [](const testing::TestParamInfo<NumberCase>& i) { return std::string(i.param.rule); });

TEST_F(PartyHeaderText, NumberLineUsesTheKindAndIssuerCodes) {
  Document d = doc(12, std::nullopt);
  d.kind.value = "KL";
  d.issuer_code.value = "ĐU";
  EXPECT_EQ(format_number_line(*profile_, d), "Số 12-KL/ĐU");
}

TEST_F(PartyHeaderText, DraftKeepsABlankForTheNumber) {
  const std::string line = format_number_line(*profile_, doc(std::nullopt, std::nullopt));
  const std::string head = "Số ", tail = "-CT/TU";
  ASSERT_GE(line.size(), head.size() + tail.size()) << '"' << line << '"';
  EXPECT_EQ(line.substr(0, head.size()), head) << '"' << line << '"';
  EXPECT_EQ(line.substr(line.size() - tail.size()), tail) << '"' << line << '"';
  const std::string blank = line.substr(head.size(), line.size() - head.size() - tail.size());
  EXPECT_GE(blank.size(), 2u) << "the blank must leave room to write the number: \"" << line << '"';
  EXPECT_EQ(blank.find_first_not_of(' '), std::string::npos) << '"' << line << '"';
  EXPECT_EQ(blank, profile_->draft_number);
}

// --- date line -----------------------------------------------------------------------------

struct DateCase {
  const char* rule;
  Date date;
  const char* line;
};

class PartyDateLine : public PartyHeaderText, public testing::WithParamInterface<DateCase> {};

TEST_P(PartyDateLine, IsPlaceNgayThangNam) {
  const auto& c = GetParam();
  EXPECT_EQ(format_date_line(*profile_, doc(5, c.date)), c.line);
}

INSTANTIATE_TEST_SUITE_P(
    Hd36, PartyDateLine,
    testing::Values(
        DateCase{"DayBelowTenIsPaddedMonthMarchIsNot", {2023, 3, 5}, "Quảng Trị, ngày 05 tháng 3 năm 2023"},
        DateCase{"FebruaryIsPadded", {2023, 2, 15}, "Quảng Trị, ngày 15 tháng 02 năm 2023"},
        DateCase{"JanuaryIsPaddedAndSoIsTheDay", {2023, 1, 9}, "Quảng Trị, ngày 09 tháng 01 năm 2023"},
        DateCase{"DecemberIsTwoDigitsAnyway", {2023, 12, 25}, "Quảng Trị, ngày 25 tháng 12 năm 2023"},
        DateCase{"OctoberIsNotPadded", {2022, 10, 10}, "Quảng Trị, ngày 10 tháng 10 năm 2022"},
        DateCase{"LeapDay", {2024, 2, 29}, "Quảng Trị, ngày 29 tháng 02 năm 2024"}),
    [](const testing::TestParamInfo<DateCase>& i) { return std::string(i.param.rule); });

TEST_F(PartyHeaderText, DraftDateLineKeepsBlanksForDayMonthAndYear) {
  const std::string line = format_date_line(*profile_, doc(std::nullopt, std::nullopt));
  EXPECT_EQ(line.rfind("Quảng Trị, ngày ", 0), 0u) << '"' << line << '"';
  EXPECT_NE(line.find(" tháng "), std::string::npos) << '"' << line << '"';
  EXPECT_NE(line.find(" năm "), std::string::npos) << '"' << line << '"';
  EXPECT_EQ(line.find_first_of("0123456789"), std::string::npos) << '"' << line << '"';
  EXPECT_EQ(line.find("{"), std::string::npos) << "a placeholder was left: \"" << line << '"';
}

// --- symbol --------------------------------------------------------------------------------

TEST_F(PartyHeaderText, SymbolIsTheNumberLineWithoutSo) {
  EXPECT_EQ(format_symbol(*profile_, doc(5, Date{2023, 3, 5})), "05-CT/TU");
  EXPECT_EQ(format_symbol(*profile_, doc(28, Date{2023, 3, 15})), "28-CT/TU");
}

TEST_F(PartyHeaderText, DraftSymbolHasNoNumber) {
  EXPECT_EQ(format_symbol(*profile_, doc(std::nullopt, std::nullopt)), "-CT/TU");
}

}  // namespace
