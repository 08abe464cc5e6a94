// qrmark-verifyd: the online verifier. main owns the signals only:
// SIGTERM/SIGINT drain and exit 0, SIGHUP reloads, SIGPIPE is ignored.
// Signals are blocked in every thread and taken here with sigtimedwait.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "src/verifyd/config.h"
#include "src/verifyd/daemon.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts

  auto config = qrmark::verifyd::ParseVerifydConfig(std::vector<std::string>(argv + 1, argv + argc));
  if (!config.ok()) {
    bool help = config.status().code() == qrmark::StatusCode::kFailedPrecondition;
    std::fprintf(help ? stdout : stderr, "%s\n", config.status().message().c_str());
    return help ? 0 : 2;
  }
  auto daemon = qrmark::verifyd::Daemon::Start(*config);
  if (!daemon.ok()) {
    std::fprintf(stderr, "qrmark-verifyd: %s\n", daemon.status().ToString().c_str());
    return 1;
  }
  timespec poll{config->poll_interval_ms / 1000, (config->poll_interval_ms % 1000) * 1000000L};
  while (true) {
    int sig = sigtimedwait(&signals, nullptr, &poll);
    if (sig == SIGTERM || sig == SIGINT) break;
    if (sig == SIGHUP) (*daemon)->Reload();
    else (*daemon)->Poll();
  }
  qrmark::Status stopped = (*daemon)->Stop();
  return stopped.ok() ? 0 : 1;
}
