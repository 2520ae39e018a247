// Opening an archive directory.
#include "archive/archive.h"

#include "archive/errors.h"

namespace vanthu::archive {

namespace {

std::unique_ptr<Catalog> open_catalog(const ArchiveDir& dir, bool create) {
  if (create) {
    dir.create();
  } else if (!dir.has_catalog()) {
    throw UserError("no archive at " + dir.root() + " (catalog.sqlite not found)",
                    "issue a document first, or pass --archive DIR or set $VANTHU_ARCHIVE");
  }
  return std::make_unique<Catalog>(dir.catalog_path(), create);
}

}  // namespace

Archive::Archive(const std::string& dir, bool create)
    : dir_(dir),
      catalog_(open_catalog(dir_, create)),
      register_(*catalog_),
      store_(dir_, *catalog_) {}

}  // namespace vanthu::archive
