// Calendar dates and the tables' year-or-date bounds (alliances.hpp: Date, TableDate).
#include "alliances.hpp"
#include "reference_csv.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace entente::geo {

using namespace csv;

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

} // namespace entente::geo
