// One open archive: its directory, catalog connection, register and document store, for the
// service layer to use together (a number, its PDF and its catalog row commit in one transaction).
#pragma once

#include <memory>
#include <string>

#include "archive/archive_dir.h"
#include "archive/catalog.h"
#include "archive/register.h"
#include "archive/store.h"

namespace vanthu::archive {

class Archive {
 public:
  // Opens the archive at `dir`. With `create`, the directory and catalog are made when missing;
  // without, a missing catalog is a UserError ("no archive at …").
  Archive(const std::string& dir, bool create);

  const ArchiveDir& dir() const { return dir_; }
  Catalog& catalog() { return *catalog_; }
  Register& reg() { return register_; }
  Store& store() { return store_; }

 private:
  ArchiveDir dir_;
  std::unique_ptr<Catalog> catalog_;
  Register register_;
  Store store_;
};

}  // namespace vanthu::archive
