// The studio backdrop: a vertical gradient with a soft vignette, drawn only where no opaque
// geometry is. Output is linear; the sRGB framebuffer encodes it. A little dither keeps the
// dark gradient free of bands.
in vec2 vUV;
uniform vec3 uBackgroundTop;
uniform vec3 uBackgroundBottom;
out vec4 fragColor;

// Interleaved gradient noise (Jimenez 2014): cheap, well-spread values in [-0.5, 0.5).
float ditherNoise(vec2 p) {
  return fract(52.9829189 * fract(dot(p, vec2(0.06711056, 0.00583715)))) - 0.5;
}

void main() {
  vec2 fromCentre = vUV - 0.5;
  vec3 color = mix(uBackgroundBottom, uBackgroundTop, vUV.y) *
               (1.0 - 0.35 * dot(fromCentre, fromCentre));
  // One 8-bit sRGB step is about 2.2 * sqrt(c) / 255 in linear terms.
  color += ditherNoise(gl_FragCoord.xy) / 255.0 * (2.2 * sqrt(color) + 1.0 / 12.92);
  fragColor = vec4(max(color, 0.0), 1.0);
}
