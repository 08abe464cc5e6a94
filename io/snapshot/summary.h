// SummarizeSnapshot: the human summary `qrmark inspect` prints.
//
// Generic first (every root attribute, every table with its rows and column
// types), then named sections when their tables exist: users by tier,
// segment and lifecycle; clusters (tier, size, value and the centres in
// original units); top regions (by_region); top products by scans
// (by_product) with code and category (products) and their nearest
// neighbours (items, else item_neighbours); the tag mix of each tier (users
// joined to user_tags by user_key); then warnings (high reject rate from
// `records_in`/`records_rejected`, a `warnings` attribute, an empty users
// table). Lines longer than kSummaryWidth are wrapped. Reads through
// H5Reader; not a stable machine format (tools read snapshot.h5 or
// report.json instead).
//
// Thread safety: as H5Reader; the section functions are pure.
#ifndef QRMARK_IO_SNAPSHOT_SUMMARY_H_
#define QRMARK_IO_SNAPSHOT_SUMMARY_H_

#include <map>
#include <string>

#include "io/snapshot/h5_reader.h"
#include "io/snapshot/table.h"
#include "src/base/status.h"

namespace qrmark::snapshot {

// Reject rates above this fraction are warned about.
inline constexpr double kRejectWarnFraction = 0.01;
// Summary lines are wrapped to at most this many columns.
inline constexpr size_t kSummaryWidth = 120;
// Products listed by TopProductsSection, neighbours and tags per line.
inline constexpr size_t kTopProducts = 5;
inline constexpr size_t kTopNeighbours = 5;
inline constexpr size_t kTopTierTags = 5;

// The summary text, newline-terminated lines; errors from reading the file.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(H5Reader reader, H5Reader::Open(dir + "/snapshot.h5"));
//   QRMARK_ASSIGN_OR_RETURN(std::string text, SummarizeSnapshot(reader));
[[nodiscard]] Result<std::string> SummarizeSnapshot(const H5Reader& reader);

// Every named section (users, clusters, top regions, top products, tier tag
// mix) of `tables`, keyed by table name; a section whose tables are missing
// is left out. The tables may hold only the columns the sections use.
//
// Example:
//   std::map<std::string, Table> tables = {{"users", users}, {"user_tags", tags}};
//   std::cout << NamedSections(tables);
std::string NamedSections(const std::map<std::string, Table>& tables);

// "top products": the kTopProducts rows of `by_product` with most scans, each
// as its code and category (from `products`; without it, by_product's own
// product dictionary), scans and users, then its first kTopNeighbours
// neighbours as "code (cosine)" from `items` (K-wide rows) or, without it,
// `item_neighbours` (a row per neighbour). The neighbour line is left out
// when neither table exists; "" when `by_product` is missing.
std::string TopProductsSection(const std::map<std::string, Table>& tables);

// "tag mix of each tier": for each `users.tier` label in code order, the
// kTopTierTags tags with the largest mean `user_tags.tag_score` over the
// tier's users that have a tag (the share of their tag affinity, as each
// user's affinities sum to 1; only each user's stored top tags count). Rows
// are joined by `user_key`; tag codes -1 or outside the `tag` dictionary are
// no tag. "" when `users` or `user_tags` lacks any of those columns.
std::string TierTagMixSection(const std::map<std::string, Table>& tables);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_SUMMARY_H_
