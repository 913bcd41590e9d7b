// An optional log of what the planner did and saw, one JSON object per line (ENTENTE_EVENT_LOG=path): the
// end-to-end tests and scripts read it instead of scraping pixels.
#pragma once
#include <nlohmann/json.hpp>

namespace entente::app {

// Keys stay in the order written, so a line reads like the event it records.
using Event = nlohmann::ordered_json;

void log_event(const Event& e);
bool event_log_on();
// Seconds since the process started (the kernel's start time, so library loading counts too); 10 ms steps.
double seconds_since_process_start();

} // namespace entente::app
