#include "render/shader_program.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace spineview {
namespace {

Result<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read shader file " + path.string()};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Expands `#include "name"` lines from the same directory. Each file gets a GLSL source
// number, and #line directives keep the driver's "source:line" messages pointing at the right
// line of the right file; `files` collects the names by source number.
Result<std::string> loadWithIncludes(const std::filesystem::path& dir, const std::string& name,
                                     std::vector<std::string>& files, int depth = 0) {
  if (depth > 8) return Error{"shader " + name + ": #include nested too deeply"};
  auto text = readFile(dir / name);
  if (!text) return text;
  const int source = static_cast<int>(files.size());
  files.push_back(name);
  std::istringstream lines(text.value());
  std::string line, out = "#line 1 " + std::to_string(source) + "\n";
  for (int number = 1; std::getline(lines, line); ++number) {
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 8, "#include") == 0) {
      const auto open = line.find('"'), close = line.rfind('"');
      if (open == std::string::npos || close <= open)
        return Error{(dir / name).string() + ":" + std::to_string(number) +
                     ": malformed #include line: " + line};
      auto included =
          loadWithIncludes(dir, line.substr(open + 1, close - open - 1), files, depth + 1);
      if (!included) return included;
      out += included.value();
      out += "#line " + std::to_string(number + 1) + " " + std::to_string(source) + "\n";
    } else {
      out += line + "\n";
    }
  }
  return out;
}

std::string sourceTable(const std::vector<std::string>& files) {
  std::string table = "(the log's source numbers: ";
  for (size_t i = 0; i < files.size(); ++i)
    table += (i ? ", " : "") + std::to_string(i) + " = " + files[i];
  return table + ")";
}

Result<GLuint> compile(GLenum stage, const std::string& source, const std::string& fileName,
                       const std::vector<std::string>& files) {
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
  return Error{"shader " + fileName + " failed to compile " + sourceTable(files) + ":\n" + log};
}

}  // namespace

Result<ShaderProgram> ShaderProgram::fromFiles(const std::string& dir,
                                               const std::string& vertexFile,
                                               const std::string& fragmentFile,
                                               const std::vector<std::string>& defines) {
  std::string header = "#version 330 core\n";
  for (const auto& d : defines) header += "#define " + d + "\n";

  std::vector<std::string> vsFiles, fsFiles;
  auto vsText = loadWithIncludes(dir, vertexFile, vsFiles);
  if (!vsText) return Error{vsText.error()};
  auto fsText = loadWithIncludes(dir, fragmentFile, fsFiles);
  if (!fsText) return Error{fsText.error()};
  const std::string vsPath = (std::filesystem::path(dir) / vertexFile).string();
  const std::string fsPath = (std::filesystem::path(dir) / fragmentFile).string();

  auto vs = compile(GL_VERTEX_SHADER, header + vsText.value(), vsPath, vsFiles);
  if (!vs) return Error{vs.error()};
  auto fs = compile(GL_FRAGMENT_SHADER, header + fsText.value(), fsPath, fsFiles);
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
