// Releasability as a closed grammar: who may receive which elements of a mission.
//
// Releasability fails closed: an element goes to a recipient only if its own releasability (or, where it has
// none, the mission's default) names that recipient, or an organisation the recipient nation belongs to on
// the mission's D-day. Anything else is withheld, with the reason. Markings and recipients are normalised
// once (normalise_marking); a blank or unknown recipient is refused, never taken as "everyone"
// (docs/SECURITY.md section 3).
#pragma once
#include "geo/alliances.hpp"
#include "model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace entente::missions {

struct Withheld {
    std::string id, name, reason;
};

// The elements a recipient (organisation code or ISO alpha-3 nation) may receive. There is no "no filtering"
// value: an empty or blank recipient is refused like an unknown one, so a lost value can never release
// everything; a caller that means to export the whole plan does not call this.
// `table` answers memberships on the mission's D-day; without it (or without a D-day) only exact names count.
struct Releasable {
    Mission mission;                // the mission holding only releasable elements
    std::vector<Withheld> withheld; // what was left out and why
};
// Throws geo::InputError naming the recipient when it is blank or names nobody (see canonical_recipient).
// Released elements are scrubbed of what names a withheld one: a withheld parent or assigned unit is cleared
// (with the higher formation of a unit whose parent is withheld), and a withheld element's id, designation
// or name in a released element's free text (designation, higher formation, name, notes) becomes
// "[withheld]", so no format carries it in a field, a note or the embedded JSON.
Releasable releasable_to(const Mission& m, const std::string& recipient, const geo::MembershipTable* table);

// A marking or recipient as compared: Unicode spaces (no-break, ideographic, ...) and zero-width characters
// taken as spaces and dropped at both ends, runs of spaces made one, full-width Latin letters and digits
// made ASCII, ASCII letters upper case. " nato " and "NATO" are the same marking.
std::string normalise_marking(std::string_view s);

// The recipient a --releasable-to value names: normalised, an organisation's name made its code ("African
// Union" -> AU). Refused (geo::InputError, input "--releasable-to VALUE") when it is empty or blank
// (RefusedForSafety: it would release everything) or names nobody known: not an organisation or a nation in
// `table`, nor a marking the mission uses (NotFound). Without a table, three to ten letters pass as codes.
std::string canonical_recipient(const std::string& recipient, const Mission& m,
                                const geo::MembershipTable* table);
// One element's decision (exposed for tests and the window): empty when releasable, else the reason.
std::string withheld_reason(const std::vector<std::string>& element_rel, const Mission& m,
                            const std::string& recipient, const geo::MembershipTable* table);

} // namespace entente::missions
