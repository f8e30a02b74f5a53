// Recording walkthroughs and turntables in the window (story/recorder.h): each drawn frame is
// sampled while recording, captions and chapters are added at the moment they were asked
// for, and stopping saves an ordinary story in the user's stories folder, listed at once.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "app/viewer_app.h"
#include "core/file_write.h"
#include "story/story_list.h"
#include "story/story_writer.h"

namespace spineview::app {
namespace {

// "walkthrough-20261207-213000": a story name (lower case, digits, '-') that sorts by time.
std::string timestampedName(const char* prefix) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[64];
  std::strftime(text, sizeof text, "-%Y%m%d-%H%M%S", &local);
  return prefix + std::string(text);
}

// Writes a story made in the window to the user's folder, under a name no other story there
// has (two made in one second get -2, -3); checked by reading it back first, so that what is
// saved is a story the list can open.
Result<std::string> saveUserStory(Story story) {
  const std::string folder = userStoryDir();
  if (folder.empty()) return Error{"there is no folder to save it in: set HOME or XDG_DATA_HOME"};
  const std::string base = story.name;
  std::error_code ec;
  for (int n = 2; std::filesystem::exists(folder + "/" + story.name + ".json", ec); ++n)
    story.name = base + "-" + std::to_string(n);
  const std::string path = folder + "/" + story.name + ".json";
  const std::string text = storyFileText(story);
  if (auto check = parseStory(text, path); !check) return Error{check.error()};
  if (auto error = writeFileAtomically(path, text)) return Error{error->message};
  return path;
}

}  // namespace

LayerTargets Viewer::recordedDefaults() const {
  return layerTargets(anatomy_.defaultLayers(), recordTargets_);
}

RecordedFrame Viewer::recordedFrame() const {
  return {camera_.pose(), layerTargets(settings_.layers, recordTargets_),
          storyCutOf(settings_.inside.cut)};
}

double Viewer::recordingTime() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - recordStart_).count();
}

void Viewer::sampleRecording() {
  if (!recorder_.recording() || !scene_) return;
  const CutSettings& cut = settings_.inside.cut;
  if (cut.mode != CutMode::Off && !storyCutOf(cut)) recordingDroppedCut_ = true;
  recorder_.sample(recordingTime(), recordedFrame());
  ui_.story.record.elapsed = recorder_.lastTime();
  if (recorder_.full()) stopRecording();
}

void Viewer::stopRecording() {
  ui_.story.record.asking = RecordUi::Asking::None;  // a caption being typed goes with it
  const std::string title = ui_.story.record.title[0] ? ui_.story.record.title : "Walkthrough";
  unsavedRecording_ = recorder_.finish(timestampedName("walkthrough"), title, "{level}");
  ui_.story.record.recording = false;
  saveRecording();
}

void Viewer::saveRecording() {
  if (!unsavedRecording_) return;
  auto saved = saveUserStory(*unsavedRecording_);
  ui_.story.record.unsaved = !saved;
  if (!saved) return notify("Could not save the walkthrough", saved.error() +
                                                                  "\nIt is kept: try Save again.");
  const Story& story = *unsavedRecording_;
  std::string message = "\"" + story.title + "\" (" + clockText(story.duration) +
                        ") is in the story list, under Your recordings.\nSaved as " +
                        saved.value() +
                        ": its captions and chapters can be edited like any story's.";
  if (recordingDroppedCut_)
    message += "\nThe Free cut and flipped cuts are not kept in stories; they play without a cut.";
  unsavedRecording_.reset();
  ui_.story.entries = scanAllStories();
  notify("Walkthrough saved", message);
}

void Viewer::openRecorded(const std::string& nameOrPath) {
  // A recording holds every layer it changed as it was on screen; a story's opacity multiplies
  // the viewer's own, so it plays over the model's own layers, uncut, to look as recorded.
  // If it does not open (made on another model), the user's own stay.
  const LayerState layers = settings_.layers;
  const CutSettings cut = settings_.inside.cut;
  settings_.layers = anatomy_.defaultLayers();
  settings_.inside.cut = CutSettings{};
  openStories({nameOrPath});
  if (story_.active()) return;
  settings_.layers = layers;
  settings_.inside.cut = cut;
}

void Viewer::applyRecordActions(const RecordActions& actions) {
  RecordUi& ui = ui_.story.record;
  if (actions.start && !ui.recording) {
    if (!scene_) return notify("Cannot record", "Open a model first.");
    if (story_.active()) return notify("Cannot record", "Close the story first.");
    if (ui.unsaved)
      return notify("Cannot record", "The last walkthrough is not saved yet: Save again or Discard it first.");
    recordTargets_ = layerTargetNames(anatomy_.layers, *scene_);
    recorder_.start(recordedDefaults());
    recordStart_ = std::chrono::steady_clock::now();
    recordingDroppedCut_ = false;
    ui.recording = true;
    ui.elapsed = 0.0;
    sampleRecording();  // the start: what the view shows now
  }
  if (ui.recording && actions.caption)
    recorder_.addCaption(actions.caption->first, actions.caption->second);
  if (ui.recording && actions.chapter)
    recorder_.addChapter(actions.chapter->first, actions.chapter->second);
  if (actions.stop && ui.recording) stopRecording();
  if (actions.saveAgain) saveRecording();
  if (actions.discard) {
    if (ui.recording) recorder_.finish("", "", "");
    ui.recording = ui.unsaved = false;
    ui.asking = RecordUi::Asking::None;
    unsavedRecording_.reset();
  }
  if (actions.turntable && scene_ && !story_.active()) {
    recordTargets_ = layerTargetNames(anatomy_.layers, *scene_);
    Story turn = turntableStory(camera_.pose(), *actions.turntable, recordedFrame().layers,
                                recordedDefaults(), storyCutOf(settings_.inside.cut), "{level}");
    turn.name = timestampedName("turntable");
    auto saved = saveUserStory(turn);
    if (!saved) return notify("Could not make the turntable", saved.error());
    openRecorded(saved.value());
  }
}

}  // namespace spineview::app
