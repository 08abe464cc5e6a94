// HttpServer: the daemon's HTTP/1.1 listener and sessions (Boost.Beast/Asio).
//
// The only file that includes Beast. Keep-alive, one io thread per core,
// every read bounded by a deadline (no slowloris), request bytes and header
// count bounded (431), connections bounded (excess ones are closed at once).
// Requests become plain `Request`s for a handler that answers through a
// callback, possibly from another thread. Drain stops accepting, lets
// in-flight requests finish and closes idle connections: SIGTERM's path.
//
// Thread safety: Start/Drain from one controlling thread; port() any thread.
#ifndef QRMARK_SRC_VERIFYD_HTTP_SERVER_H_
#define QRMARK_SRC_VERIFYD_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "src/base/status.h"
#include "src/verifyd/limits.h"
#include "src/verifyd/metrics.h"
#include "src/verifyd/routes.h"

namespace qrmark::verifyd {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: an ephemeral port (tests)
  int threads = 0;       // 0: one per core
  Limits limits;
};

class HttpServer {
 public:
  using Handler = std::function<void(Request, Respond)>;

  // Binds, listens and starts the io threads. IoError names address:port.
  //
  // Example:
  //   QRMARK_ASSIGN_OR_RETURN(auto server, HttpServer::Start(options, handler, &metrics));
  //   ...wait for SIGTERM...
  //   server->Drain(std::chrono::seconds(10));
  [[nodiscard]] static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options,
                                                                 Handler handler, Metrics* metrics);
  ~HttpServer();  // Drain(0) if still running

  uint16_t port() const;

  // Stops accepting, waits up to `grace` for in-flight requests, closes the
  // rest and joins the io threads. Idempotent.
  void Drain(std::chrono::milliseconds grace);

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_HTTP_SERVER_H_
