#include "panels.hpp"

#include <imgui.h>

namespace entente::app {

void MessagesPanel::always(AppState& s) {
    // A new error opens the panel (and unfolds it): a failed file must never go unnoticed.
    for (size_t i = seen; i < s.messages.size(); ++i)
        if (s.messages[i].level != Message::Info) visible = true, collapsed = false;
    seen = s.messages.size();
}

void MessagesPanel::content(AppState& s) {
    if (ImGui::SmallButton("Clear")) s.messages.clear(), seen = 0;
    ImGui::Separator();
    for (auto it = s.messages.rbegin(); it != s.messages.rend(); ++it) {
        const ImVec4 col = it->level == Message::Error     ? ImVec4(0.85f, 0.15f, 0.1f, 1)
                           : it->level == Message::Warning ? ImVec4(0.75f, 0.5f, 0.0f, 1)
                                                           : ImVec4(0.3f, 0.3f, 0.3f, 1);
        ImGui::PushStyleColor(ImGuiCol_Text, col);
        ImGui::TextWrapped("%s%s",
                           it->level == Message::Error     ? "Error: "
                           : it->level == Message::Warning ? "Warning: "
                                                           : "",
                           it->text.c_str());
        ImGui::PopStyleColor();
    }
}

} // namespace entente::app
