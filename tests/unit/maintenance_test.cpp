// Archive maintenance (archive/maintenance.*): verify finds each planted fault with the document
// or series it concerns (damaged, missing and unreferenced PDFs, a gap in the register, a
// register entry without its document, a missing index row, a stale index, a damaged catalog);
// backup → restore gives the same catalog rows and PDFs and a clean archive; a backup taken while
// another connection holds a write transaction is a consistent snapshot; restore and backup refuse
// non-empty targets and damaged backups.
//
// The archives are made by the real program (`vanthu issue`, four documents of seed 002), then
// damaged with SQL and file operations on a copy.
#include "archive/maintenance.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "archive/catalog.h"
#include "archive/errors.h"
#include "archive/index.h"
#include "archive/sha256.h"
#include "e2e/e2e_util.h"

namespace vanthu::archive {
namespace {

namespace fs = std::filesystem;
using e2e::read_file;
using e2e::run_vanthu;
using e2e::RunResult;
using e2e::TempDir;
using e2e::write_file;

constexpr int kDocuments = 4;

// Seed 002 made issuable: its `number:` line removed, the committee term added under header.
std::string issuable_002() {
  std::istringstream in(read_file(e2e::seed_path("002")));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  number:", 0) == 0) continue;
    out += line + "\n";
    if (line == "header:") out += "  term: \"2020-2025\"\n";
  }
  return out;
}

std::vector<const Finding*> with_check(const VerifyReport& r, const std::string& check) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.check == check) out.push_back(&f);
  return out;
}

std::string describe(const VerifyReport& r) {
  std::string s;
  for (const auto& f : r.findings)
    s += std::string(f.severity == FindingSeverity::kError ? "error" : "warning") + " [" + f.check +
         "] " + f.message + "\n";
  return s.empty() ? "(no findings)\n" : s;
}

// Every row of the catalog's tables, as text, for comparing two catalogs.
std::map<std::string, std::vector<std::string>> dump_catalog(const std::string& path) {
  std::map<std::string, std::vector<std::string>> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path);
  }
  for (const char* table : {"documents", "series", "register", "document_text"}) {
    sqlite3_stmt* st = nullptr;
    std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY rowid";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) continue;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        row += (t ? reinterpret_cast<const char*>(t) : "NULL") + std::string("|");
      }
      out[table].push_back(row);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// relative path → bytes of every file under pdf/
std::map<std::string, std::string> pdf_files(const fs::path& root) {
  std::map<std::string, std::string> out;
  if (!fs::exists(root / "pdf")) return out;
  for (const auto& e : fs::recursive_directory_iterator(root / "pdf"))
    if (e.is_regular_file()) out[fs::relative(e.path(), root).string()] = read_file(e.path());
  return out;
}

class MaintenanceTest : public ::testing::Test {
 protected:
  // One archive of four issued documents, made once and copied for each test.
  static void SetUpTestSuite() {
    const char* today = std::getenv("VANTHU_TODAY");
    saved_today_ = today ? std::optional<std::string>(today) : std::nullopt;
    setenv("VANTHU_TODAY", "2023-05-10", 1);
    pristine_ = new TempDir;
    const fs::path data = pristine_->path() / "issue.yaml";
    write_file(data, issuable_002());
    for (int i = 0; i < kDocuments; ++i) {
      RunResult r = run_vanthu({"issue", data.string(), "--archive",
                                (pristine_->path() / "archive").string(), "--json"});
      ASSERT_EQ(r.exit_code, 0) << r.command << "\n" << r.err;
    }
  }
  static void TearDownTestSuite() {
    delete pristine_;
    pristine_ = nullptr;
    if (saved_today_)
      setenv("VANTHU_TODAY", saved_today_->c_str(), 1);
    else
      unsetenv("VANTHU_TODAY");
  }

  void SetUp() override {
    ASSERT_NE(pristine_, nullptr);
    archive_ = dir_.path() / "archive";
    fs::copy(pristine_->path() / "archive", archive_, fs::copy_options::recursive);
  }

  std::string archive() const { return archive_.string(); }
  std::string catalog() const { return (archive_ / "catalog.sqlite").string(); }

  // The catalog's sha256 of document `id`, and the path of its PDF.
  std::string sha_of(int64_t id) {
    Catalog c(catalog(), false);
    auto st = c.prepare("SELECT sha256 FROM documents WHERE id = ?");
    st.bind(1, id);
    EXPECT_TRUE(st.step());
    return st.text(0);
  }
  fs::path pdf_of(int64_t id) {
    const std::string sha = sha_of(id);
    return archive_ / "pdf" / sha.substr(0, 2) / (sha + ".pdf");
  }
  // SQL on the copy, through the catalog class (which registers the index's tokenizer).
  void sql(const std::string& statements) {
    Catalog c(catalog(), false);
    c.exec(statements);
  }
  // Writes everything into index segments (none is written before the first search).
  void write_index() {
    Catalog c(catalog(), false);
    rebuild_index(c);
    ASSERT_TRUE(fs::exists(archive_ / "index" / "manifest.json"));
  }

  TempDir dir_;
  fs::path archive_;
  static TempDir* pristine_;
  static std::optional<std::string> saved_today_;
};

TempDir* MaintenanceTest::pristine_ = nullptr;
std::optional<std::string> MaintenanceTest::saved_today_;

// ---- verify ------------------------------------------------------------------------------------

TEST_F(MaintenanceTest, CleanArchiveHasNoFindings) {
  VerifyReport r = verify_archive(archive());
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.findings.empty()) << describe(r);
  EXPECT_EQ(r.archive_dir, archive());
  EXPECT_EQ(r.counts.documents, kDocuments);
  EXPECT_EQ(r.counts.register_entries, kDocuments);
  EXPECT_EQ(r.counts.series, 1);
  EXPECT_EQ(r.counts.pdf_files, kDocuments);
  EXPECT_EQ(r.counts.pdf_hashed, kDocuments);
  EXPECT_GT(r.counts.bytes_hashed, 0);
  EXPECT_GE(r.counts.schema_version, 1);
  if (r.counts.schema_version >= 2) {  // the full-text tables
    EXPECT_TRUE(r.counts.text_checked);
    EXPECT_EQ(r.counts.text_rows, kDocuments);
    EXPECT_TRUE(r.counts.index_checked);
    EXPECT_EQ(r.counts.index_rows, kDocuments);
    EXPECT_TRUE(r.counts.index_content_checked);
  }
}

TEST_F(MaintenanceTest, DamagedPdfIsAnErrorNamingItsDocument) {
  const fs::path pdf = pdf_of(3);
  std::string bytes = read_file(pdf);
  bytes[bytes.size() / 2] ^= 0x20;  // one bit, in the middle of the file
  fs::permissions(pdf, fs::perms::owner_write, fs::perm_options::add);
  write_file(pdf, bytes);
  fs::permissions(pdf, fs::perms::owner_write, fs::perm_options::remove);

  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.errors(), 1u) << describe(r);
  auto found = with_check(r, "pdf-damaged");
  ASSERT_EQ(found.size(), 1u) << describe(r);
  EXPECT_EQ(found[0]->document_id, 3);
  EXPECT_EQ(found[0]->path, fs::relative(pdf, archive_).string());
  EXPECT_NE(found[0]->message.find("document 3 (03-CT/HU)"), std::string::npos)
      << found[0]->message;
  EXPECT_NE(found[0]->message.find(sha256_hex(bytes)), std::string::npos) << found[0]->message;
  EXPECT_FALSE(found[0]->action.empty());
}

TEST_F(MaintenanceTest, MissingPdfIsAnErrorNamingItsDocument) {
  const fs::path pdf = pdf_of(2);
  fs::remove(pdf);
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.errors(), 1u) << describe(r);
  auto found = with_check(r, "pdf-missing");
  ASSERT_EQ(found.size(), 1u) << describe(r);
  EXPECT_EQ(found[0]->document_id, 2);
  EXPECT_EQ(found[0]->path, fs::relative(pdf, archive_).string());
}

TEST_F(MaintenanceTest, UnreferencedPdfAndTemporaryFileAreWarningsOnly) {
  // What a crash between the durable file write and the commit leaves: a whole file under its
  // hash that no document references, or (earlier) a temporary file.
  const std::string orphan = "%PDF-1.4 an interrupted issue\n";
  const std::string sha = sha256_hex(orphan);
  fs::create_directories(archive_ / "pdf" / sha.substr(0, 2));
  write_file(archive_ / "pdf" / sha.substr(0, 2) / (sha + ".pdf"), orphan);
  write_file(archive_ / "pdf" / sha.substr(0, 2) / (".tmp-" + sha.substr(0, 16) + "-Ab12Cd"),
             "%PDF-1.4 half writ");

  VerifyReport r = verify_archive(archive());
  EXPECT_TRUE(r.ok()) << describe(r);
  EXPECT_EQ(r.errors(), 0u);
  EXPECT_EQ(r.warnings(), 2u) << describe(r);
  auto orphans = with_check(r, "pdf-orphan");
  ASSERT_EQ(orphans.size(), 1u) << describe(r);
  EXPECT_EQ(orphans[0]->path, "pdf/" + sha.substr(0, 2) + "/" + sha + ".pdf");
  EXPECT_EQ(orphans[0]->severity, FindingSeverity::kWarning);
  EXPECT_EQ(with_check(r, "pdf-temp-file").size(), 1u);
  EXPECT_EQ(r.counts.pdf_files, kDocuments + 1);
}

TEST_F(MaintenanceTest, GapInTheRegisterIsAnError) {
  // Only possible by going around the catalog's own guards.
  sql("DROP TRIGGER register_kept; DELETE FROM register WHERE number = 2;");
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  auto gaps = with_check(r, "register-gap");
  ASSERT_EQ(gaps.size(), 1u) << describe(r);
  EXPECT_EQ(gaps[0]->series_id, 1);
  EXPECT_NE(gaps[0]->message.find("number 2 is missing"), std::string::npos) << gaps[0]->message;
  // Document 2 is still there, but no entry points at it any more.
  auto unregistered = with_check(r, "document-unregistered");
  ASSERT_EQ(unregistered.size(), 1u) << describe(r);
  EXPECT_EQ(unregistered[0]->document_id, 2);
}

TEST_F(MaintenanceTest, SeveralMissingNumbersAreOneRange) {
  sql("DROP TRIGGER register_kept; DELETE FROM register WHERE number IN (1, 2);");
  VerifyReport r = verify_archive(archive());
  auto gaps = with_check(r, "register-gap");
  ASSERT_EQ(gaps.size(), 1u) << describe(r);
  EXPECT_NE(gaps[0]->message.find("numbers 1–2 are missing"), std::string::npos)
      << gaps[0]->message;
}

TEST_F(MaintenanceTest, RegisterEntryWithoutItsDocumentIsAnError) {
  const fs::path pdf = pdf_of(4);
  sql("DROP TRIGGER documents_issued_kept; PRAGMA foreign_keys=OFF; DELETE FROM documents WHERE id "
      "= 4;");
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  auto dangling = with_check(r, "register-dangling-document");
  ASSERT_EQ(dangling.size(), 1u) << describe(r);
  EXPECT_EQ(dangling[0]->register_id, 4);
  EXPECT_EQ(dangling[0]->document_id, 4);
  EXPECT_FALSE(with_check(r, "catalog-foreign-key").empty()) << describe(r);
  // Its PDF is now unreferenced: a warning, as after a crash.
  auto orphans = with_check(r, "pdf-orphan");
  ASSERT_EQ(orphans.size(), 1u) << describe(r);
  EXPECT_EQ(orphans[0]->path, fs::relative(pdf, archive_).string());
}

TEST_F(MaintenanceTest, MissingIndexRowIsAnError) {
  write_index();
  // Document 1 hidden in its segment, as if it had been changed and never indexed again.
  const fs::path manifest = archive_ / "index" / "manifest.json";
  nlohmann::json m = nlohmann::json::parse(read_file(manifest.string()));
  ASSERT_FALSE(m["segments"].empty());
  m["segments"][0]["dead"].push_back(1);
  std::ofstream(manifest) << m.dump();
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  auto missing = with_check(r, "index-missing");
  ASSERT_EQ(missing.size(), 1u) << describe(r);
  EXPECT_EQ(missing[0]->document_id, 1);
  EXPECT_EQ(r.counts.index_rows, kDocuments - 1);
}

TEST_F(MaintenanceTest, StaleIndexIsAnErrorNamingTheDocument) {
  write_index();
  // The text changes without the index hearing of it (its trigger is dropped first).
  sql("DROP TRIGGER document_text_changes_au; "
      "UPDATE document_text SET text = 'văn bản hoàn toàn khác' WHERE document_id = 2;");
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  auto stale = with_check(r, "index-stale");
  ASSERT_EQ(stale.size(), 1u) << describe(r);
  EXPECT_EQ(stale[0]->document_id, 2);
}

TEST_F(MaintenanceTest, DamagedIndexIsAnErrorAndTheOtherChecksGoOn) {
  write_index();
  // A byte of every segment's header overwritten.
  int damaged = 0;
  for (const auto& e : fs::directory_iterator(archive_ / "index")) {
    if (e.path().filename().string().rfind("seg-", 0) != 0) continue;
    std::fstream f(e.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('!');
    ++damaged;
  }
  ASSERT_GT(damaged, 0);
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(with_check(r, "index-damaged").empty()) << describe(r);
  EXPECT_EQ(with_check(r, "index-missing").size(), static_cast<std::size_t>(kDocuments));
  EXPECT_EQ(r.counts.pdf_hashed, kDocuments);  // the PDFs were still checked
  // Searching still works: the index is made again from the catalog.
  Catalog c(catalog(), false);
  rebuild_index(c);
  EXPECT_TRUE(verify_archive(archive()).ok());
}

TEST_F(MaintenanceTest, MissingTextRowIsOnlyAWarning) {
  if (verify_archive(archive()).counts.schema_version < 2) GTEST_SKIP() << "no full-text index";
  // As for a document stored before search existed: `vanthu search` extracts its text later.
  sql("DELETE FROM document_text WHERE document_id = 3;");
  VerifyReport r = verify_archive(archive());
  EXPECT_TRUE(r.ok()) << describe(r);
  auto missing = with_check(r, "text-missing");
  ASSERT_EQ(missing.size(), 1u) << describe(r);
  EXPECT_EQ(missing[0]->document_id, 3);
  EXPECT_EQ(missing[0]->severity, FindingSeverity::kWarning);
}

TEST_F(MaintenanceTest, DocumentWithoutTextThatIsNotQueuedIsAnError) {
  Catalog c(catalog(), false);
  {
    auto st = c.prepare("SELECT 1 FROM sqlite_master WHERE name = 'document_text_pending'");
    if (!st.step()) GTEST_SKIP() << "no queue of documents waiting for their text";
  }
  c.exec(
      "DELETE FROM document_text WHERE document_id = 3;"
      "DELETE FROM document_text_pending WHERE document_id = 3;");
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  auto found = with_check(r, "text-missing-unqueued");
  ASSERT_EQ(found.size(), 1u) << describe(r);
  EXPECT_EQ(found[0]->document_id, 3);
}

TEST_F(MaintenanceTest, DamagedCatalogIsAnErrorNotACrash) {
  std::string bytes = read_file(catalog());
  ASSERT_GT(bytes.size(), 8192u);
  bytes[100] = 0x07;  // the page type of the schema table's root page: not a b-tree page type
  write_file(catalog(), bytes);
  VerifyReport r = verify_archive(archive());
  EXPECT_FALSE(r.ok());
  bool catalog_finding = false;
  for (const auto& f : r.findings)
    if (f.check.rfind("catalog-", 0) == 0) catalog_finding = true;
  EXPECT_TRUE(catalog_finding) << describe(r);
}

TEST_F(MaintenanceTest, NoArchiveIsAUserError) {
  EXPECT_THROW(verify_archive((dir_.path() / "nothing-here").string()), UserError);
}

// ---- backup and restore ------------------------------------------------------------------------

TEST_F(MaintenanceTest, BackupThenRestoreGivesTheSameArchive) {
  const fs::path backup = dir_.path() / "backup";
  BackupReport b = backup_archive(archive(), backup.string(), "test");
  EXPECT_TRUE(b.complete());
  EXPECT_EQ(b.documents, kDocuments);
  EXPECT_EQ(b.register_entries, kDocuments);
  EXPECT_EQ(b.pdf_files, kDocuments);
  EXPECT_EQ(b.linked + b.copied, kDocuments);
  EXPECT_EQ(b.linked, kDocuments);  // same filesystem
  const std::string info = read_file(backup / "BACKUP-INFO");
  EXPECT_NE(info.find("complete: yes"), std::string::npos) << info;
  EXPECT_NE(info.find("vanthu: test"), std::string::npos) << info;
  EXPECT_NE(info.find("documents: 4"), std::string::npos) << info;
  EXPECT_FALSE(fs::exists(backup / "catalog.sqlite-wal"));  // self-contained

  const fs::path restored = dir_.path() / "restored";
  RestoreReport r = restore_archive(backup.string(), restored.string());
  EXPECT_EQ(r.documents, kDocuments);
  EXPECT_EQ(r.pdf_files, kDocuments);
  EXPECT_TRUE(r.verify.ok()) << describe(r.verify);
  EXPECT_TRUE(r.verify.findings.empty()) << describe(r.verify);

  auto before = dump_catalog(catalog());
  auto after = dump_catalog((restored / "catalog.sqlite").string());
  EXPECT_EQ(before.at("documents").size(), static_cast<std::size_t>(kDocuments));
  EXPECT_EQ(before, after);
  EXPECT_EQ(pdf_files(archive_), pdf_files(restored));
  // The restored files are copies, read-only, and the restored catalog is in WAL mode again.
  for (const auto& e : fs::recursive_directory_iterator(restored / "pdf")) {
    if (!e.is_regular_file()) continue;
    struct stat st {};
    ASSERT_EQ(stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_nlink, 1u) << e.path();
    EXPECT_EQ(st.st_mode & 0777, 0444u) << e.path();
  }
  {
    Catalog c((restored / "catalog.sqlite").string(), false);
    auto st = c.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "wal");
  }
  // And it works: the next issue takes number 5.
  const fs::path data = dir_.path() / "issue.yaml";
  write_file(data, issuable_002());
  RunResult next = run_vanthu({"issue", data.string(), "--archive", restored.string(), "--json"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.out.find("\"number\":5"), std::string::npos) << next.out;
}

TEST_F(MaintenanceTest, BackupToAnotherFilesystemCopiesAndChecksEachFile) {
  std::error_code ec;
  struct stat a {
  }, b{};
  if (stat("/dev/shm", &b) != 0 || stat(archive().c_str(), &a) != 0 || a.st_dev == b.st_dev ||
      access("/dev/shm", W_OK) != 0)
    GTEST_SKIP() << "no writable /dev/shm on another filesystem";
  char tmpl[] = "/dev/shm/vanthu-backup-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dest = fs::path(tmpl) / "backup";
  BackupReport r = backup_archive(archive(), dest.string(), "test");
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.copied, kDocuments);
  EXPECT_EQ(r.linked, 0);
  EXPECT_EQ(pdf_files(archive_), pdf_files(dest));
  RestoreReport back = restore_archive(dest.string(), (dir_.path() / "restored").string());
  EXPECT_TRUE(back.verify.ok()) << describe(back.verify);
  fs::remove_all(tmpl, ec);
}

TEST_F(MaintenanceTest, BackupWhileAnotherConnectionWritesIsASnapshot) {
  // Another connection holds an open write transaction that adds a fifth document (whose PDF
  // does not exist) while the backup runs. WAL readers do not wait for writers, so the backup
  // finishes meanwhile, and it must not contain the uncommitted row.
  std::promise<void> written, backed_up;
  std::future<void> backed_up_f = backed_up.get_future();
  std::string writer_error;
  std::thread writer([&] {
    try {
      Catalog c(catalog(), false);
      WriteTransaction txn(c);
      c.exec(
          "INSERT INTO documents (kind, number, symbol, issuer, issuer_code, date, subject, "
          "signer, recipients, pages, bytes, sha256, profile, source) SELECT kind, 5, "
          "'05-CT/HU', issuer, issuer_code, date, subject, signer, recipients, pages, bytes, "
          "'" +
          std::string(64, 'e') + "', profile, source FROM documents WHERE id = 1");
      c.exec(
          "INSERT INTO register (series_id, number, symbol, kind, date, document_id) "
          "VALUES (1, 5, '05-CT/HU', 'CT', '2023-05-10', last_insert_rowid())");
      written.set_value();
      backed_up_f.wait();
      txn.commit();
    } catch (const std::exception& e) {
      writer_error = e.what();
      written.set_value();
    }
  });
  written.get_future().wait();
  if (!writer_error.empty()) {
    writer.join();
    FAIL() << "the writer failed: " << writer_error;
  }
  const auto start = std::chrono::steady_clock::now();
  std::optional<BackupReport> b;
  try {
    b = backup_archive(archive(), (dir_.path() / "during").string(), "test");
  } catch (...) {
    backed_up.set_value();
    writer.join();
    throw;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  backed_up.set_value();
  writer.join();

  EXPECT_LT(seconds, 5.0) << "the backup waited for the writer";
  EXPECT_TRUE(b->complete());
  EXPECT_EQ(b->documents, kDocuments);
  EXPECT_EQ(b->register_entries, kDocuments);
  RestoreReport r =
      restore_archive((dir_.path() / "during").string(), (dir_.path() / "restored").string());
  EXPECT_TRUE(r.verify.ok()) << describe(r.verify);
  EXPECT_EQ(r.verify.counts.documents, kDocuments);

  // The write was committed afterwards: a new backup sees it, and finds its PDF missing.
  BackupReport after = backup_archive(archive(), (dir_.path() / "after").string(), "test");
  EXPECT_EQ(after.documents, kDocuments + 1);
  EXPECT_FALSE(after.complete());
  ASSERT_EQ(after.problems.size(), 1u);
  EXPECT_EQ(after.problems[0].check, "pdf-missing");
  EXPECT_NE(read_file(dir_.path() / "after" / "BACKUP-INFO").find("complete: no"),
            std::string::npos);
  EXPECT_THROW(
      restore_archive((dir_.path() / "after").string(), (dir_.path() / "restored-2").string()),
      UserError);
  EXPECT_FALSE(fs::exists(dir_.path() / "restored-2"));
}

TEST_F(MaintenanceTest, RestoreRefusesANonEmptyTarget) {
  const fs::path backup = dir_.path() / "backup";
  ASSERT_TRUE(backup_archive(archive(), backup.string(), "test").complete());
  // Into the live archive itself, and into a directory with one unrelated file.
  try {
    restore_archive(backup.string(), archive());
    FAIL() << "restored over an archive";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("is not empty"), std::string::npos) << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
  const fs::path other = dir_.path() / "other";
  fs::create_directories(other);
  write_file(other / "notes.txt", "keep me");
  EXPECT_THROW(restore_archive(backup.string(), other.string()), UserError);
  EXPECT_EQ(read_file(other / "notes.txt"), "keep me");
  EXPECT_EQ(std::distance(fs::directory_iterator(other), fs::directory_iterator()), 1);
  // An empty directory is fine.
  const fs::path empty = dir_.path() / "empty";
  fs::create_directories(empty);
  EXPECT_TRUE(restore_archive(backup.string(), empty.string()).verify.ok());
}

TEST_F(MaintenanceTest, BackupRefusesANonEmptyDestination) {
  const fs::path dest = dir_.path() / "dest";
  fs::create_directories(dest);
  write_file(dest / "x", "x");
  EXPECT_THROW(backup_archive(archive(), dest.string(), "test"), UserError);
  EXPECT_THROW(backup_archive(archive(), (archive_ / "inside").string(), "test"), UserError);
}

TEST_F(MaintenanceTest, RestoreRefusesADamagedOrUnfinishedBackup) {
  const fs::path backup = dir_.path() / "backup";
  ASSERT_TRUE(backup_archive(archive(), backup.string(), "test").complete());
  const fs::path target = dir_.path() / "restored";

  // A damaged PDF in the backup (a new file, not the hard-linked one, which is the archive's).
  const std::string sha = sha_of(2);
  const fs::path pdf = backup / "pdf" / sha.substr(0, 2) / (sha + ".pdf");
  std::string bytes = read_file(pdf);
  bytes[100] ^= 1;
  fs::remove(pdf);
  write_file(pdf, bytes);
  try {
    restore_archive(backup.string(), target.string());
    FAIL() << "restored a damaged backup";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find(sha + ".pdf: damaged"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(target)) << "a refused restore leaves nothing behind";
  EXPECT_TRUE(verify_archive(archive()).ok());  // the archive's own file is untouched

  // A damaged catalog in the backup.
  const fs::path backup2 = dir_.path() / "backup2";
  ASSERT_TRUE(backup_archive(archive(), backup2.string(), "test").complete());
  std::string cat = read_file(backup2 / "catalog.sqlite");
  cat[cat.size() - 10] ^= 1;
  write_file(backup2 / "catalog.sqlite", cat);
  EXPECT_THROW(restore_archive(backup2.string(), target.string()), UserError);
  EXPECT_FALSE(fs::exists(target));

  // A backup that never finished (no BACKUP-INFO).
  const fs::path backup3 = dir_.path() / "backup3";
  ASSERT_TRUE(backup_archive(archive(), backup3.string(), "test").complete());
  fs::remove(backup3 / "BACKUP-INFO");
  EXPECT_THROW(restore_archive(backup3.string(), target.string()), UserError);
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(MaintenanceTest, BackupOfADamagedArchiveIsMarkedIncomplete) {
  const fs::path pdf = pdf_of(1);
  std::string bytes = read_file(pdf);
  bytes[50] ^= 4;
  fs::permissions(pdf, fs::perms::owner_write, fs::perm_options::add);
  write_file(pdf, bytes);
  BackupReport b = backup_archive(archive(), (dir_.path() / "backup").string(), "test");
  EXPECT_FALSE(b.complete());
  ASSERT_EQ(b.problems.size(), 1u);
  EXPECT_EQ(b.problems[0].check, "pdf-damaged");
  EXPECT_EQ(b.pdf_files, kDocuments - 1);  // the damaged file is not copied
}

}  // namespace
}  // namespace vanthu::archive
