// The search schema (versions 2 and 3), `vi_fold`, and the FTS5 tokenizer `vi` that version 2's
// index used (still registered so that the upgrade to version 3 can drop that index; see index.h).
// No C++ exception leaves a callback: each one catches and returns an SQLite error code.
#include "archive/index.h"

#include <sqlite3.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/engine/text_index.h"
#include "archive/pdf_text.h"
#include "archive/store.h"
#include "archive/text/fold.h"
#include "archive/text/tokenizer.h"

namespace vanthu::archive {

const char* const kSearchSchemaV2 = R"sql(
-- Metadata of archive-metadata.md §5 that v1 did not keep. Imported documents have most of them.
ALTER TABLE documents ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT 'vi';
ALTER TABLE documents ADD COLUMN confidentiality TEXT NOT NULL DEFAULT '';  -- độ mật; '' none
ALTER TABLE documents ADD COLUMN source_file TEXT NOT NULL DEFAULT '';      -- data file or PDF name
ALTER TABLE documents ADD COLUMN needs_ocr INTEGER NOT NULL DEFAULT 0;      -- scan without text
ALTER TABLE documents ADD COLUMN missing_fields TEXT NOT NULL DEFAULT '[]'; -- JSON array of names
ALTER TABLE documents ADD COLUMN imported_at TEXT;                          -- UTC, ISO 8601
ALTER TABLE documents ADD COLUMN corrects INTEGER REFERENCES documents(id); -- the corrected document
CREATE INDEX documents_date ON documents(date);
CREATE TRIGGER documents_source_known BEFORE INSERT ON documents
  WHEN NEW.source NOT IN ('issued', 'imported')
  BEGIN SELECT RAISE(ABORT, 'a document''s source is issued or imported'); END;

-- The text of each document (NFC; pages separated by form feeds), extracted from its PDF. It is
-- derived data: it can be extracted again from the stored PDF. A document is in the index once
-- it has a row here (an empty text for a PDF without one); documents without a row are found by
-- documents_without_text() and indexed by index_missing_texts().
CREATE TABLE document_text (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  text        TEXT NOT NULL
);

-- Documents without a text row yet, so that finding them does not scan the catalog.
CREATE TABLE document_text_pending (document_id INTEGER PRIMARY KEY);
INSERT INTO document_text_pending (document_id) SELECT id FROM documents;
CREATE TRIGGER documents_pending_ai AFTER INSERT ON documents BEGIN
  INSERT OR IGNORE INTO document_text_pending (document_id) VALUES (NEW.id);
END;
CREATE TRIGGER documents_pending_ad AFTER DELETE ON documents BEGIN
  DELETE FROM document_text_pending WHERE document_id = OLD.id;
END;
CREATE TRIGGER document_text_pending_ai AFTER INSERT ON document_text BEGIN
  DELETE FROM document_text_pending WHERE document_id = NEW.document_id;
END;
CREATE TRIGGER document_text_pending_ad AFTER DELETE ON document_text BEGIN
  INSERT OR IGNORE INTO document_text_pending (document_id)
  SELECT id FROM documents WHERE id = OLD.document_id;
END;

CREATE VIEW document_search_content AS
  SELECT d.id AS id, d.symbol AS symbol, d.subject AS subject, d.issuer AS issuer,
         d.signer AS signer, t.text AS body
  FROM documents d JOIN document_text t ON t.document_id = d.id;

CREATE VIRTUAL TABLE document_search USING fts5(
  symbol, subject, issuer, signer, body,
  content = 'document_search_content', content_rowid = 'id', tokenize = 'vi');

-- An external-content index must be told the old values of a row to forget it: these triggers
-- keep it in step with every change to document_text and to the indexed columns of documents,
-- whoever makes it. One index row per text row.
CREATE TRIGGER document_text_search_ai AFTER INSERT ON document_text BEGIN
  INSERT INTO document_search (rowid, symbol, subject, issuer, signer, body)
  SELECT id, symbol, subject, issuer, signer, NEW.text FROM documents WHERE id = NEW.document_id;
END;
CREATE TRIGGER document_text_search_ad AFTER DELETE ON document_text BEGIN
  INSERT INTO document_search (document_search, rowid, symbol, subject, issuer, signer, body)
  SELECT 'delete', id, symbol, subject, issuer, signer, OLD.text FROM documents
  WHERE id = OLD.document_id;
END;
CREATE TRIGGER document_text_search_au AFTER UPDATE ON document_text BEGIN
  INSERT INTO document_search (document_search, rowid, symbol, subject, issuer, signer, body)
  SELECT 'delete', id, symbol, subject, issuer, signer, OLD.text FROM documents
  WHERE id = OLD.document_id;
  INSERT INTO document_search (rowid, symbol, subject, issuer, signer, body)
  SELECT id, symbol, subject, issuer, signer, NEW.text FROM documents WHERE id = NEW.document_id;
END;
CREATE TRIGGER documents_search_au AFTER UPDATE OF id, symbol, subject, issuer, signer
  ON documents BEGIN
  INSERT INTO document_search (document_search, rowid, symbol, subject, issuer, signer, body)
  SELECT 'delete', OLD.id, OLD.symbol, OLD.subject, OLD.issuer, OLD.signer, text
  FROM document_text WHERE document_id = OLD.id;
  INSERT INTO document_search (rowid, symbol, subject, issuer, signer, body)
  SELECT NEW.id, NEW.symbol, NEW.subject, NEW.issuer, NEW.signer, text
  FROM document_text WHERE document_id = OLD.id;
END;
-- A document that may be deleted (imported ones) takes its text, and so its index row, with it.
CREATE TRIGGER documents_text_bd BEFORE DELETE ON documents WHEN OLD.source <> 'issued' BEGIN
  DELETE FROM document_text WHERE document_id = OLD.id;
END;
)sql";

const char* const kSearchSchemaV3 = R"sql(
-- The FTS5 index gives way to vanthu's own (archive/engine/text_index.h), which lives in the
-- directory index/ and follows the catalog through this change log.
DROP TRIGGER document_text_search_ai;
DROP TRIGGER document_text_search_ad;
DROP TRIGGER document_text_search_au;
DROP TRIGGER documents_search_au;
DROP TABLE document_search;
DROP VIEW document_search_content;

-- One row per change to a document's text or indexed metadata; the index applies them in order.
CREATE TABLE index_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL
);
INSERT INTO index_changes (document_id) SELECT document_id FROM document_text ORDER BY document_id;
CREATE TRIGGER document_text_changes_ai AFTER INSERT ON document_text BEGIN
  INSERT INTO index_changes (document_id) VALUES (NEW.document_id);
END;
CREATE TRIGGER document_text_changes_au AFTER UPDATE ON document_text BEGIN
  INSERT INTO index_changes (document_id) VALUES (OLD.document_id);
  INSERT INTO index_changes (document_id) SELECT NEW.document_id WHERE NEW.document_id <> OLD.document_id;
END;
CREATE TRIGGER document_text_changes_ad AFTER DELETE ON document_text BEGIN
  INSERT INTO index_changes (document_id) VALUES (OLD.document_id);
END;
CREATE TRIGGER documents_changes_au AFTER UPDATE OF id, kind, symbol, issuer, date, subject, signer
  ON documents BEGIN
  INSERT INTO index_changes (document_id) VALUES (OLD.id);
  INSERT INTO index_changes (document_id) SELECT NEW.id WHERE NEW.id <> OLD.id;
END;
CREATE TRIGGER documents_changes_ad AFTER DELETE ON documents BEGIN
  INSERT INTO index_changes (document_id) VALUES (OLD.id);
END;
)sql";

namespace {

// ---- the `vi` tokenizer ------------------------------------------------------------------------

int sqlite_code(const std::exception& e) {
  return dynamic_cast<const std::bad_alloc*>(&e) ? SQLITE_NOMEM : SQLITE_ERROR;
}

int tok_create(void*, const char**, int, Fts5Tokenizer** out) {
  static int instance = 0;  // the tokenizer has no state or options
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void tok_delete(Fts5Tokenizer*) {}

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

// Queries: the MATCH string's phrases come from archive/search.cpp and hold finished terms
// separated by spaces; "=…" is an exact term as it is, anything else is folded whole (so
// "1269-cv/tu" stays one term).
int tokenize_query(void* ctx, std::string_view text, TokenCallback emit) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    const std::size_t b = i;
    while (i < text.size() && !(text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    if (i == b) break;
    const std::string_view piece = text.substr(b, i - b);
    std::string term;
    if (piece[0] == text::kExactPrefix) {
      term = std::string(1, text::kExactPrefix) + text::exact_term(piece.substr(1));
    } else {
      term = text::folded_term(piece);
    }
    if (term.empty()) continue;
    int rc = emit(ctx, 0, term.data(), static_cast<int>(term.size()), static_cast<int>(b),
                  static_cast<int>(i));
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int tok_tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* p, int n, TokenCallback emit) {
  try {
    const std::string_view text(p ? p : "", p && n > 0 ? static_cast<std::size_t>(n) : 0);
    if (flags & FTS5_TOKENIZE_QUERY) return tokenize_query(ctx, text, emit);
    int rc = SQLITE_OK;
    text::index_tokens(text, [&](const text::IndexToken& t) {
      rc = emit(ctx, t.colocated ? FTS5_TOKEN_COLOCATED : 0, t.term.data(),
                static_cast<int>(t.term.size()), static_cast<int>(t.span.begin),
                static_cast<int>(t.span.end));
      return rc == SQLITE_OK;
    });
    return rc;
  } catch (const std::exception& e) {
    return sqlite_code(e);
  } catch (...) {
    return SQLITE_ERROR;
  }
}

// ---- vi_fold -----------------------------------------------------------------------------------

void vi_fold(sqlite3_context* ctx, int, sqlite3_value** argv) {
  try {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
      sqlite3_result_null(ctx);
      return;
    }
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string f = text::fold(
        std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
    sqlite3_result_text(ctx, f.data(), static_cast<int>(f.size()), SQLITE_TRANSIENT);
  } catch (const std::exception& e) {
    sqlite3_result_error_code(ctx, sqlite_code(e));
  } catch (...) {
    sqlite3_result_error_code(ctx, SQLITE_ERROR);
  }
}

fts5_api* get_fts5_api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

fts5_tokenizer kTokenizer{&tok_create, &tok_delete, &tok_tokenize};

}  // namespace

void register_search_functions(sqlite3* db) {
  fts5_api* api = get_fts5_api(db);
  if (!api || api->iVersion < 2)
    throw std::runtime_error("this SQLite has no FTS5 (needed for the archive's search)");
  if (api->xCreateTokenizer(api, "vi", nullptr, &kTokenizer, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot register the FTS5 tokenizer vi");
  if (sqlite3_create_function_v2(db, "vi_fold", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 &vi_fold, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("cannot register vi_fold: ") + sqlite3_errmsg(db));
}

void rebuild_index(Catalog& db) { engine::TextIndex::of(db)->rebuild(db); }

std::vector<int64_t> documents_without_text(Catalog& db) {
  auto st = db.prepare("SELECT document_id FROM document_text_pending ORDER BY document_id");
  std::vector<int64_t> out;
  while (st.step()) out.push_back(st.integer(0));
  return out;
}

std::size_t index_missing_texts(Catalog& db, Store& store, const std::vector<int64_t>& ids) {
  std::size_t done = 0;
  for (int64_t id : ids) {
    auto d = store.document(id);
    if (!d) continue;
    std::string text;
    try {
      text = join_pages(pdf_page_texts(store.read_pdf(*d)));
    } catch (const std::exception&) {
      text.clear();  // unreadable or missing file: indexed by its metadata only
    }
    WriteTransaction txn(db);
    if (store.has_text(id)) continue;  // another process did it meanwhile
    store.set_text(id, text);
    txn.commit();
    ++done;
  }
  return done;
}

}  // namespace vanthu::archive
