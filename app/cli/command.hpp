// The `entente` subcommands as a table: each file cmd_NAME.cpp adds its subcommand and options to the parser
// and runs it when chosen. run_cli (cli.cpp) parses, runs the chosen one and maps errors to exit codes.
#pragma once
#include "geo/alliances.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
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

// For numeric options: refuses NaN and infinities (which CLI11 otherwise reads as numbers) at parse time.
const CLI::Validator& finite_number();

std::unique_ptr<Command> render_command();
std::unique_ptr<Command> info_command();
std::unique_ptr<Command> load_command();
std::unique_ptr<Command> alliances_command();
std::unique_ptr<Command> operations_command();
std::unique_ptr<Command> coord_command();
std::unique_ptr<Command> edit_command();
std::unique_ptr<Command> validate_command();
std::unique_ptr<Command> brief_command();
std::unique_ptr<Command> export_command();
std::unique_ptr<Command> import_command();
std::unique_ptr<Command> symbol_command();

// `--date` of `alliances` and `operations`: YYYY-MM-DD, or empty for today; nullopt (after one line on stderr
// naming the command and the value) when it is not a calendar day.
std::optional<geo::Date> parse_day_option(const char* command, const std::string& text);

// A subcommand that reports on one day: `NAME --date D [--org X ...] [--json]` (alliances, operations).
class DayReportCommand : public Command {
  public:
    using Report = int (*)(const std::string& date, const std::vector<std::string>& orgs, bool json);
    DayReportCommand(const char* name, const char* help, const char* org_help, Report report)
        : name_(name), help_(help), org_help_(org_help), report_(report) {}
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand(name_, help_);
        c->add_option("--date", date_, "The day, YYYY-MM-DD (default: today)");
        c->add_option("--org", orgs_, org_help_);
        c->add_flag("--json", json_, "Machine-readable output");
        return c;
    }
    int run() override { return report_(date_, orgs_, json_); }

  private:
    const char *name_, *help_, *org_help_;
    Report report_;
    std::string date_;
    std::vector<std::string> orgs_;
    bool json_ = false;
};

// In the order --help lists them.
inline std::vector<std::unique_ptr<Command>> all_commands() {
    std::vector<std::unique_ptr<Command>> c;
    for (auto make :
         {render_command, info_command, load_command, alliances_command, operations_command, coord_command,
          edit_command, validate_command, brief_command, export_command, import_command, symbol_command})
        c.push_back(make());
    return c;
}

} // namespace entente::app
