// The tiled panel layout without a window: whatever the screen and however many panels are shown, every tile
// lies inside the display and between the menu and status bars, no two tiles overlap, and what the panels
// cover is reported for the map's legends and "zoom to".
#include "gui/panel.hpp"

#include <catch2/catch.hpp>

#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

using namespace entente::app;

namespace {

class TestPanel : public Panel {
  public:
    explicit TestPanel(std::string t) : title_(std::move(t)) {}
    const char* title() const override { return title_.c_str(); }
    void content(AppState&) override {}

  private:
    std::string title_;
};

// An ImGui context with a built font atlas and one frame begun, so sizes (the title bar's height) are real.
struct Ui {
    explicit Ui(ImVec2 display) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = display;
        io.DeltaTime = 1.0f / 60;
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        ImGui::NewFrame();
    }
    ~Ui() {
        ImGui::EndFrame();
        ImGui::DestroyContext();
    }
};

bool overlap(const Tile& a, const Tile& b) {
    const float w = std::min(a.pos.x + a.size.x, b.pos.x + b.size.x) - std::max(a.pos.x, b.pos.x);
    const float h = std::min(a.pos.y + a.size.y, b.pos.y + b.size.y) - std::max(a.pos.y, b.pos.y);
    return w > 0.5f && h > 0.5f;
}

} // namespace

TEST_CASE("panels tile without overlaps inside every screen from 1280x720 to 3840x2160") {
    AppState state;
    const std::vector<ImVec2> screens{{1280, 720}, {1366, 768}, {1920, 1080}, {2560, 1440}, {3840, 2160}};
    // A few panels shown, then every one at once (the worst case: folding must keep them on screen).
    for (int shown : {9, 19}) {
        for (ImVec2 display : screens) {
            Ui ui(display);
            std::vector<std::unique_ptr<TestPanel>> panels;
            PanelLayout layout;
            for (int i = 0; i < 19; ++i) {
                panels.push_back(std::make_unique<TestPanel>("Panel " + std::to_string(i)));
                // Ten in the left column: at 1280x720 they cannot all be open, so some must fold.
                const Dock dock = i < 10 ? Dock::Left : i < 16 ? Dock::Right : Dock::Bottom;
                const bool on = shown == 19 || i % 10 < 3 || i == 16; // a few in each place, or all
                layout.add(*panels.back(), dock, i % 3 == 0 ? PanelLayout::kFit : 200 + 20 * i, on);
            }
            const float top = ImGui::GetFrameHeight(), bottom = ImGui::GetFrameHeight() + 4;
            layout.arrange(state, display, top, bottom, 1);
            CAPTURE(display.x, display.y, shown);
            int visible = 0;
            for (const auto& p : panels)
                visible += p->visible;
            REQUIRE(int(layout.tiles().size()) == visible);
            for (const Tile& t : layout.tiles()) {
                CAPTURE(t.panel->title(), t.pos.x, t.pos.y, t.size.x, t.size.y);
                CHECK(t.pos.x >= 0);
                CHECK(t.pos.y >= top);
                CHECK(t.pos.x + t.size.x <= display.x + 0.5f);
                CHECK(t.pos.y + t.size.y <= display.y - bottom + 0.5f);
                CHECK(t.size.y >= ImGui::GetFrameHeight()); // at least its title bar
            }
            for (size_t a = 0; a < layout.tiles().size(); ++a)
                for (size_t b = a + 1; b < layout.tiles().size(); ++b) {
                    CAPTURE(layout.tiles()[a].panel->title(), layout.tiles()[b].panel->title());
                    CHECK_FALSE(overlap(layout.tiles()[a], layout.tiles()[b]));
                }
            // The columns leave at least 40 % of the width to the map and say what they cover.
            const Covered& c = layout.covered();
            CHECK(c.left + c.right <= display.x * 0.6f + 1);
            CHECK(c.left > 0);
            CHECK(c.right > 0);
            CHECK(c.bottom > bottom);
        }
    }
}

TEST_CASE("a panel moved by its title-bar menu keeps its new place in the saved layout") {
    AppState state;
    Ui ui({1600, 1000});
    TestPanel a("A"), b("B"), c("C");
    PanelLayout layout;
    layout.add(a, Dock::Left, 200);
    layout.add(b, Dock::Left, 200);
    layout.add(c, Dock::Right, 200);
    b.request = Panel::Request::Up; // B above A
    c.request = Panel::Request::ToLeft;
    layout.draw(state); // carries out the requests (and draws, inside the frame begun)
    layout.arrange(state, {1600, 1000}, 20, 24, 1);
    std::vector<std::string> left;
    for (const Tile& t : layout.tiles())
        if (t.pos.x == 0) left.push_back(t.panel->title());
    CHECK(left == std::vector<std::string>{"B", "A", "C"});
    CHECK(layout.covered().right == 0);
    const nlohmann::json saved = layout.save();
    // A fresh layout with the defaults takes the saved order and places.
    TestPanel a2("A"), b2("B"), c2("C");
    PanelLayout again;
    again.add(a2, Dock::Left, 200);
    again.add(b2, Dock::Left, 200);
    again.add(c2, Dock::Right, 200);
    again.restore(saved);
    again.arrange(state, {1600, 1000}, 20, 24, 1);
    std::vector<std::string> restored;
    for (const Tile& t : again.tiles())
        if (t.pos.x == 0) restored.push_back(t.panel->title());
    CHECK(restored == left);
    again.reset();
    again.arrange(state, {1600, 1000}, 20, 24, 1);
    CHECK(again.covered().right > 0); // C back in the right column
}
