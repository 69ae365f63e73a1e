#include "tests/extract/fake_reference.h"

#include <httplib.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

namespace mews::test {

struct Operation {
  std::string collection;
  std::vector<std::string> records;
  std::vector<std::string> ids;        // each record's Id
  std::vector<std::string> filter_of;  // each record's ids_field value
  std::string ids_parameter;
  bool filtered = false;               // records are filtered by filter_of
  bool repeat = false, oversize = false;
  std::string retry_after;
  int limited = 0;
};

struct FakeReference::State {
  std::string client_token, access_token;
  httplib::Server server;
  std::thread thread;
  int port = 0;
  mutable std::mutex mu;
  std::map<std::string, Operation> ops;
  std::vector<ReferenceRequest> log;

  void Handle(const std::string& op, const httplib::Request& req, httplib::Response& res);
};

namespace {

void Reply(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content("{\"Message\":\"" + message + "\"}", "application/json");
}

std::string Field(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return "";
  return std::string(v);
}

}  // namespace

void FakeReference::State::Handle(const std::string& name, const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu);
  simdjson::dom::parser parser;
  simdjson::dom::element body;
  if (parser.parse(req.body).get(body) != simdjson::SUCCESS) return Reply(res, 400, "not JSON");
  ReferenceRequest logged{name, req.body, 0, "", {}, std::chrono::steady_clock::now()};
  int64_t count = 0;
  simdjson::dom::element limitation;
  if (body["Limitation"].get(limitation) == simdjson::SUCCESS) {
    if (limitation["Count"].get_int64().get(count) != simdjson::SUCCESS) count = 0;
    logged.count = static_cast<int>(count);
    logged.cursor = Field(limitation, "Cursor");
  }
  auto it = ops.find(name);
  Operation* op = it == ops.end() ? nullptr : &it->second;
  if (op != nullptr && !op->ids_parameter.empty()) {
    simdjson::dom::array ids;
    if (body[op->ids_parameter].get_array().get(ids) == simdjson::SUCCESS) {
      for (auto id : ids) logged.filter_ids.emplace_back(std::string(id.get_string().value()));
    }
  }
  log.push_back(logged);
  if (Field(body, "ClientToken") != client_token || Field(body, "AccessToken") != access_token) {
    return Reply(res, 401, "Invalid token");
  }
  if (op == nullptr) return Reply(res, 404, "unknown operation");
  if (op->limited > 0) {
    --op->limited;
    res.set_header("Retry-After", op->retry_after);
    return Reply(res, 429, "Too many requests");
  }
  if (count < 1 || count > 1000) return Reply(res, 400, "Limitation.Count must be 1 to 1000");
  if (!op->ids_parameter.empty() && logged.filter_ids.empty()) {
    return Reply(res, 400, op->ids_parameter + " is required");
  }
  size_t start = 0;
  if (!logged.cursor.empty() && !op->repeat) {
    auto pos = std::find(op->ids.begin(), op->ids.end(), logged.cursor);
    if (pos == op->ids.end()) return Reply(res, 400, "unknown Cursor");
    start = static_cast<size_t>(pos - op->ids.begin()) + 1;
  }
  const size_t limit = static_cast<size_t>(count) + (op->oversize ? 1 : 0);
  std::string out = "{\"" + op->collection + "\":[";
  std::string last;
  size_t served = 0;
  for (size_t i = start; i < op->records.size() && served < limit; ++i) {
    if (op->filtered &&
        std::find(logged.filter_ids.begin(), logged.filter_ids.end(), op->filter_of[i]) == logged.filter_ids.end()) {
      continue;
    }
    out += (served ? "," : "") + op->records[i];
    last = op->ids[i];
    ++served;
  }
  out += "],\"Cursor\":" + (last.empty() ? std::string("null") : "\"" + last + "\"") + "}";
  res.set_content(out, "application/json");
}

FakeReference::FakeReference(std::string client_token, std::string access_token)
    : state_(std::make_unique<State>()) {
  state_->client_token = std::move(client_token);
  state_->access_token = std::move(access_token);
  state_->server.Post(R"(/api/connector/v1/([A-Za-z]+/getAll))",
                      [this](const httplib::Request& req, httplib::Response& res) {
                        state_->Handle(req.matches[1], req, res);
                      });
  state_->port = state_->server.bind_to_any_port("127.0.0.1");
  state_->thread = std::thread([this] { state_->server.listen_after_bind(); });
  while (!state_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeReference::~FakeReference() {
  state_->server.stop();
  state_->thread.join();
}

std::string FakeReference::url() const { return "http://127.0.0.1:" + std::to_string(state_->port); }

void FakeReference::Serve(const std::string& op, const std::string& collection, std::vector<std::string> records,
                          const std::string& ids_parameter, const std::string& ids_field) {
  std::lock_guard<std::mutex> lock(state_->mu);
  Operation o;
  o.collection = collection;
  o.ids_parameter = ids_parameter;
  o.filtered = !ids_field.empty();
  simdjson::dom::parser parser;
  for (const std::string& r : records) {
    simdjson::dom::element e = parser.parse(r).value();
    o.ids.push_back(Field(e, "Id"));
    o.filter_of.push_back(ids_field.empty() ? "" : Field(e, ids_field.c_str()));
  }
  o.records = std::move(records);
  state_->ops[op] = std::move(o);
}

void FakeReference::RepeatFirstPage(const std::string& op) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->ops[op].repeat = true;
}

void FakeReference::Oversize(const std::string& op) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->ops[op].oversize = true;
}

void FakeReference::RateLimit(const std::string& op, const std::string& retry_after, int times) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->ops[op].retry_after = retry_after;
  state_->ops[op].limited = times;
}

std::vector<ReferenceRequest> FakeReference::Requests() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->log;
}

}  // namespace mews::test
