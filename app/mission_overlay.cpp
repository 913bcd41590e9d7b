#include "mission_overlay.hpp"

namespace entente::app {

struct MissionOverlay::Impl {
    const missions::Mission* mission = nullptr;
    std::string phase;
    std::vector<std::string> selection;
    uint64_t revision = 0;
    std::vector<std::string> messages;
};

MissionOverlay::MissionOverlay() : impl_(std::make_unique<Impl>()) {}
MissionOverlay::~MissionOverlay() = default;
MissionOverlay::MissionOverlay(MissionOverlay&&) noexcept = default;
MissionOverlay& MissionOverlay::operator=(MissionOverlay&&) noexcept = default;

void MissionOverlay::set(const missions::Mission* mission, const std::string& phase,
                         const std::vector<std::string>& selection, uint64_t revision) {
    impl_->mission = mission, impl_->phase = phase, impl_->selection = selection, impl_->revision = revision;
}

void MissionOverlay::draw(render::Renderer&, const render::View&, const geo::Projection&, const std::string&,
                          std::vector<render::TextItem>&, std::vector<const render::LabelCandidate*>&) {}

std::string MissionOverlay::unit_at(const render::View&, geo::XY) const {
    return "";
}
const std::vector<std::string>& MissionOverlay::symbol_messages() const {
    return impl_->messages;
}
void MissionOverlay::reset_gpu() {}

} // namespace entente::app
