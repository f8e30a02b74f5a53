// Outlines one node from the picking buffer: pixels just outside the node's coverage, within
// uWidth pixels, take the outline colour. Works on the exact silhouette, cut and occlusion
// included, because the picking buffer already has them.
uniform usampler2D uNodeIds;
uniform uint uNodeId;
uniform float uWidth;  // pixels
uniform vec4 uColor;   // straight alpha
uniform ivec2 uOrigin; // the viewport's corner: the picture may sit right of the edge
out vec4 fragColor;

bool isNode(ivec2 p) {
  ivec2 size = textureSize(uNodeIds, 0);
  if (any(lessThan(p, ivec2(0))) || any(greaterThanEqual(p, size))) return false;
  return texelFetch(uNodeIds, p, 0).r == uNodeId;
}

void main() {
  ivec2 p = ivec2(gl_FragCoord.xy) - uOrigin;
  if (isNode(p)) discard;
  // Twelve directions at the full width and six at half: a closed ring without a wide loop.
  float coverage = 0.0;
  for (int i = 0; i < 12; ++i) {
    float a = float(i) * 0.5235988;
    vec2 d = vec2(cos(a), sin(a));
    if (isNode(p + ivec2(round(d * uWidth)))) coverage = max(coverage, 0.75);
    if (i % 2 == 0 && isNode(p + ivec2(round(d * uWidth * 0.5)))) coverage = 1.0;
  }
  if (coverage == 0.0) discard;
  fragColor = vec4(uColor.rgb, uColor.a * coverage);
}
