// RFC 4180 fields and rows; the register's CSV export.
#include "archive/csv.h"

namespace vanthu::archive {

std::string csv_field(std::string_view v) {
  const bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\r\n";
}

const std::vector<std::string>& register_csv_columns() {
  static const std::vector<std::string> cols = {
      "Số, ký hiệu văn bản",
      "Ngày tháng văn bản",
      "Tên loại và trích yếu nội dung văn bản",
      "Người ký",
      "Nơi nhận văn bản",
      "Đơn vị, người nhận bản lưu",
      "Số lượng bản",
      "Ngày chuyển",
      "Ký nhận",
      "Ghi chú",
  };
  return cols;
}

namespace {

// "2023-03-15" → "15/03/2023"; anything else unchanged.
std::string vn_date(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string title_and_subject(const Entry& e) {
  std::string subject = e.subject;
  // "Chỉ thị về …" reads as one phrase; the data often starts the subject with a capital "Về".
  static const std::string kVe = "Về ";
  if (!e.kind_name.empty() && subject.rfind(kVe, 0) == 0) subject[0] = 'v';
  if (e.kind_name.empty()) return subject;
  if (subject.empty()) return e.kind_name;
  return e.kind_name + " " + subject;
}

}  // namespace

std::vector<std::string> register_csv_fields(const Entry& e) {
  std::string recipients;
  for (const auto& r : e.recipients) recipients += (recipients.empty() ? "" : "; ") + r;
  std::string note;
  if (e.status == EntryStatus::kVoid) note = "Đã hủy số: " + e.void_reason;
  return {e.symbol,
          vn_date(e.date),
          title_and_subject(e),
          e.signer,
          recipients,
          e.archive_copy,
          "",
          "",
          "",
          note};
}

void write_register_csv(std::ostream& out, const std::vector<Entry>& entries,
                        const CsvOptions& options) {
  if (options.bom) out << "\xEF\xBB\xBF";
  out << csv_row(register_csv_columns());
  for (const auto& e : entries) out << csv_row(register_csv_fields(e));
}

}  // namespace vanthu::archive
