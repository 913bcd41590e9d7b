// `entente brief MISSION -o deck.pdf`: the mission's briefing, one page per slide, drawn exactly as
// `entente render --slide` (and the window's briefing mode) draws it.
#include "cli.hpp"
#include "command.hpp"
#include "geo/error.hpp"
#include "scene/headless_render.hpp"

#include <cstdio>

namespace entente::app {

// Every slide of a mission to one PDF page each. Returns the exit status.
int cmd_brief(const std::string& mission_path, const std::string& output, int width, int height,
              float scale) {
    try {
        const size_t pages = write_briefing_pdf(
            mission_path, output, width, height, scale,
            [](size_t i, size_t n, const std::string& title, const std::vector<std::string>& warnings) {
                for (auto& w : warnings)
                    std::fprintf(stderr, "entente brief: warning: slide %zu: %s\n", i, w.c_str());
                std::printf("slide %zu/%zu: %s\n", i, n, title.c_str());
                std::fflush(stdout);
            });
        std::printf("wrote %s (%zu pages)\n", output.c_str(), pages);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "entente brief: %s\n", e.what());
        return exit_code(e);
    }
}

namespace {

class BriefCommand : public Command {
  public:
    CLI::App* add(CLI::App& app) override {
        auto* c = app.add_subcommand("brief", "The mission's briefing slides as a PDF, one page per slide");
        c->add_option("mission", mission_, "The mission file (NAME.entente.gpkg)")->required();
        c->add_option("-o,--output", out_, "The PDF to write")->required();
        c->add_option("--size", size_,
                      "Pixels per slide, WIDTHxHEIGHT (default 2880x1620); text and symbols grow with it");
        c->add_option("--scale", scale_, "Text and symbols relative to a 1920x1080 slide (default 1)")
            ->check(finite_number());
        return c;
    }
    int run() override {
        int w = 0, h = 0;
        std::string why;
        if (const SizeParse p = parse_image_size(size_, w, h, why); p != SizeParse::Ok) {
            std::fprintf(stderr, "entente brief: --size %s: %s\n", size_.c_str(), why.c_str());
            return p == SizeParse::OutOfRange ? exit_code(geo::ErrorKind::OutOfRange) : 2;
        }
        return cmd_brief(mission_, out_, w, h, scale_);
    }

  private:
    std::string mission_, out_, size_ = "2880x1620";
    float scale_ = 1;
};

} // namespace

std::unique_ptr<Command> brief_command() {
    return std::make_unique<BriefCommand>();
}

} // namespace entente::app
