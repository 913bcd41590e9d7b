// A save killed half-way (a crash, a power cut, SIGKILL) leaves its temporary copy beside the mission. The
// next start, opening that mission, removes the copies whose writer is gone, so they never pile up until the
// disk is full; a save still running in another process keeps its copy.
#include "missions/persistence.hpp"
#include "session/app_state.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace entente;
namespace fs = std::filesystem;

namespace {

// A PID that is certainly gone: a child that has exited and been reaped.
pid_t gone_pid() {
    const pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, nullptr, 0);
    return child;
}

void plant(const fs::path& p) {
    std::ofstream(p) << "half a mission";
}

} // namespace

TEST_CASE("opening a mission removes copies left by killed saves, of the mission and of its recovery copy") {
    const fs::path dir = fs::temp_directory_path() / ("entente-leftovers-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "config");
    setenv("ENTENTE_CONFIG_DIR", (dir / "config").c_str(), 1);
    const fs::path mission = dir / "plan.entente.gpkg";
    missions::Mission m;
    m.name = "Plan";
    missions::save_mission(m, mission.string());

    const std::string dead = std::to_string(gone_pid());
    const fs::path left = dir / (".~plan.entente.gpkg." + dead + ".gpkg");
    const fs::path left_journal = dir / (".~plan.entente.gpkg." + dead + ".gpkg-journal");
    const fs::path left_recovery = dir / "config" / (".~recovery.entente.gpkg." + dead + ".gpkg");
    const fs::path running = dir / (".~plan.entente.gpkg." + std::to_string(getppid()) + ".gpkg");
    const fs::path other = dir / (".~other.entente.gpkg." + dead + ".gpkg");
    for (const auto& p : {left, left_journal, left_recovery, running, other})
        plant(p);

    app::AppState state;
    state.mission.open(mission.string());
    REQUIRE(state.mission.mission());
    CHECK(state.mission.mission()->name == "Plan");
    CHECK_FALSE(fs::exists(left));
    CHECK_FALSE(fs::exists(left_journal));
    CHECK_FALSE(fs::exists(left_recovery));
    CHECK(fs::exists(running)); // its writer (the test runner's parent) still runs
    CHECK(fs::exists(other));   // another mission's, not opened
    unsetenv("ENTENTE_CONFIG_DIR");
    fs::remove_all(dir);
}
