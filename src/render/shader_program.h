// A GLSL program built from files in the shader directory. `#include "file"` lines are
// resolved from the same directory, `#version 330 core` and the given #defines are prepended
// (variants). Compile and link errors name the file and carry the driver's log, whose
// "source:line" numbers point into the original files (a table names each source number).
#pragma once
#include <glad/gl.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace spineview {

class ShaderProgram {
 public:
  static Result<ShaderProgram> fromFiles(const std::string& dir, const std::string& vertexFile,
                                         const std::string& fragmentFile,
                                         const std::vector<std::string>& defines = {});
  ShaderProgram() = default;
  ShaderProgram(ShaderProgram&& other) noexcept;
  ShaderProgram& operator=(ShaderProgram&& other) noexcept;
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;
  ~ShaderProgram();

  void use() const { glUseProgram(program_); }
  GLint uniform(const char* name) const;  // cached; -1 when the driver optimised it away
  GLuint id() const { return program_; }

 private:
  GLuint program_ = 0;
  mutable std::unordered_map<std::string, GLint> uniforms_;
};

}  // namespace spineview
