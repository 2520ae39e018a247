// Vietnamese diagnostics for the web application (see messages.h).
#include "app/web/messages.h"

#include <map>
#include <regex>

namespace vanthu::app::web {

namespace {

const std::map<std::string, std::string>& labels() {
  static const std::map<std::string, std::string> m = {
      {"profile", "Bộ quy tắc thể thức"},
      {"kind", "Loại văn bản"},
      {"office", "Cấu hình cơ quan"},
      {"form", "Biểu mẫu"},
      {"header", "Phần đầu văn bản"},
      {"header.superior", "Cơ quan cấp trên"},
      {"header.issuer", "Cơ quan ban hành"},
      {"header.issuer_code", "Ký hiệu cơ quan"},
      {"header.number", "Số văn bản"},
      {"header.term", "Nhiệm kỳ"},
      {"header.place", "Địa danh"},
      {"header.date", "Ngày ban hành"},
      {"title", "Tên loại và trích yếu"},
      {"title.organ_line", "Dòng dưới tên loại"},
      {"title.subject", "Trích yếu nội dung"},
      {"body", "Nội dung"},
      {"closing", "Câu kết"},
      {"recipients", "Nơi nhận"},
      {"recipients.items", "Nơi nhận"},
      {"recipients.archive", "Dòng lưu"},
      {"signature", "Chữ ký"},
      {"signature.authority", "Thẩm quyền ký"},
      {"signature.collective", "Tập thể lãnh đạo"},
      {"signature.position", "Chức vụ người ký"},
      {"signature.name", "Họ tên người ký"},
  };
  return m;
}

}  // namespace

std::string vi_field_label(const std::string& field) {
  const auto& m = labels();
  if (auto it = m.find(field); it != m.end()) return it->second;
  // body[2].text → Nội dung, khối 3
  static const std::regex block(R"(^body\[(\d+)\].*)");
  std::smatch sm;
  if (std::regex_match(field, sm, block))
    return "Nội dung, khối " + std::to_string(std::stoi(sm[1]) + 1);
  static const std::regex recipient(R"(^recipients\.items\[(\d+)\].*)");
  if (std::regex_match(field, sm, recipient))
    return "Nơi nhận, dòng " + std::to_string(std::stoi(sm[1]) + 1);
  if (field.rfind("values.", 0) == 0) return field.substr(7);
  return field;
}

std::string vi_message(const Diagnostic& d) {
  static const std::map<std::string, std::string> m = {
      {"missing-field", "Chưa điền trường bắt buộc này. Hãy điền vào."},
      {"empty-field", "Trường này đang để trống. Hãy điền nội dung."},
      {"empty", "Trường này đang để trống. Hãy điền nội dung."},
      {"wrong-type",
       "Sai kiểu dữ liệu. Hãy nhập đúng dạng được yêu cầu (chữ, số, ngày hoặc danh sách)."},
      {"bad-date",
       "Ngày không hợp lệ. Hãy chọn một ngày có thật (dạng năm-tháng-ngày, ví dụ 2024-08-20)."},
      {"bad-value", "Giá trị không hợp lệ. Hãy kiểm tra lại nội dung đã nhập."},
      {"bad-key", "Giá trị không hợp lệ. Hãy kiểm tra lại nội dung đã nhập."},
      {"unknown-field", "Trường này không được hỗ trợ. Hãy bỏ trường này."},
      {"unknown-kind", "Bộ quy tắc đã chọn không có loại văn bản này. Hãy chọn loại văn bản khác."},
      {"unknown-profile",
       "Không có bộ quy tắc thể thức này. Hãy chọn Đảng (HD 36) hoặc Nhà nước (NĐ 30)."},
      {"unknown-form", "Không có biểu mẫu này. Hãy chọn một biểu mẫu trong danh sách."},
      {"unknown-signer",
       "Cấu hình cơ quan không có người ký này. Hãy chọn người ký trong danh sách."},
      {"unknown-list",
       "Cấu hình cơ quan không có danh sách nơi nhận này. Hãy chọn danh sách có sẵn."},
      {"unknown-block", "Khối nội dung không hợp lệ. Hãy dùng đoạn văn hoặc mục đánh số."},
      {"empty-body", "Nội dung văn bản đang trống. Hãy thêm ít nhất một đoạn văn."},
      {"empty-item", "Mục này chưa có nội dung. Hãy điền nội dung hoặc xóa mục."},
      {"missing-glyph",
       "Có ký tự mà phông chữ không có. Hãy thay ký tự đó bằng ký tự thông thường."},
      {"markup",
       "Định dạng trong câu chữ (nghiêng, đậm, chú thích) viết chưa đúng. Hãy kiểm tra các dấu * "
       "và _."},
      {"number-given", "Số văn bản do sổ văn bản cấp khi ban hành. Hãy để trống ô Số."},
      {"syntax", "Dữ liệu không đọc được (sai cú pháp). Hãy kiểm tra lại."},
      {"too-large", "Dữ liệu quá lớn. Hãy rút gọn nội dung."},
      {"bad-encoding", "Văn bản có ký tự không hợp lệ (không phải UTF-8). Hãy gõ lại đoạn đó."},
      {"out-of-range", "Giá trị nằm ngoài phạm vi cho phép."},
      {"duplicate-key", "Trường này bị khai báo hai lần. Hãy giữ một."},
      {"too-deep", "Nội dung lồng nhau quá sâu. Hãy giảm số cấp mục."},
      {"undefined-footnote",
       "Có chỗ dẫn chú thích chưa được định nghĩa. Hãy thêm chú thích hoặc bỏ chỗ dẫn."},
      {"unused-footnote", "Có chú thích không được dẫn tới. Hãy dẫn tới hoặc xóa chú thích."},
      {"duplicate-footnote-ref", "Một chú thích được dẫn hai lần. Mỗi chú thích chỉ dẫn một lần."},
      {"template", "Biểu mẫu không điền được. Hãy kiểm tra các giá trị."},
      {"text-orphan", "Nội dung không trình bày được trên trang."},
      {"bad-profile", "Bộ quy tắc này không xác định được sổ văn bản để lấy số."},
      {"io", "Không đọc được tệp dữ liệu."},
  };
  if (d.code == "missing-field" && d.field == "header.term")
    return "Văn bản của Đảng cần nhiệm kỳ của cấp ủy để lấy số (ví dụ 2020-2025). Hãy điền Nhiệm "
           "kỳ.";
  if (d.code == "archive") return "Kho lưu trữ báo lỗi: " + d.message;
  if (auto it = m.find(d.code); it != m.end()) return it->second;
  return "Lỗi dữ liệu. Hãy kiểm tra lại trường này.";
}

}  // namespace vanthu::app::web
