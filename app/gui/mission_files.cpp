#include "missions/persistence.hpp"
#include "panels.hpp"
#include "scene/assets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <filesystem>
#include <fstream>

namespace entente::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kExt = missions::kMissionExtension;

bool has_ext(const std::string& p) {
    return p.size() >= std::string(kExt).size() &&
           p.compare(p.size() - std::string(kExt).size(), std::string::npos, kExt) == 0;
}

// The shipped demonstration mission is a template: saving it goes to a file of the planner's own.
bool shipped(const std::string& path) {
    std::error_code ec;
    const std::string dir = fs::weakly_canonical(assets_dir(), ec).string();
    const std::string p = fs::weakly_canonical(path, ec).string();
    return !dir.empty() && p.rfind(dir + "/", 0) == 0;
}

// A file name from the mission name: "Exercise SHARED SHIELD" -> "exercise-shared-shield.entente.gpkg".
std::string suggested_path(const AppState& s) {
    if (!s.mission.path.empty() && !shipped(s.mission.path)) return s.mission.path;
    std::string name;
    for (char c : s.mission.mission() ? s.mission.mission()->name : std::string("mission")) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            name += char(std::tolower(static_cast<unsigned char>(c)));
        else if (!name.empty() && name.back() != '-')
            name += '-';
        if (name.size() > 40) break;
    }
    while (!name.empty() && name.back() == '-')
        name.pop_back();
    return (fs::current_path() / ((name.empty() ? "mission" : name) + kExt)).string();
}

} // namespace

void MissionFiles::menu(AppState& s) {
    const bool open = s.mission.mission() != nullptr;
    if (ImGui::MenuItem("New mission")) ask(s, Then::New);
    if (ImGui::MenuItem("Open mission...")) show_open_ = true;
    if (ImGui::MenuItem("Save mission", "Ctrl+S", false, open)) save(s, false);
    if (ImGui::MenuItem("Save mission as...", "Ctrl+Shift+S", false, open)) save(s, true);
    if (ImGui::MenuItem("Close mission", nullptr, false, open)) ask(s, Then::Close);
}

void MissionFiles::shortcuts(AppState& s) {
    const ImGuiIO& io = ImGui::GetIO();
    // ImGui 1.86 indexes keys by the GLFW backend's key codes.
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S, false) && s.mission.mission()) save(s, io.KeyShift);
}

bool MissionFiles::may_quit(AppState& s) {
    if (quit_confirmed || !s.mission.dirty()) return true;
    ask(s, Then::Quit);
    return false;
}

void MissionFiles::ask(AppState& s, Then then, const std::string& path) {
    then_ = then, then_path_ = path;
    if (s.mission.dirty())
        ask_unsaved_ = true;
    else
        proceed(s);
}

void MissionFiles::proceed(AppState& s) {
    const Then t = then_;
    then_ = Then::Nothing;
    switch (t) {
    case Then::Nothing:
        break;
    case Then::Quit:
        quit_confirmed = true;
        break;
    case Then::New:
        s.mission.discard_recovery();
        s.mission.adopt(missions::Mission{}, "");
        s.info("new mission: place units and draw control measures with the Edit tools");
        break;
    case Then::Open:
        s.mission.discard_recovery();
        s.open_mission(then_path_, true);
        break;
    case Then::Close:
        s.mission.close();
        break;
    }
}

bool MissionFiles::save(AppState& s, bool ask_path) {
    if (!s.mission.mission()) return false;
    if (ask_path || s.mission.path.empty() || shipped(s.mission.path)) {
        save_path_ = suggested_path(s);
        show_save_as_ = true;
        overwrite_ = false;
        return false;
    }
    try {
        s.mission.save();
        s.info("saved " + s.mission.path);
        return true;
    } catch (const std::exception& e) {
        s.error(e.what());
        return false;
    }
}

void MissionFiles::tick(AppState& s, double now) {
    s.mission.autosave(now);
}

std::string MissionFiles::window_title(const AppState& s) const {
    return s.mission.mission() ? "Entente \xE2\x80\x94 " + s.mission.title() : "";
}

bool MissionFiles::offer_recovery() {
    const std::string rp = MissionEditor::recovery_path();
    if (!fs::exists(rp)) return false;
    std::string from;
    try {
        std::ifstream in(rp + ".json");
        from = nlohmann::json::parse(in).value("path", "");
    } catch (const std::exception&) {
    }
    std::string name = "an unsaved mission";
    try {
        name = "\"" + missions::load_mission(rp).name + "\"";
    } catch (const std::exception&) {
    }
    recovery_info_ = "Entente did not close cleanly last time. A recovery copy of " + name +
                     (from.empty() ? " (never saved)" : " (" + from + ")") + " was kept.";
    ask_recovery_ = true;
    return true;
}

void MissionFiles::draw(AppState& s) {
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    // A mission file opened from elsewhere (drop, recent files, the Open panel) while this one is unsaved.
    if (!s.mission_waiting.empty()) {
        ask(s, Then::Open, s.mission_waiting);
        s.mission_waiting.clear();
    }
    if (show_open_) {
        ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSize(ImVec2(560, 0), ImGuiCond_Appearing);
        if (ImGui::Begin("Open mission", &show_open_, ImGuiWindowFlags_NoCollapse)) {
            ImGui::TextDisabled("A mission file (%s)", kExt);
            ImGui::SetNextItemWidth(-70);
            if (ImGui::IsWindowAppearing()) {
                ImGui::SetKeyboardFocusHere();
                // By content, once, not each frame: a mission may have any name, and reading takes a moment.
                recent_missions_.clear();
                for (const auto& r : s.recent)
                    if (missions::is_mission_file(r)) recent_missions_.push_back(r);
            }
            const bool enter = ImGui::InputTextWithHint("##path", "/path/to/plan.entente.gpkg", &open_path_,
                                                        ImGuiInputTextFlags_EnterReturnsTrue);
            ImGui::SameLine();
            if ((ImGui::Button("Open") || enter) && !open_path_.empty()) {
                if (!fs::exists(open_path_))
                    s.error(open_path_ + ": no such file");
                else {
                    ask(s, Then::Open, open_path_);
                    show_open_ = false;
                }
            }
            bool any = false;
            for (const auto& r : recent_missions_) {
                if (!any) ImGui::Separator(), ImGui::TextUnformatted("Recent missions");
                any = true;
                if (ImGui::Selectable(r.c_str())) {
                    ask(s, Then::Open, r);
                    show_open_ = false;
                    break;
                }
            }
        }
        ImGui::End();
    }
    if (show_save_as_) {
        ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSize(ImVec2(560, 0), ImGuiCond_Appearing);
        if (ImGui::Begin("Save mission as", &show_save_as_, ImGuiWindowFlags_NoCollapse)) {
            if (shipped(s.mission.path))
                ImGui::TextDisabled("The shipped demonstration stays as it is: this saves your own copy");
            ImGui::SetNextItemWidth(-70);
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            const bool enter = ImGui::InputText("##path", &save_path_, ImGuiInputTextFlags_EnterReturnsTrue);
            if (ImGui::IsItemEdited()) overwrite_ = false;
            ImGui::SameLine();
            std::string target = save_path_;
            if (!target.empty() && !has_ext(target)) target += kExt;
            const bool exists = !target.empty() && fs::exists(target) && target != s.mission.path;
            if ((ImGui::Button(exists && overwrite_ ? "Replace" : "Save") || enter) && !target.empty()) {
                if (exists && !overwrite_) {
                    overwrite_ = true; // the next press replaces it
                } else {
                    try {
                        s.mission.save(target);
                        s.info("saved " + target);
                        show_save_as_ = false;
                        proceed(s);
                    } catch (const std::exception& e) {
                        s.error(e.what());
                    }
                }
            }
            if (exists && overwrite_)
                ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s exists: press Replace to overwrite it",
                                   target.c_str());
            else
                ImGui::TextDisabled("Saved as %s", target.c_str());
        }
        ImGui::End();
        if (!show_save_as_ && then_ != Then::Nothing && s.mission.dirty()) then_ = Then::Nothing; // cancelled
    }
}

void MissionFiles::draw_modals(AppState& s) {
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    if (ask_unsaved_) {
        ImGui::OpenPopup("Unsaved changes");
        ask_unsaved_ = false;
    }
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("%s has unsaved changes.",
                    s.mission.mission() ? s.mission.mission()->name.c_str() : "The mission");
        ImGui::TextUnformatted(then_ == Then::Quit ? "Save them before quitting?" : "Save them first?");
        ImGui::Spacing();
        if (ImGui::Button("Save", ImVec2(110, 0))) {
            ImGui::CloseCurrentPopup();
            if (save(s, false)) proceed(s); // else Save as asks for a path, then proceeds
        }
        ImGui::SameLine();
        if (ImGui::Button("Discard", ImVec2(110, 0))) {
            ImGui::CloseCurrentPopup();
            s.mission.discard_recovery();
            proceed(s);
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel", ImVec2(110, 0)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
            ImGui::CloseCurrentPopup();
            then_ = Then::Nothing;
        }
        ImGui::EndPopup();
    }

    if (ask_recovery_) {
        ImGui::OpenPopup("Recover unsaved mission");
        ask_recovery_ = false;
    }
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Recover unsaved mission", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(recovery_info_.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (ImGui::Button("Restore", ImVec2(140, 0))) {
            ImGui::CloseCurrentPopup();
            const std::string rp = MissionEditor::recovery_path();
            try {
                std::string from;
                try {
                    std::ifstream in(rp + ".json");
                    from = nlohmann::json::parse(in).value("path", "");
                } catch (const std::exception&) {
                }
                // Restored as unsaved work of its original file, so Save puts it back where it belongs.
                s.mission.adopt(missions::load_mission(rp), from, /*dirty=*/true);
                s.info("restored the recovery copy; save it to keep it");
            } catch (const std::exception& e) {
                s.error(std::string("recovery copy: ") + e.what());
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Discard", ImVec2(140, 0))) {
            ImGui::CloseCurrentPopup();
            s.mission.discard_recovery();
        }
        ImGui::EndPopup();
    }
}

} // namespace entente::app
