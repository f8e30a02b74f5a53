#include "app/export_dialog.h"

#include <imgui.h>
#include <signal.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "app/ui_widgets.h"

namespace spineview::app {

namespace fs = std::filesystem;

std::string exportOutput(const ExportChoices& c) {
  const char* ext = kExportFormats[c.format].extension;
  return (fs::path(c.folder) / c.name).string() + (*ext ? ext : "/");
}

std::vector<std::string> storyArguments(const StoryPlayer& player) {
  if (player.split()) return {"--compare"};
  return {"--story", player.lead().file};
}

std::vector<std::string> exportArguments(const ExportChoices& c, const std::string& modelFile,
                                         const std::vector<std::string>& story) {
  std::vector<std::string> a = {modelFile, "--export", exportOutput(c)};
  a.insert(a.end(), story.begin(), story.end());
  const ExportSizeChoice& size = kExportSizes[c.size];
  a.insert(a.end(), {"--size", std::to_string(size.width) + "x" + std::to_string(size.height), "--fps",
                     std::to_string(kExportRates[c.fps]), "--quality", c.still ? "still" : "motion",
                     "--captions", kExportCaptions[c.captions], "--progress-lines"});
  return a;
}

namespace {

// Where videos go by default: ~/Videos when there is one, else the home folder.
std::string defaultFolder() {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return fs::current_path().string();
  std::error_code ec;
  const fs::path videos = fs::path(home) / "Videos";
  return fs::is_directory(videos, ec) ? videos.string() : std::string(home);
}

void copyInto(char* buffer, size_t size, const std::string& text) {
  std::snprintf(buffer, size, "%s", text.c_str());
}

// A row of buttons, one lit: large targets for a finger, unlike a combo box.
template <typename Label>
void choiceRow(const char* title, int& choice, int count, Label label) {
  ImGui::TextDisabled("%s", title);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float width = (ImGui::GetContentRegionAvail().x - spacing * float(count - 1)) / float(count);
  ImGui::PushID(&choice);  // the title may change (the size shows its pixels)
  for (int i = 0; i < count; ++i) {
    if (i > 0) ImGui::SameLine();
    if (stateButton(label(i), choice == i, width, touchButtonHeight())) choice = i;
  }
  ImGui::PopID();
}

}  // namespace

void ExportDialog::open(const StoryPlayer& player, const std::string& modelFile) {
  if (!player.active()) return;
  modelFile_ = modelFile;
  story_ = storyArguments(player);
  if (!*folder_) copyInto(folder_, sizeof folder_, defaultFolder());
  copyInto(name_, sizeof name_, player.split() ? "fibrin-and-fusion" : player.lead().name);
  error_.clear();
  open_ = requestOpen_ = true;
}

Status ExportDialog::start() {
  choices_.folder = folder_;
  choices_.name = name_;
  if (choices_.name.empty() || choices_.name.find('/') != std::string::npos)
    return Error{"Give the video a name (without '/')."};
  std::error_code ec;
  const auto self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return Error{"Cannot find the spineview program to run the export: " + ec.message()};
  auto job = ChildProcess::start(self.string(), exportArguments(choices_, modelFile_, story_), /*pipeInput=*/false);
  if (!job) return Error{job.error()};
  job_ = std::move(job.value());
  progress_ = {};
  cancelled_ = false;
  return std::nullopt;
}

std::optional<std::string> ExportDialog::follow() {
  const std::string messages = job_->messages();
  const size_t from = messages.rfind("frame ");
  if (from != std::string::npos)
    if (auto p = parseProgressLine(messages.substr(from))) progress_ = *p;
  auto ended = job_->poll();
  if (!ended) return std::nullopt;
  const Status status = *ended;
  job_.reset();
  const std::string out = exportOutput(choices_);
  if (!status) {
    open_ = false;
    return "The video was written to " + out + ".";
  }
  if (cancelled_ || status->exitCode == kExportCancelledExitCode) {
    error_ = "Cancelled; nothing was written.";
    return std::nullopt;
  }
  // The child's own message is its last "spineview: error:" line.
  const std::string tail = status->message;
  const size_t at = tail.rfind("error: ");
  error_ = at == std::string::npos ? tail : tail.substr(at + 7);
  return std::nullopt;  // shown in the dialog, which stays open to change the choices
}

std::optional<std::string> ExportDialog::draw(bool dismiss) {
  std::optional<std::string> ended;
  if (job_) ended = follow();
  if (requestOpen_) {
    ImGui::OpenPopup("Export video");
    requestOpen_ = false;
  }
  if (!open_) return ended;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30.f, 0.f));
  if (!ImGui::BeginPopupModal("Export video", nullptr, ImGuiWindowFlags_NoResize)) return ended;
  const float h = touchButtonHeight();
  if (job_) {
    const float share = progress_.total > 0 ? float(progress_.done) / float(progress_.total) : 0.f;
    const std::string bar = std::to_string(progress_.done) + " / " + std::to_string(progress_.total) + " frames";
    ImGui::ProgressBar(share, ImVec2(-1.f, h), bar.c_str());
    ImGui::Text("%.1f frames per second, about %.0f s left", progress_.fps, progress_.secondsLeft);
    ImGui::TextDisabled("%s", exportOutput(choices_).c_str());
    if (ImGui::Button(cancelled_ ? "Cancelling..." : "Cancel", ImVec2(-1.f, h)) && !cancelled_) {
      cancelled_ = true;
      job_->signal(SIGINT);  // the export stops cleanly and removes what it wrote
    }
  } else {
    choiceRow("Format", choices_.format, 4, [](int i) { return kExportFormats[i].label; });
    const ExportSizeChoice& size = kExportSizes[choices_.size];
    const std::string sizeTitle = "Size (" + std::to_string(size.width) + "x" + std::to_string(size.height) + ")";
    choiceRow(sizeTitle.c_str(), choices_.size, 3, [](int i) { return kExportSizes[i].label; });
    const char* rates[] = {"24 fps", "25 fps", "30 fps", "60 fps"};
    choiceRow("Frame rate", choices_.fps, 4, [&](int i) { return rates[i]; });
    int quality = choices_.still ? 1 : 0;
    choiceRow("Quality", quality, 2, [](int i) { return i == 0 ? "Motion (fast)" : "Still (4x MSAA, full detail)"; });
    choices_.still = quality == 1;
    const char* captions[] = {"Both", "Burnt in", "WebVTT", "None"};
    choiceRow("Captions (burnt into the frames, a WebVTT file beside the video)", choices_.captions, 4,
              [&](int i) { return captions[i]; });
    ImGui::TextDisabled("Save in");
    ImGui::SetNextItemWidth(-1.f);
    ImGui::InputText("##export folder", folder_, sizeof folder_);
    ImGui::TextDisabled("Name");
    ImGui::SetNextItemWidth(-1.f);
    ImGui::InputText("##export name", name_, sizeof name_);
    choices_.folder = folder_;
    choices_.name = name_;
    std::error_code ec;
    const std::string out = exportOutput(choices_);
    ImGui::TextWrapped("%s%s", out.c_str(), fs::exists(out, ec) ? " (replaces the file there)" : "");
    ImGui::TextDisabled("The story's own camera, layers and captions, from start to end.");
    if (!error_.empty()) ImGui::TextColored(ImVec4(1.f, 0.55f, 0.45f, 1.f), "%s", error_.c_str());
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.f;
    if (ImGui::Button("Export", ImVec2(half, h)))
      if (auto error = start()) error_ = error->message;
    ImGui::SameLine();
    if (ImGui::Button("Close", ImVec2(half, h)) || dismiss) {
      open_ = false;
      ImGui::CloseCurrentPopup();
    }
  }
  if (!open_) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return ended;
}

}  // namespace spineview::app
