// The input gate (geo/input_gate.hpp): which paths and contents are refused and why, that GDAL reaches no
// network, and the per-layer report of what loading repaired or skipped. The whole-program view of the same
// rules is the hostile corpus (tests/hostile).
#include "geo/dataset.hpp"
#include "geo/error.hpp"
#include "geo/input_gate.hpp"

#include <catch2/catch.hpp>
#include <cpl_http.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_spatialref.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

using namespace entente::geo;
namespace fs = std::filesystem;

namespace {

// The kind a call throws, or nullopt when it passes; the message must contain `want` when given.
template <class F> std::optional<ErrorKind> outcome(F&& f, const std::string& want = "") {
    try {
        f();
        return std::nullopt;
    } catch (const InputError& e) {
        INFO(e.what());
        if (!want.empty()) CHECK(std::string(e.what()).find(want) != std::string::npos);
        return e.kind();
    }
}

void put_mem(const std::string& path, const std::string& text) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    VSIFWriteL(text.data(), 1, text.size(), f);
    VSIFCloseL(f);
}

struct TempDir {
    fs::path dir = fs::temp_directory_path() / ("entente-gate-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(dir); }
    ~TempDir() { fs::remove_all(dir); }
    std::string file(const std::string& name, const std::string& text) const {
        const fs::path p = dir / name;
        FILE* f = std::fopen(p.c_str(), "wb");
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
        return p.string();
    }
};

const std::optional<ErrorKind> ok = std::nullopt;

} // namespace

TEST_CASE("check_input_path: local regular files and memory only, refused by stat before any open") {
    init_gdal();
    TempDir t;
    const std::string good = t.file("good.geojson", "{}");
    const std::string empty = t.file("empty.geojson", "");
    const std::string fifo = (t.dir / "pipe.geojson").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::string fifo_side = t.file("side.shp", "x");
    REQUIRE(::mkfifo((t.dir / "side.dbf").c_str(), 0600) == 0);
    put_mem("/vsimem/gate_ok.geojson", "{}");
    put_mem("/vsimem/gate_empty.geojson", "");
    struct Case {
        std::string path;
        std::optional<ErrorKind> kind;
        const char* message;
    };
    const Case cases[] = {
        {good, ok, ""},
        {"/vsimem/gate_ok.geojson", ok, ""},
        {"/vsigzip/" + good, ok, ""},
        {"/vsimem/missing.geojson", ErrorKind::NotFound, "no such file"},
        {"/vsimem/gate_empty.geojson", ErrorKind::Corrupt, "file is empty"},
        {"/nonexistent/x.shp", ErrorKind::NotFound, "no such file"},
        {"", ErrorKind::NotFound, "no file"},
        {empty, ErrorKind::Corrupt, "file is empty"},
        {fifo, ErrorKind::RefusedForSafety, "FIFO"},
        {fifo_side, ErrorKind::RefusedForSafety, "side file side.dbf"},
        {"/dev/null", ErrorKind::RefusedForSafety, "device"},
        {"/dev/zero", ErrorKind::RefusedForSafety, "device"},
        {t.dir.string(), ErrorKind::Unsupported, "directory"},
        {"/vsicurl/http://127.0.0.1:9/x.tif", ErrorKind::RefusedForSafety, "(/vsicurl/)"},
        {"/vsicurl_streaming/http://127.0.0.1:9/x", ErrorKind::RefusedForSafety, "/vsicurl_streaming/"},
        {"/vsis3/bucket/key.tif", ErrorKind::RefusedForSafety, "/vsis3/"},
        {"/vsistdin/", ErrorKind::RefusedForSafety, "/vsistdin/"},
        {"/vsisubfile/0_10,/etc/passwd", ErrorKind::RefusedForSafety, "/vsisubfile/"},
        {"/vsitar/x.tar/a.shp", ErrorKind::RefusedForSafety, "/vsitar/"},
        {"/vsizip//vsicurl/http://127.0.0.1:9/x.zip", ErrorKind::RefusedForSafety, "nested"},
        {"/vsigzip//vsicurl/http://127.0.0.1:9/x.gz", ErrorKind::RefusedForSafety, "nested"},
        {"http://127.0.0.1:9/x.geojson", ErrorKind::RefusedForSafety, "is a URL"},
        {"https://example.org/x.geojson", ErrorKind::RefusedForSafety, "is a URL"},
        {"PG:dbname=x", ErrorKind::RefusedForSafety, "connection string"},
        {"CSV:/etc/passwd", ErrorKind::RefusedForSafety, "connection string"},
        {"GPKG:/tmp/x.gpkg:layer", ErrorKind::RefusedForSafety, "connection string"},
    };
    for (const Case& c : cases) {
        INFO(c.path);
        CHECK(outcome([&] { check_input_path(c.path); }, c.message) == c.kind);
    }
    VSIUnlink("/vsimem/gate_ok.geojson");
    VSIUnlink("/vsimem/gate_empty.geojson");
}

TEST_CASE("open_input refuses VRT and other referencing formats whatever the extension") {
    init_gdal();
    TempDir t;
    const std::string vrt = "<VRTDataset rasterXSize=\"2\" rasterYSize=\"2\"><GeoTransform>0,1,0,2,0,-1"
                            "</GeoTransform><VRTRasterBand dataType=\"Byte\" band=\"1\"><SimpleSource>"
                            "<SourceFilename>/etc/passwd</SourceFilename></SimpleSource></VRTRasterBand>"
                            "</VRTDataset>";
    struct Case {
        const char* name;
        std::string text;
        const char* message;
    };
    const Case cases[] = {
        {"a.tif", vrt, "is a GDAL VRT file"},
        {"a.png", "\xEF\xBB\xBF \n" + vrt, "is a GDAL VRT file"},
        {"a.geojson", "<OGRVRTDataSource><OGRVRTLayer name=\"x\"/></OGRVRTDataSource>", "OGR VRT"},
        {"a.xml", "<GDAL_WMS><Service name=\"TMS\"/></GDAL_WMS>", "WMS"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string p = t.file(c.name, c.text);
        CHECK(outcome([&] { open_input(p, GDAL_OF_RASTER | GDAL_OF_VECTOR, nullptr, nullptr); }, c.message) ==
              ErrorKind::RefusedForSafety);
    }
    // Through the loaders too (render, info), and a format GDAL knows but Entente does not open.
    const std::string p = t.file("v.tif", vrt);
    CHECK(outcome([&] { load_source(p); }, "VRT") == ErrorKind::RefusedForSafety);
    CHECK(outcome([&] { describe_source(p); }, "VRT") == ErrorKind::RefusedForSafety);
    const std::string gml =
        t.file("x.gml", "<?xml version=\"1.0\"?><ogr:FeatureCollection xmlns:ogr=\"http://ogr."
                        "maptools.org/\" xmlns:gml=\"http://www.opengis.net/gml\">"
                        "</ogr:FeatureCollection>");
    CHECK(outcome([&] { load_source(gml); }, "Entente does not open that format") == ErrorKind::Unsupported);
}

TEST_CASE("check_json_text: RFC 8259 JSON with GeoJSON's case-sensitive types, nothing GDAL would guess at") {
    struct Case {
        std::string text;
        std::optional<ErrorKind> kind;
        const char* message;
    };
    const std::string deep = std::string(150, '[') + std::string(150, ']');
    const Case cases[] = {
        {R"({"type":"FeatureCollection","features":[]})", ok, ""},
        {"\xEF\xBB\xBF{\"a\":1}", ok, ""},
        {R"({"type":"Feature","properties":{"type":"point"},"geometry":null})", ok, ""},
        {R"({"a":"caf\u00e9 \"q\"","b":[1,-2.5e3,0.1,true,false,null]})", ok, ""},
        {"{\"a\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"}", ok, ""},
        {R"({"type":"point","coordinates":[1,2]})", ErrorKind::Corrupt, "must be written \"Point\""},
        {R"({"type":"FEATURECOLLECTION"})", ErrorKind::Corrupt, "case-sensitive"},
        {R"({"a":1,"a":2})", ErrorKind::Corrupt, "duplicate key \"a\""},
        {R"({"coordinates":[NaN,1]})", ErrorKind::Corrupt, "'NaN'"},
        {R"({"coordinates":[-Infinity,1]})", ErrorKind::Corrupt, "not a JSON number"},
        {R"({"a":01})", ErrorKind::Corrupt, "leading zero"},
        {R"({"a":1.})", ErrorKind::Corrupt, "malformed number"},
        {R"({"a":[1e400000,2]})", ErrorKind::OutOfRange, "beyond the range of a double"},
        {R"({"a":[-1e999,1e308,1.5e-400]})", ErrorKind::OutOfRange, "-1e999"},
        {R"({"a":[1,2)", ErrorKind::Corrupt, "truncated"},
        {"{\"a\":\"\xFF\"}", ErrorKind::Corrupt, "invalid UTF-8"},
        {"{\"a\":\"\xC0\xAF\"}", ErrorKind::Corrupt, "invalid UTF-8"},
        {"{\"a\":\"\x01\"}", ErrorKind::Corrupt, "control character"},
        {"{\"a\":1}\n{\"b\":2}", ErrorKind::Corrupt, "line 2: unexpected data"},
        {deep, ErrorKind::Corrupt, "nested deeper than 100 levels"},
        {R"({"crs":{"type":"link","properties":{"href":"http://x/y"}}})", ErrorKind::RefusedForSafety,
         "type link"},
        {R"({"crs":{"type":"name","properties":{"name":"EPSG:4326"}}})", ok, ""},
    };
    for (const Case& c : cases) {
        INFO(c.text.substr(0, 80));
        CHECK(outcome([&] { check_json_text("t.geojson", c.text); }, c.message) == c.kind);
    }
}

TEST_CASE("check_kml_tracks: a gx:Track needs one <when> per <gx:coord> (LIBKML crashes otherwise)") {
    const std::string head = "<kml xmlns:gx=\"http://www.google.com/kml/ext/2.2\"><Placemark>";
    struct Case {
        std::string body;
        std::optional<ErrorKind> kind;
        const char* message;
    };
    const Case cases[] = {
        {"<gx:Track><when>a</when><when>b</when><gx:coord>1 2</gx:coord><gx:coord>3 4</gx:coord></gx:Track>",
         ok, ""},
        {"<gx:Track/>", ok, ""},
        {"<gx:MultiTrack><gx:Track><when>a</when><gx:coord>1 2</gx:coord></gx:Track></gx:MultiTrack>", ok,
         ""},
        {"<gx:Track><gx:coord>1 2</gx:coord><gx:coord>3 4</gx:coord></gx:Track>", ErrorKind::Corrupt,
         "2 coordinates but 0 <when>"},
        {"<x:Track><when>a</when><x:coord>1 2</x:coord><x:coord>3 4</x:coord></x:Track>", ErrorKind::Corrupt,
         "2 coordinates but 1 <when>"},
        {"<gx:Track><when>a</when><gx:coord>1 2</gx:coord></gx:Track><gx:Track><gx:coord>1 2</gx:coord>",
         ErrorKind::Corrupt, "not closed"},
    };
    for (const Case& c : cases) {
        INFO(c.body);
        CHECK(outcome([&] { check_kml_tracks("t.kml", head + c.body + "</Placemark></kml>"); }, c.message) ==
              c.kind);
    }
}

TEST_CASE("check_archive: a zip that expands past the limits is refused before anything reads it") {
    init_gdal();
    auto make_zip = [](const std::string& zip, size_t pad_mib) {
        VSILFILE* f = VSIFOpenL(("/vsizip/" + zip + "/doc.kml").c_str(), "wb");
        const std::string kml =
            "<kml><Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></kml>";
        VSIFWriteL(kml.data(), 1, kml.size(), f);
        VSIFCloseL(f);
        if (pad_mib) {
            f = VSIFOpenL(("/vsizip/" + zip + "/pad.bin").c_str(), "wb");
            const std::string block(1 << 20, ' ');
            for (size_t i = 0; i < pad_mib; ++i)
                VSIFWriteL(block.data(), 1, block.size(), f);
            VSIFCloseL(f);
        }
    };
    make_zip("/vsimem/small.kmz", 0);
    make_zip("/vsimem/bomb.kmz", 80); // 80 MiB of spaces pack to about 80 KiB
    CHECK(outcome([] { check_archive("/vsimem/small.kmz"); }) == ok);
    CHECK(outcome([] { check_archive("/vsimem/bomb.kmz"); }, "zip bomb") == ErrorKind::RefusedForSafety);
    CHECK(outcome([] { load_source("/vsimem/bomb.kmz"); }, "limit 100 times") == ErrorKind::RefusedForSafety);
    VSIUnlink("/vsimem/small.kmz");
    VSIUnlink("/vsimem/bomb.kmz");
}

TEST_CASE("After init_gdal nothing reaches the network: a listener on 127.0.0.1 sees no connection") {
    init_gdal();
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(s >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    REQUIRE(::listen(s, 8) == 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port));

    CPLHTTPResult* r = CPLHTTPFetch((url + "/fetch").c_str(), nullptr);
    REQUIRE(r);
    CHECK(r->nStatus != 0);
    CPLHTTPDestroyResult(r);
    VSIStatBufL st;
    for (const std::string& prefix : {"/vsicurl/", "/vsicurl_streaming/"}) {
        CHECK(VSIStatL((prefix + url + "/x.tif").c_str(), &st) != 0);
        CHECK(VSIFOpenL((prefix + url + "/x.tif").c_str(), "rb") == nullptr);
    }
    OGRSpatialReference srs;
    CHECK(srs.importFromUrl((url + "/crs").c_str()) != OGRERR_NONE);
    // A GeoJSON in memory whose legacy CRS links to the listener: refused before GDAL follows it.
    put_mem("/vsimem/link.geojson",
            R"({"type":"FeatureCollection","crs":{"type":"link","properties":{"href":")" + url +
                R"(/c","type":"ogcwkt"}},"features":[]})");
    CHECK(outcome([] { load_source("/vsimem/link.geojson"); }) == ErrorKind::RefusedForSafety);
    VSIUnlink("/vsimem/link.geojson");

    ::fcntl(s, F_SETFL, O_NONBLOCK);
    const int c = ::accept(s, nullptr, nullptr);
    CHECK(c < 0); // no connection was ever made
    if (c >= 0) ::close(c);
    ::close(s);
}

namespace {
double ring_area(const PolygonSet& ps, size_t ring) {
    double a = 0;
    const uint32_t b = ps.ring_start[ring],
                   e = ring + 1 < ps.ring_start.size() ? ps.ring_start[ring + 1] : uint32_t(ps.coords.size());
    for (uint32_t i = b; i + 1 < e; ++i)
        a += ps.coords[i].lon * ps.coords[i + 1].lat - ps.coords[i + 1].lon * ps.coords[i].lat;
    return std::abs(a) / 2;
}
size_t reported(const VectorLayer& l, const std::string& what) {
    for (auto& [w, n] : l.report)
        if (w.find(what) != std::string::npos) return n;
    return 0;
}
} // namespace

TEST_CASE("Loading repairs or skips bad geometry and reports each reason with its count") {
    init_gdal();
    auto feature = [](const std::string& geom, const std::string& props = "{}") {
        return R"({"type":"Feature","properties":)" + props + R"(,"geometry":)" + geom + "}";
    };
    std::string nested = R"({"type":"Point","coordinates":[1,2]})";
    for (int i = 0; i < 40; ++i)
        nested = R"({"type":"GeometryCollection","geometries":[)" + nested + "]}";
    const std::string big(100 * 1024, 'x');
    const std::string features[] = {
        feature(R"({"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]})"),   // bowtie
        feature(R"({"type":"Polygon","coordinates":[[[10,10],[11,10],[11,11],[10,11]]]})"), // unclosed
        feature(R"({"type":"Polygon","coordinates":[[[20,20],[21,21],[20,20]]]})"),         // 3 points
        feature(
            R"({"type":"Polygon","coordinates":[[[30,30],[40,30],[40,40],[30,40],[30,30]],[[31,31],[32,31],[31,31]]]})"),
        feature(R"({"type":"Point","coordinates":[10,91]})"),
        feature(R"({"type":"Point","coordinates":[1e308,0]})"),
        feature(nested),
        feature(R"({"type":"Point","coordinates":[5,5]})", R"({"note":")" + big + R"("})"),
    };
    std::string fc = R"({"type":"FeatureCollection","features":[)";
    for (const auto& f : features)
        fc += (&f == features ? "" : ",") + f;
    fc += "]}";
    put_mem("/vsimem/report.geojson", fc);
    const LoadedSource s = load_source("/vsimem/report.geojson");
    VSIUnlink("/vsimem/report.geojson");
    REQUIRE(s.vectors.size() == 1);
    const VectorLayer& l = *s.vectors[0];
    CHECK(reported(l, "polygon(s) repaired: self-intersecting") == 1);
    CHECK(reported(l, "ring(s) closed") == 1);
    CHECK(reported(l, "polygon(s) dropped: outer ring with fewer than 4 points") == 1);
    CHECK(reported(l, "hole(s) dropped") == 1);
    CHECK(reported(l, "feature(s) skipped: coordinates outside") == 2);
    CHECK(reported(l, "feature(s) skipped: geometry nested deeper than 32 levels") == 1);
    CHECK(reported(l, "text value(s) truncated") == 1);
    CHECK(l.skipped == 3);
    // Kept: the bowtie (as two triangles), the closed square, the feature whose polygon was dropped (no
    // geometry left), the square without its hole, and the point with the truncated note.
    CHECK(l.feature_count() == 5);
    // The bowtie becomes two triangles of area 1 each (hand-computed: it crosses itself at (1,1)).
    size_t bowtie_polys = 0;
    double bowtie_area = 0;
    for (size_t p = 0; p < l.polygons.polygons(); ++p)
        if (l.polygons.poly_feature[p] == 0) {
            ++bowtie_polys;
            bowtie_area += ring_area(l.polygons, l.polygons.poly_ring[p]);
        }
    CHECK(bowtie_polys == 2);
    CHECK(bowtie_area == Approx(2.0));
    const int note = l.field_index("note");
    REQUIRE(note >= 0);
    CHECK(l.value_text(l.feature_count() - 1, size_t(note)).size() == 64 * 1024);
    // Each reason is one warning in the "N what" style, naming the file and the layer.
    CHECK(s.warnings.size() == l.report.size());
    bool closed_warning = false;
    for (auto& w : s.warnings)
        closed_warning =
            closed_warning || w == "/vsimem/report.geojson: layer 'report': 1 ring(s) closed: first "
                                   "and last point differed";
    CHECK(closed_warning);
}
