#include "scene/gltf/importer.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <string_view>

#include "scene/gltf/checks.h"
#include "scene/gltf/container.h"
#include "scene/gltf/import.h"
#include "scene/gltf/uri_sandbox.h"

namespace spineview::gltf {

namespace fs = std::filesystem;

Scene Importer::run() {
  load();
  checkAsset();
  accessors_.emplace(model_, dataless_);  // names each accessor by its first use
  checkReferences();
  accessors_->check();
  checkDeclaredMemory();
  buildHierarchy();
  convertTextures();
  convertMaterials();
  convertMeshes();
  convertNodes();
  reportIgnored();
  scene_.updateWorldTransforms();
  if (!scene_.drawsAnything()) warn("the file contains nothing that can be shown");
  return std::move(scene_);
}

void Importer::warn(const std::string& message) {
  auto& w = scene_.warnings;
  if (std::find(w.begin(), w.end(), message) == w.end()) w.push_back(message);
}

// --- Loading through tinygltf ---

void Importer::load() {
  scene_.sourcePath = path_;
  std::error_code ec;
  const fs::path file = fs::path(path_);
  std::vector<unsigned char> bytes;
  FolderGuard guard;
  if (memory_) {
    bytes = std::move(*memory_);
    if (bytes.size() > kMaxBytes) fail("the data is larger than the 1 GiB this viewer accepts");
  } else {
    if (!fs::exists(file, ec)) fail("file not found");
    std::string why;
    if (!readWholeFile(file, &bytes, &why)) fail("the file " + why);
    guard.root = fs::weakly_canonical(fs::absolute(file, ec).parent_path(), ec);
    if (ec) fail("cannot resolve the model's folder (" + ec.message() + ")");
  }
  if (bytes.empty()) fail("the file is empty");
  const std::string baseDir = guard.root.string();
  guard.prefix = baseDir.empty() || baseDir.back() != '/' ? baseDir + "/" : baseDir;

  tinygltf::TinyGLTF loader;
  loader.SetFsCallbacks(sandboxedFileAccess(guard));
  loader.SetImageLoader(&keepEncodedImage, &encodedImages_);

  const bool glbMagic = bytes.size() >= 4 && std::memcmp(bytes.data(), "glTF", 4) == 0;
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::string err, warning;
  bool ok;
  if (glbMagic) {
    const GlbChunks chunks = checkGlb(bytes);
    const char* json = reinterpret_cast<const char*>(bytes.data() + chunks.jsonOffset);
    const auto rewritten = prepareJson(json, chunks.jsonLength, true, &dataless_);
    const auto glb = buildGlb(rewritten ? *rewritten : std::string(json, chunks.jsonLength),
                              bytes.data() + chunks.binOffset, chunks.binLength);
    ok = loader.LoadBinaryFromMemory(&model_, &err, &warning, glb.data(),
                                     static_cast<unsigned int>(glb.size()), baseDir);
  } else {
    if (ext == ".glb") fail("not a GLB file (the first 4 bytes are not 'glTF')");
    const char* json = reinterpret_cast<const char*>(bytes.data());
    const auto rewritten = prepareJson(json, bytes.size(), false, &dataless_);
    const std::string_view text =
        rewritten ? std::string_view(*rewritten) : std::string_view(json, bytes.size());
    ok = loader.LoadASCIIFromString(&model_, &err, &warning, text.data(),
                                    static_cast<unsigned int>(text.size()), baseDir);
  }
  if (!ok) {
    if (!guard.refusals.empty()) fail(guard.refusals.front());
    fail(oneLine(err.empty() ? "tinygltf could not parse the file" : err));
  }
  for (const auto& refusal : guard.refusals) warn(refusal + "; the image is not loaded");
  if (!err.empty()) warn(oneLine(err));  // non-fatal complaints, e.g. a missing buffer uri
  if (!warning.empty()) warn(oneLine(warning));
  for (const auto& entry : dataless_)
    if (entry.first < model_.buffers.size()) model_.buffers[entry.first].data.clear();
}

std::string Importer::oneLine(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (auto& c : text)
    if (c == '\n') c = ';';
  return text;
}

void Importer::checkAsset() {
  const auto majorOf = [](const std::string& v) { return v.substr(0, v.find('.')); };
  const auto& asset = model_.asset;
  if (majorOf(asset.version) != "2") fail("asset version '" + asset.version + "' is not glTF 2.x");
  if (!asset.minVersion.empty() && majorOf(asset.minVersion) != "2")
    fail("asset minVersion '" + asset.minVersion + "' is not glTF 2.x");
  for (const auto& ext : model_.extensionsRequired) {
    if (ext.rfind("KHR_materials_", 0) == 0 || ext == "KHR_texture_transform") continue;
    if (ext == "KHR_mesh_quantization") continue;
    if (ext == "KHR_texture_basisu") continue;  // warned below: drawn untextured
    fail("the file requires the extension " + ext + ", which SpineView does not support");
  }
  std::set<std::string> used(model_.extensionsUsed.begin(), model_.extensionsUsed.end());
  for (const auto& ext : used) {
    if (ext == "KHR_lights_punctual") continue;  // lights and cameras are not used anyway
    if (ext == "KHR_materials_unlit" || ext == "KHR_materials_emissive_strength" ||
        ext == "KHR_texture_transform")
      continue;
    if (ext == "KHR_mesh_quantization") {
      quantized_ = true;
      continue;
    }
    if (ext == "KHR_texture_basisu") {
      warn("its textures are KTX2 (KHR_texture_basisu), which SpineView does not decode; the "
           "meshes are drawn without them");
      continue;
    }
    warn("extension " + ext + " is not supported and is ignored");
  }
}

// --- Memory ---

// Refuses a file whose meshes would need more than kMaxFileMemory once decoded, before any of
// them is: every primitive counts (three primitives sharing one accessor decode it three times).
void Importer::checkDeclaredMemory() {
  std::uint64_t vertices = 0, indices = 0, morphVertices = 0;
  for (const auto& mesh : model_.meshes)
    for (const auto& prim : mesh.primitives) {
      const auto pos = prim.attributes.find("POSITION");
      if (pos == prim.attributes.end() || pos->second < 0) continue;
      const std::uint64_t count = accessors_->layout(pos->second).count;
      std::uint64_t triangleCorners = prim.indices >= 0 ? accessors_->layout(prim.indices).count : count;
      if (prim.mode == TINYGLTF_MODE_TRIANGLE_STRIP || prim.mode == TINYGLTF_MODE_TRIANGLE_FAN)
        triangleCorners *= 3;
      indices += triangleCorners;
      // Without normals each corner gets its own vertex (flat shading).
      vertices += prim.attributes.count("NORMAL") ? count : std::max(count, triangleCorners);
      morphVertices += count * prim.targets.size();
    }
  const std::uint64_t bytes =
      vertices * kBytesPerVertex + indices * kBytesPerIndex + morphVertices * kBytesPerMorphVertex;
  if (!spend(bytes))
    fail("its meshes declare " + str(vertices) + " vertices and " + str(indices) +
         " indices, about " + str(bytes >> 20) + " MiB once decoded, more than the " +
         str(kMaxFileMemory >> 20) + " MiB this viewer allows one file");
}

// Adds to the file's estimate; false (and nothing added) when it would pass the limit.
bool Importer::spend(std::uint64_t bytes) {
  if (bytes > kMaxFileMemory || estimatedBytes_ + bytes > kMaxFileMemory) return false;
  estimatedBytes_ += bytes;
  return true;
}

// --- Index checks ---

void Importer::checkReferences() const {
  auto need = [](int index, size_t count, const std::string& what, const char* kind) {
    if (index < 0 || size_t(index) >= count)
      fail(what + " refers to " + kind + " " + std::to_string(index) + ", but the file has " +
           str(count));
  };
  auto optional = [&](int index, size_t count, const std::string& what, const char* kind) {
    if (index != -1) need(index, count, what, kind);
  };
  const auto& m = model_;
  if (m.defaultScene != -1) need(m.defaultScene, m.scenes.size(), "the default scene", "scene");
  for (size_t s = 0; s < m.scenes.size(); ++s)
    for (int n : m.scenes[s].nodes) need(n, m.nodes.size(), "scene " + str(s), "node");
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    const auto& node = m.nodes[i];
    const std::string what = "node " + str(i);
    for (int c : node.children) need(c, m.nodes.size(), what, "child node");
    optional(node.mesh, m.meshes.size(), what, "mesh");
    optional(node.camera, m.cameras.size(), what, "camera");
    optional(node.skin, m.skins.size(), what, "skin");
  }
  for (size_t i = 0; i < m.meshes.size(); ++i)
    for (size_t p = 0; p < m.meshes[i].primitives.size(); ++p) {
      const auto& prim = m.meshes[i].primitives[p];
      const std::string what = "mesh " + str(i) + " primitive " + str(p);
      optional(prim.indices, m.accessors.size(), what + " indices", "accessor");
      optional(prim.material, m.materials.size(), what, "material");
      for (const auto& [name, a] : prim.attributes)
        need(a, m.accessors.size(), what + " " + name, "accessor");
      for (size_t t = 0; t < prim.targets.size(); ++t)
        for (const auto& [name, a] : prim.targets[t])
          need(a, m.accessors.size(), what + " morph target " + str(t) + " " + name, "accessor");
    }
  for (size_t i = 0; i < m.materials.size(); ++i) {
    const auto& mat = m.materials[i];
    const std::string what = "material " + str(i);
    optional(mat.pbrMetallicRoughness.baseColorTexture.index, m.textures.size(), what, "texture");
    optional(mat.pbrMetallicRoughness.metallicRoughnessTexture.index, m.textures.size(), what,
             "texture");
    optional(mat.normalTexture.index, m.textures.size(), what, "texture");
    optional(mat.occlusionTexture.index, m.textures.size(), what, "texture");
    optional(mat.emissiveTexture.index, m.textures.size(), what, "texture");
  }
  for (size_t i = 0; i < m.textures.size(); ++i) {
    optional(m.textures[i].source, m.images.size(), "texture " + str(i), "image");
    optional(m.textures[i].sampler, m.samplers.size(), "texture " + str(i), "sampler");
  }
  for (size_t i = 0; i < m.images.size(); ++i)
    optional(m.images[i].bufferView, m.bufferViews.size(), "image " + str(i), "buffer view");
  for (size_t i = 0; i < m.accessors.size(); ++i) {
    const auto& acc = m.accessors[i];
    optional(acc.bufferView, m.bufferViews.size(), "accessor " + str(i), "buffer view");
    if (acc.sparse.isSparse) {
      need(acc.sparse.indices.bufferView, m.bufferViews.size(),
           "accessor " + str(i) + " sparse indices", "buffer view");
      need(acc.sparse.values.bufferView, m.bufferViews.size(),
           "accessor " + str(i) + " sparse values", "buffer view");
    }
  }
  for (size_t i = 0; i < m.bufferViews.size(); ++i)
    need(m.bufferViews[i].buffer, m.buffers.size(), "buffer view " + str(i), "buffer");
  for (size_t i = 0; i < m.skins.size(); ++i) {
    const auto& skin = m.skins[i];
    optional(skin.inverseBindMatrices, m.accessors.size(), "skin " + str(i), "accessor");
    optional(skin.skeleton, m.nodes.size(), "skin " + str(i) + " skeleton", "node");
    for (int j : skin.joints) need(j, m.nodes.size(), "skin " + str(i) + " joint", "node");
  }
  for (size_t i = 0; i < m.animations.size(); ++i) {
    const auto& anim = m.animations[i];
    const std::string what = "animation " + str(i);
    for (const auto& channel : anim.channels) {
      need(channel.sampler, anim.samplers.size(), what + " channel", "sampler");
      optional(channel.target_node, m.nodes.size(), what + " channel", "node");
    }
    for (const auto& sampler : anim.samplers) {
      need(sampler.input, m.accessors.size(), what + " sampler input", "accessor");
      need(sampler.output, m.accessors.size(), what + " sampler output", "accessor");
    }
  }
}

// --- Byte ranges ---

void Importer::buildHierarchy() {
  const size_t n = model_.nodes.size();
  // A cycle anywhere would make traversals endless: depth-first search over every child
  // link, iteratively so that deep hierarchies cannot overflow the stack.
  std::vector<char> state(n, 0);  // 0 unvisited, 1 on the current path, 2 done
  for (size_t start = 0; start < n; ++start) {
    if (state[start]) continue;
    std::vector<std::pair<size_t, size_t>> stack{{start, 0}};
    state[start] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& children = model_.nodes[node].children;
      if (next == children.size()) {
        state[node] = 2;
        stack.pop_back();
        continue;
      }
      const size_t child = size_t(children[next++]);
      if (state[child] == 1)
        fail("the node hierarchy has a cycle: node " + str(child) +
             " is an ancestor of its parent node " + str(node));
      if (state[child] == 0) {
        state[child] = 1;
        stack.push_back({child, 0});
      }
    }
  }

  scene_.nodes.resize(n);
  parents_.assign(n, -1);
  for (size_t i = 0; i < n; ++i)
    for (int c : model_.nodes[i].children) {
      if (parents_[size_t(c)] == int(i)) continue;  // listed twice
      if (parents_[size_t(c)] != -1) {
        warn("node " + std::to_string(c) + " has several parents (nodes " +
             std::to_string(parents_[size_t(c)]) + " and " + str(i) +
             "); it is shown only under the first");
        continue;
      }
      parents_[size_t(c)] = int(i);
      scene_.nodes[i].children.push_back(c);
    }
  for (size_t i = 0; i < n; ++i) scene_.nodes[i].parent = parents_[i];

  std::vector<int> listed;
  if (!model_.scenes.empty()) {
    const int shown = model_.defaultScene >= 0 ? model_.defaultScene : 0;
    if (model_.scenes.size() > 1)
      warn("the file has " + str(model_.scenes.size()) + " scenes; scene " + std::to_string(shown) +
           " is shown");
    listed = model_.scenes[size_t(shown)].nodes;
  } else {
    for (size_t i = 0; i < n; ++i)
      if (parents_[i] == -1) listed.push_back(int(i));
  }
  std::vector<char> reachable(n, 0);
  auto markSubtree = [&](int root) {
    std::vector<int> stack{root};
    while (!stack.empty()) {
      const int node = stack.back();
      stack.pop_back();
      reachable[size_t(node)] = 1;
      for (int c : scene_.nodes[size_t(node)].children) stack.push_back(c);
    }
  };
  for (int r : listed)
    if (parents_[size_t(r)] == -1 && !reachable[size_t(r)]) {
      scene_.roots.push_back(r);
      markSubtree(r);
    }
  // A scene may list a node that is also some node's child: show it once, under its parent
  // when that parent is shown, otherwise as a root of its own.
  for (int r : listed) {
    const int parent = parents_[size_t(r)];
    if (parent == -1 || reachable[size_t(r)]) continue;
    warn("the scene lists node " + std::to_string(r) + ", a child of node " +
         std::to_string(parent) + "; it is shown as a root");
    auto& siblings = scene_.nodes[size_t(parent)].children;
    siblings.erase(std::remove(siblings.begin(), siblings.end(), r), siblings.end());
    parents_[size_t(r)] = scene_.nodes[size_t(r)].parent = -1;
    scene_.roots.push_back(r);
    markSubtree(r);
  }
  size_t hidden = 0;
  for (size_t i = 0; i < n; ++i)
    if (!reachable[i] && model_.nodes[i].mesh >= 0) ++hidden;
  if (hidden > 0)
    warn(str(hidden) + " node(s) with a mesh are not in the shown scene and are not shown");
  reachable_ = std::move(reachable);
}

}  // namespace spineview::gltf

namespace spineview {

namespace {

Result<Scene> importBehindBoundary(gltf::Importer&& importer, const std::string& path) {
  try {
    return importer.run();
  } catch (const gltf::Failure& f) {
    return Error{path + ": " + f.reason};
  } catch (const std::bad_alloc&) {
    return Error{path + ": not enough memory to load the file"};
  } catch (const std::exception& e) {
    return Error{path + ": " + e.what()};
  } catch (...) {
    return Error{path + ": unexpected failure while loading"};
  }
}

}  // namespace

Result<Scene> importGltf(const std::string& path) {
  return importBehindBoundary(gltf::Importer(path), path);
}

Result<Scene> importGltfFromMemory(std::vector<unsigned char> bytes, const std::string& name) {
  return importBehindBoundary(gltf::Importer(name, std::move(bytes)), name);
}

}  // namespace spineview
