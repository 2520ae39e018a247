// The office register and the document store (archive/): numbering series (Party: per body, kind
// and committee term; State: per body and calendar year), no number skipped or reused, voiding,
// atomic allocation across connections, immutability enforced by the catalog, content-addressed
// PDFs, and the RFC 4180 CSV export with the columns of NĐ 30 Phụ lục IV.
#include "archive/register.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "archive/archive.h"
#include "archive/archive_dir.h"
#include "archive/csv.h"
#include "archive/errors.h"
#include "archive/sha256.h"
#include "archive/store.h"

namespace {

namespace fs = std::filesystem;
using vanthu::archive::Archive;
using vanthu::archive::ArchiveDir;
using vanthu::archive::Catalog;
using vanthu::archive::csv_field;
using vanthu::archive::csv_row;
using vanthu::archive::DocumentRecord;
using vanthu::archive::Entry;
using vanthu::archive::EntryStatus;
using vanthu::archive::Register;
using vanthu::archive::SeriesKey;
using vanthu::archive::UserError;
using vanthu::archive::WriteTransaction;

class TempArchive {
 public:
  TempArchive() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/vanthu-register-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempArchive() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const SeriesKey kCtTerm1 = SeriesKey::party("HUYỆN ỦY SƠN HÀ", "CT", "2020-2025");
const SeriesKey kKhTerm1 = SeriesKey::party("HUYỆN ỦY SƠN HÀ", "KH", "2020-2025");
const SeriesKey kCtTerm2 = SeriesKey::party("HUYỆN ỦY SƠN HÀ", "CT", "2025-2030");
// Same code (TU) for a provincial and a town committee: different bodies, different series.
const SeriesKey kProvinceCt = SeriesKey::party("TỈNH ỦY QUẢNG TRỊ", "CT", "2020-2025");
const SeriesKey kTownCt = SeriesKey::party("THỊ ỦY QUẢNG TRỊ", "CT", "2020-2025");

Entry sample(const std::string& kind = "CT") {
  Entry e;
  e.kind = kind;
  e.kind_name = "Chỉ thị";
  e.date = "2023-03-15";
  e.subject = "Về đẩy mạnh công tác phát triển đảng viên";
  e.signer = "Nguyễn Văn A";
  e.recipients = {"Thường trực Tỉnh ủy (báo cáo)", "Các chi bộ"};
  e.archive_copy = "Lưu Văn phòng Huyện ủy";
  return e;
}

std::string two_digits(int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

Entry issue(Register& reg, const SeriesKey& key, const std::string& code = "HU",
            const std::string& date = "2023-03-15") {
  Entry e = sample(key.kind.empty() ? "QĐ" : key.kind);
  e.date = date;
  return reg.issue(key, code, e, [&](int64_t n) {
    return key.family == vanthu::archive::Family::kParty
               ? two_digits(n) + "-" + key.kind + "/" + code
               : two_digits(n) + "/" + e.kind + "-" + code;
  });
}

std::vector<int64_t> numbers(const std::vector<Entry>& entries) {
  std::vector<int64_t> out;
  for (const auto& e : entries) out.push_back(e.number);
  return out;
}

// ---- numbering ---------------------------------------------------------------------------------

TEST(Register, NumbersASeriesFromOneWithoutGaps) {
  TempArchive t;
  Archive a(t.path(), true);
  for (int i = 1; i <= 12; ++i) {
    Entry e = issue(a.reg(), kCtTerm1);
    EXPECT_EQ(e.number, i);
    EXPECT_EQ(e.status, EntryStatus::kIssued);
  }
  auto all = a.reg().entries();
  ASSERT_EQ(all.size(), 12u);
  EXPECT_EQ(all.front().symbol, "01-CT/HU");  // numbers below 10 with a leading zero (HD 36)
  EXPECT_EQ(all.back().symbol, "12-CT/HU");
  EXPECT_EQ(all.front().recipients, sample().recipients);
  EXPECT_FALSE(all.front().created_at.empty());
}

TEST(Register, PartyNumbersEachKindInItsOwnSeries) {
  TempArchive t;
  Archive a(t.path(), true);
  EXPECT_EQ(issue(a.reg(), kCtTerm1).number, 1);
  EXPECT_EQ(issue(a.reg(), kCtTerm1).number, 2);
  EXPECT_EQ(issue(a.reg(), kKhTerm1).number, 1);
  EXPECT_EQ(issue(a.reg(), kCtTerm1).number, 3);
  EXPECT_EQ(issue(a.reg(), kKhTerm1).number, 2);
  EXPECT_EQ(a.reg().series().size(), 2u);
}

TEST(Register, PartySeriesRunsAcrossCalendarYearsWithinATerm) {
  TempArchive t;
  Archive a(t.path(), true);
  EXPECT_EQ(issue(a.reg(), kCtTerm1, "HU", "2021-12-30").number, 1);
  EXPECT_EQ(issue(a.reg(), kCtTerm1, "HU", "2022-01-04").number, 2);
}

TEST(Register, PartyNewTermRestartsAtOne) {
  TempArchive t;
  Archive a(t.path(), true);
  issue(a.reg(), kCtTerm1);
  issue(a.reg(), kCtTerm1);
  EXPECT_EQ(issue(a.reg(), kCtTerm2).number, 1);
  EXPECT_EQ(issue(a.reg(), kCtTerm1).number, 3);  // the old series is still its own
}

TEST(Register, PartyBodiesSharingACodeHaveSeparateSeries) {
  TempArchive t;
  Archive a(t.path(), true);
  EXPECT_EQ(issue(a.reg(), kProvinceCt, "TU").number, 1);
  EXPECT_EQ(issue(a.reg(), kTownCt, "TU").number, 1);
}

TEST(Register, StateNumbersAllKindsOfABodyInOneYearlySeries) {
  TempArchive t;
  Archive a(t.path(), true);
  const auto y2023 = SeriesKey::state("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", 2023);
  const auto y2024 = SeriesKey::state("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", 2024);
  EXPECT_EQ(y2023.kind, "");
  EXPECT_EQ(y2023.period, "2023");
  Entry qd = issue(a.reg(), y2023, "UBND", "2023-01-05");
  EXPECT_EQ(qd.number, 1);
  EXPECT_EQ(qd.symbol, "01/QĐ-UBND");
  // A plan of the same body in the same year continues the same series.
  Entry kh = sample("KH");
  kh.date = "2023-12-31";
  kh = a.reg().issue(y2023, "UBND", kh, [](int64_t n) { return two_digits(n) + "/KH-UBND"; });
  EXPECT_EQ(kh.number, 2);
  // 1 January: a new series from 01 (NĐ 30, Điều 15).
  EXPECT_EQ(issue(a.reg(), y2024, "UBND", "2024-01-02").number, 1);
  EXPECT_EQ(issue(a.reg(), y2023, "UBND", "2023-12-31").number, 3);
}

TEST(Register, StateAndPartySeriesNeverMix) {
  TempArchive t;
  Archive a(t.path(), true);
  issue(a.reg(), SeriesKey::state("HUYỆN ỦY SƠN HÀ", 2023));
  EXPECT_EQ(issue(a.reg(), SeriesKey::party("HUYỆN ỦY SƠN HÀ", "", "2023")).number, 1);
}

TEST(Register, RolledBackTransactionTakesNoNumber) {
  TempArchive t;
  Archive a(t.path(), true);
  issue(a.reg(), kCtTerm1);
  {
    WriteTransaction txn(a.catalog());
    auto s = a.reg().open_series(kCtTerm1, "HU");
    EXPECT_EQ(a.reg().next_number(s.id), 2);
    Entry e = sample();
    e.series_id = s.id;
    e.symbol = "02-CT/HU";
    EXPECT_EQ(a.reg().record(e).number, 2);
    // no commit: e.g. the document failed to typeset
  }
  EXPECT_EQ(issue(a.reg(), kCtTerm1).number, 2);
  EXPECT_EQ(numbers(a.reg().entries()), (std::vector<int64_t>{1, 2}));
}

TEST(Register, NumberingOutsideATransactionIsAProgrammingError) {
  TempArchive t;
  Archive a(t.path(), true);
  EXPECT_THROW(a.reg().open_series(kCtTerm1, "HU"), std::logic_error);
  EXPECT_THROW(a.reg().next_number(1), std::logic_error);
}

TEST(Register, RecordRefusesANumberOtherThanTheNext) {
  TempArchive t;
  Archive a(t.path(), true);
  WriteTransaction txn(a.catalog());
  auto s = a.reg().open_series(kCtTerm1, "HU");
  Entry e = sample();
  e.series_id = s.id;
  e.number = 5;
  EXPECT_THROW(a.reg().record(e), std::logic_error);
}

TEST(Register, ConnectionsInParallelNeverTakeTheSameNumber) {
  TempArchive t;
  { Archive create(t.path(), true); }
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::thread> threads;
  std::vector<std::string> errors(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        Archive a(t.path(), false);  // its own connection
        for (int k = 0; k < kEach; ++k) issue(a.reg(), kCtTerm1);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  Archive a(t.path(), false);
  std::vector<int64_t> expected;
  for (int n = 1; n <= kThreads * kEach; ++n) expected.push_back(n);
  EXPECT_EQ(numbers(a.reg().entries()), expected);
}

// ---- voiding -----------------------------------------------------------------------------------

TEST(Register, VoidedNumberIsKeptAndNeverReused) {
  TempArchive t;
  Archive a(t.path(), true);
  issue(a.reg(), kCtTerm1);
  Entry second = issue(a.reg(), kCtTerm1);
  Entry third = issue(a.reg(), kCtTerm1);
  Entry v = a.reg().void_entry(third.id, "  bản ký bị hỏng  ");
  EXPECT_EQ(v.status, EntryStatus::kVoid);
  EXPECT_EQ(v.void_reason, "bản ký bị hỏng");
  EXPECT_FALSE(v.voided_at.empty());
  a.reg().void_entry(second.id, "nhầm loại văn bản");
  EXPECT_EQ(issue(a.reg(), kCtTerm1).number, 4);
  auto all = a.reg().entries();
  EXPECT_EQ(numbers(all), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(all[1].status, EntryStatus::kVoid);
  EXPECT_EQ(all[2].status, EntryStatus::kVoid);
  EXPECT_EQ(all[3].status, EntryStatus::kIssued);
}

TEST(Register, VoidNeedsAReasonAndHappensOnce) {
  TempArchive t;
  Archive a(t.path(), true);
  Entry e = issue(a.reg(), kCtTerm1);
  EXPECT_THROW(a.reg().void_entry(e.id, "   "), UserError);
  a.reg().void_entry(e.id, "hủy");
  try {
    a.reg().void_entry(e.id, "again");
    FAIL() << "voiding twice must fail";
  } catch (const UserError& err) {
    EXPECT_NE(std::string(err.what()).find("01-CT/HU is already void"), std::string::npos);
  }
  EXPECT_THROW(a.reg().void_entry(999, "x"), UserError);
}

TEST(Register, FindsEntriesBySymbolOrByNumberInASeries) {
  TempArchive t;
  Archive a(t.path(), true);
  Entry e1 = issue(a.reg(), kCtTerm1);
  issue(a.reg(), kCtTerm1);
  Entry new_term = issue(a.reg(), kCtTerm2);  // 01-CT/HU again, in the next term
  EXPECT_EQ(a.reg().find("02-CT/HU", {}).size(), 1u);
  EXPECT_EQ(a.reg().find("Số 02-CT/HU", {}).size(), 1u);
  EXPECT_EQ(a.reg().find("01-CT/HU", {}).size(), 2u);
  EXPECT_EQ(a.reg().find("01-CT/HU", new_term.series_id).front().id, new_term.id);
  EXPECT_EQ(a.reg().find("1", e1.series_id).front().id, e1.id);
  EXPECT_THROW(a.reg().find("1", {}), UserError);
  EXPECT_TRUE(a.reg().find("99-CT/HU", {}).empty());
}

// ---- the catalog keeps its promises ------------------------------------------------------------

TEST(Register, CatalogRefusesToDeleteOrRewriteEntries) {
  TempArchive t;
  Archive a(t.path(), true);
  issue(a.reg(), kCtTerm1);
  EXPECT_THROW(a.catalog().exec("DELETE FROM register"), std::runtime_error);
  EXPECT_THROW(a.catalog().exec("UPDATE register SET number = 7"), std::runtime_error);
  EXPECT_THROW(a.catalog().exec("UPDATE register SET status = 'issued'"), std::runtime_error);
  EXPECT_THROW(a.catalog().exec("DELETE FROM series"), std::runtime_error);
  EXPECT_EQ(a.reg().entries().front().number, 1);
}

TEST(Store, IssuedDocumentsAreImmutable) {
  TempArchive t;
  Archive a(t.path(), true);
  DocumentRecord d;
  d.kind = "CT";
  d.number = 1;
  d.symbol = "01-CT/HU";
  d.issuer = "HUYỆN ỦY SƠN HÀ";
  d.issuer_code = "HU";
  d.date = "2023-03-15";
  d.subject = "Về …";
  d.signer = "Nguyễn Văn A";
  d.recipients = {"Các chi bộ"};
  d.pages = 3;
  d.bytes = 10;
  d.sha256 = std::string(64, 'a');
  d.profile = "party-hd36-2018";
  const int64_t id = a.store().add_document(d);
  EXPECT_THROW(a.catalog().exec("UPDATE documents SET subject = 'x'"), std::runtime_error);
  EXPECT_THROW(a.catalog().exec("DELETE FROM documents"), std::runtime_error);
  auto back = a.store().document(id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->subject, "Về …");
  EXPECT_EQ(back->recipients, d.recipients);
  EXPECT_EQ(back->source, "issued");
}

TEST(Store, PdfIsStoredOnceUnderItsSha256) {
  TempArchive t;
  Archive a(t.path(), true);
  auto b1 = a.store().put_pdf("%PDF-1.4 one");
  auto b2 = a.store().put_pdf("%PDF-1.4 one");
  auto b3 = a.store().put_pdf("%PDF-1.4 two");
  EXPECT_FALSE(b1.existed);
  EXPECT_TRUE(b2.existed);
  EXPECT_EQ(b1.path, b2.path);
  EXPECT_NE(b1.path, b3.path);
  EXPECT_EQ(b1.path, t.path() + "/pdf/" + b1.sha256.substr(0, 2) + "/" + b1.sha256 + ".pdf");
  std::size_t files = 0;
  for (auto& e : fs::recursive_directory_iterator(t.path() + "/pdf"))
    if (e.is_regular_file()) ++files;
  EXPECT_EQ(files, 2u);  // no temporary files left behind either
}

TEST(Store, Sha256MatchesTheStandardTestVectors) {
  // FIPS 180-2, appendix B.1, and the empty string.
  EXPECT_EQ(vanthu::archive::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(vanthu::archive::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ArchiveDirTest, OptionThenEnvironmentThenXdgThenHome) {
  struct Saved {
    const char* name;
    std::string value;
    bool set;
  };
  std::vector<Saved> saved;
  for (const char* n : {"VANTHU_ARCHIVE", "XDG_DATA_HOME", "HOME"}) {
    const char* v = std::getenv(n);
    saved.push_back({n, v ? v : "", v != nullptr});
  }
  setenv("VANTHU_ARCHIVE", "/srv/archive", 1);
  setenv("XDG_DATA_HOME", "/xdg", 1);
  setenv("HOME", "/home/clerk", 1);
  EXPECT_EQ(ArchiveDir::resolve("/opt/a/"), "/opt/a/");
  EXPECT_EQ(ArchiveDir::resolve(""), "/srv/archive");
  unsetenv("VANTHU_ARCHIVE");
  EXPECT_EQ(ArchiveDir::resolve(""), "/xdg/vanthu");
  unsetenv("XDG_DATA_HOME");
  EXPECT_EQ(ArchiveDir::resolve(""), "/home/clerk/.local/share/vanthu");
  unsetenv("HOME");
  EXPECT_THROW(ArchiveDir::resolve(""), UserError);
  for (const auto& s : saved)
    if (s.set)
      setenv(s.name, s.value.c_str(), 1);
    else
      unsetenv(s.name);
}

TEST(ArchiveDirTest, OpeningWithoutCreateNeedsAnExistingCatalog) {
  TempArchive t;
  EXPECT_THROW(Archive(t.path() + "/missing", false), UserError);
  EXPECT_FALSE(fs::exists(t.path() + "/missing"));
}

// ---- CSV ---------------------------------------------------------------------------------------

TEST(Csv, QuotesFieldsAsRfc4180) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"01-CT/HU", "01-CT/HU"},
      {"Chỉ thị về đẩy mạnh", "Chỉ thị về đẩy mạnh"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"\"", "\"\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"cr\rlf", "\"cr\rlf\""},
      {" padded ", "\" padded \""},
      {"semi;colon", "semi;colon"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(csv_field(in), out) << "input: " << in;
  EXPECT_EQ(csv_row({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(Csv, RegisterExportHasTheTenColumnsOfTheDecree) {
  const auto& cols = vanthu::archive::register_csv_columns();
  ASSERT_EQ(cols.size(), 10u);
  EXPECT_EQ(cols.front(), "Số, ký hiệu văn bản");
  EXPECT_EQ(cols.back(), "Ghi chú");

  Entry e = sample();
  e.symbol = "05-CT/HU";
  e.status = EntryStatus::kVoid;
  e.void_reason = "ký nhầm, \"bản lỗi\"";
  std::ostringstream with_bom, without_bom;
  vanthu::archive::write_register_csv(with_bom, {e});
  vanthu::archive::write_register_csv(without_bom, {e}, {.bom = false});
  EXPECT_EQ(with_bom.str().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(with_bom.str().substr(3), without_bom.str());
  EXPECT_EQ(without_bom.str(),
            "\"Số, ký hiệu văn bản\",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,"
            "Người ký,Nơi nhận văn bản,\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,"
            "Ký nhận,Ghi chú\r\n"
            "05-CT/HU,15/03/2023,Chỉ thị về đẩy mạnh công tác phát triển đảng viên,Nguyễn Văn A,"
            "Thường trực Tỉnh ủy (báo cáo); Các chi bộ,Lưu Văn phòng Huyện ủy,,,,"
            "\"Đã hủy số: ký nhầm, \"\"bản lỗi\"\"\"\r\n");
}

}  // namespace
