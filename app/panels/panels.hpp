// One class per panel (ImHex style): each draws itself from AppState and changes it through its methods.
#pragma once
#include "app/app_state.hpp"

#include <optional>
#include <string>

namespace entente::app {

class Panel {
  public:
    virtual ~Panel() = default;
    virtual const char* title() const = 0;
    virtual void draw(AppState& s) = 0;
    bool visible = true;
};

class LayersPanel : public Panel {
  public:
    const char* title() const override { return "Layers"; }
    void draw(AppState& s) override;
};

class StylePanel : public Panel {
  public:
    const char* title() const override { return "Style"; }
    void draw(AppState& s) override;
};

class OpenPanel : public Panel {
  public:
    const char* title() const override { return "Open"; }
    void draw(AppState& s) override;
    std::string path;
};

class AttributePanel : public Panel {
  public:
    const char* title() const override { return "Attributes"; }
    void draw(AppState& s) override;

  private:
    std::string filter_;
    uint64_t layer_ = 0;
    std::vector<uint32_t> rows_; // filtered, sorted feature indices
    std::string built_filter_;
    int sort_col_ = -1;
    bool sort_desc_ = false;
    size_t built_count_ = 0;
};

class IdentifyPanel : public Panel {
  public:
    const char* title() const override { return "Identify"; }
    void draw(AppState& s) override;
};

class MessagesPanel : public Panel {
  public:
    const char* title() const override { return "Messages"; }
    void draw(AppState& s) override;
    size_t seen = 0;
};

class ProjectionPanel : public Panel {
  public:
    const char* title() const override { return "Projection"; }
    void draw(AppState& s) override;
    std::string custom;
};

// The one "as of" date for the whole map: slider 1945..today, a date field, steps and play.
class TimePanel : public Panel {
public:
    const char* title() const override { return "Date"; }
    void draw(AppState& s) override;
    bool playing = false;
    double last_step = 0;

private:
    std::string text_;
    std::string shown_;
};

// Which organisations' footprints to show (up to three), peace operations, legend.
class DomainPanel : public Panel {
public:
    const char* title() const override { return "Alliances and operations"; }
    void draw(AppState& s) override;
};

// All peace operations with filters; click one to zoom to it and open its card.
class MissionsPanel : public Panel {
public:
    const char* title() const override { return "Peace operations"; }
    void draw(AppState& s) override;
    std::optional<size_t> card;  // operation whose card is open

private:
    std::string org_filter_, host_filter_;
    bool active_only_ = true;
};

// Bottom bar: cursor position (decimal and DMS), scale, projection, loading.
class StatusBar {
  public:
    void draw(AppState& s, std::optional<geo::LonLat> cursor, float fps);
};

} // namespace entente::app
