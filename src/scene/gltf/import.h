// glTF 2.0 import (.gltf with external or embedded buffers, .glb) into a Scene.
// Every index, accessor and buffer-view range is checked here before it is read, because the
// tinygltf in Debian does not check them; external URIs may not leave the model's folder.
// Never throws and never aborts on bad input: a file that cannot be shown gives an Error whose
// message names the file and the reason.
#pragma once
#include <string>
#include <vector>

#include "core/result.h"
#include "scene/scene.h"

namespace spineview {

Result<Scene> importGltf(const std::string& path);

// The same from bytes already in memory (.gltf text or .glb), named `name` in messages; a URI
// naming another file is refused, since there is no folder to read it from.
Result<Scene> importGltfFromMemory(std::vector<unsigned char> bytes, const std::string& name);

}  // namespace spineview
