// A patient's case applied to the generated model: the options a model was built with, the
// parts a change rebuilds (modelgen's buildCaseParts, from the bones the scene already has),
// spliced into a copy of the scene in place of the groups they replace, so that the result is,
// node for node, the scene that importing the whole model built for that case would give.
// CaseBuilder does it on a background thread; the caller keeps showing its scene meanwhile.
#pragma once
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "modelgen/options.h"
#include "scene/scene.h"

namespace spineview {

// The generator's options in the scene's root extras; none for a model spinegen did not make
// (a case then cannot apply to it).
std::optional<spinegen::Options> modelOptions(const Scene& scene);

// The scene with the root's children named like `parts`' root children replaced by those
// subtrees (in place, in the parts' order) and the root's extras by the parts' root extras.
Scene spliceParts(const Scene& base, const Scene& parts);

// The scene for case `to`: `scene` itself when it already shows it, else rebuilt and spliced.
Result<Scene> applyCase(const Scene& scene, const spinegen::Options& to);

// One rebuild at a time on a worker thread. start() while one runs replaces what is asked next
// (only the latest request is built); poll() hands back a finished result once.
class CaseBuilder {
 public:
  ~CaseBuilder();
  void start(const Scene& scene, const spinegen::Options& to);
  bool busy() const { return running_.valid() || next_.has_value(); }
  // The finished scene (or why it failed) and the options it was built for.
  struct Done {
    Result<Scene> scene;
    spinegen::Options options;
    double seconds;
  };
  std::optional<Done> poll();

 private:
  struct Request {
    std::shared_ptr<const Scene> scene;
    spinegen::Options to;
  };
  void launch(Request request);
  std::future<Done> running_;
  std::optional<Request> next_;
};

}  // namespace spineview
