// The command line's own contract: help, version, and a clear refusal of unknown subcommands and options.
#include "cli_run.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {
struct Run {
    int code;
    std::string out; // stdout and stderr together: CLI11 prints help to one and errors to the other
};
Run run(const std::string& args) {
    std::vector<std::string> argv;
    std::string cur;
    for (char c : args + " ") {
        if (c == ' ') {
            if (!cur.empty()) argv.push_back(cur), cur.clear();
        } else {
            cur += c;
        }
    }
    const auto r = cli_test::run(argv);
    return {r.code, r.out + r.err};
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
