// Transforms a mesh into view space, where the studio lights are fixed to the camera.
// Variants (#defines from the renderer): HAS_UV, HAS_TANGENTS, HAS_COLORS. Attributes a mesh
// does not have are not interpolated at all, which keeps software rasterisation cheap.
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
#ifdef HAS_UV
layout(location = 2) in vec2 aUV;
out vec2 vUV;
#endif
#ifdef HAS_TANGENTS
layout(location = 3) in vec4 aTangent;
out vec4 vViewTangent;  // xyz tangent, w handedness
#endif
#ifdef HAS_COLORS
layout(location = 4) in vec4 aColor;
out vec4 vColor;
#endif

uniform mat4 uModelView;
uniform mat3 uNormalMatrix;  // inverse transpose of uModelView's upper 3x3
uniform mat4 uProjection;
// The cutaway plane in view space; geometry where it is negative is clipped. Ignored unless
// the renderer enables GL_CLIP_DISTANCE0, so it costs nothing without a cut.
uniform vec4 uClipPlaneView;

out vec3 vViewPos;
out vec3 vViewNormal;

void main() {
  vec4 viewPos = uModelView * vec4(aPosition, 1.0);
  vViewPos = viewPos.xyz;
  vViewNormal = uNormalMatrix * aNormal;
#ifdef HAS_UV
  vUV = aUV;
#endif
#ifdef HAS_TANGENTS
  vViewTangent = vec4(mat3(uModelView) * aTangent.xyz, aTangent.w);
#endif
#ifdef HAS_COLORS
  vColor = aColor;
#endif
  gl_ClipDistance[0] = dot(uClipPlaneView, viewPos);
  gl_Position = uProjection * viewPos;
}
