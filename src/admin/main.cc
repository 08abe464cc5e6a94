// qrmark: the admin tool. Dispatches to the registered subcommands.
#include <cstdio>
#include <string>
#include <vector>

#include "src/admin/command.h"

namespace qrmark::admin {
std::map<std::string, CommandInfo>& Commands() {
  static std::map<std::string, CommandInfo> commands;
  return commands;
}
}  // namespace qrmark::admin

namespace {
void PrintUsage() {
  std::printf("usage: qrmark <command> [options]   (qrmark <command> --help for its options)\n\n");
  for (const auto& [name, info] : qrmark::admin::Commands()) {
    std::printf("  %-18s %s\n", name.c_str(), info.summary.c_str());
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    PrintUsage();
    return argc < 2 ? 2 : 0;
  }
  if (std::string(argv[1]) == "--version") {
    std::printf("qrmark %s\n", QRMARK_VERSION);
    return 0;
  }
  auto it = qrmark::admin::Commands().find(argv[1]);
  if (it == qrmark::admin::Commands().end()) {
    std::fprintf(stderr, "qrmark: unknown command '%s'\n\n", argv[1]);
    PrintUsage();
    return 2;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  qrmark::Status status = it->second.run(args);
  if (status.ok()) return 0;
  std::fprintf(stderr, "qrmark %s: %s\n", argv[1], status.ToString().c_str());
  return status.code() == qrmark::StatusCode::kInvalidArgument ? 2 : 1;
}
