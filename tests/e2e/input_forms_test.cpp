// The same document in another input form renders to the same PDF bytes: JSON instead of YAML,
// decomposed (NFD) text instead of composed (NFC) text.
#include <gtest/gtest.h>

#include <string>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

TEST(E2eInputForms, JsonDocumentRendersIdenticallyToTheSameYamlDocument) {
  TempDir dir;
  RunResult y = render(e2e_data_path("notice.yaml"), dir / "yaml.pdf");
  ASSERT_EQ(y.exit_code, 0) << y.command << "\n" << y.err;
  RunResult j = render(e2e_data_path("notice.json"), dir / "json.pdf");
  ASSERT_EQ(j.exit_code, 0) << j.command << "\n" << j.err;
  const std::string a = read_file(dir / "yaml.pdf"), b = read_file(dir / "json.pdf");
  ASSERT_GT(a.size(), 1000u);
  EXPECT_TRUE(a == b) << "notice.yaml and notice.json give different PDFs (" << a.size() << " and "
                      << b.size() << " bytes)";
}

TEST(E2eInputForms, NfdTextRendersToTheSameBytesAsNfcText) {
  TempDir dir;
  const std::string composed = read_file(seed_path("002"));
  ASSERT_EQ(composed, nfc(composed)) << "seed 002 is expected to be NFC already";
  const std::string decomposed = nfd(composed);
  ASSERT_NE(decomposed, composed) << "NFD left the text unchanged: the test would prove nothing";
  ASSERT_NE(decomposed.find("e\xCC\x82\xCC\x80"), std::string::npos)  // "ề" as e + ◌̂ + ◌̀
      << "the NFD text has no decomposed marks";
  write_file(dir / "nfc.yaml", composed);
  write_file(dir / "nfd.yaml", decomposed);

  RunResult c = render(dir / "nfc.yaml", dir / "nfc.pdf");
  ASSERT_EQ(c.exit_code, 0) << c.command << "\n" << c.err;
  RunResult d = render(dir / "nfd.yaml", dir / "nfd.pdf");
  ASSERT_EQ(d.exit_code, 0) << d.command << "\n" << d.err;
  const std::string a = read_file(dir / "nfc.pdf"), b = read_file(dir / "nfd.pdf");
  EXPECT_TRUE(a == b) << "NFC and NFD data give different PDFs (" << a.size() << " and "
                      << b.size() << " bytes)";
}

}  // namespace
}  // namespace vanthu::e2e
