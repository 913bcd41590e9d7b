#include "assets.hpp"

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace entente::app {

namespace fs = std::filesystem;

std::string assets_dir() {
    static const std::string dir = [] {
        if (const char* env = std::getenv("ENTENTE_ASSETS"); env && fs::exists(env)) return std::string(env);
        std::error_code ec;
        const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
        if (!ec) {
            for (const fs::path& cand :
                 {exe.parent_path() / "../share/entente/assets", exe.parent_path() / "assets"})
                if (fs::exists(cand / "basemap")) return fs::weakly_canonical(cand).string();
        }
        return std::string(ENTENTE_SOURCE_ASSETS);
    }();
    return dir;
}

std::string asset_path(const std::string& relative) {
    return assets_dir() + "/" + relative;
}

} // namespace entente::app
