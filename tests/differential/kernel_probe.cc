#include "differential/kernel_probe.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "differential/kernel_netns.h"

namespace portlab::differential {

absl::Status Shell(const std::string& command) {
  const std::string quiet = command + " >/dev/null 2>&1";
  const int rc = std::system(quiet.c_str());
  if (rc != 0) return absl::InternalError(absl::StrCat("`", command, "` failed (status ", rc, ")"));
  return absl::OkStatus();
}

absl::StatusOr<std::string> RunInNetns(const std::function<std::string()>& probe) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    if (absl::Status s = EnterPrivateNetns(); !s.ok()) {
      out = absl::StrCat("!", s.message());
    } else {
      out = probe();
    }
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = write(fds[1], out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    _exit(0);  // no atexit handlers: they belong to the parent
  }
  close(fds[1]);
  std::string text;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("probe child died (wait status ", status, ")"));
  }
  if (!text.empty() && text[0] == '!') return absl::FailedPreconditionError(text.substr(1));
  return text;
}

}  // namespace portlab::differential
