#include "tools/mews-sim/sim_server.h"

#include <stdlib.h>

#include <filesystem>
#include <random>
#include <thread>

#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/server_core.h"
#include "tools/mews-sim/sim_random.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {

using internal::CurrentNote;
using internal::RequestNote;

struct SimServer::Impl {
  ServerOptions options;
  std::unique_ptr<internal::ServerCore> core;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::string work_dir;
  bool temp_dir = false;
  int port = 0;
  bool stopped = false;

  Status PrepareWorkDir();
  void InstallHooks();
  void LogRequest(const httplib::Request& req, const httplib::Response& res);
};

Status SimServer::Impl::PrepareWorkDir() {
  std::error_code ec;
  if (!options.work_dir.empty()) {
    std::filesystem::create_directories(options.work_dir, ec);
    if (ec) return Status::IoError("--work-dir: cannot create " + options.work_dir + ": " + ec.message());
    work_dir = options.work_dir;
    return Status::Ok();
  }
  std::string pattern = std::filesystem::temp_directory_path(ec).string() + "/mews-sim-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::IoError("cannot create a temporary work directory " + pattern);
  }
  work_dir = pattern;
  temp_dir = true;
  return Status::Ok();
}

void SimServer::Impl::InstallHooks() {
  internal::ServerCore* c = core.get();
  server->set_pre_routing_handler([c](const httplib::Request&, httplib::Response& res) {
    RequestNote& note = CurrentNote();
    note = RequestNote{};
    note.start_micros = NowMicros();
    uint64_t n = ++c->request_counter;
    note.seq = n;
    ++c->in_flight;
    AppendUuid(&note.request_id, MakeUuid(c->secret ^ NameTag("request"), n));
    res.set_header("Request-Id", note.request_id);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  httplib::Server::HandlerWithResponse on_error = [](const httplib::Request& req,
                                                     httplib::Response& res) {
    if (!res.body.empty() || CurrentNote().streamed) return httplib::Server::HandlerResponse::Unhandled;
    internal::SendError(res, res.status, "No handler for " + req.method + " " + req.path + ".");
    return httplib::Server::HandlerResponse::Handled;
  };
  server->set_error_handler(on_error);
  server->set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  std::exception_ptr) {
    internal::SendError(res, 500, "Internal simulator error.");
  });
  server->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    LogRequest(req, res);
  });
}

void SimServer::Impl::LogRequest(const httplib::Request& req, const httplib::Response& res) {
  RequestNote& note = CurrentNote();
  RequestLogEntry e;
  e.seq = note.seq;
  e.time_micros = NowMicros();
  e.duration_micros = note.start_micros != 0 ? e.time_micros - note.start_micros : 0;
  e.method = req.method;
  e.path = req.path;
  e.status = res.status;
  e.entity_type = note.entity_type;
  e.filters_json = note.filters_json;
  e.export_ids = note.export_ids;
  e.limitation_json = note.limitation_json;
  e.property = note.property;
  e.range = req.get_header_value("Range");
  e.bytes = note.streamed ? note.streamed_bytes : res.body.size();
  e.fault = note.fault;
  e.request_id = note.request_id;
  core->log.Add(e);
  if (note.start_micros != 0) --core->in_flight;
  note = RequestNote{};  // a request that is never routed must not inherit this one's notes
}

SimServer::SimServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

SimServer::~SimServer() { Stop(); }

Result<int> SimServer::Start() {
  Impl& s = *impl_;
  // Fix the anchor once, so the data does not change when the server runs past midnight.
  if (s.options.generator.anchor_micros == 0) s.options.generator.anchor_micros = DefaultAnchorMicros();
  MEWS_RETURN_IF_ERROR(s.PrepareWorkDir());
  s.core = std::make_unique<internal::ServerCore>(s.options, s.work_dir);
  s.core->secret = (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  s.core->faults.Replace(s.options.faults);
  if (!s.options.request_log_path.empty()) {
    MEWS_RETURN_IF_ERROR(s.core->log.OpenFile(s.options.request_log_path));
  }
  Result<std::unique_ptr<httplib::Server>> server = internal::NewHttpServer(s.options);
  if (!server.ok()) return server.status();
  s.server = std::move(server.value());
  s.InstallHooks();
  internal::RegisterApiHandlers(*s.server, *s.core);
  internal::RegisterReferenceHandlers(*s.server, *s.core);
  internal::RegisterFileHandler(*s.server, *s.core);
  internal::RegisterControlHandlers(*s.server, *s.core);
  s.port = s.options.port == 0 ? s.server->bind_to_any_port(s.options.host)
                               : (s.server->bind_to_port(s.options.host, s.options.port)
                                      ? s.options.port : -1);
  if (s.port <= 0) {
    return Status::IoError("cannot listen on " + s.options.host + ":" +
                           std::to_string(s.options.port));
  }
  s.thread = std::thread([&s] { s.server->listen_after_bind(); });
  // stop() only works once the server runs: wait for it so Stop never misses it.
  while (!s.server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return s.port;
}

void SimServer::Stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  if (s.thread.joinable()) {
    s.server->stop();
    s.thread.join();
  }
  s.core.reset();
  if (s.temp_dir) {
    std::error_code ec;
    std::filesystem::remove_all(s.work_dir, ec);
  }
}

std::string SimServer::base_url() const {
  return std::string(impl_->options.tls_cert_file.empty() ? "http://" : "https://") + impl_->options.host + ":" + std::to_string(impl_->port);
}

}  // namespace mews::sim
