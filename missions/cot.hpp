// Cursor on Target (CoT) types for unit symbols. A CoT atom type spells the MIL-STD-2525B/C function
// hierarchy letter by letter: "a-f-G-U-C-I" = atom, friend, ground, unit, combat, infantry. One rule for both
// code generations: a 2525C code uses its own function ID; a 2525D land-unit code goes through the one
// 2525C <-> 2525D mapping table of missions/sidc (the entity, else its nearest ancestor that has a 2525C
// equivalent), and an entity with none at all gets the ground-unit branch of its 2525D entity group (C2 and
// protection -> combat support "U-U", manoeuvre and fires -> combat "U-C", sustainment -> "U-S"). The test
// tests/oracles/test_cot_oracle.cpp checks every type against the TAK ecosystem's own CoT type tree.
#pragma once
#include <string>

namespace entente::missions {

// The CoT type for a unit symbol code ("a-f-G-U-C-I" for friendly infantry). Affiliation letters: p u a f n
// s h, and j / k for joker and faker. "a-u-G" when the code does not parse.
std::string cot_type(const std::string& sidc);

// The CoT affiliation letter of a code ('u' when it does not parse).
char cot_affiliation(const std::string& sidc);

} // namespace entente::missions
