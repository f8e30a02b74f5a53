// A cap: one quad on the cutaway plane, big enough to cover a part's cross-section. The
// stencil test keeps only the pixels where the plane lies inside the part, so the quad
// becomes the part's exact cut surface. Corners come from uniforms (no vertex buffer).
uniform vec3 uCapCorners[4];  // world space, in triangle-strip order
uniform mat4 uModelView;      // the camera's view matrix (corners are already in world space)
uniform mat4 uProjection;
uniform vec3 uCapNormalView;  // the plane's normal facing the camera, view space

out vec3 vViewPos;
out vec3 vViewNormal;
out vec3 vWorldPos;  // where the cut-surface patterns are evaluated

void main() {
  vec3 world = uCapCorners[gl_VertexID];
  vec4 viewPos = uModelView * vec4(world, 1.0);
  vViewPos = viewPos.xyz;
  vViewNormal = uCapNormalView;
  vWorldPos = world;
  gl_Position = uProjection * viewPos;
}
