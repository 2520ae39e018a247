// The maintenance commands of `vanthu`: verify, backup and restore (archive/maintenance.h,
// docs/maintenance.md).
#pragma once

#include <CLI/CLI.hpp>

namespace vanthu::app {

// Adds the subcommands `verify`, `backup` and `restore` to `app`. Each runs from its CLI11
// callback during app.parse() and then ends the process with its exit status (std::exit):
// 0 done (verify: no errors, warnings allowed), 2 problems found or a user error, 1 internal
// error. So main() needs no dispatch code for them.
void add_maintenance_commands(CLI::App& app);

// The same commands as functions returning the exit status, for tests and other front ends.
int run_verify(const std::string& archive_option, bool json);
int run_backup(const std::string& dest, const std::string& archive_option);
int run_restore(const std::string& backup, const std::string& archive_option);

}  // namespace vanthu::app
