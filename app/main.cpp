// `vanthu`: the command-line program. It parses arguments, calls the service layer and maps
// results to exit codes: 0 ok, 1 internal error, 2 user error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "app/file_io.h"
#include "app/service.h"

namespace {

int report(const vanthu::app::RenderResult& r) {
  std::cerr << r.diags.format();
  if (r.status == vanthu::app::Status::kInternal)
    std::cerr << "vanthu: internal error: " << r.error << "\n";
  return static_cast<int>(r.status);
}

int cmd_render(const std::string& data, const std::string& out) {
  vanthu::app::Service svc;
  auto r = svc.render_file(data);
  if (r.status != vanthu::app::Status::kOk) return report(r);
  std::cerr << r.diags.format();  // warnings, if any
  if (out == "-") {
    std::fwrite(r.pdf.data(), 1, r.pdf.size(), stdout);
    if (std::fflush(stdout) != 0) {
      std::cerr << "vanthu: cannot write to standard output\n";
      return 1;
    }
    return 0;
  }
  try {
    vanthu::app::write_file_atomic(out, r.pdf);
  } catch (const std::exception& e) {
    std::cerr << "vanthu: error: " << e.what() << " (check the directory exists and is writable)\n";
    return 2;
  }
  std::cerr << "wrote " << out << " (" << r.pages << (r.pages == 1 ? " page, " : " pages, ")
            << r.pdf.size() << " bytes)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vanthu — Vietnamese Party and State documents: generate, typeset, number, archive"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vanthu 0.1.0");

  std::string data, out;
  auto* render = app.add_subcommand("render", "Typeset a document data file (YAML/JSON) to PDF");
  render->add_option("DATA", data, "document data file (.yaml, .yml or .json)")->required();
  render->add_option("-o,--output", out, "output PDF file, or - for standard output")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (*render) return cmd_render(data, out);
  return 2;
}
