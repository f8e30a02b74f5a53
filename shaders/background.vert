// The studio backdrop as one triangle covering the viewport at the far plane (no vertex
// buffer). The vertical gradient is evaluated per vertex: interpolation gives the exact linear
// ramp, and the fragment shader is a plain copy, which keeps it cheap on a software
// rasteriser, where it fills every pixel the model leaves uncovered.
uniform vec3 uBackgroundTop;
uniform vec3 uBackgroundBottom;
out vec3 vColor;
void main() {
  vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);  // (0,0), (2,0), (0,2)
  vColor = mix(uBackgroundBottom, uBackgroundTop, p.y);  // y = 2 extrapolates the ramp
  gl_Position = vec4(p * 2.0 - 1.0, 1.0, 1.0);
}
