// The search side of the catalog: its schema, and what connects the catalog to the full-text
// index (archive/engine/text_index.h), which lives beside the catalog in the directory index/.
//
// The text of each document is in the catalog table document_text (NFC), so the index can be
// rebuilt from the catalog at any time (rebuild_index()). A document is indexed once it has a
// text row (empty for a PDF without text). Every change to a text row or to a document's indexed
// metadata is logged in index_changes by triggers, whoever makes it; the index applies the log.
//
// Schema version 2 had an SQLite FTS5 table with a tokenizer `vi`; version 3 drops it. The
// tokenizer is still registered on every connection so that version 2 catalogs can be upgraded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace vanthu::archive {

class Catalog;
class Store;

// Registers on `db` the FTS5 tokenizer `vi` (for upgrades) and the SQL function
// `vi_fold(text)` (folded form, see text/fold.h). Throws std::runtime_error on failure.
void register_search_functions(sqlite3* db);

// Schema version 2 additions, applied after version 1 by Catalog's migration (in its
// transaction): extra document metadata, the text table, the index and its triggers. Documents
// catalogued before have no text row yet: index_missing_texts() extracts and indexes them.
extern const char* const kSearchSchemaV2;
// Version 3: the FTS5 index is dropped for vanthu's own; the change log it follows.
extern const char* const kSearchSchemaV3;

// Rebuilds the whole index from the catalog (not inside a transaction: it commits its own).
void rebuild_index(Catalog& db);

// Documents without a row in document_text (catalogued by a vanthu without search, or text
// not yet extracted), by id.
std::vector<int64_t> documents_without_text(Catalog& db);

// Extracts the text of each document in `ids` from its stored PDF and stores it (one
// transaction per document); a PDF without text, or one Poppler cannot read, gets an empty text.
// Returns how many were done.
std::size_t index_missing_texts(Catalog& db, Store& store, const std::vector<int64_t>& ids);

}  // namespace vanthu::archive
