#include "app/headless_render.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/app_settings.h"
#include "app/label_overlay.h"
#include "frame/framing.h"
#include "frame/story_dump.h"
#include "platform/headless_context.h"
#include "scene/gltf/import.h"
#include "story/story_list.h"

namespace spineview::app {

SnapshotRequest snapshotRequest(const CliOptions& options) {
  SnapshotRequest request;
  request.width = options.size.width;
  request.height = options.size.height;
  // Without --view a cut picks the view that looks at it.
  request.view = options.view.empty() && !options.cut ? kDefaultViewName : options.view;
  request.hide = options.hide;
  request.preset = options.preset;
  request.cut = options.cut;
  return request;
}

Result<std::optional<NamedView>> resolveView(const std::string& name) {
  if (name.empty()) return std::optional<NamedView>(findNamedView(kDefaultViewName));
  if (auto v = findNamedView(name)) return std::optional<NamedView>(*v);
  return Error{"--view: unknown view '" + name + "'; valid views: " + namedViewList()};
}

Result<std::vector<HeadlessPicture>> headlessPictures(const CliOptions& options, const Scene& scene,
                                                      const Anatomy& anatomy, int width,
                                                      int height) {
  SnapshotRequest request = snapshotRequest(options);
  request.width = width;
  request.height = height;
  auto inputs = snapshotInputs(scene, anatomy, request);
  if (!inputs) return Error{inputs.error()};
  std::vector<std::string> names;
  if (options.compare) names.assign(kComparedStories.begin(), kComparedStories.end());
  else if (!options.story.empty()) names.push_back(options.story);
  if (names.empty())
    return std::vector<HeadlessPicture>{{{}, {}, composeFrame(scene, anatomy, inputs.value())}};

  std::vector<HeadlessPicture> pictures;
  const float aspect = float(width) / float(std::max(height, 1));
  for (const std::string& name : names) {
    auto story = loadStoryFor(name, scene, anatomy.parts);
    if (!story) return Error{"cannot load the story: " + story.error()};
    if (options.at > story.value().duration)
      return Error{"--at " + std::to_string(options.at) + " s is past the end of the story (" +
                   std::to_string(story.value().duration) + " s)"};
    HeadlessPicture picture{std::move(story.value()), {}, {}};
    picture.state = evaluateStory(*picture.story, options.at);
    ViewInputs in = inputs.value();
    in.story = picture.state;
    // The story's camera unless --view asks for another; side by side there is one camera,
    // the left story's, as in the window's split view.
    if (options.view.empty()) {
      const StoryState& lead = pictures.empty() ? picture.state : pictures.front().state;
      if (auto camera = storyCamera(lead, scene, anatomy, aspect)) in.camera = *camera;
    }
    picture.frame = composeFrame(scene, anatomy, in);
    pictures.push_back(std::move(picture));
  }
  return pictures;
}

namespace {

// Two images side by side with a dark divider between them.
Image sideBySide(const Image& left, const Image& right) {
  Image out;
  out.width = left.width + right.width;
  out.height = std::max(left.height, right.height);
  out.rgba.assign(size_t(out.width) * out.height * 4, 0);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const Image& from = x < left.width ? left : right;
      const int fx = x < left.width ? x : x - left.width;
      if (y >= from.height) continue;
      const auto* p = from.pixel(fx, y);
      auto* q = &out.rgba[(size_t(y) * out.width + x) * 4];
      const bool divider = x == left.width - 1 || x == left.width;
      for (int c = 0; c < 4; ++c) q[c] = divider ? (c == 3 ? 255 : 20) : p[c];
    }
  return out;
}

}  // namespace

Status runRender(const CliOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();

  auto scene = importGltf(options.file);
  if (!scene) return Error{scene.error()};
  const Anatomy anatomy = Anatomy::of(scene.value());
  const SnapshotRequest request = snapshotRequest(options);
  const int pictureWidth = options.compare ? std::max(request.width / 2, 1) : request.width;
  // Composing needs no GL: a bad view, layer or story is reported even without it.
  auto pictures = headlessPictures(options, scene.value(), anatomy, pictureWidth, request.height);
  if (!pictures) return Error{pictures.error()};
  // A folder that is not there fails now, not after the render.
  std::error_code ec;
  const auto folder = std::filesystem::absolute(options.renderOut, ec).parent_path();
  if (!options.renderOut.empty() && !std::filesystem::is_directory(folder, ec))
    return Error{"cannot write " + options.renderOut + ": the folder " + folder.string() +
                 " does not exist"};

  const HeadlessPicture& first = pictures.value().front();
  if (options.dumpState && first.story)
    std::printf("%s\n",
                dumpStoryState(*first.story, first.state, first.frame, scene.value()).c_str());
  if (options.dumpState && options.renderOut.empty() && options.picks.empty())
    return std::nullopt;

  auto context = HeadlessContext::create();
  if (!context) return Error{"cannot render: " + context.error()};
  auto renderer =
      Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
  if (!renderer) return Error{renderer.error()};
  if (auto error = renderer.value()->setScene(scene.value(), anatomy.drawHints(scene.value())))
    return error;

  // Picks first: the picked node is outlined in the image, as the viewer outlines it.
  std::vector<int> picked;
  if (!options.picks.empty()) {
    const NodeIdImage ids =
        renderer.value()->renderNodeIds(first.frame, request.width, request.height);
    if (ids.ids.empty()) return Error{"cannot allocate the picking buffer"};
    for (const Pixel& p : options.picks) {
      const int node = ids.nodeAt(p.x, p.y);
      picked.push_back(node);
      std::printf("%s\n", node >= 0 ? scene.value().nodes[size_t(node)].name.c_str() : "none");
    }
  }
  if (options.renderOut.empty()) return std::nullopt;

  std::vector<Image> images;
  for (const HeadlessPicture& picture : pictures.value()) {
    RenderTarget target(RenderTarget::Kind::Offscreen, pictureWidth, request.height,
                        request.settings.msaaSamples);
    if (!target.complete())
      return Error{"cannot allocate a " + std::to_string(pictureWidth) + "x" +
                   std::to_string(request.height) + " render target"};
    renderer.value()->render(picture.frame, target);
    target.bindFinished();
    if (&picture == &first && !options.compare)
      for (int node : picked) renderer.value()->drawOutline(node, kOutlineColor, kOutlineWidth);
    if (options.labels)
      if (auto drawn = drawLabelsOnTarget(target, scene.value(), anatomy, picture.frame); !drawn)
        return Error{"cannot draw the labels: " + drawn.error()};
    images.push_back(target.readPixels());
  }
  const Image image = images.size() > 1 ? sideBySide(images[0], images[1]) : images[0];
  if (auto err = writePng(image, options.renderOut)) return err;

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (options.compare) {
    std::printf("%s %dx%d (%s | %s at %.1f s) %.2f s\n", options.renderOut.c_str(), image.width,
                image.height, kComparedStories[0], kComparedStories[1], options.at, seconds);
    return std::nullopt;
  }
  // With --pick, stdout holds only the picked names, for scripts.
  std::fprintf(options.picks.empty() ? stdout : stderr, "%s %dx%d %.2f s\n",
               options.renderOut.c_str(), options.size.width, options.size.height, seconds);
  return std::nullopt;
}

}  // namespace spineview::app
