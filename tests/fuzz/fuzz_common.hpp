// Shared by the libFuzzer targets: what counts as an expected outcome, and writing bytes to a file.
// A target returns normally for an expected refusal; anything else (a crash, a sanitizer report, an uncaught
// or unexpected exception, a hang) is a finding that libFuzzer stops on and saves.
#pragma once
#include "geo/error.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <unistd.h>

namespace entente::fuzz {

// Aborts with the exception's message, so that libFuzzer records an unexpected exception as a crash.
[[noreturn]] inline void unexpected(const char* target, const std::exception& e) {
    std::fprintf(stderr, "%s: unexpected exception: %s\n", target, e.what());
    std::abort();
}

// A private temporary file holding `data` (the mission reader opens real files through SQLite).
inline std::string write_temp(const uint8_t* data, size_t size, const char* suffix) {
    static const std::string dir = [] {
        char tmpl[] = "/tmp/entente-fuzz-XXXXXX";
        const char* d = ::mkdtemp(tmpl);
        if (!d) std::abort();
        return std::string(d);
    }();
    const std::string path = dir + "/input" + suffix;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) std::abort();
    return path;
}

} // namespace entente::fuzz
