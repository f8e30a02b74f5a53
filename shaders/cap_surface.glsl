// What a cut surface shows, by tissue (CAP variant of pbr.frag). Patterns are evaluated at the
// world position on the cutaway plane, so they stay fixed to the anatomy while the camera
// moves, and are sized in millimetres (the model is in metres).
const int CAP_PLAIN = 0;
const int CAP_CORTICAL = 1;    // dense cortical shell: ivory, faint concentric grain
const int CAP_CANCELLOUS = 2;  // trabecular bone: struts around marrow spaces
const int CAP_LAMELLAE = 3;    // annulus: rings with fibres alternating +-angle
const int CAP_GEL = 4;         // nucleus and displaced nuclear material: wet gel
const int CAP_METAL = 5;       // implants: solid metal
const int CAP_FIBROUS = 6;     // nerve and dura: fascicles
const int CAP_GRANULAR = 7;    // bone graft: packed chips

uniform int uCapKind;
// Annulus section (CAP_LAMELLAE), world space; see models/README.md.
uniform vec3 uSectionCentre;
uniform vec3 uSectionNormal;
uniform vec3 uSectionAnterior;
uniform vec3 uSectionLeft;
uniform float uSectionOuter[72];
uniform float uSectionInner[72];
uniform int uLamellae;
uniform float uFibreAngle;  // radians

float hash13(vec3 p) {
  p = fract(p * 0.1031);
  p += dot(p, p.zyx + 31.32);
  return fract((p.x + p.y) * p.z);
}

// Smooth 3-D value noise in [0, 1].
float valueNoise(vec3 p) {
  vec3 i = floor(p);
  vec3 f = fract(p);
  f = f * f * (3.0 - 2.0 * f);
  return mix(mix(mix(hash13(i), hash13(i + vec3(1, 0, 0)), f.x),
                 mix(hash13(i + vec3(0, 1, 0)), hash13(i + vec3(1, 1, 0)), f.x), f.y),
             mix(mix(hash13(i + vec3(0, 0, 1)), hash13(i + vec3(1, 0, 1)), f.x),
                 mix(hash13(i + vec3(0, 1, 1)), hash13(i + vec3(1, 1, 1)), f.x), f.y),
             f.z);
}

// Cellular noise over jittered cell points, in cell units: x = distance to the nearest point,
// y = to the second nearest (y - x is small near the borders between cells).
vec2 cellDistances(vec3 p) {
  vec3 i = floor(p);
  vec3 f = fract(p);
  float best = 8.0, second = 8.0;
  for (int z = -1; z <= 1; ++z)
    for (int y = -1; y <= 1; ++y)
      for (int x = -1; x <= 1; ++x) {
        vec3 cell = vec3(x, y, z);
        vec3 jitter = vec3(hash13(i + cell), hash13(i + cell + 17.0), hash13(i + cell + 41.0));
        vec3 d = cell + jitter - f;
        float d2 = dot(d, d);
        second = min(second, max(best, d2));
        best = min(best, d2);
      }
  return sqrt(vec2(best, second));
}


struct CapSurface {
  vec3 color;
  float metallic;
  float roughness;
};

CapSurface capSurface(vec3 worldPos, vec3 baseColor, float metallic, float roughness) {
  vec3 mm = worldPos * 1000.0;
  CapSurface s = CapSurface(baseColor, metallic, roughness);
  if (uCapKind == CAP_CORTICAL) {
    float grain = valueNoise(mm * vec3(3.0, 0.6, 3.0));
    s.color = baseColor * (0.92 + 0.1 * grain);
    s.roughness = 0.55;
  } else if (uCapKind == CAP_CANCELLOUS) {
    // Trabeculae around marrow spaces about 1.2 mm across; the strut edge is widened to a
    // pixel so the pattern does not sparkle when the bone is small on screen.
    vec3 cells = mm * 0.85;
    vec2 d = cellDistances(cells);
    float blur = clamp(length(fwidth(cells)) * 0.5, 0.02, 0.3);
    float strut = 1.0 - smoothstep(0.16 - blur, 0.16 + blur, d.y - d.x);  // cell borders
    vec3 marrow = vec3(0.42, 0.13, 0.09);
    s.color = mix(marrow, baseColor * 1.15, strut);
    s.roughness = 0.7;
  } else if (uCapKind == CAP_LAMELLAE && uLamellae > 0) {
    vec3 d = worldPos - uSectionCentre;
    float h = dot(d, uSectionNormal);
    vec3 planar = d - h * uSectionNormal;
    float angle = atan(dot(planar, uSectionLeft), dot(planar, uSectionAnterior));
    if (angle < 0.0) angle += 2.0 * PI;
    float k = angle / radians(5.0);  // the radii are sampled every 5 degrees
    int i0 = int(k) % 72;
    int i1 = (i0 + 1) % 72;
    float inner = mix(uSectionInner[i0], uSectionInner[i1], fract(k));
    float outer = mix(uSectionOuter[i0], uSectionOuter[i1], fract(k));
    float f = clamp((length(planar) - inner) / max(outer - inner, 1e-4), 0.0, 0.9999);
    float ringPos = f * float(uLamellae);
    float ring = floor(ringPos);
    float across = fract(ringPos);
    // Fibres run at +-angle to the circumferential direction, alternating ring by ring: the
    // stripes are the fibres' traces on the cut, across arc length and height.
    float sign = mod(ring, 2.0) < 0.5 ? 1.0 : -1.0;
    float arc = angle * length(planar) * 1000.0;
    float fibreCoord = -arc * sin(uFibreAngle) * sign + h * 1000.0 * cos(uFibreAngle);
    float fibre = 0.5 + 0.5 * sin(fibreCoord * 2.0 * PI / 0.35);
    float boundary = smoothstep(0.14, 0.0, min(across, 1.0 - across));  // between lamellae
    // Where rings or fibres are under a few pixels apart they fade to their average, so a
    // distant cut shows a calm ring band instead of moire.
    float ringDetail = 1.0 - smoothstep(0.15, 0.4, fwidth(ringPos));
    float fibreDetail = 1.0 - smoothstep(0.3, 0.8, fwidth(fibreCoord) / 0.35);
    float tone = mix(0.95, sign > 0.0 ? 1.04 : 0.86, ringDetail);
    float fibreShade = mix(1.0, 0.92 + 0.08 * fibre, fibreDetail * ringDetail);
    float line = mix(0.12, 0.35 * boundary, ringDetail);
    s.color = baseColor * tone * fibreShade * (1.0 - line);
    s.roughness = 0.45;
  } else if (uCapKind == CAP_GEL) {
    float n = valueNoise(mm * 1.6) * 0.6 + valueNoise(mm * 4.1) * 0.4;
    s.color = baseColor * (0.85 + 0.3 * n);
    s.roughness = 0.25;  // wet
  } else if (uCapKind == CAP_METAL) {
    s.metallic = 1.0;
    s.roughness = 0.3 + 0.08 * valueNoise(mm * vec3(12.0, 0.5, 12.0));
  } else if (uCapKind == CAP_FIBROUS) {
    // Nerve fascicles: rounded bundles about 0.5 mm across with darker sheaths between.
    vec2 d = cellDistances(mm * 2.0);
    float sheath = 1.0 - smoothstep(0.04, 0.14, d.y - d.x);
    s.color = baseColor * (1.0 - 0.25 * sheath * (1.0 - smoothstep(0.2, 0.5, length(fwidth(mm * 2.0)))));
    s.roughness = 0.55;
  } else if (uCapKind == CAP_GRANULAR) {
    float d = cellDistances(mm * 0.9).x;
    s.color = baseColor * mix(0.7, 1.1, smoothstep(0.1, 0.45, d));
    s.roughness = 0.85;
  } else {
    s.color = baseColor * 0.9;
  }
  return s;
}
