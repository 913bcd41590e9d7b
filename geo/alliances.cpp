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

std::string date_text(const Date& d, bool day_known) {
    return day_known ? d.str() : std::to_string(d.year);
}

constexpr const char* kDateForm = " is not a date (expected YYYY or YYYY-MM-DD)";

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

// ---- memberships
// -------------------------------------------------------------------------------------------

bool MembershipSpell::holds_on(Date d) const {
    return joined <= d && (!left || d < *left);
}

std::string MembershipSpell::joined_text() const {
    return joined_known ? date_text(joined, joined_day_known) : std::string();
}

std::string MembershipSpell::left_text() const {
    return left ? date_text(*left, left_day_known) : std::string();
}

MembershipTable MembershipTable::load(const std::string& memberships_csv,
                                      const std::string& organisations_csv,
                                      const std::string& countries_csv) {
    MembershipTable mt;
    mt.countries_ = load_countries(countries_csv, mt.warnings_);

    // organisations.csv
    {
        const CsvTable t = read_csv(organisations_csv, {"code", "name"});
        const int c_code = t.col("code"), c_name = t.col("name"), c_full = t.col("full_name"),
                  c_colour = t.col("colour"), c_pattern = t.col("pattern"), c_note = t.col("note"),
                  c_source = t.col("source");
        for (const auto& r : t.rows) {
            if (!r.problem.empty()) {
                mt.warnings_.push_back(t.warn(r, r.problem));
                continue;
            }
            Organisation o{CsvTable::get(r, c_code),   CsvTable::get(r, c_name),    CsvTable::get(r, c_full),
                           CsvTable::get(r, c_colour), CsvTable::get(r, c_pattern), CsvTable::get(r, c_note),
                           CsvTable::get(r, c_source)};
            if (o.code.empty()) {
                mt.warnings_.push_back(t.warn(r, "code is empty"));
                continue;
            }
            if (std::any_of(mt.orgs_.begin(), mt.orgs_.end(),
                            [&](const Organisation& x) { return iequals(x.code, o.code); })) {
                mt.warnings_.push_back(t.warn(r, "code '" + o.code + "' appears twice; this row is ignored"));
                continue;
            }
            if (o.name.empty()) o.name = o.code;
            if (o.full_name.empty()) o.full_name = o.name;
            if (!valid_colour(o.colour)) {
                mt.warnings_.push_back(t.warn(r, "colour '" + o.colour + "' is not #rrggbb; using #808080"));
                o.colour = "#808080";
            }
            o.pattern = lower(o.pattern);
            if (o.pattern.empty()) {
                o.pattern = "fill";
            } else if (o.pattern != "fill" && o.pattern != "hatch" && o.pattern != "outline") {
                mt.warnings_.push_back(
                    t.warn(r, "pattern '" + o.pattern + "' is not fill, hatch or outline; using fill"));
                o.pattern = "fill";
            }
            mt.orgs_.push_back(std::move(o));
        }
    }

    // memberships.csv
    const CsvTable t = read_csv(memberships_csv, {"org", "iso3", "joined", "left"});
    const std::string org_file = basename(organisations_csv);
    const int c_org = t.col("org"), c_iso = t.col("iso3"), c_country = t.col("country"),
              c_joined = t.col("joined"), c_left = t.col("left"), c_source = t.col("source");
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

        const std::string joined = CsvTable::get(r, c_joined), left = CsvTable::get(r, c_left);
        if (joined.empty()) {
            s.joined_known = false;
            s.joined = Date{1, 1, 1};
        } else {
            bool year_only = false;
            auto d = Date::parse(joined, &year_only);
            if (!d) {
                mt.warnings_.push_back(t.warn(r, "joined '" + joined + "'" + kDateForm));
                continue;
            }
            s.joined = *d;
            s.joined_day_known = !year_only;
        }
        if (!left.empty()) {
            bool year_only = false;
            auto d = Date::parse(left, &year_only);
            if (!d) {
                mt.warnings_.push_back(t.warn(r, "left '" + left + "'" + kDateForm));
                continue;
            }
            s.left = *d;
            s.left_day_known = !year_only;
            if (*s.left < s.joined) {
                mt.warnings_.push_back(t.warn(r, "left '" + left + "' is before joined '" + joined + "'"));
                continue;
            }
            if (*s.left == s.joined) {
                mt.warnings_.push_back(
                    t.warn(r, "left '" + left + "' is the same day as joined '" + joined +
                                  "' (a year alone means 1 January, so the spell would be empty)"));
                continue;
            }
        }
        // Two spells of the same country in the same organisation must not overlap, or it would count twice.
        const auto overlap =
            std::find_if(mt.spells_.begin(), mt.spells_.end(), [&](const MembershipSpell& x) {
                return x.org == s.org && x.iso3 == s.iso3 && (!s.left || x.joined < *s.left) &&
                       (!x.left || s.joined < *x.left);
            });
        if (overlap != mt.spells_.end()) {
            mt.warnings_.push_back(t.warn(r, "joined '" + joined + "', left '" + left + "' overlaps row " +
                                                 std::to_string(overlap->row) + " (" + s.org + ", " + s.iso3 +
                                                 ")"));
            continue;
        }
        s.source = CsvTable::get(r, c_source);
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

std::vector<const MembershipSpell*> MembershipTable::members(std::string_view org, Date d) const {
    std::vector<const MembershipSpell*> out;
    const Organisation* o = organisation(org);
    if (!o) return out;
    for (const auto& s : spells_)
        if (s.org == o->code && s.holds_on(d)) out.push_back(&s);
    std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->iso3 < b->iso3; });
    return out;
}

bool MembershipTable::is_member(std::string_view org, std::string_view iso3, Date d) const {
    const Organisation* o = organisation(org);
    if (!o) return false;
    const std::string code = upper(trim(iso3));
    return std::any_of(spells_.begin(), spells_.end(), [&](const MembershipSpell& s) {
        return s.org == o->code && s.iso3 == code && s.holds_on(d);
    });
}

std::vector<const MembershipSpell*> MembershipTable::memberships_of(std::string_view iso3, Date d) const {
    const std::string code = upper(trim(iso3));
    std::vector<const MembershipSpell*> out;
    for (const auto& o : orgs_)
        for (const auto& s : spells_)
            if (s.org == o.code && s.iso3 == code && s.holds_on(d)) out.push_back(&s);
    return out;
}

std::string MembershipTable::country_name(std::string_view iso3) const {
    const std::string* n = find_country(countries_, upper(trim(iso3)));
    return n ? *n : std::string();
}

// ---- peace operations
// ----------------------------------------------------------------------------------------

bool PeaceOperation::active_on(Date d) const {
    return start_year <= d.year && (!end_year || d.year <= *end_year);
}

std::vector<PeaceOperation> load_peace_operations(const std::string& csv, const std::string& countries_csv,
                                                  std::vector<std::string>& warnings) {
    const CountryList countries = load_countries(countries_csv, warnings);
    const CsvTable t = read_csv(csv, {"acronym", "lead_org", "host_iso3", "hq_lat", "hq_lon", "start_year"});
    const int c_acr = t.col("acronym"), c_name = t.col("name"), c_lead = t.col("lead_org"),
              c_host = t.col("host_iso3"), c_city = t.col("hq_city"), c_lat = t.col("hq_lat"),
              c_lon = t.col("hq_lon"), c_start = t.col("start_year"), c_end = t.col("end_year"),
              c_pers = t.col("personnel"), c_pyear = t.col("personnel_year"), c_source = t.col("source");

    // Splits a ';'-separated list, trimming each item and dropping empty ones.
    const auto split = [](const std::string& s) {
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
    };
    // A coordinate: a finite number within [-limit, limit]; on failure, the reason.
    const auto coordinate = [](const std::string& name, const std::string& text, double limit, double& out,
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
    };

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
        op.lead_orgs = split(op.lead_org);
        op.hq_city = CsvTable::get(r, c_city);
        op.source = CsvTable::get(r, c_source);
        const std::string host = CsvTable::get(r, c_host), start = CsvTable::get(r, c_start),
                          end = CsvTable::get(r, c_end), pers = CsvTable::get(r, c_pers),
                          pyear = CsvTable::get(r, c_pyear);
        std::string why;
        if (op.acronym.empty()) {
            warnings.push_back(t.warn(r, "acronym is empty"));
            continue;
        }
        if (op.lead_orgs.empty()) {
            warnings.push_back(t.warn(r, "lead_org is empty"));
            continue;
        }
        op.host_iso3 = split(host);
        if (op.host_iso3.empty()) {
            warnings.push_back(t.warn(r, "host_iso3 is empty"));
            continue;
        }
        const auto bad_host = std::find_if(op.host_iso3.begin(), op.host_iso3.end(),
                                           [&](const std::string& c) { return !find_country(countries, c); });
        if (bad_host != op.host_iso3.end()) {
            warnings.push_back(t.warn(r, "host_iso3 '" + *bad_host + "' is not an ISO 3166-1 alpha-3 code"));
            continue;
        }
        if (!coordinate("hq_lat", CsvTable::get(r, c_lat), 90, op.hq.lat, why) ||
            !coordinate("hq_lon", CsvTable::get(r, c_lon), 180, op.hq.lon, why)) {
            warnings.push_back(t.warn(r, why));
            continue;
        }
        const auto sy = parse_year(start);
        if (!sy) {
            warnings.push_back(t.warn(r, "start_year '" + start + "' is not a year (expected YYYY)"));
            continue;
        }
        op.start_year = *sy;
        if (!end.empty()) {
            op.end_year = parse_year(end);
            if (!op.end_year) {
                warnings.push_back(t.warn(r, "end_year '" + end + "' is not a year (expected YYYY)"));
                continue;
            }
            if (*op.end_year < op.start_year) {
                warnings.push_back(t.warn(r, "end_year '" + end + "' is before start_year '" + start + "'"));
                continue;
            }
        }
        if (!pers.empty()) {
            op.personnel = parse_count(pers);
            if (!op.personnel) {
                warnings.push_back(t.warn(r, "personnel '" + pers + "' is not a whole number of people"));
                continue;
            }
        }
        if (!pyear.empty()) {
            op.personnel_year = parse_year(pyear);
            if (!op.personnel_year) {
                warnings.push_back(t.warn(r, "personnel_year '" + pyear + "' is not a year (expected YYYY)"));
                continue;
            }
        }
        ops.push_back(std::move(op));
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
    d->operations = load_peace_operations(dir + "/peace_operations.csv", dir + "/countries.csv", d->warnings);
    return d;
}

} // namespace entente::geo
