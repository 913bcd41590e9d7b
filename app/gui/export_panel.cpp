#include "geo/error.hpp"
#include "missions/persistence.hpp"
#include "panels.hpp"
#include "scene/assets.hpp"
#include "scene/headless_render.hpp"
#include "scene/overlay_export.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace entente::app {

namespace fs = std::filesystem;

// One export running on its worker; the panel polls it each frame.
struct ExportPanel::Job {
    std::thread worker;
    std::atomic<float> progress{0};
    std::atomic<bool> finished{false};
    std::atomic<bool> cancel{false}; // the window is closing: stop after the current slide
    std::mutex mu;
    std::string message, error;
    std::vector<std::string> withheld;
    ~Job() {
        // The worker may hold the last reference itself: a thread cannot join itself.
        if (worker.joinable()) {
            if (worker.get_id() == std::this_thread::get_id())
                worker.detach();
            else
                worker.join();
        }
    }
};

namespace {

const char* kFormats[] = {"geojson", "kml", "kmz", "gpkg", "cot", "csv"};
const char* kExt[] = {".geojson", ".kml", ".kmz", ".gpkg", ".cot.xml", ".csv"};
const char* kSizes[] = {"3840x2160", "1920x1080", "2560x1440", "1600x1000"};

} // namespace

ExportPanel::ExportPanel() {
    visible = false;
}

ExportPanel::~ExportPanel() {
    // Closing the window waits for a running export (the deck stops after its current slide), so nothing
    // draws or writes after the window and GL are gone.
    if (job_) {
        job_->cancel = true;
        if (job_->worker.joinable()) job_->worker.join();
    }
}

bool ExportPanel::busy() const {
    return job_ && !job_->finished;
}

std::string ExportPanel::activity() const {
    if (!busy()) return "";
    return "exporting, " + std::to_string(int(job_->progress.load() * 100)) + " %";
}

void ExportPanel::always(AppState& s) {
    if (job_ && job_->finished) {
        // Collect the finished job's outcome (the worker has ended: join it now, off the next frame).
        std::lock_guard lock(job_->mu);
        if (!job_->error.empty()) s.error(job_->error);
        result_ = job_->message;
        withheld_ = job_->withheld;
        if (!result_.empty()) s.info(result_);
        job_->finished = false;
        if (job_->worker.joinable()) job_->worker.join();
        job_.reset();
    }
}

void ExportPanel::content(AppState& s) {
    const missions::Mission* m = s.mission.mission();
    if (!m)
        ImGui::TextDisabled("Open a mission to export it.");
    else
        draw_mission(s, m);
    draw_layer(s);
}

void ExportPanel::draw_mission(AppState& s, const missions::Mission* m) {
    int k = int(kind);
    ImGui::RadioButton("Overlay", &k, 0);
    ImGui::SameLine();
    ImGui::RadioButton("Slide image", &k, 1);
    ImGui::SameLine();
    ImGui::RadioButton("Briefing PDF", &k, 2);
    if (k != int(kind)) output_.clear();
    kind = Kind(k);
    // Outputs go beside the mission file, named after it; never into the shipped assets (the demo mission).
    const fs::path mp = s.mission.path;
    const std::string name =
        mp.empty() ? "mission" : mp.filename().string().substr(0, mp.filename().string().find('.'));
    const bool in_assets =
        !mp.empty() && mp.parent_path().lexically_relative(assets_dir()).string().rfind("..", 0) != 0;
    const std::string stem =
        ((mp.empty() || in_assets ? fs::current_path() : mp.parent_path()) / name).string();
    if (kind == Kind::Overlay) {
        if (ImGui::Combo("Format", &format_, kFormats, IM_ARRAYSIZE(kFormats))) output_.clear();
        if (std::string(kFormats[format_]) == "kml")
            ImGui::TextDisabled("Plain KML shows units as coloured pins; KMZ carries their symbols.");
        ImGui::InputTextWithHint("Recipient", "organisation or ISO3; empty: all", &recipient_);
        ImGui::InputTextWithHint("Phase", "number or id; empty: all", &phase_);
        ImGui::Checkbox("Allow an empty overlay", &allow_empty_);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Write the overlay even when releasability withholds everything (else refused)");
        if (output_.empty()) output_ = stem + kExt[format_];
    } else if (kind == Kind::SlideImage) {
        std::vector<std::string> names;
        for (size_t i = 0; i < m->slides.size(); ++i)
            names.push_back(std::to_string(i + 1) + ". " + m->slides[i].title);
        slide_ = std::clamp(slide_, 0, std::max(0, int(names.size()) - 1));
        if (ImGui::BeginCombo("Slide", names.empty() ? "(no slides)" : names[size_t(slide_)].c_str())) {
            for (size_t i = 0; i < names.size(); ++i)
                if (ImGui::Selectable(names[i].c_str(), int(i) == slide_)) slide_ = int(i), output_.clear();
            ImGui::EndCombo();
        }
        ImGui::Combo("Size", &size_, kSizes, IM_ARRAYSIZE(kSizes));
        if (output_.empty()) output_ = stem + "-slide" + std::to_string(slide_ + 1) + ".png";
    } else {
        ImGui::Combo("Size", &size_, kSizes, IM_ARRAYSIZE(kSizes));
        if (output_.empty()) output_ = stem + "-briefing.pdf";
    }
    ImGui::InputText("Output", &output_);
    const bool no_slides = kind != Kind::Overlay && m->slides.empty();
    if (no_slides) ImGui::TextDisabled("The mission has no slides.");
    // The same rule as `entente export`: the output's extension must be the format's.
    const missions::FormatChoice choice = kind == Kind::Overlay
                                              ? missions::choose_export_format(kFormats[format_], output_)
                                              : missions::FormatChoice{};
    const bool mismatch = kind == Kind::Overlay && !output_.empty() && !choice.format;
    if (mismatch) ImGui::TextWrapped("%s", choice.error.c_str());
    ImGui::BeginDisabled(busy() || output_.empty() || no_slides || mismatch);
    if (ImGui::Button("Export")) {
        result_.clear(), withheld_.clear();
        auto job = std::make_shared<Job>();
        job_ = job;
        const missions::Mission copy = *m; // the worker reads its own copy; editing goes on
        const std::string out = output_;
        if (kind == Kind::Overlay) {
            ExportRequest rq;
            rq.format = *missions::export_format_from(kFormats[format_]);
            rq.recipient = recipient_, rq.phase = phase_, rq.output = out, rq.allow_empty = allow_empty_;
            job->worker = std::thread([job, copy, rq] {
                try {
                    const ExportResult r = export_overlay(copy, rq);
                    std::lock_guard lock(job->mu);
                    job->message = std::to_string(r.features) + " features exported; " +
                                   std::to_string(r.withheld.size()) + " withheld (" + rq.output + ")";
                    for (auto& w : r.withheld)
                        job->withheld.push_back((w.name.empty() ? w.id : w.name) + ": " + w.reason);
                } catch (const EmptyExport& e) {
                    // Refused: nothing written; the message and the list say why.
                    std::lock_guard lock(job->mu);
                    job->error = std::string("Export refused: ") + e.what() +
                                 "; nothing was written (tick \"Allow an empty overlay\" to write it)";
                    job->message = "Nothing was written: " + e.reason();
                    for (auto& w : e.withheld)
                        job->withheld.push_back((w.name.empty() ? w.id : w.name) + ": " + w.reason);
                } catch (const std::exception& e) {
                    std::lock_guard lock(job->mu);
                    job->error = std::string("Export: ") + e.what();
                }
                job->progress = 1;
                job->finished = true;
            });
        } else {
            // The worker draws in this process: should its GL driver fail, the planner's unsaved work is in
            // the recovery copy (written now, if there is any).
            s.mission.autosave(ImGui::GetTime(), true);
            // A saved copy for the renderer: the slides as they are now, saved or not.
            const std::string tmp =
                (fs::temp_directory_path() / ("entente-brief-" + std::to_string(getpid()) + ".entente.gpkg"))
                    .string();
            const bool deck = kind == Kind::Deck;
            const std::string size = kSizes[size_], mission_path = s.mission.path;
            const int slide = slide_ + 1;
            const size_t count = copy.slides.size();
            job->worker = std::thread([job, copy, tmp, deck, size, out, slide, count, mission_path] {
                std::string err;
                int rc = -1;
                try {
                    // Relative risk paths resolve beside the mission file: keep them resolvable from the
                    // copy.
                    missions::Mission c = copy;
                    const fs::path dir = fs::path(mission_path).parent_path();
                    for (auto& sl : c.slides)
                        for (auto& l : sl.layers)
                            if (l.rfind("risk:", 0) == 0 && !mission_path.empty() &&
                                !fs::path(l.substr(5)).is_absolute() &&
                                fs::exists(dir / l.substr(5, l.rfind('@') - 5)))
                                l = "risk:" + (dir / l.substr(5)).string();
                    missions::save_mission(c, tmp);
                    // The same library calls as `entente brief` and `entente render --slide`, in this worker
                    // with its own headless GL context (the window's context stays on the main thread).
                    int w = 0, h = 0;
                    std::string why;
                    if (parse_image_size(size, w, h, why) != SizeParse::Ok) throw std::runtime_error(why);
                    if (deck) {
                        write_briefing_pdf(tmp, out, w, h, 1.5f,
                                           [&](size_t i, size_t n, const std::string&, const auto&) {
                                               job->progress = float(i) / float(n);
                                               if (job->cancel) throw geo::Cancelled();
                                           });
                    } else {
                        RenderRequest rq;
                        rq.files = {tmp};
                        rq.slide = std::to_string(slide);
                        rq.width = w, rq.height = h;
                        const RenderResult res = render_map(rq);
                        write_png_file(out, res);
                    }
                    rc = 0;
                } catch (const std::exception& e) {
                    err = e.what();
                }
                std::error_code ec;
                fs::remove(tmp, ec);
                std::lock_guard lock(job->mu);
                if (rc == 0)
                    job->message = deck ? "Wrote " + out + " (" + std::to_string(count) + " pages)"
                                        : "Wrote " + out + " (" + size + ")";
                else
                    job->error = std::string("Export: ") + (err.empty() ? "failed" : err);
                job->progress = 1;
                job->finished = true;
            });
        }
    }
    ImGui::EndDisabled();
    if (busy()) {
        ImGui::SameLine();
        // ImGui 1.86 has no indeterminate bar: single files show "working", the deck its slides done.
        ImGui::ProgressBar(job_->progress.load(), ImVec2(-1, 0), kind == Kind::Deck ? nullptr : "working...");
    }
    if (!result_.empty()) ImGui::TextWrapped("%s", result_.c_str());
    if (!withheld_.empty()) {
        ImGui::TextDisabled("Withheld:");
        ImGui::BeginChild("withheld", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 6), true);
        for (auto& w : withheld_)
            ImGui::TextWrapped("%s", w.c_str());
        ImGui::EndChild();
    }
}

void ExportPanel::draw_layer(AppState& s) {
    // Loaded vector layers go to partners reprojected to WGS84 (GDAL's vector translation of the source).
    if (!ImGui::CollapsingHeader("Loaded layer (reprojected to WGS84)")) return;
    std::vector<const MapLayer*> layers;
    for (const auto& l : s.scene.layers())
        if (l->vector && !l->source.empty() && fs::exists(l->source)) layers.push_back(l.get());
    if (layers.empty()) {
        ImGui::TextDisabled("No vector file is loaded.");
        return;
    }
    layer_ = std::clamp(layer_, 0, int(layers.size()) - 1);
    if (ImGui::BeginCombo("Layer", layers[size_t(layer_)]->title.c_str())) {
        for (size_t i = 0; i < layers.size(); ++i)
            if (ImGui::Selectable(layers[i]->title.c_str(), int(i) == layer_))
                layer_ = int(i), layer_output_.clear();
        ImGui::EndCombo();
    }
    static const char* kLayerFormats[] = {"geojson", "kml", "gpkg", "csv"};
    static const char* kLayerExt[] = {".geojson", ".kml", ".gpkg", ".csv"};
    if (ImGui::Combo("Layer format", &layer_format_, kLayerFormats, IM_ARRAYSIZE(kLayerFormats)))
        layer_output_.clear();
    const fs::path src = layers[size_t(layer_)]->source;
    if (layer_output_.empty())
        layer_output_ =
            (fs::current_path() / (src.stem().string() + "-wgs84" + kLayerExt[layer_format_])).string();
    ImGui::InputText("Layer output", &layer_output_);
    ImGui::BeginDisabled(busy() || layer_output_.empty());
    if (ImGui::Button("Export layer")) {
        result_.clear(), withheld_.clear();
        auto job = std::make_shared<Job>();
        job_ = job;
        const std::string in = src.string(), out = layer_output_;
        const auto format = *missions::export_format_from(kLayerFormats[layer_format_]);
        job->worker = std::thread([job, in, out, format] {
            try {
                const size_t n = export_layer_file(in, out, format);
                std::lock_guard lock(job->mu);
                job->message = std::to_string(n) + " features exported to " + out + " (WGS84)";
            } catch (const std::exception& e) {
                std::lock_guard lock(job->mu);
                job->error = std::string("Export: ") + e.what();
            }
            job->progress = 1;
            job->finished = true;
        });
    }
    ImGui::EndDisabled();
    if (!s.mission.mission() && !result_.empty()) ImGui::TextWrapped("%s", result_.c_str());
}

} // namespace entente::app
