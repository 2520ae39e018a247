#include "e2e/e2e_util.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace vanthu::e2e {

// ---- processes ---------------------------------------------------------------------------------

namespace {

std::string quote_arg(const std::string& a) {
  if (!a.empty() && a.find_first_of(" \t\n'\"\\$`") == std::string::npos) return a;
  std::string q = "'";
  for (char c : a) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

}  // namespace

RunResult run(const std::vector<std::string>& argv) {
  RunResult r;
  for (const auto& a : argv) r.command += (r.command.empty() ? "" : " ") + quote_arg(a);
  if (argv.empty()) return r;

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return r;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);

  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  pid_t pid = -1;
  int rc = posix_spawnp(&pid, cargv[0], &fa, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    r.err = "cannot start " + argv[0] + ": " + std::strerror(rc);
    return r;
  }

  // Read both pipes until both are closed, so neither can fill up and block the child.
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    int n = poll(fds, 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status))
    r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    r.exit_code = 128 + WTERMSIG(status);
  return r;
}

RunResult run_vanthu(const std::vector<std::string>& args) {
  std::vector<std::string> argv{VANTHU_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

RunResult render(const fs::path& data, const fs::path& out) {
  return run_vanthu({"render", data.string(), "-o", out.string()});
}

// ---- files -------------------------------------------------------------------------------------

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/vanthu-e2e-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr)
    throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + p.string());
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

fs::path seed_path(const std::string& id) {
  return fs::path(VANTHU_TEST_DATA) / "seeds" / (id + ".yaml");
}
fs::path original_path(const std::string& id) {
  return fs::path(VANTHU_TEST_DATA) / "seeds" / "originals" / (id + ".txt");
}
fs::path e2e_data_path(const std::string& name) { return fs::path(VANTHU_TEST_DATA) / "e2e" / name; }

std::optional<fs::path> rendered_pdf(const fs::path& data, std::string* why) {
  static std::mutex mu;
  static TempDir dir;
  static std::map<std::string, std::pair<std::optional<fs::path>, std::string>> cache;
  std::lock_guard lock(mu);
  const std::string key = fs::absolute(data).lexically_normal().string();
  auto it = cache.find(key);
  if (it == cache.end()) {
    fs::path out = dir / ("doc" + std::to_string(cache.size()) + ".pdf");
    RunResult r = render(data, out);
    std::optional<fs::path> result;
    std::string reason;
    if (r.exit_code == 0 && fs::exists(out))
      result = out;
    else
      reason = r.command + " exited with " + std::to_string(r.exit_code) + "; stderr:\n" + r.err;
    it = cache.emplace(key, std::make_pair(result, reason)).first;
  }
  if (why) *why = it->second.second;
  return it->second.first;
}

// ---- text --------------------------------------------------------------------------------------

namespace {

std::string normalize_with(const icu::Normalizer2* n, std::string_view s) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString o = n->normalize(u, st);
  if (U_FAILURE(st)) throw std::runtime_error("ICU normalisation failed");
  std::string out;
  o.toUTF8String(out);
  return out;
}

const icu::Normalizer2* nfc_instance() {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) throw std::runtime_error("no ICU NFC instance");
  return n;
}

const icu::Normalizer2* nfd_instance() {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(st);
  if (U_FAILURE(st)) throw std::runtime_error("no ICU NFD instance");
  return n;
}

}  // namespace

std::string nfc(std::string_view s) { return normalize_with(nfc_instance(), s); }
std::string nfd(std::string_view s) { return normalize_with(nfd_instance(), s); }

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> cps;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, c);
    cps.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return cps;
}

std::string utf8(char32_t cp) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(cp)).toUTF8String(out);
  return out;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  for (char32_t c : code_points(nfc(s))) {
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += utf8(c);
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::string collapse_ws(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char32_t c : code_points(s)) {
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += utf8(c);
  }
  return out;
}

std::string normalize_text(std::string_view s) { return collapse_ws(nfc(s)); }

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

std::vector<std::string> comparison_tokens(std::string_view text) {
  std::vector<std::string> split;
  for (auto& w : split_words(text)) {
    std::size_t h = 0;
    while (h < w.size() && w[h] == '-') ++h;
    if (h >= 2 && h < w.size()) {
      split.push_back(w.substr(0, h));
      split.push_back(w.substr(h));
    } else {
      split.push_back(w);
    }
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < split.size(); ++i) {
    std::string w = split[i];
    bool only_hyphens = w.find_first_not_of('-') == std::string::npos;
    while (w.size() > 1 && w.back() == '-' && !only_hyphens && i + 1 < split.size()) {
      w += split[++i];
      only_hyphens = false;
    }
    out.push_back(std::move(w));
  }
  return out;
}

InOrderMatch match_in_order(const std::vector<std::string>& needle,
                            const std::vector<std::string>& hay, std::size_t max_reported) {
  InOrderMatch m;
  const std::size_t n = needle.size(), h = hay.size();
  // lcs[i][j] = LCS length of needle[i..] and hay[j..]; (n+1)(h+1) cells.
  std::vector<uint32_t> lcs((n + 1) * (h + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> uint32_t& { return lcs[i * (h + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = h; j-- > 0;)
      at(i, j) = needle[i] == hay[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));

  // Walk the alignment; remember for each missing word where in `hay` it should have been.
  std::vector<std::size_t> hay_pos;
  std::size_t i = 0, j = 0;
  while (i < n) {
    if (j < h && needle[i] == hay[j] && at(i, j) == at(i + 1, j + 1) + 1) {
      ++i;
      ++j;
    } else if (j < h && at(i, j + 1) == at(i, j)) {
      ++j;
    } else {
      m.missing.push_back(i);
      hay_pos.push_back(j);
      ++i;
    }
  }
  if (m.missing.empty()) return m;

  std::ostringstream os;
  os << m.missing.size() << " of " << n << " original words are missing from the extracted text"
     << " (or out of order):\n";
  for (std::size_t k = 0; k < m.missing.size() && k < max_reported; ++k) {
    std::size_t w = m.missing[k], p = hay_pos[k];
    os << "  word #" << w << " \"" << needle[w] << "\"\n"
       << "    original : … " << join(needle, w >= 8 ? w - 8 : 0, w) << " [" << needle[w] << "] "
       << join(needle, w + 1, w + 9) << " …\n"
       << "    extracted: … " << join(hay, p >= 8 ? p - 8 : 0, p) << " [HERE] "
       << join(hay, p, p + 8) << " …\n";
  }
  if (m.missing.size() > max_reported)
    os << "  … and " << (m.missing.size() - max_reported) << " more\n";
  m.report = os.str();
  return m;
}

// ---- PDF tools ---------------------------------------------------------------------------------

RunResult pdftotext(const fs::path& pdf, int first, int last) {
  std::vector<std::string> argv{"pdftotext"};
  if (first > 0) argv.insert(argv.end(), {"-f", std::to_string(first)});
  if (last > 0) argv.insert(argv.end(), {"-l", std::to_string(last)});
  argv.insert(argv.end(), {pdf.string(), "-"});
  return run(argv);
}

namespace {

std::string decode_entities(std::string s) {
  static const std::pair<const char*, const char*> ents[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (auto [from, to] : ents) {
    std::size_t pos = 0;
    const std::size_t fl = std::strlen(from);
    while ((pos = s.find(from, pos)) != std::string::npos) {
      s.replace(pos, fl, to);
      pos += std::strlen(to);
    }
  }
  return s;
}

}  // namespace

std::optional<std::vector<BoxPage>> pdftotext_bbox(const fs::path& pdf, std::string* why) {
  RunResult r = run({"pdftotext", "-bbox", pdf.string(), "-"});
  if (r.exit_code != 0) {
    if (why) *why = r.command + " exited with " + std::to_string(r.exit_code) + ": " + r.err;
    return std::nullopt;
  }
  static const std::regex page_re(R"re(<page width="([0-9.]+)" height="([0-9.]+)">)re");
  static const std::regex word_re(
      R"re(<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">(.*)</word>)re");
  std::vector<BoxPage> pages;
  std::istringstream in(r.out);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, page_re)) {
      pages.push_back({std::stod(m[1]), std::stod(m[2]), {}});
    } else if (std::regex_search(line, m, word_re)) {
      if (pages.empty()) {
        if (why) *why = "a <word> before any <page> in pdftotext -bbox output";
        return std::nullopt;
      }
      pages.back().words.push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[3]),
                                    std::stod(m[4]), nfc(decode_entities(m[5]))});
    }
  }
  if (pages.empty()) {
    if (why) *why = "no <page> in pdftotext -bbox output";
    return std::nullopt;
  }
  return pages;
}

std::optional<std::vector<FontRow>> pdffonts(const fs::path& pdf, std::string* why) {
  RunResult r = run({"pdffonts", pdf.string()});
  if (r.exit_code != 0) {
    if (why) *why = r.command + " exited with " + std::to_string(r.exit_code) + ": " + r.err;
    return std::nullopt;
  }
  std::vector<FontRow> rows;
  std::istringstream in(r.out);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (++n <= 2) continue;  // the header and the "-----" line
    std::istringstream ls(line);
    std::vector<std::string> t;
    for (std::string w; ls >> w;) t.push_back(w);
    // name type… encoding emb sub uni objnum gen; the type may hold spaces ("CID TrueType").
    if (t.size() < 7) {
      if (why) *why = "unexpected pdffonts line: " + line;
      return std::nullopt;
    }
    const std::size_t k = t.size();
    FontRow f;
    f.name = t[0];
    for (std::size_t i = 1; i + 6 < k; ++i) f.type += (f.type.empty() ? "" : " ") + t[i];
    f.encoding = t[k - 6];
    f.emb = t[k - 5] == "yes";
    f.sub = t[k - 4] == "yes";
    f.uni = t[k - 3] == "yes";
    rows.push_back(f);
  }
  return rows;
}

int page_count(const fs::path& pdf) {
  RunResult r = run({"pdfinfo", pdf.string()});
  if (r.exit_code != 0) return -1;
  static const std::regex re(R"(\nPages:\s+(\d+))");
  std::smatch m;
  std::string text = "\n" + r.out;
  if (!std::regex_search(text, m, re)) return -1;
  return std::stoi(m[1]);
}

}  // namespace vanthu::e2e
