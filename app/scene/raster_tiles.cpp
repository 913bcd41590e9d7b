#include "raster_tiles.hpp"

#include <cmath>
#include <cstdio>

namespace entente::app {

RasterTileCache::RasterTileCache(std::shared_ptr<geo::RasterSource> src)
    : src_(std::move(src)), worker_([this] { run(); }) {}

RasterTileCache::~RasterTileCache() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
}

std::vector<TileKey> RasterTileCache::wanted(int level, double x0, double y0, double x1, double y1) const {
    std::vector<TileKey> out;
    const double span = double(kTile) * (1 << level);
    const int tx0 = std::max(0, int(std::floor(x0 / span))), ty0 = std::max(0, int(std::floor(y0 / span)));
    const int tx1 = std::min(int(std::ceil(src_->width / span)) - 1, int(std::floor(x1 / span)));
    const int ty1 = std::min(int(std::ceil(src_->height / span)) - 1, int(std::floor(y1 / span)));
    for (int y = ty0; y <= ty1; ++y)
        for (int x = tx0; x <= tx1; ++x)
            out.push_back({level, x, y});
    // A view never needs more than a screenful of tiles; more means the level is wrong.
    if (out.size() > 64) out.resize(64);
    return out;
}

void RasterTileCache::request(const std::vector<TileKey>& keys) {
    std::lock_guard lock(mu_);
    // The newest view's tiles first; stale requests for other views are dropped.
    queue_.clear();
    for (const auto& k : keys)
        if (!uploaded.count(k)) queue_.push_back(k);
    cv_.notify_one();
}

std::vector<TileData> RasterTileCache::take_ready() {
    std::lock_guard lock(mu_);
    std::vector<TileData> out;
    out.swap(ready_);
    for (auto& t : out)
        pending_.erase(t.key);
    return out;
}

bool RasterTileCache::busy() const {
    std::lock_guard lock(mu_);
    return !queue_.empty() || !pending_.empty();
}

void RasterTileCache::run() {
    for (;;) {
        TileKey k;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (stop_) return;
            k = queue_.front();
            queue_.pop_front();
            if (pending_.count(k)) continue;
            pending_.insert(k);
        }
        TileData t;
        t.key = k;
        const int span = kTile << k.level;
        const int x = k.x * span, y = k.y * span;
        const int w = std::min(span, src_->width - x), h = std::min(span, src_->height - y);
        t.w = std::max(1, w >> k.level);
        t.h = std::max(1, h >> k.level);
        try {
            if (src_->colour)
                t.rgba = src_->read_rgba(x, y, w, h, t.w, t.h);
            else
                t.values = src_->read_values(x, y, w, h, t.w, t.h);
            std::vector<geo::XY> px;
            for (int j = 0; j <= 8; ++j)
                for (int i = 0; i <= 8; ++i)
                    px.push_back({x + w * i / 8.0, y + h * j / 8.0});
            t.grid = src_->pixels_to_lonlat(px);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "entente: %s\n", e.what());
            t.w = 0;
        }
        std::lock_guard lock(mu_);
        ready_.push_back(std::move(t));
    }
}

} // namespace entente::app
