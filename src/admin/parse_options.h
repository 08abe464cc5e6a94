// Option parsing shared by the `qrmark` subcommands, so that every one of
// them answers -h/--help the same way: the usage line and the options on
// stdout, exit 0, and no other check (required options may be missing).
// A bad, unknown or missing option is InvalidArgument with Boost's message
// and the same help text, which main turns into exit code 2.
//
// Example:
//   po::options_description desc("qrmark gen --out DIR [options]");
//   desc.add_options()("out", po::value(&out)->required(), "output directory");
//   QRMARK_ASSIGN_OR_RETURN(Parsed parsed, ParseSubcommandOptions(args, desc));
//   if (parsed == Parsed::kHelpShown) return Status::Ok();
#ifndef QRMARK_SRC_ADMIN_PARSE_OPTIONS_H_
#define QRMARK_SRC_ADMIN_PARSE_OPTIONS_H_

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "src/base/status.h"

namespace qrmark::admin {

enum class Parsed { kRun, kHelpShown };

// Adds -h/--help to `desc`, then parses `args` (the arguments after the
// subcommand's name) into the variables `desc` names.
[[nodiscard]] Result<Parsed> ParseSubcommandOptions(
    const std::vector<std::string>& args, boost::program_options::options_description& desc,
    const boost::program_options::positional_options_description& positional = {});

}  // namespace qrmark::admin

#endif  // QRMARK_SRC_ADMIN_PARSE_OPTIONS_H_
