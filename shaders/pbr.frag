// Metallic-roughness PBR (glTF 2.0 BRDF: GGX, height-correlated Smith, Schlick Fresnel) lit
// by a soft three-light studio rig fixed to the camera plus an analytic studio environment for
// ambient diffuse and specular. The result is tone mapped here (one pass, no HDR buffer) and
// written linear; the sRGB framebuffer encodes it and blends translucent layers in linear light.
// Variants: HAS_UV (textures are sampled only with it), HAS_TANGENTS, HAS_COLORS, ALPHA_MASK;
// CAP shades a cutaway cap (cap.vert) with its tissue's cut-surface pattern; OIT writes the
// weighted blended transparency sums instead of a colour (see oit_composite.frag).
#include "common.glsl"
#ifdef CAP
#include "cap_surface.glsl"
in vec3 vWorldPos;
#endif

in vec3 vViewPos;
in vec3 vViewNormal;
#ifdef HAS_UV
in vec2 vUV;
#endif
#ifdef HAS_TANGENTS
in vec4 vViewTangent;
#endif
#ifdef HAS_COLORS
in vec4 vColor;
#endif

uniform vec4 uBaseColor;
uniform float uMetallic;
uniform float uRoughness;
uniform vec3 uEmissive;
uniform float uNormalScale;
uniform float uOcclusionStrength;
uniform sampler2D uBaseColorTex;
uniform sampler2D uMetalRoughTex;
uniform sampler2D uNormalTex;
uniform sampler2D uOcclusionTex;
uniform sampler2D uEmissiveTex;
uniform bool uHasBaseColorTex;
uniform bool uHasMetalRoughTex;
uniform bool uHasNormalTex;
uniform bool uHasOcclusionTex;
uniform bool uHasEmissiveTex;
uniform float uAlphaCutoff;
uniform bool uBlend;         // alphaMode BLEND: the base colour's alpha is the coverage
uniform float uOpacity;  // the node's opacity in this frame
uniform vec3 uUpView;        // world +Y in view space, for the environment's sky and floor
uniform float uExposure;
uniform float uGlow;         // a story's irritation glow on this part, 0..1
uniform float uHeat;         // a story's load heat map on this part, 0..1
uniform bool uFluoroscopy;   // X-ray-like attenuation instead of lit colour (OIT pass only)
uniform bool uUnlit;         // KHR_materials_unlit, lines and points: the base colour as it is

#ifdef OIT
uniform vec2 uOitDepthRange;  // view distance of the nearest and farthest translucent bounds
layout(location = 0) out vec4 fragColor;  // rgb: colour * alpha * weight, a: alpha
layout(location = 1) out float oitWeight;  // alpha * weight
#else
out vec4 fragColor;
#endif

// Light directions point toward the light, in view space (x right, y up, z toward viewer);
// unit length already, so the shader does not normalise them per pixel.
const int LIGHT_COUNT = 3;
const vec3 LIGHT_DIR[LIGHT_COUNT] = vec3[](
    vec3(-0.4493, 0.6490, 0.6190),   // key: upper left, in front
    vec3(0.7501, 0.0500, 0.6597),    // fill: right, low
    vec3(0.1509, 0.5532, -0.8248));  // rim: behind, above
const vec3 LIGHT_COLOR[LIGHT_COUNT] = vec3[](
    vec3(2.60, 2.48, 2.30),    // warm white key
    vec3(0.50, 0.56, 0.66),    // cool fill
    vec3(1.40, 1.40, 1.45));   // rim
// The lights are softboxes, not points: a minimum roughness keeps highlights broad.
const float SOFTBOX_MIN_ROUGHNESS = 0.12;

float distributionGgx(float nDotH, float alpha) {
  float a2 = alpha * alpha;
  float d = nDotH * nDotH * (a2 - 1.0) + 1.0;
  return a2 / (PI * d * d);
}

// Height-correlated Smith visibility in its fast linear form (Hammon 2017): no square roots,
// within a few percent of the exact form, which matters on a software rasteriser.
float visibilitySmithGgxCorrelated(float nDotL, float nDotV, float alpha) {
  return 0.5 / max(mix(2.0 * nDotL * nDotV, nDotL + nDotV, alpha), 1e-5);
}

vec3 fresnelSchlick(vec3 f0, float vDotH) {
  float x = 1.0 - vDotH;
  float x2 = x * x;
  return f0 + (1.0 - f0) * (x2 * x2 * x);
}

// A studio cyclorama: bright overhead softbox, neutral walls, darker floor. Rough surfaces see
// a blurred version, approximated by fading toward the hemisphere average.
vec3 studioEnvironment(vec3 dirView, float roughness) {
  float up = dot(dirView, uUpView);
  vec3 floorColor = vec3(0.10, 0.10, 0.11);
  vec3 wallColor = vec3(0.42, 0.44, 0.48);
  vec3 skyColor = vec3(0.85, 0.88, 0.95);
  float blur = mix(0.08, 0.9, roughness);
  vec3 sharp = mix(wallColor, skyColor, smoothstep(0.35 - blur, 0.75 + blur, up));
  sharp = mix(floorColor, sharp, smoothstep(-0.25 - blur, 0.05 + blur, up));
  vec3 average = mix(floorColor, skyColor, 0.5 + 0.5 * up) * 0.7;
  return mix(sharp, average, roughness * roughness);
}

// Analytic fit of the split-sum environment BRDF (Karis, "Physically Based Shading on Mobile").
vec3 environmentBrdf(vec3 f0, float roughness, float nDotV) {
  const vec4 c0 = vec4(-1.0, -0.0275, -0.572, 0.022);
  const vec4 c1 = vec4(1.0, 0.0425, 1.04, -0.04);
  vec4 r = roughness * c0 + c1;
  float a004 = min(r.x * r.x, exp2(-9.28 * nDotV)) * r.x + r.y;
  vec2 ab = vec2(-1.04, 1.04) * a004 + r.zw;
  return f0 * ab.x + ab.y;
}

#ifdef HAS_UV
vec3 shadingNormal(vec3 geometricNormal) {
  if (!uHasNormalTex) return geometricNormal;
  vec3 t, b;
#ifdef HAS_TANGENTS
  t = normalize(vViewTangent.xyz - geometricNormal * dot(geometricNormal, vViewTangent.xyz));
  b = cross(geometricNormal, t) * (vViewTangent.w < 0.0 ? -1.0 : 1.0);
#else
  // No tangents in the file: build the frame from screen-space derivatives of position and UV.
  vec3 dp1 = dFdx(vViewPos), dp2 = dFdy(vViewPos);
  vec2 duv1 = dFdx(vUV), duv2 = dFdy(vUV);
  vec3 dp2perp = cross(dp2, geometricNormal), dp1perp = cross(geometricNormal, dp1);
  t = dp2perp * duv1.x + dp1perp * duv2.x;
  b = dp2perp * duv1.y + dp1perp * duv2.y;
  float scale = inversesqrt(max(max(dot(t, t), dot(b, b)), 1e-20));
  t *= scale;
  b *= scale;
#endif
  vec3 n = texture(uNormalTex, vUV).xyz * 2.0 - 1.0;
  n.xy *= uNormalScale;
  return normalize(mat3(t, b, geometricNormal) * n);
}
#endif

void main() {
  vec4 baseColor = uBaseColor;
#ifdef HAS_COLORS
  baseColor *= vColor;
#endif
#ifdef HAS_UV
  if (uHasBaseColorTex) baseColor *= texture(uBaseColorTex, vUV);
#endif
  if (uHeat > 0.0) {
    // Load heat map: cool blue through amber to red, laid over the tissue's own colour.
    vec3 ramp = uHeat < 0.5 ? mix(vec3(0.10, 0.35, 0.90), vec3(1.00, 0.70, 0.10), uHeat * 2.0)
                            : mix(vec3(1.00, 0.70, 0.10), vec3(0.95, 0.10, 0.05), uHeat * 2.0 - 1.0);
    baseColor.rgb = mix(baseColor.rgb, ramp, 0.35 + 0.45 * uHeat);
  }
#ifdef ALPHA_MASK
  // Only in the mask variant: any discard in a shader turns off early depth testing.
  if (baseColor.a < uAlphaCutoff) discard;
#endif

  float metallic = uMetallic;
  float roughness = uRoughness;
#ifdef HAS_UV
  if (uHasMetalRoughTex) {
    vec4 mr = texture(uMetalRoughTex, vUV);
    roughness *= mr.g;
    metallic *= mr.b;
  }
#endif
#ifdef CAP
  CapSurface cap = capSurface(vWorldPos, baseColor.rgb, metallic, roughness);
  baseColor.rgb = cap.color;
  metallic = cap.metallic;
  roughness = cap.roughness;
#endif
  metallic = clamp(metallic, 0.0, 1.0);

  vec3 geometricNormal = normalize(vViewNormal);
#ifndef CAP  // a cap's normal already faces the camera, whatever its winding
  if (!gl_FrontFacing) geometricNormal = -geometricNormal;  // double-sided and back faces
#endif
#ifdef HAS_UV
  vec3 n = shadingNormal(geometricNormal);
#else
  vec3 n = geometricNormal;
#endif
  vec3 v = normalize(-vViewPos);
  float nDotV = clamp(dot(n, v), 1e-4, 1.0);

  // Widen roughness where the normal changes fast across a pixel: fewer sparkling highlights.
  vec3 dndx = dFdx(geometricNormal), dndy = dFdy(geometricNormal);
  float curvatureVariance = 0.25 * (dot(dndx, dndx) + dot(dndy, dndy));
  roughness = clamp(sqrt(roughness * roughness + min(curvatureVariance, 0.18)),
                    SOFTBOX_MIN_ROUGHNESS, 1.0);
  float alpha = roughness * roughness;

  vec3 diffuseColor = baseColor.rgb * (1.0 - metallic);
  vec3 f0 = mix(vec3(0.04), baseColor.rgb, metallic);

  vec3 color = vec3(0.0);
  for (int i = 0; i < LIGHT_COUNT; ++i) {
    vec3 l = LIGHT_DIR[i];
    float nDotL = dot(n, l);
    if (nDotL <= 0.0) continue;
    vec3 h = normalize(l + v);
    float nDotH = clamp(dot(n, h), 0.0, 1.0);
    float vDotH = clamp(dot(v, h), 0.0, 1.0);
    vec3 f = fresnelSchlick(f0, vDotH);
    vec3 specular = f * distributionGgx(nDotH, alpha) * visibilitySmithGgxCorrelated(nDotL, nDotV, alpha);
    vec3 diffuse = (1.0 - f) * diffuseColor / PI;
    color += (diffuse + specular) * LIGHT_COLOR[i] * nDotL;
  }

  // The ambient term is kept low so the key light models the shapes.
  vec3 ambientDiffuse = 0.45 * studioEnvironment(n, 1.0) * diffuseColor;
  vec3 ambientSpecular =
      studioEnvironment(reflect(-v, n), roughness) * environmentBrdf(f0, roughness, nDotV);
  float occlusion = 1.0;
#ifdef HAS_UV
  if (uHasOcclusionTex) occlusion = 1.0 + uOcclusionStrength * (texture(uOcclusionTex, vUV).r - 1.0);
#endif
  color += (ambientDiffuse + ambientSpecular) * occlusion;

  vec3 emissive = uEmissive + uGlow * vec3(0.85, 0.16, 0.05);  // irritated nerve: red glow
#ifdef HAS_UV
  if (uHasEmissiveTex) emissive *= texture(uEmissiveTex, vUV).rgb;
#endif
  color += emissive;

  float opacity = (uBlend ? baseColor.a : 1.0) * uOpacity;
  if (uOpacity < 1.0 && !uUnlit) {
    // A faded layer is a thin shell: seen at a grazing angle the view crosses more of it, so
    // it covers more (Beer-Lambert). Outlines stay readable in x-ray views.
    float crossing = 1.0 / max(abs(dot(geometricNormal, v)), 0.25);
    opacity = 1.0 - pow(1.0 - opacity, crossing);
  }
  vec3 shaded = uUnlit ? baseColor.rgb + emissive : toneMapPbrNeutral(color * uExposure);
#ifdef OIT
  if (uFluoroscopy) {
    // A radiograph: each surface a thin absorbing shell, darker where the ray grazes it (so
    // cortical outlines read), metal nearly opaque; no lighting, grey on a light field.
    float crossing = 1.0 / max(abs(dot(geometricNormal, v)), 0.2);
    float density = metallic > 0.5 ? 0.85 : 0.16;
    float absorbed = 1.0 - pow(1.0 - density, crossing);
    vec3 grey = vec3(metallic > 0.5 ? 0.02 : 0.10);
    fragColor = vec4(grey * absorbed, absorbed);
    oitWeight = absorbed;
    return;
  }
  // Nearer surfaces weigh more, smoothly over the translucent depth range, so that the
  // layering reads front to back without any sorting.
  float depth = clamp((-vViewPos.z - uOitDepthRange.x) / max(uOitDepthRange.y - uOitDepthRange.x, 1e-6),
                      0.0, 1.0);
  float weight = opacity * clamp(12.0 * pow(1.0 - 0.85 * depth, 3.0), 0.01, 12.0);
  fragColor = vec4(shaded * weight, opacity);
  oitWeight = weight;
#else
  fragColor = vec4(shaded, opacity);
#endif
}
