#include "scene/gltf/accessors.h"

#include <algorithm>
#include <cstring>

#include "scene/gltf/checks.h"

namespace spineview::gltf {
namespace {

size_t componentSize(int componentType) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_BYTE:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return 1;
    case TINYGLTF_COMPONENT_TYPE_SHORT:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
      return 2;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
    case TINYGLTF_COMPONENT_TYPE_FLOAT:
      return 4;
    default:
      return 0;  // INT and DOUBLE are not glTF 2.0 component types
  }
}

// Rows and columns of an accessor type; 0 rows for an unknown type.
std::pair<int, int> typeShape(int type) {
  switch (type) {
    case TINYGLTF_TYPE_SCALAR:
      return {1, 1};
    case TINYGLTF_TYPE_VEC2:
      return {2, 1};
    case TINYGLTF_TYPE_VEC3:
      return {3, 1};
    case TINYGLTF_TYPE_VEC4:
      return {4, 1};
    case TINYGLTF_TYPE_MAT2:
      return {2, 2};
    case TINYGLTF_TYPE_MAT3:
      return {3, 3};
    case TINYGLTF_TYPE_MAT4:
      return {4, 4};
    default:
      return {0, 0};
  }
}

const char* typeName(int type) {
  switch (type) {
    case TINYGLTF_TYPE_SCALAR:
      return "SCALAR";
    case TINYGLTF_TYPE_VEC2:
      return "VEC2";
    case TINYGLTF_TYPE_VEC3:
      return "VEC3";
    case TINYGLTF_TYPE_VEC4:
      return "VEC4";
    case TINYGLTF_TYPE_MAT2:
      return "MAT2";
    case TINYGLTF_TYPE_MAT3:
      return "MAT3";
    case TINYGLTF_TYPE_MAT4:
      return "MAT4";
    default:
      return "unknown type";
  }
}

const char* componentName(int componentType) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_BYTE:
      return "BYTE";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return "UNSIGNED_BYTE";
    case TINYGLTF_COMPONENT_TYPE_SHORT:
      return "SHORT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
      return "UNSIGNED_SHORT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
      return "UNSIGNED_INT";
    case TINYGLTF_COMPONENT_TYPE_FLOAT:
      return "FLOAT";
    default:
      return "an invalid component type";
  }
}

float readComponent(const unsigned char* p, int componentType, bool normalized) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_FLOAT: {
      float f;
      std::memcpy(&f, p, 4);
      return f;
    }
    case TINYGLTF_COMPONENT_TYPE_BYTE: {
      const auto v = static_cast<std::int8_t>(*p);
      return normalized ? std::max(v / 127.f, -1.f) : float(v);
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return normalized ? *p / 255.f : float(*p);
    case TINYGLTF_COMPONENT_TYPE_SHORT: {
      std::int16_t v;
      std::memcpy(&v, p, 2);
      return normalized ? std::max(v / 32767.f, -1.f) : float(v);
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
      std::uint16_t v;
      std::memcpy(&v, p, 2);
      return normalized ? v / 65535.f : float(v);
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: {
      std::uint32_t v;
      std::memcpy(&v, p, 4);
      return normalized ? float(double(v) / 4294967295.0) : float(v);
    }
    default:
      return 0.f;
  }
}

std::uint32_t readIndex(const unsigned char* p, int componentType) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return *p;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
      std::uint16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    default: {
      std::uint32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
  }
}

}  // namespace

AccessorReader::AccessorReader(const tinygltf::Model& model,
                               const std::map<size_t, std::uint64_t>& dataless)
    : model_(model), dataless_(dataless) {
  describeUses();
}

void AccessorReader::check() {
  checkBufferViews();
  for (size_t i = 0; i < model_.accessors.size(); ++i) layouts_.push_back(layoutOf(int(i)));
}

void AccessorReader::describeUses() {
  auto note = [&](int accessor, std::string use) { uses_.emplace(accessor, std::move(use)); };
  for (size_t m = 0; m < model_.meshes.size(); ++m) {
    const auto& prims = model_.meshes[m].primitives;
    for (size_t p = 0; p < prims.size(); ++p) {
      const std::string where = " of mesh " + str(m) + " primitive " + str(p);
      if (prims[p].indices >= 0) note(prims[p].indices, "indices" + where);
      for (const auto& [name, a] : prims[p].attributes) note(a, name + where);
      for (size_t t = 0; t < prims[p].targets.size(); ++t)
        for (const auto& [name, a] : prims[p].targets[t])
          note(a, name + " of morph target " + str(t) + where);
    }
  }
  for (size_t s = 0; s < model_.skins.size(); ++s)
    note(model_.skins[s].inverseBindMatrices, "inverse bind matrices of skin " + str(s));
  for (size_t a = 0; a < model_.animations.size(); ++a)
    for (size_t s = 0; s < model_.animations[a].samplers.size(); ++s) {
      const auto& sampler = model_.animations[a].samplers[s];
      const std::string where = " of animation " + str(a) + " sampler " + str(s);
      note(sampler.input, "input" + where);
      note(sampler.output, "output" + where);
    }
}

std::string AccessorReader::name(int a) const {
  const auto use = uses_.find(a);
  return "accessor " + str(size_t(a)) + (use == uses_.end() ? "" : " (" + use->second + ")");
}

void AccessorReader::checkBufferViews() const {
  for (size_t i = 0; i < model_.bufferViews.size(); ++i) {
    const auto& view = model_.bufferViews[i];
    const auto dataless = dataless_.find(size_t(view.buffer));
    const std::uint64_t bufferSize = dataless != dataless_.end()
                                         ? dataless->second
                                         : model_.buffers[size_t(view.buffer)].data.size();
    std::uint64_t end;
    if (__builtin_add_overflow(std::uint64_t(view.byteOffset), std::uint64_t(view.byteLength),
                               &end) ||
        end > bufferSize)
      fail("buffer view " + str(i) + " covers bytes " + str(view.byteOffset) + ".." +
           str(std::uint64_t(view.byteOffset) + view.byteLength) + " but buffer " +
           str(size_t(view.buffer)) + " has " + str(bufferSize) + " bytes");
  }
}

bool AccessorReader::isDataless(int view) const {
  return dataless_.count(size_t(model_.bufferViews[size_t(view)].buffer)) > 0;
}

void AccessorReader::requireData(int accessor) const {
  if (layouts_[size_t(accessor)].dataless)
    fail(name(accessor) + " reads a buffer that has no data (no uri)");
}

const unsigned char* AccessorReader::viewData(int view) const {
  const auto& v = model_.bufferViews[size_t(view)];
  return model_.buffers[size_t(v.buffer)].data.data() + v.byteOffset;
}

// Checks one accessor completely (formats, alignment, every byte it can read) and returns
// where its elements are.
AccessorLayout AccessorReader::layoutOf(int index) const {
  const auto& acc = model_.accessors[size_t(index)];
  const std::string what = name(index);
  const size_t compSize = componentSize(acc.componentType);
  if (compSize == 0)
    fail(what + " has component type " + std::to_string(acc.componentType) +
         ", which glTF 2.0 does not allow");
  const auto [rows, columns] = typeShape(acc.type);
  if (rows == 0) fail(what + " has an unknown type");
  AccessorLayout layout;
  layout.components = rows * columns;
  layout.count = acc.count;
  // Matrix columns start on 4-byte boundaries (glTF 2.0, "Data Alignment").
  const size_t columnBytes =
      columns > 1 ? (size_t(rows) * compSize + 3) / 4 * 4 : size_t(rows) * compSize;
  layout.elementSize = columnBytes * size_t(columns);
  // The last element ends after its last column's data, without that column's padding.
  const size_t lastElementSize = columnBytes * size_t(columns - 1) + size_t(rows) * compSize;
  std::uint64_t decoded;
  if (__builtin_mul_overflow(std::uint64_t(acc.count), std::uint64_t(layout.components) * 4,
                             &decoded) ||
      decoded > kMaxBytes)
    fail(what + " has " + str(acc.count) + " elements, more than this viewer accepts");

  if (acc.bufferView >= 0) {
    const auto& view = model_.bufferViews[size_t(acc.bufferView)];
    layout.stride = view.byteStride != 0 ? view.byteStride : layout.elementSize;
    if (layout.stride < layout.elementSize)
      fail(what + " has " + str(layout.elementSize) + "-byte elements but buffer view " +
           str(size_t(acc.bufferView)) + " has a byte stride of " + str(layout.stride));
    if (acc.byteOffset % compSize != 0 || (view.byteOffset + acc.byteOffset) % compSize != 0 ||
        layout.stride % compSize != 0)
      fail(what + " is not aligned to its " + str(compSize) + "-byte components (offset " +
           str(view.byteOffset + acc.byteOffset) + ", stride " + str(layout.stride) + ")");
    if (acc.count > 0) {
      std::uint64_t end;
      const bool overflow = __builtin_mul_overflow(std::uint64_t(layout.stride),
                                                   std::uint64_t(acc.count - 1), &end) ||
                            __builtin_add_overflow(end, std::uint64_t(acc.byteOffset), &end) ||
                            __builtin_add_overflow(end, std::uint64_t(lastElementSize), &end);
      if (overflow || end > view.byteLength)
        fail(what + " reads bytes " + str(acc.byteOffset) + ".." +
             (overflow ? std::string("beyond 2^64") : str(end)) + " but buffer view " +
             str(size_t(acc.bufferView)) + " has " + str(view.byteLength) + " bytes");
    }
    if (isDataless(acc.bufferView))
      layout.dataless = true;
    else
      layout.data = viewData(acc.bufferView);
  }

  if (acc.sparse.isSparse) {
    const auto& sparse = acc.sparse;
    if (sparse.count < 1 || size_t(sparse.count) > acc.count)
      fail(what + " has a sparse count of " + std::to_string(sparse.count) + ", outside 1.." +
           str(acc.count));
    const int indexType = sparse.indices.componentType;
    if (indexType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
        indexType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
        indexType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT)
      fail(what + " has sparse indices of component type " + std::to_string(indexType) +
           ", not an unsigned integer type");
    auto checkPart = [&](const char* part, int view, int offset, size_t elementBytes,
                         size_t alignment) {
      const auto& v = model_.bufferViews[size_t(view)];
      const std::uint64_t end =
          std::uint64_t(std::max(offset, 0)) + std::uint64_t(sparse.count) * elementBytes;
      if (offset < 0 || end > v.byteLength)
        fail(what + " sparse " + part + " read bytes " + std::to_string(offset) + ".." + str(end) +
             " but buffer view " + std::to_string(view) + " has " + str(v.byteLength) + " bytes");
      if ((v.byteOffset + size_t(offset)) % alignment != 0)
        fail(what + " sparse " + part + " are not aligned to " + str(alignment) + " bytes");
      return isDataless(view) ? nullptr : viewData(view) + offset;
    };
    if (isDataless(sparse.indices.bufferView) || isDataless(sparse.values.bufferView)) {
      checkPart("indices", sparse.indices.bufferView, sparse.indices.byteOffset,
                componentSize(indexType), componentSize(indexType));
      checkPart("values", sparse.values.bufferView, sparse.values.byteOffset, layout.elementSize,
                compSize);
      layout.dataless = true;
      return layout;
    }
    layout.sparseIndices =
        checkPart("indices", sparse.indices.bufferView, sparse.indices.byteOffset,
                  componentSize(indexType), componentSize(indexType));
    layout.sparseValues = checkPart("values", sparse.values.bufferView, sparse.values.byteOffset,
                                    layout.elementSize, compSize);
    layout.sparseCount = size_t(sparse.count);
    layout.sparseIndexType = indexType;
  }
  return layout;
}

bool AccessorReader::hasFormat(int index, const std::vector<Format>& allowed) const {
  const auto& acc = model_.accessors[size_t(index)];
  for (const auto& f : allowed) {
    if (acc.type != f.type || acc.componentType != f.componentType) continue;
    if (f.componentType == TINYGLTF_COMPONENT_TYPE_FLOAT || acc.normalized == f.normalized)
      return true;
  }
  return false;
}

std::string AccessorReader::formatOf(int index) const {
  const auto& acc = model_.accessors[size_t(index)];
  return std::string(typeName(acc.type)) + " of " + componentName(acc.componentType) +
         (acc.normalized ? " (normalized)" : "");
}

std::vector<float> AccessorReader::readFloats(int index) const {
  requireData(index);
  const auto& acc = model_.accessors[size_t(index)];
  const auto& layout = layouts_[size_t(index)];
  const size_t n = size_t(layout.components);
  const size_t compSize = componentSize(acc.componentType);
  std::vector<float> out(layout.count * n, 0.f);
  if (layout.data)
    for (size_t i = 0; i < layout.count; ++i)
      for (size_t c = 0; c < n; ++c)
        out[i * n + c] =
            readComponent(layout.data + acc.byteOffset + i * layout.stride + c * compSize,
                          acc.componentType, acc.normalized);
  forEachSparse(index, [&](size_t target, const unsigned char* value) {
    for (size_t c = 0; c < n; ++c)
      out[target * n + c] = readComponent(value + c * compSize, acc.componentType, acc.normalized);
  });
  return out;
}

std::vector<std::uint32_t> AccessorReader::readIndices(int index) const {
  requireData(index);
  const auto& acc = model_.accessors[size_t(index)];
  const auto& layout = layouts_[size_t(index)];
  std::vector<std::uint32_t> out(layout.count, 0);
  if (layout.data)
    for (size_t i = 0; i < layout.count; ++i)
      out[i] = readIndex(layout.data + acc.byteOffset + i * layout.stride, acc.componentType);
  forEachSparse(index, [&](size_t target, const unsigned char* value) {
    out[target] = readIndex(value, acc.componentType);
  });
  return out;
}

template <typename Apply>
void AccessorReader::forEachSparse(int index, Apply apply) const {
  const auto& layout = layouts_[size_t(index)];
  const size_t indexSize = componentSize(layout.sparseIndexType);
  for (size_t i = 0; i < layout.sparseCount; ++i) {
    const std::uint32_t target =
        readIndex(layout.sparseIndices + i * indexSize, layout.sparseIndexType);
    if (target >= layout.count)
      fail(name(index) + " has sparse index " + str(target) + " but only " + str(layout.count) +
           " elements");
    apply(target, layout.sparseValues + i * layout.elementSize);
  }
}

}  // namespace spineview::gltf
