// Scene assembly, see model.h. Texts are plain and neutral; outcome claims are left to the viewer's
// captions, which cite ANATOMY.md sources.
#include "model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include "hardware.h"
#include "leak.h"
#include "ligaments.h"
#include "nerves.h"
#include "occlusion.h"
#include "tube.h"

namespace spinegen {

namespace {

using json = nlohmann::ordered_json;

double r6(float x) { return std::round(double(x) * 1e6) / 1e6; }
json vec(const glm::vec3& v, float scale = 1.f) { return json::array({r6(v.x * scale), r6(v.y * scale), r6(v.z * scale)}); }

std::vector<Material> materials() {
  return {
      {"bone.cortical", {0.890f, 0.850f, 0.740f, 1.f}, 0.f, 0.55f},
      {"bone.cancellous", {0.800f, 0.600f, 0.500f, 1.f}, 0.f, 0.85f},
      {"annulus", {0.860f, 0.880f, 0.930f, 1.f}, 0.f, 0.45f},
      {"nucleus", {0.600f, 0.730f, 0.920f, 1.f}, 0.f, 0.25f},
      {"tear", {0.520f, 0.650f, 0.950f, 1.f}, 0.f, 0.3f},
      {"hiz", {1.000f, 1.000f, 0.960f, 1.f}, 0.f, 0.4f, {0.6f, 0.6f, 0.55f}},
      {"nerve", {0.960f, 0.820f, 0.300f, 1.f}, 0.f, 0.5f},
      {"dura", {0.930f, 0.880f, 0.660f, 1.f}, 0.f, 0.45f},
      {"titanium", {0.620f, 0.620f, 0.640f, 1.f}, 1.f, 0.35f},
      {"peek", {0.800f, 0.680f, 0.480f, 1.f}, 0.f, 0.5f},
      {"graft", {0.850f, 0.720f, 0.550f, 1.f}, 0.f, 0.9f},
      {"fibrin", {0.960f, 0.920f, 0.740f, 1.f}, 0.f, 0.3f},
      {"steel", {0.800f, 0.800f, 0.820f, 1.f}, 1.f, 0.25f},
      {"ligament", {0.900f, 0.880f, 0.800f, 1.f}, 0.f, 0.5f},
      {"ligament.flavum", {0.930f, 0.800f, 0.420f, 1.f}, 0.f, 0.5f},
  };
}

json info(const std::string& layer, const std::string& level, const std::string& display, const std::string& plain,
          const std::string& clinical, bool hidden = false) {
  json j = {{"layer", layer}};
  if (!level.empty()) j["level"] = level;
  j["displayName"] = display;
  j["description"] = plain;
  j["clinical"] = clinical;
  if (hidden) j["initiallyHidden"] = true;
  return j;
}

std::string sideWord(int s) { return s == 0 ? "left" : "right"; }
std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}
std::string clockText(float h) {
  int hh = int(std::floor(h));
  int mm = int(std::lround((h - hh) * 60.f));
  if (mm == 60) { hh += 1; mm = 0; }
  if (hh == 0) hh = 12;
  char b[16];
  std::snprintf(b, sizeof b, "%d:%02d", hh, mm);
  return b;
}

// The plain and clinical texts of one lumbar arch structure; facet angles (deg to the sagittal plane)
// of the joints above and below it.
json archPartInfo(const std::string& L, int c, float facetAbove, float facetBelow) {
  const int side = archComponentSide(c);
  const std::string sideText = side < 0 ? "" : " (" + sideWord(side) + ")";
  auto part = [&](const std::string& display, const std::string& plain, const std::string& clinical) {
    return info("vertebra", L, L + " " + display + sideText, plain, clinical);
  };
  switch (c) {
  case kLaminaLeft:
  case kLaminaRight:
    return part("lamina", "A flat plate of bone that forms the back wall of the canal around the nerves.",
                "Lamina: joins the pars to the spinous process; the ligamentum flavum spans the interlaminar window below "
                "it, where an interlaminar approach or a laminotomy enters the canal.");
  case kSpinous:
    return part("spinous process", "The bump of bone you can feel in the middle of the back.",
                "Spinous process: a sagittal plate from the junction of the laminae, directed posteriorly and slightly "
                "inferiorly; the interspinous and supraspinous ligaments attach to it.");
  case kTransverseLeft:
  case kTransverseRight:
    return part("transverse process", "A thin bar of bone that points out to the side, where back muscles attach.",
                L == "L5" ? std::string("L5 transverse process: short and stout, arising from the pedicle and the body; the "
                                        "iliolumbar ligament anchors it to the pelvis.")
                          : std::string("Transverse process: flattened front to back, from the pedicle-pars junction; the "
                                        "exiting nerve root runs in front of it."));
  case kSuperiorArticularLeft:
  case kSuperiorArticularRight:
    return part("superior articular process", "The upward-pointing half of a small joint with the vertebra above.",
                "Superior articular process: concave facet facing posteromedially, mammillary process on its back; facet "
                "joint at " + fmt("%.1f", facetAbove) + " deg to the sagittal plane (Jentzsch 2013).");
  case kInferiorArticularLeft:
  case kInferiorArticularRight:
    return part("inferior articular process", "The downward-pointing half of a small joint with the vertebra below.",
                "Inferior articular process: convex facet facing anterolaterally, behind and inside the superior process "
                "below; facet joint at " + fmt("%.1f", facetBelow) + " deg to the sagittal plane (Jentzsch 2013).");
  default:
    return part("pars interarticularis", "The narrow neck of bone between the two small joints on each side.",
                "Pars interarticularis: the isthmus between the superior and inferior articular processes; a break here "
                "is a spondylolysis.");
  }
}

// Triangle budgets of the arch parts (outer surface): about 6,200 a vertebra with the pedicles.
unsigned archPartTriangles(int c) {
  switch (c) {
  case kLaminaLeft: case kLaminaRight: return 750;
  case kSpinous: return 1000;
  case kTransverseLeft: case kTransverseRight: return 450;
  case kParsLeft: case kParsRight: return 300;
  default: return 550; // articular processes
  }
}

// Over a rounded rim where a disc meets a body (within two rounding radii of both the wall and the
// endplate), the shading normal turns to the side wall's: two roundings meeting would otherwise shade
// as a dark groove whose width follows the mesh, teeth along every rim. The baked occlusion still
// darkens the junction.
// How far in from a body's side wall, over its endplate, the shading still turns toward the wall:
// where the disc's edge lies a little inside the bone's rim (the L3-L4 disc under L3), a ring of the
// endplate shows, and facing down it shaded as a dark dotted line (UNSOURCED mesh value).
constexpr float kBodyRimInward = 3.f;

constexpr float kMetre = 0.001f;  // the file's unit, in millimetres
const MeshOptions kAnnulusMesh{0.6f, 4200, 0.15f};

void shadeRimsAsWall(Mesh& m, const std::function<glm::vec2(const glm::vec3&)>& wall, float inward) {
  const float reach = 2.f * kRimRound;
  Mesh rim;  // the vertices over a rim, with their weights toward the wall's normal
  std::vector<size_t> which;
  std::vector<float> weight;
  for (size_t k = 0; k < m.pos.size(); ++k) {
    glm::vec2 w = wall(m.pos[k]);
    if (w.x < -inward || w.y > reach) continue;
    rim.pos.push_back(m.pos[k]);
    which.push_back(k);
    weight.push_back((1.f - std::max(w.y, 0.f) / reach) * std::clamp(1.f + w.x / inward, 0.f, 1.f));
  }
  normalsFromField(rim, [&](const glm::vec3& p) { return wall(p).x; }, 0.1f);
  for (size_t j = 0; j < which.size(); ++j)
    m.nrm[which[j]] = glm::normalize(glm::mix(m.nrm[which[j]], rim.nrm[j], weight[j]));
}

class Assembler {
public:
  Assembler(const Options& o, std::vector<PartStat>* stats, const CaseRebuild* rebuild = nullptr)
      : opt(o), spine(o), nerves(buildNerves(spine)), stats(stats), rebuild(rebuild) {}

  Scene build();

private:
  const Options& opt;
  Spine spine;
  Nerves nerves;
  std::vector<PartStat>* stats;
  const CaseRebuild* rebuild;  // null: the whole model
  Scene scene;

  int node(const std::string& name, int parent, json extras) {
    SceneNode n;
    n.name = name;
    n.parent = parent;
    n.extras = std::move(extras);
    scene.nodes.push_back(std::move(n));
    return int(scene.nodes.size()) - 1;
  }
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - last).count();
    last = now;
    return s;
  }
  // Meshes a field; --draft scales every grid cell (and loosens nothing else).
  Mesh mesh(const Field& f, const Box& box, MeshOptions mo, const Field* surface = nullptr) const {
    mo.cell *= opt.cellScale;
    return meshField(f, box, mo, surface);
  }
  void addPrim(int n, Mesh m, const std::string& material) {
    if (m.empty()) return;
    if (stats) stats->push_back({scene.nodes[n].name + " [" + material + "]", m.triangles(), lap()});
    scene.nodes[n].prims.push_back(Primitive{std::move(m), material, {}});
  }
  void vertebrae(int root);
  void discs(int root);
  void nerveNodes(int root);
  void ligamentNodes(int root);
  void hardware(int root);
  void sealing(int root);
  int rootNode();
  std::vector<Mesh> casters();
  void bakeAmbient();
};

void Assembler::vertebrae(int root) {
  const auto& vs = spine.vertebrae();
  for (int i = 0; i < 4; ++i) {
    const Vertebra& v = vs[i];
    std::string L = v.spec.name;
    json g = info("vertebra", L, L + " vertebra",
                  v.spec.sacrum ? "The top of the sacrum, the wedge of fused bone that joins the spine to the pelvis."
                                : "One of the lower back bones (" + L + "), a block of bone in front with a ring of bone behind it.",
                  v.spec.sacrum ? "First sacral segment (S1) with its superior endplate, sacral promontory, alae, superior articular processes and first pair of sacral foramina; cut through the top of S2."
                                : "Lumbar vertebra " + L + ": body, pedicles, laminae, spinous and transverse processes, superior and inferior articular processes.");
    g["frame"] = {{"origin", vec(v.frame.o, 0.001f)}, {"up", vec(v.frame.v)}, {"anterior", vec(v.frame.w)},
                  {"left", vec(v.frame.u)}};
    int gn = node(L, root, g);
    auto names = spine.partNames(i);
    for (int k = 0; k < int(names.size()); ++k) {
      const std::string& nm = names[k];
      json e;
      if (k == 0)
        e = info("vertebra", L, L + " vertebral body",
                 v.spec.sacrum ? "The front, weight-bearing part of the top of the sacrum." : "The front, weight-bearing part of the " + L + " vertebra.",
                 v.spec.sacrum ? "S1 body; its anterior-superior margin is the sacral promontory; the superior endplate is nearly flat."
                               : "Kidney-shaped vertebral body: cancellous bone in a cortical shell, concave endplates with a raised ring apophysis.");
      else if (nm.find(".pedicle.") != std::string::npos) {
        int s = nm.find(".left") != std::string::npos ? 0 : 1;
        e = info("vertebra", L, L + " pedicle (" + sideWord(s) + ")",
                 "A short, strong bridge of bone that joins the back of the vertebra to its body.",
                 "Pedicle; transverse angle " + fmt("%.1f", v.spec.pedicleTransverseDeg) +
                     " deg; the screw corridor runs along its axis and the exiting nerve root passes below it.");
      } else if (nm.find(".ala.") != std::string::npos) {
        int s = nm.find(".left") != std::string::npos ? 0 : 1;
        e = info("vertebra", L, std::string("Sacral ala (") + sideWord(s) + ")", "The wing of the sacrum that joins the pelvis.",
                 "Sacral ala and lateral mass beside the S1 body; the L5 nerve root crosses in front of it, and the first anterior sacral foramen opens on its pelvic face.");
      } else if (k >= 3 && !v.spec.sacrum) {
        e = archPartInfo(L, k - 3, facetJointDeg(i), facetJointDeg(i + 1));
      } else
        e = info("vertebra", L, L + " posterior elements",
                 v.spec.sacrum ? "The bony roof of the sacral canal, the joint surfaces that meet L5 and the small openings behind, where nerve branches leave."
                               : "The arch of bone behind the nerves: the joints with the neighbouring vertebrae and the bony bumps you can feel in the back.",
                 v.spec.sacrum ? "S1 superior articular processes, roof of the sacral canal, median sacral crest and the first posterior sacral foramina."
                               : "Laminae, spinous process, transverse processes, superior and inferior articular processes (facet joints at 42-47 deg to the sagittal plane).");
      int pn = node(nm, gn, e);
      // Budgets (triangles) keep each lumbar vertebra under 14k and S1 under 20k: the viewer rasterises
      // in software. Inner (cancellous) surfaces are seen only in cutaways and stay coarse.
      bool body = k == 0, pedicle = nm.find("pedicle") != std::string::npos, ala = nm.find(".ala.") != std::string::npos;
      MeshOptions co;
      if (body) co = {0.7f, v.spec.sacrum ? 6000u : 5000u, 0.1f};
      else if (pedicle) co = {v.spec.sacrum ? 0.8f : 0.6f, v.spec.sacrum ? 400u : 500u, 0.15f};
      else if (ala) co = {0.8f, 2600, 0.2f};
      else if (v.spec.sacrum) co = {0.6f, 4500u, 0.15f};
      else co = {0.6f, archPartTriangles(k - 3), 0.2f};
      MeshOptions ca{1.2f, co.targetTriangles * 3 / 10, 0.6f};
      Box box = spine.partBox(i, k);
      Field outer = [&, i, k](const glm::vec3& p) { return spine.partField(i, k, p, 0.f); };
      Field inner = [&, i, k](const glm::vec3& p) { return spine.partField(i, k, p, kCorticalShell); };
      // Normals on the bone's outer surface come from the whole bone, so junctions between parts match.
      Field bone = [&, i](const glm::vec3& p) { return spine.boneField(i, p); };
      Field boneIn = [&, i](const glm::vec3& p) { return spine.boneField(i, p) + kCorticalShell; };
      Mesh outerMesh = mesh(outer, box, co, &bone);
      if (body) shadeRimsAsWall(outerMesh, [&, i](const glm::vec3& p) { return spine.bodyWall(i, p); }, kBodyRimInward);
      addPrim(pn, std::move(outerMesh), "bone.cortical");
      addPrim(pn, mesh(inner, box, ca, &boneIn), "bone.cancellous");
    }
  }
}

void Assembler::discs(int root) {
  for (int d = 0; d < 3; ++d) {
    if (rebuild && std::find(rebuild->discs.begin(), rebuild->discs.end(), d) == rebuild->discs.end()) continue;
    const Disc& dc = spine.discs()[d];
    const std::string lvl = dc.name;
    const bool treated = d == spine.treatedDisc();
    int gn = node(discGroupName(d), root, info("annulus", lvl, lvl + " disc", "The cushion between two vertebrae.",
                                             "Intervertebral disc " + lvl + ": annulus fibrosus around the nucleus pulposus, bounded by the endplates."));
    Box box = spine.discBox(d);
    // Annulus with its cut-surface description.
    json ae = info("annulus", lvl, lvl + " annulus fibrosus", "The tough outer ring of the disc, built from many thin layers of fibres.",
                   "Annulus fibrosus: " + std::to_string(kLamellae) + " concentric lamellae with collagen fibres at about +-30 deg, alternating layer to layer; only its outer part carries nerve endings.");
    json outerR = json::array(), innerR = json::array();
    Field outerF = [&, d](const glm::vec3& p) { return spine.discOuter(d, p); };
    Field nucF = [&, d](const glm::vec3& p) { return spine.nucleus(d, p); };
    for (int k = 0; k < 72; ++k) {
      float psi = rad(5.f * k);
      glm::vec3 dir = dc.frame.dirToWorld(glm::vec3(std::sin(psi), 0.f, std::cos(psi)));
      outerR.push_back(r6(Spine::march(outerF, dc.frame.o, dir, 60.f, 0.1f) * 0.001f));
      innerR.push_back(r6(Spine::march(nucF, dc.frame.o, dir, 60.f, 0.1f) * 0.001f));
    }
    ae["section"] = {{"kind", "annulus"},
                     {"lamellae", kLamellae},
                     {"fibreAngleDeg", kFibreAngleDeg},
                     {"centre", vec(dc.frame.o, 0.001f)},
                     {"normal", vec(dc.frame.v)},
                     {"anteriorAxis", vec(dc.frame.w)},
                     {"leftAxis", vec(dc.frame.u)},
                     {"angleConvention", "sample k at 5k deg from anteriorAxis toward leftAxis (patient's left), in the disc mid-plane"},
                     {"outerRadius", outerR},
                     {"innerRadius", innerR}};
    ae["heights"] = {{"anterior", r6(dc.heightAnt * 0.001f)}, {"posterior", r6(dc.heightPost * 0.001f)}};
    int an = node("disc." + lvl + ".annulus", gn, ae);
    Field annF = [&, d](const glm::vec3& p) { return spine.annulus(d, p); };
    Mesh annulusMesh = mesh(annF, box, kAnnulusMesh);
    shadeRimsAsWall(annulusMesh, [&, d](const glm::vec3& p) { return spine.discWall(d, p); }, 2.f * kRimRound);
    addPrim(an, std::move(annulusMesh), "annulus");
    int nn = node("disc." + lvl + ".nucleus", gn,
                  info("nucleus", lvl, lvl + " nucleus pulposus", "The soft, gel-like centre of the disc that spreads pressure.",
                       "Nucleus pulposus, about 64% of the sagittal disc length; the disc has almost no blood supply and is fed through the endplates."));
    addPrim(nn, mesh(nucF, box, MeshOptions{0.7f, 1200, 0.1f}), "nucleus");
    if (!treated) continue;

    const char* tn = tearName(opt.tear);
    std::string where = "centred at " + clockText(opt.clockHours) + " o'clock (axial view from above, 12 anterior, 3 patient's right)";
    json te = info("tear", lvl, lvl + " annular tear", "A crack in the outer ring of the disc; some of the soft centre has moved into it.",
                   std::string(tn) + " annular fissure, modified Dallas grade " + std::to_string(opt.grade) + ", " + where +
                       ", filled with displaced nuclear material.");
    te["tear"] = {{"type", tn}, {"grade", opt.grade}, {"clockHours", r6(opt.clockHours)},
                  {"clockConvention", "axial view from above, 12 o'clock anterior, 3 o'clock patient's right, 9 o'clock patient's left"}};
    int tnode = node("disc." + lvl + ".tear", gn, te);
    if (spine.hasTear()) {
      Field tf = [&](const glm::vec3& p) { return spine.tearInDisc(p); };
      addPrim(tnode, mesh(tf, box, MeshOptions{0.3f, 1000, 0.1f}), "tear");
    }
    if (auto leak = planLeak(spine, nerves)) {
      // Material that has left the disc, pressing on the structure its zone meets.
      Field ef = [&, m = *leak](const glm::vec3& p) { return leakField(spine, m, p); };
      const bool root = leak->touches != nerves.dura.name;
      const std::string what = root ? "the " + sideWord(opt.leakSide) + " " + touchedRootVertebra(opt) + " nerve root" : std::string("the dural sac");
      json ee = info("tear", lvl, "Disc material outside the disc",
                     "Soft disc material that has leaked out of the disc and now presses on " +
                         (root ? std::string("a nerve root.") : std::string("the sleeve around the nerves.")),
                     std::string("Nuclear material beyond the outer annulus (") + leakName(opt.leak) + " herniation " +
                         leak->zoneWords + "), in contact with " + what + ".");
      ee["touches"] = leak->touches;
      ee["leak"] = {{"zone", leakName(opt.leak)}, {"side", sideName(opt.leakSide)}, {"sizeMm", r6(opt.leakSizeMm)}};
      int en = node("disc." + lvl + ".tear.extruded", gn, ee);
      addPrim(en, mesh(ef, leak->box(), MeshOptions{0.35f, 800, 0.1f}), "tear");
    }
    if (opt.hiz) {
      int hn = node("disc." + lvl + ".hiz", gn,
                    info("tear", lvl, "High-intensity zone", "A small bright spot that an MRI scan can show at the back of a torn disc.",
                         "High-intensity zone marker: a bright T2 focus in the posterior annulus, separate from the nucleus (Aprill & Bogduk 1992)."));
      Field hf = [&](const glm::vec3& p) { return spine.hizField(p); };
      addPrim(hn, mesh(hf, box, MeshOptions{0.25f, 250, 0.05f}), "hiz");
    }
  }
}

void Assembler::nerveNodes(int root) {
  int gn = node("nerves", root, info("nerve", "", "Nerves", "The nerves in and leaving the spinal canal.",
                                    "Dural sac with the cauda equina and the L3-S1 nerve roots."));
  int dn = node("nerve.dura", gn, info("nerve", "", "Dural sac", "The fluid-filled sleeve in the spinal canal that carries the nerves.",
                                      "Thecal sac containing the cauda equina, within the lumbar canal and upper sacral canal."));
  Field df = [&](const glm::vec3& p) { return nerveField(spine, nerves.dura, p); };
  Mesh dm = mesh(df, nerves.dura.box(), MeshOptions{0.8f, 2600, 0.2f});
  addPrim(dn, std::move(dm), "dura");
  const auto& vs = spine.vertebrae();
  for (size_t r = 0; r < nerves.roots.size(); ++r) {
    const NerveTube& t = nerves.roots[r];
    int vi = int(r / 2), s = int(r % 2);
    std::string L = vs[vi].spec.name;
    std::string clinical;
    if (vi < 3) {
      std::string above = vi == 0 ? "L2-L3" : spine.discs()[vi - 1].name;
      clinical = "The " + sideWord(s) + " " + L + " root leaves the sac near the " + above + " level, runs down past it and exits the " +
                 spine.discs()[vi].name + " foramen under the " + L + " pedicle.";
    } else {
      clinical = "The " + sideWord(s) + " S1 root crosses the L5-S1 disc (traversing root at that level) descends in the sacral canal and leaves through the first anterior sacral foramen.";
    }
    json e = info("nerve", L, L + " nerve root (" + sideWord(s) + ")",
                  "A nerve that leaves the spine here and runs to the " + sideWord(s) + " leg.", clinical);
    int n = node(t.name, gn, e);
    Field rf = [&, r](const glm::vec3& p) { return nerveField(spine, nerves.roots[r], p); };
    addPrim(n, mesh(rf, t.box(), MeshOptions{0.6f, 750, 0.15f}), "nerve");
  }
}

// Ligaments: a layer of their own, hidden until asked for.
void Assembler::ligamentNodes(int root) {
  int gn = node("ligaments", root,
                info("ligament", "", "Ligaments", "The tough bands that hold the vertebrae together.",
                     "Anterior and posterior longitudinal, flavum, interspinous and supraspinous ligaments and the "
                     "facet joint capsules, L3-S1.",
                     true));
  for (const Ligament& l : buildLigaments(spine)) {
    int n = node(l.name, gn, info("ligament", l.level, l.display, l.plain, l.clinical, true));
    addPrim(n, mesh(l.field, l.box, l.mesh), l.material);
  }
}

void Assembler::hardware(int root) {
  const Disc& dc = spine.discs()[spine.treatedDisc()];
  const std::string lvl = dc.name;
  int hw = node(kHardwareGroup, root, info("hardware", lvl, "Fusion hardware", "The parts used to fuse the level.",
                                      "Posterior instrumentation and interbody fusion at " + lvl + ".", true));
  std::vector<Screw> screws = placeScrews(spine);
  for (const Screw& sc : screws) {
    const Vertebra& v = spine.vertebrae()[sc.vertebra];
    json e = info("hardware", sc.level, "Pedicle screw (" + sc.level + ", " + sideWord(sc.side) + ")",
                  "A titanium screw placed through the pedicle into the vertebral body; it anchors the rod.",
                  fmt("%.1f", kScrewDiameter) + " x " + fmt("%.0f", kScrewLength) + " mm polyaxial pedicle screw on the pedicle axis (transverse angle " +
                      fmt("%.1f", v.spec.pedicleTransverseDeg) + " deg, parallel to the superior endplate).",
                  true);
    e["axis"] = {{"entry", vec(sc.frame.o, 0.001f)}, {"direction", vec(-sc.frame.w)}, {"length", r6(kScrewLength * 0.001f)}};
    int n = node(sc.name, hw, e);
    Field f = [&sc](const glm::vec3& p) { return screwField(sc, p); };
    addPrim(n, mesh(f, screwBox(sc), MeshOptions{0.35f, 1800, 0.2f}), "titanium");
  }
  for (int s = 0; s < 2; ++s) {
    auto path = rodPath(spine, screws, s);
    float len = 0.f;
    for (size_t k = 1; k < path.size(); ++k) len += glm::length(path[k] - path[k - 1]);
    json e = info("hardware", lvl, "Rod (" + sideWord(s) + ")", "A metal rod that joins the screws and holds the level still while it fuses.",
                  fmt("%.1f", kRodDiameter) + " mm rod, " + fmt("%.0f", len) + " mm long, seated in the tulip heads under set screws.", true);
    int n = node(std::string("hardware.rod.") + sideWord(s), hw, e);
    addPrim(n, roundBar(path, kRodDiameter * 0.5f, 14), "titanium");
  }
  json ce = info("hardware", lvl, "Interbody cage", "A spacer placed where the disc was, holding the vertebrae apart at the right height.",
                 "Curved (TLIF-type) PEEK interbody cage sized to the disc space, with two windows packed with graft.", true);
  int cn = node("hardware.cage." + lvl, hw, ce);
  Box db = spine.discBox(spine.treatedDisc());
  Field cf = [&](const glm::vec3& p) { return cageField(spine, p); };
  addPrim(cn, mesh(cf, db, MeshOptions{0.4f, 1600, 0.5f}), "peek");
  int gn = node("hardware.graft." + lvl, hw,
                info("graft", lvl, "Bone graft", "Bone packed inside the cage that helps the two vertebrae grow together.",
                     "Morselised bone graft in the cage windows.", true));
  Field gf = [&](const glm::vec3& p) { return graftField(spine, p); };
  addPrim(gn, mesh(gf, db, MeshOptions{0.4f, 1000, 0.1f}), "graft");
  // Bone bridge with its progress morph target: base = thin seed inside the cage, target = full mass.
  json be = info("graft", lvl, "Bone bridge", "New bone that slowly grows across the disc space and joins the two vertebrae.",
                 "Interbody fusion mass; bridging usually takes months. Morph target 0 drives bridging progress 0..1.", true);
  be["progress"] = {{"morphTarget", 0}, {"range", {0, 1}}};
  int bn = node("hardware.bridge." + lvl, hw, be);
  {
    Field bf = [&](const glm::vec3& p) { return bridgeField(spine, p); };
    Mesh full = mesh(bf, db, MeshOptions{0.6f, 1800, 0.12f});
    if (!full.empty()) {
      Mesh base = full;
      MorphTarget t;
      for (size_t k = 0; k < full.pos.size(); ++k) {
        base.pos[k] = bridgeSeed(spine, full.pos[k]);
        t.dpos.push_back(full.pos[k] - base.pos[k]);
      }
      if (stats) stats->push_back({"hardware.bridge." + lvl + " [graft]", base.triangles(), lap()});
      scene.nodes[bn].prims.push_back(Primitive{std::move(base), "graft", {t}});
      scene.nodes[bn].targetNames = {"progress"};
    }
  }

}

// Sealing: needle and fibrin.
void Assembler::sealing(int root) {
  const std::string lvl = spine.discs()[spine.treatedDisc()].name;
  int pr = node(kProcedureGroup, root, info("needle", lvl, "Fibrin sealing", "The needle and the sealant used to fill the tear.",
                                       "Fluoroscopy-guided posterolateral needle placement into the annular fissure and fibrin sealant delivery (investigational).", true));
  NeedlePath np = planNeedle(spine, nerves);
  json ne = info("needle", lvl, "Spinal needle", "A thin needle, guided by X-ray, whose tip sits in the torn part of the disc.",
                 "22 G spinal needle on a posterolateral oblique (extrapedicular) path, as in discography; tip in the annular fissure.", true);
  ne["path"] = {{"tip", vec(np.tip, 0.001f)}, {"direction", vec(np.dir)}, {"clearance", r6(np.clearance * 0.001f)}};
  int nn = node("procedure.needle", pr, ne);
  {
    float r = kNeedleDiameter * 0.5f;
    std::vector<glm::vec3> path;
    std::vector<float> rad_;
    path.push_back(np.tip + np.dir * 1.4f); rad_.push_back(r);
    for (int k = 1; k <= 8; ++k) { path.push_back(np.tip + np.dir * (kNeedleLength * k / 8.f)); rad_.push_back(r); }
    // Luer hub.
    path.push_back(np.tip + np.dir * (kNeedleLength + 0.01f)); rad_.push_back(1.3f);
    path.push_back(np.tip + np.dir * (kNeedleLength + 12.f)); rad_.push_back(2.4f);
    path.push_back(np.tip + np.dir * (kNeedleLength + 18.f)); rad_.push_back(3.0f);
    path.push_back(np.tip + np.dir * (kNeedleLength + 19.f)); rad_.push_back(3.0f);
    Mesh m = sweepTube(path, rad_, 12, np.tip, path.back());
    addPrim(nn, std::move(m), "steel");
  }
  json fe = info("fibrin", lvl, "Fibrin sealant", "A biological glue delivered through the needle to fill the tear.",
                 "Fibrin sealant volume (investigational intradiscal use). Morph target 0 grows it from a droplet at the needle tip to fill the whole fissure: weight = fill 0..1.",
                 true);
  fe["fill"] = {{"morphTarget", 0}, {"range", {0, 1}}};
  int fn = node("procedure.fibrin", pr, fe);
  if (spine.hasTear()) {
    Field ff = [&](const glm::vec3& p) { return spine.tearInDisc(p) - 0.05f; };
    Mesh full = mesh(ff, spine.discBox(spine.treatedDisc()), MeshOptions{0.35f, 1000, 0.1f});
    if (!full.empty()) {
      Mesh base = full;
      MorphTarget t;
      const float droplet = 0.9f;
      for (size_t k = 0; k < full.pos.size(); ++k) {
        glm::vec3 d = full.pos[k] - np.tip;
        float l = glm::length(d);
        glm::vec3 n = l > 1e-6f ? d / l : glm::vec3(0, 1, 0);
        base.pos[k] = np.tip + n * droplet;
        base.nrm[k] = n;
        t.dpos.push_back(full.pos[k] - base.pos[k]);
        t.dnrm.push_back(full.nrm[k] - n);
      }
      if (stats) stats->push_back({"procedure.fibrin [fibrin]", base.triangles(), lap()});
      scene.nodes[fn].prims.push_back(Primitive{std::move(base), "fibrin", {t}});
      scene.nodes[fn].targetNames = {"fill"};
    }
  }
}

// Ambient occlusion cast by the bones and the annuli (outer surfaces) on the tissues that stay in
// place: bone, disc, nerves and ligaments. The other tissues cast none, so hiding a layer leaves no
// shadow behind (only the band along each rim where the disc meets the bone stays when the annulus is
// hidden; the endplate under it is reached only through the disc's back faces, which cast nothing),
// and the parts a story moves in and out (needle, sealant, hardware, graft) get none. Bones turn
// with each other in the stories' flexion, by at most 10 degrees a level: the contact shadows
// between neighbours are short (occlusion.h reach) and move with the surfaces they lie on.
// The casters, as the model file holds them (positions through metres and back), so that a case
// rebuild, which has only the file's bones, casts exactly what the whole build casts. Each annulus
// casts as if untreated: a tear, a bulge or a level change never moves the shadows on the parts it
// does not rebuild.
std::vector<Mesh> Assembler::casters() {
  auto asWritten = [](Mesh m, float toMm) {
    for (glm::vec3& p : m.pos) p = p * toMm;
    return m;
  };
  auto written = [&](const Mesh& mm) { return asWritten(asWritten(mm, kMetre), 1000.f); };
  std::vector<Mesh> out;
  if (rebuild) {
    for (const Mesh& b : rebuild->bones) out.push_back(asWritten(b, 1000.f));
  } else {
    for (const SceneNode& n : scene.nodes)
      for (const Primitive& p : n.prims)
        if (p.material == "bone.cortical") out.push_back(written(p.mesh));
  }
  for (int d = 0; d < 3; ++d) {
    if (d == spine.treatedDisc()) {
      Field clean = [&, d](const glm::vec3& p) { return spine.cleanAnnulus(d, p); };
      out.push_back(written(mesh(clean, spine.discBox(d), kAnnulusMesh)));
      continue;
    }
    const std::string name = discGroupName(d) + ".annulus";
    auto it = std::find_if(scene.nodes.begin(), scene.nodes.end(), [&](const SceneNode& n) { return n.name == name; });
    if (it != scene.nodes.end()) out.push_back(written(it->prims.front().mesh));
    else out.push_back(asWritten(rebuild->annuli[size_t(d)], 1000.f));
  }
  return out;
}

// Ambient occlusion cast by the bones and the annuli (outer surfaces) on the tissues that stay in
// place: bone, disc, nerves and ligaments. The other tissues cast none, so hiding a layer leaves no
// shadow behind (only the band along each rim where the disc meets the bone stays when the annulus is
// hidden; the endplate under it is reached only through the disc's back faces, which cast nothing),
// and the parts a story moves in and out (needle, sealant, hardware, graft) get none. Bones turn
// with each other in the stories' flexion, by at most 10 degrees a level: the contact shadows
// between neighbours are short (occlusion.h reach) and move with the surfaces they lie on.
void Assembler::bakeAmbient() {
  const std::set<std::string> receivers = {"bone.cortical", "annulus", "nerve", "dura", "ligament", "ligament.flavum"};
  const std::vector<Mesh> meshes = casters();
  std::vector<const Mesh*> cast;
  for (const Mesh& m : meshes) cast.push_back(&m);
  Occluders occ(cast);
  for (SceneNode& n : scene.nodes)
    for (Primitive& p : n.prims)
      if (receivers.count(p.material) && p.targets.empty()) p.mesh.ambient = bakeOcclusion(p.mesh, occ);
  if (stats) stats->push_back({"ambient occlusion (" + std::to_string(occ.triangles()) + " occluding triangles)", 0, lap()});
}

int Assembler::rootNode() {
  json re = info("vertebra", "", "Lumbar spine L3 to S1", "The lower back from the third lumbar vertebra to the top of the sacrum.",
                 "Procedural model of L3-S1 built from published measurements; see models/README.md.");
  re.erase("layer");
  re["units"] = "metre";
  re["frame"] = "+Y up (cranial), +Z anterior, +X patient's left; origin at the centre of the L4-L5 disc";
  re["options"] = {{"level", opt.level}, {"tear", tearName(opt.tear)}, {"grade", opt.grade},
                   {"clockHours", r6(opt.clockHours)}, {"hiz", opt.hiz}, {"leak", leakName(opt.leak)},
                   {"leakSide", sideName(opt.leakSide)}, {"leakSizeMm", r6(opt.leakSizeMm)}};
  if (opt.cellScale != 1.f) re["options"]["cellScale"] = r6(opt.cellScale);
  return node("lumbar_spine", -1, re);
}

Scene Assembler::build() {
  int root = rootNode();
  if (!rebuild) vertebrae(root);
  discs(root);
  if (!rebuild) {
    nerveNodes(root);
    ligamentNodes(root);
  }
  if (!rebuild || rebuild->hardware) hardware(root);
  sealing(root);
  bakeAmbient();
  // Only the materials in use are written, in the fixed order above.
  for (const auto& m : materials()) {
    bool used = false;
    for (const auto& n : scene.nodes)
      for (const auto& p : n.prims) used |= p.material == m.name;
    if (used) scene.materials.push_back(m);
  }
  return std::move(scene);
}

} // namespace

Scene buildModel(const Options& opt, std::vector<PartStat>* stats) {
  Assembler a(opt, stats);
  return a.build();
}

const char* const kHardwareGroup = "hardware";
const char* const kProcedureGroup = "procedure";

std::string discGroupName(int disc) { return "disc." + kLevelNames[size_t(disc)]; }

Scene buildCaseParts(const Options& opt, const CaseRebuild& what, std::vector<PartStat>* stats) {
  Assembler a(opt, stats, &what);
  return a.build();
}

CaseRebuild rebuildBetween(const Options& from, const Options& to) {
  CaseRebuild r;
  r.discs = {levelIndex(to.level)};
  if (from.level != to.level) {
    r.discs.push_back(levelIndex(from.level));
    std::sort(r.discs.begin(), r.discs.end());
    r.hardware = true;
  }
  return r;
}

} // namespace spinegen
