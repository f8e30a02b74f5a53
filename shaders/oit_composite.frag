// Weighted blended order-independent transparency (McGuire and Bavoil 2013), resolve step:
// the weighted average colour of every translucent surface on the pixel, laid over the opaque
// scene with the exact total coverage 1 - prod(1 - alpha). Blending: SRC_ALPHA,
// ONE_MINUS_SRC_ALPHA. MULTISAMPLE averages the samples (the still frames' anti-aliasing);
// HALF_RESOLUTION filters sums kept at half size (motion frames): sums and weights are
// linear, so interpolating them before the division is exact for smooth layers.
#ifdef MULTISAMPLE
uniform sampler2DMS uAccum;   // rgb: sum of colour * alpha * weight, a: prod(1 - alpha)
uniform sampler2DMS uWeight;  // r: sum of alpha * weight
uniform int uSamples;
#else
uniform sampler2D uAccum;
uniform sampler2D uWeight;
uniform vec2 uSumsScale;  // HALF_RESOLUTION: frame pixel -> sums texture coordinate
#endif
out vec4 fragColor;

void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
#ifdef MULTISAMPLE
  vec4 accum = vec4(0.0);
  float weight = 0.0;
  for (int i = 0; i < uSamples; ++i) {
    accum += texelFetch(uAccum, p, i);
    weight += texelFetch(uWeight, p, i).r;
  }
  accum /= float(uSamples);
  weight /= float(uSamples);
#elif defined(HALF_RESOLUTION)
  vec2 uv = gl_FragCoord.xy * uSumsScale;
  vec4 accum = texture(uAccum, uv);
  float weight = texture(uWeight, uv).r;
#else
  vec4 accum = texelFetch(uAccum, p, 0);
  float weight = texelFetch(uWeight, p, 0).r;
#endif
  float revealage = accum.a;
  if (revealage > 0.9995) discard;  // nothing translucent here
  fragColor = vec4(accum.rgb / max(weight, 1e-5), 1.0 - revealage);
}
