// Runs a consumer's parser (a node script in the oracle folder, see README.md) and returns its exit status
// and output, so a test can assert on what the partner's own tool says of our file.
#pragma once
#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace entente::test {

struct OracleResult {
    int status = -1;
    std::string output; // stdout and stderr together
};

inline std::string oracle_dir() {
    const char* d = std::getenv("ENTENTE_ORACLES");
    if (!d || !*d) throw std::runtime_error("ENTENTE_ORACLES is not set (run through ctest)");
    return d;
}

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// `node ORACLES/script args...`; args are quoted here.
inline OracleResult run_oracle_args(const std::string& script, const std::vector<std::string>& args) {
    std::string cmd = "node " + shell_quote(oracle_dir() + "/" + script);
    for (const auto& a : args)
        cmd += " " + shell_quote(a);
    cmd += " 2>&1";
    OracleResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        r.output.append(buf.data(), n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}
template <class... Args> OracleResult run_oracle(const std::string& script, const Args&... args) {
    return run_oracle_args(script, {std::string(args)...});
}

} // namespace entente::test
