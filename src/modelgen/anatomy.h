// Anatomical and hardware constants for the generated lumbar model, in millimetres and degrees.
// Every value names its source beside it; values marked UNSOURCED are working values chosen to look
// right and are listed in models/README.md so that they can be replaced from a published table.
#pragma once

namespace spinegen {

struct VertebraSpec {
  const char* name;
  float endplateWidth;      // lateral width of the endplate
  float depthSup, depthInf; // mid-sagittal AP depth of the superior / inferior endplate
  float heightAnt, heightPost;
  float pedicleWidth, pedicleHeight;
  float canalWidth, canalDepth; // interpedicular distance; posterior wall to lamina at the midline
  float pedicleTransverseDeg;   // pedicle axis to the sagittal plane, converging anteriorly
  float concavitySup, concavityInf; // endplate concavity depth
  float transverseLength;       // tip of a transverse process from the pedicle end
  float spinousLength;
  bool sacrum;
};

// Endplate concavity: 1.5 mm for the cranial endplate of a disc (= inferior endplate of the vertebra
// above), 0.7 mm for the caudal endplate (= superior endplate of the vertebra below); central concave
// part ~70% of the diameter; ring apophysis 3-7 mm wide. Wang, Battie & Videman 2012, Eur Spine J 21:2316.
constexpr float kConcavityCranial = 1.5f;
constexpr float kConcavityCaudal = 0.7f;
constexpr float kConcaveFraction = 0.70f;

// L3 and L4 rows: ANATOMY.md working values (UNSOURCED): endplate width 47/49, depth 34/35, body height 27.
// Pedicle width widens from L1 to L5 (Duzkalir et al. 2015, J Turk Spinal Surg 26(2):97, CT, n=86); L5
// 12.2: 12.18+-1.71 mm, left side, 50 dry adult vertebrae measured at Chitwan Medical College, Nepal, in
// 2020 ("Morphometric study of lumbar vertebral pedicles"). L3 9.0 and L4 10.5 are UNSOURCED working values on that
// trend. Pedicle transverse angle L4 14.5+-3.9: Global Spine J 2022;12(3):359. L3/L4 pedicle height 14,
// canal width 24/25 and depth 15.5, L3 transverse angle 12: UNSOURCED working values.
// Transverse-process and spinous-process lengths: UNSOURCED shape values.
// L5 row: Cook & Baker 2021, Int J Spine Surg 15(6):1072, Table 6 (CT, n=196): body height 30.3+-1.9 /
// 26.3+-1.9, endplate depth 35.7+-3.5 / 35.3+-3.6, pedicle height 12.9+-1.9, canal depth 15.6+-2.1, canal
// width 28.2+-3.1. L5 pedicle width 12.2 (above; Cook & Baker's 16.1 uses a wider definition).
// L5 transverse angle 20.7+-3.8: Global Spine J 2022. L5 endplate width 50 UNSOURCED.
// S1: endplate depth taken equal to the L5 inferior endplate (35.3, Cook & Baker) so the disc L5-S1 meets
// matching endplates; width 50, canal 30 x 14, pedicle 14 x 16, transverse angle 25: UNSOURCED.
// S1's superior endplate is the caudal endplate of L5-S1 (0.7 mm, Wang 2012).
constexpr VertebraSpec kL3{"L3", 47.f, 34.f, 34.f, 27.f, 27.f, 9.0f, 14.f, 24.f, 15.5f, 12.f,
                           kConcavityCaudal, kConcavityCranial, 21.f, 30.f, false};
constexpr VertebraSpec kL4{"L4", 49.f, 35.f, 35.f, 27.f, 27.f, 10.5f, 14.f, 25.f, 15.5f, 14.5f,
                           kConcavityCaudal, kConcavityCranial, 18.f, 28.f, false};
constexpr VertebraSpec kL5{"L5", 50.f, 35.7f, 35.3f, 30.3f, 26.3f, 12.2f, 12.9f, 28.2f, 15.6f, 20.7f,
                           kConcavityCaudal, kConcavityCranial, 13.f, 24.f, false};
constexpr VertebraSpec kS1{"S1", 50.f, 35.3f, 35.3f, 28.f, 28.f, 14.f, 16.f, 30.f, 14.f, 25.f,
                           kConcavityCaudal, 0.f, 0.f, 10.f, true};

// Kidney shape: posterior border flat to slightly concave (ANATOMY.md shape notes); indentation depth
// 1.5 mm and body waist 2.2 mm (concave front and sides at mid-height): UNSOURCED shape values.
constexpr float kPosteriorIndent = 1.5f;
constexpr float kBodyWaist = 3.2f;
// Raised ring-apophysis lip height relative to the flat rim: UNSOURCED, kept small (0.15 mm).
constexpr float kRimLip = 0.15f;
// Rounded edge of the ring apophysis where the endplate meets the side wall (smooth-max blend radius):
// UNSOURCED shape value. The disc edge is rounded with the same radius, so the two meet on the shared rim
// line. 0.6 mm is the most the disc/endplate coincidence test allows (p99 < 0.3 mm; 0.7 gave 0.301 at
// L5-S1, 1.2 gave 0.35-0.42): a larger rounding needs the disc to follow the bone's rounded rim.
constexpr float kRimRound = 0.6f;
// Each part of a vertebra reaches this far past its region boundary into its neighbour, so the visible
// junction is a clean crossing of two copies of the same surface (no seam line): UNSOURCED mesh value.
constexpr float kPartOverlap = 1.5f;
// Near its cut a part's surface sinks under its neighbour's, linearly to this depth at the cut, so the
// cut's edge never pokes through the neighbour (a dark fleck or line) after simplification moved it by
// up to 0.2 mm: UNSOURCED mesh value.
constexpr float kPartSink = 0.6f;

// Cortical shell thickness 0.5-1 mm (ANATOMY.md, UNSOURCED); 0.8 mm used for the inner surface offset.
constexpr float kCorticalShell = 0.8f;

// Discs. Anterior heights L3-4 9.3, L4-5 10.9, L5-S1 12.4 (9.30 / 10.94 / 12.41): Onishi et al. 2019,
// Interdiscip Neurosurg 18 (MRI, 900 discs). Posterior height 7: ANATOMY.md working value (UNSOURCED).
// Each wedge follows from the two heights over the endplate depth (about 3.8, 6.4 and 8.7 deg).
struct DiscSpec {
  const char* name;
  float heightAnt; // <= 0: derived from the wedge angle
  float heightPost;
  float wedgeDeg;  // used when heightAnt <= 0
};
constexpr DiscSpec kDiscL3L4{"L3-L4", 9.3f, 7.f, 0.f};
constexpr DiscSpec kDiscL4L5{"L4-L5", 10.9f, 7.f, 0.f};
constexpr DiscSpec kDiscL5S1{"L5-S1", 12.4f, 7.f, 0.f};

// Nucleus: 64.0% of the sagittal disc length, anterior annulus 20.5%, posterior annulus 15.6%:
// "In vivo morphological features of human lumbar discs", Medicine 2014. Lateral annulus 18% of the
// width: UNSOURCED interpolation.
constexpr float kAnnulusAntFraction = 0.205f;
constexpr float kAnnulusPostFraction = 0.156f;
// Nucleus share of the sagittal length per disc: 64.0% at L4-5 and 72.4% at L5-S1 (same source; the
// annulus keeps its anterior/posterior split); L3-4 takes the L4-5 value (UNSOURCED).
constexpr float kNucleusShare[3] = {0.640f, 0.640f, 0.724f};
constexpr float kAnnulusLatFraction = 0.18f;
// Outward bulge of the annulus at mid-height beyond the vertebral rim: UNSOURCED (1.2 mm).
constexpr float kAnnulusBulge = 1.2f;
// A contained bulge (a case's leak "bulge") pushes the back of the wall out by this share of the
// leak size at its crest: UNSOURCED (shape chosen to read as a broad-based bulge).
constexpr float kBulgeShare = 0.45f;
// 15-25 concentric lamellae: Marchand & Ahmed 1990, Spine 15:402. 20 chosen.
constexpr int kLamellae = 20;
// Collagen fibre angle +-30 deg to the circumferential direction, alternating: Elliott et al. 1997.
constexpr float kFibreAngleDeg = 30.f;

// Sacral slope 41+-8.4 deg in asymptomatic adults: Vialle et al. 2005, J Bone Joint Surg Am 87:260.
constexpr float kSacralSlopeDeg = 41.f;
// Sacrum cut this far under the S1 superior endplate, through the top of S2, so that the first sacral
// foramina are whole: modelling choice.
constexpr float kSacrumCut = 42.f;
// Depth over which S1's body and lateral masses narrow by the fractions in Vertebra::outline and
// Vertebra::sacralWings: the height of the S1 segment, UNSOURCED shape value.
constexpr float kS1Segment = 30.f;
// First sacral foramina, 108 dry sacra (Saluja et al. 2018, J Clin Diagn Res 12(6):AC01): anterior
// 12.97 mm high x 12.23 wide, posterior 10.36 x 7.66. Their centre 26 mm under the S1 endplate, at the
// S1-S2 junction, and their lateral positions: UNSOURCED working values.
constexpr float kAntForamenHeight = 12.97f, kAntForamenWidth = 12.23f;
constexpr float kPostForamenHeight = 10.36f, kPostForamenWidth = 7.66f;
constexpr float kForamenDepth = 26.f;

// Facet joint orientation to the sagittal plane, mean of 620 CT scans: 30.4 deg at L2-3, 38.7 at L3-4,
// 47 at L4-5 and 47.3 at L5-S1. Jentzsch et al. 2013, Radiol Res Pract 2013:693971, doi 10.1155/2013/693971.
// L2-3 is the joint of L3's superior processes (L2 is not modelled).
constexpr float kFacetDegL2L3 = 30.4f;
constexpr float kFacetDegL3L4 = 38.7f;
constexpr float kFacetDegL4L5 = 47.f;
constexpr float kFacetDegL5S1 = 47.3f;
// Bone-to-bone facet gap (articular cartilage and joint space): UNSOURCED 1.6 mm.
constexpr float kFacetGap = 1.6f;

// Pedicle length from the posterior body wall to the base of the articular pillar, lamina thickness:
// UNSOURCED shape values.
constexpr float kPedicleLength = 13.f;
constexpr float kLaminaThickness = 6.f;

// Pedicle sagittal angle: the screw and pedicle axes run parallel to the superior endplate
// ("straight-forward" trajectory). This is a stated modelling choice (UNSOURCED).
constexpr float kPedicleSagittalDeg = 0.f;

// Hardware. Pedicle screw 6.5 x 45 mm (typical lumbar, range 5.5-7.5 / 40-55): UNSOURCED per ANATOMY.md.
constexpr float kScrewDiameter = 6.5f;
constexpr float kScrewLength = 45.f;
constexpr float kScrewMinorDiameter = 4.8f; // UNSOURCED
constexpr float kScrewPitch = 2.8f;         // UNSOURCED
// Rod diameter 5.5 (5.5 or 6.0): UNSOURCED per ANATOMY.md. Single-level L4-5 rod about 35 mm:
// Huang et al. 2022, Front Bioeng Biotechnol (our rod spans the two tulips plus 5 mm overhang each end).
constexpr float kRodDiameter = 5.5f;
constexpr float kRodOverhang = 5.f;
// Cage: PLIF cages 20-27 mm long (Landham et al. 2017, Eur Spine J 26:2843); TLIF cage height at L4-5
// 12.1+-1.4 (Wang et al. 2016, BMC Musculoskelet Disord 17:9). Our cage height follows the disc space;
// its width 10 mm: UNSOURCED.
constexpr float kCageWidth = 10.f;
constexpr float kCageArcDeg = 100.f;
// Spinal needle: 22 G (gauge UNSOURCED per ANATOMY.md); 22 G outer diameter 0.72 mm (ISO 9626 nominal
// range 0.698-0.730 mm); 3.5 inch (89 mm) shaft: UNSOURCED common length.
constexpr float kNeedleDiameter = 0.72f;
constexpr float kNeedleLength = 89.f;

} // namespace spinegen
