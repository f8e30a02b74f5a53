// What tinygltf is given: a checked and rebuilt GLB container, and JSON rewritten where
// tinygltf would refuse a valid file. Internal to src/scene/gltf.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spineview::gltf {

// The JSON and BIN chunks of a checked GLB container (offsets into the file).
struct GlbChunks {
  size_t jsonOffset = 0, jsonLength = 0;
  size_t binOffset = 0, binLength = 0;
};

// Checks the GLB container. It is later rebuilt as header + JSON chunk (+ BIN chunk), because
// tinygltf reads the BIN chunk header without checking that it lies inside the file, and
// expects BIN directly after JSON with no other chunks.
GlbChunks checkGlb(const std::vector<unsigned char>& file);
std::vector<unsigned char> buildGlb(const std::string& json, const unsigned char* bin,
                                    size_t binLength);

// tinygltf fails on two kinds of valid buffers: one without data (no uri, and not the GLB's BIN
// chunk; its data would come from an extension) and a data URI that is not base64 or has a media
// type it does not know. The JSON is rewritten so that tinygltf accepts them: data URIs are
// re-encoded, and a buffer without data gets a 1-byte stand-in that is emptied after loading
// (its index and declared length go to `dataless`): its ranges are checked against the declared
// length, and only reading it fails.
// Also, JSON does not distinguish 1 from 1.0, but tinygltf takes integer properties only when
// written without a fraction: integral numbers are rewritten as integers.
// Returns nothing when the text can be passed on unchanged.
std::optional<std::string> prepareJson(const char* text, size_t size, bool glb,
                                       std::map<size_t, std::uint64_t>* dataless);

}  // namespace spineview::gltf
