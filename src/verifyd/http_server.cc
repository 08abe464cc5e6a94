// Beast listener and sessions: deadlines, limits, keep-alive and draining.
#include "src/verifyd/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace qrmark::verifyd {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session;

class HttpServer::Impl {
 public:
  Impl(const ServerOptions& o, Handler h, Metrics* m)
      : options(o), handler(std::move(h)), metrics(m), work(ioc.get_executor()), acceptor(ioc) {}
  void Accept();
  void Track(const std::shared_ptr<Session>& s, bool add);

  ServerOptions options;
  Handler handler;
  Metrics* metrics;
  net::io_context ioc;
  // Keeps the io threads running while a request waits on the scan log with
  // no socket operation pending (after the acceptor closes, during Drain).
  net::executor_work_guard<net::io_context::executor_type> work;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> draining{false};
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::shared_ptr<Session>> sessions;  // GUARDED_BY(mu)
  int in_flight = 0;                             // GUARDED_BY(mu)
  bool stopped = false;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl* server)
      : stream_(std::move(socket)), server_(server) {}

  void Read() {
    parser_.emplace();
    parser_->header_limit(server_->options.limits.max_request_bytes);
    parser_->body_limit(server_->options.limits.max_request_bytes);
    stream_.expires_after(std::chrono::milliseconds(server_->options.limits.idle_timeout_ms));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  // Closes the connection unless a request is being answered.
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.socket().close();
    });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec == http::error::header_limit || ec == http::error::body_limit) {
      return Reply(TextResponse(431, "request too large\n", Route::kOther), false);
    }
    if (ec == http::error::end_of_stream || ec) {
      if (ec && ec != http::error::end_of_stream && ec != beast::error::timeout &&
          ec != net::error::operation_aborted && ec != net::error::connection_reset) {
        return Reply(TextResponse(400, "bad request\n", Route::kOther), false);
      }
      return Finish();
    }
    auto& msg = parser_->get();
    size_t fields = std::distance(msg.begin(), msg.end());
    if (fields > server_->options.limits.max_header_count) {
      return Reply(TextResponse(431, "too many header fields\n", Route::kOther), false);
    }
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.user_agent = std::string(msg[http::field::user_agent]);
    req.user_id = std::string(msg["X-User-Id"]);
    req.region = std::string(msg["X-Region"]);
    req.authorization = std::string(msg[http::field::authorization]);
    req.accept_language = std::string(msg[http::field::accept_language]);
    beast::error_code ep_ec;
    auto ep = stream_.socket().remote_endpoint(ep_ec);
    req.client_ip = ep_ec ? std::string() : ep.address().to_string();
    keep_alive_ = msg.keep_alive();
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    {
      std::lock_guard<std::mutex> lock(server_->mu);
      ++server_->in_flight;
    }
    server_->handler(std::move(req), [self = shared_from_this()](Response r) {
      net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable {
        self->Reply(std::move(r), self->keep_alive_);
        std::lock_guard<std::mutex> lock(self->server_->mu);
        --self->server_->in_flight;
        self->server_->cv.notify_all();
      });
    });
  }

  void Reply(Response r, bool keep_alive) {
    busy_ = true;
    keep_alive = keep_alive && !server_->draining;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    server_->metrics->CountRequest(r.route, r.status, r.verdict ? &*r.verdict : nullptr, seconds);
    if (!r.file_path.empty()) return ReplyFile(std::move(r), keep_alive);
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    Fill(*res, r, keep_alive);
    res->body() = std::move(r.body);
    res->prepare_payload();
    Write(res);
  }

  void ReplyFile(Response r, bool keep_alive) {
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(r.file_path.c_str(), beast::file_mode::scan, ec);
    if (ec) return Reply(TextResponse(404, "file vanished\n", r.route), keep_alive);
    auto res = std::make_shared<http::response<http::file_body>>(http::status::ok, 11);
    Fill(*res, r, keep_alive);
    res->body() = std::move(body);
    res->prepare_payload();
    Write(res);
  }

  template <typename Res>
  void Fill(Res& res, const Response& r, bool keep_alive) {
    res.set(http::field::server, "qrmark-verifyd");
    res.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res.set(k, v);
    res.keep_alive(keep_alive);
  }

  template <typename Res>
  void Write(const std::shared_ptr<Res>& res) {
    stream_.expires_after(std::chrono::milliseconds(server_->options.limits.idle_timeout_ms));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      self->busy_ = false;
      if (ec || !res->keep_alive()) return self->Finish();
      self->Read();
    });
  }

  void Finish() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
    server_->Track(shared_from_this(), false);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl* server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = false;
  bool busy_ = false;
  std::chrono::steady_clock::time_point started_;
};

void HttpServer::Impl::Track(const std::shared_ptr<Session>& s, bool add) {
  std::lock_guard<std::mutex> lock(mu);
  if (add) sessions.insert(s); else sessions.erase(s);
  cv.notify_all();
}

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {  // e.g. EMFILE: retry shortly instead of spinning
      if (draining) return;
      auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) { if (!draining) Accept(); });
      return;
    }
    bool full;
    {
      std::lock_guard<std::mutex> lock(mu);
      full = sessions.size() >= options.limits.max_connections;
    }
    if (!full) {
      auto s = std::make_shared<Session>(std::move(socket), this);
      Track(s, true);
      s->Read();
    }
    Accept();
  });
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { Drain(std::chrono::milliseconds(0)); }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                      Handler handler, Metrics* metrics) {
  auto impl = std::make_unique<Impl>(options, std::move(handler), metrics);
  beast::error_code ec;
  auto address = net::ip::make_address(options.address, ec);
  tcp::endpoint ep(address, options.port);
  if (!ec) impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return IoError("cannot listen on " + options.address + ":" + std::to_string(options.port) +
                   ": " + ec.message());
  }
  impl->Accept();
  int n = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  for (int i = 0; i < n; ++i) impl->threads.emplace_back([p = impl.get()] { p->ioc.run(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::Drain(std::chrono::milliseconds grace) {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  s.draining = true;
  net::post(s.acceptor.get_executor(), [&s] { beast::error_code ec; s.acceptor.close(ec); });
  std::unique_lock<std::mutex> lock(s.mu);
  auto deadline = std::chrono::steady_clock::now() + grace;
  do {
    for (const auto& session : s.sessions) session->CloseIfIdle();
  } while (!s.cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                         std::chrono::milliseconds(50)),
                            [&] { return s.sessions.empty(); }) &&
           std::chrono::steady_clock::now() < deadline);
  lock.unlock();
  s.work.reset();
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  std::lock_guard<std::mutex> relock(s.mu);
  s.sessions.clear();
}

}  // namespace qrmark::verifyd
