#include "render/shader_program.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace spineview {
namespace {

Result<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read shader file " + path.string()};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Expands `#include "name"` lines (one level of nesting is all the shaders use; deeper
// nesting works too, cycles are stopped by a depth limit).
Result<std::string> loadWithIncludes(const std::filesystem::path& dir, const std::string& name,
                                     int depth = 0) {
  if (depth > 8) return Error{"shader " + name + ": #include nested too deeply"};
  auto text = readFile(dir / name);
  if (!text) return text;
  std::istringstream lines(text.value());
  std::string line, out;
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 8, "#include") == 0) {
      const auto open = line.find('"'), close = line.rfind('"');
      if (open == std::string::npos || close <= open)
        return Error{(dir / name).string() + ": malformed #include line: " + line};
      auto included = loadWithIncludes(dir, line.substr(open + 1, close - open - 1), depth + 1);
      if (!included) return included;
      out += included.value() + "\n";
    } else {
      out += line + "\n";
    }
  }
  return out;
}

Result<GLuint> compile(GLenum stage, const std::string& source, const std::string& fileName) {
  GLuint shader = glCreateShader(stage);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok) return shader;
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
  glGetShaderInfoLog(shader, length, nullptr, log.data());
  glDeleteShader(shader);
  // Line numbers in the log count from the prepended #version/#define lines; say so.
  return Error{"shader " + fileName + " failed to compile (line numbers include the " +
               "prepended #version and #define lines and expanded #includes):\n" + log};
}

}  // namespace

Result<ShaderProgram> ShaderProgram::fromFiles(const std::string& dir,
                                               const std::string& vertexFile,
                                               const std::string& fragmentFile,
                                               const std::vector<std::string>& defines) {
  std::string header = "#version 330 core\n";
  for (const auto& d : defines) header += "#define " + d + "\n";

  auto vsText = loadWithIncludes(dir, vertexFile);
  if (!vsText) return Error{vsText.error()};
  auto fsText = loadWithIncludes(dir, fragmentFile);
  if (!fsText) return Error{fsText.error()};
  const std::string vsPath = (std::filesystem::path(dir) / vertexFile).string();
  const std::string fsPath = (std::filesystem::path(dir) / fragmentFile).string();

  auto vs = compile(GL_VERTEX_SHADER, header + vsText.value(), vsPath);
  if (!vs) return Error{vs.error()};
  auto fs = compile(GL_FRAGMENT_SHADER, header + fsText.value(), fsPath);
  if (!fs) {
    glDeleteShader(vs.value());
    return Error{fs.error()};
  }
  ShaderProgram program;
  program.program_ = glCreateProgram();
  glAttachShader(program.program_, vs.value());
  glAttachShader(program.program_, fs.value());
  glLinkProgram(program.program_);
  glDeleteShader(vs.value());
  glDeleteShader(fs.value());
  GLint ok = GL_FALSE;
  glGetProgramiv(program.program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint length = 0;
    glGetProgramiv(program.program_, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
    glGetProgramInfoLog(program.program_, length, nullptr, log.data());
    return Error{"shader program " + vsPath + " + " + fsPath + " failed to link:\n" + log};
  }
  return program;
}

ShaderProgram::ShaderProgram(ShaderProgram&& other) noexcept
    : program_(other.program_), uniforms_(std::move(other.uniforms_)) {
  other.program_ = 0;
}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
  if (this != &other) {
    if (program_) glDeleteProgram(program_);
    program_ = other.program_;
    uniforms_ = std::move(other.uniforms_);
    other.program_ = 0;
  }
  return *this;
}

ShaderProgram::~ShaderProgram() {
  if (program_) glDeleteProgram(program_);
}

GLint ShaderProgram::uniform(const char* name) const {
  auto it = uniforms_.find(name);
  if (it != uniforms_.end()) return it->second;
  GLint location = glGetUniformLocation(program_, name);
  uniforms_.emplace(name, location);
  return location;
}

}  // namespace spineview
