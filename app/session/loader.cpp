#include "loader.hpp"

#include "geo/error.hpp"

namespace entente::app {

Loader::Loader() : worker_([this] { run(); }) {}

Loader::~Loader() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
        for (auto& j : queue_)
            j->cancel = true;
        if (current_) current_->cancel = true;
    }
    cv_.notify_all();
    worker_.join();
}

uint64_t Loader::enqueue(const std::string& path, const geo::ProjectionSpec& projection) {
    auto job = std::make_shared<LoadJob>();
    job->path = path;
    job->projection = projection;
    {
        std::lock_guard lock(mu_);
        job->id = next_++;
        job->stage = "queued";
        queue_.push_back(job);
    }
    cv_.notify_one();
    return job->id;
}

void Loader::cancel(uint64_t id) {
    std::lock_guard lock(mu_);
    if (current_ && current_->id == id) current_->cancel = true;
    for (auto& j : queue_)
        if (j->id == id) j->cancel = true;
}

void Loader::cancel_all() {
    std::lock_guard lock(mu_);
    if (current_) current_->cancel = true;
    for (auto& j : queue_)
        j->cancel = true;
}

std::vector<LoadResult> Loader::take_results() {
    std::lock_guard lock(mu_);
    std::vector<LoadResult> out;
    out.swap(done_);
    return out;
}

std::vector<Loader::Status> Loader::active() const {
    std::lock_guard lock(mu_);
    std::vector<Status> out;
    if (current_) out.push_back({current_->id, current_->path, current_->stage, current_->progress.load()});
    for (auto& j : queue_)
        out.push_back({j->id, j->path, "queued", 0});
    return out;
}

bool Loader::busy() const {
    std::lock_guard lock(mu_);
    // Results not yet taken count: a load finishing between the window's take_results and its check before
    // sleeping would otherwise leave it asleep with "projecting" on screen until the next input.
    return current_ || !queue_.empty() || !done_.empty();
}

void Loader::run() {
    for (;;) {
        std::shared_ptr<LoadJob> job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            job = queue_.front();
            queue_.pop_front();
            current_ = job;
        }
        LoadResult res;
        res.path = job->path;
        try {
            if (job->cancel) throw geo::Cancelled();
            geo::LoadOptions opt;
            opt.cancel = &job->cancel;
            opt.progress = [&](double f, const std::string& stage) {
                job->progress = f * 0.85;
                std::lock_guard lock(mu_);
                job->stage = stage;
            };
            geo::Projection proj(job->projection);
            PointProjector points(proj); // a GeoPackage's points projected while GDAL reads ahead
            opt.on_points = points.callback();
            res.source = geo::load_source(job->path, opt);
            {
                std::lock_guard lock(mu_);
                job->stage = "projecting";
            }
            res.projection_key = job->projection.to_string();
            for (auto& v : res.source.vectors) {
                if (job->cancel) throw geo::Cancelled();
                res.geometry.push_back(project_layer(*v, proj, &points));
            }
            for (auto& r : res.source.rasters) {
                if (job->cancel) throw geo::Cancelled();
                {
                    std::lock_guard lock(mu_);
                    job->stage = "reading raster";
                }
                res.previews.push_back(make_raster_preview(*r));
            }
            res.ok = true;
        } catch (const geo::Cancelled&) {
            res.cancelled = true;
            res.error = job->path + ": loading cancelled";
        } catch (const geo::InputError& e) {
            res.error = e.what();
        } catch (const std::exception& e) {
            res.error = job->path + ": " + e.what();
        }
        std::lock_guard lock(mu_);
        done_.push_back(std::move(res));
        current_.reset();
    }
}

} // namespace entente::app
