// UTF-8 decoding shared by the model (text must be UTF-8), the export writers (XML legality) and
// releasability (marking normalisation).
#pragma once
#include <cstddef>
#include <string>

namespace entente::missions {

// The length of the UTF-8 sequence at s[i] and its code point; 0 when the bytes there are not well-formed
// UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
inline size_t utf8_at(const std::string& s, size_t i, char32_t& cp) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    const char32_t min = n == 1 ? 0 : n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

// Where `s` stops being well-formed UTF-8 (the offset of the first bad byte), or npos when all of it is.
inline size_t invalid_utf8_at(const std::string& s) {
    char32_t cp = 0;
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8_at(s, i, cp);
        if (n == 0) return i;
        i += n;
    }
    return std::string::npos;
}

} // namespace entente::missions
