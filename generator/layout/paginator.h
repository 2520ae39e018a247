// Paginator: fills pages from the composer's vertical list. Breaks only where the list allows
// (widow/orphan control, headings kept with the next lines, the closing block kept with the
// text above it), puts each footnote on the page of its reference and continues a long one on
// the next page, and numbers pages from the profile's first numbered page.
#pragma once

#include "layout/composer.h"
#include "layout/font_metrics.h"
#include "layout/page.h"
#include "profile/profile.h"

namespace vanthu::generator {

LaidOut paginate(const VList& list, const Profile& profile, const FontMetrics& fonts);

}  // namespace vanthu::generator
