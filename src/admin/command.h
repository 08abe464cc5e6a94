// The `qrmark` admin tool's subcommands register themselves here.
//
// Each subcommand lives in its own <name>_command.cc and registers with
// QRMARK_REGISTER_COMMAND; main.cc only dispatches. A subcommand parses its
// own options (Boost.Program_options), returns a Status, and never exits:
// main turns the Status into the exit code (2 for usage errors, 1 otherwise).
//
// Example:
//   Status RunGen(const std::vector<std::string>& args);
//   QRMARK_REGISTER_COMMAND(gen, "generate synthetic scans and a catalog", RunGen);
#ifndef QRMARK_SRC_ADMIN_COMMAND_H_
#define QRMARK_SRC_ADMIN_COMMAND_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "src/base/status.h"

namespace qrmark::admin {

// `args` excludes the program and subcommand names.
using CommandFn = std::function<Status(const std::vector<std::string>& args)>;

struct CommandInfo {
  std::string summary;  // one line for `qrmark --help`
  CommandFn run;
};

// Name → command, sorted by name. Filled before main by the registrars.
std::map<std::string, CommandInfo>& Commands();

struct CommandRegistrar {
  CommandRegistrar(const char* name, const char* summary, CommandFn run) {
    Commands()[name] = CommandInfo{summary, std::move(run)};
  }
};

}  // namespace qrmark::admin

#define QRMARK_REGISTER_COMMAND(name, summary, fn) \
  static ::qrmark::admin::CommandRegistrar qrmark_command_##name(#name, summary, fn)

#endif  // QRMARK_SRC_ADMIN_COMMAND_H_
