// The `entente` subcommands as a table: each file cmd_NAME.cpp adds its subcommand and options to the parser
// and runs it when chosen. run_cli (cli.cpp) parses, runs the chosen one and maps errors to exit codes.
#pragma once
#include <CLI/CLI.hpp>

#include <memory>
#include <vector>

namespace entente::app {

class Command {
  public:
    virtual ~Command() = default;
    // Adds the subcommand and its options to `app`; returns the subcommand.
    virtual CLI::App* add(CLI::App& app) = 0;
    // Runs it after a successful parse; returns the exit status.
    virtual int run() = 0;
};

std::unique_ptr<Command> render_command();
std::unique_ptr<Command> info_command();
std::unique_ptr<Command> load_command();
std::unique_ptr<Command> alliances_command();
std::unique_ptr<Command> coord_command();
std::unique_ptr<Command> edit_command();
std::unique_ptr<Command> validate_command();
std::unique_ptr<Command> brief_command();
std::unique_ptr<Command> export_command();
std::unique_ptr<Command> import_command();
std::unique_ptr<Command> symbol_command();

// In the order --help lists them.
inline std::vector<std::unique_ptr<Command>> all_commands() {
    std::vector<std::unique_ptr<Command>> c;
    for (auto make :
         {render_command, info_command, load_command, alliances_command, coord_command, edit_command,
          validate_command, brief_command, export_command, import_command, symbol_command})
        c.push_back(make());
    return c;
}

} // namespace entente::app
