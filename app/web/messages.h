// Vietnamese wording of the diagnostics a user of the web application sees. The generator and
// the archive speak English (the CLI's language); their stable codes are translated here, and the
// English text is kept beside the translation as detail.
#pragma once

#include <string>

#include "diag/diagnostic.h"

namespace vanthu::app::web {

// The message for a diagnostic, in Vietnamese: what is wrong and what to do.
std::string vi_message(const Diagnostic& d);

// The Vietnamese label of a document field path ("header.issuer" → "Cơ quan ban hành"), or the
// path itself when it has none.
std::string vi_field_label(const std::string& field);

}  // namespace vanthu::app::web
