#include "input_gate.hpp"

#include "error.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_vsi_virtual.h>
#include <gdal_priv.h>
#include <ogr_srs_api.h>
#include <ogrsf_frmts.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_set>
#include <vector>

namespace entente::geo {

namespace fs = std::filesystem;

namespace {

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = char(std::tolower((unsigned char)c));
    return s;
}

std::string mib(uint64_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

// A network file system (or stdin) with every call refused: GDAL drivers we allow can still name /vsicurl/
// paths internally (a GeoTIFF's external overview, a KML's linked file).
class RefusingFilesystem final : public VSIFilesystemHandler {
  public:
    VSIVirtualHandle* Open(const char* name, const char*, bool set_error, CSLConstList) override {
        if (set_error) VSIError(VSIE_FileError, "%s: network access is disabled in Entente", name);
        errno = EACCES;
        return nullptr;
    }
    int Stat(const char*, VSIStatBufL*, int) override {
        errno = EACCES;
        return -1;
    }
    char** ReadDirEx(const char*, int) override { return nullptr; }
};

CPLHTTPResult* refuse_http(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc,
                           void*, void*) {
    auto* r = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
    r->nStatus = 1;
    r->pszErrBuf =
        CPLStrdup((std::string(url ? url : "") + ": network access is disabled in Entente").c_str());
    CPLError(CE_Failure, CPLE_AppDefined, "%s", r->pszErrBuf);
    return r;
}

// stat() only: open() on a FIFO blocks until a writer comes.
void check_node(const std::string& shown, const std::string& path, bool allow_dir) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw InputError(shown, "no such file", ErrorKind::NotFound);
    if (S_ISDIR(st.st_mode)) {
        if (allow_dir && lower(fs::path(path).extension().string()) == ".gdb") return;
        throw InputError(shown, "is a directory", ErrorKind::Unsupported);
    }
    if (S_ISFIFO(st.st_mode))
        throw InputError(shown, "is a FIFO (named pipe), not a regular file; reading it could block forever",
                         ErrorKind::RefusedForSafety);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        throw InputError(shown, "is a device, not a regular file", ErrorKind::RefusedForSafety);
    if (S_ISSOCK(st.st_mode))
        throw InputError(shown, "is a socket, not a regular file", ErrorKind::RefusedForSafety);
    if (!S_ISREG(st.st_mode)) throw InputError(shown, "is not a regular file", ErrorKind::RefusedForSafety);
    if (st.st_size == 0) throw InputError(shown, "file is empty", ErrorKind::Corrupt);
}

// Drivers open side files by name (a shapefile's .dbf, a raster's .aux.xml or world file): a FIFO there
// blocks just the same, so every file beside it that shares its stem must be regular too.
void check_siblings(const std::string& shown, const std::string& path) {
    const fs::path p(path);
    const std::string stem = p.stem().string() + ".";
    std::error_code ec;
    fs::directory_iterator it(p.parent_path().empty() ? fs::path(".") : p.parent_path(), ec), end;
    for (int n = 0; !ec && it != end && n < 100000; it.increment(ec), ++n) {
        const std::string name = it->path().filename().string();
        if (name.size() <= stem.size() || !starts_with(lower(name), lower(stem))) continue;
        const auto st = it->symlink_status(ec).type();
        const auto target = it->status(ec).type();
        if (st == fs::file_type::directory || target == fs::file_type::directory) continue;
        if (target != fs::file_type::regular && target != fs::file_type::not_found)
            throw InputError(shown,
                             "the side file " + name + " is not a regular file (FIFO, device or socket)",
                             ErrorKind::RefusedForSafety);
    }
}

void check_local(const std::string& shown, const std::string& path) {
    check_node(shown, path, true);
    check_siblings(shown, path);
}

// The local archive a /vsizip/ path reads: its longest prefix that is a file.
std::string zip_archive_of(const std::string& inner) {
    for (size_t pos = inner.size(); pos != std::string::npos && pos > 0; pos = inner.rfind('/', pos - 1)) {
        const std::string candidate = inner.substr(0, pos);
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) return candidate;
    }
    return inner;
}

const char* const kDrivers[] = {"GeoJSON", "ESRI Shapefile", "GPKG",  "LIBKML", "KML", "CSV",  "FlatGeobuf",
                                "GPX",     "OpenFileGDB",    "GTiff", "COG",    "PNG", "JPEG", nullptr};

std::string read_head(const std::string& path, size_t n) {
    std::string buf(n, '\0');
    VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
    if (!f) return {};
    buf.resize(VSIFReadL(buf.data(), 1, n, f));
    VSIFCloseL(f);
    return buf;
}

std::string read_all(const std::string& path) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) return {};
    std::string buf;
    VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
    if (!f) return {};
    // Room for the whole of a plain file and the padding a JSON parser reads past the end (simdjson: 64).
    buf.reserve(size_t(st.st_size) + 64);
    // A gzip stream's size is only known by reading it; read in blocks.
    char block[1 << 16];
    size_t got;
    while ((got = VSIFReadL(block, 1, sizeof block, f)) > 0)
        buf.append(block, got);
    VSIFCloseL(f);
    return buf;
}

std::string_view skip_bom_space(std::string_view s) {
    if (starts_with(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
    while (!s.empty() && std::isspace((unsigned char)s.front()))
        s.remove_prefix(1);
    return s;
}

// Files whose content names other files or services: refused by name, so the message says why.
void check_referencing_formats(const std::string& path, std::string_view head) {
    const std::string_view s = skip_bom_space(head);
    struct Kind {
        const char* tag;
        const char* reason;
    };
    static const Kind kinds[] = {
        {"<VRTDataset", "is a GDAL VRT file (it can reference other files); Entente does not open VRT"},
        {"<OGRVRTDataSource", "is an OGR VRT file (it can reference other files); Entente does not open VRT"},
        {"<GDAL_WMS", "is a GDAL WMS description (it reaches the network); Entente does not open it"},
        {"<GDAL_WMTS", "is a GDAL WMTS description (it reaches the network); Entente does not open it"},
    };
    for (const Kind& k : kinds)
        if (starts_with(s, k.tag)) throw InputError(path, k.reason, ErrorKind::RefusedForSafety);
}

void check_kmz_documents(const std::string& path) {
    const std::string root = "/vsizip/" + path;
    char** entries = VSIReadDirRecursive(root.c_str());
    for (char** e = entries; e && *e; ++e)
        if (lower(fs::path(*e).extension().string()) == ".kml") {
            try {
                check_kml_tracks(path, read_all(root + "/" + *e));
            } catch (...) {
                CSLDestroy(entries);
                throw;
            }
        }
    CSLDestroy(entries);
}

} // namespace

void harden_gdal() {
    // Plugins would run code found through the user's environment.
    CPLSetConfigOption("GDAL_DRIVER_PATH", "disable");
    // Reading a whole .gz would leave a seek index (.properties) beside the user's file.
    CPLSetConfigOption("CPL_VSIL_GZIP_WRITE_PROPERTIES", "NO");
    OSRSetPROJEnableNetwork(FALSE);
    CPLHTTPSetFetchCallback(refuse_http, nullptr);
    for (const char* prefix :
         {"/vsicurl/", "/vsicurl_streaming/", "/vsis3/", "/vsis3_streaming/", "/vsigs/", "/vsigs_streaming/",
          "/vsiaz/", "/vsiaz_streaming/", "/vsiadls/", "/vsioss/", "/vsioss_streaming/", "/vsiswift/",
          "/vsiswift_streaming/", "/vsiwebhdfs/", "/vsihdfs/", "/vsistdin/"}) {
        // GDAL owns handlers for the life of the process and never deletes one it is told to replace: keep
        // those reachable (a leak checker would report each) rather than free what GDAL may still hold.
        static auto* const replaced = new std::vector<VSIFilesystemHandler*>;
        replaced->push_back(VSIFileManager::GetHandler(prefix));
        VSIFileManager::InstallHandler(prefix, new RefusingFilesystem);
    }
}

const char* const* input_drivers() {
    return kDrivers;
}

void check_input_path(const std::string& path) {
    if (path.empty()) throw InputError("(empty path)", "no file named", ErrorKind::NotFound);
    if (path.find('\0') != std::string::npos)
        throw InputError(path, "the path contains a NUL character", ErrorKind::RefusedForSafety);
    if (starts_with(path, "/vsimem/")) {
        // In-process memory: nothing disclosed, nothing reached (the fuzzers feed files this way).
        VSIStatBufL st;
        if (VSIStatL(path.c_str(), &st) != 0) throw InputError(path, "no such file", ErrorKind::NotFound);
        if (st.st_size == 0) throw InputError(path, "file is empty", ErrorKind::Corrupt);
        return;
    }
    if (starts_with(path, "/vsigzip/")) {
        const std::string inner = path.substr(9);
        if (starts_with(inner, "/vsi"))
            throw InputError(path, "nested GDAL virtual paths are not opened", ErrorKind::RefusedForSafety);
        return check_local(path, inner);
    }
    if (starts_with(path, "/vsizip/")) {
        const std::string inner = path.substr(8);
        if (starts_with(inner, "/vsi"))
            throw InputError(path, "nested GDAL virtual paths are not opened", ErrorKind::RefusedForSafety);
        const std::string archive = zip_archive_of(inner);
        check_node(path, archive, false);
        return check_archive(archive);
    }
    if (starts_with(path, "/vsi")) {
        const std::string prefix = path.substr(0, path.find('/', 1) + 1);
        throw InputError(path,
                         "is a GDAL virtual file system path (" + prefix +
                             "); Entente opens local files only, never the network or other virtual paths",
                         ErrorKind::RefusedForSafety);
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        // Not a file: a URL or a GDAL connection string ("PG:", "WFS:", "GPKG:file:table") that a driver
        // would otherwise act on.
        const size_t colon = path.find(':');
        const bool scheme =
            colon != std::string::npos && colon >= 2 &&
            std::all_of(path.begin(), path.begin() + colon, [](char c) {
                return std::isalnum((unsigned char)c) || c == '_' || c == '+' || c == '.' || c == '-';
            });
        if (scheme && path.compare(colon, 3, "://") == 0)
            throw InputError(path, "is a URL; Entente opens local files only", ErrorKind::RefusedForSafety);
        if (scheme)
            throw InputError(
                path, "looks like a GDAL connection string, not a file; Entente opens local files only",
                ErrorKind::RefusedForSafety);
        throw InputError(path, "no such file", ErrorKind::NotFound);
    }
    check_local(path, path);
}

void check_archive(const std::string& path) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) throw InputError(path, "no such file", ErrorKind::NotFound);
    const uint64_t packed = uint64_t(std::max<vsi_l_offset>(st.st_size, 1));
    const std::string root = "/vsizip/" + path;
    char** entries = VSIReadDirRecursive(root.c_str());
    if (!entries)
        throw InputError(path, "is a damaged zip archive (no readable entries)", ErrorKind::Corrupt);
    uint64_t total = 0;
    size_t count = 0;
    for (char** e = entries; *e; ++e, ++count) {
        VSIStatBufL es;
        if (VSIStatL((root + "/" + *e).c_str(), &es) == 0 && !VSI_ISDIR(es.st_mode)) total += es.st_size;
    }
    CSLDestroy(entries);
    if (count > 100000)
        throw InputError(path, "zip archive holds " + std::to_string(count) + " entries (limit 100000)",
                         ErrorKind::RefusedForSafety);
    if (total > limits::archive_expanded_bytes)
        throw InputError(path,
                         "zip archive expands to " + mib(total) + " (limit " +
                             mib(limits::archive_expanded_bytes) + "): refused as a possible zip bomb",
                         ErrorKind::RefusedForSafety);
    if (total > limits::archive_ratio_from_bytes && double(total) / double(packed) > limits::archive_ratio)
        throw InputError(path,
                         "zip archive expands " + std::to_string(uint64_t(double(total) / double(packed))) +
                             " times (limit " + std::to_string(int(limits::archive_ratio)) + " times past " +
                             mib(limits::archive_ratio_from_bytes) + "): refused as a possible zip bomb",
                         ErrorKind::RefusedForSafety);
}

namespace {

const char* const kGeoJsonTypes[] = {"FeatureCollection", "Feature",      "Point",
                                     "MultiPoint",        "LineString",   "MultiLineString",
                                     "Polygon",           "MultiPolygon", "GeometryCollection"};

// A strict, allocation-light JSON scanner: the GeoJSON driver accepts things RFC 8259 does not (NaN,
// duplicate keys where the last wins, lower-case types), and each of those silently changes what a file
// shows.
class JsonScanner {
  public:
    JsonScanner(const std::string& input, std::string_view text) : input_(input), s_(text) {}

    void run() {
        if (starts_with(s_, "\xEF\xBB\xBF")) i_ = 3;
        ws();
        value(0, false, {}, {});
        ws();
        if (i_ < s_.size()) fail("unexpected data after the end of the JSON document");
    }

  private:
    size_t line() const {
        return 1 + size_t(std::count(s_.begin(), s_.begin() + std::min(i_, s_.size()), '\n'));
    }
    [[noreturn]] void fail(const std::string& why) {
        throw InputError(input_, "invalid JSON at line " + std::to_string(line()) + ": " + why,
                         ErrorKind::Corrupt);
    }
    void ws() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
            ++i_;
    }
    char peek() {
        if (i_ >= s_.size()) fail("the file ends early (truncated)");
        return s_[i_];
    }
    // Returns the string's raw contents (escapes kept: keys and types are compared as written).
    std::string_view string() {
        const size_t start = ++i_;
        while (true) {
            const unsigned char c = (unsigned char)peek();
            if (c == '"') break;
            if (c < 0x20) fail("control character inside a string");
            if (c == '\\') {
                i_ += 2;
                continue;
            }
            if (c < 0x80) {
                ++i_;
                continue;
            }
            // UTF-8: RFC 8259 requires it; invalid bytes would reach labels and exports as garbage.
            const int n = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
            if (n < 0 || c == 0xC0 || c == 0xC1 || c > 0xF4) fail("invalid UTF-8 in a string");
            for (int k = 1; k <= n; ++k)
                if (i_ + k >= s_.size() || ((unsigned char)s_[i_ + k] & 0xC0) != 0x80)
                    fail("invalid UTF-8 in a string");
            i_ += n + 1;
        }
        return s_.substr(start, i_++ - start);
    }
    void number() {
        const size_t start = i_;
        if (s_[i_] == '-') ++i_;
        if (i_ + 1 < s_.size() && s_[i_] == '0' && std::isdigit((unsigned char)s_[i_ + 1]))
            fail("a number with a leading zero");
        auto digits = [&] {
            const size_t d = i_;
            while (i_ < s_.size() && std::isdigit((unsigned char)s_[i_]))
                ++i_;
            return i_ > d;
        };
        const size_t int_start = i_;
        if (!digits()) fail("not a JSON number: '" + std::string(s_.substr(start, 12)) + "'");
        bool may_overflow = i_ - int_start > 300;
        if (i_ < s_.size() && s_[i_] == '.' && (++i_, !digits())) fail("malformed number");
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
            const size_t exp_start = i_;
            if (!digits()) fail("malformed number");
            may_overflow = may_overflow || i_ - exp_start > 2;
        }
        // GDAL reads an overflowing number as infinity or, worse, as its mantissa (1e400000 becomes 1).
        if (may_overflow) {
            const std::string token(s_.substr(start, i_ - start));
            if (!std::isfinite(std::strtod(token.c_str(), nullptr)))
                throw InputError(input_,
                                 "number " + token.substr(0, 24) + " at line " + std::to_string(line()) +
                                     " is beyond the range of a double",
                                 ErrorKind::OutOfRange);
        }
    }
    void check_type(std::string_view v) {
        for (const char* t : kGeoJsonTypes) {
            const std::string_view tv(t);
            if (v == tv) return;
            if (v.size() == tv.size() && lower(std::string(v)) == lower(std::string(tv)))
                fail("GeoJSON type \"" + std::string(v) + "\" must be written \"" + std::string(tv) +
                     "\" (types are case-sensitive)");
        }
    }
    // user: inside "properties" (free-form data: any "type" value is fine there); key: the key this value
    // sits under, in the object under parent.
    void value(int depth, bool user, std::string_view key, std::string_view parent) {
        if (depth > limits::json_depth)
            fail("nested deeper than " + std::to_string(limits::json_depth) + " levels");
        const char c = peek();
        if (c == '{') {
            ++i_;
            // The keys seen so far, in a list kept per depth: objects have few keys, and a set per object
            // cost more than the scan itself on a million features. Past 64 keys, a set.
            if (keys_.size() <= size_t(depth)) keys_.resize(size_t(depth) + 1);
            keys_[size_t(depth)].clear();
            std::unordered_set<std::string_view> many;
            ws();
            if (peek() == '}') return void(++i_);
            while (true) {
                ws();
                if (peek() != '"') fail("expected a key in double quotes");
                const std::string_view k = string();
                auto& seen = keys_[size_t(depth)];
                const bool dup = seen.size() < 64 ? std::find(seen.begin(), seen.end(), k) != seen.end()
                                                  : !many.insert(k).second;
                if (dup) fail("duplicate key \"" + std::string(k) + "\"");
                if (seen.size() < 64) {
                    seen.push_back(k);
                    if (seen.size() == 64) many.insert(seen.begin(), seen.end());
                }
                ws();
                if (peek() != ':') fail("expected ':' after a key");
                ++i_;
                ws();
                value(depth + 1, user || k == "properties", k, key);
                ws();
                if (peek() == ',') {
                    ++i_;
                    continue;
                }
                if (peek() == '}') return void(++i_);
                fail("expected ',' or '}' in an object");
            }
        }
        if (c == '[') {
            ++i_;
            ws();
            if (peek() == ']') return void(++i_);
            while (true) {
                ws();
                value(depth + 1, user, {}, {});
                ws();
                if (peek() == ',') {
                    ++i_;
                    continue;
                }
                if (peek() == ']') return void(++i_);
                fail("expected ',' or ']' in an array");
            }
        }
        if (c == '"') {
            const std::string_view v = string();
            if (user || key != "type") return;
            check_type(v);
            // GDAL fetches a legacy "link" CRS from wherever href points (a URL, a local file).
            if (parent == "crs" && v == "link")
                throw InputError(input_,
                                 "has a legacy \"crs\" member of type link (GDAL would fetch what it names)",
                                 ErrorKind::RefusedForSafety);
            return;
        }
        if (c == '-' || std::isdigit((unsigned char)c)) return number();
        for (const char* lit : {"true", "false", "null"})
            if (s_.substr(i_, std::strlen(lit)) == lit) return void(i_ += std::strlen(lit));
        size_t end = i_;
        while (end < s_.size() && end - i_ < 12 && std::isalnum((unsigned char)s_[end]))
            ++end;
        fail("not a JSON value: '" + std::string(s_.substr(i_, std::max<size_t>(end - i_, 1))) + "'" +
             (end > i_ ? " (NaN and Infinity are not JSON numbers)" : ""));
    }

    const std::string& input_;
    std::string_view s_;
    size_t i_ = 0;
    std::vector<std::vector<std::string_view>> keys_; // per depth: the keys of the object being read
};

} // namespace

void check_json_text(const std::string& input, std::string_view text) {
    JsonScanner(input, text).run();
}

void check_kml_tracks(const std::string& input, std::string_view text) {
    bool in_track = false;
    size_t whens = 0, coords = 0, track = 0;
    for (size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
        size_t j = i + 1;
        const bool end = j < text.size() && text[j] == '/';
        if (end) ++j;
        size_t k = j;
        while (k < text.size() && (std::isalnum((unsigned char)text[k]) || text[k] == ':' || text[k] == '_' ||
                                   text[k] == '-' || text[k] == '.'))
            ++k;
        std::string_view name = text.substr(j, k - j);
        if (const size_t colon = name.rfind(':'); colon != std::string_view::npos)
            name.remove_prefix(colon + 1);
        const size_t close = text.find('>', k);
        const bool self_closing = close != std::string_view::npos && close > 0 && text[close - 1] == '/';
        if (name == "Track") {
            if (!end && !self_closing) {
                in_track = true, whens = coords = 0, ++track;
            } else if (end && in_track) {
                in_track = false;
                if (whens != coords)
                    throw InputError(input,
                                     "KML gx:Track " + std::to_string(track) + " has " +
                                         std::to_string(coords) + " coordinates but " +
                                         std::to_string(whens) +
                                         " <when> times (GDAL's LIBKML reader crashes on such tracks)",
                                     ErrorKind::Corrupt);
            }
        } else if (in_track && !end) {
            whens += name == "when";
            coords += name == "coord";
        }
    }
    if (in_track) throw InputError(input, "KML gx:Track is not closed (truncated file)", ErrorKind::Corrupt);
}

DatasetPtr open_input(const std::string& path, unsigned flags, const char* const* open_options,
                      std::vector<std::string>* notes) {
    (void)notes;
    check_input_path(path);
    const std::string head = read_head(path, 4096);
    check_referencing_formats(path, head);
    const std::string_view body = skip_bom_space(head);
    const std::string ext = lower(fs::path(path).extension().string());
    if (starts_with(head, "PK\x03\x04") || starts_with(head, "PK\x05\x06")) {
        if (!starts_with(path, "/vsizip/")) check_archive(path);
        if (ext == ".kmz" || ext == ".zip") check_kmz_documents(path);
    } else if (starts_with(body, "{") || starts_with(body, "[")) {
        std::string text = read_all(path);
        check_json_text(path, text);
        if (starts_with(path, "/vsigzip/")) {
            // GDAL reads the checked text from memory rather than decompressing it again (0.3 s on Natural
            // Earth 10m countries); same file name, so the layer keeps its name. The GeoJSON driver reads the
            // whole file at open, so the copy goes right after.
            static std::atomic<int> serial{0};
            const std::string mem =
                "/vsimem/entente_gate/" + std::to_string(serial++) + "/" + fs::path(path).stem().string();
            // GDAL owns the copy: its streaming reader may hold the file open past this function.
            auto* copy = static_cast<GByte*>(VSIMalloc(text.size()));
            if (!copy) throw InputError(path, "out of memory while loading", ErrorKind::Failed);
            std::memcpy(copy, text.data(), text.size());
            const size_t size = text.size();
            std::string().swap(text);
            VSIFCloseL(VSIFileFromMemBuffer(mem.c_str(), copy, size, TRUE));
            CPLErrorReset();
            DatasetPtr ds =
                open_dataset(mem, flags | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, kDrivers, open_options);
            VSIUnlink(mem.c_str());
            if (ds) return ds;
        }
    } else if (ext == ".kml" || body.find("<kml") != std::string_view::npos) {
        check_kml_tracks(path, read_all(path));
    }
    CPLErrorReset();
    DatasetPtr ds =
        open_dataset(path, flags | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, kDrivers, open_options);
    if (ds) return ds;
    std::string reason = CPLGetLastErrorMsg();
    CPLErrorReset();
    if (GDALDriverH other = GDALIdentifyDriverEx(path.c_str(), flags, nullptr, nullptr);
        other && !GDALIdentifyDriverEx(path.c_str(), flags, kDrivers, nullptr))
        throw InputError(path,
                         std::string("is a ") + GDALGetDriverLongName(other) + " file (GDAL driver " +
                             GDALGetDriverShortName(other) + "); Entente does not open that format",
                         ErrorKind::Unsupported);
    if (reason.empty() || reason.find("not recognized as a supported file format") != std::string::npos)
        reason = "not a format Entente reads (corrupt, or an unsupported type)";
    if (reason.size() > 300) reason = reason.substr(0, 300) + "...";
    const bool known = GDALIdentifyDriverEx(path.c_str(), flags, kDrivers, nullptr) != nullptr;
    throw InputError(path, reason, known ? ErrorKind::Corrupt : ErrorKind::Unsupported);
}

std::string json_input(const std::string& path) {
    check_input_path(path);
    // A gzip stream over a local file (the basemap's assets) is decompressed here as open_input would.
    if (starts_with(path, "/vsi") && !starts_with(path, "/vsigzip/")) return {};
    const std::string head = read_head(path, 4096);
    check_referencing_formats(path, head);
    if (!starts_with(skip_bom_space(head), "{") || starts_with(head, "\xEF\xBB\xBF")) return {};
    std::string text = read_all(path);
    if (text.capacity() < text.size() + 64) text.reserve(text.size() + 64);
    return text;
}

std::string refused_layer_reason(GDALDataset* ds, const char* layer_name) {
    if (!ds->GetDriver() || std::strcmp(ds->GetDriver()->GetDescription(), "GPKG") != 0) return {};
    std::string name(layer_name);
    std::string quoted;
    for (char c : name)
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    OGRLayer* res = ds->ExecuteSQL(("SELECT type FROM sqlite_master WHERE name = '" + quoted + "'").c_str(),
                                   nullptr, "SQLITE");
    std::string type;
    if (res) {
        if (OGRFeature* f = res->GetNextFeature()) {
            type = f->GetFieldAsString(0);
            OGRFeature::DestroyFeature(f);
        }
        ds->ReleaseResultSet(res);
    }
    if (type == "view")
        return "is an SQL view; views in a GeoPackage from elsewhere are not read (a recursive view never "
               "ends)";
    return {};
}

} // namespace entente::geo
