// The built spineview executable, run as a user would: exit codes and messages for bad input,
// and (tagged [gl]) real headless renders whose options must change the picture.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "anatomy/anatomy.h"
#include "app/spineview_run.h"
#include "core/image.h"
#include "scene/gltf/import.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using namespace spineview::test;

namespace {

// Environment for a window run with its own cache folder: the window warms up (frame/warm_up.h)
// and records it there rather than in the user's; Mesa's shader cache stays where it was.
std::string ownCacheFolder(const fs::path& folder) {
  fs::remove_all(folder);
  std::string mesa;
  if (const char* dir = std::getenv("MESA_SHADER_CACHE_DIR"); dir && *dir) mesa = dir;
  else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    mesa = std::string(xdg) + "/mesa_shader_cache";
  else if (const char* home = std::getenv("HOME"); home && *home)
    mesa = std::string(home) + "/.cache/mesa_shader_cache";
  return "XDG_CACHE_HOME=" + quote(folder.string()) +
         (mesa.empty() ? "" : " MESA_SHADER_CACHE_DIR=" + quote(mesa)) + " ";
}


// Fraction of pixels that differ by more than a few levels in any channel.
double differingFraction(const spineview::Image& a, const spineview::Image& b) {
  REQUIRE(a.width == b.width);
  REQUIRE(a.height == b.height);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.rgba.size(); i += 4)
    for (int c = 0; c < 3; ++c)
      if (std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])) > 8) {
        ++differ;
        break;
      }
  return static_cast<double>(differ) / (a.width * a.height);
}

spineview::Image renderTo(const std::string& name, const std::string& extra,
                          const std::string& size = "160x100") {
  const fs::path out = outputDir() / "app" / name;
  fs::create_directories(out.parent_path());
  fs::remove(out);
  const Run r = runSpineview(quote(bundledModel().string()) + " --render " + quote(out.string()) +
                          " --size " + size + " " + extra);
  INFO(r.output);
  REQUIRE(r.code == 0);
  auto image = spineview::readPng(out.string());
  REQUIRE(image.ok());
  return std::move(image.value());
}

}  // namespace

TEST_CASE("spineview --help exits 0 and shows the options", "[exe]") {
  const Run r = runSpineview("--help");
  CHECK(r.code == 0);
  CHECK(contains(r.output, "--render"));
  CHECK(contains(r.output, "--size"));
  CHECK(contains(r.output, "--view"));
}

TEST_CASE("spineview --render of a missing file fails with a message naming the file", "[exe]") {
  const fs::path missing = outputDir() / "app" / "no_such_model.glb";
  const Run r = runSpineview(quote(missing.string()) + " --render " +
                          quote((outputDir() / "app" / "missing.png").string()));
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK(contains(r.output, "no_such_model.glb"));
  CHECK_FALSE(fs::exists(outputDir() / "app" / "missing.png"));
}

TEST_CASE("spineview --render of a broken glTF fails with a message", "[exe]") {
  fs::create_directories(outputDir() / "app");
  const fs::path broken = outputDir() / "app" / "broken.glb";
  {
    // A real 12-byte header (magic, version 2, little-endian length) claiming 1 MB, then
    // garbage: written with write(), since << would stop at the first NUL byte.
    const unsigned char header[12] = {'g', 'l', 'T', 'F', 2, 0, 0, 0, 0x40, 0x42, 0x0f, 0x00};
    const char garbage[] = "garbage, not a binary glTF";
    std::ofstream out(broken, std::ios::binary);
    out.write(reinterpret_cast<const char*>(header), sizeof header);
    out.write(garbage, sizeof garbage - 1);
  }
  REQUIRE(fs::file_size(broken) == 12 + 26);
  const fs::path brokenText = outputDir() / "app" / "broken.gltf";
  std::ofstream(brokenText) << "{ \"asset\": { \"version\": \"2.0\" }, \"meshes\": [ {";
  for (const auto& file : {broken, brokenText}) {
    const Run r = runSpineview(quote(file.string()) + " --render " +
                            quote((outputDir() / "app" / "broken.png").string()));
    INFO(r.output);
    CHECK(r.code == 1);
    CHECK(contains(r.output, file.filename().string()));
  }
  // The binary one must be rejected for its header, not for some later symptom.
  const Run r = runSpineview(quote(broken.string()) + " --render " +
                             quote((outputDir() / "app" / "broken.png").string()));
  INFO(r.output);
  CHECK(contains(r.output, "GLB header says 1000000 bytes but the file has 38"));
}

TEST_CASE("spineview --render to a folder that is not there fails naming the path", "[exe]") {
  if (!haveModel("--render to a missing folder")) return;  // the model is checked first
  const Run r = runSpineview("--render /nonexistent/x.png --size 32x32");
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK(contains(r.output, "/nonexistent/x.png"));
  CHECK_FALSE(fs::exists("/nonexistent/x.png"));
}

TEST_CASE("spineview --render with an empty path is refused, not taken as no --render", "[exe]") {
  const Run r = runSpineview("--render ''");
  INFO(r.output);
  CHECK(r.code == 2);
  CHECK(contains(r.output, "--render"));
  CHECK(contains(r.output, "empty"));
}

TEST_CASE("spineview --render with a bad size or view fails before doing any work", "[exe]") {
  for (const char* args : {"--size 0x0", "--size x", "--size 99999x2", "--size -5x3"}) {
    const Run r = runSpineview(std::string("--render /nonexistent/out.png ") + args);
    INFO(args << "\n" << r.output);
    CHECK(r.code == 2);
    CHECK(contains(r.output, "--size"));
  }
  const Run view = runSpineview("--render /nonexistent/out.png --view sideways");
  INFO(view.output);
  CHECK(view.code == 2);
  CHECK(contains(view.output, "valid views"));
}

TEST_CASE("spineview --hide with an unknown layer fails and lists the model's layers", "[exe]") {
  if (!haveModel("--hide unknown layer")) return;
  const auto scene = spineview::importGltf(bundledModel().string());
  REQUIRE(scene.ok());
  const auto layers = spineview::Anatomy::of(scene.value()).layers;
  REQUIRE_FALSE(layers.empty());
  const Run r = runSpineview(quote(bundledModel().string()) + " --render " +
                          quote((outputDir() / "app" / "hide.png").string()) +
                          " --hide no-such-layer");
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK(contains(r.output, "no-such-layer"));
  CHECK(contains(r.output, layers.front().key));
}

TEST_CASE("spineview --render writes a PNG of the requested size showing the model", "[exe][gl]") {
  if (!haveModel("--render PNG")) return;
  const auto image = renderTo("render_default.png", "");
  CHECK(image.width == 160);
  CHECK(image.height == 100);
  // A background gradient alone has few distinct colours; a lit model has many.
  std::set<std::uint32_t> colours;
  for (std::size_t i = 0; i < image.rgba.size(); i += 4)
    colours.insert(image.rgba[i] << 16 | image.rgba[i + 1] << 8 | image.rgba[i + 2]);
  CHECK(colours.size() > 200);
}

TEST_CASE("spineview --view and --hide change the rendered picture", "[exe][gl]") {
  if (!haveModel("--view/--hide")) return;
  const auto scene = spineview::importGltf(bundledModel().string());
  REQUIRE(scene.ok());
  const auto layers = spineview::Anatomy::of(scene.value()).layers;
  REQUIRE_FALSE(layers.empty());

  const auto anterior = renderTo("view_anterior.png", "--view anterior");
  const auto lateral = renderTo("view_lateral.png", "--view lateral");
  CHECK(differingFraction(anterior, lateral) > 0.02);

  // Hiding the first layer (vertebrae come first) must remove visible pixels.
  const auto hidden =
      renderTo("view_anterior_hidden.png", "--view anterior --hide " + quote(layers.front().key));
  CHECK(differingFraction(anterior, hidden) > 0.01);

  // The ligaments start hidden; --show ligament draws the anterior longitudinal ligament over the
  // bodies and discs.
  const auto ligaments = renderTo("view_anterior_ligaments.png", "--view anterior --show ligament");
  CHECK(differingFraction(anterior, ligaments) > 0.01);
}

TEST_CASE("the window app draws no frames and uses little CPU while idle", "[exe][window]") {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) {
    std::printf("SKIPPED idle window test: no DISPLAY (try: xvfb-run -a ctest -L app)\n");
    return;
  }
  // Without the bundled model the window opens with a notice, which must be idle too. With it,
  // idle comes after the warm-up, which draws no window frames and records that it ran.
  const fs::path cache = fs::temp_directory_path() / ("spineview-idle-" + std::to_string(getpid()));
  const Run r = runSpineview(ownCacheFolder(cache), "--bench-idle --bench-idle-seconds 1.5 " +
                                                        quote(bundledModel().string()));
  INFO(r.output);
  REQUIRE(r.code == 0);
  if (fs::exists(bundledModel())) CHECK(fs::exists(cache / "spineview" / "warmed-up"));
  fs::remove_all(cache);
  const auto at = r.output.find("frames drawn");
  REQUIRE(at != std::string::npos);
  const auto comma = r.output.rfind(',', at);
  REQUIRE(comma != std::string::npos);
  CHECK(std::stoi(r.output.substr(comma + 1, at - comma - 1)) == 0);
  const auto percent = r.output.find("% of one core");
  REQUIRE(percent != std::string::npos);
  const auto colon = r.output.rfind(':', percent);
  CHECK(std::stod(r.output.substr(colon + 1, percent - colon - 1)) < 5.0);
}

TEST_CASE("a broken story in the window is a notice and the app keeps running", "[exe][window]") {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) {
    std::printf("SKIPPED broken story window test: no DISPLAY (try: xvfb-run -a ctest -L app)\n");
    return;
  }
  if (!haveModel("the story window test")) return;
  const fs::path broken =
      fs::path(SPINEVIEW_SOURCE_DIR) / "tests/data/stories/opacity_out_of_range.json";
  const fs::path cache = fs::temp_directory_path() / ("spineview-story-" + std::to_string(getpid()));
  const Run r = runSpineview(ownCacheFolder(cache), "--story " + quote(broken.string()) +
                                                        " --bench-idle --bench-idle-seconds 0.5 " +
                                                        quote(bundledModel().string()));
  fs::remove_all(cache);
  INFO(r.output);
  CHECK(r.code == 0);  // ran, idled and closed normally
  CHECK(r.output.find("Could not open the story") != std::string::npos);
  CHECK(r.output.find("/tracks/0/keys/1/value: opacity must lie in [0, 1]") != std::string::npos);
  CHECK(r.output.find("frames drawn") != std::string::npos);
}

TEST_CASE("spineview --pick prints the node under each pixel, and none off the model", "[exe][gl]") {
  if (!haveModel("--pick")) return;
  // From above with an axial cut: the middle of the image is the treated disc's nucleus,
  // seen on its cut face; the corner is background. Stdout holds only the names.
  const std::string cmd = quote(SPINEVIEW_EXE) + " --pick 640,330 --pick 0,0 --cut axial";
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buf[1024];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  CHECK(pclose(pipe) == 0);
  CHECK(out == "disc.L4-L5.nucleus\nnone\n");
}

TEST_CASE("spineview --labels and --preset change the rendered picture", "[exe][gl]") {
  if (!haveModel("--labels")) return;
  const auto plain = renderTo("inside_plain.png", "--view anterior", "640x400");
  const auto xray = renderTo("inside_xray.png", "--view anterior --preset xray", "640x400");
  const auto labelled = renderTo("inside_labels.png", "--view anterior --labels", "640x400");
  CHECK(differingFraction(plain, xray) > 0.02);
  CHECK(differingFraction(plain, labelled) > 0.01);
}

TEST_CASE("spineview --story with a broken story file exits non-zero with the app's message",
          "[exe]") {
  const fs::path broken =
      fs::path(SPINEVIEW_SOURCE_DIR) / "tests/data/stories/opacity_out_of_range.json";
  const fs::path out = outputDir() / "app" / "broken_story.png";
  const Run r = runSpineview("--story " + quote(broken.string()) + " --at 2 --render " +
                             quote(out.string()));
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK(contains(r.output, "opacity_out_of_range.json: /tracks/0/keys/1/value: opacity must lie in [0, 1]"));
  CHECK_FALSE(fs::exists(out));
  const Run late = runSpineview("--story fibrin --at 5000 --dump-state");
  CHECK(late.code != 0);
}

TEST_CASE("spineview --story --at --dump-state prints the evaluated state as JSON", "[exe]") {
  const Run r = runSpineview("--story fusion --at 80 --dump-state");
  INFO(r.output);
  REQUIRE(r.code == 0);
  const auto state = nlohmann::json::parse(r.output);
  CHECK(state.at("story") == "fusion");
  CHECK(state.at("segmentAngles").at("L4-L5").at("flexion").get<double>() == 0.0);
  CHECK(state.at("segmentAngles").at("L3-L4").at("flexion").get<double>() > 5.0);
  CHECK_FALSE(state.at("caption").get<std::string>().empty());
  bool screws = false;
  for (const auto& part : state.at("visibleParts")) screws = screws || part.at("name") == "hardware.screw.L4.left";
  CHECK(screws);
}

TEST_CASE("spineview --render --timings prints each phase and leaves only the PNG", "[exe][gl]") {
  if (!haveModel("--render --timings")) return;
  const fs::path folder = outputDir() / "app" / "timings";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const fs::path out = folder / "timed.png";
  const Run r = runSpineview(quote(bundledModel().string()) + " --render " + quote(out.string()) +
                             " --size 96x64 --timings");
  INFO(r.output);
  REQUIRE(r.code == 0);
  for (const char* phase : {"timings (ms):", "GL context", "shaders", "upload",
                            "frame and read back", "PNG", "import and compose"})
    CHECK(contains(r.output, phase));
  CHECK(spineview::readPng(out.string()).ok());
  // Written through a temporary beside it, renamed over: nothing else is left in the folder.
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);

  const Run alone = runSpineview("--timings");
  CHECK(alone.code == 2);
  CHECK(contains(alone.output, "--render"));
}
