// The office register (sổ đăng ký văn bản đi): numbering series and their entries. A number is
// taken inside the caller's write transaction, so taking it, typesetting the document with it and
// storing the document commit together or not at all. Numbers are never skipped or reused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"

namespace vanthu::archive {

enum class Family { kParty, kState };

std::string_view family_name(Family f);  // "party", "state"

// What a series is numbered by.
//  - Party (HD 36-HD/VPTW, 1.3.1): one series per issuing body per document kind for the whole
//    committee term; the period is the term label, e.g. "2020-2025".
//  - State (NĐ 30/2020/NĐ-CP, Điều 15): one series per issuing body per calendar year, all kinds
//    together; the period is the year, e.g. "2023", and the kind is empty.
// The issuer is the body's name, not its code: one code (TU) is used by several bodies.
struct SeriesKey {
  Family family = Family::kState;
  std::string issuer;
  std::string kind;
  std::string period;

  static SeriesKey party(std::string issuer, std::string kind, std::string term);
  static SeriesKey state(std::string issuer, int year);
  // "HUYỆN ỦY SƠN HÀ · CT · term 2020-2025", "ỦY BAN NHÂN DÂN TỈNH X · year 2023"
  std::string describe() const;
  bool operator==(const SeriesKey&) const = default;
};

struct Series {
  int64_t id = 0;
  SeriesKey key;
  std::string issuer_code;
  int64_t last_number = 0;  // highest number taken so far, 0 for none
};

enum class EntryStatus { kIssued, kVoid };

std::string_view status_name(EntryStatus s);  // "issued", "void"

// One line of the register.
struct Entry {
  int64_t id = 0;
  int64_t series_id = 0;
  int64_t number = 0;
  std::string symbol;                   // "05-CT/HU", "12/QĐ-UBND"
  std::string kind;                     // kind code
  std::string kind_name;                // "Chỉ thị"
  std::string date;                     // YYYY-MM-DD
  std::string subject;                  // trích yếu
  std::string signer;                   // full name of the signer
  std::vector<std::string> recipients;  // Nơi nhận, without the archive line
  std::string archive_copy;             // "Lưu VP, …": who keeps the file copy
  std::optional<int64_t> document_id;   // the stored document, if any
  EntryStatus status = EntryStatus::kIssued;
  std::string void_reason;
  std::string voided_at;   // UTC, ISO 8601
  std::string created_at;  // UTC, ISO 8601
};

class Register {
 public:
  explicit Register(Catalog& db) : db_(db) {}

  // ---- inside a WriteTransaction (std::logic_error otherwise) ----
  // The series for `key`, created if it is new.
  Series open_series(const SeriesKey& key, const std::string& issuer_code);
  // The number the next record() in this series takes: the highest number so far + 1.
  int64_t next_number(int64_t series_id);
  // Records `e` under the series' next number (e.number must be 0 or that number); returns the
  // entry with its id, number and timestamps filled in.
  Entry record(Entry e);

  // ---- each in its own transaction ----
  // Takes the next number of the series and records `e` under it, with the symbol
  // symbol_of(number). For callers that need no other work inside the transaction.
  template <typename SymbolOf>
  Entry issue(const SeriesKey& key, const std::string& issuer_code, Entry e, SymbolOf symbol_of) {
    WriteTransaction txn(db_);
    Series s = open_series(key, issuer_code);
    e.series_id = s.id;
    e.number = next_number(s.id);
    e.symbol = symbol_of(e.number);
    Entry out = record(std::move(e));
    txn.commit();
    return out;
  }
  // Marks an entry void with a reason. Its number stays taken. UserError if the entry does not
  // exist, is already void, or the reason is empty.
  Entry void_entry(int64_t entry_id, const std::string& reason);

  // ---- reading ----
  std::vector<Series> series() const;
  std::optional<Series> find_series(int64_t id) const;
  // Entries ordered by series, then number; all series when `series_id` is empty.
  std::vector<Entry> entries(std::optional<int64_t> series_id = {}) const;
  std::optional<Entry> entry(int64_t id) const;
  // Entries whose symbol is `target` ("05-CT/HU"; a leading "Số"/"Số:" is ignored) or, when
  // `target` is all digits, whose number is `target` (then `series_id` is required: UserError).
  std::vector<Entry> find(const std::string& target, std::optional<int64_t> series_id) const;

 private:
  void require_transaction(const char* what) const;
  Catalog& db_;
};

}  // namespace vanthu::archive
