// What the generator is asked to build: the treated level, the tear and the leaked material (a
// patient's case, src/case/), and the grid's coarseness. The words each choice is written as, in
// the model's root extras, in case files and on every command line, are declared here once.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace spinegen {

enum class TearType { Radial, Circumferential, Rim };

// Disc material beyond the annulus's usual outline. The zone decides which root it meets:
// paracentral (subarticular) the traversing root, below the disc; foraminal the exiting root,
// above it; central presses on the dural sac and meets no root; a contained bulge meets nothing.
enum class Leak { None, Bulge, Central, Paracentral, Foraminal };

struct Options {
  std::string level = "L4-L5"; // treated disc: "L3-L4", "L4-L5" or "L5-S1"
  TearType tear = TearType::Radial;
  int grade = 5;               // modified Dallas grade 0-5
  float clockHours = 7.5f;     // axial view from above, 12 = anterior, 3 = patient's right, 9 = left
  bool hiz = true;
  Leak leak = Leak::Foraminal;
  int leakSide = 0;            // 0 the patient's left, 1 right (a central leak and a bulge ignore it)
  float leakSizeMm = 4.f;      // how far the material reaches beyond the disc (kLeakSizeMm range)
  float cellScale = 1.f;       // grid cell multiplier; --draft uses a coarser grid for quick previews and tests

  // Everything that decides the case's geometry, compared as written (cellScale excluded).
  bool sameCase(const Options& o) const;
};

constexpr float kLeakSizeMinMm = 2.f, kLeakSizeMaxMm = 7.f;

extern const std::vector<std::string> kLevelNames;  // "L3-L4", "L4-L5", "L5-S1"
extern const std::vector<std::string> kTearNames;   // in TearType order
extern const std::vector<std::string> kLeakNames;   // in Leak order: "none", "bulge", ...
extern const std::vector<std::string> kSideNames;   // "left", "right"

const char* tearName(TearType t);
const char* leakName(Leak l);
const char* sideName(int side);
std::optional<TearType> parseTear(const std::string& name);
std::optional<Leak> parseLeak(const std::string& name);
std::optional<int> parseSide(const std::string& name);
int levelIndex(const std::string& level); // 0..2, -1 when unknown

// The vertebrae above and below the treated disc ("L4", "L5" at L4-L5).
std::string upperVertebra(const std::string& level);
std::string lowerVertebra(const std::string& level);
// The root the leaked material meets, as a node name ("nerve.root.L4.left"), "" when none:
// paracentral meets the traversing root (the lower vertebra's), foraminal the exiting root (the
// upper vertebra's), on the leak's side (ANATOMY.md, "Where leaked disc material meets a root").
std::string touchedRoot(const Options& o);
std::string touchedRootVertebra(const Options& o); // "L4" for the root above, "" when none

// Why the options cannot be built ("" when they can): unknown level, grade out of 0-5, ...
std::string invalidReason(const Options& o);

} // namespace spinegen
