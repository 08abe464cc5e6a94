// DaemonProcess: runs the real qrmark-verifyd binary for process-level tests
// on an ephemeral loopback port, and stops it (SIGTERM, or SIGKILL) at scope exit.
#ifndef QRMARK_TESTS_VERIFYD_DAEMON_PROCESS_H_
#define QRMARK_TESTS_VERIFYD_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qrmark::verifyd::testing {

class DaemonProcess {
 public:
  // Starts the daemon with `args` plus --port 0 --port-file; waits until it listens.
  explicit DaemonProcess(const std::vector<std::string>& args);
  ~DaemonProcess();  // Terminate() if still running

  bool running() const { return pid_ > 0; }
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // SIGTERM and wait; the exit status (-1 if killed by a signal).
  int Terminate();
  // SIGKILL and wait.
  void Kill();

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// Output of a shell command (stdout only).
std::string Shell(const std::string& command);

}  // namespace qrmark::verifyd::testing

#endif  // QRMARK_TESTS_VERIFYD_DAEMON_PROCESS_H_
