// The view buttons and keys 1..N: six distinct views with plain labels; "lateral" stays a
// command-line alias only.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "app/panels.h"

using namespace spineview::app;

TEST_CASE("view buttons are the six distinct named views, lateral left out", "[views]") {
  const auto& buttons = viewButtons();
  REQUIRE(buttons.size() == 6);
  const char* labels[] = {"Anterior",
                          "Posterior",
                          "Left lateral",
                          "Right lateral",
                          "Oblique (left posterolateral)",
                          "Axial (superior)"};
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    INFO(i);
    CHECK(buttons[i].label == labels[i]);
    CHECK(buttons[i].view.name != "lateral");
    for (std::size_t j = 0; j < i; ++j)
      CHECK((std::abs(buttons[i].view.yaw - buttons[j].view.yaw) > 1e-3f ||
             std::abs(buttons[i].view.pitch - buttons[j].view.pitch) > 1e-3f));
  }
  // Still valid on the command line, as the left lateral view.
  const auto lateral = spineview::findNamedView("lateral");
  REQUIRE(lateral);
  CHECK(lateral->yaw == buttons[2].view.yaw);
}

TEST_CASE("the help names every view button's view and the touch controls", "[views]") {
  std::string help;
  for (const auto& [control, effect] : controlsHelp())
    help += std::string(control) + " " + effect + "\n";
  for (const char* word : {"1 to 6", "left lateral", "right lateral", "oblique", "axial", "Zoom in",
                           "Pan", "Frame all", "Escape"})
    CHECK(help.find(word) != std::string::npos);
}
