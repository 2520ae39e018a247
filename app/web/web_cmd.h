// The web application's commands: `vanthu serve` and `vanthu user add|list` (the first admin is
// created here, from the command line).
#pragma once

#include <CLI/CLI.hpp>

namespace vanthu::app::web {

void add_web_commands(CLI::App& app);

}  // namespace vanthu::app::web
