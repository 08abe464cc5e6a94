// Boost.Program_options for qrmark-job: the only file that sees Boost.PO.
#include "src/job/options.h"

#include <boost/program_options.hpp>
#include <fstream>
#include <sstream>

namespace qrmark::job {
namespace po = boost::program_options;
namespace {

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    const size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

// The INI keys, each also a --section.key option. Defaults come from JobConfig.
po::options_description ConfigKeys(JobConfig& c, std::string& features, std::string& tiers,
                                   std::string& strategies) {
  po::options_description d("Config keys (INI `key = value` under [section], or --section.key)");
  auto& csv = c.csv;
  d.add_options()
    ("input.paths", po::value(&c.inputs)->multitoken()->composing(), "input files or directories (a directory: its sealed *.seg segments; with input.format = csv its *.csv files); repeatable")
    ("input.format", po::value(&c.input_format)->default_value(c.input_format), "auto (by extension) | scanlog | csv")
    ("input.catalog", po::value(&c.catalog), "product catalog CSV (product_id,sku,name,category,tags,price_cents)")
    ("csv.user", po::value(&csv.user), "column holding the user id (with no [csv] column set, the layout of `qrmark gen`'s scans.csv)")
    ("csv.user_is_pseudonymous", po::value(&csv.user_is_pseudonymous)->default_value(false), "true: keep the numeric user id as the key (it is already pseudonymous); false: replace it by its keyed hash")
    ("csv.timestamp", po::value(&csv.timestamp), "column holding the scan time")
    ("csv.timestamp_format", po::value(&csv.timestamp_format)->default_value(csv.timestamp_format), "strftime-style format, or unix_s / unix_ms")
    ("csv.product", po::value(&csv.product), "column holding the product code")
    ("csv.quantity", po::value(&csv.quantity), "column holding the quantity (amount = quantity x unit_price x amount_scale)")
    ("csv.unit_price", po::value(&csv.unit_price), "column holding the unit price")
    ("csv.amount", po::value(&csv.amount), "column holding the amount (instead of quantity x unit_price)")
    ("csv.amount_scale", po::value(&csv.amount_scale)->default_value(1.0), "factor from the amount's unit to cents (100 for prices in currency units)")
    ("csv.region", po::value(&csv.region), "column holding the region name")
    ("csv.channel", po::value(&csv.channel), "column holding the channel (wechat, alipay, taobao, browser, app)")
    ("csv.device_os", po::value(&csv.device_os), "column holding the device OS (ios, android, other)")
    ("csv.batch", po::value(&csv.batch), "column holding the batch id")
    ("csv.serial", po::value(&csv.serial), "column holding the unit serial")
    ("csv.invoice", po::value(&csv.invoice), "column holding the invoice id")
    ("csv.flags", po::value(&csv.flags), "column holding the verdict flags")
    ("csv.cancelled_prefix", po::value(&csv.cancelled_prefix), "invoice ids starting with this are cancellations and are rejected")
    ("job.as_of", po::value(&c.as_of)->default_value(c.as_of), "today | auto (the day after the last scan) | YYYY-MM-DD[ HH:MM:SS] (UTC)")
    ("job.window_days", po::value(&c.window_days)->default_value(c.window_days), "days before as-of to include; 0 = all")
    ("job.utc_offset_minutes", po::value(&c.utc_offset_minutes)->default_value(c.utc_offset_minutes), "local time offset for hour-of-day figures, minutes")
    ("job.threads", po::value(&c.threads)->default_value(c.threads), "OpenMP threads per rank; 0 = OMP_NUM_THREADS or all cores")
    ("job.max_bad_fraction", po::value(&c.max_bad_fraction)->default_value(c.max_bad_fraction), "fail when more than this fraction of input records is bad")
    ("job.shuffle_batch_records", po::value(&c.shuffle_batch_records)->default_value(c.shuffle_batch_records), "records per rank per shuffle round (bounds memory)")
    ("output.root", po::value(&c.output_root)->default_value(c.output_root), "snapshot root: snapshots/<id>/ and the `latest` link go here")
    ("output.keys", po::value(&c.keys_dir), "directory made by `qrmark keygen` (signing key, user-hash key)")
    ("output.quarantine_dir", po::value(&c.quarantine_dir), "where rejected records go; default <root>/quarantine")
    ("output.hdf5_compression", po::value(&c.hdf5_compression)->default_value(c.hdf5_compression), "integer columns of snapshot.h5: none (faster to write) | scale-offset (about half the file)")
    ("features.active_days", po::value(&c.active_days)->default_value(c.active_days), "recency (days) up to which a user is active")
    ("features.sleeping_days", po::value(&c.sleeping_days)->default_value(c.sleeping_days), "recency (days) up to which a user is sleeping; above: churned")
    ("features.frequency_counts_visits", po::value(&c.frequency_counts_visits)->default_value(c.frequency_counts_visits), "true: frequency counts distinct scan times (for invoice lines: invoices); false: scans")
    ("rfm.bins", po::value(&c.rfm_bins)->default_value(c.rfm_bins), "score levels per R, F, M (2..10)")
    ("rfm.segments", po::value(&c.rfm_segments), "segment table, first match wins; empty = the default table")
    ("kmeans.k", po::value(&c.k)->default_value(c.k), "number of clusters")
    ("kmeans.features", po::value(&features)->default_value("recency,frequency,monetary"), "features clustered (log1p, standardized)")
    ("kmeans.max_iterations", po::value(&c.kmeans_max_iterations)->default_value(c.kmeans_max_iterations), "Lloyd iterations at most")
    ("kmeans.tolerance", po::value(&c.kmeans_tolerance)->default_value(c.kmeans_tolerance, "1e-6"), "stop when centers move less than this (standardized units)")
    ("kmeans.restarts", po::value(&c.kmeans_restarts)->default_value(c.kmeans_restarts), "independent seedings; the lowest inertia is kept")
    ("kmeans.seed", po::value(&c.kmeans_seed)->default_value(c.kmeans_seed), "random seed")
    ("kmeans.seeding", po::value(&c.kmeans_seeding)->default_value(c.kmeans_seeding), "kmeans++ | kmeans||")
    ("tiers.names", po::value(&tiers)->default_value("high,mid,low"), "tier names, best first (one per cluster)")
    ("tiers.strategies", po::value(&strategies)->default_value(""), "CRM strategy per tier, comma-separated, best first")
    ("aggregates.suspicious_min_scans", po::value(&c.suspicious_min_scans)->default_value(c.suspicious_min_scans), "a serial scanned at least this often is suspicious")
    ("aggregates.suspicious_min_regions", po::value(&c.suspicious_min_regions)->default_value(c.suspicious_min_regions), "a serial scanned from at least this many regions is suspicious")
    ("itemcf.enabled", po::value(&c.itemcf)->default_value(c.itemcf), "compute item similarity, tags and recommendations")
    ("itemcf.weighting", po::value(&c.itemcf_weighting)->default_value(c.itemcf_weighting), "binary | count | log1p")
    ("itemcf.half_life_days", po::value(&c.itemcf_half_life_days)->default_value(c.itemcf_half_life_days), "time decay half-life; 0 = none")
    ("itemcf.max_products_per_user", po::value(&c.itemcf_max_products_per_user)->default_value(c.itemcf_max_products_per_user), "cap: most recent N products per user; 0 = no cap")
    ("itemcf.top_k", po::value(&c.itemcf_top_k)->default_value(c.itemcf_top_k), "neighbours kept per product")
    ("itemcf.min_similarity", po::value(&c.itemcf_min_similarity)->default_value(c.itemcf_min_similarity), "neighbours below this cosine are dropped")
    ("itemcf.min_support", po::value(&c.itemcf_min_support)->default_value(c.itemcf_min_support), "neighbours with fewer common users are dropped")
    ("itemcf.tag_neighbour_factor", po::value(&c.itemcf_tag_neighbour_factor)->default_value(c.itemcf_tag_neighbour_factor, "0.3"), "weight of neighbours' tags in a portrait")
    ("itemcf.top_tags", po::value(&c.itemcf_top_tags)->default_value(c.itemcf_top_tags), "tags kept per user")
    ("itemcf.top_recs", po::value(&c.itemcf_top_recs)->default_value(c.itemcf_top_recs), "recommendations kept per user");
  return d;
}

Status Check(const JobConfig& c) {
  if (c.inputs.empty()) return InvalidArgument("no input: give --input PATH or input.paths in the config");
  if (c.input_format != "auto" && c.input_format != "scanlog" && c.input_format != "csv")
    return InvalidArgument("input.format = '" + c.input_format + "': expected auto, scanlog or csv");
  if (c.rfm_bins < 2 || c.rfm_bins > 10) return InvalidArgument("rfm.bins = " + std::to_string(c.rfm_bins) + ": expected 2..10");
  if (c.k < 1 || c.k > 64) return InvalidArgument("kmeans.k = " + std::to_string(c.k) + ": expected 1..64");
  if (c.kmeans_restarts < 1) return InvalidArgument("kmeans.restarts must be at least 1");
  if (static_cast<int>(c.tier_names.size()) != c.k)
    return InvalidArgument("tiers.names has " + std::to_string(c.tier_names.size()) + " names but kmeans.k = " + std::to_string(c.k) + ": give one name per cluster");
  if (c.max_bad_fraction < 0 || c.max_bad_fraction > 1) return InvalidArgument("job.max_bad_fraction must be within 0..1");
  if (c.window_days < 0) return InvalidArgument("job.window_days must be >= 0");
  if (c.active_days < 0 || c.sleeping_days < c.active_days)
    return InvalidArgument("features: need 0 <= active_days <= sleeping_days");
  if (c.shuffle_batch_records < 1) return InvalidArgument("job.shuffle_batch_records must be >= 1");
  if (c.itemcf_top_k < 1 || c.itemcf_top_tags < 1 || c.itemcf_top_recs < 1 || c.itemcf_max_products_per_user < 0)
    return InvalidArgument("itemcf: top_k, top_tags and top_recs must be >= 1, max_products_per_user >= 0 (0 = no cap)");
  if (c.as_of == "auto" && c.window_days != 0)
    return InvalidArgument("job.as_of = auto needs job.window_days = 0 (the window is relative to as-of)");
  return Status::Ok();
}

}  // namespace

Result<ParsedOptions> ParseJobOptions(int argc, const char* const* argv) {
  ParsedOptions out;
  JobConfig& c = out.config;
  std::string features, tiers, strategies, config_path, as_of, output_root, keys;
  std::vector<std::string> inputs;
  int threads = -1;
  po::options_description cli("qrmark-job: the nightly analytics job (run under srun or mpirun)\n\nOptions");
  cli.add_options()
    ("help,h", "print this help and exit")
    ("version", "print the version and exit")
    ("config,c", po::value(&config_path), "INI file with the keys below (jobs/nightly.ini)")
    ("as-of", po::value(&as_of), "same as job.as_of")
    ("input,i", po::value(&inputs)->multitoken(), "same as input.paths; replaces the config's list")
    ("output-root,o", po::value(&output_root), "same as output.root")
    ("keys", po::value(&keys), "same as output.keys")
    ("threads", po::value(&threads), "same as job.threads");
  po::options_description keys_desc = ConfigKeys(c, features, tiers, strategies);
  po::options_description all;
  all.add(cli).add(keys_desc);
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, all), vm);
    if (vm.count("help") || vm.count("version")) {
      std::ostringstream text;
      if (vm.count("help")) text << all << "\nSee jobs/README.md for every key's meaning, unit and default.\n";
      else text << "qrmark-job " << QRMARK_VERSION << "\n";
      out.help = true;
      out.text = text.str();
      return out;
    }
    if (vm.count("config")) {
      config_path = vm["config"].as<std::string>();
      std::ifstream file(config_path);
      if (!file) return InvalidArgument("cannot read config file '" + config_path + "'");
      po::store(po::parse_config_file(file, keys_desc), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return InvalidArgument(std::string(e.what()) + (config_path.empty() ? "" : " (config " + config_path + ")"));
  }
  if (!inputs.empty()) c.inputs = inputs;
  if (!as_of.empty()) c.as_of = as_of;
  if (!output_root.empty()) c.output_root = output_root;
  if (!keys.empty()) c.keys_dir = keys;
  if (threads >= 0) c.threads = threads;
  c.config_path = config_path;
  c.kmeans_features = SplitList(features);
  c.tier_names = SplitList(tiers);
  if (!strategies.empty()) c.tier_strategies = SplitList(strategies);
  c.tier_strategies.resize(c.tier_names.size());
  QRMARK_RETURN_IF_ERROR(Check(c));
  return out;
}

}  // namespace qrmark::job
