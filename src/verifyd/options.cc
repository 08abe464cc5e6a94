// Boost.Program_options → VerifydConfig: command line first, then INI.
#include <boost/program_options.hpp>
#include <fstream>
#include <sstream>

#include "src/verifyd/config.h"

namespace qrmark::verifyd {
namespace po = boost::program_options;

namespace {

po::options_description Describe(VerifydConfig& c, std::string* config_file) {
  Limits& l = c.server.limits;
  po::options_description d("qrmark-verifyd options (INI keys have the same names)");
  d.add_options()
      ("help", "print this help")
      ("config", po::value(config_file), "INI file; command-line values win over it")
      ("listen", po::value(&c.server.address)->default_value("127.0.0.1"), "address to bind")
      ("port", po::value(&c.server.port)->default_value(8080), "TCP port; 0 picks a free one")
      ("threads", po::value(&c.server.threads)->default_value(0), "io threads; 0 = one per core")
      ("port-file", po::value(&c.port_file), "write the bound port here once listening")
      ("keys", po::value(&c.keys_dir)->required(), "directory made by `qrmark keygen`")
      ("registry", po::value(&c.registry)->required(), "batch registry file (`qrmark issue`)")
      ("scan-log", po::value(&c.scan_log.dir)->required(), "scan-log directory (sealed *.seg for the job)")
      ("commit-interval-us", po::value(&c.scan_log.commit_interval_us)->default_value(0), "extra group-commit gather time, microseconds (0: a group is what queued during the previous fsync)")
      ("segment-records", po::value(&c.scan_log.max_segment_records)->default_value(1u << 20), "rotate a segment at this many records")
      ("segment-age-s", po::value(&c.scan_log.max_segment_age_s)->default_value(3600), "rotate a non-empty segment this old, seconds")
      ("snapshot-root", po::value(&c.snapshot_root), "directory holding `latest` (nightly snapshots)")
      ("token-file", po::value(&c.token_file), "file holding the bearer token of the internal routes")
      ("region-table", po::value(&c.region_table), "CSV of cidr,region for clients that send no region")
      ("max-request-bytes", po::value(&l.max_request_bytes)->default_value(8192), "request line + headers, bytes")
      ("max-headers", po::value(&l.max_header_count)->default_value(64), "header fields per request")
      ("max-connections", po::value(&l.max_connections)->default_value(10000), "open connections")
      ("idle-timeout-ms", po::value(&l.idle_timeout_ms)->default_value(10000), "time to receive a whole request")
      ("invalid-burst", po::value(&l.invalid_burst)->default_value(20), "invalid codes a client may send at once")
      ("invalid-per-s", po::value(&l.invalid_refill_per_s)->default_value(1), "then this many per second")
      ("drain-grace-ms", po::value(&c.drain_grace_ms)->default_value(10000), "SIGTERM: wait for in-flight requests")
      ("poll-interval-ms", po::value(&c.poll_interval_ms)->default_value(1000), "check registry and `latest` this often");
  return d;
}

}  // namespace

Result<VerifydConfig> ParseVerifydConfig(const std::vector<std::string>& args) {
  VerifydConfig c;
  std::string config_file;
  po::options_description desc = Describe(c, &config_file);
  std::ostringstream help;
  help << desc;
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    if (vm.count("help")) return FailedPrecondition(help.str());
    if (vm.count("config")) {
      std::ifstream in(vm["config"].as<std::string>());
      if (!in) return InvalidArgument("cannot read --config " + vm["config"].as<std::string>());
      po::store(po::parse_config_file(in, desc), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return InvalidArgument(std::string(e.what()) + "\n" + help.str());
  }
  return c;
}

}  // namespace qrmark::verifyd
