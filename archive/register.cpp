// Register series and entries in the catalog: numbering inside the caller's transaction,
// voiding, listing and look-up.
#include "archive/register.h"

#include <stdexcept>

#include "archive/errors.h"
#include "archive/json_list.h"

namespace vanthu::archive {

namespace {

constexpr const char* kEntryColumns =
    "id, series_id, number, symbol, kind, kind_name, date, subject, signer, recipients, "
    "archive_copy, document_id, status, void_reason, voided_at, created_at";

Entry read_entry(const Statement& st) {
  Entry e;
  e.id = st.integer(0);
  e.series_id = st.integer(1);
  e.number = st.integer(2);
  e.symbol = st.text(3);
  e.kind = st.text(4);
  e.kind_name = st.text(5);
  e.date = st.text(6);
  e.subject = st.text(7);
  e.signer = st.text(8);
  e.recipients = from_json_list(st.text(9));
  e.archive_copy = st.text(10);
  if (!st.is_null(11)) e.document_id = st.integer(11);
  e.status = st.text(12) == "void" ? EntryStatus::kVoid : EntryStatus::kIssued;
  e.void_reason = st.text(13);
  e.voided_at = st.text(14);
  e.created_at = st.text(15);
  return e;
}

constexpr const char* kSeriesSelect =
    "SELECT s.id, s.family, s.issuer, s.kind, s.period, s.issuer_code, "
    "(SELECT COALESCE(MAX(number), 0) FROM register r WHERE r.series_id = s.id) FROM series s ";

Series read_series(const Statement& st) {
  Series s;
  s.id = st.integer(0);
  s.key.family = st.text(1) == "party" ? Family::kParty : Family::kState;
  s.key.issuer = st.text(2);
  s.key.kind = st.text(3);
  s.key.period = st.text(4);
  s.issuer_code = st.text(5);
  s.last_number = st.integer(6);
  return s;
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  std::size_t end = s.find_last_not_of(ws);
  s.erase(end == std::string::npos ? 0 : end + 1);
  return s;
}

}  // namespace

std::string_view family_name(Family f) { return f == Family::kParty ? "party" : "state"; }
std::string_view status_name(EntryStatus s) { return s == EntryStatus::kVoid ? "void" : "issued"; }

SeriesKey SeriesKey::party(std::string issuer, std::string kind, std::string term) {
  return {Family::kParty, std::move(issuer), std::move(kind), std::move(term)};
}

SeriesKey SeriesKey::state(std::string issuer, int year) {
  return {Family::kState, std::move(issuer), "", std::to_string(year)};
}

std::string SeriesKey::describe() const {
  if (family == Family::kParty) return issuer + " · " + kind + " · term " + period;
  return issuer + " · year " + period;
}

void Register::require_transaction(const char* what) const {
  if (!db_.in_transaction())
    throw std::logic_error(std::string("Register::") + what + " needs a write transaction");
}

Series Register::open_series(const SeriesKey& key, const std::string& issuer_code) {
  require_transaction("open_series");
  if (key.issuer.empty() || key.period.empty())
    throw std::logic_error("a register series needs an issuer and a period");
  db_.prepare(
         "INSERT INTO series (family, issuer, kind, period, issuer_code) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (family, issuer, kind, period) DO NOTHING")
      .bind(1, family_name(key.family))
      .bind(2, key.issuer)
      .bind(3, key.kind)
      .bind(4, key.period)
      .bind(5, issuer_code)
      .run();
  auto st = db_.prepare(std::string(kSeriesSelect) +
                        "WHERE family = ? AND issuer = ? AND kind = ? AND period = ?");
  st.bind(1, family_name(key.family)).bind(2, key.issuer).bind(3, key.kind).bind(4, key.period);
  if (!st.step()) throw std::runtime_error("register series vanished: " + key.describe());
  return read_series(st);
}

int64_t Register::next_number(int64_t series_id) {
  require_transaction("next_number");
  auto st = db_.prepare("SELECT COALESCE(MAX(number), 0) + 1 FROM register WHERE series_id = ?");
  st.bind(1, series_id);
  st.step();
  return st.integer(0);
}

Entry Register::record(Entry e) {
  require_transaction("record");
  const int64_t n = next_number(e.series_id);
  if (e.number != 0 && e.number != n)
    throw std::logic_error("register entry numbered " + std::to_string(e.number) +
                           " but the series' next number is " + std::to_string(n));
  e.number = n;
  db_.prepare(
         "INSERT INTO register (series_id, number, symbol, kind, kind_name, date, subject, signer, "
         "recipients, archive_copy, document_id, status) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued')")
      .bind(1, e.series_id)
      .bind(2, e.number)
      .bind(3, e.symbol)
      .bind(4, e.kind)
      .bind(5, e.kind_name)
      .bind(6, e.date)
      .bind(7, e.subject)
      .bind(8, e.signer)
      .bind(9, to_json_list(e.recipients))
      .bind(10, e.archive_copy)
      .bind(11, e.document_id)
      .run();
  auto stored = entry(db_.last_insert_id());
  if (!stored) throw std::runtime_error("register entry vanished after insert");
  return *stored;
}

Entry Register::void_entry(int64_t entry_id, const std::string& reason) {
  const std::string why = trim(reason);
  if (why.empty())
    throw UserError("a reason is needed to void a number",
                    "say why, e.g. --reason \"signed copy lost, reissued as 07-CT/HU\"");
  WriteTransaction txn(db_);
  auto e = entry(entry_id);
  if (!e) throw UserError("no register entry with id " + std::to_string(entry_id));
  if (e->status == EntryStatus::kVoid)
    throw UserError(e->symbol + " is already void (" + e->void_reason + ")");
  db_.prepare(
         "UPDATE register SET status = 'void', void_reason = ?, "
         "voided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?")
      .bind(1, why)
      .bind(2, entry_id)
      .run();
  auto out = entry(entry_id);
  txn.commit();
  return *out;
}

std::vector<Series> Register::series() const {
  auto st = db_.prepare(std::string(kSeriesSelect) + "ORDER BY s.id");
  std::vector<Series> out;
  while (st.step()) out.push_back(read_series(st));
  return out;
}

std::optional<Series> Register::find_series(int64_t id) const {
  auto st = db_.prepare(std::string(kSeriesSelect) + "WHERE s.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_series(st);
}

std::vector<Entry> Register::entries(std::optional<int64_t> series_id) const {
  std::string sql = std::string("SELECT ") + kEntryColumns + " FROM register ";
  if (series_id) sql += "WHERE series_id = ? ";
  sql += "ORDER BY series_id, number";
  auto st = db_.prepare(sql);
  if (series_id) st.bind(1, *series_id);
  std::vector<Entry> out;
  while (st.step()) out.push_back(read_entry(st));
  return out;
}

std::optional<Entry> Register::entry(int64_t id) const {
  auto st = db_.prepare(std::string("SELECT ") + kEntryColumns + " FROM register WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_entry(st);
}

std::vector<Entry> Register::find(const std::string& target,
                                  std::optional<int64_t> series_id) const {
  std::string t = trim(target);
  for (const char* prefix : {"Số:", "Số", "số:", "số"}) {
    std::string p(prefix);
    if (t.rfind(p, 0) == 0) {
      t = trim(t.substr(p.size()));
      break;
    }
  }
  std::string sql = std::string("SELECT ") + kEntryColumns + " FROM register WHERE ";
  const bool by_number = all_digits(t);
  if (by_number && !series_id)
    throw UserError("a bare number needs --series to say which series it is in",
                    "run `vanthu register list` to see the series ids, or give the symbol, e.g. "
                    "05-CT/HU");
  sql += by_number ? "number = ?" : "symbol = ?";
  if (series_id) sql += " AND series_id = ?";
  sql += " ORDER BY series_id, number";
  auto st = db_.prepare(sql);
  if (by_number) {
    if (t.size() > 15) return {};  // larger than any number a series can reach
    st.bind(1, static_cast<int64_t>(std::stoll(t)));
  } else
    st.bind(1, t);
  if (series_id) st.bind(2, *series_id);
  std::vector<Entry> out;
  while (st.step()) out.push_back(read_entry(st));
  return out;
}

}  // namespace vanthu::archive
