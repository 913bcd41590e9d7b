// Any text as a symbol code: the SIDC parser, its descriptions and the CoT type derived from it must not
// crash and must agree: a code the parser accepts describes itself and its 2525D form, when it has one, is 20
// digits that parse again.
#include "fuzz_common.hpp"
#include "missions/cot.hpp"
#include "missions/sidc.hpp"

using namespace entente;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string code(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto s = missions::parse_sidc(code, &error);
    if (s) {
        (void)missions::describe(*s);
        // "" is documented: a 2525C code with no 2525D equivalent.
        const std::string d = missions::to_2525d(*s);
        if (!d.empty() && d.size() != 20) {
            std::fprintf(stderr, "fuzz_sidc: to_2525d gave %zu characters\n", d.size());
            std::abort();
        }
        // The converted code parses again.
        if (!d.empty() && !missions::parse_sidc(d)) {
            std::fprintf(stderr, "fuzz_sidc: to_2525d(%s) = %s does not parse\n", code.c_str(), d.c_str());
            std::abort();
        }
    } else if (error.empty()) {
        std::fprintf(stderr, "fuzz_sidc: refused without a reason\n");
        std::abort();
    }
    (void)missions::cot_type(code);
    (void)missions::cot_affiliation(code);
    (void)missions::legacy_function_for(code);
    (void)missions::find_land_unit(code);
    (void)missions::symbol_set_name(code);
    return 0;
}
