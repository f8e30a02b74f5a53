// Shared colour helpers. Included by the shaders through the renderer's #include resolver.

const float PI = 3.14159265359;

// Khronos PBR Neutral tone mapping: keeps base colours faithful below ~0.76 and rolls off
// highlights with a little desaturation, so tissue colours read as authored.
vec3 toneMapPbrNeutral(vec3 color) {
  const float startCompression = 0.8 - 0.04;
  const float desaturation = 0.15;
  float x = min(color.r, min(color.g, color.b));
  float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
  color -= offset;
  float peak = max(color.r, max(color.g, color.b));
  if (peak < startCompression) return color;
  const float d = 1.0 - startCompression;
  float newPeak = 1.0 - d * d / (peak + d - startCompression);
  color *= newPeak / peak;
  float g = 1.0 - 1.0 / (desaturation * (peak - newPeak) + 1.0);
  return mix(color, vec3(newPeak), g);
}
