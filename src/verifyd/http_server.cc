// Beast listener and sessions: deadlines, limits, keep-alive and draining.
//
// One io_context per io thread; a connection lives on one of them for its
// whole life (round-robin at accept), so its handlers never need a strand.
// Answers that arrive from other threads (the scan log's commit thread) are
// queued per io thread and handed over with one post per batch, not one per
// request. Plain responses are serialised by hand into a per-connection
// buffer that keeps its capacity; files go through Beast's file_body.
#include "src/verifyd/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <charconv>
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

// An io thread with its own io_context, and the answers waiting to be sent
// on the connections it owns.
struct IoThread {
  IoThread() : ioc(1), work(ioc.get_executor()) {}

  // Queues `response` for `session` (owned by this thread); from any thread.
  void Deliver(Session* session, Response response);
  void SendDelivered();

  net::io_context ioc;
  // Keeps the thread running while a request waits on the scan log with no
  // socket operation pending (after the acceptor closes, during Drain).
  net::executor_work_guard<net::io_context::executor_type> work;
  std::thread thread;
  std::mutex mu;
  std::vector<std::pair<Session*, Response>> delivered;  // GUARDED_BY(mu)
  bool send_posted = false;                               // GUARDED_BY(mu)
  std::vector<std::pair<Session*, Response>> sending;     // this thread only
};

class HttpServer::Impl {
 public:
  Impl(const ServerOptions& o, Handler h, Metrics* m, int thread_count)
      : options(o), handler(std::move(h)), metrics(m) {
    for (int i = 0; i < thread_count; ++i) io_threads.push_back(std::make_unique<IoThread>());
    acceptor.emplace(io_threads.front()->ioc);
  }
  void Accept();
  void Track(const std::shared_ptr<Session>& s, bool add);

  ServerOptions options;
  Handler handler;
  Metrics* metrics;
  std::vector<std::unique_ptr<IoThread>> io_threads;
  size_t next_io_thread = 0;  // the acceptor's thread only
  std::optional<tcp::acceptor> acceptor;
  std::atomic<bool> draining{false};
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::shared_ptr<Session>> sessions;  // GUARDED_BY(mu)
  bool stopped = false;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl* server, IoThread* io_thread)
      : stream_(std::move(socket)), server_(server), io_thread_(io_thread) {}

  // Starts the first read; on the session's own io thread.
  void Start() {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) client_ip_ = endpoint.address().to_string();
    Read();
  }

  // Closes the connection unless a request is being answered.
  void CloseIfIdle() {
    net::post(io_thread_->ioc, [self = shared_from_this()] {
      if (!self->busy_) self->stream_.socket().close();
    });
  }

  // Sends the handler's answer; on the session's io thread.
  void Answer(Response r) {
    std::shared_ptr<Session> self = std::move(answering_);
    Reply(std::move(r), keep_alive_);
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(server_->options.limits.max_request_bytes);
    parser_->body_limit(server_->options.limits.max_request_bytes);
    stream_.expires_after(std::chrono::milliseconds(server_->options.limits.idle_timeout_ms));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

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
    req.client_ip = client_ip_;
    keep_alive_ = msg.keep_alive();
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    answering_ = shared_from_this();  // alive until the answer, whichever thread gives it
    server_->handler(std::move(req), [this](Response r) {
      if (io_thread_->ioc.get_executor().running_in_this_thread()) return Answer(std::move(r));
      io_thread_->Deliver(this, std::move(r));
    });
  }

  void Reply(Response r, bool keep_alive) {
    busy_ = true;
    keep_alive = keep_alive && !server_->draining;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    server_->metrics->CountRequest(r.route, r.status, r.verdict ? &*r.verdict : nullptr, seconds);
    if (!r.file_path.empty()) return ReplyFile(std::move(r), keep_alive);
    SerializeHead(r, keep_alive);
    body_ = std::move(r.body);
    keep_alive_after_write_ = keep_alive;
    stream_.expires_after(std::chrono::milliseconds(server_->options.limits.idle_timeout_ms));
    std::array<net::const_buffer, 2> buffers = {net::buffer(head_), net::buffer(body_)};
    net::async_write(stream_, buffers, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->OnWritten(ec, self->keep_alive_after_write_);
    });
  }

  // The status line and header fields of `r` into head_, whose capacity is kept.
  void SerializeHead(const Response& r, bool keep_alive) {
    head_.clear();
    head_ += "HTTP/1.1 ";
    AppendNumber(static_cast<uint64_t>(r.status));
    head_ += ' ';
    beast::string_view reason = http::obsolete_reason(static_cast<http::status>(r.status));
    head_.append(reason.data(), reason.size());
    head_ += "\r\nServer: qrmark-verifyd\r\nContent-Type: ";
    head_ += r.content_type;
    for (const auto& [name, value] : r.headers) {
      head_ += "\r\n";
      head_ += name;
      head_ += ": ";
      head_ += value;
    }
    if (!keep_alive) head_ += "\r\nConnection: close";
    head_ += "\r\nContent-Length: ";
    AppendNumber(r.body.size());
    head_ += "\r\n\r\n";
  }

  void AppendNumber(uint64_t n) {
    char digits[20];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    head_.append(digits, end);
  }

  void ReplyFile(Response r, bool keep_alive) {
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(r.file_path.c_str(), beast::file_mode::scan, ec);
    if (ec) return Reply(TextResponse(404, "file vanished\n", r.route), keep_alive);
    auto res = std::make_shared<http::response<http::file_body>>(http::status::ok, 11);
    res->set(http::field::server, "qrmark-verifyd");
    res->set(http::field::content_type, {r.content_type.data(), r.content_type.size()});
    for (const auto& [name, value] : r.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    res->body() = std::move(body);
    res->prepare_payload();
    stream_.expires_after(std::chrono::milliseconds(server_->options.limits.idle_timeout_ms));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      self->OnWritten(ec, res->keep_alive());
    });
  }

  void OnWritten(beast::error_code ec, bool keep_alive) {
    busy_ = false;
    if (ec || !keep_alive) return Finish();
    Read();
  }

  void Finish() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
    server_->Track(shared_from_this(), false);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl* server_;
  IoThread* io_thread_;
  std::string client_ip_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Session> answering_;  // set while the handler owes an answer
  std::string head_;                    // the response being written
  std::string body_;
  bool keep_alive_ = false;
  bool keep_alive_after_write_ = false;
  bool busy_ = false;
  std::chrono::steady_clock::time_point started_;
};

void IoThread::Deliver(Session* session, Response response) {
  std::lock_guard<std::mutex> lock(mu);
  delivered.emplace_back(session, std::move(response));
  if (send_posted) return;
  send_posted = true;
  net::post(ioc, [this] { SendDelivered(); });
}

void IoThread::SendDelivered() {
  {
    std::lock_guard<std::mutex> lock(mu);
    sending.swap(delivered);
    send_posted = false;
  }
  for (auto& [session, response] : sending) session->Answer(std::move(response));
  sending.clear();
}

void HttpServer::Impl::Track(const std::shared_ptr<Session>& s, bool add) {
  std::lock_guard<std::mutex> lock(mu);
  if (add) sessions.insert(s); else sessions.erase(s);
  cv.notify_all();
}

void HttpServer::Impl::Accept() {
  IoThread* owner = io_threads[next_io_thread].get();
  acceptor->async_accept(owner->ioc, [this, owner](beast::error_code ec, tcp::socket socket) {
    if (ec) {  // e.g. EMFILE: retry shortly instead of spinning
      if (draining) return;
      auto timer = std::make_shared<net::steady_timer>(acceptor->get_executor(),
                                                       std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) { if (!draining) Accept(); });
      return;
    }
    bool full;
    {
      std::lock_guard<std::mutex> lock(mu);
      full = sessions.size() >= options.limits.max_connections;
    }
    if (!full) {
      auto s = std::make_shared<Session>(std::move(socket), this, owner);
      Track(s, true);
      net::post(owner->ioc, [s] { s->Start(); });
      next_io_thread = (next_io_thread + 1) % io_threads.size();
    }
    Accept();
  });
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { Drain(std::chrono::milliseconds(0)); }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                      Handler handler, Metrics* metrics) {
  int n = options.threads > 0 ? options.threads
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto impl = std::make_unique<Impl>(options, std::move(handler), metrics, n);
  tcp::acceptor& acceptor = *impl->acceptor;
  beast::error_code ec;
  auto address = net::ip::make_address(options.address, ec);
  tcp::endpoint ep(address, options.port);
  if (!ec) acceptor.open(ep.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(ep, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return IoError("cannot listen on " + options.address + ":" + std::to_string(options.port) +
                   ": " + ec.message());
  }
  impl->Accept();
  for (auto& t : impl->io_threads) t->thread = std::thread([io = t.get()] { io->ioc.run(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->acceptor->local_endpoint().port(); }

void HttpServer::Drain(std::chrono::milliseconds grace) {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  s.draining = true;
  net::post(s.acceptor->get_executor(), [&s] { beast::error_code ec; s.acceptor->close(ec); });
  std::unique_lock<std::mutex> lock(s.mu);
  auto deadline = std::chrono::steady_clock::now() + grace;
  do {
    for (const auto& session : s.sessions) session->CloseIfIdle();
  } while (!s.cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                         std::chrono::milliseconds(50)),
                            [&] { return s.sessions.empty(); }) &&
           std::chrono::steady_clock::now() < deadline);
  lock.unlock();
  for (auto& t : s.io_threads) {
    t->work.reset();
    t->ioc.stop();
  }
  for (auto& t : s.io_threads) t->thread.join();
  std::lock_guard<std::mutex> relock(s.mu);
  s.sessions.clear();
}

}  // namespace qrmark::verifyd
