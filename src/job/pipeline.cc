// The nightly job's stages in order (see pipeline.h). Every rank-local step
// that can fail is followed by AgreeOnStatus before the next collective, so a
// failure on one rank never leaves the others waiting.
#include "src/job/pipeline.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

#include "io/catalog/catalog.h"
#include "io/snapshot/publish.h"
#include "src/aggregates/analytics_tables.h"
#include "src/aggregates/scan_tables.h"
#include "src/aggregates/suspicious.h"
#include "src/base/civil_time.h"
#include "src/base/hash.h"
#include "src/base/page_relay.h"
#include "src/base/vector_kernels.h"
#include "src/codes/keys_dir.h"
#include "src/crypto/random.h"
#include "src/dist/shuffle.h"
#include "src/features/user_features.h"
#include "src/ingest/ingest.h"
#include "src/ingest/unit_filter.h"
#include "src/itemcf/itemcf.h"
#include "src/job/product_catalog.h"
#include "src/job/run_attributes.h"
#include "src/job/stage.h"
#include "src/kmeans/feature_matrix.h"
#include "src/kmeans/kmeans.h"
#include "src/kmeans/tiers.h"
#include "src/rfm/rfm_score.h"
#include "src/rfm/segments.h"

namespace qrmark::job {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// What the run decided before reading any scan.
struct RunPlan {
  std::string snapshot_id;
  int64_t started_s = 0;
  bool as_of_auto = false;
  int64_t as_of_s = 0;  // unless as_of_auto
  ingest::IngestOptions ingest;
  std::vector<catalog::CatalogEntry> catalog;
  std::string signing_key_path;
  std::string quarantine_dir;
  snapshot::H5WriteOptions hdf5;
};

// The [csv] section's mapping; with no column mapped, qrmark's own scans.csv
// layout (what `qrmark gen` writes).
csv::CsvMapping CsvMappingOf(const csv::CsvMapping& configured) {
  const bool none_mapped = configured.user.empty() && configured.timestamp.empty() && configured.product.empty();
  return none_mapped ? csv::ScanCsvMapping() : configured;
}

// The run's id, the same on every rank: rank 0's start time and 32 random bits,
// so a rerun (a requeued Slurm job) never collides with an earlier publish.
Result<std::string> AgreeOnSnapshotId(Comm& comm, int64_t started_s) {
  std::array<uint8_t, 4> random{};
  Status drawn = comm.rank() == 0 ? crypto::RandomBytes(random) : Status::Ok();
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(drawn));
  comm.Broadcast(std::as_writable_bytes(std::span(random)), 0);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", random[0], random[1], random[2], random[3]);
  return FormatUtcCompact(started_s) + "-" + hex;
}

// Local checks and reads of everything but the scans: inputs, as-of, keys,
// catalog. Fails fast, before any scan is read, with the path at fault.
Result<RunPlan> PlanLocally(const JobConfig& config, int64_t started_s, const std::string& id) {
  RunPlan plan;
  plan.snapshot_id = id;
  plan.started_s = started_s;
  QRMARK_ASSIGN_OR_RETURN(plan.ingest.inputs, ingest::ExpandInputs(config.inputs, config.input_format));
  if (plan.ingest.inputs.empty()) {
    return NotFound("no input files: the input paths hold no *.seg or *.csv file");
  }
  if (config.as_of == "today") {
    plan.as_of_s = FloorToDay(started_s);
  } else if (config.as_of == "auto") {
    plan.as_of_auto = true;
  } else {
    Result<int64_t> as_of = ParseUtcInstant(config.as_of);
    if (!as_of.ok()) return InvalidArgument("job.as_of = '" + config.as_of + "': " + as_of.status().message());
    plan.as_of_s = *as_of;
  }
  if (!plan.as_of_auto) {
    plan.ingest.window_end_s = plan.as_of_s;
    if (config.window_days > 0) plan.ingest.window_begin_s = plan.as_of_s - config.window_days * kSecondsPerDay;
  }

  if (config.keys_dir.empty()) {
    return InvalidArgument("output.keys is not set: give --keys DIR (a directory made by `qrmark keygen`)");
  }
  Result<crypto::Ed25519KeyPair> signing = codes::ReadSigningKey(config.keys_dir);
  if (!signing.ok()) return signing.status();
  plan.signing_key_path = config.keys_dir + "/" + codes::kSigningKeyFile;
  Result<snapshot::IntegerCompression> compression = snapshot::IntegerCompressionFromName(config.hdf5_compression);
  if (!compression.ok()) return compression.status().WithContext("output.hdf5_compression");
  plan.hdf5.integers = *compression;
  plan.ingest.csv = CsvMappingOf(config.csv);
  const bool hashes_user_ids = !plan.ingest.csv.user_is_pseudonymous &&
                               std::any_of(plan.ingest.inputs.begin(), plan.ingest.inputs.end(),
                                           [](const auto& f) { return f.format == ingest::InputFormat::kCsv; });
  if (hashes_user_ids) {
    QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> key, codes::ReadUserHashKey(config.keys_dir));
    if (key.size() < plan.ingest.user_hash_key.size()) {
      return InvalidArgument(config.keys_dir + "/" + codes::kUserHashFile + ": " + std::to_string(key.size()) +
                             " bytes, need at least 32 (make it with `qrmark keygen`)");
    }
    std::copy_n(key.begin(), plan.ingest.user_hash_key.size(), plan.ingest.user_hash_key.begin());
  }
  if (!config.catalog.empty()) {
    QRMARK_ASSIGN_OR_RETURN(plan.catalog, catalog::ReadCatalog(config.catalog));
    std::error_code ec;
    for (const ingest::InputFile& input : plan.ingest.inputs) {
      if (std::filesystem::equivalent(input.path, config.catalog, ec)) {
        return InvalidArgument("input '" + input.path + "' is the product catalog (input.catalog): leave it out of "
                               "input.paths");
      }
    }
  }

  std::error_code ec;
  std::filesystem::create_directories(config.output_root, ec);
  if (ec) return IoError("cannot create output.root '" + config.output_root + "': " + ec.message());
  plan.quarantine_dir = (config.quarantine_dir.empty() ? config.output_root + "/quarantine" : config.quarantine_dir) +
                        "/" + id;
  plan.ingest.quarantine_dir = plan.quarantine_dir;
  plan.ingest.max_bad_fraction = config.max_bad_fraction;
  plan.ingest.batch_records = static_cast<size_t>(config.shuffle_batch_records);
  // A unit with fewer scans reaches neither suspicious limit (its regions
  // never outnumber its scans): ingest need not keep its serial scans.
  plan.ingest.serial_min_scans = std::min(config.suspicious_min_scans, config.suspicious_min_regions);
  return plan;
}

// as_of = auto: midnight UTC after the last accepted scan, on every rank.
int64_t AsOfAfterLastScan(Comm& comm, const std::vector<PagedVector<UserScan>>& chunks) {
  int64_t last = std::numeric_limits<int64_t>::min();
  for (const auto& chunk : chunks)
    for (const UserScan& s : chunk) last = std::max(last, s.ts_unix_s);
  last = comm.MaxOf(last);
  return last == std::numeric_limits<int64_t>::min() ? 0 : FloorToDay(last) + kSecondsPerDay;
}

Result<kmeans::KMeansParams> KMeansParamsOf(const JobConfig& config) {
  kmeans::KMeansParams p;
  p.k = config.k;
  p.max_iter = config.kmeans_max_iterations;
  p.tol = config.kmeans_tolerance;
  p.restarts = config.kmeans_restarts;
  p.seed = config.kmeans_seed;
  QRMARK_ASSIGN_OR_RETURN(p.seeding, kmeans::SeedingFromName(config.kmeans_seeding));
  p.log1p.assign(config.kmeans_features.size(), true);  // every feature is a non-negative count
  return p;
}

Result<itemcf::ItemCfParams> ItemCfParamsOf(const JobConfig& config) {
  itemcf::ItemCfParams p;
  QRMARK_ASSIGN_OR_RETURN(p.weighting, itemcf::ParseWeighting(config.itemcf_weighting));
  p.half_life_days = config.itemcf_half_life_days;
  p.max_products_per_user = config.itemcf_max_products_per_user;
  p.top_k = config.itemcf_top_k;
  p.min_similarity = config.itemcf_min_similarity;
  p.min_support = config.itemcf_min_support;
  p.tag_neighbour_factor = config.itemcf_tag_neighbour_factor;
  p.top_tags = config.itemcf_top_tags;
  p.top_recs = config.itemcf_top_recs;
  QRMARK_RETURN_IF_ERROR(itemcf::ValidateParams(p));
  return p;
}

// The stage parameters that can be checked before any data is read.
struct StageParams {
  rfm::RfmParams rfm;
  std::vector<kmeans::FeatureColumn> kmeans_columns;
  kmeans::KMeansParams kmeans;
  kmeans::TierParams tiers;
  itemcf::ItemCfParams itemcf;
};

Result<StageParams> StageParamsOf(const JobConfig& config) {
  StageParams p;
  p.rfm.bins = config.rfm_bins;
  if (!config.rfm_segments.empty()) {
    Result<std::vector<rfm::SegmentRule>> rules = rfm::ParseSegmentTable(config.rfm_segments, config.rfm_bins);
    if (!rules.ok()) return rules.status().WithContext("rfm.segments");
    p.rfm.segments = std::move(rules).value();
  }
  for (const std::string& name : config.kmeans_features) {
    Result<kmeans::FeatureColumn> column = kmeans::FeatureColumnFromName(name);
    if (!column.ok()) return column.status().WithContext("kmeans.features");
    p.kmeans_columns.push_back(*column);
    // A cluster's value: recent (few days), frequent, big-spending users first.
    p.tiers.value_weights.push_back(*column == kmeans::FeatureColumn::kRecencyDays ? -1.0 : 1.0);
  }
  Result<kmeans::KMeansParams> km = KMeansParamsOf(config);
  if (!km.ok()) return km.status().WithContext("kmeans.seeding");
  p.kmeans = std::move(km).value();
  p.tiers.names = config.tier_names;
  const bool all_strategies = std::none_of(config.tier_strategies.begin(), config.tier_strategies.end(),
                                           [](const std::string& s) { return s.empty(); });
  if (all_strategies) p.tiers.strategies = config.tier_strategies;
  if (config.itemcf) {
    Result<itemcf::ItemCfParams> cf = ItemCfParamsOf(config);
    if (!cf.ok()) return cf.status().WithContext("itemcf");
    p.itemcf = std::move(cf).value();
  }
  return p;
}

// "products" (replicated): the dense product id every other table uses, with
// its code and category, so the CRM can join item ids to its own catalog.
// Product id columns of the item-CF tables carry the product codes as their
// dictionary, so the CSV names products as the scans and the catalog do (like
// by_product) while HDF5 keeps the dense ids that index `products`.
void LabelProductColumns(const std::vector<std::string>& product_codes, snapshot::Table& table) {
  for (snapshot::Column& column : table.columns) {
    if (column.name == "product" || column.name == "neighbour") column.dictionary = product_codes;
  }
}

snapshot::Table ProductsTable(std::span<const std::string> product_codes, const itemcf::ItemCatalog& items) {
  const size_t n = product_codes.size();
  std::vector<int32_t> id(n), category(n, -1);
  for (size_t p = 0; p < n; ++p) {
    id[p] = static_cast<int32_t>(p);
    if (!items.category_of_product.empty()) category[p] = items.category_of_product[p];
  }
  snapshot::Table t{"products", false, true, {}};
  t.columns.push_back({"product", id, 1, "dense product id (items, user_recs, cross-references)", {}});
  t.columns.push_back({"code", id, 1, "product code as the scans carry it",
                       std::vector<std::string>(product_codes.begin(), product_codes.end())});
  t.columns.push_back({"category", category, 1, "catalog category; empty if the catalog lacks the product",
                       items.category_names});
  return t;
}

}  // namespace

Result<RunSummary> RunNightly(Comm& comm, const JobConfig& config) {
  const auto run_start = std::chrono::steady_clock::now();
  StageLog log;
  RunFacts facts;
  facts.ranks = comm.size();
  facts.threads = omp_get_max_threads();

  // Plan: every check that needs no scan, so bad config fails in seconds.
  Stage plan_stage(comm, log, "plan");
  const int64_t started_s = comm.MinOf(static_cast<int64_t>(std::time(nullptr)));
  QRMARK_ASSIGN_OR_RETURN(const std::string id, AgreeOnSnapshotId(comm, started_s));
  Result<RunPlan> planned = PlanLocally(config, started_s, id);
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(planned.status()));
  RunPlan plan = std::move(planned).value();
  Result<StageParams> stage_params = StageParamsOf(config);
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(stage_params.status()));
  const StageParams& params = *stage_params;
  LogProgress(comm, "snapshot=" + id + " ranks=" + std::to_string(facts.ranks) +
                        " threads_per_rank=" + std::to_string(facts.threads) +
                        " inputs=" + std::to_string(plan.ingest.inputs.size()) +
                        (VectorKernelsAllowed() ? "" : " vector_kernels=off (QRMARK_PORTABLE_KERNELS)"));
  plan_stage.Finish(0);

  Stage ingest_stage(comm, log, "ingest");
  QRMARK_ASSIGN_OR_RETURN(ingest::IngestedScans in, ingest::Ingest(comm, plan.ingest));
  if (plan.as_of_auto) plan.as_of_s = AsOfAfterLastScan(comm, in.chunks);
  int64_t local_accepted = 0;
  for (const auto& chunk : in.chunks) local_accepted += static_cast<int64_t>(chunk.size());
  facts.ingest = in.stats;
  LogProgress(comm, "read=" + std::to_string(in.stats.records_read) + " accepted=" +
                        std::to_string(in.stats.accepted) + " anonymous=" + std::to_string(in.stats.anonymous) +
                        " outside_window=" +
                        std::to_string(in.stats.outside_window) + " rejected=" +
                        std::to_string(in.stats.rejected_total()) + " as_of=" + FormatUtc(plan.as_of_s));
  char ingest_steps[128];
  std::snprintf(ingest_steps, sizeof ingest_steps,
                "ingest segment_checksum_secs=%.3f read_secs=%.3f dictionaries_secs=%.3f",
                in.stats.steps.segment_checksum, in.stats.steps.read, in.stats.steps.dictionaries);
  LogProgress(comm, ingest_steps);
  if (in.stats.csv_read_again) {
    LogProgress(comm, "csv_read_again=1: a rank's CSV range started inside a quoted field that spans lines, "
                      "so the inputs were read a second time from the exact quoting states");
  }
  ingest_stage.Finish(local_accepted);
  if (in.stats.accepted == 0) {
    return DataLoss("no scan record to compute on: read " + std::to_string(in.stats.records_read) + ", rejected " +
                    std::to_string(in.stats.rejected_total()) + ", outside the time window " +
                    std::to_string(in.stats.outside_window) +
                    "; check input.paths, the [csv] mapping, job.as_of and job.window_days");
  }

  // Serial scans first: their copy is freed before the by-user shuffle
  // allocates, which keeps the run's peak memory near the input's size. From
  // here until the users table is laid out, freed buffers hand their pages on
  // to the growing ones instead of the system: the by-user shuffle's result
  // takes over the pages of the chunks it sends, the features those of the
  // scans they have read, and RFM, k-means and the users table (plain
  // vectors, through the job's operator new: src/base/slab_new.cc) those of
  // the scans and of each other's temporaries (src/base/page_relay.h).
  std::optional<PageRelay> relay(std::in_place);
  Stage suspicious_stage(comm, log, "suspicious");
  int64_t serial_scans = 0;
  for (const auto& chunk : in.serial_chunks) serial_scans += static_cast<int64_t>(chunk.size());
  if (in.serial_chunks_unfiltered) {
    ingest::KeepSerialScansOfUnitsThatMayReach(comm, plan.ingest.serial_min_scans, &in.serial_chunks);
  }
  const aggregates::SuspiciousParams suspicious_params{config.suspicious_min_scans, config.suspicious_min_regions};
  QRMARK_ASSIGN_OR_RETURN(snapshot::Table suspicious,
                          aggregates::SuspiciousSerialTable(comm, std::move(in.serial_chunks), suspicious_params));
  suspicious_stage.Finish(serial_scans);

  Stage shuffle_stage(comm, log, "shuffle");
  const int ranks = comm.size();
  PagedVector<UserScan> scans = ShuffleChunks<UserScan>(
      comm, std::move(in.chunks), [ranks](const UserScan& s) { return OwnerOf(s.user_key, ranks); },
      &facts.shuffle_bytes_sent);
  facts.shuffle_bytes_sent = comm.SumOf(facts.shuffle_bytes_sent);
  shuffle_stage.Finish(static_cast<int64_t>(scans.size()));

  // From here on each user's scans are held together (in no particular order
  // within the user: nothing after depends on it).
  Stage sort_stage(comm, log, "sort");
  features::GroupScansByUser(scans, MixedKeysOwnedBy(comm.rank(), ranks));
  sort_stage.Finish(static_cast<int64_t>(scans.size()));

  // The stages that read the scans run before RFM and k-means allocate, so
  // that those reuse the scans' pages instead of faulting in fresh ones
  // (src/base/page_relay.h says what that costs). Unless item-CF needs the
  // scans afterwards, the features stage gives their pages up as it goes.
  Stage aggregates_stage(comm, log, "aggregates");
  const aggregates::ScanTableParams scan_table_params{config.utc_offset_minutes, in.region_names,
                                                      in.product_codes};
  QRMARK_ASSIGN_OR_RETURN(std::vector<snapshot::Table> scan_tables,
                          aggregates::ScanAggregateTables(comm, scans, scan_table_params));
  const int64_t local_scans = static_cast<int64_t>(scans.size());
  aggregates_stage.Finish(local_scans);

  Stage features_stage(comm, log, "features");
  const AlignedCatalog catalog = AlignCatalog(plan.catalog, in.product_codes);
  facts.catalog_products_listed = catalog.products_listed;
  features::FeatureParams feature_params;
  feature_params.as_of_s = plan.as_of_s;
  feature_params.utc_offset_minutes = config.utc_offset_minutes;
  feature_params.active_days = config.active_days;
  feature_params.sleeping_days = config.sleeping_days;
  feature_params.category_of_product = catalog.items.category_of_product;
  feature_params.frequency_counts_visits = config.frequency_counts_visits;
  features::ScansDone give_back_scans;
  if (!config.itemcf) give_back_scans = [&scans](size_t done) { ReleaseConsumedSlabs(scans, done); };
  Result<PagedVector<features::UserFeatures>> computed =
      features::ComputeUserFeatures(scans, feature_params, give_back_scans);
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(computed.status()));
  PagedVector<features::UserFeatures> users = std::move(computed).value();
  const std::vector<uint64_t> user_keys = kmeans::UserKeys(users);
  features_stage.Finish(static_cast<int64_t>(users.size()));

  snapshot::SnapshotContent content;
  content.id = id;
  std::vector<snapshot::Table> itemcf_tables;
  if (config.itemcf) {
    Stage itemcf_stage(comm, log, "itemcf");
    QRMARK_ASSIGN_OR_RETURN(itemcf::ItemCfResult cf,
                            itemcf::RunItemCf(comm, scans, user_keys, static_cast<int32_t>(in.product_codes.size()),
                                              plan.as_of_s, catalog.items, params.itemcf));
    LogProgress(comm, "itemcf pairs_accumulated=" + std::to_string(cf.stats.pairs_accumulated) + " pairs_kept=" +
                          std::to_string(cf.stats.pairs_kept) + " capped_users=" +
                          std::to_string(cf.stats.capped_users) + " bytes_exchanged=" +
                          std::to_string(cf.stats.bytes_exchanged));
    facts.itemcf_capped_users = cf.stats.capped_users;
    content.attributes.insert(cf.attributes.begin(), cf.attributes.end());
    for (snapshot::Table* t : {&cf.user_tags, &cf.user_recs, &cf.items, &cf.item_neighbours, &cf.cross_sell}) {
      LabelProductColumns(in.product_codes, *t);
      itemcf_tables.push_back(std::move(*t));
    }
    itemcf_stage.Finish(local_scans);
  }
  scans = PagedVector<UserScan>();

  Stage rfm_stage(comm, log, "rfm");
  QRMARK_ASSIGN_OR_RETURN(const rfm::RfmResult rfm, rfm::ScoreRfm(comm, users, params.rfm));
  rfm_stage.Finish(static_cast<int64_t>(users.size()));

  Stage kmeans_stage(comm, log, "kmeans");
  Result<kmeans::KMeansModel> fitted = [&] {
    const std::vector<double> rows = kmeans::FeatureMatrix(users, params.kmeans_columns);
    return kmeans::FitKMeans(comm, rows, user_keys, params.kmeans_columns.size(), params.kmeans);
  }();
  if (!fitted.ok()) return fitted.status().WithContext("k-means over " + std::to_string(comm.SumOf(
                                                           static_cast<int64_t>(users.size()))) + " users");
  const kmeans::KMeansModel model = std::move(fitted).value();
  kmeans::TierParams tier_params = params.tiers;
  if (model.k < static_cast<size_t>(params.kmeans.k)) {  // too few distinct users: the best tiers only
    if (!tier_params.names.empty()) tier_params.names.resize(model.k);
    if (!tier_params.strategies.empty()) tier_params.strategies.resize(model.k);
    facts.kmeans_clusters_missing = params.kmeans.k - static_cast<int>(model.k);
  }
  QRMARK_ASSIGN_OR_RETURN(const kmeans::Tiers tiers,
                          kmeans::RankClustersIntoTiers(model.centers, model.k, model.dims, tier_params));
  LogProgress(comm, "kmeans inertia=" + std::to_string(model.best.inertia) + " iterations=" +
                        std::to_string(model.best.iterations) + " best_restart=" + std::to_string(model.best_restart));
  kmeans_stage.Finish(static_cast<int64_t>(users.size()));

  // The snapshot stage, from here on, also lays out the per-user tables.
  Stage snapshot_stage(comm, log, "snapshot");
  const auto users_table_start = std::chrono::steady_clock::now();
  Result<snapshot::Table> users_table = aggregates::UsersTable({users, rfm, model, tiers, in.region_names});
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(users_table.status()));
  const double users_table_seconds =
      comm.MaxOf(std::chrono::duration<double>(std::chrono::steady_clock::now() - users_table_start).count());
  content.tables.push_back(std::move(users_table).value());
  relay.reset();  // what is still kept goes back: the files' buffers come from malloc
  for (snapshot::Table& t : itemcf_tables) {
    if (t.name == "user_tags" || t.name == "user_recs") content.tables.push_back(std::move(t));
  }
  content.tables.push_back(aggregates::ClustersTable(model, tiers, config.kmeans_features));
  content.tables.push_back(aggregates::SegmentsTable(rfm));
  for (snapshot::Table& t : scan_tables) content.tables.push_back(std::move(t));
  content.tables.push_back(suspicious);
  content.tables.push_back(ProductsTable(in.product_codes, catalog.items));
  for (snapshot::Table& t : itemcf_tables) {
    if (!t.name.empty() && t.name != "user_tags" && t.name != "user_recs") content.tables.push_back(std::move(t));
  }
  auto analytics = aggregates::AnalyticsAttributes(rfm, params.kmeans, model, tiers);
  content.attributes.insert(analytics.begin(), analytics.end());

  RunSummary summary;
  summary.snapshot_id = id;
  summary.as_of_utc = FormatUtc(plan.as_of_s);
  summary.records_read = in.stats.records_read;
  summary.records_accepted = in.stats.accepted;
  summary.records_anonymous = in.stats.anonymous;
  summary.records_rejected = in.stats.rejected_total();
  summary.records_outside_window = in.stats.outside_window;
  summary.users = comm.SumOf(static_cast<int64_t>(users.size()));
  // The feature rows are in the users table now: their pages go back before
  // the files are written, so that the page cache fills them while the host
  // still backs them instead of with fresh ones (bench/job/README.md).
  const int64_t local_users = static_cast<int64_t>(users.size());
  users = PagedVector<features::UserFeatures>();
  summary.products = static_cast<int64_t>(in.product_codes.size());
  summary.suspicious_serials = static_cast<int64_t>(suspicious.rows());
  summary.tier_names = tiers.names;
  summary.users_per_tier.assign(tiers.names.size(), 0);
  for (size_t c = 0; c < model.k; ++c) {
    summary.users_per_tier[static_cast<size_t>(tiers.tier_of_cluster[c])] += model.best.sizes[c];
  }
  summary.inertia = model.best.inertia;
  facts.as_of_s = plan.as_of_s;
  facts.window_begin_s = plan.ingest.window_begin_s;
  facts.quarantine_dir = plan.quarantine_dir;
  facts.users = summary.users;
  summary.warnings = RunWarnings(facts, summary);
  facts.warnings = summary.warnings;
  AddRunAttributes(config, facts, log, content.attributes);
  snapshot::PublishSteps steps;
  QRMARK_ASSIGN_OR_RETURN(summary.snapshot_dir, snapshot::WriteAndPublish(
                                                    comm, std::move(content),
                                                    {config.output_root, plan.signing_key_path, &steps, plan.hdf5}));
  char steps_line[192];
  std::snprintf(steps_line, sizeof steps_line,
                "snapshot users_table_secs=%.3f hdf5_secs=%.3f csv_secs=%.3f digest_sync_secs=%.3f seal_secs=%.3f",
                users_table_seconds, steps.hdf5, steps.csv, steps.digest_sync, steps.seal);
  LogProgress(comm, steps_line);
  snapshot_stage.Finish(local_users);
  summary.seconds = comm.MaxOf(std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count());
  return summary;
}

std::string FormatSummary(const RunSummary& s) {
  std::ostringstream out;
  out << "qrmark-job: snapshot " << s.snapshot_id << " published in " << s.snapshot_dir << "\n"
      << "  as of " << s.as_of_utc << "; " << s.seconds << " s\n"
      << "  records: read " << s.records_read << ", accepted " << s.records_accepted << ", anonymous "
      << s.records_anonymous << ", rejected " << s.records_rejected << ", outside the window "
      << s.records_outside_window << "\n"
      << "  users " << s.users << ", products " << s.products << ", suspicious serials " << s.suspicious_serials
      << ", k-means inertia " << s.inertia << "\n  tiers:";
  for (size_t t = 0; t < s.tier_names.size(); ++t) out << " " << s.tier_names[t] << "=" << s.users_per_tier[t];
  out << "\n";
  for (const std::string& w : s.warnings) out << "  warning: " << w << "\n";
  return out.str();
}

}  // namespace qrmark::job
