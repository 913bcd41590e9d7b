// Who belonged to which organisation on a given day, and which peace operations were active in a given year:
// the tables in assets/domain/ (memberships.csv, organisations.csv, countries.csv, peace_operations.csv),
// read through GDAL's CSV driver with every column kept as text.
//
// Date convention
// ---------------
// - `joined` and `left` are `YYYY-MM-DD` where the day is known, else `YYYY`. A year-only date means 1
// January
//   of that year (so a year-only accession counts from 1 January, and a year-only exit ends membership on
//   1 January: the country is not counted as a member at any time in its exit year).
// - A country is a member on day D when  joined <= D < left  (left empty: still a member). `left` is
// therefore
//   the first day the country is NOT a member: the United Kingdom left the EU at the end of 31 January 2020,
//   so its `left` is 2020-02-01; ECOWAS withdrawals "with effect from 29 January 2025" have left =
//   2025-01-29.
// - An empty `joined` means the sources give no date (the EASF members): such a spell holds on every day
//   before `left` (joined_known is false and `joined` is 0001-01-01).
// - Peace operations have years only: an operation is active on D when start_year <= D.year <= end_year (no
//   end_year: still active), so it counts as active on every day of its first and last years.
//
// Bad rows (an unknown ISO code, a date that does not parse, left not after joined, an unknown organisation,
// coordinates out of range...) are skipped, each with one warning naming the file, the row and the value:
//   memberships.csv: row 14: iso3 'XYZ' is not an ISO 3166-1 alpha-3 code
// Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2. A missing
// or unreadable file, or one without a required column, throws geo::InputError naming the file.
#pragma once
#include "types.hpp"
#include <memory>

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entente::geo {

struct Date {
    int year = 1, month = 1, day = 1;

    // "YYYY" (-> 1 January, *year_only set to true) or "YYYY-MM-DD" (a real calendar day, *year_only false).
    // Anything else, including surrounding spaces, gives nullopt.
    static std::optional<Date> parse(std::string_view text, bool* year_only = nullptr);
    // "YYYY-MM-DD".
    std::string str() const;
    auto operator<=>(const Date&) const = default;
    // Today in the local time zone.
    static Date today();
    static bool valid(int year, int month, int day);
};

// One row of organisations.csv. `pattern` is fill, hatch or outline: how the map may draw this organisation
// when it is not the first one chosen.
struct Organisation {
    std::string code, name, full_name, colour, pattern, note, source;
};

// One row of memberships.csv: a spell of membership.
struct MembershipSpell {
    std::string org, iso3, country; // org is the organisation's code; country as written in the row
    Date joined;                    // 0001-01-01 when !joined_known
    std::optional<Date> left;       // first day not a member; nullopt: still a member
    bool joined_day_known = false, left_day_known = false; // false: the table gives only the year
    bool joined_known = true;                              // false: `joined` was empty in the table
    std::string source;
    int row = 0; // data row in memberships.csv, the header being row 1

    // joined <= d < left
    bool holds_on(Date d) const;
    // The dates as the table gives them: "1949", "2023-04-04", or "" (joined unknown / still a member).
    std::string joined_text() const;
    std::string left_text() const;
};

class MembershipTable {
  public:
    // Throws InputError when a file is missing, unreadable or lacks a required column; bad rows become
    // warnings().
    static MembershipTable load(const std::string& memberships_csv, const std::string& organisations_csv,
                                const std::string& countries_csv);

    // In the order of organisations.csv.
    const std::vector<Organisation>& organisations() const { return orgs_; }
    // By code, name or full name, ignoring case ("nato", "African Union" -> AU); nullptr if none.
    const Organisation* organisation(std::string_view code_or_name) const;
    // Members of `org` (code or name, as organisation()) on day d, sorted by iso3; empty for an unknown org.
    std::vector<const MembershipSpell*> members(std::string_view org, Date d) const;
    bool is_member(std::string_view org, std::string_view iso3, Date d) const;
    // The organisations `iso3` belonged to on day d, in the order of organisations.csv.
    std::vector<const MembershipSpell*> memberships_of(std::string_view iso3, Date d) const;
    // Every spell that loaded, in file order.
    const std::vector<MembershipSpell>& spells() const { return spells_; }
    // Country names from countries.csv by iso3 ("" if unknown).
    std::string country_name(std::string_view iso3) const;
    const std::vector<std::string>& warnings() const { return warnings_; }

  private:
    std::vector<Organisation> orgs_;
    std::vector<MembershipSpell> spells_;
    std::vector<std::pair<std::string, std::string>> countries_; // iso3, name; sorted by iso3
    std::vector<std::string> warnings_;
};

// One row of peace_operations.csv.
struct PeaceOperation {
    std::string acronym, name;
    std::string lead_org;               // as written, e.g. "UN;AU" for a hybrid operation
    std::vector<std::string> lead_orgs; // lead_org split at ';'
    std::vector<std::string> host_iso3; // one or more codes (the column separates them with ';')
    std::string hq_city;
    LonLat hq;
    int start_year = 0;
    std::optional<int> end_year;       // nullopt: ongoing at the sources' date
    std::optional<int> personnel;      // latest figure found (meaning varies: see the row's source)
    std::optional<int> personnel_year; // nullopt where the source is undated
    std::string source;
    int row = 0;

    // Year precision: start_year <= d.year and (no end_year or d.year <= end_year).
    bool active_on(Date d) const;
};

// Reads peace_operations.csv; host codes are checked against countries.csv. Bad rows are skipped and appended
// to `warnings`. Throws InputError when a file is missing, unreadable or lacks a required column.
std::vector<PeaceOperation> load_peace_operations(const std::string& csv, const std::string& countries_csv,
                                                  std::vector<std::string>& warnings);

// The operations active on day d, in file order.
std::vector<const PeaceOperation*> active_operations(const std::vector<PeaceOperation>& ops, Date d);

// The reference tables, loaded once: who belonged to what, and the peace operations. Bad rows are skipped and
// reported in `warnings`.
struct ReferenceData {
    MembershipTable memberships;
    std::vector<PeaceOperation> operations;
    std::vector<std::string> warnings;
    // From a folder with memberships.csv, organisations.csv, countries.csv and peace_operations.csv; throws
    // InputError naming a table that cannot be read.
    static std::shared_ptr<ReferenceData> load(const std::string& dir);
};

} // namespace entente::geo
