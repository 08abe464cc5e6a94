// ParseSubcommandOptions: store, answer --help before any required option is
// checked, then notify (which checks them and fills the variables).
#include "src/admin/parse_options.h"

#include <iostream>
#include <sstream>

namespace qrmark::admin {

namespace po = boost::program_options;

Result<Parsed> ParseSubcommandOptions(const std::vector<std::string>& args, po::options_description& desc,
                                      const po::positional_options_description& positional) {
  desc.add_options()("help,h", "show this help");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << desc;
      return Parsed::kHelpShown;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::ostringstream help;
    help << desc;
    return InvalidArgument(std::string(e.what()) + "\n" + help.str());
  }
  return Parsed::kRun;
}

}  // namespace qrmark::admin
