// The window's background loader (app/session/loader): what the window's sleep depends on.
#include "session/loader.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace entente;

TEST_CASE("a finished load keeps the loader busy until its result is taken, so the window wakes for it",
          "[loader]") {
    // The window sleeps when the loader is not busy. A load that finished after the window took the results
    // of a frame, but before it went to sleep, used to leave "projecting" on screen until the next input.
    app::Loader loader;
    loader.enqueue(std::string(ENTENTE_TEST_DATA) + "/points.geojson", geo::ProjectionSpec{});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!loader.active().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(loader.active().empty()); // loaded: nothing running, nothing queued
    CHECK(loader.busy());             // but its result waits for the window
    const auto results = loader.take_results();
    REQUIRE(results.size() == 1);
    CHECK(results[0].ok);
    CHECK_FALSE(loader.busy());
}
