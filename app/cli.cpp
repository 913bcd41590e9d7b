#include "cli.hpp"

#include "cli_alliances.hpp"
#include "cli_coord.hpp"
#include "cli_edit.hpp"
#include "cli_symbol.hpp"
#include "overlay_export.hpp"
#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "headless_render.hpp"
#include "project_layer.hpp"
#include "render/headless.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace entente::app {

namespace {

bool parse_bbox(const std::string& s, geo::Bbox& out, std::string& why) {
    double w, so, e, n;
    char extra;
    if (std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf%c", &w, &so, &e, &n, &extra) != 4) {
        why = "expected W,S,E,N in degrees";
        return false;
    }
    if (!(w >= -180 && e <= 180 && so >= -90 && n <= 90)) {
        why = "longitudes must lie in -180..180 and latitudes in -90..90";
        return false;
    }
    if (!(so < n) || w == e) {
        why =
            "south must be less than north, and west differ from east (west > east crosses the antimeridian)";
        return false;
    }
    out = {w, so, e, n};
    return true;
}

bool parse_size(const std::string& s, int& w, int& h) {
    char x, extra;
    return std::sscanf(s.c_str(), "%d%c%d%c", &w, &x, &h, &extra) == 3 && (x == 'x' || x == 'X') && w > 0 &&
           h > 0 && w <= 16384 && h <= 16384;
}

nlohmann::json bbox_json(const geo::Bbox& b) {
    if (b.empty()) return nullptr;
    return {b.minx, b.miny, b.maxx, b.maxy};
}

int cmd_info(const std::string& file, bool json) {
    const geo::SourceInfo info = geo::describe_source(file);
    if (json) {
        nlohmann::json j{{"path", info.path}, {"driver", info.driver}, {"layers", nlohmann::json::array()}};
        for (auto& l : info.layers) {
            nlohmann::json lj{{"name", l.name},
                              {"geometry_type", l.geometry_type},
                              {"crs", l.crs},
                              {"extent", bbox_json(l.extent)},
                              {"extent_lonlat", bbox_json(l.extent_lonlat)}};
            if (l.raster) {
                lj["raster"] = {{"width", l.width},
                                {"height", l.height},
                                {"bands", l.bands},
                                {"datatype", l.datatype},
                                {"overviews", l.overviews}};
            } else {
                lj["feature_count"] = l.feature_count;
                lj["fields"] = nlohmann::json::array();
                for (auto& [n, t] : l.fields)
                    lj["fields"].push_back({{"name", n}, {"type", t}});
            }
            j["layers"].push_back(lj);
        }
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << info.path << " (" << info.driver << ")\n";
    for (auto& l : info.layers) {
        std::cout << "  layer " << l.name << ": " << l.geometry_type;
        if (l.raster)
            std::cout << ", " << l.width << "x" << l.height << ", " << l.bands << " band(s) " << l.datatype
                      << ", " << l.overviews << " overview(s)";
        else
            std::cout << ", " << l.feature_count << " feature(s)";
        std::cout << ", CRS " << l.crs << "\n";
        if (!l.extent_lonlat.empty()) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "    extent (lon/lat): %.6f, %.6f, %.6f, %.6f\n",
                          l.extent_lonlat.minx, l.extent_lonlat.miny, l.extent_lonlat.maxx,
                          l.extent_lonlat.maxy);
            std::cout << buf;
        }
        for (auto& [n, t] : l.fields)
            std::cout << "    " << n << ": " << t << "\n";
    }
    return 0;
}

// Loads each file the way the window does until it is ready to draw (read, split, tessellated, projected to
// Web Mercator render data) and reports the time: the figure the loading benchmark compares against GDAL.
int cmd_load(const std::vector<std::string>& files, const std::string& crs) {
    geo::Projection proj(geo::ProjectionSpec::parse(crs));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
        const auto t0 = std::chrono::steady_clock::now();
        geo::LoadedSource src = geo::load_source(f);
        size_t features = 0, triangles = 0, vertices = 0;
        for (auto& v : src.vectors) {
            ProjectedGeometry g = project_layer(*v, proj);
            features += v->feature_count();
            triangles += g.fill.triangles().size() / 3;
            vertices += g.fill.feature.size() + g.lines.feature.size() + g.points.feature.size();
        }
        for (auto& r : src.rasters) {
            auto p = make_raster_preview(*r);
            vertices += p->grid_lonlat.size();
        }
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        out.push_back({{"file", f},
                       {"seconds", s},
                       {"features", features},
                       {"triangles", triangles},
                       {"vertices", vertices},
                       {"warnings", src.warnings}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
}

} // namespace

int run_cli(int argc, char** argv, int (*run_window)(const WindowOptions&)) {
    CLI::App app{
        "Entente: maps for planning multinational peace-support and joint operations.\n"
        "With no subcommand, opens the map window (or, with no display, renders the demo to a PNG)."};
    app.set_version_flag("--version", "entente 0.1.0");
    WindowOptions wopt;
    app.add_option("files", wopt.files, "Files to open in the window (any GDAL vector or raster source)");
    app.add_option("--crs", wopt.crs, "Display projection for the window");

    RenderRequest rq;
    std::string bbox_text, size_text = "1600x1000", out_path;
    auto* render = app.add_subcommand("render", "Draw the map to a PNG without a window (same renderer)");
    render->add_option("files", rq.files, "Layers to draw, bottom first");
    render->add_option(
        "--bbox", bbox_text,
        "Area to show: W,S,E,N in degrees of longitude/latitude (W > E crosses the antimeridian)");
    render
        ->add_option("--crs", rq.crs,
                     "Projection: webmercator, platecarree, laea:LON,LAT, north, south, "
                     "EPSG:NNNN or a PROJ string")
        ->capture_default_str();
    render->add_option("--size", size_text, "Image size WxH in pixels")->capture_default_str();
    render->add_option("--scale", rq.scale, "Pixel ratio: scales line widths, symbols and text")
        ->capture_default_str();
    render->add_flag(
        "--no-basemap", [&](int64_t) { rq.basemap = false; }, "Leave out the built-in basemap");
    render->add_flag(
        "--no-graticule", [&](int64_t) { rq.graticule = false; }, "Leave out the graticule");
    render->add_flag("--mgrs-grid", rq.mgrs_grid,
                     "MGRS grid: zone boundaries, 100 km squares, 10 km and 1 km lines as the zoom allows");
    render->add_flag(
        "--no-labels", [&](int64_t) { rq.labels = false; }, "Leave out country names");
    render->add_flag("--gpu", rq.prefer_hardware, "Use a hardware EGL device when there is one");
    render->add_option("--date", rq.date,
                       "As-of date YYYY-MM-DD for alliances and peace operations (default today)");
    render->add_option(
        "--alliance", rq.alliances,
        "Organisation whose members to fill (repeat: first filled, second hatched, third outlined)");
    render->add_flag("--missions", rq.missions, "Peace operations active on the date, sized by personnel");
    render->add_flag(
        "--no-legend", [&](int64_t) { rq.legend = false; }, "Leave out the legend");
    render->add_option("--slide", rq.slide, "For a mission file: a briefing slide (1 = first, or its id)");
    render->add_option("--phase", rq.phase, "For a mission file: the phase to show (1 = first, or its id)");
    render->add_option(
        "--risk", rq.risk_files,
        "A raster, or a vector layer with a score attribute, drawn as a risk layer (repeatable)");
    render->add_option("--risk-threshold", rq.risk_threshold,
                       "Emphasise risk raster cells at or above this value");
    render->add_option("-o,--output", out_path, "PNG file to write, or .pdf for a georeferenced PDF")->required();

    std::string info_file;
    bool info_json = false;
    auto* info =
        app.add_subcommand("info", "Describe a file: layers, geometry types, counts, CRS, extent, fields");
    info->add_option("file", info_file, "The file")->required();
    info->add_flag("--json", info_json, "Machine-readable output");

    std::vector<std::string> load_files;
    std::string load_crs = "webmercator";
    auto* load = app.add_subcommand("load", "Load files until ready to draw and report timings (benchmarks)");
    load->add_option("files", load_files, "Files")->required();
    load->add_option("--crs", load_crs, "Projection to prepare for")->capture_default_str();

    std::string alliances_date;
    std::vector<std::string> alliances_orgs;
    bool alliances_json = false;
    auto* alliances = app.add_subcommand("alliances", "List the members of each organisation on a date");
    alliances->add_option("--date", alliances_date, "The day, YYYY-MM-DD (default: today)");
    alliances->add_option("--org", alliances_orgs, "Organisation code or name (repeatable; default: all)");
    alliances->add_flag("--json", alliances_json, "Machine-readable output");

    std::string coord_text, coord_to;
    auto* coord = app.add_subcommand(
        "coord", "Convert a coordinate: decimal degrees (latitude first), DMS, MGRS or UTM");
    coord
        ->add_option("text", coord_text,
                     "The coordinate, e.g. \"4.3666 18.5583\", \"33JXM1234\" or \"34N 780000 480000\"")
        ->required();
    coord->add_option("--to", coord_to, "latlon, dms, mgrs or utm (default: all)")
        ->check(CLI::IsMember({"latlon", "dms", "mgrs", "utm"}));

    std::string edit_mission, edit_ops;
    auto* edit =
        app.add_subcommand("edit", "Apply edit operations (JSON) to a mission file, creating it if new");
    edit->add_option("mission", edit_mission, "The mission file (NAME.entente.gpkg)")->required();
    edit->add_option("--apply", edit_ops, "JSON file with one operation or an array of them")->required();

    std::string validate_mission, validate_risk;
    bool validate_json = false;
    double validate_threshold = 0;
    auto* validate_cmd =
        app.add_subcommand("validate", "Check a mission plan; exits non-zero when there are errors");
    validate_cmd->add_option("mission", validate_mission, "The mission file")->required();
    validate_cmd->add_flag("--json", validate_json, "Machine-readable output");
    validate_cmd->add_option("--risk", validate_risk, "Risk raster to sample along routes");
    validate_cmd->add_option("--risk-threshold", validate_threshold,
                             "Routes crossing risk above this are errors");

    std::string brief_mission, brief_out, brief_size = "1920x1080";
    float brief_scale = 1.5f;
    auto* brief = app.add_subcommand("brief", "The mission's briefing slides as a PDF, one page per slide");
    brief->add_option("mission", brief_mission, "The mission file (NAME.entente.gpkg)")->required();
    brief->add_option("-o,--output", brief_out, "The PDF to write")->required();
    brief->add_option("--size", brief_size, "Pixels per slide, WIDTHxHEIGHT (default 1920x1080)");
    brief->add_option("--scale", brief_scale, "Pixel ratio for text and symbols (default 1.5)");

    ExportRequest exp;
    std::string export_mission, export_format = "geojson";
    auto* exp_cmd = app.add_subcommand("export", "Export a mission as an overlay for partners' tools");
    exp_cmd->add_option("mission", export_mission, "The mission file (NAME.entente.gpkg)")->required();
    exp_cmd->add_option("--format", export_format, "geojson, kml, kmz, gpkg, cot or csv")->default_val("geojson");
    exp_cmd->add_option("--releasable-to", exp.recipient,
                        "Only what this organisation (e.g. NATO) or nation (ISO alpha-3) may see");
    exp_cmd->add_option("--phase", exp.phase, "Only this phase (1 = first, or its id)");
    exp_cmd->add_option("-o,--output", exp.output, "Output file")->required();
    std::string import_overlay_path, import_mission;
    auto* imp_cmd = app.add_subcommand("import", "Make a mission from an overlay Entente exported");
    imp_cmd->add_option("overlay", import_overlay_path, "GeoJSON, GeoPackage or KML exported by Entente")->required();
    imp_cmd->add_option("-o,--output", import_mission, "The new mission file (NAME.entente.gpkg)")->required();

    SymbolCommand sym;
    auto* symbol = app.add_subcommand("symbol", "Say what a unit symbol code (SIDC) means, or draw it");
    symbol->add_option("sidc", sym.code, "20-digit APP-6(D)/2525D code or 15-character 2525C code")->required();
    symbol->add_flag("--describe", sym.describe, "Identity, dimension, echelon and function in words");
    symbol->add_option("-o,--output", sym.output, "Draw the symbol to this PNG");
    symbol->add_option("--size", sym.size_px, "Frame height in pixels (default 120)");
    symbol->add_flag("--unfilled", sym.unfilled, "Unfilled frame, drawn in the identity colour");
    symbol->add_option("--designation", sym.designation, "Unique designation (text modifier T)");
    symbol->add_option("--higher", sym.higher_formation, "Higher formation (text modifier M)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    try {
        if (*render) {
            if (!bbox_text.empty()) {
                geo::Bbox b;
                std::string why;
                if (!parse_bbox(bbox_text, b, why)) {
                    std::cerr << "entente render: --bbox " << bbox_text << ": " << why << "\n";
                    return 2;
                }
                rq.bbox = b;
            }
            if (!parse_size(size_text, rq.width, rq.height)) {
                std::cerr << "entente render: --size " << size_text << ": expected WxH, each 1..16384\n";
                return 2;
            }
            if (!(rq.scale > 0.1f && rq.scale <= 8)) {
                std::cerr << "entente render: --scale must lie in 0.1..8\n";
                return 2;
            }
            RenderResult res = render_map(rq);
            for (auto& w : res.warnings)
                std::cerr << "entente: warning: " << w << "\n";
            const bool pdf = out_path.size() > 4 && out_path.compare(out_path.size() - 4, 4, ".pdf") == 0;
            if (pdf) {
                write_geopdf(out_path, res); // georeferenced: the map's CRS and extent travel with it
            } else if (!render::write_png(out_path, res.width, res.height, res.rgba)) {
                std::cerr << "entente render: " << out_path << ": cannot write the PNG\n";
                return 1;
            }
            std::cout << "wrote " << out_path << " (" << res.width << "x" << res.height << ")\n";
            return 0;
        }
        if (*info) return cmd_info(info_file, info_json);
        if (*load) return cmd_load(load_files, load_crs);
        if (*symbol) return cmd_symbol(sym);
        if (*exp_cmd) {
            const auto f = missions::export_format_from(export_format);
            if (!f) {
                std::fprintf(stderr, "entente export: --format %s: not one of geojson, kml, kmz, gpkg, cot, csv\n",
                             export_format.c_str());
                return 2;
            }
            exp.format = *f;
            return cmd_export(export_mission, exp);
        }
        if (*imp_cmd) return cmd_import(import_overlay_path, import_mission);
        if (*brief) {
            int w = 0, h = 0;
            if (std::sscanf(brief_size.c_str(), "%dx%d", &w, &h) != 2 || w < 64 || h < 64 || w > 8192 || h > 8192) {
                std::fprintf(stderr, "entente brief: --size %s: expected WIDTHxHEIGHT, 64 to 8192\n", brief_size.c_str());
                return 2;
            }
            return cmd_brief(brief_mission, brief_out, w, h, brief_scale);
        }
        if (*coord) return cmd_coord(coord_text, coord_to);
        if (*edit) return cmd_edit(edit_mission, edit_ops);
        if (*validate_cmd)
            return cmd_validate(validate_mission, validate_json, validate_risk, validate_threshold);
        if (*alliances) return cmd_alliances(alliances_date, alliances_orgs, alliances_json);
    } catch (const geo::InputError& e) {
        std::cerr << "entente: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "entente: " << e.what() << "\n";
        return 1;
    }
    return run_window(wopt);
}

} // namespace entente::app
