// Opening a mission zooms to it when the setting is on (the default), and the setting is kept with the
// session.
#include "scene/assets.hpp"
#include "session/app_state.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace entente;

TEST_CASE("opening a mission zooms to it unless the setting is off, the setting is kept in the session",
          "[zoom]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "entente_zoom_on_open";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    setenv("ENTENTE_CONFIG_DIR", dir.c_str(), 1);
    const std::string mission = app::asset_path("demo/shared_shield.entente.gpkg");
    {
        app::AppState st;
        CHECK(st.zoom_on_open);
        REQUIRE(st.open_mission(mission, true));
        // Zoomed once the window has placed its panels: the mission's extent, waiting for that.
        REQUIRE(st.zoom_when_laid_out);
        CHECK(st.zoom_when_laid_out->minx == Approx(st.mission.extent().minx));
        st.zoom_to_bbox(*st.zoom_when_laid_out);
        const auto c = st.scene.projection().inverse(st.camera.center);
        REQUIRE(c);
        CHECK(c->lon > 14);
        CHECK(c->lon < 28); // the Central African Republic
        st.zoom_on_open = false;
        st.save_session();
    }
    {
        app::AppState st;
        st.load_session(false);
        CHECK_FALSE(st.zoom_on_open);
        REQUIRE(st.open_mission(mission, true));
        CHECK_FALSE(st.zoom_when_laid_out);
    }
    unsetenv("ENTENTE_CONFIG_DIR");
    std::filesystem::remove_all(dir);
}
