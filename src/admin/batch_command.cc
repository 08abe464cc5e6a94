// `qrmark batch recall <id>` and `qrmark batch list`: change or show batches.
//
// A recall appends a new signed revision with status recalled; the daemon
// answers "recalled" (HTTP 410) once it has reloaded the registry.
#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

#include "src/admin/command.h"
#include "src/admin/parse_options.h"
#include "src/base/civil_time.h"
#include "src/codes/keys_dir.h"
#include "src/codes/registry.h"

namespace qrmark::admin {
namespace {
namespace po = boost::program_options;

struct BatchOptions {
  std::string action, keys, registry;
  uint32_t batch = 0;
};

// The options, or nullopt after printing --help.
Result<std::optional<BatchOptions>> ParseBatch(const std::vector<std::string>& args) {
  BatchOptions o;
  po::options_description desc("qrmark batch recall <id> | list");
  desc.add_options()
      ("action", po::value(&o.action)->required(), "recall or list")
      ("id", po::value(&o.batch), "batch id (for recall)")
      ("keys", po::value(&o.keys)->required(), "directory made by `qrmark keygen`")
      ("registry", po::value(&o.registry)->required(), "batch registry file");
  po::positional_options_description pos;
  pos.add("action", 1).add("id", 1);
  QRMARK_ASSIGN_OR_RETURN(Parsed parsed, ParseSubcommandOptions(args, desc, pos));
  if (parsed == Parsed::kHelpShown) return std::optional<BatchOptions>();
  if (o.action != "recall" && o.action != "list") {
    return InvalidArgument("unknown action '" + o.action + "': use recall <id> or list");
  }
  return std::optional<BatchOptions>(std::move(o));
}

Status Recall(const BatchOptions& o, const codes::Registry& registry,
              const crypto::Ed25519KeyPair& signer) {
  const codes::BatchEntry* current = registry.Find(o.batch);
  if (current == nullptr) {
    return NotFound("batch " + std::to_string(o.batch) + " is not in " + o.registry);
  }
  if (current->status == codes::BatchStatus::kRecalled) {
    std::cout << "batch " << o.batch << " was already recalled\n";
    return Status::Ok();
  }
  codes::BatchEntry next = *current;
  next.revision = current->revision + 1;
  next.status = codes::BatchStatus::kRecalled;
  QRMARK_RETURN_IF_ERROR(codes::AppendEntry(o.registry, next, signer));
  std::cout << "batch " << o.batch << " recalled (revision " << next.revision << ")\n";
  return Status::Ok();
}

Status RunBatch(const std::vector<std::string>& args) {
  QRMARK_ASSIGN_OR_RETURN(std::optional<BatchOptions> parsed, ParseBatch(args));
  if (!parsed) return Status::Ok();
  const BatchOptions& o = *parsed;
  QRMARK_ASSIGN_OR_RETURN(crypto::Ed25519KeyPair signer, codes::ReadSigningKey(o.keys));
  QRMARK_ASSIGN_OR_RETURN(codes::Registry registry,
                          codes::Registry::Load(o.registry, signer.public_key));
  if (o.action == "recall") return Recall(o, registry, signer);
  for (const auto& [id, e] : registry.entries()) std::cout << codes::EntryBody(e) << "\n";
  return Status::Ok();
}

}  // namespace

QRMARK_REGISTER_COMMAND(batch, "recall a batch (`batch recall <id>`) or list the registry", RunBatch);

}  // namespace qrmark::admin
