// Service operations on data given as text (the web form and the JSON API) and page images of
// a PDF for previews. Text goes through the same loader as files: it is written to a private
// temporary file first, so every feature still exists once.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "app/file_io.h"
#include "app/service.h"

namespace vanthu::app {

namespace fs = std::filesystem;

namespace {

// A directory of its own under $TMPDIR, removed with its contents on destruction.
class PrivateDir {
 public:
  PrivateDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/vanthu-data-XXXXXX";
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a temporary directory under " + pattern);
    path_ = pattern;
  }
  ~PrivateDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A plain file name: no directories, no leading dot; anything else becomes "data.yaml".
std::string safe_name(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos || name.find('\0') != std::string::npos ||
      name.size() > 200)
    return "data.yaml";
  return name;
}

// Diagnostics name `shown` instead of the temporary path.
void rename_file(Diagnostics& diags, const std::string& temp_path, const std::string& shown) {
  diags.map_locations(0, [&](SourceLoc& loc) {
    if (loc.file == temp_path) loc.file = shown;
  });
}

std::mutex poppler_mutex;  // Poppler's global state is not documented as thread-safe

void put_be32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_be32(out, static_cast<uint32_t>(data.size()));
  const std::size_t start = out.size();
  out.append(type, 4);
  out += data;
  const auto* p = reinterpret_cast<const Bytef*>(out.data() + start);
  put_be32(out, static_cast<uint32_t>(crc32(0, p, static_cast<uInt>(out.size() - start))));
}

// A PNG (RGB, 8 bits, no filter) of a Poppler ARGB32 image, deflated at level 1: Poppler's own
// writer compresses at the highest level, which took 4/5 of a preview's time.
std::string encode_png(const poppler::image& img) {
  const int w = img.width(), h = img.height();
  std::string raw;
  raw.reserve(static_cast<std::size_t>(h) * (1 + 3 * static_cast<std::size_t>(w)));
  const char* data = img.const_data();
  for (int y = 0; y < h; ++y) {
    raw += '\0';  // filter type 0
    const auto* row = reinterpret_cast<const unsigned char*>(data + y * img.bytes_per_row());
    for (int x = 0; x < w; ++x) {
      raw += static_cast<char>(row[4 * x + 2]);  // ARGB32 is B, G, R, A in memory
      raw += static_cast<char>(row[4 * x + 1]);
      raw += static_cast<char>(row[4 * x + 0]);
    }
  }
  uLongf zlen = compressBound(static_cast<uLong>(raw.size()));
  std::string z(zlen, '\0');
  if (compress2(reinterpret_cast<Bytef*>(z.data()), &zlen,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                1) != Z_OK)
    throw std::runtime_error("zlib cannot compress a page image");
  z.resize(zlen);
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_be32(ihdr, static_cast<uint32_t>(w));
  put_be32(ihdr, static_cast<uint32_t>(h));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter, no interlace
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", z);
  put_chunk(png, "IEND", "");
  return png;
}

}  // namespace

RenderResult Service::render_text(const std::string& data, const std::string& name) {
  RenderResult r;
  try {
    PrivateDir dir;
    const std::string shown = safe_name(name);
    const std::string path = (dir.path() / shown).string();
    write_file_atomic(path, data);
    r = render_file(path);
    rename_file(r.diags, path, shown);
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

IssueResult Service::issue_text(const std::string& data, const std::string& name,
                                const std::string& archive, const generator::Date& today) {
  IssueResult r;
  try {
    PrivateDir dir;
    const std::string shown = safe_name(name);
    const std::string path = (dir.path() / shown).string();
    write_file_atomic(path, data);
    r = issue(path, archive, today);
    rename_file(r.diags, path, shown);
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

std::optional<generator::Form> Service::form(const std::string& name, Diagnostics& diags) {
  return generator::load_form(renderer_.forms_dir(), name, diags);
}

std::vector<std::string> Service::page_images(const std::string& pdf, double dpi, int max_pages,
                                              std::string& error) {
  std::vector<poppler::image> images;
  {
    std::lock_guard<std::mutex> lock(poppler_mutex);
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    if (!doc) {
      error = "Poppler cannot read the PDF";
      return {};
    }
    poppler::page_renderer pr;
    pr.set_render_hints(poppler::page_renderer::antialiasing |
                        poppler::page_renderer::text_antialiasing |
                        poppler::page_renderer::text_hinting);
    pr.set_image_format(poppler::image::format_argb32);
    const int n = std::min(doc->pages(), max_pages);
    for (int i = 0; i < n; ++i) {
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) break;
      poppler::image img = pr.render_page(page.get(), dpi, dpi);
      if (!img.is_valid() || img.format() != poppler::image::format_argb32) {
        error = "Poppler cannot render page " + std::to_string(i + 1);
        return {};
      }
      images.push_back(std::move(img));
    }
  }
  std::vector<std::string> out;
  for (const auto& img : images) out.push_back(encode_png(img));
  return out;
}

}  // namespace vanthu::app
