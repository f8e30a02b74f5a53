// Transforms a mesh into view space, where the studio lights are fixed to the camera.
// Variants (#defines from the renderer): HAS_UV, HAS_TANGENTS, HAS_COLORS. Attributes a mesh
// does not have are not interpolated at all, which keeps software rasterisation cheap.
// BONE_COUNT: the size of the scene's bone palette (scene/draw_hints.h).
#ifndef BONE_COUNT
#define BONE_COUNT 1
#endif
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
// Unset arrays read as zero: no skin means bone 0 (fixed), no morph target adds nothing.
layout(location = 5) in vec3 aSkin;           // bone a, bone b, weight of b
layout(location = 6) in vec3 aMorphPosition;  // morph target 0
layout(location = 7) in vec3 aMorphNormal;
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
uniform float uMorphWeight;
// Posed bones (scene/draw_hints.h): world = blend of two bones applied to model * position.
uniform bool uPosed;
uniform mat4 uModel;
uniform mat4 uView;
uniform mat3 uNormalModel;
uniform mat4 uBones[BONE_COUNT];

out vec3 vViewPos;
out vec3 vViewNormal;

void main() {
  vec3 position = aPosition + uMorphWeight * aMorphPosition;
  vec3 normal = aNormal + uMorphWeight * aMorphNormal;
  vec4 viewPos;
  if (uPosed) {
    // Linear blend of two rigid bones; their small angles keep the blended normal usable.
    mat4 bone = uBones[int(aSkin.x)] * (1.0 - aSkin.z) + uBones[int(aSkin.y)] * aSkin.z;
    viewPos = uView * (bone * (uModel * vec4(position, 1.0)));
    vViewNormal = mat3(uView) * (mat3(bone) * (uNormalModel * normal));
  } else {
    viewPos = uModelView * vec4(position, 1.0);
    vViewNormal = uNormalMatrix * normal;
  }
  vViewPos = viewPos.xyz;
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
