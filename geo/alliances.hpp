// Who belonged to which organisation on a given day, in which standing (member, suspended, observer,
// partner, or uncertain), and which peace operations were active on that day with their headquarters and the
// strength in force: the tables in assets/domain/ (memberships.csv, organisations.csv, countries.csv,
// peace_operations.csv, peace_operation_hqs.csv, peace_operation_strength.csv), read through GDAL's CSV
// driver with every column kept as text. assets/domain/README.md documents the tables and their sources.
//
// Date convention
// ---------------
// - A table date is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: the day, or the month or year in which the day lies
//   (TableDate). Spans are half-open: `from` is the first day the state holds, `to` the first day it no
//   longer holds. The United Kingdom left the EU at the end of 31 January 2020, so its `to` is 2020-02-01.
// - A date known only to the month or year makes that whole month or year UNCERTAIN for the row: on a day
//   inside it a query answers Standing::Uncertain for that country rather than guessing (Slovakia's NATO row
//   with `from` = 2004 would be uncertain all through 2004, a member from 2005-01-01).
// - An empty `from` means the sources give no date (the EASF members): the row holds on every day before
//   `to`. An empty `to` means the state still holds.
// - `suspended` rows lie inside a `member` row: the country stays a member (it counts in members()) but is
//   shown and counted apart.
//
// Bad rows (an unknown ISO code, a date that does not parse, `to` not after `from`, an unknown organisation,
// overlapping spells, coordinates out of range...) are skipped, each with one warning naming the file, the
// row and the value:
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
    Date next_day() const;
    Date previous_day() const;
    Date plus_days(int n) const; // n may be negative
};

// A date as a table gives it: a day, or only its month or year.
struct TableDate {
    enum class Precision { Day, Month, Year };
    Date first; // the day, or the first day of the month or year
    Precision precision = Precision::Day;

    // "YYYY-MM-DD", "YYYY-MM" or "YYYY"; anything else gives nullopt.
    static std::optional<TableDate> parse(std::string_view text);
    bool exact() const { return precision == Precision::Day; }
    // The first day after the span the date covers (the next day, month or year).
    Date after() const;
    // Within the span and not exact: a day on which this date may or may not have come yet.
    bool uncertain_on(Date d) const { return !exact() && first <= d && d < after(); }
    // As written in the table.
    std::string text() const;
};

// One row of organisations.csv. `pattern` is fill, hatch or outline: how the map may draw this organisation
// when it is not the first one chosen.
struct Organisation {
    std::string code, name, full_name, colour, pattern, note, source;
};

// The kind of a memberships.csv row.
enum class Status { Member, Suspended, Observer, Partner };
const char* status_name(Status s); // "member", "suspended", "observer", "partner"

// Three answers to "does this hold on day D".
enum class Holds { No, Yes, Uncertain };

// One row of memberships.csv: a spell of membership, suspension, observer or partner status.
struct MembershipSpell {
    std::string org, iso3, country; // org is the organisation's code; country as written in the row
    Status status = Status::Member;
    std::optional<TableDate> from; // nullopt: the sources give no date
    std::optional<TableDate> to;   // first day the state no longer holds; nullopt: still holds
    std::string source, note;      // note: the reason of a suspension, conflicts between sources
    int row = 0;                   // data row in memberships.csv, the header being row 1

    // Yes when from <= d < to for certain, Uncertain when d lies in the month or year of a date the table
    // gives only to the month or year.
    Holds on(Date d) const;
    bool holds_on(Date d) const { return on(d) == Holds::Yes; }
    // The dates as the table gives them: "1949-08-24", "2004-05", "1995", or "" (not recorded / ongoing).
    std::string from_text() const;
    std::string to_text() const;
};

// A country's standing in one organisation on a day.
enum class Standing { None, Member, Suspended, Observer, Partner, Uncertain };
const char* standing_name(Standing s); // "none", "member", "suspended", "observer", "partner", "uncertain"

struct CountryStanding {
    std::string iso3, country;
    Standing standing = Standing::None;
    const MembershipSpell* spell = nullptr;  // the member, observer or partner row in force (or nullptr)
    const MembershipSpell* detail = nullptr; // Suspended: the suspension row; Uncertain: the uncertain row
};

// Everyone with a standing in one organisation on one day, sorted by iso3 within each list.
struct Roster {
    std::vector<CountryStanding> members, suspended, observers, partners, uncertain;
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
    // The standing of `iso3` in `org` on day d.
    CountryStanding standing(std::string_view org, std::string_view iso3, Date d) const;
    // Everyone with a standing in `org` on day d; empty for an unknown org.
    Roster roster(std::string_view org, Date d) const;
    // Members of `org` on day d for certain, suspended ones included (they remain members), sorted by iso3.
    std::vector<const MembershipSpell*> members(std::string_view org, Date d) const;
    bool is_member(std::string_view org, std::string_view iso3, Date d) const;
    // Every organisation in which `iso3` has a standing on day d, in the order of organisations.csv.
    std::vector<std::pair<const Organisation*, CountryStanding>> standings_of(std::string_view iso3,
                                                                              Date d) const;
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

// One row of peace_operation_hqs.csv: where an operation's headquarters was, and when.
struct OperationHq {
    std::string city;
    LonLat at;
    std::optional<TableDate> from, to; // nullopt: from the operation's start / to its end
    std::string source;
    int row = 0;
};

// One row of peace_operation_strength.csv: personnel in force on a date.
struct StrengthFigure {
    TableDate date;
    int personnel = 0;
    std::string kind; // "deployed" or "authorized"
    std::string source, note;
    int row = 0;
};

// One row of peace_operations.csv, with its headquarters and strength rows.
struct PeaceOperation {
    std::string acronym, name;
    std::string lead_org;               // as written, e.g. "UN;AU" for a hybrid operation
    std::vector<std::string> lead_orgs; // lead_org split at ';'
    std::vector<std::string>
        host_iso3; // codes separated by ';' in the column; empty: at sea or no host state
    TableDate start;
    std::optional<TableDate> end; // first day no longer active; nullopt: ongoing
    std::string start_basis, end_basis;
    std::vector<std::string> predecessors, successors;
    std::string source, note;
    int row = 0;
    std::vector<OperationHq> hqs;         // sorted by from
    std::vector<StrengthFigure> strength; // sorted by date

    Holds on(Date d) const;
    bool active_on(Date d) const { return on(d) == Holds::Yes; }
    // The headquarters in force on d (before the first row: the first; after the last: the last); nullptr
    // when the operation has no headquarters row.
    const OperationHq* hq_on(Date d) const;
    // The latest figure dated on or before d, deployed preferred to authorized on the same date; nullptr
    // when there is none yet.
    const StrengthFigure* strength_on(Date d) const;
};

// Reads peace_operations.csv and, where given (empty path: none), its headquarters and strength tables; host
// codes are checked against countries.csv. Bad rows are skipped and appended to `warnings`. Throws
// InputError when a file is missing, unreadable or lacks a required column.
std::vector<PeaceOperation> load_peace_operations(const std::string& csv, const std::string& countries_csv,
                                                  std::vector<std::string>& warnings,
                                                  const std::string& hqs_csv = {},
                                                  const std::string& strength_csv = {});

// The operations active on day d, in file order.
std::vector<const PeaceOperation*> active_operations(const std::vector<PeaceOperation>& ops, Date d);

// The reference tables, loaded once: who belonged to what, and the peace operations. Bad rows are skipped and
// reported in `warnings`.
struct ReferenceData {
    MembershipTable memberships;
    std::vector<PeaceOperation> operations;
    std::vector<std::string> warnings;
    // From a folder with memberships.csv, organisations.csv, countries.csv, peace_operations.csv and (if
    // present) peace_operation_hqs.csv and peace_operation_strength.csv; throws InputError naming a table
    // that cannot be read.
    static std::shared_ptr<ReferenceData> load(const std::string& dir);
    const PeaceOperation* operation(std::string_view acronym) const;
};

} // namespace entente::geo
