#include "cli.hpp"

#include "command.hpp"
#include "geo/error.hpp"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace entente::app {

int exit_code(geo::ErrorKind kind) {
    switch (kind) {
    case geo::ErrorKind::Failed:
        return 1;
    case geo::ErrorKind::NotFound:
        return 3;
    case geo::ErrorKind::Unsupported:
        return 4;
    case geo::ErrorKind::Corrupt:
        return 5;
    case geo::ErrorKind::RefusedForSafety:
        return 6;
    case geo::ErrorKind::OutOfRange:
        return 7;
    }
    return 1;
}

int exit_code(const std::exception& e) {
    const auto* input = dynamic_cast<const geo::InputError*>(&e);
    return input ? exit_code(input->kind()) : 1;
}

const CLI::Validator& finite_number() {
    static const CLI::Validator v(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            const double d = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0') return "not a number: " + text;
            return std::isfinite(d) ? "" : "not a finite number: " + text;
        },
        "FINITE");
    return v;
}

int run_cli(int argc, char** argv, int (*run_window)(const WindowOptions&)) {
    CLI::App app{
        "Entente: maps for planning multinational peace-support and joint operations.\n"
        "With no subcommand, opens the map window (or, with no display, renders the demo to a PNG)."};
    app.set_version_flag("--version", "entente 0.1.0");
    app.footer(
        "Exit codes: 0 done; 1 failed (for validate: the plan has errors); 2 bad usage or option value;\n"
        "3 not found (file, phase, slide, organisation); 4 unsupported (not a format or file kind\n"
        "Entente reads); 5 corrupt (damaged file); 6 refused for safety (e.g. a mission file with views\n"
        "or foreign triggers; an export in which releasability withholds everything); 7 out of range\n"
        "(a coordinate, size or number outside its limits).");
    WindowOptions wopt;
    app.add_option("files", wopt.files, "Files to open in the window (any GDAL vector or raster source)");
    app.add_option("--crs", wopt.crs, "Display projection for the window");
    const auto commands = all_commands();
    std::vector<CLI::App*> subs;
    for (const auto& c : commands)
        subs.push_back(c->add(app));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11's own codes (104-114) would collide with nothing a script expects; the footer promises 2.
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    try {
        for (size_t i = 0; i < commands.size(); ++i)
            if (*subs[i]) return commands[i]->run();
    } catch (const geo::InputError& e) {
        std::cerr << "entente: " << e.what() << "\n";
        return exit_code(e);
    } catch (const std::exception& e) {
        std::cerr << "entente: " << e.what() << "\n";
        return 1;
    }
    // A bare word that is no file is a mistyped subcommand ("entente rendr"), not a layer for the window.
    for (const std::string& f : wopt.files) {
        std::error_code ec;
        if (f.empty() || f.find_first_of("./:\\") != std::string::npos || std::filesystem::exists(f, ec))
            continue;
        std::string names;
        for (auto* sub : subs)
            names += (names.empty() ? "" : ", ") + sub->get_name();
        std::cerr << "entente: " << f << ": neither a subcommand nor a file here; the subcommands are "
                  << names << " (entente --help)\n";
        return 2;
    }
    if (!run_window) {
        std::cerr << "entente: this build has no window; give a subcommand (entente --help)\n";
        return 2;
    }
    return run_window(wopt);
}

} // namespace entente::app
