// CSV output (RFC 4180) and the outgoing-register export with the columns of the sổ đăng ký văn
// bản đi, NĐ 30/2020/NĐ-CP Phụ lục IV mục I.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "archive/register.h"

namespace vanthu::archive {

// One field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled), or when it
// starts or ends with a space.
std::string csv_field(std::string_view value);
// Fields joined by commas, ended by CRLF.
std::string csv_row(const std::vector<std::string>& fields);

// The ten columns of the register, in the decree's order.
const std::vector<std::string>& register_csv_columns();

// The row of one entry. Known: symbol, date (DD/MM/YYYY), kind name + subject, signer,
// recipients ("; "-separated), the archive copy line, and for a void entry "Đã hủy số: reason"
// in Ghi chú. Left empty: Số lượng bản, Ngày chuyển, Ký nhận.
std::vector<std::string> register_csv_fields(const Entry& e);

struct CsvOptions {
  bool bom = true;  // UTF-8 byte order mark first, so spreadsheet programs read UTF-8
};

// Header row + one row per entry, UTF-8.
void write_register_csv(std::ostream& out, const std::vector<Entry>& entries,
                        const CsvOptions& options = {});

}  // namespace vanthu::archive
