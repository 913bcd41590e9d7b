// Detail for large rasters: when the view needs more resolution than the load-time preview, 512x512 tiles are
// read at the matching overview level on a worker thread and drawn over the preview. GDAL picks the overview
// for each decimated read, so a COG with overviews reads only what it must.
#pragma once
#include "geo/dataset.hpp"
#include "render/renderer.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

namespace entente::app {

struct TileKey {
    int level = 0, x = 0, y = 0; // tile (x, y) covers source pixels [x, x+1) * 512 << level
    auto operator<=>(const TileKey&) const = default;
};

struct TileData {
    TileKey key;
    int w = 0, h = 0;
    std::vector<float> values;
    std::vector<uint8_t> rgba;
    std::vector<geo::LonLat> grid; // 9x9 mesh corners
};

class RasterTileCache {
  public:
    static constexpr int kTile = 512;
    explicit RasterTileCache(std::shared_ptr<geo::RasterSource> src);
    ~RasterTileCache();

    // Tiles the view needs at `level` covering the source window [x0,x1)x[y0,y1); missing ones are queued.
    std::vector<TileKey> wanted(int level, double x0, double y0, double x1, double y1) const;
    void request(const std::vector<TileKey>& keys);
    std::vector<TileData> take_ready();
    bool busy() const;

    // Uploaded tiles, owned by the scene's GL context.
    struct Uploaded {
        render::LayerHandle gpu = 0;
        std::string projection;
        std::shared_ptr<TileData> data;
        uint64_t last_used = 0;
    };
    std::map<TileKey, Uploaded> uploaded;

  private:
    void run();
    std::shared_ptr<geo::RasterSource> src_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<TileKey> queue_;
    std::set<TileKey> pending_;
    std::vector<TileData> ready_;
    bool stop_ = false;
    std::thread worker_;
};

} // namespace entente::app
