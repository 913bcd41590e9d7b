#include "event_log.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace entente::app {

bool event_log_on() {
    return std::getenv("ENTENTE_EVENT_LOG") != nullptr;
}

void log_event(const Event& e) {
    static const char* path = std::getenv("ENTENTE_EVENT_LOG");
    if (!path) return;
    std::ofstream out(path, std::ios::app);
    // Names from files may hold bytes that are not UTF-8: replaced, never thrown on.
    out << e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

double seconds_since_process_start() {
    // Field 22 of /proc/self/stat is the start time in clock ticks after boot; /proc/uptime is now.
    std::ifstream stat("/proc/self/stat"), uptime("/proc/uptime");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const size_t paren = text.rfind(')'); // the command name may hold spaces
    if (paren == std::string::npos) return -1;
    std::istringstream fields(text.substr(paren + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
    }
    double up = 0;
    if (!(uptime >> up)) return -1;
    return up - std::stod(field) / double(sysconf(_SC_CLK_TCK));
}

} // namespace entente::app
