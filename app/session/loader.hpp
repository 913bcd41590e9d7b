// Loads files on a worker thread so the window stays responsive: reading, splitting, tessellating, projecting
// and raster previews all happen here; the UI thread only uploads the finished buffers.
#pragma once
#include "geo/dataset.hpp"
#include "scene/map_scene.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace entente::app {

struct LoadJob {
    uint64_t id = 0;
    std::string path;
    geo::ProjectionSpec projection; // prepare render data for this projection
    std::atomic<double> progress{0};
    std::atomic<bool> cancel{false};
    std::string stage; // guarded by Loader's mutex
};

struct LoadResult {
    std::string path;
    bool ok = false, cancelled = false;
    std::string error; // "FILE: reason"
    geo::LoadedSource source;
    std::vector<ProjectedGeometry> geometry; // one per vector layer, for `projection`
    std::vector<std::shared_ptr<RasterPreview>> previews;
    std::string projection_key;
};

class Loader {
  public:
    Loader();
    ~Loader();
    uint64_t enqueue(const std::string& path, const geo::ProjectionSpec& projection);
    void cancel(uint64_t id);
    void cancel_all();
    // Finished results since the last call.
    std::vector<LoadResult> take_results();
    struct Status {
        uint64_t id;
        std::string path, stage;
        double progress;
    };
    std::vector<Status> active() const;
    bool busy() const; // loading, queued, or finished with results not yet taken

  private:
    void run();
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::shared_ptr<LoadJob>> queue_;
    std::shared_ptr<LoadJob> current_;
    std::vector<LoadResult> done_;
    bool stop_ = false;
    uint64_t next_ = 1;
    std::thread worker_;
};

} // namespace entente::app
