// `entente export MISSION|LAYER [--format F] [--releasable-to R] [--phase N] [--allow-empty] -o OUT` and
// `entente import OVERLAY -o MISSION`: overlays for partners' tools (scene/overlay_export.*) and back.
#include "cli.hpp"
#include "command.hpp"
#include "geo/error.hpp"
#include "missions/persistence.hpp"
#include "scene/overlay_export.hpp"

#include <cstdio>
#include <filesystem>

namespace entente::app {

namespace {

namespace fs = std::filesystem;

int cmd_export(const std::string& mission_path, const ExportRequest& req) {
    if (!missions::is_mission_file(mission_path)) {
        // Any other vector file: reprojected to WGS84 for partners' tools.
        try {
            if (req.filtered || !req.recipient.empty() || !req.phase.empty())
                throw geo::InputError(mission_path, "--releasable-to and --phase apply to mission files only",
                                      geo::ErrorKind::Unsupported);
            const size_t n = export_layer_file(mission_path, req.output, req.format);
            std::printf("exported %zu feature(s) of %s to %s (%s, WGS84 longitude/latitude)\n", n,
                        mission_path.c_str(), req.output.c_str(), missions::to_string(req.format));
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "entente export: %s\n", e.what());
            return exit_code(e);
        }
    }
    try {
        const missions::Mission m = missions::load_mission(mission_path);
        const ExportResult r = export_overlay(m, req);
        if (req.format == missions::ExportFormat::KML && !m.units.empty())
            std::fprintf(stderr,
                         "entente export: note: plain KML shows units as pins in their identity colour; "
                         "for the unit symbols as icons, export KMZ (--format kmz, or -o FILE.kmz)\n");
        std::printf("exported %zu feature(s) of %s to %s (%s%s%s)\n", r.features, m.name.c_str(),
                    req.output.c_str(), missions::to_string(req.format),
                    req.recipient.empty() ? "" : ", releasable to ", req.recipient.c_str());
        if (!r.withheld.empty()) {
            std::printf("withheld %zu element(s) from %s:\n", r.withheld.size(), req.recipient.c_str());
            for (const auto& w : r.withheld)
                std::printf("  %s (%s): %s\n", w.id.c_str(), w.name.c_str(), w.reason.c_str());
        }
        return 0;
    } catch (const EmptyExport& e) {
        std::fprintf(stderr,
                     "entente export: %s; nothing was written (--allow-empty writes the empty overlay)\n",
                     e.what());
        for (const auto& w : e.withheld)
            std::fprintf(stderr, "  withheld %s (%s): %s\n", w.id.c_str(), w.name.c_str(), w.reason.c_str());
        return exit_code(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente export: %s\n", e.what());
        return exit_code(e);
    }
}

int cmd_import(const std::string& overlay_path, const std::string& mission_path) {
    try {
        bool whole = false; // the overlay carries the mission (name, D-day, phases, ...), not just elements
        missions::Mission m = missions::import_overlay(overlay_path, &whole);
        if (!whole) m.name = fs::path(mission_path).stem().stem().string();
        missions::save_mission(m, mission_path);
        std::printf("imported %zu unit(s) and %zu control measure(s) from %s into %s\n", m.units.size(),
                    m.measures.size(), overlay_path.c_str(), mission_path.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente import: %s\n", e.what());
        return exit_code(e);
    }
}

class ExportCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand("export", "Export a mission as an overlay for partners' tools");
        c->add_option("mission", mission_, "The mission file (NAME.entente.gpkg)")->required();
        c->add_option(
            "--format", format_,
            "geojson, kml, kmz, gpkg, cot or csv; default: from the output's extension (.geojson/.json, "
            ".kml, .kmz, .gpkg, .cot/.xml, .csv), which must match it when both are given");
        releasable_to_ = c->add_option("--releasable-to", req_.recipient,
                                       "Only what this organisation (e.g. NATO) or nation (ISO alpha-3) may "
                                       "see; an empty, blank or unknown recipient is refused");
        c->add_option("--phase", req_.phase, "Only this phase (1 = first, or its id)");
        c->add_option("-o,--output", req_.output, "Output file")->required();
        c->add_flag("--allow-empty", req_.allow_empty,
                    "Write the overlay even when it holds nothing (everything withheld); otherwise refused");
        return c;
    }
    int run() override {
        // The format: --format, or the output's extension; both given, they must agree.
        const missions::FormatChoice f = missions::choose_export_format(format_, req_.output);
        if (!f.format) {
            std::fprintf(stderr, "entente export: %s\n", f.error.c_str());
            return 2;
        }
        req_.format = *f.format;
        req_.filtered = releasable_to_->count() > 0;
        return cmd_export(mission_, req_);
    }

  private:
    ExportRequest req_;
    std::string mission_, format_;
    CLI::Option* releasable_to_ = nullptr;
};

class ImportCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand("import", "Make a mission from an overlay Entente exported");
        c->add_option("overlay", overlay_, "GeoJSON, GeoPackage, KML or KMZ exported by Entente")->required();
        c->add_option("-o,--output", mission_, "The new mission file (NAME.entente.gpkg)")->required();
        return c;
    }
    int run() override { return cmd_import(overlay_, mission_); }

  private:
    std::string overlay_, mission_;
};

} // namespace

std::unique_ptr<Command> export_command() {
    return std::make_unique<ExportCommand>();
}

std::unique_ptr<Command> import_command() {
    return std::make_unique<ImportCommand>();
}

} // namespace entente::app
