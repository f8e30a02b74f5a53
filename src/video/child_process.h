// A program run as a child process: the ffmpeg encoder, with raw frames on its standard input,
// or a headless spineview --export that the window runs while it keeps answering. What it
// writes to its standard error is kept (the last 8 KiB) for progress and error reports. It runs
// in a process group of its own, so Ctrl-C in a terminal reaches only SpineView, which then
// stops it.
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

class ChildProcess {
 public:
  // pipeInput: its standard input is a pipe for write(); otherwise /dev/null.
  static Result<std::unique_ptr<ChildProcess>> start(const std::string& program,
                                                     const std::vector<std::string>& arguments,
                                                     bool pipeInput);
  ~ChildProcess();  // stops the program if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Blocks while the program is busy; fails with its own message once it has stopped reading.
  Status write(const void* data, size_t bytes);
  // Ends the input and waits: the program's exit status decides, its messages explain.
  Status finish();
  // Without waiting: empty while it runs, then how it ended (as finish() says it).
  std::optional<Status> poll();
  // Sends it a signal (SIGINT asks spineview --export to stop cleanly).
  void signal(int number);
  // Stops the program (SIGTERM, then SIGKILL after a second) and waits for it.
  void stop();
  // The last lines it wrote to its standard error.
  std::string messages();

 private:
  ChildProcess() = default;
  Status waitForExit();
  Status exitStatus(int status);

  std::string program_;
  pid_t pid_ = -1;
  int input_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::string stderrTail_;
};

}  // namespace spineview
