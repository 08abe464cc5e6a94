// `qrmark issue`: register a signed batch and mint its codes (CSV, QR images).
//
// Refuses a batch id already in the registry. Writes the registry line first
// (signed with the brand key), then `--out` (index,code,url[,gs1_url]) and
// one image per code named <CODE>.png / <CODE>.svg.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "src/admin/command.h"
#include "src/admin/parse_options.h"
#include "src/base/civil_time.h"
#include "src/codes/code_keys.h"
#include "src/codes/gs1.h"
#include "src/codes/keys_dir.h"
#include "src/codes/qr_image.h"
#include "src/codes/registry.h"

namespace qrmark::admin {
namespace {
namespace po = boost::program_options;

struct IssueOptions {
  uint32_t batch = 0, product = 0;
  uint64_t count = 0;
  std::string produced, gtin, png_dir, svg_dir, keys, registry, out;
  std::string host = "qr.example.com";
  int64_t shelf_life_days = 0;
};

// The options, or nullopt after printing --help.
Result<std::optional<IssueOptions>> ParseIssue(const std::vector<std::string>& args) {
  IssueOptions o;
  po::options_description desc("qrmark issue");
  desc.add_options()
      ("batch", po::value(&o.batch)->required(), "batch id (1..4294967295), new to the registry")
      ("product", po::value(&o.product)->required(), "catalog product id")
      ("gtin", po::value(&o.gtin), "the product's GTIN (8/12/13/14 digits) for GS1 Digital Link")
      ("count", po::value(&o.count)->required(), "number of units (codes) to mint")
      ("produced", po::value(&o.produced)->required(), "production date YYYY-MM-DD (UTC)")
      ("shelf-life-days", po::value(&o.shelf_life_days)->required(), "days from production to expiry")
      ("png", po::value(&o.png_dir), "write one QR PNG per code into this directory")
      ("svg", po::value(&o.svg_dir), "write one QR SVG per code into this directory")
      ("keys", po::value(&o.keys)->required(), "directory made by `qrmark keygen`")
      ("registry", po::value(&o.registry)->required(), "batch registry file (appended)")
      ("out", po::value(&o.out)->required(), "CSV of the minted codes")
      ("host", po::value(&o.host), "verifier host printed in the URLs (default qr.example.com)");
  QRMARK_ASSIGN_OR_RETURN(Parsed parsed, ParseSubcommandOptions(args, desc));
  if (parsed == Parsed::kHelpShown) return std::optional<IssueOptions>();
  if (o.batch == 0 || o.count == 0 || o.count > codes::kSerialSpace || o.shelf_life_days <= 0) {
    return InvalidArgument("--batch, --count and --shelf-life-days must be positive (count ≤ 2^40)");
  }
  if (!o.gtin.empty() && !codes::IsValidGtin(o.gtin)) {
    return InvalidArgument("--gtin " + o.gtin + " is not a GTIN with a valid check digit");
  }
  if (!o.gtin.empty()) o.gtin = std::string(14 - o.gtin.size(), '0') + o.gtin;
  return std::optional<IssueOptions>(std::move(o));
}

Status WriteCodes(const IssueOptions& o, const codes::BatchKeys& keys) {
  for (const std::string& dir : {o.png_dir, o.svg_dir}) {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return IoError("cannot create " + dir + ": " + ec.message());
  }
  std::ofstream csv(o.out);
  if (!csv) return PosixError("open", o.out, errno);
  csv << "index,code,url" << (o.gtin.empty() ? "" : ",gs1_url") << "\n";
  for (uint64_t i = 0; i < o.count; ++i) {
    codes::Code code = codes::MintCode(keys, i);
    std::string text = codes::FormatCode(code), url = codes::CodeUrl(o.host, code);
    csv << i << ',' << text << ',' << url;
    if (!o.gtin.empty()) csv << ",https://" << o.host << codes::Gs1Path(o.gtin, code);
    csv << "\n";
    if (!o.png_dir.empty()) QRMARK_RETURN_IF_ERROR(codes::WriteQrPng(url, o.png_dir + "/" + text + ".png"));
    if (!o.svg_dir.empty()) QRMARK_RETURN_IF_ERROR(codes::WriteQrSvg(url, o.svg_dir + "/" + text + ".svg"));
  }
  csv.close();
  return csv ? Status::Ok() : IoError("cannot write " + o.out);
}

Status RunIssue(const std::vector<std::string>& args) {
  QRMARK_ASSIGN_OR_RETURN(std::optional<IssueOptions> parsed, ParseIssue(args));
  if (!parsed) return Status::Ok();
  const IssueOptions& o = *parsed;
  QRMARK_ASSIGN_OR_RETURN(int64_t produced, ParseUtcInstant(o.produced));
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> master, codes::ReadTagMaster(o.keys));
  QRMARK_ASSIGN_OR_RETURN(crypto::Ed25519KeyPair signer, codes::ReadSigningKey(o.keys));
  QRMARK_ASSIGN_OR_RETURN(codes::Registry registry,
                          codes::Registry::Load(o.registry, signer.public_key));
  if (registry.Find(o.batch) != nullptr) {
    return AlreadyExists("batch " + std::to_string(o.batch) + " is already in " + o.registry);
  }
  codes::BatchEntry entry;
  entry.batch = o.batch;
  entry.product = o.product;
  entry.gtin = o.gtin;
  entry.count = o.count;
  entry.produced_unix = FloorToDay(produced);
  entry.expiry_unix = entry.produced_unix + o.shelf_life_days * kSecondsPerDay;
  QRMARK_ASSIGN_OR_RETURN(codes::BatchKeys keys, codes::DeriveBatchKeys(master, o.batch));
  QRMARK_RETURN_IF_ERROR(codes::AppendEntry(o.registry, entry, signer));
  QRMARK_RETURN_IF_ERROR(WriteCodes(o, keys));
  std::cout << "batch " << o.batch << ": " << o.count << " codes in " << o.out << "\n";
  return Status::Ok();
}

}  // namespace

QRMARK_REGISTER_COMMAND(issue, "register a signed batch and mint its codes and QR images", RunIssue);

}  // namespace qrmark::admin
