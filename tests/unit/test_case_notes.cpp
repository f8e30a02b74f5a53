// A case's pins and ink in its file (case/case_notes.h), and anchors on a surface
// (scene/surface_anchor.h): exact round trips, every damaged entry refused with its place, and
// an anchor that follows its surface when the mesh is rebuilt, or is lost when it moved away;
// a save killed midway leaves the previous file.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "case/case_file.h"
#include "scene/surface_anchor.h"

using namespace spineview;

namespace {

SurfaceAnchor anchor(const std::string& node, int triangle, glm::vec2 w, glm::vec3 at) {
  return {node, 0, triangle, w, at};
}

Case withNotes() {
  Case c;
  c.label = "case N";
  c.notes.pins = {{anchor("L4.body", 12, {0.25f, 0.5f}, {0.0123f, -0.004f, 0.0301f}), "sore here"},
                  {anchor("disc.L4-L5.annulus", 3, {0.f, 1.f}, {0.f, 0.f, -0.02f}), ""}};
  c.notes.strokes = {{{anchor("L5.lamina.left", 1, {0.1f, 0.1f}, {0.01f, -0.03f, -0.04f}),
                       anchor("L5.lamina.left", 2, {0.3333333f, 0.6666666f}, {0.011f, -0.031f, -0.04f})}}};
  return c;
}

std::string withNotesJson(const std::string& notes) {
  return R"({"format": "spineview-case", "version": 1, "notes": )" + notes + "}";
}

// One triangle in the plane z = 0, at rest, named "part".
Scene oneTriangle(float shift) {
  Scene s;
  Node n;
  n.name = "part";
  n.mesh = 0;
  s.nodes.push_back(n);
  s.roots = {0};
  Mesh m;
  Primitive p;
  p.positions = {{shift, 0.f, 0.f}, {shift + 0.01f, 0.f, 0.f}, {shift, 0.01f, 0.f}};
  p.normals.assign(3, glm::vec3(0.f, 0.f, 1.f));
  p.indices = {0, 1, 2};
  m.primitives.push_back(p);
  s.meshes.push_back(m);
  return s;
}

}  // namespace

TEST_CASE("a case's pins and ink read back exactly", "[case]") {
  const Case c = withNotes();
  const std::string text = caseToJson(c);
  auto read = parseCase(text, "n.json");
  REQUIRE(read);
  CHECK(read.value() == c);
  CHECK(read.value().notes.pins[0].text == "sore here");
  CHECK(caseToJson(read.value()) == text);
  Case other = c;
  other.notes.strokes[0].points[1].weights.x = 0.3f;
  CHECK_FALSE(other == c);
  // A case without notes writes no "notes" member.
  CHECK(caseToJson(Case{}).find("notes") == std::string::npos);
}

TEST_CASE("damaged notes are refused with their place", "[case]") {
  const std::string good = R"({"node": "L4.body", "primitive": 0, "triangle": 1, "weights": [0.2, 0.3], "at": [0, 0, 0]})";
  auto refused = [](const std::string& notes, const std::string& pointer, const std::string& words) {
    auto r = parseCase(withNotesJson(notes), "n.json");
    INFO(notes);
    REQUIRE_FALSE(r);
    INFO(r.error());
    CHECK(r.error().find("n.json: " + pointer) == 0);
    CHECK(r.error().find(words) != std::string::npos);
  };
  refused(R"({"pins": [{"primitive": 0}]})", "/notes/pins/0/node", "missing");
  refused(R"({"pins": [{"node": "L4.body", "primitive": 0, "triangle": 1, "weights": [0.8, 0.3], "at": [0, 0, 0]}]})",
          "/notes/pins/0/weights", "at most 1");
  refused(R"({"pins": [{"node": "L4.body", "primitive": -1, "triangle": 1, "weights": [0, 0], "at": [0, 0, 0]}]})",
          "/notes/pins/0/primitive", "whole number");
  refused(R"({"pins": [{"node": "L4.body", "primitive": 0, "triangle": 1, "weights": [0, 0], "at": [0, 0, 500]}]})",
          "/notes/pins/0/at/2", "must lie in");
  refused("{\"pins\": [" + good.substr(0, good.size() - 1) + R"(, "text": "a\nb"}]})", "/notes/pins/0/text", "control");
  refused("{\"pins\": [" + good.substr(0, good.size() - 1) + R"(, "colour": "red"}]})", "/notes/pins/0/colour", "unknown key");
  refused(R"({"strokes": [{"points": [)" + good + "]}]}", "/notes/strokes/0/points", "2-2000");
  refused(R"({"inks": []})", "/notes/inks", "unknown key");
  std::string many = "{\"pins\": [";
  for (int i = 0; i < 201; ++i) many += (i ? ", " : "") + good;
  refused(many + "]}", "/notes/pins", "0-200");
}

TEST_CASE("an anchor follows its surface when the mesh is rebuilt nearby, and is lost far away", "[case]") {
  const Scene here = oneTriangle(0.f);
  auto a = anchorOnRay(here, 0, {0.002f, 0.002f, 1.f}, {0.f, 0.f, -1.f});
  REQUIRE(a);
  CHECK(a->node == "part");
  CHECK(a->placed.x == Approx(0.002f));
  CHECK(a->placed.z == Approx(0.f).margin(1e-7));
  // From behind the triangle is not hit: its outside faces +z.
  CHECK_FALSE(anchorOnRay(here, 0, {0.002f, 0.002f, -1.f}, {0.f, 0.f, 1.f}));
  CHECK_FALSE(anchorOnRay(here, 0, {0.002f, 0.002f, 1.f}, {0.f, 0.f, -1.f}, nullptr,
                          [](const glm::vec3& p) { return p.y > 0.005f; }));
  auto resolved = resolveAnchor(here, *a);
  REQUIRE(resolved);
  CHECK(glm::distance(resolved->position, a->placed) < 1e-6f);
  // Moved 2 mm: found again on the moved surface, 2 mm from where it was placed.
  auto followed = resolveAnchor(oneTriangle(0.002f), *a);
  REQUIRE(followed);
  CHECK(glm::distance(followed->position, a->placed) == Approx(0.0).margin(1e-6));  // still on the plane: the nearest point is the same
  auto shifted = resolveAnchor(oneTriangle(0.0045f), *a);
  REQUIRE(shifted);
  CHECK(glm::distance(shifted->position, a->placed) == Approx(0.0025).margin(1e-5));
  // Moved 1 cm: gone (hidden), not placed somewhere else.
  CHECK_FALSE(resolveAnchor(oneTriangle(0.01f), *a));
  SurfaceAnchor elsewhere = *a;
  elsewhere.node = "no such node";
  CHECK_FALSE(resolveAnchor(here, elsewhere));
}

TEST_CASE("a save killed midway (kill -9) leaves the previous file whole", "[case]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("spineview-kill-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "case.json";
  // Two cases with many pins each (about 100 KB), so that a save takes long enough to be cut.
  Case a = withNotes(), b = withNotes();
  a.label = "first";
  b.label = "second";
  for (int i = 0; i < 200; ++i) {
    a.notes.pins.push_back({anchor("L4.body", i, {0.1f, 0.2f}, {0.f, 0.001f * float(i), 0.f}), "a note " + std::to_string(i)});
    b.notes.pins.push_back({anchor("L5.body", i, {0.3f, 0.2f}, {0.f, -0.001f * float(i), 0.f}), "other " + std::to_string(i)});
  }
  a.notes.pins.resize(200);
  b.notes.pins.resize(200);
  REQUIRE_FALSE(saveCase(a, file));
  int checked = 0;
  for (int round = 0; round < 12; ++round) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // saves as fast as it can until killed
      for (int k = 0;; ++k) (void)saveCase(k % 2 ? a : b, file);
    }
    usleep(useconds_t(3000 + 2500 * round));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    auto read = loadCase(file);
    INFO("round " << round << ": " << (read ? "" : read.error()));
    REQUIRE(read);
    CHECK((read.value() == a || read.value() == b));
    ++checked;
  }
  CHECK(checked == 12);
  // The killed saves may leave their temporary files beside it, never under the case's name.
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename() != "case.json") CHECK(entry.path().filename().string().rfind(".", 0) == 0);
  fs::remove_all(dir);
}
