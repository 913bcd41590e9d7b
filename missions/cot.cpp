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

// The ground-unit function letters (2525C positions 5-10, dashes dropped) of a 2525D land-unit entity: its
// 2525C equivalent in the symbology table (assets/symbology/land_unit.csv), else its nearest ancestor's
// (subtype -> type -> entity); else the branch of its entity group. CoT has no SOF dimension, so SOF (2525C
// 'F') equivalents do not count.
std::string ground_letters(const std::string& entity) {
    char dimension = 0;
    const std::string fn = legacy_function_for(entity, &dimension);
    if (!fn.empty() && dimension == 'G' && fn != "------") return letters_of(fn);
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

namespace {

// The CoT dimension letter of a 2525D symbol set: air, space, sea surface, subsurface, ground, else other.
char dimension_of_set(const std::string& set) {
    if (set == "01" || set == "02") return 'A';
    if (set == "05" || set == "06") return 'P';
    if (set == "30") return 'S';
    if (set == "35" || set == "36") return 'U';
    if (set == "10" || set == "11" || set == "15" || set == "20" || set == "27") return 'G';
    return 'X';
}

} // namespace

std::string cot_type(const std::string& code) {
    const auto s = parse_sidc(code);
    if (!s) return "a-u-G";
    char dimension = 'G';
    std::string letters;
    if (s->version == 3) {
        // 2525C: the dimension letter and function ID spell the CoT type, except SOF (no CoT dimension),
        // which goes through its 2525D land-unit equivalent.
        const char d = s->battle_dimension;
        if (d == 'F') {
            if (!s->entity_code.empty() && s->entity_code != "000000")
                letters = ground_letters(s->entity_code);
        } else {
            dimension = (d == 'A' || d == 'G' || d == 'S' || d == 'U' || d == 'P') ? d : 'X';
            letters = letters_of(s->function_id);
        }
    } else {
        dimension = dimension_of_set(s->symbol_set);
        // The land-unit table only for land units; other symbol sets get their dimension alone.
        if (s->symbol_set == "10")
            letters =
                !s->entity_code.empty() && s->entity_code != "000000" ? ground_letters(s->entity_code) : "U";
    }
    std::string t = std::string("a-") + cot_affiliation(code) + "-" + dimension;
    for (char c : letters) {
        t += '-';
        t += c;
    }
    return t;
}

} // namespace entente::missions
