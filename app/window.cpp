#include "window.hpp"

#include "app_state.hpp"
#include "assets.hpp"
#include "fonts.hpp"
#include "headless_render.hpp"
#include "panels/panels.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "slides.hpp"

// epoxy before GLFW, and GLFW without its own GL header.
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>

namespace entente::app {

namespace {

namespace fs = std::filesystem;

// Optional event log for end-to-end tests and scripts: one JSON line per user-visible event.
void log_event(const std::string& json_line) {
    static const char* path = std::getenv("ENTENTE_EVENT_LOG");
    if (!path) return;
    std::ofstream out(path, std::ios::app);
    out << json_line << "\n";
}

std::string json_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '"' || c == '\\')
            o += '\\', o += c;
        else if (static_cast<unsigned char>(c) < 0x20)
            o += ' ';
        else
            o += c;
    }
    return o;
}

// The built-in demo: the synthetic risk surface as a risk layer, NATO and African Union footprints and the
// peace operations active today.
std::string demo_file() {
    return asset_path("demo/risk_synthetic.tif");
}
constexpr float kDemoThreshold = 60;
const std::vector<std::string> kDemoAlliances{"NATO", "AU"};

// With no display the demo is rendered to a PNG, so the README's first command always shows something.
int render_demo_png() {
    RenderRequest rq;
    rq.risk_files = {demo_file()};
    rq.risk_threshold = kDemoThreshold;
    rq.alliances = kDemoAlliances;
    rq.missions = true;
    rq.bbox = geo::Bbox{-25, -38, 62, 56};
    rq.width = 1600, rq.height = 1000;
    const char* out_env = std::getenv("ENTENTE_DEMO_OUTPUT");
    const std::string out = out_env ? out_env : (fs::current_path() / "entente-demo.png").string();
    try {
        RenderResult res = render_map(rq);
        if (!render::write_png(out, res.width, res.height, res.rgba)) {
            std::fprintf(stderr, "entente: %s: cannot write the PNG\n", out.c_str());
            return 1;
        }
        std::printf("No display found: rendered the built-in demo to %s (%dx%d, %s)\n", out.c_str(),
                    res.width, res.height, res.gl.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente: %s\n", e.what());
        return 1;
    }
}

struct WindowInput {
    bool dragging = false;
    double press_x = 0, press_y = 0, last_x = 0, last_y = 0;
    bool moved = false;
    bool editing = false; // the map tools took the press (a move, a vertex drag)
};

AppState* g_state = nullptr;
std::atomic<bool> g_terminate{false};

// SIGTERM / SIGINT close the window the normal way, so the session is saved.
void on_signal(int) {
    g_terminate = true;
}

void on_drop(GLFWwindow*, int count, const char** paths) {
    // Files dropped on the window load like files given on the command line.
    for (int i = 0; i < count; ++i)
        g_state->open(paths[i]);
}

void apply_theme(float scale) {
    ImGui::StyleColorsLight();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowRounding = 4;
    st.FrameRounding = 3;
    st.WindowBorderSize = 1;
    st.Colors[ImGuiCol_WindowBg].w = 0.94f;
    st.ScaleAllSizes(scale);
}

} // namespace

int run_window(const WindowOptions& opt) {
    const bool has_display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
    if (!has_display) {
        if (!opt.files.empty()) {
            std::fprintf(stderr,
                         "entente: no display; use `entente render FILE... -o out.png` to draw files\n");
            return 1;
        }
        return render_demo_png();
    }
    if (!glfwInit()) {
        std::fprintf(stderr, "entente: cannot open a window (GLFW failed); rendering the demo instead\n");
        return opt.files.empty() ? render_demo_png() : 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SAMPLES, 4);
    glfwWindowHint(GLFW_STENCIL_BITS, 8);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* win = glfwCreateWindow(1600, 1000, "Entente", nullptr, nullptr);
    if (!win) {
        glfwTerminate();
        std::fprintf(stderr, "entente: cannot create an OpenGL 3.3 window\n");
        return 1;
    }
    glfwMakeContextCurrent(win);
    glfwSwapInterval(1);

    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(win, &xscale, &yscale);
    const float ui_scale = std::max(1.0f, xscale);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    const std::string ini = fs::path(AppState::session_path()).parent_path() / "imgui.ini";
    static std::string ini_store = ini;
    io.IniFilename = std::getenv("ENTENTE_EVENT_LOG") ? nullptr : ini_store.c_str();
    io.Fonts->AddFontFromFileTTF(font_path().c_str(), 15.0f * ui_scale);
    apply_theme(ui_scale);
    ImGui_ImplGlfw_InitForOpenGL(win, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int ret = 0;
    {
        AppState state;
        g_state = &state;
        glfwSetDropCallback(win, on_drop);
        state.load_session(/*reopen_files=*/opt.files.empty());
        if (!opt.crs.empty()) {
            try {
                state.scene.set_projection(geo::ProjectionSpec::parse(opt.crs));
            } catch (const std::exception& e) {
                state.error(e.what());
            }
        }
        for (const auto& f : opt.files)
            state.open(f);
        bool demo_mission = false;
        if (opt.files.empty() && state.recent.empty() && fs::exists(demo_file())) {
            // First start: show something meaningful.
            state.open(demo_file(), kDemoThreshold);
            state.zoom_after_load = geo::Bbox{-25, -38, 62, 62};
            state.scene.domain.alliances = kDemoAlliances;
            state.scene.domain.missions = true;
            // And the demonstration mission, looked at where it is (the Central African Republic).
            if ((demo_mission = state.open_mission(asset_path("demo/shared_shield.entente.gpkg")))) {
                geo::Bbox b;
                for (auto& u : state.mission.mission()->units)
                    b.add(u.position.lon, u.position.lat);
                for (auto& c : state.mission.mission()->measures)
                    for (auto& p : c.points)
                        b.add(p.lon, p.lat);
                state.zoom_after_load = b;
            }
        }
        if (opt.files.empty() && !state.loader.busy()) state.zoom_to_world();

        render::Renderer renderer;
        float baked_ratio = 0;

        LayersPanel layers;
        StylePanel style;
        OpenPanel open_panel;
        AttributePanel attributes;
        IdentifyPanel identify;
        MessagesPanel messages;
        messages.visible = false;
        TimePanel time_panel;
        DomainPanel domain_panel;
        MissionsPanel missions_panel;
        missions_panel.visible = false;
        ProjectionPanel projection;
        projection.visible = false;
        attributes.visible = false;
        StatusBar status;
        // Mission editing: the map tools take the map's mouse and keys first; the panels show the mission.
        MapTools tools(state);
        MissionFiles mission_files;
        EditToolbar edit_toolbar(tools);
        PropertiesPanel properties(tools);
        OrbatPanel orbat(tools);
        ControlMeasuresPanel measures_list(tools);
        PhaseBar phase_bar;
        // Measurement and validation (measure_panel takes map clicks first while active).
        MeasurePanel measure_panel;
        measure_panel.visible = false;
        DiagnosticsPanel diagnostics_panel;
        diagnostics_panel.visible = false;
        SlidesPanel slides_panel;
        slides_panel.visible = false;
        ExportPanel export_panel;
        // Briefing mode: full screen on the window's monitor, no panels; the windowed frame comes back on Esc.
        BriefingMode briefing;
        int windowed[4] = {0, 0, 1600, 1000};
        std::pair<int, int> briefing_fb{0, 0};
        decltype(state.scene.tool_layers) hidden_tools;
        auto log_slide = [&] {
            const missions::Mission* m = state.mission.mission();
            log_event("{\"event\":\"briefing\",\"on\":true,\"slide\":" + std::to_string(briefing.index + 1) +
                      ",\"of\":" + std::to_string(m ? m->slides.size() : 0) + ",\"title\":\"" +
                      json_escape(m && briefing.index < m->slides.size() ? m->slides[briefing.index].title : "") +
                      "\"}");
        };
        // Presenter view: with a second monitor (or ENTENTE_PRESENTER=1, for tests), a window of its own showing
        // the notes, the next slide and the clock as plain map text (ImGui 1.86 has one window per context).
        GLFWwindow* presenter = nullptr;
        std::unique_ptr<render::Renderer> presenter_renderer;
        double briefing_started = 0;
        auto open_presenter = [&](GLFWmonitor* audience) {
            int count = 0;
            GLFWmonitor** monitors = glfwGetMonitors(&count);
            GLFWmonitor* other = nullptr;
            for (int i = 0; i < count; ++i)
                if (monitors[i] != audience) other = monitors[i];
            const char* forced = std::getenv("ENTENTE_PRESENTER");
            if (!other && !(forced && std::string(forced) == "1")) return;
            // The clicker's keys must stay with the audience window: the presenter window takes no focus.
            glfwWindowHint(GLFW_FOCUSED, GLFW_FALSE);
            glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_FALSE);
            const GLFWvidmode* vm = other ? glfwGetVideoMode(other) : nullptr;
            presenter = vm ? glfwCreateWindow(vm->width, vm->height, "Entente presenter", other, nullptr)
                           : glfwCreateWindow(640, 360, "Entente presenter", nullptr, nullptr);
            glfwWindowHint(GLFW_FOCUSED, GLFW_TRUE);
            glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_TRUE);
            if (!presenter) return;
            if (!vm) {
                // Forced with one monitor: out of the way in the bottom-right corner.
                if (const GLFWvidmode* m = audience ? glfwGetVideoMode(audience) : nullptr)
                    glfwSetWindowPos(presenter, m->width - 660, m->height - 380);
            }
            // Keys pressed while it has focus anyway still step the slides.
            glfwSetWindowUserPointer(presenter, win);
            glfwSetKeyCallback(presenter, [](GLFWwindow* w, int key, int sc, int action, int mods) {
                ImGui_ImplGlfw_KeyCallback(static_cast<GLFWwindow*>(glfwGetWindowUserPointer(w)), key, sc, action,
                                           mods);
            });
            glfwMakeContextCurrent(presenter);
            glfwSwapInterval(0); // the audience window's swap paces the loop
            presenter_renderer = std::make_unique<render::Renderer>();
            presenter_renderer->set_glyph_atlas(bake_map_font(2));
            glfwMakeContextCurrent(win);
            log_event("{\"event\":\"presenter\",\"on\":true}");
        };
        auto draw_presenter = [&] {
            const missions::Mission* m = state.mission.mission();
            if (!presenter || !m) return;
            glfwMakeContextCurrent(presenter);
            int pw = 0, ph = 0, lw = 0, lh = 0;
            glfwGetFramebufferSize(presenter, &pw, &ph);
            glfwGetWindowSize(presenter, &lw, &lh);
            if (pw > 0 && ph > 0) {
                render::View pv;
                pv.width = pw, pv.height = ph, pv.pixel_ratio = lw > 0 ? float(pw) / float(lw) : 1.0f;
                pv.background = {0.08f, 0.1f, 0.13f, 1};
                const std::time_t t = std::time(nullptr);
                std::tm tm{};
                localtime_r(&t, &tm);
                char clock[16];
                std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
                glBindFramebuffer(GL_FRAMEBUFFER, 0);
                presenter_renderer->begin_frame(pv, true);
                const double elapsed = ImGui::GetTime() - briefing_started;
                const float text_scale = pv.pixel_ratio * std::min(1.0f, pw / 1280.0f * 2);
                presenter_renderer->draw_text(
                    presenter_text(*m, briefing.index, clock, elapsed, pw, ph, text_scale));
                glfwSwapBuffers(presenter);
            }
            glfwMakeContextCurrent(win);
        };
        auto close_presenter = [&] {
            if (!presenter) return;
            glfwMakeContextCurrent(presenter);
            presenter_renderer.reset(); // its GL objects go with its own context
            glfwMakeContextCurrent(win);
            glfwDestroyWindow(presenter);
            presenter = nullptr;
            log_event("{\"event\":\"presenter\",\"on\":false}");
        };
        auto enter_briefing = [&](size_t from) {
            if (!briefing.enter(state, from, ImGui::GetTime())) return;
            glfwGetWindowPos(win, &windowed[0], &windowed[1]);
            glfwGetWindowSize(win, &windowed[2], &windowed[3]);
            // The monitor holding the window's centre (GLFW only knows a full-screen window's monitor).
            int count = 0;
            GLFWmonitor** monitors = glfwGetMonitors(&count);
            GLFWmonitor* mon = glfwGetPrimaryMonitor();
            const int cx = windowed[0] + windowed[2] / 2, cy = windowed[1] + windowed[3] / 2;
            for (int i = 0; i < count; ++i) {
                int mx = 0, my = 0;
                glfwGetMonitorPos(monitors[i], &mx, &my);
                const GLFWvidmode* vm = glfwGetVideoMode(monitors[i]);
                if (vm && cx >= mx && cx < mx + vm->width && cy >= my && cy < my + vm->height) mon = monitors[i];
            }
            if (const GLFWvidmode* vm = mon ? glfwGetVideoMode(mon) : nullptr)
                glfwSetWindowMonitor(win, mon, 0, 0, vm->width, vm->height, vm->refreshRate);
            hidden_tools = std::move(state.scene.tool_layers);
            state.scene.tool_layers.clear();
            briefing_fb = {0, 0};
            briefing_started = ImGui::GetTime();
            log_slide();
            open_presenter(mon);
        };
        auto leave_briefing = [&] {
            briefing.leave(state);
            close_presenter();
            glfwSetWindowMonitor(win, nullptr, windowed[0], windowed[1], windowed[2], windowed[3], GLFW_DONT_CARE);
            state.scene.tool_layers = std::move(hidden_tools);
            log_event("{\"event\":\"briefing\",\"on\":false}");
        };
        state.scene.tool_layers["measure"] = [&](render::Renderer& r, const render::View& v) {
            if (measure_panel.visible) measure_panel.tool.draw(r, v, state.scene.projection());
        };
        state.scene.tool_layers["edit"] = [&tools](render::Renderer& r, const render::View& v) {
            tools.draw(r, v);
        };
        if (mission_files.offer_recovery()) log_event("{\"event\":\"ask\",\"question\":\"recovery\"}");
        // The demo mission's panels take the right column; the alliances panel stays in the Panels menu.
        if (demo_mission) domain_panel.visible = false;
        uint64_t logged_mission = 0;
        MapTool logged_tool = tools.tool();
        WindowInput in;
        bool want_quit = false;
        auto last = std::chrono::steady_clock::now();
        float fps = 0;
        std::optional<uint64_t> logged_layers;

        std::signal(SIGTERM, on_signal);
        std::signal(SIGINT, on_signal);
        int busy_frames = 3;
        while (!g_terminate && !mission_files.quit_confirmed) {
            // Quitting with unsaved mission changes asks first (SIGTERM does not: the recovery copy covers
            // it).
            if (glfwWindowShouldClose(win) || want_quit) {
                if (mission_files.may_quit(state)) break;
                log_event("{\"event\":\"ask\",\"question\":\"unsaved\"}");
                glfwSetWindowShouldClose(win, GLFW_FALSE);
                want_quit = false;
                busy_frames = 3;
            }
            // Idle maps cost nothing: wait for input, but keep drawing while loading or just after input so
            // ImGui can settle (hover, auto-sized windows).
            if (busy_frames > 0 || state.loader.busy() || state.scene.busy())
                glfwPollEvents();
            else
                glfwWaitEventsTimeout(0.5);
            busy_frames = std::max(0, busy_frames - 1);
            if (io.MouseDown[0] || io.MouseDown[1] || io.MouseWheel != 0 || io.InputQueueCharacters.Size > 0)
                busy_frames = 3;
            int ww, wh;
            glfwGetWindowSize(win, &ww, &wh);
            glfwGetFramebufferSize(win, &state.fb_width, &state.fb_height);
            if (state.fb_width <= 0 || state.fb_height <= 0) {
                glfwWaitEvents();
                continue;
            }
            state.pixel_ratio = ww > 0 ? float(state.fb_width) / float(ww) : 1.0f;
            const float label_ratio = state.pixel_ratio * ui_scale;
            if (label_ratio != baked_ratio) {
                renderer.set_glyph_atlas(bake_map_font(label_ratio));
                baked_ratio = label_ratio;
            }
            // "Zoom to" keeps data clear of the panel columns at the sides.
            state.inset_left = (layers.visible || style.visible || open_panel.visible)
                                   ? 376 * ui_scale * state.pixel_ratio
                                   : 0;
            state.inset_right = identify.visible ? 356 * ui_scale * state.pixel_ratio : 0;
            state.scene.legend_margin_left = state.inset_left;
            state.scene.legend_margin_right = 0;
            const size_t before = state.scene.layers().size();
            state.poll_loads();
            if (state.scene.layers().size() != before) {
                for (auto& l : state.scene.layers())
                    log_event("{\"event\":\"layer\",\"title\":\"" + json_escape(l->title) +
                              "\",\"features\":" +
                              std::to_string(l->vector ? l->vector->feature_count() : 0) + "}");
            }
            for (size_t i = messages.seen; i < state.messages.size(); ++i)
                if (state.messages[i].level == Message::Error)
                    log_event("{\"event\":\"error\",\"text\":\"" + json_escape(state.messages[i].text) +
                              "\"}");

            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();

            if (briefing.on) {
                // Briefing mode: the map alone; clicker keys step through the slides.
                const double now = ImGui::GetTime();
                auto pressed = [](std::initializer_list<int> keys) {
                    for (int k : keys) // one slide per press: clickers do not repeat, held keys should not
                        if (ImGui::IsKeyPressed(k, false)) return true;
                    return false;
                };
                const size_t n = briefing.count(state);
                if (std::pair{state.fb_width, state.fb_height} != briefing_fb) {
                    // Full screen arrived (or the size changed): fit the slide again.
                    briefing_fb = {state.fb_width, state.fb_height};
                    briefing.go(state, briefing.index, now, false);
                }
                if (n == 0 || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
                    leave_briefing();
                } else if (pressed({GLFW_KEY_RIGHT, GLFW_KEY_DOWN, GLFW_KEY_PAGE_DOWN, GLFW_KEY_SPACE, GLFW_KEY_N})) {
                    if (briefing.index + 1 < n && briefing.go(state, briefing.index + 1, now)) log_slide();
                } else if (pressed({GLFW_KEY_LEFT, GLFW_KEY_UP, GLFW_KEY_PAGE_UP, GLFW_KEY_BACKSPACE, GLFW_KEY_P})) {
                    if (briefing.index > 0 && briefing.go(state, briefing.index - 1, now)) log_slide();
                }
                if (briefing.tick(state, now)) busy_frames = 3;
                state.scene.legend_margin_left = state.scene.legend_margin_right = 0;
                state.poll_loads();
                state.scene.mission_overlay().set(briefing.show_mission ? state.mission.mission() : nullptr,
                                                  state.mission.phase, {}, state.mission.revision);
                ImGui::Render();
                glBindFramebuffer(GL_FRAMEBUFFER, 0);
                state.scene.draw(renderer, state.view());
                glfwSwapBuffers(win);
                draw_presenter(); // idle frames come twice a second, so its clock ticks
                continue;
            }

            // Menu.
            if (ImGui::BeginMainMenuBar()) {
                if (ImGui::BeginMenu("File")) {
                    if (ImGui::MenuItem("Open...", "Ctrl+O")) open_panel.visible = true;
                    if (ImGui::BeginMenu("Recent", !state.recent.empty())) {
                        for (const auto& r : state.recent)
                            if (ImGui::MenuItem(r.c_str())) {
                                state.open(r);
                                break;
                            }
                        ImGui::EndMenu();
                    }
                    ImGui::Separator();
                    mission_files.menu(state);
                    ImGui::Separator();
                    if (ImGui::MenuItem("Export overlay...", nullptr, false, state.mission.mission() != nullptr))
                        export_panel.visible = true, export_panel.kind = ExportPanel::Kind::Overlay;
                    if (ImGui::MenuItem("Export slide image...", nullptr, false, state.mission.mission() != nullptr))
                        export_panel.visible = true, export_panel.kind = ExportPanel::Kind::SlideImage;
                    if (ImGui::MenuItem("Export briefing PDF...", nullptr, false, state.mission.mission() != nullptr))
                        export_panel.visible = true, export_panel.kind = ExportPanel::Kind::Deck;
                    if (ImGui::MenuItem("Present briefing", "F5", false, state.mission.mission() != nullptr))
                        slides_panel.present = slides_panel.selected;
                    ImGui::Separator();
                    if (ImGui::MenuItem("Quit", "Ctrl+Q")) want_quit = true;
                    ImGui::EndMenu();
                }
                if (ImGui::BeginMenu("Edit")) {
                    const missions::Document* doc = state.mission.doc();
                    if (ImGui::MenuItem("Undo", "Ctrl+Z", false, doc && doc->can_undo()))
                        state.mission.undo();
                    if (ImGui::MenuItem("Redo", "Ctrl+Shift+Z", false, doc && doc->can_redo()))
                        state.mission.redo();
                    ImGui::Separator();
                    const bool sel = !state.mission.selection.empty();
                    if (ImGui::MenuItem("Copy", "Ctrl+C", false, sel)) tools.copy();
                    if (ImGui::MenuItem("Paste", "Ctrl+V", false, tools.has_clipboard()))
                        tools.paste(state.view());
                    if (ImGui::MenuItem("Delete", "Del", false, sel)) tools.delete_selection();
                    ImGui::Separator();
                    for (auto [t, key] : {std::pair{MapTool::Select, "V"},
                                          {MapTool::PlaceUnit, "U"},
                                          {MapTool::DrawPoint, "P"},
                                          {MapTool::DrawLine, "L"},
                                          {MapTool::DrawArea, "A"}})
                        if (ImGui::MenuItem(to_string(t), key, tools.tool() == t)) tools.set_tool(t);
                    ImGui::MenuItem("Snapping", "S", &tools.snapping);
                    ImGui::EndMenu();
                }
                if (ImGui::BeginMenu("View")) {
                    if (ImGui::MenuItem("Zoom to world", "Home")) state.zoom_to_world();
                    if (ImGui::MenuItem("Zoom to layer", "Z", false, state.active_layer != 0))
                        state.zoom_to_layer(state.active_layer);
                    ImGui::Separator();
                    ImGui::MenuItem("Basemap", nullptr, &state.scene.show_basemap);
                    ImGui::MenuItem("Graticule", nullptr, &state.scene.show_graticule);
                    ImGui::MenuItem("MGRS grid", nullptr, &state.scene.show_mgrs_grid);
                    ImGui::MenuItem("Country names", nullptr, &state.scene.show_labels);
                    ImGui::EndMenu();
                }
                if (ImGui::BeginMenu("Panels")) {
                    for (Panel* p : std::initializer_list<Panel*>{
                             &layers, &style, &open_panel, &attributes, &identify, &projection, &messages,
                             &time_panel, &domain_panel, &missions_panel, &edit_toolbar, &properties, &orbat,
                             &measures_list, &phase_bar, &measure_panel, &diagnostics_panel, &slides_panel,
                             &export_panel})
                        ImGui::MenuItem(p->title(), nullptr, &p->visible);
                    ImGui::EndMenu();
                }
                if (ImGui::MenuItem("Projection")) projection.visible = !projection.visible;
                ImGui::EndMainMenuBar();
            }

            const float s = ui_scale;
            const float top = ImGui::GetFrameHeight();

            ImGui::SetNextWindowPos(ImVec2(8 * s, top + 8 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(360 * s, 300 * s), ImGuiCond_FirstUseEver);
            if (layers.visible) layers.draw(state);
            ImGui::SetNextWindowPos(ImVec2(8 * s, top + 318 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(360 * s, 330 * s), ImGuiCond_FirstUseEver);
            if (style.visible) style.draw(state);
            ImGui::SetNextWindowPos(ImVec2(8 * s, top + 658 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(360 * s, 200 * s), ImGuiCond_FirstUseEver);
            if (open_panel.visible) open_panel.draw(state);
            ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 348 * s, top + 8 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(340 * s, 300 * s), ImGuiCond_FirstUseEver);
            if (identify.visible) identify.draw(state);
            ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f - 260 * s, top + 8 * s),
                                    ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(520 * s, 0), ImGuiCond_FirstUseEver);
            if (time_panel.visible) time_panel.draw(state);
            ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 348 * s, top + 318 * s),
                                    ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(340 * s, 360 * s), ImGuiCond_FirstUseEver);
            if (domain_panel.visible) domain_panel.draw(state);
            ImGui::SetNextWindowPos(ImVec2(380 * s, top + 120 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(520 * s, 320 * s), ImGuiCond_FirstUseEver);
            missions_panel.draw(state);
            ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 348 * s, top + 318 * s),
                                    ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(340 * s, 230 * s), ImGuiCond_FirstUseEver);
            if (projection.visible) projection.draw(state);
            ImGui::SetNextWindowPos(ImVec2(380 * s, io.DisplaySize.y - 330 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x - 740 * s, 290 * s), ImGuiCond_FirstUseEver);
            if (attributes.visible) attributes.draw(state);
            ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 348 * s, io.DisplaySize.y - 260 * s),
                                    ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(340 * s, 220 * s), ImGuiCond_FirstUseEver);
            messages.draw(state);
            if (state.mission.mission()) {
                // The mission's panels: tools under the date, phases at the bottom, the right column for the
                // order of battle, the control measures and the selection's properties.
                ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f - 260 * s, top + 122 * s),
                                        ImGuiCond_FirstUseEver);
                if (edit_toolbar.visible) edit_toolbar.draw(state);
                ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y - 40 * s),
                                        ImGuiCond_FirstUseEver, ImVec2(0.5f, 1));
                if (phase_bar.visible) phase_bar.draw(state);
                const float col = io.DisplaySize.x - 348 * s;
                ImGui::SetNextWindowPos(ImVec2(col, top + 8 * s), ImGuiCond_FirstUseEver);
                ImGui::SetNextWindowSize(ImVec2(340 * s, 270 * s), ImGuiCond_FirstUseEver);
                if (orbat.visible) orbat.draw(state);
                ImGui::SetNextWindowPos(ImVec2(col, top + 286 * s), ImGuiCond_FirstUseEver);
                ImGui::SetNextWindowSize(ImVec2(340 * s, 210 * s), ImGuiCond_FirstUseEver);
                if (measures_list.visible) measures_list.draw(state);
                ImGui::SetNextWindowPos(ImVec2(col, top + 504 * s), ImGuiCond_FirstUseEver);
                ImGui::SetNextWindowSize(ImVec2(340 * s, std::max(240 * s, io.DisplaySize.y - top - 544 * s)),
                                         ImGuiCond_FirstUseEver);
                if (properties.visible) properties.draw(state);
            }
            mission_files.draw(state);
            ImGui::SetNextWindowPos(ImVec2(380 * s, top + 460 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(380 * s, 300 * s), ImGuiCond_FirstUseEver);
            measure_panel.draw(state);
            ImGui::SetNextWindowPos(ImVec2(780 * s, top + 460 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(460 * s, 360 * s), ImGuiCond_FirstUseEver);
            diagnostics_panel.draw(state);
            ImGui::SetNextWindowPos(ImVec2(380 * s, top + 120 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(380 * s, 360 * s), ImGuiCond_FirstUseEver);
            if (slides_panel.visible) slides_panel.draw(state);
            ImGui::SetNextWindowPos(ImVec2(780 * s, top + 120 * s), ImGuiCond_FirstUseEver);
            ImGui::SetNextWindowSize(ImVec2(440 * s, 300 * s), ImGuiCond_FirstUseEver);
            if (export_panel.visible || export_panel.busy()) export_panel.draw(state);
            if (export_panel.busy()) busy_frames = 3;

            // Map input, only when ImGui does not want the mouse or keyboard.
            double mx, my;
            glfwGetCursorPos(win, &mx, &my);
            const geo::XY cursor_fb{mx * state.pixel_ratio, my * state.pixel_ratio};
            render::View view = state.view();
            std::optional<geo::LonLat> cursor_ll;
            const Mods mods{io.KeyShift, io.KeyCtrl};
            if (!io.WantCaptureMouse) {
                geo::XY m = view.to_map(cursor_fb);
                if (view.world_width > 0) m.x = std::remainder(m.x, view.world_width);
                cursor_ll = state.scene.projection().inverse(m);
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                    // The mission takes a press on one of its elements or handles; otherwise the map pans.
                    const bool dbl = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
                    if (!measure_panel.active() && tools.press(view, cursor_fb, mods, dbl)) {
                        in.editing = true;
                    } else {
                        in.dragging = true, in.moved = false;
                        in.press_x = in.last_x = mx, in.press_y = in.last_y = my;
                        if (dbl && !measure_panel.active()) state.camera.zoom_at(view, cursor_fb, 2.0);
                    }
                }
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) tools.right_click(view, cursor_fb);
                if (!in.editing && !in.dragging) tools.hover(view, cursor_fb);
                if (io.MouseWheel != 0) {
                    state.camera.zoom_at(view, cursor_fb, std::pow(1.25, io.MouseWheel));
                }
            }
            // ---- Measure tool (Measure panel): while active it takes plain map clicks (add a point), the
            // double-click and Enter (finish) and Esc (clear) before the editing tools and identify; a drag
            // still pans. ----
            if (measure_panel.active())
                measure_panel.map_input(
                    cursor_ll, in.dragging && !in.moved && !ImGui::IsMouseDown(ImGuiMouseButton_Left),
                    !io.WantCaptureMouse, !io.WantCaptureKeyboard);
            if (in.editing) {
                if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
                    tools.drag(view, cursor_fb);
                } else {
                    tools.release(view, cursor_fb);
                    in.editing = false;
                }
            }
            if (in.dragging) {
                if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
                    const double dx = mx - in.last_x, dy = my - in.last_y;
                    if (std::abs(mx - in.press_x) + std::abs(my - in.press_y) > 3) in.moved = true;
                    if (in.moved) state.camera.pan_px(dx * state.pixel_ratio, dy * state.pixel_ratio);
                    in.last_x = mx, in.last_y = my;
                } else {
                    in.dragging = false;
                    std::optional<size_t> op;
                    // Placing and drawing tools use the click; Select clears the selection and identifies.
                    const bool used = measure_panel.active() || tools.click(view, cursor_fb, mods, in.moved);
                    if (!used && !in.moved && state.scene.domain.missions && state.scene.domain_data)
                        op = state.scene.overlay().pick_operation(view, cursor_fb, state.scene.projection(),
                                                                  *state.scene.domain_data);
                    if (op) {
                        // A peace operation's symbol opens its card.
                        missions_panel.card = *op;
                        log_event("{\"event\":\"mission\",\"acronym\":\"" +
                                  json_escape(state.scene.domain_data->operations[*op].acronym) + "\"}");
                    } else if (!in.moved && !used) {
                        // A click without a drag identifies what is under the cursor.
                        if (auto p = pick_feature(state.scene, view, cursor_fb)) {
                            state.select(p->layer, p->feature);
                            state.probed.reset();
                            identify.visible = true;
                            MapLayer* l = state.scene.find(p->layer);
                            log_event(
                                "{\"event\":\"identify\",\"layer\":\"" + json_escape(l ? l->title : "") +
                                "\",\"fid\":" + std::to_string(l ? l->vector->fids[p->feature] : -1) + "}");
                        } else {
                            state.identified.reset();
                            state.scene.selection.reset();
                            state.probed = probe_raster(state.scene, view, cursor_fb);
                            if (state.probed) identify.visible = true;
                            log_event("{\"event\":\"identify\",\"layer\":null}");
                        }
                    }
                }
            }
            // ImGui 1.86 indexes keys by the GLFW backend's key codes.
            if (!io.WantCaptureKeyboard) {
                const double step = 120 * state.pixel_ratio;
                if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) state.camera.pan_px(step, 0);
                if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) state.camera.pan_px(-step, 0);
                if (ImGui::IsKeyPressed(GLFW_KEY_UP)) state.camera.pan_px(0, step);
                if (ImGui::IsKeyPressed(GLFW_KEY_DOWN)) state.camera.pan_px(0, -step);
                const geo::XY mid{view.width * 0.5, view.height * 0.5};
                if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD))
                    state.camera.zoom_at(view, mid, 1.5);
                if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT))
                    state.camera.zoom_at(view, mid, 1 / 1.5);
                if (ImGui::IsKeyPressed(GLFW_KEY_HOME)) state.zoom_to_world();
                if (!io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z) && state.active_layer)
                    state.zoom_to_layer(state.active_layer);
                // Mission editing.
                if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z))
                    tools.key(io.KeyShift ? EditKey::Redo : EditKey::Undo, view);
                if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Y)) tools.key(EditKey::Redo, view);
                if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_C, false)) tools.key(EditKey::Copy, view);
                if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_V, false)) tools.key(EditKey::Paste, view);
                if (ImGui::IsKeyPressed(GLFW_KEY_DELETE, false) ||
                    ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, false))
                    tools.key(EditKey::Delete, view);
                if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) tools.key(EditKey::Escape, view);
                if (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) ||
                    ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false))
                    tools.key(EditKey::Enter, view);
                if (!io.KeyCtrl) {
                    if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) tools.key(EditKey::ToggleSnap, view);
                    if (ImGui::IsKeyPressed(GLFW_KEY_V)) tools.set_tool(MapTool::Select);
                    if (ImGui::IsKeyPressed(GLFW_KEY_U)) tools.set_tool(MapTool::PlaceUnit);
                    if (ImGui::IsKeyPressed(GLFW_KEY_P)) tools.set_tool(MapTool::DrawPoint);
                    if (ImGui::IsKeyPressed(GLFW_KEY_L)) tools.set_tool(MapTool::DrawLine);
                    if (ImGui::IsKeyPressed(GLFW_KEY_A)) tools.set_tool(MapTool::DrawArea);
                }
                mission_files.shortcuts(state);
                if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q)) want_quit = true;
                if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O)) open_panel.visible = true;
            }
            // Briefing mode: F5 (with the map focused), or the Slides panel's Present.
            if (!io.WantCaptureKeyboard && ImGui::IsKeyPressed(GLFW_KEY_F5, false) && state.mission.mission())
                slides_panel.present = slides_panel.selected;
            if (slides_panel.present) {
                enter_briefing(*slides_panel.present);
                slides_panel.present.reset();
            }
            // Zoom limits: about 0.1 m per pixel in, the whole world in a third of the window out.
            {
                const double mpu = state.scene.projection().metres_per_unit_at(state.camera.center);
                const double m = std::isfinite(mpu) && mpu > 0 ? mpu : 1.0;
                state.camera.clamp(state.scene.projection().world_width(), 0.1 / m,
                                   4.0e7 / m / std::max(1, state.fb_width) * 3);
                if (!std::isfinite(state.camera.center.x) || !std::isfinite(state.camera.center.y))
                    state.zoom_to_world();
            }

            // Hovering a unit or control measure says what it is; while placing or drawing no tooltip gets in
            // the way.
            std::string hovered;
            if (cursor_ll && !in.dragging && !in.editing && tools.tool() == MapTool::Select)
                hovered = tools.hit(view, cursor_fb);
            if (!hovered.empty()) ImGui::SetTooltip("%s", tools.describe(hovered).c_str());
            // Hovering a country while alliance footprints are shown says what it belongs to on the date.
            if (cursor_ll && hovered.empty() && tools.tool() == MapTool::Select && !in.dragging &&
                state.scene.domain.any() && state.scene.domain_data) {
                if (const geo::VectorLayer* c = state.scene.countries()) {
                    const int fiso = c->field_index("iso_a3"), fname = c->field_index("name");
                    for (uint32_t f = 0; f < c->feature_count() && fiso >= 0; ++f) {
                        const geo::Bbox& b = c->feature_bbox[f];
                        if (cursor_ll->lon < b.minx || cursor_ll->lon > b.maxx || cursor_ll->lat < b.miny ||
                            cursor_ll->lat > b.maxy || !feature_contains(*c, f, *cursor_ll))
                            continue;
                        const std::string iso = c->value_text(f, size_t(fiso));
                        if (!iso.empty())
                            ImGui::SetTooltip(
                                "%s", state.scene.overlay()
                                          .describe_country(iso, c->value_text(f, size_t(fname)),
                                                            state.scene.domain, *state.scene.domain_data)
                                          .c_str());
                        break;
                    }
                }
            }
            if (time_panel.playing) busy_frames = 3;

            const auto now = std::chrono::steady_clock::now();
            const float dt = std::chrono::duration<float>(now - last).count();
            last = now;
            fps = fps * 0.95f + (dt > 0 ? 1.0f / dt : 0) * 0.05f;
            status.draw(state, cursor_ll, fps);

            std::string title = "Entente";
            if (!state.scene.layers().empty())
                title += " \xE2\x80\x94 " + state.scene.layers().front()->title;
            if (const std::string mt = mission_files.window_title(state); !mt.empty()) title = mt;
            glfwSetWindowTitle(win, title.c_str());
            mission_files.tick(state, ImGui::GetTime());
            if (tools.dragging() || tools.drawing()) busy_frames = 3;
            if (state.mission.revision != logged_mission) {
                logged_mission = state.mission.revision;
                const missions::Mission* m = state.mission.mission();
                const missions::Document* doc = state.mission.doc();
                log_event("{\"event\":\"mission_state\",\"open\":" + std::string(m ? "true" : "false") +
                          ",\"name\":\"" + json_escape(m ? m->name : "") +
                          "\",\"units\":" + std::to_string(m ? m->units.size() : 0) +
                          ",\"measures\":" + std::to_string(m ? m->measures.size() : 0) + ",\"phase\":\"" +
                          json_escape(state.mission.phase) +
                          "\",\"selected\":" + std::to_string(state.mission.selection.size()) +
                          ",\"dirty\":" + (state.mission.dirty() ? "true" : "false") + ",\"undo\":\"" +
                          json_escape(doc ? doc->undo_label() : "") + "\"}");
            }
            if (tools.tool() != logged_tool) {
                logged_tool = tools.tool();
                log_event("{\"event\":\"tool\",\"tool\":\"" + std::string(to_string(logged_tool)) + "\"}");
            }

            state.scene.mission_overlay().set(state.mission.mission(), state.mission.phase,
                                              state.mission.selection, state.mission.revision);
            mission_files.draw_modals(state);
            ImGui::Render();
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            state.scene.draw(renderer, state.view());
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            glfwSwapBuffers(win);
        }
        close_presenter();
        state.loader.cancel_all();
        // Killed with unsaved changes: leave a fresh recovery copy to offer next time. A clean exit (the
        // planner saved or discarded) leaves none.
        if (g_terminate && state.mission.dirty())
            state.mission.autosave(1e300);
        else
            state.mission.discard_recovery();
        state.save_session();
        g_state = nullptr;
        log_event("{\"event\":\"quit\"}");
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(win);
    glfwTerminate();
    return ret;
}

} // namespace entente::app
