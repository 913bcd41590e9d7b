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
