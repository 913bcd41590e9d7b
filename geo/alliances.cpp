// The alliance tables (alliances.hpp) read and queried: organisations.csv and memberships.csv as spells,
// standings and rosters on a date. Dates are in dates.cpp, peace operations in peace_operations.cpp, the
// shared CSV reading in reference_csv.cpp.
#include "alliances.hpp"
#include "error.hpp"
#include "reference_csv.hpp"

#include <algorithm>

namespace entente::geo {

using namespace csv;

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

} // namespace entente::geo
