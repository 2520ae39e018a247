// Inline markup parser. Asterisk runs toggle styles, except a run with white space (or the
// string edge) on both sides, which is literal so that "3 * 4" needs no escaping.
#include "text/markup.h"

#include "text/unicode.h"

namespace vanthu::text {

namespace {

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }

class Parser {
 public:
  Parser(std::u32string in, bool allow_fn) : in_(std::move(in)), allow_fn_(allow_fn) {}

  Markup run() {
    std::size_t i = 0;
    while (i < in_.size()) {
      const char32_t c = in_[i];
      if (c == '\\' && i + 1 < in_.size()) {
        cur_.push_back(in_[i + 1]);
        i += 2;
      } else if (c == '*') {
        std::size_t n = 0;
        while (i + n < in_.size() && in_[i + n] == '*') ++n;
        const bool space_before = i == 0 || is_space(in_[i - 1]);
        const bool space_after = i + n >= in_.size() || is_space(in_[i + n]);
        if ((space_before && space_after) || n > 3) {
          cur_.append(n, U'*');
        } else {
          toggle(n, i);
        }
        i += n;
      } else if (c == '[' && i + 1 < in_.size() && in_[i + 1] == '^') {
        std::size_t j = i + 2;
        int num = 0;
        while (j < in_.size() && in_[j] >= '0' && in_[j] <= '9' && num < 100000) {
          num = num * 10 + static_cast<int>(in_[j] - '0');
          ++j;
        }
        if (j > i + 2 && j < in_.size() && in_[j] == ']' && num > 0) {
          if (!allow_fn_) {
            out_.errors.push_back({i, "footnote reference inside a footnote",
                                   "footnotes cannot refer to other footnotes; remove [^" +
                                       std::to_string(num) + "]"});
          } else {
            flush();
            out_.spans.push_back({"", bold_, italic_, num});
          }
          i = j + 1;
        } else {
          out_.errors.push_back({i, "malformed footnote reference",
                                 "write [^1], [^2] …, or \\[ for a literal bracket"});
          cur_.push_back(c);
          ++i;
        }
      } else {
        cur_.push_back(c);
        ++i;
      }
    }
    flush();
    if (bold_)
      out_.errors.push_back({bold_at_, "bold (**) is opened but never closed",
                             "close it with ** or write \\* for a literal asterisk"});
    if (italic_)
      out_.errors.push_back({italic_at_, "italic (*) is opened but never closed",
                             "close it with * or write \\* for a literal asterisk"});
    return std::move(out_);
  }

 private:
  void toggle(std::size_t n, std::size_t at) {
    flush();
    if (n == 3) {
      if (bold_ != italic_) {
        out_.errors.push_back(
            {at, "*** closes only one of bold and italic",
             "close them separately (** and *) or open them together with ***"});
      }
      flip_bold(at);
      flip_italic(at);
    } else if (n == 2) {
      flip_bold(at);
    } else {
      flip_italic(at);
    }
  }
  void flip_bold(std::size_t at) {
    bold_ = !bold_;
    bold_at_ = at;
  }
  void flip_italic(std::size_t at) {
    italic_ = !italic_;
    italic_at_ = at;
  }
  void flush() {
    if (cur_.empty()) return;
    std::string t = encode(cur_);
    if (!out_.spans.empty() && out_.spans.back().footnote == 0 && out_.spans.back().bold == bold_ &&
        out_.spans.back().italic == italic_) {
      out_.spans.back().text += t;
    } else {
      out_.spans.push_back({std::move(t), bold_, italic_, 0});
    }
    cur_.clear();
  }

  std::u32string in_;
  bool allow_fn_;
  Markup out_;
  std::u32string cur_;
  bool bold_ = false, italic_ = false;
  std::size_t bold_at_ = 0, italic_at_ = 0;
};

}  // namespace

Markup parse_markup(std::string_view s, bool allow_footnotes) {
  return Parser(decode(s), allow_footnotes).run();
}

std::string plain_text(const std::vector<Span>& spans) {
  std::string out;
  for (const auto& sp : spans) out += sp.text;
  return out;
}

}  // namespace vanthu::text
