// Document loader: YAML/JSON → Document, with located diagnostics for every field.
#include "load/loader.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "load/yaml_fields.h"
#include "text/unicode.h"

namespace vanthu::generator {

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

class Loader {
 public:
  Loader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  std::optional<Document> load(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull()) {
      diags_.error("empty", {file_, 1, 1}, "", "the data file is empty",
                   "start from `vanthu example` or docs/data-format.md");
      return std::nullopt;
    }
    Fields top(root, "", file_, diags_);
    if (!top.ok()) return std::nullopt;
    Document d;
    d.origin = {file_, 1, 1};
    top.child("office");  // merged by apply_office before loading
    if (auto p = top.str("profile", true)) d.profile = *p;
    if (top.has("profile")) d.profile_loc = loc_of(top.child("profile"), file_);
    d.kind = text(top, "kind", true);
    d.kind.value = text::collapse_spaces(d.kind.value);

    header(top, d);
    title(top, d);
    if (top.has("addressees")) d.addressees = lines(top, "addressees", false);

    YAML::Node body = top.child("body");
    if (!body.IsDefined() || body.IsNull()) {
      diags_.error("missing-field", top.loc(), "body", "required field is missing",
                   "add `body:` with the paragraphs and items of the text");
    } else {
      d.body = blocks(body, "body", 0);
      if (d.body.empty() && body.IsSequence())
        diags_.error("empty-body", loc_of(body, file_), "body", "the body has no blocks",
                     "add at least one paragraph");
    }
    if (top.has("closing")) d.closing = rich(top, "closing", false);
    if (auto e = top.boolean("end_mark", false)) d.end_mark = *e;
    footnotes(top, d);
    recipients(top, d);
    signature(top, d);
    top.reject_unknown();
    return d;
  }

 private:
  Text text(Fields& f, const std::string& key, bool required) {
    Text t;
    t.field = f.path(key);
    YAML::Node n = f.child(key);
    t.loc = n.IsDefined() ? loc_of(n, file_) : f.loc();
    if (auto s = f.str(key, required)) {
      t.value = text::unescape(text::collapse_spaces(*s));
      if (required && t.value.empty())
        diags_.error("empty-field", t.loc, t.field, "value is empty", "write the text or remove the field");
    }
    return t;
  }

  // A string or a list of strings: one printed line each.
  std::vector<Text> lines(Fields& f, const std::string& key, bool required) {
    std::vector<Text> out;
    YAML::Node n = f.child(key);
    if (!n.IsDefined() || n.IsNull()) {
      if (required)
        diags_.error("missing-field", f.loc(), f.path(key), "required field is missing",
                     "add `" + key + ": …` (a line of text or a list of lines)");
      return out;
    }
    if (n.IsScalar()) {
      out.push_back(text(f, key, required));
      return out;
    }
    if (!n.IsSequence()) {
      diags_.error("wrong-type", loc_of(n, file_), f.path(key), "expected text or a list of lines",
                   "write one line, or a list with `- ` before each line");
      return out;
    }
    int i = 0;
    for (const auto& x : n) {
      std::string field = f.path(key) + "[" + std::to_string(i++) + "]";
      if (auto s = scalar_string(x, field, file_, diags_)) {
        Text t{text::unescape(text::collapse_spaces(*s)), loc_of(x, file_), field};
        if (t.value.empty())
          diags_.error("empty-field", t.loc, field, "line is empty", "remove the empty line");
        out.push_back(std::move(t));
      }
    }
    if (out.empty() && required)
      diags_.error("empty-field", loc_of(n, file_), f.path(key), "list is empty", "add a line");
    return out;
  }

  RichText rich_from(const YAML::Node& n, const std::string& field, bool allow_fn) {
    RichText r;
    r.loc = loc_of(n, file_);
    r.field = field;
    auto s = scalar_string(n, field, file_, diags_);
    if (!s) return r;
    std::string v = text::collapse_spaces(*s);
    text::Markup m = text::parse_markup(v, allow_fn);
    for (const auto& e : m.errors) {
      std::u32string cps = text::decode(v);
      std::size_t from = e.offset > 12 ? e.offset - 12 : 0;
      std::string ctx = text::encode(cps.substr(from, 30));
      diags_.error("markup", r.loc, field,
                   e.message + " at character " + std::to_string(e.offset + 1) + " (near \"" + ctx + "\")",
                   e.hint);
    }
    r.spans = std::move(m.spans);
    if (r.spans.empty())
      diags_.error("empty-field", r.loc, field, "text is empty", "write the text or remove the field");
    return r;
  }

  RichText rich(Fields& f, const std::string& key, bool required, bool allow_fn = true) {
    YAML::Node n = f.child(key);
    if (!n.IsDefined() || n.IsNull()) {
      if (required)
        diags_.error("missing-field", f.loc(), f.path(key), "required field is missing",
                     "add `" + key + ": …`");
      RichText r;
      r.loc = f.loc();
      r.field = f.path(key);
      return r;
    }
    return rich_from(n, f.path(key), allow_fn);
  }

  void header(Fields& top, Document& d) {
    YAML::Node h = top.child("header");
    if (!h.IsDefined()) {
      diags_.error("missing-field", top.loc(), "header", "required field is missing",
                   "add `header:` with issuer, issuer_code, place (and number, date when issued)");
      return;
    }
    Fields f(h, "header", file_, diags_);
    if (!f.ok()) return;
    d.superior = lines(f, "superior", false);
    d.issuer = lines(f, "issuer", true);
    d.issuer_code = text(f, "issuer_code", true);
    for (char32_t c : text::decode(d.issuer_code.value)) {
      bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == U'Đ' || c == U'đ';
      if (!ok) {
        diags_.error("bad-value", d.issuer_code.loc, d.issuer_code.field,
                     "issuer code \"" + d.issuer_code.value + "\" contains \"" + text::encode(std::u32string(1, c)) + "\"",
                     "use letters, digits and '-' only, e.g. TU, HU, ĐU, UBKTTU");
        break;
      }
    }
    if (f.has("number")) d.number = f.integer("number", false, 1, 999999);
    if (f.has("term")) d.term = text(f, "term", false);
    d.place = text(f, "place", true);
    if (f.has("date")) {
      YAML::Node n = f.child("date");
      if (auto s = f.str("date", false)) {
        d.date = parse_iso_date(*s);
        if (!d.date)
          diags_.error("bad-date", loc_of(n, file_), "header.date",
                       "\"" + *s + "\" is not a real date",
                       "write the date as YYYY-MM-DD, e.g. 2023-03-15");
      }
    }
    f.reject_unknown();
  }

  void title(Fields& top, Document& d) {
    YAML::Node t = top.child("title");
    if (!t.IsDefined()) {
      diags_.error("missing-field", top.loc(), "title", "required field is missing",
                   "add `title:` with `subject:` (the \"về …\" lines)");
      return;
    }
    Fields f(t, "title", file_, diags_);
    if (!f.ok()) return;
    if (f.has("organ_line")) d.organ_line = text(f, "organ_line", false);
    d.subject = lines(f, "subject", false);  // required unless the kind has none: validate_document
    f.reject_unknown();
  }

  std::vector<Block> blocks(const YAML::Node& n, const std::string& path, int depth) {
    std::vector<Block> out;
    if (!n.IsSequence()) {
      diags_.error("wrong-type", loc_of(n, file_), path, "expected a list of blocks",
                   "write each paragraph or item on a line starting with `- `");
      return out;
    }
    if (depth > 8) {
      diags_.error("too-deep", loc_of(n, file_), path, "items are nested more than 8 levels deep",
                   "flatten the structure");
      return out;
    }
    int i = 0;
    for (const auto& b : n) {
      const std::string p = path + "[" + std::to_string(i++) + "]";
      if (b.IsScalar()) {
        out.push_back({Paragraph{rich_from(b, p, true)}});
        continue;
      }
      Fields f(b, p, file_, diags_);
      if (!f.ok()) continue;
      if (f.has("item")) {
        Item it;
        it.loc = f.loc();
        Text num = text(f, "item", true);
        it.number = num.value;
        while (!it.number.empty() && it.number.back() == '.') it.number.pop_back();
        if (f.has("heading")) it.heading = rich(f, "heading", false);
        if (f.has("lead")) it.lead = rich(f, "lead", false);
        if (f.has("text")) it.text = rich(f, "text", false);
        if (!it.heading.empty() && !it.lead.empty())
          diags_.error("conflict", f.loc(), p, "an item has either `heading` (own line) or `lead` (run-in), not both",
                       "keep one of them");
        if (f.has("body")) it.body = blocks(f.child("body"), f.path("body"), depth + 1);
        if (it.heading.empty() && it.lead.empty() && it.text.empty() && it.body.empty())
          diags_.error("empty-item", f.loc(), p, "item " + it.number + " has no text",
                       "add `text:`, `heading:` or `body:`");
        out.push_back({std::move(it)});
      } else if (f.has("note")) {
        Fields nf(f.child("note"), f.path("note"), file_, diags_);
        if (nf.ok()) {
          Note note;
          if (auto m = nf.str("marker", false)) note.marker = *m;
          note.lead = rich(nf, "lead", true);
          if (nf.has("text")) note.text = rich(nf, "text", false);
          nf.reject_unknown();
          out.push_back({std::move(note)});
        }
      } else if (f.has("heading")) {
        out.push_back({Heading{rich(f, "heading", true)}});
      } else if (f.has("section")) {
        Section sec;
        sec.loc = f.loc();
        sec.number = text(f, "section", true).value;
        while (!sec.number.empty() && sec.number.back() == '.') sec.number.pop_back();
        sec.title = rich(f, "title", true);
        out.push_back({std::move(sec)});
      } else if (f.has("table")) {
        if (auto t = table(f.child("table"), f.path("table"))) out.push_back({std::move(*t)});
      } else if (f.has("text")) {
        out.push_back({Paragraph{rich(f, "text", true)}});
      } else {
        diags_.error("unknown-block", f.loc(), p, "block is neither a paragraph, an item nor a note",
                     "write a paragraph as plain text, or use one of: item, note, heading, section, table");
        continue;
      }
      f.reject_unknown();
    }
    return out;
  }

  std::optional<Table> table(const YAML::Node& n, const std::string& path) {
    Fields f(n, path, file_, diags_);
    if (!f.ok()) return std::nullopt;
    Table t;
    t.loc = f.loc();
    auto row_of = [&](const YAML::Node& r, const std::string& rp) {
      std::vector<RichText> cells;
      if (!r.IsSequence()) {
        diags_.error("wrong-type", loc_of(r, file_), rp, "a table row is a list of cells",
                     "write the row as [cell, cell, …]");
        return cells;
      }
      int c = 0;
      for (const auto& cell : r) {
        const std::string cp = rp + "[" + std::to_string(c++) + "]";
        if (cell.IsNull()) {
          cells.push_back(RichText{{}, loc_of(cell, file_), cp});
          continue;
        }
        RichText rt;
        rt.loc = loc_of(cell, file_);
        rt.field = cp;
        if (auto s = scalar_string(cell, cp, file_, diags_)) {
          text::Markup m = text::parse_markup(text::collapse_spaces(*s), false);
          for (const auto& e : m.errors) diags_.error("markup", rt.loc, cp, e.message, e.hint);
          rt.spans = std::move(m.spans);
        }
        cells.push_back(std::move(rt));
      }
      return cells;
    };
    YAML::Node w = f.child("widths");
    if (w.IsSequence()) {
      double sum = 0;
      for (const auto& x : w) {
        double v = 0;
        try {
          v = std::stod(x.Scalar());
        } catch (const std::exception&) {
          v = -1;
        }
        if (!x.IsScalar() || v <= 0) {
          diags_.error("wrong-type", loc_of(x, file_), f.path("widths"),
                       "column widths are positive numbers (percent of the text width)", "e.g. [10, 60, 30]");
          return std::nullopt;
        }
        t.widths.push_back(v);
        sum += v;
      }
      for (double& v : t.widths) v = v * 100 / sum;
    }
    if (f.has("header")) t.header = row_of(f.child("header"), f.path("header"));
    if (YAML::Node al = f.child("align"); al.IsDefined()) {
      if (!al.IsSequence()) {
        diags_.error("wrong-type", loc_of(al, file_), f.path("align"), "expected a list",
                     "e.g. align: [center, left, right]");
      } else {
        for (const auto& a : al) {
          std::string v = a.IsScalar() ? a.Scalar() : "";
          if (v != "left" && v != "center" && v != "right") {
            diags_.error("bad-value", loc_of(a, file_), f.path("align"),
                         "unknown alignment \"" + v + "\"", "use left, center or right");
            v = "left";
          }
          t.align.push_back(v);
        }
      }
    }
    YAML::Node rows = f.child("rows");
    if (!rows.IsSequence() || rows.size() == 0) {
      diags_.error("missing-field", f.loc(), f.path("rows"), "a table needs rows",
                   "add `rows:` with one list of cells per row");
      return std::nullopt;
    }
    int i = 0;
    for (const auto& r : rows) t.rows.push_back(row_of(r, f.path("rows") + "[" + std::to_string(i++) + "]"));
    std::size_t cols = t.widths.empty() ? (t.header.empty() ? t.rows[0].size() : t.header.size()) : t.widths.size();
    if (t.widths.empty())
      t.widths.assign(cols, 100.0 / static_cast<double>(std::max<std::size_t>(cols, 1)));
    auto check = [&](const std::vector<RichText>& r, const std::string& rp) {
      if (r.size() != cols)
        diags_.error("table-shape", r.empty() ? f.loc() : r[0].loc, rp,
                     "row has " + std::to_string(r.size()) + " cells, the table has " + std::to_string(cols) + " columns",
                     "give every row the same number of cells (use ~ for an empty cell)");
    };
    if (!t.header.empty()) check(t.header, f.path("header"));
    if (!t.align.empty() && t.align.size() != cols)
      diags_.error("table-shape", f.loc(), f.path("align"),
                   "align has " + std::to_string(t.align.size()) + " entries, the table has " +
                       std::to_string(cols) + " columns",
                   "give one alignment per column");
    for (std::size_t k = 0; k < t.rows.size(); ++k) check(t.rows[k], f.path("rows") + "[" + std::to_string(k) + "]");
    f.reject_unknown();
    return t;
  }

  void footnotes(Fields& top, Document& d) {
    YAML::Node n = top.child("footnotes");
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
      diags_.error("wrong-type", loc_of(n, file_), "footnotes", "expected a mapping number → text",
                   "write `1: text of footnote 1`");
      return;
    }
    for (const auto& kv : n) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      const std::string field = "footnotes." + key;
      int num = 0;
      bool ok = !key.empty() && key.size() < 6;
      for (char c : key) ok = ok && c >= '0' && c <= '9';
      if (ok) num = std::stoi(key);
      if (!ok || num < 1) {
        diags_.error("bad-key", loc_of(kv.first, file_), field, "footnote keys are numbers from 1",
                     "write `1: …`, `2: …`");
        continue;
      }
      if (d.footnotes.count(num)) {
        diags_.error("duplicate-key", loc_of(kv.first, file_), field,
                     "footnote " + std::to_string(num) + " is defined twice", "keep one definition");
        continue;
      }
      d.footnotes[num] = rich_from(kv.second, field, false);
    }
  }

  void recipients(Fields& top, Document& d) {
    YAML::Node n = top.child("recipients");
    if (!n.IsDefined()) {
      diags_.error("missing-field", top.loc(), "recipients", "required field is missing",
                   "add `recipients:` with `items:` (Nơi nhận) and `archive:` (the \"Lưu …\" line)");
      return;
    }
    Fields f(n, "recipients", file_, diags_);
    if (!f.ok()) return;
    if (f.has("label")) d.recipients_label = text(f, "label", false);
    YAML::Node items = f.child("items");
    if (!items.IsDefined() || !items.IsSequence()) {
      diags_.error(items.IsDefined() ? "wrong-type" : "missing-field",
                   items.IsDefined() ? loc_of(items, file_) : f.loc(), "recipients.items",
                   "a list of recipients is required", "write each recipient on a line starting with `- `");
    } else {
      int i = 0;
      for (const auto& x : items) {
        const std::string p = "recipients.items[" + std::to_string(i++) + "]";
        Recipient r;
        if (x.IsScalar()) {
          if (auto s = scalar_string(x, p, file_, diags_))
            r.text = {text::unescape(text::collapse_spaces(*s)), loc_of(x, file_), p};
        } else {
          Fields rf(x, p, file_, diags_);
          if (!rf.ok()) continue;
          r.text = text(rf, "text", true);
          if (rf.has("purpose")) r.purpose = text(rf, "purpose", false);
          rf.reject_unknown();
        }
        if (r.text.empty()) {
          diags_.error("empty-field", loc_of(x, file_), p, "recipient is empty", "remove the line");
          continue;
        }
        d.recipients.push_back(std::move(r));
      }
    }
    d.archive_line = text(f, "archive", true);
    f.reject_unknown();
  }

  void signature(Fields& top, Document& d) {
    YAML::Node n = top.child("signature");
    if (!n.IsDefined()) {
      diags_.error("missing-field", top.loc(), "signature", "required field is missing",
                   "add `signature:` with authority, collective, position and name");
      return;
    }
    Fields f(n, "signature", file_, diags_);
    if (!f.ok()) return;
    Signature& s = d.signature;
    if (f.has("authority")) s.authority = text(f, "authority", false);
    if (f.has("collective")) s.collective = text(f, "collective", false);
    s.positions = lines(f, "position", true);
    s.name = text(f, "name", true);
    f.reject_unknown();
  }

  std::string file_;
  Diagnostics& diags_;
};

void collect_refs(const RichText& r, std::vector<std::pair<int, SourceLoc>>& out) {
  for (const auto& s : r.spans)
    if (s.footnote) out.push_back({s.footnote, r.loc});
}

void collect_refs(const std::vector<Block>& blocks, std::vector<std::pair<int, SourceLoc>>& out) {
  for (const auto& b : blocks) {
    if (auto* p = std::get_if<Paragraph>(&b.value)) collect_refs(p->text, out);
    if (auto* it = std::get_if<Item>(&b.value)) {
      collect_refs(it->heading, out);
      collect_refs(it->lead, out);
      collect_refs(it->text, out);
      collect_refs(it->body, out);
    }
    if (auto* n = std::get_if<Note>(&b.value)) {
      collect_refs(n->lead, out);
      collect_refs(n->text, out);
    }
  }
}

}  // namespace

std::optional<Document> load_document_bytes(std::string_view content, const std::string& display_name,
                                            Diagnostics& diags);

// Counts nodes depth-first, stopping as soon as the budget is spent or the nesting is deeper
// than any data file needs (so alias cycles end too, without exhausting the stack).
bool within_budget(const YAML::Node& n, std::size_t& budget, int depth = 0) {
  if (budget == 0 || depth > 64) return false;
  --budget;
  if (n.IsSequence()) {
    for (const auto& x : n)
      if (!within_budget(x, budget, depth + 1)) return false;
  } else if (n.IsMap()) {
    for (const auto& kv : n)
      if (!within_budget(kv.first, budget, depth + 1) || !within_budget(kv.second, budget, depth + 1))
        return false;
  }
  return true;
}

std::string Document::term_on(const Date& on) const {
  if (!term.empty()) return term.value;
  auto key = [](const Date& d) { return d.year * 10000 + d.month * 100 + d.day; };
  for (const auto& t : office_terms)
    if (key(t.from) <= key(on) && (!t.to || key(on) <= key(*t.to))) return t.label;
  return {};
}

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  Date d{digits(0, 4), digits(5, 2), digits(8, 2)};
  if (d.year < 1900 || d.year > 2999 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[d.month - 1] + (d.month == 2 && leap(d.year) ? 1 : 0);
  if (d.day > max) return std::nullopt;
  return d;
}

namespace {

// yaml-cpp counts columns in bytes; users count characters ("Thường" is 6, not 9).
void byte_to_char_columns(std::string_view content, const std::string& file, Diagnostics& diags,
                          std::size_t from) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < content.size(); ++i)
    if (content[i] == '\n') starts.push_back(i + 1);
  diags.map_locations(from, [&](SourceLoc& loc) {
    if (loc.file != file || loc.line < 1 || loc.col < 1 ||
        static_cast<std::size_t>(loc.line) > starts.size())
      return;
    const std::size_t begin = starts[loc.line - 1];
    int col = 1;
    for (std::size_t i = begin; i < begin + loc.col - 1 && i < content.size(); ++i)
      if ((static_cast<unsigned char>(content[i]) & 0xC0) != 0x80) ++col;
    loc.col = col;
  });
}

}  // namespace

std::optional<Document> load_document(std::string_view content, const std::string& display_name,
                                      Diagnostics& diags) {
  const std::size_t first = diags.all().size();
  auto doc = load_document_bytes(content, display_name, diags);
  byte_to_char_columns(content, display_name, diags, first);
  return doc;
}

std::optional<Document> load_document_bytes(std::string_view content, const std::string& display_name,
                                            Diagnostics& diags) {
  if (content.size() > kMaxDataFileBytes) {
    diags.error("too-large", {display_name}, "", "the data file is larger than 8 MiB",
                "split the document or remove embedded data");
    return std::nullopt;
  }
  std::size_t bad = 0;
  if (!text::valid_utf8(content, &bad)) {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < bad; ++i) {
      if (content[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;  // a byte column, like yaml-cpp's; load_document turns it into characters
      }
    }
    diags.error("bad-encoding", {display_name, line, col}, "", "the file is not valid UTF-8",
                "save it as UTF-8 (Unicode); legacy TCVN3/VNI encodings are not supported");
    return std::nullopt;
  }
  if (std::size_t nul = content.find('\0'); nul != std::string_view::npos) {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < nul; ++i) {
      if (content[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    diags.error("bad-encoding", {display_name, line, col}, "", "the file contains a NUL byte",
                "this is not a text file; save the document as UTF-8 text");
    return std::nullopt;
  }
  YAML::Node root;
  try {
    // A second YAML document would be ignored by YAML::Load (and YAML::LoadAll can loop forever
    // on some malformed input): a "---" marker at the start of a line after content is an error.
    int line = 1;
    bool content_seen = false;
    for (std::size_t i = 0; i < content.size(); ++line) {
      std::size_t end = content.find('\n', i);
      if (end == std::string_view::npos) end = content.size();
      std::string_view l = content.substr(i, end - i);
      const bool marker = l.rfind("---", 0) == 0 && (l.size() == 3 || l[3] == ' ' || l[3] == '\r');
      if (marker && content_seen) {
        diags.error("several-documents", {display_name, line, 1}, "",
                    "a second YAML document starts here (---)", "put one document per file");
        return std::nullopt;
      }
      if (!l.empty() && l[0] != '#' && !marker && l.find_first_not_of(" \t\r") != std::string_view::npos)
        content_seen = true;
      i = end + 1;
    }
    root = YAML::Load(std::string(content));
    // YAML aliases (*name) can make a small file expand without limit, even into cycles.
    std::size_t budget = kMaxYamlNodes;
    if (!within_budget(root, budget)) {
      diags.error("too-large", {display_name}, "",
                  "the data is nested more than 64 levels deep or expands to more than " +
                      std::to_string(kMaxYamlNodes) + " YAML nodes (through aliases such as *name?)",
                  "write the content out instead of repeating it with anchors and aliases");
      return std::nullopt;
    }
  } catch (const YAML::ParserException& e) {
    diags.error("syntax", {display_name, e.mark.line + 1, e.mark.column + 1}, "",
                "YAML/JSON syntax error: " + e.msg,
                "check the indentation and quoting near this position; quote text that contains ': '");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diags.error("syntax", {display_name}, "", "cannot parse: " + e.msg, "check the file syntax");
    return std::nullopt;
  }
  Diagnostics local;
  std::vector<Term> terms;
  if (root.IsMap() && root["office"] && !apply_office(root, display_name, local, terms)) {
    diags.append(local);
    return std::nullopt;
  }
  auto doc = Loader(display_name, local).load(root);
  if (doc) doc->office_terms = std::move(terms);
  diags.append(local);
  if (local.has_errors()) return std::nullopt;
  return doc;
}

std::optional<Document> load_document_file(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error("io", {path}, "", "cannot open the data file", "check the path and permissions");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_document(ss.str(), path, diags);
}

bool validate_document(const Document& doc, const Profile& profile, Diagnostics& diags) {
  Diagnostics local;
  if (!profile.find_kind(doc.kind.value)) {
    std::string known;
    for (const auto& [code, def] : profile.kinds) known += (known.empty() ? "" : ", ") + code;
    local.error("unknown-kind", doc.kind.loc, "kind",
                "kind \"" + doc.kind.value + "\" is not in profile " + profile.name,
                "use one of: " + known);
  }
  const KindDef* kind = profile.find_kind(doc.kind.value);
  if (kind && !kind->no_subject && doc.subject.empty())
    local.error("missing-field", doc.origin, "title.subject", "the subject (trích yếu) is missing",
                "add `subject: về …` under `title:`");
  std::vector<std::pair<int, SourceLoc>> refs;
  collect_refs(doc.body, refs);
  collect_refs(doc.closing, refs);
  std::set<int> used;
  for (const auto& [n, loc] : refs) {
    if (!doc.footnotes.count(n))
      local.error("undefined-footnote", loc, "footnotes",
                  "footnote [^" + std::to_string(n) + "] is referenced but not defined",
                  "add `" + std::to_string(n) + ": …` under `footnotes:`");
    if (!used.insert(n).second)
      local.error("duplicate-footnote-ref", loc, "footnotes",
                  "footnote [^" + std::to_string(n) + "] is referenced twice",
                  "each footnote is referenced once");
  }
  for (const auto& [n, rt] : doc.footnotes)
    if (!used.count(n))
      local.error("unused-footnote", rt.loc, rt.field,
                  "footnote " + std::to_string(n) + " is never referenced",
                  "add [^" + std::to_string(n) + "] where it belongs in the text, or remove it");
  diags.append(local);
  return !local.has_errors();
}

}  // namespace vanthu::generator
