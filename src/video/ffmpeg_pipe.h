// The ffmpeg program as a child process: raw frames go to its standard input, its messages
// are kept for the error report. It runs in a process group of its own, so Ctrl-C in the
// terminal reaches only SpineView, which then stops it and removes what it wrote.
#pragma once
#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace spineview {

// The program's path on $PATH (a name with a '/' is taken as it is), if it is there and
// executable.
std::optional<std::string> findProgram(const std::string& name);

class FfmpegPipe {
 public:
  static Result<std::unique_ptr<FfmpegPipe>> start(const std::string& program,
                                                   const std::vector<std::string>& arguments);
  ~FfmpegPipe();  // stops the program if it still runs
  FfmpegPipe(const FfmpegPipe&) = delete;
  FfmpegPipe& operator=(const FfmpegPipe&) = delete;

  // Blocks while ffmpeg is busy; fails with ffmpeg's own message once it has stopped reading.
  Status write(const void* data, size_t bytes);
  // Ends the input and waits: the program's exit status decides, its messages explain.
  Status finish();
  // Stops the program (SIGTERM, then SIGKILL after a second) and waits for it.
  void stop();

 private:
  FfmpegPipe() = default;
  std::string messages();  // the last lines ffmpeg wrote to its standard error
  Status waitForExit();

  pid_t pid_ = -1;
  int input_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::string stderrTail_;
};

}  // namespace spineview
