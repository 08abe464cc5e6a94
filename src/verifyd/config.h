// VerifydConfig: every setting of qrmark-verifyd, as a plain struct.
//
// Filled by ParseVerifydConfig (options.cc, the one file using
// Boost.Program_options) from the command line first, then an INI file given
// by --config: a key set on the command line wins. Secrets are never
// options: the bearer token is read from a file.
#ifndef QRMARK_SRC_VERIFYD_CONFIG_H_
#define QRMARK_SRC_VERIFYD_CONFIG_H_

#include <string>
#include <vector>

#include "src/base/status.h"
#include "src/verifyd/http_server.h"
#include "src/verifyd/scan_log.h"

namespace qrmark::verifyd {

struct VerifydConfig {
  ServerOptions server;
  ScanLogOptions scan_log;        // on_commit is wired by the daemon
  std::string keys_dir;           // from `qrmark keygen`
  std::string registry;           // batch registry file
  std::string snapshot_root;      // holds `latest`; empty: no publishing routes
  std::string token_file;         // bearer token for internal routes; empty: they answer 403/401
  std::string region_table;       // CSV cidr,region; empty: none
  std::string port_file;          // if set, the bound port is written here once listening
  int drain_grace_ms = 10000;     // SIGTERM: wait this long for in-flight requests
  int poll_interval_ms = 1000;    // how often the registry and `latest` are checked
};

// The config from `args` (argv without the program name). InvalidArgument
// with the option's help on a bad or missing option; a `--help` request
// returns FailedPrecondition carrying the help text.
[[nodiscard]] Result<VerifydConfig> ParseVerifydConfig(const std::vector<std::string>& args);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_CONFIG_H_
