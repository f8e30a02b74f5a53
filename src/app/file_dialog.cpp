// The Open model dialog: a modal ImGui popup over a filtered directory listing.
#include "app/file_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

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

void FileDialog::open(const fs::path& start) {
  std::error_code ec;
  fs::path dir = start.empty() ? fs::current_path(ec) : start;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  if (dir.empty() || !fs::is_directory(dir, ec)) dir = homeDir();
  navigate(dir);
  requestOpen_ = true;
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
  typed_ = dir_.string();
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

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.7f, vp->WorkSize.y * 0.75f),
                           ImGuiCond_Appearing);
  std::optional<std::string> chosen;
  bool keepOpen = true;
  if (!ImGui::BeginPopupModal(kPopupName, &keepOpen)) {
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
  if (ImGui::InputText("##path", &typed_,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
    std::error_code ec;
    if (fs::is_directory(typed_, ec)) goTo = fs::path(typed_);
    else chosen = typed_;
  }
  if (!error_.empty()) ImGui::TextColored(ImVec4(1.f, 0.55f, 0.45f, 1.f), "%s", error_.c_str());

  const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("entries", ImVec2(0.f, -footer), true);
  if (entries_.empty()) ImGui::TextDisabled("No folders or .gltf/.glb files here.");
  for (int i = 0; i < static_cast<int>(entries_.size()); ++i) {
    const auto& e = entries_[static_cast<std::size_t>(i)];
    const std::string label = (e.directory ? "[folder] " : "") + e.name;
    ImGui::PushID(i);
    if (ImGui::Selectable(label.c_str(), selected_ == i, ImGuiSelectableFlags_AllowDoubleClick)) {
      selected_ = i;
      if (e.directory) {
        // One tap opens a folder: double taps are unreliable on a touch screen.
        goTo = dir_ / e.name;
      } else {
        typed_ = (dir_ / e.name).string();
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) chosen = typed_;
      }
    }
    ImGui::PopID();
  }
  ImGui::EndChild();

  std::error_code ec;
  const bool canOpen = !typed_.empty() && !fs::is_directory(typed_, ec);
  ImGui::BeginDisabled(!canOpen);
  if (ImGui::Button("Open")) chosen = typed_;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || cancel) keepOpen = false;

  if (goTo) navigate(*goTo);
  if (chosen || !keepOpen) {
    ImGui::CloseCurrentPopup();
    open_ = false;
  }
  ImGui::EndPopup();
  return chosen;
}

}  // namespace spineview::app
