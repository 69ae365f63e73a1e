#include "tests/extract/fake_mews.h"

#include <httplib.h>
#include <simdjson.h>
#include <zlib.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

namespace mews::test {

struct FakeExport {
  std::string id, entity, status;
  int polls_left = 0;
  std::vector<std::string> files;
};

struct FakeMews::State {
  std::string client_token, access_token;
  httplib::Server server;
  std::thread thread;
  int port = 0;
  mutable std::mutex mu;
  std::vector<std::string> files = {"{\"Id\":\"a\"}\n"};
  int polls = 1;
  int next_id = 1;
  int next_sig = 1;
  std::map<std::string, FakeExport> exports;
  std::map<std::string, std::string> current_sig;  // "<id>/<n>" -> valid signature
  std::vector<std::string> signatures;
  std::vector<FaultRule> faults;
  std::vector<LoggedRequest> log;

  // The first rule for `op` still in force, consumed. REQUIRES: mu held.
  bool TakeFault(const std::string& op, FaultRule* out) {
    for (FaultRule& r : faults) {
      if (r.op != op || r.times == 0) continue;
      if (r.times > 0) --r.times;
      *out = r;
      return true;
    }
    return false;
  }
  void Log(const std::string& op, const httplib::Request& req, int status) {
    log.push_back({op, req.target, req.get_header_value("Range"), status, std::chrono::steady_clock::now()});
  }
  std::string Json(const FakeExport& e);
  void HandleApi(const std::string& op, const httplib::Request& req, httplib::Response& res);
  void Add(simdjson::dom::element body, httplib::Response& res);
  void GetAll(simdjson::dom::element body, httplib::Response& res);
  void File(const httplib::Request& req, httplib::Response& res);
};

namespace {

void Error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_header("Request-Id", "hdr-" + std::to_string(status));
  res.set_content("{\"Message\":\"" + message + "\",\"RequestId\":\"body-" + std::to_string(status) + "\"}",
                  "application/json");
}

bool ApplyStatusFault(const FaultRule& f, httplib::Response& res) {
  if (f.status == 0) return false;
  if (!f.retry_after.empty()) res.set_header("Retry-After", f.retry_after);
  Error(res, f.status, "injected fault");
  return true;
}

}  // namespace

std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string FakeMews::State::Json(const FakeExport& e) {
  std::string files_json;
  for (size_t i = 0; e.status == "Success" && i < e.files.size(); ++i) {
    std::string key = e.id + "/" + std::to_string(i + 1);
    std::string sig = "SIGSECRET" + std::to_string(next_sig++);
    current_sig[key] = sig;
    signatures.push_back(sig);
    std::string url = "http://127.0.0.1:" + std::to_string(port) + "/files/" + key + "?sig=" + sig + "&se=2099";
    files_json += std::string(i ? "," : "") + "{\"Url\":\"" + url + "\",\"SizeInBytes\":" +
                  std::to_string(e.files[i].size()) + "}";
  }
  return "{\"Id\":\"" + e.id + "\",\"Status\":\"" + e.status + "\",\"EntityType\":\"" + e.entity +
         "\",\"Scope\":{\"EnterpriseIds\":null,\"ChainIds\":null},\"Files\":[" + files_json +
         "],\"ExpiresUtc\":" + (e.status == "Success" ? "\"2099-01-01T00:00:00Z\"" : "null") +
         ",\"Filters\":null}";
}

void FakeMews::State::HandleApi(const std::string& op, const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu);
  FaultRule f;
  simdjson::dom::parser parser;
  simdjson::dom::element body;
  std::string_view ct, at;
  if (TakeFault(op, &f) && ApplyStatusFault(f, res)) {
  } else if (parser.parse(req.body).get(body) || body["ClientToken"].get(ct) || body["AccessToken"].get(at)) {
    Error(res, 400, "Invalid JSON");
  } else if (ct != client_token || at != access_token) {
    Error(res, 401, "Invalid ClientToken or AccessToken");
  } else if (op == "add") {
    Add(body, res);
  } else {
    GetAll(body, res);
  }
  Log(op, req, res.status);
}

void FakeMews::State::Add(simdjson::dom::element body, httplib::Response& res) {
  std::string_view entity;
  if (body["EntityType"].get(entity)) return Error(res, 400, "Invalid EntityType");
  for (const auto& [id, e] : exports) {
    if (e.entity == entity && (e.status == "Pending" || e.status == "Processing")) {
      return Error(res, 400, "An export of this entity type is already in progress.");
    }
  }
  char id[40];
  std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", next_id++, 42);
  FakeExport e{id, std::string(entity), "Pending", polls, files};
  exports[e.id] = e;
  res.status = 200;
  res.set_content("{\"Export\":" + Json(e) + "}", "application/json");
}

void FakeMews::State::GetAll(simdjson::dom::element body, httplib::Response& res) {
  simdjson::dom::array ids;
  if (body["ExportIds"].get(ids)) return Error(res, 400, "Invalid ExportIds");
  std::string out;
  for (simdjson::dom::element v : ids) {
    std::string_view id;
    if (v.get(id) || !exports.count(std::string(id))) continue;
    FakeExport& e = exports[std::string(id)];
    if (e.status == "Pending" || e.status == "Processing") {
      e.status = e.polls_left-- > 0 ? "Processing" : "Success";
    }
    out += (out.empty() ? "" : ",") + Json(e);
  }
  res.status = 200;
  res.set_content("{\"Exports\":[" + out + "]}", "application/json");
}

void FakeMews::State::File(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu);
  std::string key = std::string(req.matches[1]) + "/" + std::string(req.matches[2]);
  FaultRule f;
  bool fault = TakeFault("file", &f);
  auto e = exports.find(req.matches[1]);
  size_t n = std::stoul(req.matches[2]);
  if (fault && ApplyStatusFault(f, res)) {
  } else if (e == exports.end() || n == 0 || n > e->second.files.size()) {
    Error(res, 404, "no such file");
  } else if (req.get_param_value("sig") != current_sig[key]) {
    Error(res, 403, "signature expired");
  } else {
    auto content = std::make_shared<std::string>(fault && f.gzip ? Gzip(e->second.files[n - 1])
                                                                 : e->second.files[n - 1]);
    if (fault && f.gzip) res.set_header("Content-Encoding", "gzip");
    int64_t cut = fault ? f.cut_after_bytes : -1;
    res.set_content_provider(content->size(), "application/octet-stream",
                             [content, cut](size_t offset, size_t length, httplib::DataSink& sink) {
                               size_t n = cut >= 0 ? std::min<size_t>(length, cut) : length;
                               sink.write(content->data() + offset, n);
                               return cut < 0;
                             });
  }
  Log("file", req, res.status == -1 ? (req.ranges.empty() ? 200 : 206) : res.status);
}

FakeMews::FakeMews(std::string client_token, std::string access_token) : state_(new State) {
  State* s = state_.get();
  s->client_token = std::move(client_token);
  s->access_token = std::move(access_token);
  s->server.Post("/api/connector/v1/exports/add",
                 [s](const httplib::Request& q, httplib::Response& r) { s->HandleApi("add", q, r); });
  s->server.Post("/api/connector/v1/exports/getAll",
                 [s](const httplib::Request& q, httplib::Response& r) { s->HandleApi("getAll", q, r); });
  s->server.Get(R"(/files/([0-9a-f-]+)/(\d+))",
                [s](const httplib::Request& q, httplib::Response& r) { s->File(q, r); });
  s->port = s->server.bind_to_any_port("127.0.0.1");
  s->thread = std::thread([s] { s->server.listen_after_bind(); });
  while (!s->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeMews::~FakeMews() {
  state_->server.stop();
  state_->thread.join();
}

std::string FakeMews::url() const { return "http://127.0.0.1:" + std::to_string(state_->port); }

void FakeMews::SetFiles(std::vector<std::string> files) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->files = std::move(files);
}

void FakeMews::SetPollsBeforeSuccess(int polls) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->polls = polls;
}

void FakeMews::AddFault(const FaultRule& rule) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->faults.push_back(rule);
}

void FakeMews::ClearFaults() {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->faults.clear();
}

std::string FakeMews::AddPendingExport(const std::string& entity) {
  std::lock_guard<std::mutex> lock(state_->mu);
  char id[40];
  std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", state_->next_id++, 7);
  state_->exports[id] = FakeExport{id, entity, "Processing", state_->polls, state_->files};
  return id;
}

void FakeMews::SetStatus(const std::string& id, const std::string& status) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->exports[id].status = status;
  if (status != "Success") state_->exports[id].polls_left = 0;
}

std::vector<LoggedRequest> FakeMews::Requests() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->log;
}

int FakeMews::Count(const std::string& op) const {
  int n = 0;
  for (const LoggedRequest& r : Requests()) n += r.op == op;
  return n;
}

std::vector<std::string> FakeMews::Signatures() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->signatures;
}

}  // namespace mews::test
