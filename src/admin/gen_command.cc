// `qrmark gen`: a deterministic synthetic data set (scans and catalog).
//
// Parses the options, then calls synth::Generate (src/synth/generator.h),
// which does the work and says what each output file holds.
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>
#include <optional>

#include "src/admin/command.h"
#include "src/admin/parse_options.h"
#include "src/base/civil_time.h"
#include "src/synth/generator.h"

namespace qrmark::admin {
namespace {
namespace po = boost::program_options;

// The options, or nullopt after printing --help.
Result<std::optional<synth::GenOptions>> ParseGen(const std::vector<std::string>& args) {
  synth::GenOptions o;
  std::string end_date, format = "scanlog";
  po::options_description desc("qrmark gen --out DIR [options]");
  desc.add_options()("out", po::value(&o.out_dir)->required(),
                     "output directory (created; existing outputs are not overwritten)")(
      "scans", po::value(&o.scans)->default_value(o.scans), "number of scans")(
      "users", po::value(&o.users)->default_value(o.users), "number of distinct users (lognormal activity)")(
      "products", po::value(&o.products)->default_value(o.products), "number of products (Zipf popularity)")(
      "days", po::value(&o.days)->default_value(o.days), "days of scans, ending on --end-date")(
      "end-date", po::value(&end_date)->required(), "last day, YYYY-MM-DD (UTC)")(
      "seed", po::value(&o.seed)->default_value(o.seed), "random seed: same arguments, same bytes")(
      "format", po::value(&format)->default_value(format), "scanlog | csv | both")(
      "segment-records", po::value(&o.segment_records)->default_value(o.segment_records),
      "records per scan-log segment file");
  QRMARK_ASSIGN_OR_RETURN(Parsed parsed, ParseSubcommandOptions(args, desc));
  if (parsed == Parsed::kHelpShown) return std::optional<synth::GenOptions>();
  if (format != "scanlog" && format != "csv" && format != "both") {
    return InvalidArgument("--format must be scanlog, csv or both, not '" + format + "'");
  }
  o.write_scanlog = format != "csv";
  o.write_csv = format != "scanlog";
  QRMARK_ASSIGN_OR_RETURN(o.end_date_s, ParseUtcInstant(end_date));
  o.end_date_s = FloorToDay(o.end_date_s);
  return std::optional<synth::GenOptions>(std::move(o));
}

Status RunGen(const std::vector<std::string>& args) {
  QRMARK_ASSIGN_OR_RETURN(std::optional<synth::GenOptions> parsed, ParseGen(args));
  if (!parsed) return Status::Ok();
  const synth::GenOptions& opt = *parsed;
  const auto start = std::chrono::steady_clock::now();
  QRMARK_ASSIGN_OR_RETURN(synth::GenSummary summary, synth::Generate(opt));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "generated " << summary.scans << " scans in " << s << " s:\n";
  for (const std::string& f : summary.files) std::cout << "  " << f << "\n";
  return Status::Ok();
}

}  // namespace

QRMARK_REGISTER_COMMAND(gen, "generate synthetic scans and a product catalog", RunGen);

}  // namespace qrmark::admin
