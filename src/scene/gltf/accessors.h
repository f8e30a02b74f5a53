// Reading glTF accessors safely: every accessor's layout (type, alignment, stride, sparse
// part, each byte it can reach) is checked once before anything is read, since Debian's
// tinygltf checks none of it. Internal to src/scene/gltf.
#pragma once
#include <tiny_gltf.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace spineview::gltf {

// Where an accessor's checked elements lie. data is null for an accessor without a buffer view
// (all zeros, then sparse values).
struct AccessorLayout {
  const unsigned char* data = nullptr;
  size_t stride = 0;
  size_t elementSize = 0;
  int components = 0;  // rows * columns
  size_t count = 0;
  // Sparse part, checked: `sparseCount` indices then values, tightly packed.
  const unsigned char* sparseIndices = nullptr;
  const unsigned char* sparseValues = nullptr;
  size_t sparseCount = 0;
  int sparseIndexType = 0;
  bool dataless = false;  // reads a buffer without data: an error only when it is read
};

// A format an attribute may have: component type and whether integers must be normalized.
struct Format {
  int type;
  int componentType;
  bool normalized;
};

// Groups floats into glm vectors of N components.
template <typename V>
std::vector<V> vectors(const std::vector<float>& values) {
  constexpr int n = V::length();
  std::vector<V> out(values.size() / size_t(n));
  for (size_t i = 0; i < out.size(); ++i)
    for (int c = 0; c < n; ++c) out[i][c] = values[i * size_t(n) + size_t(c)];
  return out;
}

// The accessors of one loaded document. Failures throw Failure (checks.h) with a message that
// names the accessor and what uses it.
class AccessorReader {
 public:
  // `dataless`: buffers without data and their declared lengths (container.h). Both must
  // outlive the reader; every index in the document must have been checked already.
  AccessorReader(const tinygltf::Model& model, const std::map<size_t, std::uint64_t>& dataless);

  // Checks every buffer view's range and every accessor's layout.
  void check();

  // "accessor 3 (NORMAL of mesh 0 primitive 1)": its first use, for messages.
  std::string name(int accessor) const;
  const AccessorLayout& layout(int accessor) const { return layouts_[size_t(accessor)]; }
  bool isDataless(int view) const;
  const unsigned char* viewData(int view) const;  // the view's first byte (range checked)
  bool hasFormat(int accessor, const std::vector<Format>& allowed) const;
  std::string formatOf(int accessor) const;  // "VEC3 of FLOAT"
  // Floats of a non-matrix accessor, count * components of them, sparse values applied.
  std::vector<float> readFloats(int accessor) const;
  std::vector<std::uint32_t> readIndices(int accessor) const;

 private:
  void describeUses();
  void checkBufferViews() const;
  AccessorLayout layoutOf(int index) const;
  void requireData(int accessor) const;
  template <typename Apply>
  void forEachSparse(int index, Apply apply) const;

  const tinygltf::Model& model_;
  const std::map<size_t, std::uint64_t>& dataless_;  // buffers without data: declared byteLength
  std::map<int, std::string> uses_;                  // first use of each accessor, for messages
  std::vector<AccessorLayout> layouts_;
};

}  // namespace spineview::gltf
