// The reference tables' shared reading (reference_csv.hpp). Sections, in order (search for "---- NAME"):
//   text helpers      trimming, case, numbers and years in table cells
//   CSV through GDAL  read_csv: a table with its required columns, each problem named with file and row
//   countries         countries.csv, colours and lists in cells, a spell's hold on a date
#include "reference_csv.hpp"

#include "dataset.hpp"
#include "error.hpp"
#include "gdal_ptr.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace entente::geo::csv {

// ---- text helpers
// ------------------------------------------------------------------------------------------

std::string trim(std::string_view s) {
    const auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && sp(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && sp(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && lower(a) == lower(b);
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string basename(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A whole number written only with digits (no sign, no spaces, no separators).
std::optional<int> parse_count(std::string_view s) {
    if (!all_digits(s) || s.size() > 9) return std::nullopt;
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::optional<int> parse_year(std::string_view s) {
    if (s.size() != 4) return std::nullopt;
    auto v = parse_count(s);
    if (!v || *v < 1) return std::nullopt;
    return v;
}

// ---- CSV through GDAL
// ----------------------------------------------------------------------------------------

bool ends_with_ci(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && iequals(std::string_view(s).substr(s.size() - suffix.size()), suffix);
}

// Reads a CSV file (a plain path or a GDAL /vsi path) with GDAL's CSV driver, every column as text. Throws
// InputError naming the file when it cannot be read or lacks one of `required`.
CsvTable read_csv(const std::string& path, std::initializer_list<std::string_view> required) {
    init_gdal();
    CsvTable t;
    t.path = path;
    t.file = basename(path);

    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) throw InputError(path, "no such file", ErrorKind::NotFound);
    if (VSI_ISDIR(st.st_mode)) throw InputError(path, "is a directory", ErrorKind::Unsupported);
    if (st.st_size == 0) throw InputError(path, "file is empty", ErrorKind::Corrupt);

    // The CSV driver recognises files by their .csv extension; any other name needs the CSV: prefix.
    const std::string open_path = ends_with_ci(path, ".csv") ? path : "CSV:" + path;
    const char* const drivers[] = {"CSV", nullptr};
    // All columns stay strings (no type guessing, no .csvt), empty cells stay empty strings, the first line
    // is always the header, and no column becomes a geometry.
    const char* const options[] = {"HEADERS=YES", "AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO", nullptr};
    CPLErrorReset();
    const DatasetPtr ds = open_dataset(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options);
    if (!ds || ds->GetLayerCount() < 1) {
        std::string reason = CPLGetLastErrorMsg();
        CPLErrorReset();
        throw InputError(path, reason.empty() ? "not a CSV file GDAL can read" : reason,
                         ErrorKind::Unsupported);
    }
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        t.columns.push_back(lower(trim(defn->GetFieldDefn(i)->GetNameRef())));
    for (auto need : required)
        if (t.col(need) < 0) {
            std::string have;
            for (auto& c : t.columns)
                have += (have.empty() ? "" : ", ") + c;
            throw InputError(path, "no column '" + std::string(need) + "' (columns: " + have + ")",
                             ErrorKind::Unsupported);
        }

    layer->ResetReading();
    int index = 0;
    for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        CsvRow r;
        r.row = 2 + index++;
        r.values.reserve(t.columns.size());
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            r.values.push_back(f->IsFieldSetAndNotNull(i) ? trim(f->GetFieldAsString(i)) : std::string());
        // Rows with no value at all (a stray line of commas) are not data.
        if (std::all_of(r.values.begin(), r.values.end(), [](const std::string& v) { return v.empty(); }))
            continue;
        // No value in these tables spans lines: one that does almost always means a quote left open, which
        // makes the CSV reader swallow the rows after it into this value.
        for (size_t i = 0; i < r.values.size() && r.problem.empty(); ++i)
            if (r.values[i].find('\n') != std::string::npos)
                r.problem =
                    t.columns[i] + " '" + r.values[i].substr(0, r.values[i].find('\n')) +
                    "...' runs over several lines (a quote left open?); the rows after it may be lost";
        t.rows.push_back(std::move(r));
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        std::string reason = CPLGetLastErrorMsg();
        CPLErrorReset();
        throw InputError(path, "read failed: " + reason, ErrorKind::Corrupt);
    }
    return t;
}

// ---- countries
// ---------------------------------------------------------------------------------------------

CountryList load_countries(const std::string& path, std::vector<std::string>& warnings) {
    const CsvTable t = read_csv(path, {"iso3"});
    const int c_iso = t.col("iso3"), c_name = t.col("name");
    CountryList out;
    for (const auto& r : t.rows) {
        if (!r.problem.empty()) {
            warnings.push_back(t.warn(r, r.problem));
            continue;
        }
        const std::string iso = CsvTable::get(r, c_iso);
        if (iso.size() != 3 || upper(iso) != iso ||
            !std::all_of(iso.begin(), iso.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            warnings.push_back(t.warn(r, "iso3 '" + iso + "' is not three capital letters"));
            continue;
        }
        out.emplace_back(iso, CsvTable::get(r, c_name));
    }
    std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.first < b.first; });
    out.erase(std::unique(out.begin(), out.end(), [](auto& a, auto& b) { return a.first == b.first; }),
              out.end());
    return out;
}

const std::string* find_country(const CountryList& cs, std::string_view iso3) {
    auto it =
        std::lower_bound(cs.begin(), cs.end(), iso3, [](auto& a, std::string_view k) { return a.first < k; });
    return it != cs.end() && it->first == iso3 ? &it->second : nullptr;
}

bool valid_colour(const std::string& c) {
    return c.size() == 7 && c[0] == '#' && std::all_of(c.begin() + 1, c.end(), [](char ch) {
               return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
           });
}

// Splits a ';'-separated list, trimming each item and dropping empty ones.
std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    size_t from = 0;
    for (;;) {
        const size_t semi = s.find(';', from);
        std::string item =
            trim(std::string_view(s).substr(from, semi == std::string::npos ? semi : semi - from));
        if (!item.empty()) out.push_back(std::move(item));
        if (semi == std::string::npos) break;
        from = semi + 1;
    }
    return out;
}

// A coordinate: a finite number within [-limit, limit]; on failure, the reason.
bool parse_coordinate(const std::string& name, const std::string& text, double limit, double& out,
                      std::string& why) {
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, out);
    if (text.empty() || ec != std::errc() || p != end) {
        why = name + " '" + text + "' is not a number";
        return false;
    }
    if (!std::isfinite(out)) {
        why = name + " '" + text + "' is not a finite number";
        return false;
    }
    if (out < -limit || out > limit) {
        why = name + " '" + text + "' is outside -" + std::to_string(int(limit)) + ".." +
              std::to_string(int(limit));
        return false;
    }
    return true;
}

// Parses an optional table date into `out`; false (with the reason) when the text is not a date.
bool optional_date(const std::string& column, const std::string& text, std::optional<TableDate>& out,
                   std::string& why) {
    out.reset();
    if (text.empty()) return true;
    out = TableDate::parse(text);
    if (!out) why = column + " '" + text + "'" + kDateForm;
    return bool(out);
}

// Yes / No / Uncertain for a half-open span whose ends may be known only to the month or year.
Holds span_on(const std::optional<TableDate>& from, const std::optional<TableDate>& to, Date d) {
    if (from && d < from->first) return Holds::No;
    if (to && !(d < to->first)) return to->uncertain_on(d) ? Holds::Uncertain : Holds::No;
    if (from && from->uncertain_on(d)) return Holds::Uncertain;
    return Holds::Yes;
}

// The first day a span certainly holds and the first day it certainly no longer holds, for overlap checks.
bool spans_overlap(const std::optional<TableDate>& f1, const std::optional<TableDate>& t1,
                   const std::optional<TableDate>& f2, const std::optional<TableDate>& t2) {
    const Date lo1 = f1 ? f1->first : Date{1, 1, 1}, lo2 = f2 ? f2->first : Date{1, 1, 1};
    const Date hi1 = t1 ? t1->first : Date{9999, 12, 31}, hi2 = t2 ? t2->first : Date{9999, 12, 31};
    return lo1 < hi2 && lo2 < hi1;
}

} // namespace entente::geo::csv
