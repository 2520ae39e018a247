// Register printout: a document built in code (title, period line, one table), set in the State
// profile turned to landscape, with a smaller table size so ten columns fit.
#include "register_pdf.h"

#include <stdexcept>

#include "layout/composer.h"
#include "layout/paginator.h"
#include "pdf/font_set.h"
#include "pdf/pdf_writer.h"

namespace vanthu::generator {

const std::vector<std::string>& register_columns() {
  static const std::vector<std::string> cols = {
      "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
      "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển",
      "Ký nhận", "Ghi chú"};
  return cols;
}

std::optional<std::string> render_register_pdf(Renderer& r, const RegisterPrint& print,
                                               Diagnostics& diags) {
  const Profile* base = r.profile("nha-nuoc", diags);
  if (!base) return std::nullopt;
  Profile p = *base;
  std::swap(p.page_width, p.page_height);  // landscape, as NĐ 30 allows for wide tables
  p.table.size = 10;
  p.subject_separator.clear();
  p.header_gap = 0;

  auto text = [](const std::string& s, const std::string& field) {
    return Text{s, {"register"}, field};
  };
  auto rich = [](const std::string& s, const std::string& field) {
    RichText t;
    t.spans.push_back({s, false, false, 0});
    t.field = field;
    return t;
  };
  Document d;
  d.profile = "nha-nuoc";
  d.kind = text("BB", "kind");  // any kind the profile knows: the title is ours
  d.end_mark = false;
  for (const auto& s : print.superior) d.superior.push_back(text(s, "superior"));
  for (const auto& s : print.body) d.issuer.push_back(text(s, "issuer"));
  d.issuer_code = text("", "issuer_code");
  d.place = text("", "place");
  Table t;
  t.widths = {10, 8, 22, 10, 14, 10, 5, 7, 6, 8};
  t.align = {"left", "center", "left", "left", "left", "left", "center", "center", "left", "left"};
  for (const auto& c : register_columns()) t.header.push_back(rich(c, "column"));
  int i = 0;
  for (const auto& row : print.rows) {
    std::vector<RichText> cells;
    for (std::size_t c = 0; c < register_columns().size(); ++c)
      cells.push_back(c < row.size() && !row[c].empty() ? rich(row[c], "rows[" + std::to_string(i) + "]")
                                                       : RichText{});
    t.rows.push_back(std::move(cells));
    ++i;
  }
  if (t.rows.empty()) t.rows.push_back(std::vector<RichText>(register_columns().size()));
  d.body.push_back({Heading{rich(print.title, "title")}});
  if (!print.period.empty()) d.body.push_back({Heading{rich(print.period, "period")}});
  d.body.push_back({std::move(t)});

  FontSet fonts(r.data_dir() + "/fonts");
  Diagnostics local;
  Composer composer(p, fonts, local);
  // The register has no header block of a document: compose only the body.
  VList list = composer.compose_body_only(d);
  diags.append(local);
  if (local.has_errors()) return std::nullopt;
  list.info.title = print.title + (print.period.empty() ? "" : " — " + print.period);
  for (const auto& s : print.body) list.info.author += (list.info.author.empty() ? "" : " ") + s;
  LaidOut laid = paginate(list, p, fonts);
  return write_pdf(laid, fonts);
}

}  // namespace vanthu::generator
