#include "app/headless_imgui.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "app/app_settings.h"

namespace spineview::app {

Result<std::unique_ptr<HeadlessImGui>> HeadlessImGui::create(int width, int height, float uiScale,
                                                             const std::string& fontFile) {
  if (width <= 0 || height <= 0) return Error{"cannot draw on an empty image"};
  auto ui = std::unique_ptr<HeadlessImGui>(new HeadlessImGui());
  ui->previous_ = ImGui::GetCurrentContext();
  ui->own_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(ui->own_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  io.DeltaTime = 1.f / 60.f;
  if (!(ui->backend_ = ImGui_ImplOpenGL3_Init("#version 330")))
    return Error{"the ImGui OpenGL 3 backend did not start"};
  // Device objects first: applyUiStyle then replaces the font texture instead of the first
  // NewFrame creating a second one.
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  ui->scale_ = applyUiStyle(UiSettings{}.baseFontPixels, uiScale, 1.f,
                            fontFile.empty() ? SPINEVIEW_FONT_FILE : fontFile);
  ImGui::SetCurrentContext(ui->previous_);
  return ui;
}

HeadlessImGui::~HeadlessImGui() {
  ImGui::SetCurrentContext(own_);
  if (backend_) ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(own_);
  ImGui::SetCurrentContext(previous_);
}

void HeadlessImGui::draw(RenderTarget& target, const std::function<void()>& content,
                         int layoutPasses) {
  previous_ = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(own_);
  for (int pass = 0; pass <= layoutPasses; ++pass) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    content();
    if (pass < layoutPasses) ImGui::EndFrame();
  }
  ImGui::Render();
  target.bindFinished();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ImGui::SetCurrentContext(previous_);
}

void HeadlessImGui::measure(const std::function<void()>& content) {
  previous_ = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(own_);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  content();
  ImGui::EndFrame();
  ImGui::SetCurrentContext(previous_);
}

}  // namespace spineview::app
