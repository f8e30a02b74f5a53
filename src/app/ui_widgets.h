// Small ImGui helpers shared by the panels and the file dialog, so that every modal window
// behaves the same on a touch tablet: centred, never larger than the screen, and closed by a
// large on-screen button (there is no keyboard to press Escape with).
#pragma once
#include <string>

namespace spineview::app {

// Height of the buttons that confirm or close a window: a comfortable finger target.
float touchButtonHeight();

// Centres the next window on the main viewport's work area and keeps it inside it, every
// frame: a window can neither open nor stay off-screen after a resize or a scale change.
// `width` is clamped to the work area; 0 leaves it to the window. Height fits the content.
void placeNextWindowCentred(float width);

// Wrapped text that scrolls inside its own region once it would push the `reserveBelow`
// pixels under it (the window's buttons) off the bottom of the screen.
void scrollingWrappedText(const char* id, const std::string& text, float reserveBelow);

// Flags of the small windows over the 3D view (toolbar, cards, story bar): no title, fixed,
// sized to their content, never taking focus from the view.
int overlayWindowFlags();

// The text with its first letter upper-cased ("fibrin" -> "Fibrin"), for names shown as labels.
std::string capitalized(std::string s);

// A full-width touch-sized button, the usual last widget of a modal.
bool wideButton(const char* label);

// A button drawn pressed while `on`: toggles and selected pages read as state at a glance.
// A width or height of 0 fits the label.
bool stateButton(const char* label, bool on, float width, float height);

// The width of one of `columns` equal buttons side by side across the space left on the line.
float columnWidth(int columns);

}  // namespace spineview::app
