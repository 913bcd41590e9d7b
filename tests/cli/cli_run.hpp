// Running the real `entente` binary from a test: arguments quoted for the shell, stdout and stderr captured
// separately through scratch files (one folder per process, since ctest -j runs cases in parallel processes).
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace cli_test {

inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

inline std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

struct Result {
    int code = -1;
    std::string out, err;
    std::vector<std::string> err_lines() const {
        std::vector<std::string> lines;
        std::istringstream is(err);
        for (std::string l; std::getline(is, l);)
            if (!l.empty()) lines.push_back(l);
        return lines;
    }
};

// Runs `[env_prefix] entente ARGS`.
inline Result run(const std::vector<std::string>& args, const std::string& env_prefix = "") {
    namespace fs = std::filesystem;
    static int counter = 0;
    const fs::path dir = fs::path(ENTENTE_CLI_OUT) / ("run-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string tag = std::to_string(++counter);
    const std::string o = (dir / ("stdout-" + tag + ".txt")).string(),
                      e = (dir / ("stderr-" + tag + ".txt")).string();
    std::string cmd = env_prefix + quote(ENTENTE_BIN);
    for (auto& a : args)
        cmd += " " + quote(a);
    cmd += " >" + quote(o) + " 2>" + quote(e) + " </dev/null";
    const int status = std::system(cmd.c_str());
    Result r;
    r.code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    r.out = slurp(o);
    r.err = slurp(e);
    fs::remove(o);
    fs::remove(e);
    return r;
}

} // namespace cli_test
