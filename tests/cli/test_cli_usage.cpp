// The command line's own contract: help, version, and a clear refusal of unknown subcommands and options.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {
struct Run {
    int code;
    std::string out;
};
Run run(const std::string& args) {
    const std::string cmd = std::string(ENTENTE_BIN) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        out.append(buf.data(), n);
    const int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}
} // namespace

TEST_CASE("entente --help lists the subcommands") {
    const Run r = run("--help");
    CHECK(r.code == 0);
    for (const char* sub : {"render", "info", "load"})
        CHECK(r.out.find(sub) != std::string::npos);
}

TEST_CASE("entente --version names the program") {
    const Run r = run("--version");
    CHECK(r.code == 0);
    CHECK(r.out.find("entente") != std::string::npos);
}

TEST_CASE("an unknown option is refused with a non-zero exit") {
    const Run r = run("render --no-such-option -o /dev/null");
    CHECK(r.code != 0);
    CHECK(r.out.find("no-such-option") != std::string::npos);
}

TEST_CASE("render without -o says the output is required") {
    const Run r = run("render");
    CHECK(r.code != 0);
    CHECK(r.out.find("--output") != std::string::npos);
}
