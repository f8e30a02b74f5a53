// The Open model dialog: a modal ImGui popup over a filtered directory listing.
#include "app/file_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "app/ui_widgets.h"

namespace spineview::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPopupName = "Open model";

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

fs::path homeDir() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  return fs::current_path();
}

}  // namespace

bool isModelFile(const fs::path& path) {
  const auto ext = lower(path.extension().string());
  return ext == ".gltf" || ext == ".glb";
}

Result<std::vector<DirEntry>> listModelDirectory(const fs::path& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Error{"cannot list " + dir.string() + ": " + ec.message()};
  std::vector<DirEntry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;  // a folder that changes while listed: show what was read
    const auto name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code typeEc;
    const bool isDir = it->is_directory(typeEc);  // follows links, so linked folders open
    if (typeEc) continue;
    if (isDir || isModelFile(it->path())) entries.push_back({name, isDir});
  }
  std::sort(entries.begin(), entries.end(), [](const DirEntry& a, const DirEntry& b) {
    if (a.directory != b.directory) return a.directory;
    return lower(a.name) < lower(b.name);
  });
  return entries;
}

fs::path resolveTypedPath(const std::string& typed, const fs::path& shownDir,
                          const fs::path& home) {
  if (typed.empty()) return shownDir;
  fs::path path(typed);
  // "~" and "~/..." only: "~name" (another user's home) is left as a relative name.
  if (typed == "~") path = home;
  else if (typed.rfind("~/", 0) == 0) path = home / typed.substr(2);
  if (path.is_relative()) path = shownDir / path;
  return path.lexically_normal();
}

void FileDialog::open(const fs::path& start) {
  std::error_code ec;
  fs::path dir = start.empty() ? fs::current_path(ec) : start;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  if (dir.empty() || !fs::is_directory(dir, ec)) dir = homeDir();
  navigate(dir);
  requestOpen_ = true;
}

void FileDialog::reopenWithError(const fs::path& file, const std::string& error) {
  open(file);
  setTyped(file.string());
  error_ = error;
}

void FileDialog::setTyped(std::string text) {
  typed_ = std::move(text);
  typedPath_ = resolveTypedPath(typed_, dir_, homeDir());
  std::error_code ec;
  typedIsDir_ = fs::is_directory(typedPath_, ec);
}

void FileDialog::navigate(const fs::path& dir) {
  std::error_code ec;
  const auto canonical = fs::weakly_canonical(dir, ec);
  auto listing = listModelDirectory(ec ? dir : canonical);
  if (!listing) {
    error_ = listing.error();  // stay in the current folder
    return;
  }
  dir_ = ec ? dir : canonical;
  entries_ = std::move(listing.value());
  setTyped(dir_.string());
  selected_ = -1;
  error_.clear();
}

std::optional<std::string> FileDialog::draw(bool cancel) {
  if (requestOpen_) {
    ImGui::OpenPopup(kPopupName);
    requestOpen_ = false;
    open_ = true;
  }
  if (!open_) return std::nullopt;

  // Sized from the screen every frame, so it follows a resize and never leaves the screen.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  placeNextWindowCentred(0.f);
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.95f, ImGui::GetFontSize() * 48.f),
                                  vp->WorkSize.y * 0.85f));
  std::optional<std::string> chosen;
  bool keepOpen = true;
  if (!ImGui::BeginPopupModal(kPopupName, &keepOpen,
                              ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
    open_ = false;
    return std::nullopt;
  }

  std::optional<fs::path> goTo;
  if (ImGui::Button("Up") && dir_.has_parent_path()) goTo = dir_.parent_path();
  ImGui::SameLine();
  if (ImGui::Button("Home")) goTo = homeDir();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.f);
  // Enter on a typed folder opens it; on a file it chooses it (the loader reports bad files).
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // type a path at once
  bool enter = ImGui::InputText(
      "##path", &typed_, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  if (ImGui::IsItemEdited()) setTyped(typed_);
  const float footer = touchButtonHeight() + ImGui::GetStyle().ItemSpacing.y;
  if (!error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.55f, 0.45f, 1.f));
    // A long loader message may scroll, but must leave room for the listing and the buttons.
    scrollingWrappedText("error", error_, footer + ImGui::GetFontSize() * 6.f);
    ImGui::PopStyleColor();
  }

  ImGui::BeginChild("entries", ImVec2(0.f, -footer), true);
  if (entries_.empty()) ImGui::TextDisabled("No folders or .gltf/.glb files here.");
  // Rows tall enough to tap, with the name centred vertically.
  const ImVec2 rowSize(0.f, ImGui::GetFrameHeight() * 1.25f);
  ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.f, 0.5f));
  for (int i = 0; i < static_cast<int>(entries_.size()); ++i) {
    const auto& e = entries_[static_cast<std::size_t>(i)];
    const std::string label = (e.directory ? "[folder] " : "") + e.name;
    ImGui::PushID(i);
    if (ImGui::Selectable(label.c_str(), selected_ == i, ImGuiSelectableFlags_AllowDoubleClick,
                          rowSize)) {
      selected_ = i;
      if (e.directory) {
        // One tap opens a folder: double taps are unreliable on a touch screen.
        goTo = dir_ / e.name;
      } else {
        setTyped((dir_ / e.name).string());
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) chosen = typedPath_.string();
      }
    }
    ImGui::PopID();
  }
  ImGui::PopStyleVar();
  ImGui::EndChild();

  // "Open" on a folder goes into it, so a typed folder needs no Enter key.
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::BeginDisabled(typed_.empty());
  if (ImGui::Button("Open", ImVec2(half, touchButtonHeight()))) enter = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(-1.f, touchButtonHeight())) || cancel) keepOpen = false;

  if (enter && !typed_.empty()) {
    if (typedIsDir_) goTo = typedPath_;
    else chosen = typedPath_.string();
  }
  if (goTo) navigate(*goTo);
  if (chosen || !keepOpen) {
    ImGui::CloseCurrentPopup();
    open_ = false;
  }
  ImGui::EndPopup();
  return chosen;
}

}  // namespace spineview::app
