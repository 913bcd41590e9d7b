// The window's set-up and tear-down, and what it shows on first start. The loop is in window_loop.cpp.
#include "window.hpp"

#include "event_log.hpp"
#include "gui.hpp"
#include "render/headless.hpp"
#include "scene/assets.hpp"
#include "scene/fonts.hpp"
#include "scene/headless_render.hpp"

// epoxy before GLFW, and GLFW without its own GL header.
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <semaphore.h>
#include <thread>

namespace entente::app {

namespace {

namespace fs = std::filesystem;

// With no display the demo is rendered to a PNG, so the README's first command always shows something.
int render_demo_png() {
    const RenderRequest rq = demo_request();
    const char* out_env = std::getenv("ENTENTE_DEMO_OUTPUT");
    const std::string out =
        out_env && *out_env ? out_env : (fs::current_path() / "entente-demo.png").string();
    try {
        RenderResult res = render_map(rq);
        write_png_file(out, res);
        std::printf("No display found: rendered the built-in demo to %s (%dx%d, %s)\n", out.c_str(),
                    res.width, res.height, res.gl.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente: %s\n", e.what());
        return 1;
    }
}

AppState* g_state = nullptr;

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

GLFWwindow* create_window(int samples) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SAMPLES, samples);
    glfwWindowHint(GLFW_STENCIL_BITS, 8);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    int w = 1600, h = 1000;
    // ENTENTE_WINDOW_SIZE=WxH: the size a test or a small laptop screen starts with.
    if (const char* size = std::getenv("ENTENTE_WINDOW_SIZE")) {
        std::string why;
        if (parse_image_size(size, w, h, why) != SizeParse::Ok)
            std::fprintf(stderr, "entente: ENTENTE_WINDOW_SIZE=%s: %s\n", size, why.c_str());
    }
    return glfwCreateWindow(w, h, "Entente", nullptr, nullptr);
}

float init_imgui(GLFWwindow* win) {
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(win, &xscale, &yscale);
    const float ui_scale = std::max(1.0f, xscale);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    // Panels are placed by the layout and kept in the session; ImGui's own ini would fight it.
    io.IniFilename = nullptr;
    io.Fonts->AddFontFromFileTTF(font_path().c_str(), 15.0f * ui_scale);
    apply_theme(ui_scale);
    ImGui_ImplGlfw_InitForOpenGL(win, false); // input reaches ImGui through the Gui's InputQueue
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return ui_scale;
}

} // namespace

std::atomic<bool> g_terminate{false};

Gui::Gui(GLFWwindow* win, float ui_scale, const WindowOptions& opt)
    : win_(win), ui_scale_(ui_scale), logged_tool_(MapTool::Select) {
    g_state = &state_;
    glfwSetDropCallback(win, on_drop);
    input_.install(win);
    register_panels();
    first_start(opt);
    state_.scene.tool_layers["measure"] = [this](render::Renderer& r, const render::View& v) {
        if (measure_.visible) measure_.tool.draw(r, v, state_.scene.projection());
    };
    state_.scene.tool_layers["edit"] = [this](render::Renderer& r, const render::View& v) {
        tools_.draw(r, v);
    };
    if (mission_files_.offer_recovery()) log_event({{"event", "ask"}, {"question", "recovery"}});
    logged_tool_ = tools_.tool();
}

Gui::~Gui() {
    g_state = nullptr;
}

// Every panel in one list with its default place: the left column for the map's data and date, the right
// for the mission (and what a click identifies), the bottom bar for the phases and wide tables.
void Gui::register_panels() {
    layout_.add(time_, Dock::Left, PanelLayout::kFit);
    layout_.add(layers_, Dock::Left, 260);
    layout_.add(style_, Dock::Left, 300);
    layout_.add(open_, Dock::Left, PanelLayout::kFit);
    layout_.add(alliances_, Dock::Left, 300);
    layout_.add(projection_, Dock::Left, 230, false);
    layout_.add(measure_, Dock::Left, 300, false);
    layout_.add(export_, Dock::Left, 300, false);
    layout_.add(edit_toolbar_, Dock::Right, PanelLayout::kFit);
    layout_.add(orbat_, Dock::Right, 260);
    layout_.add(measures_, Dock::Right, 200);
    layout_.add(properties_, Dock::Right, 320);
    layout_.add(identify_, Dock::Right, 240);
    layout_.add(peace_ops_, Dock::Right, 320, false);
    layout_.add(slides_, Dock::Right, 320, false);
    layout_.add(diagnostics_, Dock::Right, 320, false);
    layout_.add(phase_bar_, Dock::Bottom, PanelLayout::kFit);
    layout_.add(attributes_, Dock::Bottom, 260, false);
    layout_.add(messages_, Dock::Bottom, 160, false);
}

void Gui::first_start(const WindowOptions& opt) {
    state_.load_session(/*reopen_files=*/opt.files.empty());
    if (!state_.ui_layout.is_null()) layout_.restore(state_.ui_layout);
    if (!opt.crs.empty()) {
        try {
            state_.scene.set_projection(geo::ProjectionSpec::parse(opt.crs));
        } catch (const std::exception& e) {
            state_.error(e.what());
        }
    }
    for (const auto& f : opt.files)
        state_.open(f);
    const RenderRequest demo = demo_request();
    if (opt.files.empty() && state_.recent.empty() && fs::exists(demo.risk_files[0])) {
        // First start: show something meaningful.
        state_.open(demo.risk_files[0], demo.risk_threshold);
        state_.zoom_after_load = geo::Bbox{-25, -38, 62, 62};
        state_.scene.reference.alliances = demo.alliances;
        state_.scene.reference.peace_ops = demo.peace_ops;
        // And the demonstration mission, looked at where it is (the Central African Republic). Its panels
        // take the right column; the alliances panel stays in the Panels menu.
        if (state_.open_mission(demo_mission_path())) {
            state_.zoom_after_load = state_.mission.extent();
            if (state_.ui_layout.is_null()) alliances_.visible = false;
        }
    }
    if (opt.files.empty() && !state_.loader.busy()) state_.zoom_to_world();
}

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
    // ENTENTE_MSAA=0|2|4|8 chooses; otherwise 4 on a GPU and none on a software rasteriser
    // (render::is_software_renderer says why). A window's samples are fixed when it is created, before its
    // own context can say what renders it, so a headless EGL context (a hardware device when there is one,
    // as the window would get) is asked first. A probe window instead cost the window its keyboard focus.
    const char* msaa = std::getenv("ENTENTE_MSAA");
    int samples = msaa && *msaa ? std::clamp(std::atoi(msaa), 0, 16) : -1;
    if (samples < 0) {
        try {
            const render::HeadlessContext probe(true);
            samples = render::default_samples() > 1 ? 4 : 0;
        } catch (const std::exception&) {
            samples = 4;
        }
    }
    GLFWwindow* win = create_window(samples);
    if (!win) {
        glfwTerminate();
        std::fprintf(stderr, "entente: cannot create an OpenGL 3.3 window\n");
        return 1;
    }
    glfwMakeContextCurrent(win);
    GLint got = 0;
    glGetIntegerv(GL_SAMPLES, &got);
    const auto* gl_renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    log_event({{"event", "gl"}, {"renderer", gl_renderer ? gl_renderer : "?"}, {"samples", got}});
    glfwSwapInterval(1);
    const float ui_scale = init_imgui(win);
    // SIGTERM / SIGINT close the window the normal way, so the session is saved. The loop sleeps in
    // glfwWaitEvents, which a signal does not end: the handler posts a semaphore (async-signal-safe) and a
    // watcher thread wakes the loop with an empty event.
    static sem_t signalled;
    sem_init(&signalled, 0, 0);
    auto on_signal = [](int) {
        g_terminate = true;
        sem_post(&signalled);
    };
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::thread watcher([] {
        while (sem_wait(&signalled) != 0) {
        }
        glfwPostEmptyEvent();
    });
    int ret = 0;
    {
        Gui gui(win, ui_scale, opt);
        ret = gui.run();
    }
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGINT, SIG_DFL);
    sem_post(&signalled); // ends the watcher if no signal came
    watcher.join();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(win);
    glfwTerminate();
    return ret;
}

} // namespace entente::app
