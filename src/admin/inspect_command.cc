// `qrmark inspect PATH`: a human summary of a snapshot (io/snapshot/summary.h).
//
// PATH is a snapshot directory, a publish root (its `latest` is used) or a
// snapshot.h5 file. Reads with the serial HDF5 API; needs no MPI and no key
// (use `qrmark verify-snapshot` to check the signature).
#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "io/snapshot/h5_reader.h"
#include "io/snapshot/summary.h"
#include "src/admin/command.h"
#include "src/admin/parse_options.h"

namespace qrmark::admin {
namespace {
namespace po = boost::program_options;

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The snapshot.h5 that PATH names; NotFound saying what was tried.
Result<std::string> ResolveSnapshotFile(const std::string& path) {
  for (const std::string& candidate : {path, path + "/snapshot.h5", path + "/latest/snapshot.h5"}) {
    if (IsFile(candidate)) return candidate;
  }
  return NotFound("no snapshot at " + path + " (tried it as a file, " + path + "/snapshot.h5 and " +
                  path + "/latest/snapshot.h5)");
}

// PATH, or "" after printing --help.
Result<std::string> ParseInspect(const std::vector<std::string>& args) {
  std::string path;
  po::options_description desc("qrmark inspect PATH (snapshot dir, publish root or snapshot.h5)");
  desc.add_options()("path", po::value(&path), "what to inspect");
  po::positional_options_description pos;
  pos.add("path", 1);
  QRMARK_ASSIGN_OR_RETURN(Parsed parsed, ParseSubcommandOptions(args, desc, pos));
  if (parsed == Parsed::kHelpShown) return std::string();
  if (path.empty()) return InvalidArgument("give the snapshot to inspect: qrmark inspect PATH");
  return path;
}

Status RunInspect(const std::vector<std::string>& args) {
  QRMARK_ASSIGN_OR_RETURN(std::string path, ParseInspect(args));
  if (path.empty()) return Status::Ok();
  QRMARK_ASSIGN_OR_RETURN(std::string file, ResolveSnapshotFile(path));
  QRMARK_ASSIGN_OR_RETURN(snapshot::H5Reader reader, snapshot::H5Reader::Open(file));
  QRMARK_ASSIGN_OR_RETURN(std::string summary, snapshot::SummarizeSnapshot(reader));
  std::cout << "snapshot file: " << file << "\n" << summary;
  return Status::Ok();
}

}  // namespace

QRMARK_REGISTER_COMMAND(inspect, "print a human summary of a snapshot", RunInspect);

}  // namespace qrmark::admin
