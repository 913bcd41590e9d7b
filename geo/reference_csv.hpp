// The reference tables' shared reading (alliances.cpp, peace_operations.cpp, dates.cpp): text cells, CSV
// files through GDAL with every problem named by file and row, countries, and spans of table dates. Internal
// to geo/.
#pragma once
#include "alliances.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::geo::csv {

std::string trim(std::string_view s);
std::string lower(std::string_view s);
std::string upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool all_digits(std::string_view s);
std::string basename(const std::string& path);
// A whole number written only with digits (no sign, no spaces, no separators).
std::optional<int> parse_count(std::string_view s);
std::optional<int> parse_year(std::string_view s);

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

bool ends_with_ci(const std::string& s, std::string_view suffix);
// Reads a CSV file (a plain path or a GDAL /vsi path) with GDAL's CSV driver, every column as text. Throws
// InputError naming the file when it cannot be read or lacks one of `required`.
CsvTable read_csv(const std::string& path, std::initializer_list<std::string_view> required);

using CountryList = std::vector<std::pair<std::string, std::string>>; // iso3, name; sorted
CountryList load_countries(const std::string& path, std::vector<std::string>& warnings);
const std::string* find_country(const CountryList& cs, std::string_view iso3);
bool valid_colour(const std::string& c);

inline constexpr const char* kDateForm = " is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)";
// Splits a ';'-separated list, trimming each item and dropping empty ones.
std::vector<std::string> split_list(const std::string& s);
// A coordinate: a finite number within [-limit, limit]; on failure, the reason.
bool parse_coordinate(const std::string& name, const std::string& text, double limit, double& out,
                      std::string& why);
// Parses an optional table date into `out`; false (with the reason) when the text is not a date.
bool optional_date(const std::string& column, const std::string& text, std::optional<TableDate>& out,
                   std::string& why);
// Yes / No / Uncertain for a half-open span whose ends may be known only to the month or year.
Holds span_on(const std::optional<TableDate>& from, const std::optional<TableDate>& to, Date d);
// Whether two spans overlap, from the first day each certainly holds to the first it certainly no longer
// does.
bool spans_overlap(const std::optional<TableDate>& f1, const std::optional<TableDate>& t1,
                   const std::optional<TableDate>& f2, const std::optional<TableDate>& t2);

} // namespace entente::geo::csv
