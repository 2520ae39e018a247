// The full-text index of the archive: an SQLite FTS5 table over each document's symbol, subject,
// issuer, signer and text, with vanthu's own Vietnamese tokenizer (archive/text/tokenizer.h).
//
// Every connection to the catalog must have the tokenizer registered before it touches the index
// (SQLite pitfall: "no such tokenizer: vi"); Catalog does it on open. The index is an external-
// content FTS5 table over the view `document_search_content` (documents joined with
// document_text), so the text is stored once. A document is indexed once it has a text row (empty
// for a PDF without text); triggers on both tables keep the index in step with every insert,
// update and delete, whoever makes them. It can be rebuilt from the catalog at any time
// (rebuild_index()).
//
// Terms: each syllable is indexed folded ("dang") and, at the same position, exact with a '='
// prefix ("=đảng") when the two differ; a document number also as one whole term ("1269-cv/tu").
// Queries are built by archive/search.cpp only: in a MATCH string a space-separated piece that
// starts with '=' is taken as an exact term as it is, any other piece is folded as a whole.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace vanthu::archive {

class Catalog;
class Store;

// Registers on `db` the FTS5 tokenizer `vi`, the FTS5 ranking function `vi_rank` and the SQL
// function `vi_fold(text)` (folded form, see text/fold.h). Throws std::runtime_error on failure.
void register_search_functions(sqlite3* db);

// Schema version 2 additions, applied after version 1 by Catalog's migration (in its
// transaction): extra document metadata, the text table, the index and its triggers. Documents
// catalogued before have no text row yet: index_missing_texts() extracts and indexes them.
extern const char* const kSearchSchemaV2;

// Names, for the query code.
inline constexpr const char* kSearchTable = "document_search";
// Column order of the index (also the order of the weights in vi_rank).
enum class IndexColumn { kSymbol = 0, kSubject = 1, kIssuer = 2, kSigner = 3, kBody = 4 };
inline constexpr int kIndexColumns = 5;
// bm25 weights per column: a hit in the symbol counts 10 times one in the text.
inline constexpr double kColumnWeights[kIndexColumns] = {10.0, 5.0, 2.0, 2.0, 1.0};

// Rebuilds the whole index from the catalog (inside the caller's transaction, if any).
void rebuild_index(Catalog& db);

// Documents without a row in document_text (catalogued by a vanthu without search, or text
// not yet extracted), by id.
std::vector<int64_t> documents_without_text(Catalog& db);

// Extracts the text of each document in `ids` from its stored PDF and stores it (one
// transaction per document); a PDF without text, or one Poppler cannot read, gets an empty text.
// Returns how many were done.
std::size_t index_missing_texts(Catalog& db, Store& store, const std::vector<int64_t>& ids);

}  // namespace vanthu::archive
