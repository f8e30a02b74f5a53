#include "case/case_rebuild.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "modelgen/model.h"
#include "scene/gltf/import.h"

namespace spineview {

namespace {

using nlohmann::json;

const json& member(const json& j, const char* key) {
  static const json none;
  if (!j.is_object()) return none;
  auto it = j.find(key);
  return it == j.end() ? none : *it;
}

int rootOf(const Scene& s) { return s.roots.size() == 1 ? s.roots.front() : -1; }

// The primitives of one material, in node order, as the generator's meshes (positions only:
// what casts occlusion).
std::vector<spinegen::Mesh> meshesOf(const Scene& scene, const std::string& material, const std::string& node = "") {
  std::vector<spinegen::Mesh> out;
  for (const Node& n : scene.nodes) {
    if (n.mesh < 0 || (!node.empty() && n.name != node)) continue;
    for (const Primitive& p : scene.meshes[size_t(n.mesh)].primitives) {
      if (!isTriangles(p) || p.material < 0 || scene.materials[size_t(p.material)].name != material)
        continue;
      spinegen::Mesh m;
      m.pos = p.positions;
      m.idx = p.indices;
      out.push_back(std::move(m));
    }
  }
  return out;
}

// Appends the subtree at `from`'s node i under `parent`, in preorder, its meshes and materials
// mapped into `out`.
void appendSubtree(Scene& out, const Scene& from, int i, int parent) {
  std::vector<std::pair<int, int>> stack = {{i, parent}};  // (node in `from`, parent in `out`)
  while (!stack.empty()) {
    auto [src, dstParent] = stack.back();
    stack.pop_back();
    const Node& n = from.nodes[size_t(src)];
    Node copy = n;
    copy.parent = dstParent;
    copy.children.clear();
    if (n.mesh >= 0) {
      Mesh mesh = from.meshes[size_t(n.mesh)];
      for (Primitive& p : mesh.primitives) {
        if (p.material < 0) continue;
        const Material& m = from.materials[size_t(p.material)];
        auto it = std::find_if(out.materials.begin(), out.materials.end(),
                               [&](const Material& o) { return o.name == m.name; });
        if (it == out.materials.end()) {
          out.materials.push_back(m);
          it = out.materials.end() - 1;
        }
        p.material = int(it - out.materials.begin());
      }
      copy.mesh = int(out.meshes.size());
      out.meshes.push_back(std::move(mesh));
    }
    const int index = int(out.nodes.size());
    out.nodes.push_back(std::move(copy));
    if (dstParent >= 0) out.nodes[size_t(dstParent)].children.push_back(index);
    else out.roots.push_back(index);
    for (auto c = n.children.rbegin(); c != n.children.rend(); ++c) stack.push_back({*c, index});
  }
}

}  // namespace

std::optional<spinegen::Options> modelOptions(const Scene& scene) {
  const int root = rootOf(scene);
  if (root < 0) return std::nullopt;
  const json extras = json::parse(scene.nodes[size_t(root)].extras, nullptr, false);
  const json& o = member(extras, "options");
  const json &level = member(o, "level"), &tear = member(o, "tear"), &grade = member(o, "grade"),
             &clock = member(o, "clockHours"), &hiz = member(o, "hiz");
  if (!level.is_string() || !tear.is_string() || !grade.is_number_integer() || !clock.is_number() ||
      !hiz.is_boolean())
    return std::nullopt;
  spinegen::Options out;
  out.level = level.get<std::string>();
  auto type = spinegen::parseTear(tear.get<std::string>());
  if (!type) return std::nullopt;
  out.tear = *type;
  out.grade = grade.get<int>();
  out.clockHours = clock.get<float>();
  out.hiz = hiz.get<bool>();
  // A model from before leaks were a choice has the foraminal leak its grade 5 tear had.
  const json &leak = member(o, "leak"), &side = member(o, "leakSide"), &size = member(o, "leakSizeMm"),
             &cells = member(o, "cellScale");
  if (leak.is_string()) {
    auto l = spinegen::parseLeak(leak.get<std::string>());
    if (!l) return std::nullopt;
    out.leak = *l;
  } else if (out.grade < 5) {
    out.leak = spinegen::Leak::None;
  }
  if (side.is_string()) {
    auto s = spinegen::parseSide(side.get<std::string>());
    if (!s) return std::nullopt;
    out.leakSide = *s;
  }
  if (size.is_number()) out.leakSizeMm = size.get<float>();
  if (cells.is_number()) out.cellScale = cells.get<float>();
  if (!spinegen::invalidReason(out).empty()) return std::nullopt;
  return out;
}

Scene spliceParts(const Scene& base, const Scene& parts) {
  Scene out;
  out.sourcePath = base.sourcePath;
  out.materials = base.materials;
  out.textures = base.textures;
  out.warnings = base.warnings;
  const int baseRoot = rootOf(base), partsRoot = rootOf(parts);
  if (baseRoot < 0 || partsRoot < 0) return base;
  std::map<std::string, int> replacement;  // root child name -> node in parts
  for (int c : parts.nodes[size_t(partsRoot)].children) replacement[parts.nodes[size_t(c)].name] = c;

  Node root = base.nodes[size_t(baseRoot)];
  root.extras = parts.nodes[size_t(partsRoot)].extras;
  root.children.clear();
  root.parent = -1;
  if (root.mesh >= 0) {  // the generated root has none; keep any the same way as other nodes
    root.mesh = int(out.meshes.size());
    out.meshes.push_back(base.meshes[size_t(base.nodes[size_t(baseRoot)].mesh)]);
  }
  out.nodes.push_back(std::move(root));
  out.roots.push_back(0);
  std::set<std::string> placed;
  for (int c : base.nodes[size_t(baseRoot)].children) {
    auto it = replacement.find(base.nodes[size_t(c)].name);
    if (it == replacement.end()) {
      appendSubtree(out, base, c, 0);
    } else {
      appendSubtree(out, parts, it->second, 0);
      placed.insert(it->first);
    }
  }
  for (int c : parts.nodes[size_t(partsRoot)].children)
    if (!placed.count(parts.nodes[size_t(c)].name)) appendSubtree(out, parts, c, 0);
  out.updateWorldTransforms();
  return out;
}

Result<Scene> applyCase(const Scene& scene, const spinegen::Options& to) {
  auto from = modelOptions(scene);
  if (!from)
    return Error{"a case applies only to SpineView's generated model, and " + scene.sourcePath +
                 " was not made by spinegen"};
  spinegen::Options target = to;
  target.cellScale = from->cellScale;  // the grid the model was built on
  if (std::string why = spinegen::invalidReason(target); !why.empty()) return Error{"the case: " + why};
  if (from->sameCase(target)) return Scene(scene);
  spinegen::CaseRebuild what = spinegen::rebuildBetween(*from, target);
  what.bones = meshesOf(scene, "bone.cortical");
  for (int d = 0; d < 3; ++d) {
    if (std::find(what.discs.begin(), what.discs.end(), d) != what.discs.end()) continue;
    auto annulus = meshesOf(scene, "annulus", spinegen::discGroupName(d) + ".annulus");
    if (annulus.empty()) return Error{"the model has no " + spinegen::discGroupName(d) + " annulus to keep"};
    what.annuli[size_t(d)] = std::move(annulus.front());
  }
  std::vector<unsigned char> bytes;
  try {
    bytes = spinegen::encodeGlb(spinegen::buildCaseParts(target, what, nullptr), 0.001f);
  } catch (const std::exception& e) {
    return Error{std::string("could not build the case's parts: ") + e.what()};
  }
  auto parts = importGltfFromMemory(std::move(bytes), "the case's parts");
  if (!parts) return Error{parts.error()};
  return spliceParts(scene, parts.value());
}

CaseBuilder::~CaseBuilder() {
  if (running_.valid()) running_.wait();
}

void CaseBuilder::launch(Request request) {
  running_ = std::async(std::launch::async, [request = std::move(request)]() {
    const auto t0 = std::chrono::steady_clock::now();
    Result<Scene> scene = applyCase(*request.scene, request.to);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return Done{std::move(scene), request.to, seconds};
  });
}

void CaseBuilder::start(const Scene& scene, const spinegen::Options& to) {
  Request request{std::make_shared<const Scene>(scene), to};
  if (running_.valid()) next_ = std::move(request);
  else launch(std::move(request));
}

std::optional<CaseBuilder::Done> CaseBuilder::poll() {
  if (!running_.valid() || running_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return std::nullopt;
  Done done = running_.get();
  if (next_) {
    launch(std::move(*next_));
    next_.reset();
    return std::nullopt;  // superseded: the newer request's result is what the caller wants
  }
  return done;
}

}  // namespace spineview
