// render_bench: in-process rendering figures for vanthu.
//
// One process, one vanthu::generator::Renderer reused for every document (as a server would).
// For each data file it prints:
//   - whole render (Renderer::render_file: load + validate + compose + paginate + write PDF):
//     median / p90 / min ms per render (wall clock, and this thread's CPU time), documents/s,
//     pages/s, PDF size;
//   - the stage split, calling the stages directly (load_document_file + validate_document,
//     Composer::compose, paginate, write_pdf with its own FontSet);
//   - libharu's HPDF_GetFont(..., "UTF-8") timed alone, once per face the document uses (the
//     per-document font set-up that write_pdf pays; docs/benchmarks.md);
//   - peak RSS (getrusage ru_maxrss).
// It first prints the exact command line and the machine. Every figure is given as wall time and
// as thread CPU time: on a busy machine (other jobs on the same cores) the CPU figures are the
// stable ones.
//
//   render_bench [--runs N] [--warmup N] [--out DIR] [--fresh] [DATA.yaml ...]
//   --fresh: a new Renderer per render (also the fallback when a reused Renderer fails)
//   (default files: tests/data/seeds/000.yaml and 002.yaml of the source tree)
#include <hpdf.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/service.h"
#include "generator/layout/composer.h"
#include "generator/layout/paginator.h"
#include "generator/load/loader.h"
#include "generator/pdf/font_set.h"
#include "generator/pdf/pdf_writer.h"
#include "generator/render.h"

namespace {

namespace gen = vanthu::generator;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Wall and thread-CPU stopwatch.
struct Mark {
  Clock::time_point wall = Clock::now();
  double cpu = thread_cpu_ms();
};
struct Lap {
  double wall = 0, cpu = 0;
};
Lap lap(Mark& m) {  // time since m, and restart m
  Mark now;
  Lap l{std::chrono::duration<double, std::milli>(now.wall - m.wall).count(), now.cpu - m.cpu};
  m = now;
  return l;
}

struct Stats {
  double median = 0, p90 = 0, min = 0, max = 0, mean = 0;
};

Stats stats_of(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  s.p90 = v[static_cast<size_t>(std::ceil(0.9 * static_cast<double>(n))) - 1];  // nearest rank
  s.min = v.front();
  s.max = v.back();
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(n);
  return s;
}

long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;  // KiB on Linux
}


std::string first_line_with(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {
      auto colon = line.find(':');
      std::string v = colon == std::string::npos ? line : line.substr(colon + 1);
      v.erase(0, v.find_first_not_of(" \t"));
      return v;
    }
  return "?";
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./=:,+@%") == std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

void print_header(int argc, char** argv) {
  std::string cmd;
  for (int i = 0; i < argc; ++i) cmd += (i ? " " : "") + shell_quote(argv[i]);
  std::error_code ec;
  std::cout << "# render_bench\n"
            << "command: " << cmd << "\n"
            << "cwd: " << std::filesystem::current_path(ec).string() << "\n";
  utsname u{};
  uname(&u);
  std::cout << "machine: nproc " << sysconf(_SC_NPROCESSORS_ONLN) << "; CPU "
            << first_line_with("/proc/cpuinfo", "model name") << "; memory "
            << first_line_with("/proc/meminfo", "MemTotal") << "; " << u.sysname << " "
            << u.release << " " << u.machine << "; OS "
            << first_line_with("/etc/debian_version", "") << " (Debian)\n"
            << "load average at start: " << first_line_with("/proc/loadavg", "") << "\n"
            << "build: " << VANTHU_BUILD_TYPE << ", compiler " << __VERSION__ << ", libharu "
            << HPDF_VERSION_TEXT << "\n";
}

// libharu error handler for the GetFont probe: record, never longjmp.
void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
  auto* e = static_cast<std::pair<unsigned long, unsigned long>*>(user);
  e->first = error;
  e->second = detail;
}

// Times HPDF_GetFont(doc, face, "UTF-8") alone, per face, on a reused handle set up the way the
// PdfWriter sets up each document (HPDF_NewDoc, compression, UTF-8 encoder).
class GetFontProbe {
 public:
  explicit GetFontProbe(const std::string& fonts_dir) {
    pdf_ = HPDF_New(on_hpdf_error, &err_);
    if (!pdf_) throw std::runtime_error("HPDF_New failed");
    HPDF_UseUTFEncodings(pdf_);
    const char* files[4] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                            "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"};
    for (int i = 0; i < 4; ++i) {
      const char* n = HPDF_LoadTTFontFromFile(pdf_, (fonts_dir + "/" + files[i]).c_str(), HPDF_TRUE);
      if (!n) throw std::runtime_error(std::string("cannot load ") + files[i]);
      names_[i] = n;
    }
  }
  ~GetFontProbe() { HPDF_Free(pdf_); }
  GetFontProbe(const GetFontProbe&) = delete;
  GetFontProbe& operator=(const GetFontProbe&) = delete;

  // One document's font set-up for the given faces; returns the time spent in HPDF_GetFont.
  Lap run(const std::set<int>& faces) {
    // HPDF_NewDoc keeps the loaded font definitions and the registered encoders (so the UTF
    // encodings are registered once, in the constructor: registering them again is an error).
    HPDF_NewDoc(pdf_);
    HPDF_SetCompressionMode(pdf_, HPDF_COMP_ALL);
    HPDF_SetCurrentEncoder(pdf_, "UTF-8");
    Mark m;
    for (int f : faces)
      if (!HPDF_GetFont(pdf_, names_[f].c_str(), "UTF-8"))
        throw std::runtime_error("HPDF_GetFont failed: " + std::to_string(err_.first));
    return lap(m);
  }

 private:
  HPDF_Doc pdf_ = nullptr;
  std::pair<unsigned long, unsigned long> err_{0, 0};
  std::string names_[4];
};

struct Row {
  std::string name;
  int pages = 0;
  size_t bytes = 0;
  int faces = 0;
  // each stage: wall (.first) and thread CPU (.second) statistics, ms
  std::pair<Stats, Stats> total, load, compose, paginate, write, getfont, fontset;
  double docs_per_s = 0;
  long rss_kib = 0;  // peak RSS after this document's whole renders
  std::string pdf;
  bool same_pdf = false;
};

struct Series {
  std::vector<double> wall, cpu;
  void add(const Lap& l) {
    wall.push_back(l.wall);
    cpu.push_back(l.cpu);
  }
  std::pair<Stats, Stats> stats() const { return {stats_of(wall), stats_of(cpu)}; }
};

std::string fmt(double v, int prec = 2) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, v);
  return b;
}

[[noreturn]] void usage(const char* msg) {
  std::cerr << "render_bench: " << msg
            << "\nusage: render_bench [--runs N] [--warmup N] [--out DIR] [--fresh] [DATA.yaml ...]\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 200, warmup = 10;
  bool reuse = true;
  std::string out_dir;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& opt) -> std::string {
      if (a.rfind(opt + "=", 0) == 0) return a.substr(opt.size() + 1);
      if (i + 1 >= argc) usage((opt + " needs a value").c_str());
      return argv[++i];
    };
    if (a == "--runs" || a.rfind("--runs=", 0) == 0) {
      runs = std::atoi(value("--runs").c_str());
    } else if (a == "--warmup" || a.rfind("--warmup=", 0) == 0) {
      warmup = std::atoi(value("--warmup").c_str());
    } else if (a == "--out" || a.rfind("--out=", 0) == 0) {
      out_dir = value("--out");
    } else if (a == "--fresh") {
      reuse = false;
    } else if (a == "-h" || a == "--help") {
      usage("in-process rendering benchmark");
    } else if (!a.empty() && a[0] == '-') {
      usage(("unknown option " + a).c_str());
    } else {
      files.push_back(a);
    }
  }
  if (runs < 1 || warmup < 0) usage("--runs must be >= 1 and --warmup >= 0");
  if (files.empty())
    files = {std::string(VANTHU_SOURCE_DIR) + "/tests/data/seeds/000.yaml",
             std::string(VANTHU_SOURCE_DIR) + "/tests/data/seeds/002.yaml"};

  print_header(argc, argv);
  std::cout << "runs: " << runs << " timed renders per document after " << warmup
            << " untimed; medians unless marked\n";
  const long rss_start = peak_rss_kib();

  const std::string data_dir = gen::find_data_dir();
  const std::string fonts_dir = data_dir + "/fonts";
  std::cout << "data dir: " << data_dir << "\n";

  // A server keeps one Renderer (fonts and profiles loaded once) for every document. Check that
  // it can render a second document; if it cannot, measure with a fresh Renderer per render
  // instead and say so (the figures then include loading the fonts, timed on its own below).
  std::string reuse_error;
  if (reuse) {
    try {
      gen::Renderer r(data_dir);
      for (int i = 0; i < 2; ++i) {
        vanthu::Diagnostics diags;
        if (!r.render_file(files.front(), diags))
          throw std::runtime_error("render failed:\n" + diags.format());
      }
    } catch (const std::exception& e) {
      reuse = false;
      reuse_error = e.what();
    }
  }
  if (reuse) {
    std::cout << "mode: one Renderer reused for every render (fonts and profiles loaded once)\n";
  } else if (!reuse_error.empty()) {
    std::cout << "mode: FALLBACK, a fresh Renderer per render: a reused Renderer failed on its second "
                 "render (\"" << reuse_error << "\"); the figures include loading the four fonts "
                 "(FontSet construction, timed separately below)\n";
    std::cout << std::flush;
    std::cerr << "render_bench: WARNING: a reused Renderer fails on its second render: " << reuse_error
              << "; measuring with a fresh Renderer per render\n";
  } else {
    std::cout << "mode: a fresh Renderer per render (--fresh)\n";
  }

  auto renderer = std::make_unique<gen::Renderer>(data_dir);  // reused unless !reuse

  std::vector<Row> rows;
  long rss_render = 0;
  try {
    // --- pass 1: whole renders of every document, through the Renderer (nothing else loaded,
    // so the peak RSS after it is what a rendering process needs).
    for (const auto& file : files) {
      Row row;
      row.name = std::filesystem::path(file).filename().string();
      auto render_once = [&]() {
        vanthu::Diagnostics diags;
        if (!reuse) renderer = std::make_unique<gen::Renderer>(data_dir);
        auto r = renderer->render_file(file, diags);
        if (!r) throw std::runtime_error(file + ": render failed:\n" + diags.format());
        row.pages = r->pages;
        row.pdf = std::move(r->pdf);
      };
      for (int i = 0; i < warmup; ++i) render_once();
      Series total;
      const auto wall0 = Clock::now();
      for (int i = 0; i < runs; ++i) {
        Mark m;
        render_once();
        total.add(lap(m));
      }
      const double wall = ms_since(wall0);
      row.docs_per_s = runs * 1000.0 / wall;
      row.total = total.stats();
      row.bytes = row.pdf.size();
      row.rss_kib = peak_rss_kib();
      if (!out_dir.empty()) {
        std::filesystem::create_directories(out_dir);
        std::ofstream(std::filesystem::path(out_dir) / (std::filesystem::path(file).stem().string() + ".pdf"),
                      std::ios::binary)
            << row.pdf;
      }
      rows.push_back(std::move(row));
    }
    rss_render = peak_rss_kib();

    // --- pass 2: stage split, the same pipeline as Renderer::render, one stage at a time, with
    // its own FontSet and profile cache; then the HPDF_GetFont probe.
    gen::Renderer profile_cache(data_dir);  // the stage split's profiles, loaded once
    auto stage_fonts = std::make_unique<gen::FontSet>(fonts_dir);
    GetFontProbe probe(fonts_dir);
    for (size_t k = 0; k < files.size(); ++k) {
      const std::string& file = files[k];
      Row& row = rows[k];
      Series t_load, t_compose, t_paginate, t_write, t_getfont, t_fontset;
      std::string stage_pdf;
      std::set<int> faces;
      for (int i = -warmup; i < runs; ++i) {
        vanthu::Diagnostics diags;
        Mark m;
        if (!reuse) {  // not part of any stage: a reused Renderer does this once
          stage_fonts.reset();
          stage_fonts = std::make_unique<gen::FontSet>(fonts_dir);
          const Lap f = lap(m);
          if (i >= 0) t_fontset.add(f);
        }
        m = Mark();
        auto doc = gen::load_document_file(file, diags);
        if (!doc) throw std::runtime_error(file + ": load failed:\n" + diags.format());
        const gen::Profile* prof = profile_cache.profile(doc->profile, diags, doc->profile_loc);
        if (!prof || !gen::validate_document(*doc, *prof, diags))
          throw std::runtime_error(file + ": validation failed:\n" + diags.format());
        const Lap a = lap(m);

        gen::Composer composer(*prof, *stage_fonts, diags);
        gen::VList list = composer.compose(*doc);
        if (diags.has_errors()) throw std::runtime_error(file + ": compose failed:\n" + diags.format());
        const Lap b = lap(m);

        gen::LaidOut laid = gen::paginate(list, *prof, *stage_fonts);
        const Lap c = lap(m);

        stage_pdf = gen::write_pdf(laid, *stage_fonts);
        const Lap d = lap(m);

        if (faces.empty())
          for (const auto& page : laid.pages)
            for (const auto& run : page.runs) faces.insert(static_cast<int>(run.face));
        const Lap g = probe.run(faces);
        if (i >= 0) {
          t_load.add(a);
          t_compose.add(b);
          t_paginate.add(c);
          t_write.add(d);
          t_getfont.add(g);
        }
      }
      row.load = t_load.stats();
      row.compose = t_compose.stats();
      row.paginate = t_paginate.stats();
      row.write = t_write.stats();
      row.getfont = t_getfont.stats();
      row.fontset = t_fontset.stats();
      row.faces = static_cast<int>(faces.size());
      row.same_pdf = stage_pdf == row.pdf;
    }
  } catch (const std::exception& e) {
    std::cerr << "render_bench: " << e.what() << "\n";
    return 1;
  }

  std::cout << "\n## Whole render (Renderer::render_file"
            << (reuse ? ", one Renderer reused" : ", a FRESH Renderer per render") << "), ms per document\n\n"
            << "| doc | pages | median ms | p90 ms | min ms | CPU ms median | CPU ms p90 | docs/s | pages/s "
               "| PDF bytes | PDF KiB |\n"
            << "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    std::cout << "| " << r.name << " | " << r.pages << " | " << fmt(r.total.first.median) << " | "
              << fmt(r.total.first.p90) << " | " << fmt(r.total.first.min) << " | "
              << fmt(r.total.second.median) << " | " << fmt(r.total.second.p90) << " | "
              << fmt(r.docs_per_s, 1) << " | " << fmt(r.docs_per_s * r.pages, 1) << " | " << r.bytes
              << " | " << fmt(static_cast<double>(r.bytes) / 1024.0, 1) << " |\n";
  std::cout << "\nms = wall clock; CPU ms = this thread's CPU time. docs/s and pages/s = timed renders /\n"
               "wall time of the timed loop (one thread); 1000 / CPU ms median is the rate on an idle core.\n";

  auto split = [&](bool cpu) {
    std::cout << "\n## Stage split (stages called directly), median " << (cpu ? "CPU" : "wall")
              << " ms per document (share of the sum)\n\n"
              << "| doc | load+validate | compose | paginate | write PDF | sum | HPDF_GetFont (probe) |\n"
              << "|---|---|---|---|---|---|---|\n";
    for (const auto& r : rows) {
      auto med = [&](const std::pair<Stats, Stats>& s) { return cpu ? s.second.median : s.first.median; };
      const double sum = med(r.load) + med(r.compose) + med(r.paginate) + med(r.write);
      auto cell = [&](const std::pair<Stats, Stats>& s) {
        return fmt(med(s)) + " (" + fmt(100 * med(s) / sum, 0) + " %)";
      };
      std::cout << "| " << r.name << " | " << cell(r.load) << " | " << cell(r.compose) << " | "
                << cell(r.paginate) << " | " << cell(r.write) << " | " << fmt(sum) << " | "
                << fmt(med(r.getfont)) << " for " << r.faces << " faces = "
                << fmt(med(r.getfont) / std::max(1, r.faces)) << " per face ("
                << fmt(100 * med(r.getfont) / sum, 0) << " % of the sum) |\n";
    }
  };
  split(false);
  split(true);
  std::cout << "\np90 wall / CPU ms:\n";
  for (const auto& r : rows) {
    auto p = [](const std::pair<Stats, Stats>& s) { return fmt(s.first.p90) + " / " + fmt(s.second.p90); };
    std::cout << "  " << r.name << ": load+validate " << p(r.load) << ", compose " << p(r.compose)
              << ", paginate " << p(r.paginate) << ", write " << p(r.write) << ", GetFont probe "
              << p(r.getfont) << "\n";
  }
  if (!reuse) {
    std::cout << "\nFontSet construction (four TTFs loaded; a reused Renderer does it once), median wall / CPU ms:";
    for (const auto& r : rows)
      std::cout << " " << r.name << " " << fmt(r.fontset.first.median) << " / " << fmt(r.fontset.second.median);
    std::cout << "\n";
  }
  std::cout << "\nThe GetFont probe times HPDF_GetFont(.., \"UTF-8\") alone on a separate reused libharu handle,\n"
               "once per face the document uses; write_pdf makes the same calls (not timed inside it).\n";
  for (const auto& r : rows)
    std::cout << "stage-split PDF identical to Renderer output (" << r.name << "): " << (r.same_pdf ? "yes" : "no")
              << "\n";

  std::cout << "\n## Memory\n\npeak RSS (ru_maxrss): at start " << rss_start << " KiB";
  for (const auto& r : rows) std::cout << "; after the renders of " << r.name << " " << r.rss_kib << " KiB";
  std::cout << "\n  = " << fmt(rss_render / 1024.0, 1) << " MiB for rendering all the documents "
            << (reuse ? "with one Renderer" : "(a fresh Renderer each time)")
            << "; final, after the stage split (a second FontSet and the probe's libharu handle "
               "loaded too): "
            << peak_rss_kib() << " KiB\n";

  // One machine-readable line per document, for scripts (medians; *_cpu_ms = thread CPU time).
  std::cout << "\n";
  for (const auto& r : rows)
    std::cout << "RESULT doc=" << r.name << " pages=" << r.pages << " bytes=" << r.bytes
              << " median_ms=" << fmt(r.total.first.median, 3) << " p90_ms=" << fmt(r.total.first.p90, 3)
              << " cpu_ms=" << fmt(r.total.second.median, 3) << " cpu_p90_ms=" << fmt(r.total.second.p90, 3)
              << " docs_per_s=" << fmt(r.docs_per_s, 2) << " pages_per_s=" << fmt(r.docs_per_s * r.pages, 2)
              << " load_ms=" << fmt(r.load.first.median, 3) << " compose_ms=" << fmt(r.compose.first.median, 3)
              << " paginate_ms=" << fmt(r.paginate.first.median, 3) << " write_ms=" << fmt(r.write.first.median, 3)
              << " getfont_ms=" << fmt(r.getfont.first.median, 3)
              << " load_cpu_ms=" << fmt(r.load.second.median, 3)
              << " compose_cpu_ms=" << fmt(r.compose.second.median, 3)
              << " paginate_cpu_ms=" << fmt(r.paginate.second.median, 3)
              << " write_cpu_ms=" << fmt(r.write.second.median, 3)
              << " getfont_cpu_ms=" << fmt(r.getfont.second.median, 3) << " faces=" << r.faces
              << " reuse=" << (reuse ? 1 : 0) << " fontset_ms=" << fmt(r.fontset.first.median, 3)
              << " fontset_cpu_ms=" << fmt(r.fontset.second.median, 3) << " peak_rss_kib=" << rss_render << "\n";
  return 0;
}
