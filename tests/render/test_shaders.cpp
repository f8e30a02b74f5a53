#include <glad/gl.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "render/gl_check.h"
#include "render/gl_fixture.h"
#include "render/shader_program.h"
#include "test_paths.h"

using namespace spineview;
using namespace spineview::test;

TEST_CASE("every shader program in shaders/ compiles and links") {
  std::string error;
  REQUIRE(glContext(&error));
  const std::string dir = (sourceDir() / "shaders").string();
  for (auto [vs, fs] : {std::pair{"mesh.vert", "pbr.frag"},
                        std::pair{"background.vert", "background.frag"}}) {
    auto program = ShaderProgram::fromFiles(dir, vs, fs);
    INFO(vs << " + " << fs);
    CHECK(program.ok());
    if (!program) FAIL_CHECK(program.error());
  }
}

TEST_CASE("every mesh shader variant compiles and links") {
  REQUIRE(glContext());
  const std::string dir = (sourceDir() / "shaders").string();
  const char* names[] = {"HAS_UV", "HAS_TANGENTS", "HAS_COLORS", "ALPHA_MASK"};
  for (int bits = 0; bits < 16; ++bits) {
    if ((bits & 2) && !(bits & 1)) continue;  // tangents are only used with UVs
    std::vector<std::string> defines;
    for (int i = 0; i < 4; ++i)
      if (bits & (1 << i)) defines.push_back(names[i]);
    auto program = ShaderProgram::fromFiles(dir, "mesh.vert", "pbr.frag", defines);
    INFO("variant bits " << bits);
    if (!program) FAIL_CHECK(program.error());
  }
}

TEST_CASE("a broken shader names its file and carries the driver log") {
  REQUIRE(glContext());
  const auto dir = outputDir() / "broken-shaders";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ok.vert") << "void main() { gl_Position = vec4(0.0); }\n";
  std::ofstream(dir / "bad.frag") << "out vec4 c;\nvoid main() { c = vec4(undefinedThing); }\n";
  auto program = ShaderProgram::fromFiles(dir.string(), "ok.vert", "bad.frag");
  REQUIRE_FALSE(program.ok());
  CHECK_THAT(program.error(), Catch::Contains("bad.frag"));
  CHECK_THAT(program.error(), Catch::Contains("failed to compile"));
  CHECK_THAT(program.error(), Catch::Contains("undefinedThing"));  // the driver's log

  auto missing = ShaderProgram::fromFiles(dir.string(), "ok.vert", "absent.frag");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error(), Catch::Contains("absent.frag"));

  // An error inside an included file is reported at its own line, with the file named.
  std::ofstream(dir / "part.glsl") << "float ok() { return 1.0; }\nfloat bad() { return nope; }\n";
  std::ofstream(dir / "uses-part.frag")
      << "out vec4 c;\n#include \"part.glsl\"\nvoid main() { c = vec4(ok()); }\n";
  auto inInclude = ShaderProgram::fromFiles(dir.string(), "ok.vert", "uses-part.frag");
  REQUIRE_FALSE(inInclude.ok());
  CHECK_THAT(inInclude.error(), Catch::Contains("1 = part.glsl"));
  // Mesa writes "source:line(column)", NVIDIA "source(line)".
  const std::string& log = inInclude.error();
  CHECK((log.find("1:2(") != std::string::npos || log.find("1(2)") != std::string::npos));

  std::ofstream(dir / "include-missing.frag") << "#include \"nowhere.glsl\"\nvoid main() {}\n";
  auto badInclude = ShaderProgram::fromFiles(dir.string(), "ok.vert", "include-missing.frag");
  REQUIRE_FALSE(badInclude.ok());
  CHECK_THAT(badInclude.error(), Catch::Contains("nowhere.glsl"));
}

TEST_CASE("the renderer reports a missing shader directory instead of crashing") {
  REQUIRE(glContext());
  auto renderer = Renderer::create((outputDir() / "no-such-dir").string());
  REQUIRE_FALSE(renderer.ok());
  CHECK_THAT(renderer.error(), Catch::Contains("mesh.vert"));
}

TEST_CASE("GL errors are named by their pass in debug builds and cleared where expected") {
  REQUIRE(glContext());
  const int before = reportedGlErrorCount();
  glEnable(0xFFFF);  // not a capability: GL_INVALID_ENUM
  reportGlErrors("a test pass");
#ifndef NDEBUG
  CHECK(reportedGlErrorCount() == before + 1);  // printed with the pass's name, and cleared
  CHECK(glGetError() == GL_NO_ERROR);
#else
  CHECK(reportedGlErrorCount() == before);  // left for whoever reads the queue
  CHECK(glGetError() == GL_INVALID_ENUM);
#endif
  drainGlErrors();  // the fixture's count starts from here
  glEnable(0xFFFF);
  clearGlErrors("an allocation the driver may refuse");
  CHECK(glGetError() == GL_NO_ERROR);  // cleared in every build
  CHECK(drainGlErrors().empty());      // and not a failure of whoever checks
}
