#include "releasability.hpp"

#include "geo/error.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace entente::missions {

std::string normalise_marking(std::string_view in) {
    const std::string s(in);
    std::string o;
    bool space = false;
    for (size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        size_t n = utf8_at(s, i, cp);
        if (n == 0) { // not UTF-8: kept as a byte that matches nothing else
            n = 1, cp = 0xFFFD;
        }
        const bool ws = cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
                        (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
                        cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
        if (ws) {
            space = !o.empty();
        } else {
            if (space) o += ' ';
            space = false;
            if (cp >= 0xFF01 && cp <= 0xFF5E) // full-width ASCII forms (NFKC maps them to ASCII)
                o += char(std::toupper(int(cp - 0xFF01 + 0x21)));
            else if (n == 1)
                o += char(std::toupper((unsigned char)s[i]));
            else
                o.append(s, i, n);
        }
        i += n;
    }
    return o;
}

std::string canonical_recipient(const std::string& recipient, const Mission& m,
                                const geo::MembershipTable* table) {
    const std::string r = normalise_marking(recipient);
    const std::string input = "--releasable-to \"" + recipient.substr(0, 64) + "\"";
    if (r.empty())
        throw geo::InputError(input,
                              "an empty recipient would release everything; name an organisation (e.g. NATO) "
                              "or an ISO alpha-3 nation (e.g. SWE)",
                              geo::ErrorKind::RefusedForSafety);
    if (table)
        if (const geo::Organisation* org = table->organisation(r)) return normalise_marking(org->code);
    if (table && r.size() == 3 && !table->country_name(r).empty()) return r;
    auto marks = [&](const std::vector<std::string>& rel) {
        return std::any_of(rel.begin(), rel.end(),
                           [&](const std::string& x) { return normalise_marking(x) == r; });
    };
    bool used = marks(m.releasability);
    for (const auto& u : m.units)
        used = used || marks(u.releasability);
    for (const auto& c : m.measures)
        used = used || marks(c.releasability);
    if (used) return r;
    const bool code = r.size() >= 3 && r.size() <= 10 &&
                      std::all_of(r.begin(), r.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!table && code) return r;
    throw geo::InputError(input,
                          "unknown recipient: not an organisation, an ISO alpha-3 nation or a releasability "
                          "marking of this mission",
                          geo::ErrorKind::NotFound);
}

std::string withheld_reason(const std::vector<std::string>& element_rel, const Mission& m,
                            const std::string& recipient, const geo::MembershipTable* table) {
    if (recipient.empty()) return "";
    const std::vector<std::string>& rel = element_rel.empty() ? m.releasability : element_rel;
    if (rel.empty()) return "no releasability is set (neither on the element nor the mission)";
    const std::string r = normalise_marking(recipient);
    if (r.empty()) return "the recipient is blank"; // fails closed; canonical_recipient refuses it earlier
    for (const auto& x : rel)
        if (normalise_marking(x) == r) return "";
    // A nation receives what is releasable to an organisation it belongs to on the mission's date.
    const auto day = geo::Date::parse(m.d_day);
    const bool nation = r.size() == 3 && !(table && table->organisation(r));
    if (nation && table && day)
        for (const auto& x : rel) {
            const std::string org = normalise_marking(x);
            if (table->organisation(org) && table->is_member(org, r, *day)) return "";
        }
    std::string why = "releasable to ";
    for (size_t i = 0; i < rel.size(); ++i)
        why += (i ? ", " : "") + rel[i];
    why += ", which does not include " + recipient;
    if (nation && !day)
        why += " (the mission has no D-day, so memberships cannot be checked)";
    else if (nation && table)
        why += " or an organisation " + recipient + " belonged to on " + m.d_day;
    return why;
}

namespace {

// `text` with every occurrence of each token replaced by "[withheld]".
std::string scrubbed(std::string text, const std::vector<std::string>& tokens) {
    for (const auto& t : tokens)
        for (size_t at = 0; (at = text.find(t, at)) != std::string::npos;) {
            text.replace(at, t.size(), "[withheld]");
            at += 10;
        }
    return text;
}

} // namespace

Releasable releasable_to(const Mission& m, const std::string& recipient, const geo::MembershipTable* table) {
    const std::string who = canonical_recipient(recipient, m, table); // refuses blank: never "everyone"
    Releasable out;
    out.mission = m;
    out.mission.units.clear();
    out.mission.measures.clear();
    for (const auto& u : m.units) {
        const std::string why = withheld_reason(u.releasability, m, who, table);
        if (why.empty())
            out.mission.units.push_back(u);
        else
            out.withheld.push_back({u.id, u.designation, why});
    }
    for (const auto& c : m.measures) {
        const std::string why = withheld_reason(c.releasability, m, who, table);
        if (why.empty())
            out.mission.measures.push_back(c);
        else
            out.withheld.push_back({c.id, c.name, why});
    }
    if (out.withheld.empty()) return out;
    // What names a withheld element: its id and its designation or name. One- character tokens are left (they
    // would erase letters, not names). Longest first, so a name is replaced before an id inside it.
    std::vector<std::string> tokens;
    for (const auto& w : out.withheld)
        for (const std::string* t : {&w.id, &w.name})
            if (t->size() >= 2) tokens.push_back(*t);
    std::sort(tokens.begin(), tokens.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    std::set<std::string> kept;
    for (const auto& u : out.mission.units)
        kept.insert(u.id);
    for (auto& u : out.mission.units) {
        if (!u.parent.empty() && !kept.count(u.parent)) {
            u.parent.clear();
            u.higher_formation.clear(); // names the parent that is withheld, whatever its spelling
        }
        u.designation = scrubbed(u.designation, tokens);
        u.higher_formation = scrubbed(u.higher_formation, tokens);
        u.notes = scrubbed(u.notes, tokens);
    }
    for (auto& c : out.mission.measures) {
        if (!c.assigned_unit.empty() && !kept.count(c.assigned_unit)) c.assigned_unit.clear();
        c.name = scrubbed(c.name, tokens);
        c.notes = scrubbed(c.notes, tokens);
    }
    return out;
}

} // namespace entente::missions
