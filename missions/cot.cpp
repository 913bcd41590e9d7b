#include "cot.hpp"

#include "sidc.hpp"

#include <array>
#include <string_view>

namespace entente::missions {

namespace {

std::string letters_of(std::string_view function_id) {
    std::string letters;
    for (char c : function_id) {
        if (c == '-' || c == '*') break;
        letters += c;
    }
    return letters;
}

// The ground-unit function letters (2525C positions 5-10, dashes dropped) of a 2525D land-unit entity: from
// the mapping table, its own ground equivalent, else its nearest ancestor's (subtype -> type -> entity);
// else the branch of its entity group. CoT has no SOF dimension, so SOF (2525C 'F') equivalents do not count.
std::string ground_letters(const std::string& entity) {
    const std::array<std::string, 3> chain = {entity, entity.substr(0, 4) + "00",
                                              entity.substr(0, 2) + "0000"};
    for (const auto& e : chain) {
        // Of several 2525C functions that map to one entity (aviation and rotary wing both to 120600), the
        // most specific is its equivalent.
        std::string best;
        for (const auto& lf : legacy_land_unit_functions())
            if (lf.dimension == 'G' && e == lf.entity && e != "000000" &&
                letters_of(lf.function).size() > best.size())
                best = letters_of(lf.function);
        if (!best.empty()) return best;
    }
    // 2525D entity groups that no 2525C ground function covers: the ground-unit branch their doctrine
    // places them in.
    const std::string_view group = std::string_view(entity).substr(0, 2);
    if (group == "12" || group == "13") return "UC";                  // movement and manoeuvre, fires
    if (group == "11" || group == "14" || group == "15") return "UU"; // C2, protection, intelligence
    if (group == "16") return "US";                                   // sustainment
    return "U";
}

} // namespace

char cot_affiliation(const std::string& code) {
    const auto s = parse_sidc(code);
    if (!s) return 'u';
    if (s->joker) return 'j';
    if (s->faker) return 'k';
    static constexpr std::array<char, 7> kLetters = {'p', 'u', 'a', 'f', 'n', 's', 'h'};
    return kLetters[static_cast<size_t>(s->identity)];
}

std::string cot_type(const std::string& code) {
    const auto s = parse_sidc(code);
    if (!s) return "a-u-G";
    std::string letters;
    if (s->battle_dimension == 'G' && !s->function_id.empty())
        letters = letters_of(s->function_id); // a 2525C ground code spells its CoT type itself
    else if (!s->entity_code.empty() && s->entity_code != "000000")
        letters = ground_letters(s->entity_code);
    else if (s->symbol_set == "10")
        letters = "U"; // a land unit, function unspecified
    std::string t = std::string("a-") + cot_affiliation(code) + "-G";
    for (char c : letters) {
        t += '-';
        t += c;
    }
    return t;
}

} // namespace entente::missions
