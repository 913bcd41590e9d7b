#include "panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <imgui_stdlib.h>
#include <limits>

#include <chrono>

namespace entente::app {

namespace {
// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm), so the slider moves by days.
int days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
geo::Date civil_from_days(int z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = yoe + era * 400;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp + (mp < 10 ? 3 : -9);
    return {y + (m <= 2), m, d};
}
geo::Date add_months(geo::Date d, int months) {
    int m = d.month - 1 + months;
    d.year += m >= 0 ? m / 12 : (m - 11) / 12;
    d.month = ((m % 12) + 12) % 12 + 1;
    while (!geo::Date::valid(d.year, d.month, d.day))
        --d.day;
    return d;
}
} // namespace

void TimePanel::content(AppState& s) {
    geo::Date& date = s.scene.reference.date;
    const geo::Date today = geo::Date::today();
    const int lo = days_from_civil(1945, 1, 1), hi = days_from_civil(today.year, today.month, today.day);
    int days = days_from_civil(date.year, date.month, date.day);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##when", &days, lo, hi, date.str().c_str())) date = civil_from_days(days);
    if (shown_ != date.str()) text_ = shown_ = date.str();
    ImGui::SetNextItemWidth(110);
    if (ImGui::InputText("##date", &text_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (auto d = geo::Date::parse(text_))
            date = *d;
        else
            s.error("date '" + text_ + "': expected YYYY-MM-DD");
        shown_.clear();
    }
    auto step = [&](const char* label, int months, int d) {
        flow(button_width(label));
        if (ImGui::SmallButton(label)) {
            date = months ? add_months(date, months)
                          : civil_from_days(days_from_civil(date.year, date.month, date.day) + d);
            playing = false;
        }
    };
    step("-1y", -12, 0);
    step("-1m", -1, 0);
    step("-1d", 0, -1);
    step("+1d", 0, 1);
    step("+1m", 1, 0);
    step("+1y", 12, 0);
    flow(button_width("Pause"));
    if (ImGui::SmallButton(playing ? "Pause" : "Play")) playing = !playing;
    flow(button_width("Today"));
    if (ImGui::SmallButton("Today")) date = today, playing = false;
}

// Play steps a month four times a second, and stops at today; here so that it also runs while the panel is
// folded (hiding the panel stops it).
void TimePanel::always(AppState& s) {
    if (!visible) playing = false;
    if (!playing) return;
    const double now = ImGui::GetTime();
    if (now - last_step < kStep) return;
    last_step = now;
    geo::Date& date = s.scene.reference.date;
    const geo::Date today = geo::Date::today();
    date = add_months(date, 1);
    if (date > today) date = today, playing = false;
}

double TimePanel::next_step_in(double now) const {
    return playing ? std::max(0.0, last_step + kStep - now) : std::numeric_limits<double>::infinity();
}

} // namespace entente::app
