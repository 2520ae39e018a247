// Standard forms: a Mustache template (kainjow) that renders a document data file from a few
// declared fields. The values are checked against the declaration first (no silent blanks), and
// escaped for the YAML string and the inline markup they land in, so input cannot change the
// document's structure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace vanthu::generator {

struct FormField {
  std::string name;   // key in the values, e.g. "ho_ten"
  std::string type;   // text, date, number, list
  std::string label;  // Vietnamese label shown in the web form
  bool required = true;
  std::string example;                // one example value (for lists: items joined by "; ")
  std::vector<std::string> examples;  // list fields: example items
};

struct Form {
  std::string name;   // directory name, e.g. "ket-nap-dang-vien"
  std::string title;  // Vietnamese title
  std::string profile;
  std::string kind;
  std::vector<FormField> fields;
  std::string template_path;
  std::string template_text;
};

std::vector<std::string> list_forms(const std::string& forms_dir);
std::optional<Form> load_form(const std::string& forms_dir, const std::string& name,
                              Diagnostics& diags, const SourceLoc& requested_at = {});

// A value of a form field, as read from a data file.
struct FormValue {
  std::vector<std::string> items;  // one item, or several for list fields
  bool is_list = false;
  SourceLoc loc;
};

// Renders the form's template with `values` (already checked by the caller against the
// declaration with check_form_values) into document data (YAML text).
// `values_loc` is where the values are (for errors about missing ones).
std::optional<std::string> fill_form(const Form& form,
                                     const std::vector<std::pair<std::string, FormValue>>& values,
                                     const SourceLoc& values_loc, Diagnostics& diags);

// Example values (from the declaration) as a form data file that renders as is.
std::string example_form_data(const Form& form);

// Escapes a value for a double-quoted YAML scalar holding vanthu inline markup.
std::string escape_form_value(const std::string& v);

}  // namespace vanthu::generator
