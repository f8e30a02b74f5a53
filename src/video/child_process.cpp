#include "video/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char** environ;

namespace spineview {

std::optional<std::string> findProgram(const std::string& name) {
  auto executable = [](const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    if (executable(name)) return name;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (executable(candidate)) return candidate;
  }
  return std::nullopt;
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::start(const std::string& program,
                                                          const std::vector<std::string>& arguments,
                                                          bool pipeInput) {
  // A write to a pipe whose reader has gone would otherwise end SpineView with SIGPIPE; with
  // it ignored the write fails with EPIPE and the error carries the program's message.
  ::signal(SIGPIPE, SIG_IGN);
  int in[2], err[2];
  const std::string cannot = "cannot start " + program + ": ";
  if (pipeInput ? ::pipe2(in, O_CLOEXEC) != 0 : (in[0] = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
    return Error{cannot + std::strerror(errno)};
  if (!pipeInput) in[1] = -1;
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(in[0]);
    if (in[1] >= 0) ::close(in[1]);
    return Error{cannot + std::strerror(errno)};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);  // its own group: Ctrl-C is ours to handle

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  auto pipe = std::unique_ptr<ChildProcess>(new ChildProcess());
  const int spawned = ::posix_spawn(&pipe->pid_, program.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(in[0]);
  ::close(err[1]);
  if (spawned != 0) {
    if (in[1] >= 0) ::close(in[1]);
    ::close(err[0]);
    pipe->pid_ = -1;
    return Error{cannot + std::strerror(spawned)};
  }
  pipe->program_ = program;
  pipe->input_ = in[1];
  const int errFd = err[0];
  ChildProcess* self = pipe.get();
  pipe->reader_ = std::thread([self, errFd] {
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::read(errFd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->stderrTail_.append(buffer, size_t(n));
      if (self->stderrTail_.size() > 8192) self->stderrTail_.erase(0, self->stderrTail_.size() - 8192);
    }
    ::close(errFd);
  });
  return pipe;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) stop();
  if (input_ >= 0) ::close(input_);
  if (reader_.joinable()) reader_.join();
}

std::string ChildProcess::messages() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string text = stderrTail_;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text.empty() ? "(no message)" : text;
}

Status ChildProcess::write(const void* data, size_t bytes) {
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::write(input_, p, bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int code = errno;
      // The program stopped reading: it has said why, or will as it exits.
      if (auto exited = waitForExit()) return exited;
      return Error{program_ + " stopped reading: " + std::strerror(code)};
    }
    p += n;
    bytes -= size_t(n);
  }
  return std::nullopt;
}

Status ChildProcess::waitForExit() {
  if (input_ >= 0) {
    ::close(input_);
    input_ = -1;
  }
  int status = 0;
  pid_t done;
  do done = ::waitpid(pid_, &status, 0);
  while (done < 0 && errno == EINTR);
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  if (done < 0) return Error{"cannot wait for " + program_ + ": " + std::strerror(errno)};
  return exitStatus(status);
}

Status ChildProcess::exitStatus(int status) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::nullopt;
  const std::string how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                            : "was stopped by signal " + std::to_string(WTERMSIG(status));
  Error error{program_ + " " + how + ": " + messages()};
  if (WIFEXITED(status)) error.exitCode = WEXITSTATUS(status);
  return error;
}

std::optional<Status> ChildProcess::poll() {
  if (pid_ <= 0) return Status(Error{program_ + " is not running"});
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
  pid_ = -1;
  if (input_ >= 0) {
    ::close(input_);
    input_ = -1;
  }
  if (reader_.joinable()) reader_.join();
  return exitStatus(status);
}

void ChildProcess::signal(int number) {
  if (pid_ > 0) ::kill(pid_, number);
}

Status ChildProcess::finish() {
  if (pid_ <= 0) return Error{program_ + " is not running"};
  return waitForExit();
}

void ChildProcess::stop() {
  if (pid_ <= 0) return;
  if (input_ >= 0) {
    ::close(input_);
    input_ = -1;
  }
  ::kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    ::usleep(10000);
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
}

}  // namespace spineview
