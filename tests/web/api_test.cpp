// The JSON API of `vanthu serve` (docs/api.md), tested over HTTP against a server started in
// this process on a free loopback port: sessions, CSRF, roles, every endpoint's good and bad
// input, and that a refused change stores nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "app/web/server.h"
#include "app/web/web_store.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using testing::HasSubstr;
using vanthu::app::web::Role;
using vanthu::app::web::ServerOptions;
using vanthu::app::web::WebServer;

const char* const kPassword = "mat-khau-dai-10";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One server per test, on its own archive in a temporary directory.
class ApiTest : public testing::Test {
 protected:
  void SetUp() override {
    setenv("VANTHU_TODAY", "2024-09-10", 1);
    setenv("VANTHU_DATA", VANTHU_SOURCE_DIR, 1);
    char tmpl[] = "/tmp/vanthu-api-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ServerOptions o;
    o.archive = dir_.string();
    o.port = 0;
    o.max_request_bytes = 1u << 20;  // 1 MiB, so the oversized-upload test stays small
    o.max_json_bytes = 256u << 10;
    o.workers = 4;
    server_ = std::make_unique<WebServer>(o);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    for (auto [name, role] :
         {std::pair{"admin", Role::kAdmin}, std::pair{"clerk", Role::kClerk},
          std::pair{"reader", Role::kReader}, std::pair{"archivist", Role::kArchivist}})
      server_->store().add_user(name, "", role, kPassword);
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  httplib::Client client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }

  // Logs in; returns the cookie header and the CSRF token.
  std::pair<std::string, std::string> login(const std::string& name) {
    auto c = client();
    json body = {{"name", name}, {"password", kPassword}};
    auto r = c.Post("/api/login", body.dump(), "application/json");
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    const std::string set = r->get_header_value("Set-Cookie");
    EXPECT_THAT(set, HasSubstr("HttpOnly"));
    EXPECT_THAT(set, HasSubstr("SameSite=Strict"));
    return {set.substr(0, set.find(';')), json::parse(r->body)["csrf"].get<std::string>()};
  }

  httplib::Headers auth(const std::string& user, bool with_csrf = true) {
    auto [cookie, csrf] = login(user);
    httplib::Headers h = {{"Cookie", cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", csrf);
    return h;
  }

  // The sample Chỉ thị, without number and date (the register and the clock give them).
  json chi_thi() {
    auto c = client();
    auto r = c.Get("/api/templates/CT?profile=dang", auth("reader"));
    EXPECT_EQ(r->status, 200);
    json t = json::parse(r->body);
    json d = t["example"];
    d["header"].erase("number");
    d["header"].erase("date");
    return d;
  }

  int64_t register_size(const httplib::Headers& h) {
    auto r = client().Get("/api/register", h);
    return static_cast<int64_t>(json::parse(r->body)["entries"].size());
  }

  int64_t documents(const httplib::Headers& h) {
    auto r = client().Get("/api/search?q=&limit=100", h);
    return json::parse(r->body)["total"].get<int64_t>();
  }

  fs::path dir_;
  std::unique_ptr<WebServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ApiTest, LoginWithAWrongPasswordIsRefused) {
  auto r = client().Post("/api/login", R"({"name":"clerk","password":"sai-mat-khau-1"})",
                         "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(json::parse(r->body)["code"], "bad-login");
  EXPECT_FALSE(r->has_header("Set-Cookie"));
}

TEST_F(ApiTest, LoginWithWrongTypesIsABadRequest) {
  auto r = client().Post("/api/login", R"({"name":5,"password":[]})", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "name");
  r = client().Post("/api/login", "not json", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["code"], "bad-json");
}

TEST_F(ApiTest, RepeatedWrongPasswordsLockTheNameForAWhile) {
  for (int i = 0; i < 5; ++i) {
    auto r = client().Post("/api/login", R"({"name":"reader","password":"doan-sai-lan-nua"})",
                           "application/json");
    ASSERT_EQ(r->status, 401);
  }
  json right = {{"name", "reader"}, {"password", kPassword}};
  auto r = client().Post("/api/login", right.dump(), "application/json");
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(json::parse(r->body)["code"], "too-many-attempts");
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  right["name"] = "clerk";  // other names are not affected
  EXPECT_EQ(client().Post("/api/login", right.dump(), "application/json")->status, 200);
}

TEST_F(ApiTest, JsonBodiesMustSayTheyAreJson) {
  auto h = auth("clerk");
  auto r = client().Post("/api/documents", h, chi_thi().dump(), "text/plain");
  EXPECT_EQ(r->status, 415);
  EXPECT_EQ(json::parse(r->body)["field"], "Content-Type");
  json login = {{"name", "clerk"}, {"password", kPassword}};
  EXPECT_EQ(client().Post("/api/login", login.dump(), "application/x-www-form-urlencoded")->status,
            415);
  EXPECT_EQ(register_size(h), 0);
}

TEST_F(ApiTest, TheCookieIsSecureBehindAnHttpsProxy) {
  json login = {{"name", "clerk"}, {"password", kPassword}};
  auto r = client().Post("/api/login", {{"X-Forwarded-Proto", "https"}}, login.dump(),
                         "application/json");
  EXPECT_THAT(r->get_header_value("Set-Cookie"), HasSubstr("; Secure"));
}

TEST_F(ApiTest, EverythingButLoginNeedsASession) {
  auto c = client();
  EXPECT_EQ(c.Get("/api/search?q=a")->status, 401);
  EXPECT_EQ(c.Get("/api/register")->status, 401);
  auto r = c.Post("/api/documents", chi_thi().dump(), "application/json");
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(json::parse(r->body)["message"].get<std::string>(), HasSubstr("đăng nhập"));
  httplib::MultipartFormDataItems items = {{"files", "%PDF-1.4", "a.pdf", "application/pdf"}};
  EXPECT_EQ(c.Post("/api/import", items)->status, 401);
}

TEST_F(ApiTest, AChangeWithoutTheCsrfTokenIsRefusedAndNothingIsIssued) {
  auto h = auth("clerk", /*with_csrf=*/false);
  auto r = client().Post("/api/documents", h, chi_thi().dump(), "application/json");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(json::parse(r->body)["code"], "csrf");
  h.emplace("X-CSRF-Token", std::string(64, '0'));
  r = client().Post("/api/documents", h, chi_thi().dump(), "application/json");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(register_size(h), 0);
}

TEST_F(ApiTest, AChangeFromAnotherOriginIsRefused) {
  auto h = auth("clerk");
  h.emplace("Origin", "http://evil.example");
  auto r = client().Post("/api/documents", h, chi_thi().dump(), "application/json");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(json::parse(r->body)["code"], "csrf");
}

TEST_F(ApiTest, AReaderCannotIssue) {
  auto h = auth("reader");
  auto r = client().Post("/api/documents", h, chi_thi().dump(), "application/json");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(json::parse(r->body)["code"], "forbidden");
  EXPECT_EQ(client().Post("/api/preview", h, chi_thi().dump(), "application/json")->status, 403);
  EXPECT_EQ(register_size(h), 0);
}

TEST_F(ApiTest, AClerkIssuesAndTheDocumentIsFoundWithoutMarks) {
  auto h = auth("clerk");
  json d = chi_thi();
  d["title"]["subject"] = json::array({"về phòng, chống dịch sốt xuất huyết năm 2024"});
  auto r = client().Post("/api/documents", h, d.dump(), "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  json issued = json::parse(r->body);
  EXPECT_EQ(issued["symbol"], "01-CT/TU");
  EXPECT_EQ(issued["date"], "2024-09-10");
  EXPECT_EQ(r->get_header_value("Location"), "/api/documents/" + issued["id"].dump());

  r = client().Get("/api/search?q=sot%20xuat%20huyet", h);
  ASSERT_EQ(r->status, 200);
  json s = json::parse(r->body);
  ASSERT_EQ(s["total"], 1);
  EXPECT_EQ(s["hits"][0]["symbol"], "01-CT/TU");
  EXPECT_THAT(s["hits"][0]["snippet_html"].get<std::string>(), HasSubstr("<mark>sốt</mark>"));

  r = client().Get("/api/documents/" + issued["id"].dump(), h);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["signer"], "Trần Quốc Dũng");
  r = client().Get("/api/documents/" + issued["id"].dump() + "/pdf?download=1", h);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(r->body.rfind("%PDF-", 0), 0u);
  EXPECT_THAT(r->get_header_value("Content-Disposition"), HasSubstr("attachment"));
  r = client().Get("/api/documents/" + issued["id"].dump() + "/pages/1", h);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body.substr(1, 3), "PNG");

  // The next one takes the next number.
  r = client().Post("/api/documents", h, d.dump(), "application/json");
  ASSERT_EQ(r->status, 201);
  EXPECT_EQ(json::parse(r->body)["symbol"], "02-CT/TU");
  EXPECT_EQ(register_size(h), 2);
}

TEST_F(ApiTest, WrongTypesAreReportedPerFieldInVietnameseAndNothingIsStored) {
  auto h = auth("clerk");
  json d = chi_thi();
  d["header"]["issuer"] = json::array({json::object()});
  d["signature"].erase("name");
  auto r = client().Post("/api/documents", h, d.dump(), "application/json");
  ASSERT_EQ(r->status, 422) << r->body;
  json e = json::parse(r->body);
  std::vector<std::string> fields;
  for (const auto& x : e["errors"]) fields.push_back(x["field"]);
  EXPECT_THAT(fields, testing::Contains(HasSubstr("header.issuer")));
  EXPECT_THAT(fields, testing::Contains("signature.name"));
  for (const auto& x : e["errors"]) EXPECT_FALSE(x["message"].get<std::string>().empty());
  EXPECT_EQ(register_size(h), 0);
  EXPECT_EQ(documents(h), 0);
}

TEST_F(ApiTest, ANumberGivenByHandIsRefused) {
  auto h = auth("clerk");
  json d = chi_thi();
  d["header"]["number"] = 7;
  auto r = client().Post("/api/documents", h, d.dump(), "application/json");
  ASSERT_EQ(r->status, 422);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["code"], "number-given");
  EXPECT_EQ(register_size(h), 0);
}

TEST_F(ApiTest, ABodyThatIsNotAJsonObjectIsABadRequest) {
  auto h = auth("clerk");
  for (const std::string body : {"[1,2]", "{\"profile\": ", "\"text\"", "\xff\xfe"}) {
    auto r = client().Post("/api/documents", h, body, "application/json");
    EXPECT_EQ(r->status, 400) << body;
    EXPECT_EQ(json::parse(r->body)["code"], "bad-json");
  }
  EXPECT_EQ(register_size(h), 0);
}

TEST_F(ApiTest, AnOfficeIsNamedNeverAPath) {
  auto h = auth("clerk");
  json d = chi_thi();
  for (const std::string office : {"../../../etc/passwd", "/etc/passwd", "khong-co"}) {
    d["office"] = office;
    auto r = client().Post("/api/preview", h, d.dump(), "application/json");
    EXPECT_EQ(r->status, 400) << office;
    EXPECT_EQ(json::parse(r->body)["field"], "office");
  }
  d["office"] = "thi-uy-quang-tri";
  auto r = client().Post("/api/preview?format=pdf", h, d.dump(), "application/json");
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(ApiTest, AFormWithAPathForItsNameIsUnknown) {
  auto h = auth("clerk");
  json d = {{"form", "../forms/ket-nap-dang-vien"}, {"values", json::object()}};
  auto r = client().Post("/api/preview", h, d.dump(), "application/json");
  ASSERT_EQ(r->status, 422);
  EXPECT_EQ(json::parse(r->body)["errors"][0]["code"], "unknown-form");
}

TEST_F(ApiTest, PreviewGivesPageImagesOrThePdf) {
  auto h = auth("clerk");
  auto r = client().Post("/api/preview?dpi=40", h, chi_thi().dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  json p = json::parse(r->body);
  EXPECT_EQ(p["pages"], 2);
  ASSERT_EQ(p["images"].size(), 2u);
  EXPECT_EQ(p["images"][0].get<std::string>().rfind("data:image/png;base64,", 0), 0u);
  r = client().Post("/api/preview?format=pdf", h, chi_thi().dump(), "application/json");
  EXPECT_EQ(r->body.rfind("%PDF-", 0), 0u);
  r = client().Post("/api/preview?format=docx", h, chi_thi().dump(), "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "format");
  r = client().Post("/api/preview?dpi=5000", h, chi_thi().dump(), "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "dpi");
  EXPECT_EQ(register_size(h), 0);  // a preview takes no number
}

TEST_F(ApiTest, AStandardFormDeclaresItsFields) {
  auto h = auth("clerk");
  auto r = client().Get("/api/templates/ket-nap-dang-vien", h);
  ASSERT_EQ(r->status, 200);
  json t = json::parse(r->body);
  EXPECT_TRUE(t["form"].get<bool>());
  ASSERT_FALSE(t["fields"].empty());
  EXPECT_EQ(t["fields"][0]["label"], "Tên cơ quan cấp trên");
  r = client().Get("/api/templates/khong-co", h);
  EXPECT_EQ(r->status, 404);
  r = client().Get("/api/templates/CT?profile=../x", h);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "profile");
}

TEST_F(ApiTest, SearchParametersAreChecked) {
  auto h = auth("reader");
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"limit=abc", "limit"},
                                                        {"limit=0", "limit"},
                                                        {"offset=-1", "offset"},
                                                        {"sort=name", "sort"},
                                                        {"from=hôm-qua", "from"},
                                                        {"year=20x4", "year"}}) {
    auto r = client().Get("/api/search?q=a&" + query, h);
    EXPECT_EQ(r->status, 400) << query;
    EXPECT_EQ(json::parse(r->body)["field"], field) << query;
  }
  EXPECT_EQ(client().Get("/api/search?q=a&year=2024&sort=date", h)->status, 200);
}

TEST_F(ApiTest, UnknownDocumentsAre404) {
  auto h = auth("reader");
  EXPECT_EQ(client().Get("/api/documents/999", h)->status, 404);
  EXPECT_EQ(client().Get("/api/documents/abc", h)->status, 404);
  EXPECT_EQ(client().Get("/api/documents/..%2F..%2Fetc/pdf", h)->status, 404);
  EXPECT_EQ(client().Get("/api/documents/999/pdf", h)->status, 404);
  auto r = client().Get("/api/khong-co", h);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(json::parse(r->body)["code"], "not-found");
}

class ImportTest : public ApiTest {
 protected:
  httplib::Result upload(const httplib::Headers& h, const std::string& name,
                         const std::string& bytes) {
    httplib::MultipartFormDataItems items = {{"files", bytes, name, "application/pdf"}};
    return client().Post("/api/import", h, items);
  }
  std::string sample_pdf() {
    return read_file(fs::path(VANTHU_SOURCE_DIR) / "tests/data/import/lo-state-qd.pdf");
  }
};

TEST_F(ImportTest, APdfIsStoredThenReportedAsDuplicate) {
  auto h = auth("archivist");
  auto r = upload(h, "quyet-dinh.pdf", sample_pdf());
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["results"][0]["status"], "stored");
  EXPECT_EQ(j["results"][0]["file"], "quyet-dinh.pdf");
  r = upload(h, "ban-sao.pdf", sample_pdf());
  j = json::parse(r->body);
  EXPECT_EQ(j["results"][0]["status"], "duplicate");
  EXPECT_THAT(j["results"][0]["message"].get<std::string>(), HasSubstr("Trùng"));
  EXPECT_EQ(documents(h), 1);
}

TEST_F(ImportTest, AScanIsStoredAsNeedingOcrAndADamagedPdfIsRejected) {
  auto h = auth("archivist");
  const fs::path dir = fs::path(VANTHU_SOURCE_DIR) / "tests/data/import";
  httplib::MultipartFormDataItems items = {
      {"files", read_file(dir / "scan-002.pdf"), "scan-002.pdf", "application/pdf"},
      {"files", read_file(dir / "damaged-002.pdf"), "damaged-002.pdf", "application/pdf"}};
  auto r = client().Post("/api/import", h, items);
  ASSERT_EQ(r->status, 200) << r->body;
  const json j = json::parse(r->body);
  ASSERT_EQ(j["results"].size(), 2u);
  EXPECT_EQ(j["results"][0]["status"], "stored");
  EXPECT_TRUE(j["results"][0]["needs_ocr"].get<bool>());
  EXPECT_THAT(j["results"][0]["message"].get<std::string>(), HasSubstr("OCR"));
  EXPECT_EQ(j["results"][1]["status"], "rejected");
  EXPECT_FALSE(j["results"][1]["reason"].get<std::string>().empty());
  EXPECT_EQ(documents(h), 1);
}

TEST_F(ImportTest, ANonPdfIsRejectedWithAReasonAndNotStored) {
  auto h = auth("archivist");
  auto r = upload(h, "ghi-chu.pdf", "hello, not a pdf");
  ASSERT_EQ(r->status, 422);
  json j = json::parse(r->body);
  EXPECT_EQ(j["results"][0]["status"], "rejected");
  EXPECT_THAT(j["results"][0]["message"].get<std::string>(), HasSubstr("không phải PDF"));
  EXPECT_EQ(documents(h), 0);
}

TEST_F(ImportTest, PathTricksInFileNamesAreRefusedAndNothingIsStored) {
  auto h = auth("archivist");
  for (const std::string& name :
       std::vector<std::string>{"../../etc/x.pdf", "/tmp/x.pdf", "..\\x.pdf", ".hidden.pdf",
                                std::string("a\x01b.pdf")}) {
    auto r = upload(h, name, sample_pdf());
    EXPECT_EQ(r->status, 400) << name;
    EXPECT_EQ(json::parse(r->body)["code"], "bad-file-name") << name;
  }
  EXPECT_EQ(documents(h), 0);
  EXPECT_FALSE(fs::exists(dir_.parent_path() / "x.pdf"));
}

TEST_F(ImportTest, AnOversizedUploadIsRefusedWith413) {
  auto h = auth("archivist");
  auto r = upload(h, "lon.pdf", "%PDF-1.4\n" + std::string(2u << 20, 'x'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(json::parse(r->body)["code"], "too-large");
  EXPECT_EQ(documents(h), 0);
}

TEST_F(ImportTest, OnlyArchivistsAndAdminsImport) {
  for (const char* who : {"reader", "clerk"}) {
    auto r = upload(auth(who), "quyet-dinh.pdf", sample_pdf());
    EXPECT_EQ(r->status, 403) << who;
  }
  EXPECT_EQ(documents(auth("reader")), 0);
}

TEST_F(ApiTest, TheRegisterIsListedAndExported) {
  auto h = auth("clerk");
  ASSERT_EQ(client().Post("/api/documents", h, chi_thi().dump(), "application/json")->status, 201);
  auto r = client().Get("/api/register", h);
  json reg = json::parse(r->body);
  ASSERT_EQ(reg["series"].size(), 1u);
  EXPECT_EQ(reg["entries"][0]["symbol"], "01-CT/TU");
  r = client().Get("/api/register/export?format=csv", h);
  ASSERT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("01-CT/TU"));
  EXPECT_THAT(r->get_header_value("Content-Disposition"), HasSubstr("attachment"));
  r = client().Get("/api/register/export?format=pdf&series=1", h);
  EXPECT_EQ(r->body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(client().Get("/api/register/export?format=xls", h)->status, 400);
  EXPECT_EQ(client().Get("/api/register?series=x", h)->status, 400);
}

TEST_F(ApiTest, DraftsBelongToTheirAuthor) {
  auto h = auth("clerk");
  json body = {{"title", "Chỉ thị phòng chống bão"}, {"data", chi_thi()}};
  auto r = client().Post("/api/drafts", h, body.dump(), "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  const auto id = json::parse(r->body)["id"].get<int64_t>();
  r = client().Get("/api/drafts/" + std::to_string(id), h);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["data"]["kind"], "CT");
  auto other = auth("admin");
  EXPECT_EQ(client().Get("/api/drafts/" + std::to_string(id), other)->status, 404);
  r = client().Post("/api/drafts", h, R"({"title":"x","data":"not an object"})",
                    "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "data");
}

TEST_F(ApiTest, AdminsAddAccountsAndEveryChangeIsInTheAuditLog) {
  auto h = auth("admin");
  json u = {{"name", "hoa.nt"},
            {"display_name", "Nguyễn Thị Hoa"},
            {"role", "clerk"},
            {"password", "mot-mat-khau-dai"}};
  auto r = client().Post("/api/users", h, u.dump(), "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  r = client().Post("/api/users", h, u.dump(), "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "name");
  u["name"] = "lan";
  u["password"] = "ngan";
  r = client().Post("/api/users", h, u.dump(), "application/json");
  EXPECT_EQ(json::parse(r->body)["field"], "password");
  u["password"] = "mot-mat-khau-dai";
  u["role"] = "root";
  r = client().Post("/api/users", h, u.dump(), "application/json");
  EXPECT_EQ(json::parse(r->body)["field"], "role");

  auto c = auth("clerk");
  ASSERT_EQ(client().Post("/api/documents", c, chi_thi().dump(), "application/json")->status, 201);
  r = client().Get("/api/audit", h);
  ASSERT_EQ(r->status, 200);
  std::vector<std::string> actions;
  const json log = json::parse(r->body);
  for (const auto& e : log["entries"])
    actions.push_back(e["user"].get<std::string>() + " " + e["action"].get<std::string>());
  EXPECT_THAT(actions, testing::Contains("clerk document.issue"));
  EXPECT_THAT(actions, testing::Contains("admin user.add"));
  EXPECT_THAT(actions, testing::Contains("clerk login"));
  EXPECT_EQ(client().Get("/api/audit", c)->status, 403);
  EXPECT_EQ(client().Get("/api/users", c)->status, 403);
}

TEST_F(ApiTest, LogoutEndsTheSession) {
  auto h = auth("reader");
  ASSERT_EQ(client().Post("/api/logout", h, "", "application/json")->status, 200);
  EXPECT_EQ(client().Get("/api/session", h)->status, 401);
}

TEST_F(ApiTest, TheUiIsServedWithASafeContentPolicy) {
  auto r = client().Get("/");
  ASSERT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("lang=\"vi\""));
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'self'"));
  EXPECT_EQ(client().Get("/assets/app.js")->status, 200);
  EXPECT_EQ(client().Get("/assets/../web.sqlite")->status, 404);
}

}  // namespace

namespace {

TEST_F(ImportTest, AnArchivistCorrectsImportedMetadataAndThePdfStaysTheSame) {
  auto h = auth("archivist");
  auto r = upload(h, "quyet-dinh.pdf", sample_pdf());
  ASSERT_EQ(r->status, 200) << r->body;
  const auto id = json::parse(r->body)["results"][0]["id"].get<int64_t>();
  const std::string url = "/api/documents/" + std::to_string(id);
  const std::string pdf_before = client().Get(url + "/pdf", h)->body;

  json fix = {{"subject", "về việc phê duyệt quy hoạch khu neo đậu tránh trú bão"},
              {"signer", "Võ Văn Hưng"},
              {"number", 12}};
  r = client().Patch(url, h, fix.dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  json doc = json::parse(r->body);
  EXPECT_EQ(doc["subject"], fix["subject"]);
  EXPECT_EQ(doc["signer"], "Võ Văn Hưng");
  EXPECT_TRUE(doc["changes"].contains("subject"));

  // The index follows the catalog; the PDF does not change.
  r = client().Get("/api/search?q=neo%20dau%20tranh%20tru", h);
  ASSERT_EQ(json::parse(r->body)["total"], 1);
  EXPECT_EQ(client().Get(url + "/pdf", h)->body, pdf_before);

  r = client().Get("/api/audit", auth("admin"));
  const json log = json::parse(r->body);
  json correction;
  for (const auto& e : log["entries"])
    if (e["action"] == "document.correct") correction = e;
  ASSERT_TRUE(correction.is_object()) << log.dump();
  EXPECT_EQ(correction["user"], "archivist");
  EXPECT_EQ(correction["target"], "document " + std::to_string(id));
  EXPECT_EQ(correction["detail"]["changes"]["signer"][1], "Võ Văn Hưng");
}

TEST_F(ImportTest, CorrectionsAreChecked) {
  auto h = auth("archivist");
  auto r = upload(h, "quyet-dinh.pdf", sample_pdf());
  const auto id = json::parse(r->body)["results"][0]["id"].get<int64_t>();
  const std::string url = "/api/documents/" + std::to_string(id);
  for (const auto& [body, field, status] : std::vector<std::tuple<std::string, std::string, int>>{
           {R"({"date":"2024-02-30"})", "date", 422},
           {R"({"date":5})", "date", 400},
           {R"({"number":"12"})", "number", 400},
           {R"({"number":0})", "number", 422},
           {R"({"sha256":"00"})", "sha256", 400}}) {
    r = client().Patch(url, h, body, "application/json");
    EXPECT_EQ(r->status, status) << body;
    EXPECT_EQ(json::parse(r->body)["field"], field) << body;
  }
  EXPECT_EQ(client().Patch("/api/documents/999", h, "{}", "application/json")->status, 404);
  EXPECT_EQ(client().Patch(url, auth("clerk"), R"({"signer":"X"})", "application/json")->status,
            403);
}

TEST_F(ApiTest, AnIssuedDocumentCannotBeCorrected) {
  auto c = auth("clerk");
  auto r = client().Post("/api/documents", c, chi_thi().dump(), "application/json");
  ASSERT_EQ(r->status, 201);
  const std::string url = "/api/documents/" + json::parse(r->body)["id"].dump();
  r = client().Patch(url, auth("admin"), R"({"signer":"Người khác"})", "application/json");
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(r->body)["code"], "immutable");
  EXPECT_EQ(json::parse(client().Get(url, c)->body)["signer"], "Trần Quốc Dũng");
}

}  // namespace
