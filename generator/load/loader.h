// Loads a document data file (YAML or JSON, one schema: docs/data-format.md) into the document
// model, checking every field. Problems are collected in `diags`; nothing is returned on error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "diag/diagnostic.h"
#include "model/document.h"
#include "profile/profile.h"

namespace vanthu::generator {

// Largest data file accepted, in bytes.
inline constexpr std::size_t kMaxDataFileBytes = 8 * 1024 * 1024;
// Largest number of YAML nodes a data file may expand to (aliases included).
inline constexpr std::size_t kMaxYamlNodes = 200000;

std::optional<Document> load_document_file(const std::string& path, Diagnostics& diags);

// `display_name` is used in diagnostics in place of a file name.
std::optional<Document> load_document(std::string_view content, const std::string& display_name,
                                      Diagnostics& diags);

// Checks what needs the profile: the kind code is known, and footnote references and
// definitions match. Returns false if an error was reported.
bool validate_document(const Document& doc, const Profile& profile, Diagnostics& diags);

// Merges an office configuration into a parsed data file that names one with `office: FILE`
// (relative to the data file): header defaults, a signer chosen by key, distribution lists
// expanded in Nơi nhận, the committee's terms. Defined in office.cpp.
bool apply_office(YAML::Node& root, const std::string& data_path, Diagnostics& diags,
                  std::vector<Term>& terms);

// Parses "YYYY-MM-DD"; nullopt unless it is a real calendar date (years 1900..2999).
std::optional<Date> parse_iso_date(std::string_view s);

}  // namespace vanthu::generator
