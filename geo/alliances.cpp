// The domain tables (alliances.hpp) read and queried. Sections, in order (search for "---- NAME"):
//   text helpers      trimming, case, numbers and years in table cells
//   CSV through GDAL  read_csv: a table with its required columns, each problem named with file and row
//   countries         countries.csv, colours and lists in cells, a spell's hold on a date
//   Date, TableDate   calendar dates, and the table's year-or-date bounds
//   memberships       organisations.csv and memberships.csv: spells, standings, rosters on a date
//   peace operations  peace_operations.csv, their headquarters and strengths over time; ReferenceData::load
#include "alliances.hpp"
#include "gdal_ptr.hpp"

#include "dataset.hpp"
#include "error.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace entente::geo {

namespace {

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

struct CsvRow {
    int row = 0; // header = 1
    std::vector<std::string> values;
    std::string problem; // why the row cannot be used at all, or empty
};

struct CsvTable {
    std::string path, file; // file: the name used in warnings
    std::vector<std::string> columns;
    std::vector<CsvRow> rows;

    int col(std::string_view name) const {
        for (size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name) return int(i);
        return -1;
    }
    // The trimmed value of column `c` (-1: an absent optional column) in `r`.
    static std::string get(const CsvRow& r, int c) {
        return c >= 0 && size_t(c) < r.values.size() ? r.values[size_t(c)] : std::string();
    }
    std::string warn(const CsvRow& r, const std::string& reason) const {
        return file + ": row " + std::to_string(r.row) + ": " + reason;
    }
};

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

using CountryList = std::vector<std::pair<std::string, std::string>>; // iso3, name; sorted

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

constexpr const char* kDateForm = " is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)";

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

} // namespace

// ---- Date
// ----------------------------------------------------------------------------------------------------

bool Date::valid(int y, int m, int d) {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::optional<Date> Date::parse(std::string_view s, bool* year_only) {
    if (s.size() == 4) {
        auto y = parse_year(s);
        if (!y) return std::nullopt;
        if (year_only) *year_only = true;
        return Date{*y, 1, 1};
    }
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto y = parse_year(s.substr(0, 4));
    const std::string_view ms = s.substr(5, 2), ds = s.substr(8, 2);
    if (!y || !all_digits(ms) || !all_digits(ds)) return std::nullopt;
    const int m = (ms[0] - '0') * 10 + (ms[1] - '0'), d = (ds[0] - '0') * 10 + (ds[1] - '0');
    if (!valid(*y, m, d)) return std::nullopt;
    if (year_only) *year_only = false;
    return Date{*y, m, d};
}

std::string Date::str() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

Date Date::today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Date Date::next_day() const {
    if (valid(year, month, day + 1)) return {year, month, day + 1};
    if (month < 12) return {year, month + 1, 1};
    return {year + 1, 1, 1};
}

Date Date::plus_days(int n) const {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{std::chrono::year{year} / std::chrono::month{unsigned(month)} /
                                      std::chrono::day{unsigned(day)}} +
                             days{n}};
    return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

Date Date::previous_day() const {
    if (day > 1) return {year, month, day - 1};
    if (month > 1) {
        int d = 31;
        while (!valid(year, month - 1, d))
            --d;
        return {year, month - 1, d};
    }
    return {year - 1, 12, 31};
}

// ---- TableDate
// ---------------------------------------------------------------------------------------------

std::optional<TableDate> TableDate::parse(std::string_view s) {
    if (s.size() == 7 && s[4] == '-') {
        auto y = parse_year(s.substr(0, 4));
        const std::string_view ms = s.substr(5, 2);
        if (!y || !all_digits(ms)) return std::nullopt;
        const int m = (ms[0] - '0') * 10 + (ms[1] - '0');
        if (m < 1 || m > 12) return std::nullopt;
        return TableDate{{*y, m, 1}, Precision::Month};
    }
    bool year_only = false;
    auto d = Date::parse(s, &year_only);
    if (!d) return std::nullopt;
    return TableDate{*d, year_only ? Precision::Year : Precision::Day};
}

Date TableDate::after() const {
    switch (precision) {
    case Precision::Day:
        return first.next_day();
    case Precision::Month:
        return first.month < 12 ? Date{first.year, first.month + 1, 1} : Date{first.year + 1, 1, 1};
    case Precision::Year:
        break;
    }
    return {first.year + 1, 1, 1};
}

std::string TableDate::text() const {
    const std::string d = first.str();
    return precision == Precision::Day ? d : d.substr(0, precision == Precision::Month ? 7 : 4);
}

// ---- memberships
// -------------------------------------------------------------------------------------------

const char* status_name(Status s) {
    switch (s) {
    case Status::Member:
        return "member";
    case Status::Suspended:
        return "suspended";
    case Status::Observer:
        return "observer";
    case Status::Partner:
        return "partner";
    }
    return "?";
}

const char* standing_name(Standing s) {
    switch (s) {
    case Standing::None:
        return "none";
    case Standing::Member:
        return "member";
    case Standing::Suspended:
        return "suspended";
    case Standing::Observer:
        return "observer";
    case Standing::Partner:
        return "partner";
    case Standing::Uncertain:
        return "uncertain";
    }
    return "?";
}

Holds MembershipSpell::on(Date d) const {
    return span_on(from, to, d);
}

std::string MembershipSpell::from_text() const {
    return from ? from->text() : std::string();
}

std::string MembershipSpell::to_text() const {
    return to ? to->text() : std::string();
}

namespace {

void load_organisations(const std::string& path, std::vector<Organisation>& orgs,
                        std::vector<std::string>& warnings) {
    const CsvTable t = read_csv(path, {"code", "name"});
    const int c_code = t.col("code"), c_name = t.col("name"), c_full = t.col("full_name"),
              c_colour = t.col("colour"), c_pattern = t.col("pattern"), c_note = t.col("note"),
              c_source = t.col("source");
    for (const auto& r : t.rows) {
        if (!r.problem.empty()) {
            warnings.push_back(t.warn(r, r.problem));
            continue;
        }
        Organisation o{CsvTable::get(r, c_code),   CsvTable::get(r, c_name),    CsvTable::get(r, c_full),
                       CsvTable::get(r, c_colour), CsvTable::get(r, c_pattern), CsvTable::get(r, c_note),
                       CsvTable::get(r, c_source)};
        if (o.code.empty()) {
            warnings.push_back(t.warn(r, "code is empty"));
            continue;
        }
        if (std::any_of(orgs.begin(), orgs.end(),
                        [&](const Organisation& x) { return iequals(x.code, o.code); })) {
            warnings.push_back(t.warn(r, "code '" + o.code + "' appears twice; this row is ignored"));
            continue;
        }
        if (o.name.empty()) o.name = o.code;
        if (o.full_name.empty()) o.full_name = o.name;
        if (!valid_colour(o.colour)) {
            warnings.push_back(t.warn(r, "colour '" + o.colour + "' is not #rrggbb; using #808080"));
            o.colour = "#808080";
        }
        o.pattern = lower(o.pattern);
        if (o.pattern.empty()) {
            o.pattern = "fill";
        } else if (o.pattern != "fill" && o.pattern != "hatch" && o.pattern != "outline") {
            warnings.push_back(
                t.warn(r, "pattern '" + o.pattern + "' is not fill, hatch or outline; using fill"));
            o.pattern = "fill";
        }
        orgs.push_back(std::move(o));
    }
}

std::optional<Status> parse_status(const std::string& text) {
    const std::string s = lower(text);
    if (s.empty() || s == "member") return Status::Member;
    if (s == "suspended") return Status::Suspended;
    if (s == "observer") return Status::Observer;
    if (s == "partner") return Status::Partner;
    return std::nullopt;
}

// The checks between rows of one country in one organisation: spells of one kind never overlap, and a
// suspension lies inside a membership. Returns the reason a row cannot be used, or "".
std::string conflict_with(const std::vector<MembershipSpell>& spells, const MembershipSpell& s) {
    for (const auto& x : spells) {
        if (x.org != s.org || x.iso3 != s.iso3) continue;
        // Membership, observer and partner spells are one sequence; suspensions another.
        const bool same_kind = (x.status == Status::Suspended) == (s.status == Status::Suspended);
        if (same_kind && spans_overlap(x.from, x.to, s.from, s.to))
            return "from '" + s.from_text() + "', to '" + s.to_text() + "' overlaps row " +
                   std::to_string(x.row) + " (" + s.org + ", " + s.iso3 + ")";
    }
    if (s.status == Status::Suspended) {
        const bool inside = std::any_of(spells.begin(), spells.end(), [&](const MembershipSpell& x) {
            return x.org == s.org && x.iso3 == s.iso3 && x.status == Status::Member && s.from &&
                   (!x.from || !(s.from->first < x.from->first)) &&
                   (!x.to || (s.to && !(x.to->first < s.to->first)));
        });
        if (!inside)
            return "suspended from '" + s.from_text() + "' to '" + s.to_text() +
                   "' does not lie inside a member row of " + s.iso3 + " in " + s.org +
                   " (put the membership first)";
    }
    return {};
}

} // namespace

MembershipTable MembershipTable::load(const std::string& memberships_csv,
                                      const std::string& organisations_csv,
                                      const std::string& countries_csv) {
    MembershipTable mt;
    mt.countries_ = load_countries(countries_csv, mt.warnings_);
    load_organisations(organisations_csv, mt.orgs_, mt.warnings_);

    // `from`/`to` (with `status`) is the table's form; `joined`/`left` the older one, still read.
    const CsvTable t0 = read_csv(memberships_csv, {"org", "iso3"});
    const bool old_form = t0.col("from") < 0 && t0.col("joined") >= 0;
    const char* c_from_name = old_form ? "joined" : "from";
    const char* c_to_name = old_form ? "left" : "to";
    if (t0.col(c_from_name) < 0 || t0.col(c_to_name) < 0)
        throw InputError(memberships_csv,
                         std::string("no column '") + (t0.col(c_from_name) < 0 ? c_from_name : c_to_name) +
                             "'",
                         ErrorKind::Unsupported);
    const CsvTable& t = t0;
    const std::string org_file = basename(organisations_csv);
    const int c_org = t.col("org"), c_iso = t.col("iso3"), c_country = t.col("country"),
              c_status = t.col("status"), c_from = t.col(c_from_name), c_to = t.col(c_to_name),
              c_source = t.col("source"), c_note = t.col("note");
    for (const auto& r : t.rows) {
        if (!r.problem.empty()) {
            mt.warnings_.push_back(t.warn(r, r.problem));
            continue;
        }
        MembershipSpell s;
        s.row = r.row;
        const std::string org = CsvTable::get(r, c_org);
        const Organisation* o = mt.organisation(org);
        if (!o) {
            mt.warnings_.push_back(t.warn(r, "org '" + org + "' is not in " + org_file));
            continue;
        }
        s.org = o->code;
        s.iso3 = CsvTable::get(r, c_iso);
        const std::string* cname = find_country(mt.countries_, s.iso3);
        if (!cname) {
            mt.warnings_.push_back(t.warn(r, "iso3 '" + s.iso3 + "' is not an ISO 3166-1 alpha-3 code"));
            continue;
        }
        s.country = CsvTable::get(r, c_country);
        if (s.country.empty()) s.country = *cname;
        const std::string status = CsvTable::get(r, c_status);
        const auto st = parse_status(status);
        if (!st) {
            mt.warnings_.push_back(
                t.warn(r, "status '" + status + "' is not member, suspended, observer or partner"));
            continue;
        }
        s.status = *st;

        const std::string from = CsvTable::get(r, c_from), to = CsvTable::get(r, c_to);
        std::string why;
        if (!optional_date(c_from_name, from, s.from, why) || !optional_date(c_to_name, to, s.to, why)) {
            mt.warnings_.push_back(t.warn(r, why));
            continue;
        }
        // A month or year `to` may fall late in its span: only a span that cannot contain a day is refused.
        if (s.from && s.to && !(s.from->first < s.to->after())) {
            mt.warnings_.push_back(t.warn(r, std::string(c_to_name) + " '" + to + "' is before " +
                                                 c_from_name + " '" + from + "'"));
            continue;
        }
        if (s.from && s.to && s.to->exact() && s.to->first == s.from->first) {
            mt.warnings_.push_back(t.warn(r, std::string(c_to_name) + " '" + to + "' is the same day as " +
                                                 c_from_name + " '" + from + "' (the spell would be empty)"));
            continue;
        }
        const std::string conflict = conflict_with(mt.spells_, s);
        if (!conflict.empty()) {
            mt.warnings_.push_back(t.warn(r, conflict));
            continue;
        }
        s.source = CsvTable::get(r, c_source);
        s.note = CsvTable::get(r, c_note);
        mt.spells_.push_back(std::move(s));
    }
    return mt;
}

const Organisation* MembershipTable::organisation(std::string_view key) const {
    const std::string k = trim(key);
    if (k.empty()) return nullptr;
    for (const auto& o : orgs_)
        if (iequals(o.code, k)) return &o;
    for (const auto& o : orgs_)
        if (iequals(o.name, k) || iequals(o.full_name, k)) return &o;
    return nullptr;
}

CountryStanding MembershipTable::standing(std::string_view org, std::string_view iso3, Date d) const {
    CountryStanding out;
    out.iso3 = upper(trim(iso3));
    const Organisation* o = organisation(org);
    if (!o) return out;
    const MembershipSpell *member = nullptr, *member_unsure = nullptr, *susp = nullptr,
                          *susp_unsure = nullptr, *other = nullptr, *other_unsure = nullptr;
    for (const auto& s : spells_) {
        if (s.org != o->code || s.iso3 != out.iso3) continue;
        const Holds h = s.on(d);
        if (h == Holds::No) continue;
        const bool yes = h == Holds::Yes;
        switch (s.status) {
        case Status::Member:
            (yes ? member : member_unsure) = &s;
            break;
        case Status::Suspended:
            (yes ? susp : susp_unsure) = &s;
            break;
        case Status::Observer:
        case Status::Partner:
            (yes ? other : other_unsure) = &s;
            break;
        }
    }
    const MembershipSpell* any = member          ? member
                                 : member_unsure ? member_unsure
                                 : other         ? other
                                                 : other_unsure;
    if (any) out.country = any->country;
    if (member_unsure && !member) {
        out.standing = Standing::Uncertain, out.spell = member_unsure, out.detail = member_unsure;
    } else if (member && susp) {
        out.standing = Standing::Suspended, out.spell = member, out.detail = susp;
    } else if (member && susp_unsure) {
        out.standing = Standing::Uncertain, out.spell = member, out.detail = susp_unsure;
    } else if (member) {
        out.standing = Standing::Member, out.spell = member;
    } else if (other) {
        out.standing = other->status == Status::Observer ? Standing::Observer : Standing::Partner;
        out.spell = other;
    } else if (other_unsure) {
        out.standing = Standing::Uncertain, out.spell = other_unsure, out.detail = other_unsure;
    }
    return out;
}

Roster MembershipTable::roster(std::string_view org, Date d) const {
    Roster r;
    const Organisation* o = organisation(org);
    if (!o) return r;
    std::vector<std::string> seen;
    for (const auto& s : spells_)
        if (s.org == o->code && std::find(seen.begin(), seen.end(), s.iso3) == seen.end())
            seen.push_back(s.iso3);
    std::sort(seen.begin(), seen.end());
    for (const auto& iso : seen) {
        CountryStanding cs = standing(o->code, iso, d);
        switch (cs.standing) {
        case Standing::None:
            break;
        case Standing::Member:
            r.members.push_back(std::move(cs));
            break;
        case Standing::Suspended:
            r.suspended.push_back(std::move(cs));
            break;
        case Standing::Observer:
            r.observers.push_back(std::move(cs));
            break;
        case Standing::Partner:
            r.partners.push_back(std::move(cs));
            break;
        case Standing::Uncertain:
            r.uncertain.push_back(std::move(cs));
            break;
        }
    }
    return r;
}

std::vector<const MembershipSpell*> MembershipTable::members(std::string_view org, Date d) const {
    std::vector<const MembershipSpell*> out;
    const Roster r = roster(org, d);
    for (const auto* list : {&r.members, &r.suspended})
        for (const auto& cs : *list)
            out.push_back(cs.spell);
    std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->iso3 < b->iso3; });
    return out;
}

bool MembershipTable::is_member(std::string_view org, std::string_view iso3, Date d) const {
    const Standing s = standing(org, iso3, d).standing;
    return s == Standing::Member || s == Standing::Suspended;
}

std::vector<std::pair<const Organisation*, CountryStanding>>
MembershipTable::standings_of(std::string_view iso3, Date d) const {
    std::vector<std::pair<const Organisation*, CountryStanding>> out;
    for (const auto& o : orgs_) {
        CountryStanding cs = standing(o.code, iso3, d);
        if (cs.standing != Standing::None) out.emplace_back(&o, std::move(cs));
    }
    return out;
}

std::string MembershipTable::country_name(std::string_view iso3) const {
    const std::string* n = find_country(countries_, upper(trim(iso3)));
    return n ? *n : std::string();
}

// ---- peace operations
// ----------------------------------------------------------------------------------------

Holds PeaceOperation::on(Date d) const {
    return span_on(start, end, d);
}

const OperationHq* PeaceOperation::hq_on(Date d) const {
    if (hqs.empty()) return nullptr;
    for (const auto& h : hqs)
        if (span_on(h.from, h.to, d) != Holds::No) return &h;
    // Outside every row's span: the first before the operation's start, else the last one.
    return d < (hqs.front().from ? hqs.front().from->first : start.first) ? &hqs.front() : &hqs.back();
}

const StrengthFigure* PeaceOperation::strength_on(Date d) const {
    const StrengthFigure* best = nullptr;
    for (const auto& f : strength) {
        if (d < f.date.first) break;
        if (!best || best->date.first < f.date.first || f.kind == "deployed") best = &f;
    }
    return best;
}

namespace {

// Calls `add(row, operation)` for each usable row of a table tied to peace_operations.csv by `acronym`; rows
// with a problem or an unknown acronym become warnings, and so does the reason `add` returns.
template <class Add>
void for_each_operation_row(const CsvTable& t, std::vector<PeaceOperation>& ops,
                            std::vector<std::string>& warnings, Add add) {
    const int c_acr = t.col("acronym");
    for (const auto& r : t.rows) {
        if (!r.problem.empty()) {
            warnings.push_back(t.warn(r, r.problem));
            continue;
        }
        const std::string acr = CsvTable::get(r, c_acr);
        auto op = std::find_if(ops.begin(), ops.end(), [&](auto& o) { return o.acronym == acr; });
        const std::string why =
            op == ops.end() ? "acronym '" + acr + "' is not in peace_operations.csv" : add(r, *op);
        if (!why.empty()) warnings.push_back(t.warn(r, why));
    }
}

void load_hqs(const std::string& path, std::vector<PeaceOperation>& ops, std::vector<std::string>& warnings) {
    const CsvTable t = read_csv(path, {"acronym", "city", "lat", "lon"});
    const int c_city = t.col("city"), c_lat = t.col("lat"), c_lon = t.col("lon"), c_from = t.col("from"),
              c_to = t.col("to"), c_source = t.col("source");
    for_each_operation_row(t, ops, warnings, [&](const CsvRow& r, PeaceOperation& op) {
        OperationHq h;
        h.row = r.row;
        h.city = CsvTable::get(r, c_city);
        h.source = CsvTable::get(r, c_source);
        std::string why;
        if (!parse_coordinate("lat", CsvTable::get(r, c_lat), 90, h.at.lat, why) ||
            !parse_coordinate("lon", CsvTable::get(r, c_lon), 180, h.at.lon, why) ||
            !optional_date("from", CsvTable::get(r, c_from), h.from, why) ||
            !optional_date("to", CsvTable::get(r, c_to), h.to, why))
            return why;
        op.hqs.push_back(std::move(h));
        return std::string();
    });
    for (auto& op : ops)
        std::stable_sort(op.hqs.begin(), op.hqs.end(), [](const OperationHq& a, const OperationHq& b) {
            return (a.from ? a.from->first : Date{1, 1, 1}) < (b.from ? b.from->first : Date{1, 1, 1});
        });
}

void load_strength(const std::string& path, std::vector<PeaceOperation>& ops,
                   std::vector<std::string>& warnings) {
    const CsvTable t = read_csv(path, {"acronym", "date", "personnel"});
    const int c_date = t.col("date"), c_pers = t.col("personnel"), c_kind = t.col("kind"),
              c_source = t.col("source"), c_note = t.col("note");
    for_each_operation_row(t, ops, warnings, [&](const CsvRow& r, PeaceOperation& op) {
        StrengthFigure f;
        f.row = r.row;
        const std::string date = CsvTable::get(r, c_date), pers = CsvTable::get(r, c_pers);
        const auto d = TableDate::parse(date);
        if (!d) return "date '" + date + "'" + kDateForm;
        f.date = *d;
        const auto n = parse_count(pers);
        if (!n) return "personnel '" + pers + "' is not a whole number of people";
        f.personnel = *n;
        f.kind = lower(CsvTable::get(r, c_kind));
        if (f.kind.empty()) f.kind = "deployed";
        if (f.kind != "deployed" && f.kind != "authorized")
            return "kind '" + f.kind + "' is not deployed or authorized";
        f.source = CsvTable::get(r, c_source);
        f.note = CsvTable::get(r, c_note);
        op.strength.push_back(std::move(f));
        return std::string();
    });
    for (auto& op : ops)
        std::stable_sort(
            op.strength.begin(), op.strength.end(),
            [](const StrengthFigure& a, const StrengthFigure& b) { return a.date.first < b.date.first; });
}

} // namespace

std::vector<PeaceOperation> load_peace_operations(const std::string& csv, const std::string& countries_csv,
                                                  std::vector<std::string>& warnings,
                                                  const std::string& hqs_csv,
                                                  const std::string& strength_csv) {
    const CountryList countries = load_countries(countries_csv, warnings);
    const CsvTable t = read_csv(csv, {"acronym", "lead_org", "host_iso3", "start"});
    const int c_acr = t.col("acronym"), c_name = t.col("name"), c_lead = t.col("lead_org"),
              c_host = t.col("host_iso3"), c_start = t.col("start"), c_end = t.col("end"),
              c_sbasis = t.col("start_basis"), c_ebasis = t.col("end_basis"), c_pred = t.col("predecessor"),
              c_succ = t.col("successor"), c_source = t.col("source"), c_note = t.col("note"),
              c_city = t.col("hq_city"), c_lat = t.col("hq_lat"), c_lon = t.col("hq_lon");

    std::vector<PeaceOperation> ops;
    for (const auto& r : t.rows) {
        if (!r.problem.empty()) {
            warnings.push_back(t.warn(r, r.problem));
            continue;
        }
        PeaceOperation op;
        op.row = r.row;
        op.acronym = CsvTable::get(r, c_acr);
        op.name = CsvTable::get(r, c_name);
        op.lead_org = CsvTable::get(r, c_lead);
        op.lead_orgs = split_list(op.lead_org);
        op.source = CsvTable::get(r, c_source);
        op.note = CsvTable::get(r, c_note);
        op.start_basis = CsvTable::get(r, c_sbasis);
        op.end_basis = CsvTable::get(r, c_ebasis);
        op.predecessors = split_list(CsvTable::get(r, c_pred));
        op.successors = split_list(CsvTable::get(r, c_succ));
        const std::string host = CsvTable::get(r, c_host), start = CsvTable::get(r, c_start),
                          end = CsvTable::get(r, c_end);
        if (op.acronym.empty()) {
            warnings.push_back(t.warn(r, "acronym is empty"));
            continue;
        }
        if (std::any_of(ops.begin(), ops.end(), [&](auto& o) { return o.acronym == op.acronym; })) {
            warnings.push_back(t.warn(r, "acronym '" + op.acronym + "' appears twice; this row is ignored"));
            continue;
        }
        if (op.lead_orgs.empty()) {
            warnings.push_back(t.warn(r, "lead_org is empty"));
            continue;
        }
        op.host_iso3 = split_list(host); // empty: at sea, or no host state
        const auto bad_host = std::find_if(op.host_iso3.begin(), op.host_iso3.end(),
                                           [&](const std::string& c) { return !find_country(countries, c); });
        if (bad_host != op.host_iso3.end()) {
            warnings.push_back(t.warn(r, "host_iso3 '" + *bad_host + "' is not an ISO 3166-1 alpha-3 code"));
            continue;
        }
        const auto sd = TableDate::parse(start);
        if (!sd) {
            warnings.push_back(t.warn(r, "start '" + start + "'" + kDateForm));
            continue;
        }
        op.start = *sd;
        std::string why;
        if (!optional_date("end", end, op.end, why)) {
            warnings.push_back(t.warn(r, why));
            continue;
        }
        if (op.end && !(op.start.first < op.end->first)) {
            warnings.push_back(t.warn(r, "end '" + end + "' is not after start '" + start + "'"));
            continue;
        }
        // An HQ given in the row itself (a quick way to add an operation without the HQ table).
        const std::string lat = CsvTable::get(r, c_lat), lon = CsvTable::get(r, c_lon);
        if (!lat.empty() || !lon.empty()) {
            OperationHq h;
            h.city = CsvTable::get(r, c_city);
            h.source = op.source;
            h.row = r.row;
            if (!parse_coordinate("hq_lat", lat, 90, h.at.lat, why) ||
                !parse_coordinate("hq_lon", lon, 180, h.at.lon, why)) {
                warnings.push_back(t.warn(r, why));
                continue;
            }
            op.hqs.push_back(std::move(h));
        }
        ops.push_back(std::move(op));
    }
    if (!hqs_csv.empty()) load_hqs(hqs_csv, ops, warnings);
    if (!strength_csv.empty()) load_strength(strength_csv, ops, warnings);
    for (const auto& op : ops) {
        if (op.hqs.empty())
            warnings.push_back(
                basename(csv) + ": row " + std::to_string(op.row) + ": " + op.acronym +
                " has no headquarters (add a row to peace_operation_hqs.csv); it is not drawn");
        for (const auto* links : {&op.predecessors, &op.successors})
            for (const auto& l : *links)
                if (std::none_of(ops.begin(), ops.end(), [&](auto& o) { return o.acronym == l; }))
                    warnings.push_back(basename(csv) + ": row " + std::to_string(op.row) + ": " +
                                       (links == &op.predecessors ? "predecessor '" : "successor '") + l +
                                       "' is not in the table");
    }
    return ops;
}

std::vector<const PeaceOperation*> active_operations(const std::vector<PeaceOperation>& ops, Date d) {
    std::vector<const PeaceOperation*> out;
    for (const auto& op : ops)
        if (op.active_on(d)) out.push_back(&op);
    return out;
}

std::shared_ptr<ReferenceData> ReferenceData::load(const std::string& dir) {
    auto d = std::make_shared<ReferenceData>();
    d->memberships =
        MembershipTable::load(dir + "/memberships.csv", dir + "/organisations.csv", dir + "/countries.csv");
    d->warnings = d->memberships.warnings();
    const auto optional = [](const std::string& path) {
        VSIStatBufL st;
        return VSIStatL(path.c_str(), &st) == 0 ? path : std::string();
    };
    d->operations = load_peace_operations(dir + "/peace_operations.csv", dir + "/countries.csv", d->warnings,
                                          optional(dir + "/peace_operation_hqs.csv"),
                                          optional(dir + "/peace_operation_strength.csv"));
    return d;
}

const PeaceOperation* ReferenceData::operation(std::string_view acronym) const {
    for (const auto& op : operations)
        if (iequals(op.acronym, acronym)) return &op;
    return nullptr;
}

} // namespace entente::geo
