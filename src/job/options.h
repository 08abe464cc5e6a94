// Command line + INI file → JobConfig, the one door config enters by.
//
// The command line is parsed before the INI file, so a value given on the
// command line wins over the file's. Every INI key `section.key` may also be
// given as `--section.key value`; the common ones have short forms
// (--as-of, --input, --output-root, --threads, --keys).
#ifndef QRMARK_SRC_JOB_OPTIONS_H_
#define QRMARK_SRC_JOB_OPTIONS_H_

#include <string>

#include "src/base/status.h"
#include "src/job/job_config.h"

namespace qrmark::job {

struct ParsedOptions {
  bool help = false;       // --help or --version was asked for: print `text`, exit 0
  std::string text;
  JobConfig config;
};

// InvalidArgument on an unknown option, a bad value (with the key and the
// value), an unreadable config file, or an inconsistent combination.
Result<ParsedOptions> ParseJobOptions(int argc, const char* const* argv);

}  // namespace qrmark::job

#endif  // QRMARK_SRC_JOB_OPTIONS_H_
