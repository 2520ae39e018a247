// One Renderer serves many documents (as the web server does): same bytes every time.
#include <gtest/gtest.h>

#include "render.h"

namespace {

TEST(Renderer, ReusedRendererGivesTheSameBytesForEveryDocument) {
  vanthu::generator::Renderer r(VANTHU_SOURCE_DIR);
  std::string first;
  for (int i = 0; i < 5; ++i) {
    for (const char* seed : {"000", "002", "003"}) {
      vanthu::Diagnostics d;
      auto out = r.render_file(std::string(VANTHU_TEST_DATA) + "/seeds/" + seed + ".yaml", d);
      ASSERT_TRUE(out) << "document " << i << " seed " << seed << ": " << d.format();
      if (i == 0 && std::string(seed) == "000") first = out->pdf;
      if (std::string(seed) == "000") {
        EXPECT_EQ(out->pdf, first) << "render " << i << " differs";
      }
    }
  }
}

}  // namespace
