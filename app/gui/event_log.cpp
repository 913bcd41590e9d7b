#include "event_log.hpp"

#include <cstdlib>
#include <fstream>

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

} // namespace entente::app
