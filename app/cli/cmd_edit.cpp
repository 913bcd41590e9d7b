// Mission commands: `entente edit MISSION --apply OPS.json` (the window's edit vocabulary, from a script) and
// `entente validate MISSION`.
#include "command.hpp"

#include "cli.hpp"

#include "geo/error.hpp"
#include "missions/document.hpp"
#include "missions/persistence.hpp"
#include "missions/validate.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace entente::app {

int cmd_edit(const std::string& mission_path, const std::string& ops_path) {
    namespace fs = std::filesystem;
    nlohmann::json ops;
    try {
        ops = missions::read_ops_file(ops_path); // size, depth and regular-file limits
    } catch (const geo::InputError& e) {
        std::fprintf(stderr, "entente edit: %s\n", e.what());
        return exit_code(e);
    }
    if (ops.is_object()) ops = nlohmann::json::array({ops});
    try {
        missions::Mission m;
        const bool exists = fs::exists(mission_path);
        if (exists)
            m = missions::load_mission(mission_path);
        else
            m.name = fs::path(mission_path).stem().stem().string(); // NAME.entente.gpkg -> NAME
        missions::Document doc(std::move(m));
        try {
            doc.execute_all(ops);
        } catch (const missions::LimitExceeded& e) {
            std::fprintf(stderr, "entente edit: %s: refused: %s; %s left unchanged\n", ops_path.c_str(),
                         e.what(), mission_path.c_str());
            return exit_code(geo::ErrorKind::OutOfRange);
        } catch (const std::invalid_argument& e) {
            // Nothing is saved: the mission file stays as it was.
            std::fprintf(stderr, "entente edit: %s: %s; %s left unchanged\n", ops_path.c_str(), e.what(),
                         mission_path.c_str());
            return 1;
        }
        missions::save_mission(doc.mission(), mission_path);
        const auto& r = doc.mission();
        std::printf("%s %s: applied %zu operation(s); %zu phase(s), %zu unit(s), %zu control measure(s)\n",
                    exists ? "updated" : "created", mission_path.c_str(), ops.size(), r.phases.size(),
                    r.units.size(), r.measures.size());
        return 0;
    } catch (const geo::InputError& e) {
        std::fprintf(stderr, "entente edit: %s\n", e.what());
        return exit_code(e);
    }
}

// `entente validate MISSION`: the plan's diagnostics; non-zero exit when there are errors.
int cmd_validate(const std::string& mission_path, bool json, const std::string& risk, double risk_threshold) {
    try {
        const missions::Mission m = missions::load_mission(mission_path);
        missions::ValidationOptions opt;
        opt.risk_raster = risk;
        opt.risk_threshold = risk_threshold;
        const auto r = missions::validate(m, opt);
        if (json) {
            std::printf("%s\n", to_json(r).dump(2).c_str());
        } else {
            for (const auto& d : r.diagnostics) {
                std::printf("%s [%s] %s",
                            d.severity == missions::Diagnostic::Severity::Error ? "error" : "warning",
                            d.rule.c_str(), d.message.c_str());
                if (d.where) std::printf(" at %.5f, %.5f", d.where->lat, d.where->lon);
                std::printf("\n");
            }
            std::printf("%s: %zu error(s), %zu warning(s)\n", mission_path.c_str(), r.errors(),
                        r.diagnostics.size() - r.errors());
        }
        return r.errors() > 0 ? 1 : 0;
    } catch (const geo::InputError& e) {
        std::fprintf(stderr, "entente validate: %s\n", e.what());
        return exit_code(e);
    }
}

namespace {

class EditCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c =
            app.add_subcommand("edit", "Apply edit operations (JSON) to a mission file, creating it if new");
        c->add_option("mission", mission_, "The mission file (NAME.entente.gpkg)")->required();
        c->add_option("--apply", ops_, "JSON file with one operation or an array of them")->required();
        return c;
    }
    int run() override { return cmd_edit(mission_, ops_); }

  private:
    std::string mission_, ops_;
};

class ValidateCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c =
            app.add_subcommand("validate", "Check a mission plan; exits non-zero when there are errors");
        c->add_option("mission", mission_, "The mission file")->required();
        c->add_flag("--json", json_, "Machine-readable output");
        c->add_option("--risk", risk_, "Risk raster to sample along routes");
        c->add_option("--risk-threshold", threshold_, "Routes crossing risk above this are errors")
            ->check(finite_number());
        return c;
    }
    int run() override { return cmd_validate(mission_, json_, risk_, threshold_); }

  private:
    std::string mission_, risk_;
    bool json_ = false;
    double threshold_ = 0;
};

} // namespace

std::unique_ptr<Command> edit_command() {
    return std::make_unique<EditCommand>();
}

std::unique_ptr<Command> validate_command() {
    return std::make_unique<ValidateCommand>();
}

} // namespace entente::app
