// DaemonProcess: fork/exec of qrmark-verifyd with a port file handshake.
#include "tests/verifyd/daemon_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

namespace qrmark::verifyd::testing {

DaemonProcess::DaemonProcess(const std::vector<std::string>& args) {
  std::string port_file = ::testing::TempDir() + "verifyd_port_" + std::to_string(getpid());
  std::remove(port_file.c_str());
  std::vector<std::string> argv = {QRMARK_VERIFYD_BIN, "--port", "0", "--port-file", port_file};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = fork();
  if (pid_ == 0) {
    std::vector<char*> c;
    for (auto& a : argv) c.push_back(a.data());
    c.push_back(nullptr);
    execv(c[0], c.data());
    _exit(127);
  }
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    std::ifstream in(port_file);
    int p = 0;
    if (in >> p) port_ = static_cast<uint16_t>(p);
    else std::this_thread::sleep_for(std::chrono::milliseconds(25));
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
  }
  std::remove(port_file.c_str());
  EXPECT_NE(port_, 0) << "qrmark-verifyd did not start";
}

int DaemonProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void DaemonProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

DaemonProcess::~DaemonProcess() { Terminate(); }

std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace qrmark::verifyd::testing
