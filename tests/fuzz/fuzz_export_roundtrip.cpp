// A small mission built from the bytes (names of arbitrary bytes or of valid UTF-8, coordinates,
// releasability markings, phases, parents) is exported to GeoJSON and KML and imported back: the result must
// equal the mission on what the format promises (docs/overlay-profile.md;
// tests/missions/test_round_trip.cpp). A refusal to export (geo::InputError naming the output and the reason)
// is documented; anything else is a finding: an exception from the import of our own export, or a mission
// that comes back different.
#include "fuzz_common.hpp"
#include "geo/dataset.hpp"
#include "missions/export.hpp"

#include <algorithm>
#include <fuzzer/FuzzedDataProvider.h>

using namespace entente;

namespace {

struct Builder {
    FuzzedDataProvider& in;
    bool raw; // names are arbitrary bytes (else valid UTF-8: the bytes folded onto printable ASCII and a few
              // scripts)

    std::string text(size_t max = 24) {
        std::string s = in.ConsumeRandomLengthString(max);
        if (raw) return s;
        std::string out;
        for (unsigned char c : s) {
            if (c < 0x80)
                out += char(c < 0x20 ? ' ' + (c % 16) : c);
            else if (c < 0xC0)
                out += "\xC3\xA9"; // é
            else if (c < 0xE0)
                out += "\xD0\x96"; // Ж
            else
                out += "\xE5\x8C\x97"; // 北
        }
        return out;
    }
    double coord(double lim) {
        switch (in.ConsumeIntegralInRange<int>(0, 7)) {
        case 0:
            return -lim;
        case 1:
            return lim;
        case 2:
            return 0.0;
        default:
            return in.ConsumeFloatingPointInRange<double>(-lim, lim);
        }
    }
    geo::LonLat point() { return {coord(180), coord(90)}; }
    std::vector<std::string> markings() {
        static const char* const kKnown[] = {"NATO", "EU",  "UN",  "FVEY",  "NOFORN",
                                             "USA",  "FRA", "DEU", " NATO "};
        std::vector<std::string> r;
        const int n = in.ConsumeIntegralInRange<int>(0, 3);
        for (int i = 0; i < n; ++i)
            r.push_back(in.ConsumeBool() ? kKnown[in.ConsumeIntegralInRange<int>(0, 8)] : text(8));
        return r;
    }
    std::string id(const char* prefix, int i) {
        return in.ConsumeBool() ? prefix + std::to_string(i) : text(12);
    }

    missions::Mission mission() {
        missions::Mission m;
        m.name = text();
        m.classification = text(16);
        m.releasability = markings();
        m.d_day = in.ConsumeBool() ? "2026-03-01" : text(10);
        m.description = text(40);
        const int phases = in.ConsumeIntegralInRange<int>(0, 3);
        for (int i = 0; i < phases; ++i) {
            missions::Phase p;
            p.id = id("p", i);
            p.name = text();
            p.start_day = in.ConsumeIntegralInRange<int>(-30, 60);
            p.end_day = p.start_day + in.ConsumeIntegralInRange<int>(0, 30);
            m.phases.push_back(p);
        }
        const int units = in.ConsumeIntegralInRange<int>(0, 4);
        for (int i = 0; i < units; ++i) {
            missions::Unit u;
            u.id = id("u", i);
            u.sidc = in.ConsumeBool() ? "10031000001211000000" : text(20);
            u.designation = text();
            u.higher_formation = text();
            u.nation = in.ConsumeBool() ? "FRA" : text(3);
            u.organisation = text(6);
            u.strength = in.ConsumeIntegralInRange<int>(0, 100000);
            u.command_relationship = text(6);
            if (i > 0 && in.ConsumeBool()) u.parent = m.units[in.ConsumeIntegralInRange<int>(0, i - 1)].id;
            u.releasability = markings();
            u.notes = text(40);
            u.position = point();
            for (auto& p : m.phases)
                if (in.ConsumeBool()) u.phase_position[p.id] = point();
            m.units.push_back(u);
        }
        const int measures = in.ConsumeIntegralInRange<int>(0, 3);
        for (int i = 0; i < measures; ++i) {
            missions::ControlMeasure c;
            c.id = id("m", i);
            c.name = text();
            c.kind = missions::MeasureKind(
                in.ConsumeIntegralInRange<int>(0, int(missions::MeasureKind::ObservationPost)));
            const auto shape = missions::shape_of(c.kind);
            const int n = shape == missions::Shape::Point  ? 1
                          : shape == missions::Shape::Line ? in.ConsumeIntegralInRange<int>(2, 5)
                                                           : in.ConsumeIntegralInRange<int>(3, 6);
            for (int k = 0; k < n; ++k)
                c.points.push_back(point());
            for (auto& p : m.phases)
                if (in.ConsumeBool()) c.phases.push_back(p.id);
            c.releasability = markings();
            if (!m.units.empty() && in.ConsumeBool()) c.assigned_unit = m.units[0].id;
            c.notes = text(40);
            m.measures.push_back(c);
        }
        return m;
    }
};

// What a KML import gives back (tests/missions/test_round_trip.cpp expected_import): KML has a folder per
// phase, so a measure naming only phases the mission lacks is left out when the mission has phases.
missions::Mission expected_import(const missions::Mission& m, missions::ExportFormat f) {
    missions::Mission want = m;
    if (f == missions::ExportFormat::KML && !m.phases.empty())
        std::erase_if(want.measures, [&](const missions::ControlMeasure& c) {
            return !c.phases.empty() && std::none_of(c.phases.begin(), c.phases.end(), [&](auto& id) {
                return std::any_of(m.phases.begin(), m.phases.end(), [&](auto& p) { return p.id == id; });
            });
        });
    return want;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::init_gdal();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    Builder b{in, in.ConsumeBool()};
    missions::Mission m = b.mission();
    // Only missions the model accepts (ids present, coordinates in range, ...): what a user can build or
    // load. The model's own JSON reading is the check, and its result is what gets exported.
    try {
        m = missions::mission_from_json(missions::to_json(m));
    } catch (const std::invalid_argument&) {
        return 0;
    }
    for (auto f : {missions::ExportFormat::GeoJSON, missions::ExportFormat::KML}) {
        const std::string path =
            fuzz::write_temp(nullptr, 0, f == missions::ExportFormat::KML ? ".kml" : ".geojson");
        missions::ExportOptions opt;
        opt.format = f;
        try {
            missions::export_mission(m, path, opt);
        } catch (const geo::InputError&) {
            continue; // documented refusal (e.g. text a format cannot carry)
        } catch (const std::exception& e) {
            fuzz::unexpected("fuzz_export_roundtrip: export", e);
        }
        missions::Mission back;
        try {
            back = missions::import_overlay(path);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "fuzz_export_roundtrip: our own %s export does not import\n",
                         missions::to_string(f));
            fuzz::unexpected("fuzz_export_roundtrip: import", e);
        }
        if (!(back == expected_import(m, f))) {
            std::fprintf(
                stderr, "fuzz_export_roundtrip: %s round trip changed the mission\nsent: %s\nback: %s\n",
                missions::to_string(f),
                missions::to_json(m).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace).c_str(),
                missions::to_json(back)
                    .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace)
                    .c_str());
            std::abort();
        }
    }
    return 0;
}
