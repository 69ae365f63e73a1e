#include "extract/mews_client.h"

#include <simdjson.h>

#include <utility>

#include "extract/url.h"

namespace mews {
namespace {

namespace dom = simdjson::dom;

constexpr size_t kMaxMessageChars = 300;

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  size_t end = s.find_last_not_of(' ');
  s.erase(end == std::string::npos ? 0 : end + 1);
  if (s.size() > kMaxMessageChars) s = s.substr(0, kMaxMessageChars) + "...";
  return s;
}

// A member that is a string, else "" (absent, null or another type).
std::string StringField(dom::object o, const char* key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return "";
  return std::string(v);
}

Result<ExportFile> ParseFile(dom::element e) {
  dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return Status::ParseError("Files[] entry is not an object");
  ExportFile f;
  f.url = StringField(o, "Url");
  if (f.url.empty()) return Status::ParseError("Files[] entry without Url");
  int64_t size = 0;
  double dsize = 0;
  if (o["SizeInBytes"].get_int64().get(size) != simdjson::SUCCESS) {
    if (o["SizeInBytes"].get_double().get(dsize) != simdjson::SUCCESS) {
      return Status::ParseError("Files[] entry without SizeInBytes");
    }
    // A size beyond int64 (or a fraction) is no file size: refuse it rather than convert it.
    if (!(dsize >= 0 && dsize < 9.2e18) || dsize != static_cast<double>(static_cast<int64_t>(dsize))) {
      return Status::ParseError("Files[] entry with SizeInBytes that is not a byte count");
    }
    size = static_cast<int64_t>(dsize);
  }
  if (size < 0) return Status::ParseError("Files[] entry with negative SizeInBytes");
  f.size_bytes = size;
  return f;
}

Result<ExportInfo> ParseExport(dom::element e) {
  dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return Status::ParseError("Export is not an object");
  ExportInfo info;
  info.id = StringField(o, "Id");
  info.status = StringField(o, "Status");
  info.entity = StringField(o, "EntityType");
  info.expires_utc = StringField(o, "ExpiresUtc");
  if (info.id.empty()) return Status::ParseError("Export without Id");
  // The id is the API's text: shown on one line, however it is made.
  if (info.status.empty()) return Status::ParseError("Export " + OneLine(info.id) + " without Status");
  dom::array files;
  if (o["Files"].get_array().get(files) == simdjson::SUCCESS) {
    for (dom::element f : files) {
      Result<ExportFile> file = ParseFile(f);
      if (!file.ok()) return file.status().WithContext("Export " + OneLine(info.id));
      info.files.push_back(std::move(file.value()));
    }
  }
  return info;
}

Result<dom::element> ParseBody(dom::parser* parser, const std::string& body, const char* what) {
  dom::element doc;
  if (parser->parse(body).get(doc) != simdjson::SUCCESS) {
    return Status::ParseError(std::string(what) + " reply is not JSON");
  }
  return doc;
}


// What a 403 from exports/* means, and its fix (README, "Production setup").
constexpr char kNotEnabled[] =
    "the export operations are not enabled for this integration; ask Mews Partner Success to "
    "enable them (or check that MEWS_ACCESS_TOKEN belongs to this integration)";

}  // namespace

// The Status for a final non-2xx reply of `operation` (shared with paging.cc).
Status ApiErrorFor(const std::string& operation, const HttpResponse& r) {
  std::string code = "HTTP " + std::to_string(r.status);
  std::string detail = DescribeApiError(r);
  const bool export_op = operation.rfind("exports/", 0) == 0;
  if (r.status == 401 || (r.status == 403 && !export_op)) {
    return Status::Unauthenticated("Mews rejected the tokens (" + code +
                                   "): check MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN; " + detail);
  }
  if (r.status == 403) {
    return Status::Unauthenticated("Mews refused " + operation + " (" + code + "): " + kNotEnabled +
                                   "; " + detail);
  }
  std::string line = "Mews " + operation + " failed (" + code + "): " + detail;
  if (r.status == 404) return Status::InvalidArgument(line + "; check MEWS_API_URL");
  if (ClassifyHttpStatus(r.status) == ErrorClass::kPermanent) return Status::InvalidArgument(line);
  return Status::Unavailable(line);
}

Result<ExportInfo> ParseAddResponse(const std::string& body) {
  dom::parser parser;
  Result<dom::element> doc = ParseBody(&parser, body, "exports/add");
  if (!doc.ok()) return doc.status();
  dom::element e;
  if (doc.value()["Export"].get(e) != simdjson::SUCCESS) {
    return Status::ParseError("exports/add reply has no Export");
  }
  return ParseExport(e);
}

Result<std::vector<ExportInfo>> ParseGetAllResponse(const std::string& body) {
  dom::parser parser;
  Result<dom::element> doc = ParseBody(&parser, body, "exports/getAll");
  if (!doc.ok()) return doc.status();
  dom::array exports;
  if (doc.value()["Exports"].get_array().get(exports) != simdjson::SUCCESS) {
    return Status::ParseError("exports/getAll reply has no Exports array");
  }
  std::vector<ExportInfo> out;
  for (dom::element e : exports) {
    Result<ExportInfo> info = ParseExport(e);
    if (!info.ok()) return info.status().WithContext("exports/getAll");
    out.push_back(std::move(info.value()));
  }
  return out;
}

std::string DescribeApiError(const HttpResponse& r) {
  std::string message, request_id;
  dom::parser parser;
  dom::object o;
  if (parser.parse(r.body).get_object().get(o) == simdjson::SUCCESS) {
    message = StringField(o, "Message");
    request_id = StringField(o, "RequestId");
  }
  if (message.empty()) message = r.body.empty() ? "(no message)" : r.body;
  std::string ids;
  if (!request_id.empty()) ids += "RequestId " + request_id;
  if (!r.request_id.empty()) ids += (ids.empty() ? "" : "; ") + std::string("Request-Id header ") + r.request_id;
  return OneLine(message) + (ids.empty() ? "" : " (" + OneLine(ids) + ")");
}

MewsClient::MewsClient(std::string api_url, MewsCredentials credentials, HttpClient* http,
                       Clock* clock, RetryPolicy policy, Note note)
    : api_url_(std::move(api_url)),
      credentials_(std::move(credentials)),
      http_(http),
      clock_(clock),
      policy_(std::move(policy)),
      note_(std::move(note)) {}

std::string MewsClient::Envelope() const {
  return "{\"ClientToken\":" + JsonQuote(credentials_.client_token) +
         ",\"AccessToken\":" + JsonQuote(credentials_.access_token) +
         ",\"Client\":" + JsonQuote(credentials_.client);
}

Result<HttpResponse> MewsClient::Call(const std::string& operation, const std::string& fields) {
  std::string url = JoinUrl(api_url_, "/api/connector/v1/" + operation);
  std::string body = Envelope() + fields + "}";
  auto note = [this, &operation](const std::string& line) {
    if (note_) note_("Mews " + operation + ": " + line);
  };
  return RunWithRetry(
      [&] {
        if (budget_ != nullptr) budget_->Acquire();
        return http_->PostJson(url, body);
      },
      policy_, clock_, note);
}

Result<AddOutcome> MewsClient::AddExport(const ExportRequest& request) {
  MEWS_RETURN_IF_ERROR(ValidateExportRequest(request, clock_->Now()));
  std::string fields = ",\"EntityType\":" + JsonQuote(request.entity);
  std::string scope = ScopeJson(request.scope), filters = FiltersJson(request.filters);
  if (scope != "null") fields += ",\"Scope\":" + scope;
  if (filters != "null") fields += ",\"Filters\":" + filters;
  Result<HttpResponse> r = Call("exports/add", fields);
  if (!r.ok()) return r.status().WithContext("Mews exports/add");
  AddOutcome out;
  if (r->status == 400) {
    out.refused = true;
    out.refusal = "Mews exports/add refused (HTTP 400): " + DescribeApiError(r.value());
    return out;
  }
  if (r->status >= 300) return ApiErrorFor("exports/add", r.value());
  Result<ExportInfo> info = ParseAddResponse(r->body);
  if (!info.ok()) return info.status();
  out.created = std::move(info.value());
  return out;
}

Result<HttpResponse> MewsClient::GetExportsReply(const std::vector<std::string>& ids) {
  if (ids.empty() || ids.size() > 1000) {
    return Status::InvalidArgument("exports/getAll takes 1 to 1000 ids, not " + std::to_string(ids.size()));
  }
  std::string fields = ",\"ExportIds\":[";
  for (size_t i = 0; i < ids.size(); ++i) fields += (i ? "," : "") + JsonQuote(ids[i]);
  fields += "]";
  Result<HttpResponse> r = Call("exports/getAll", fields);
  if (!r.ok()) return r.status().WithContext("Mews exports/getAll");
  return r;
}

Status MewsClient::ReplyError(const std::string& operation, const HttpResponse& reply) {
  return ApiErrorFor(operation, reply);
}

Result<std::vector<ExportInfo>> MewsClient::GetExports(const std::vector<std::string>& ids) {
  Result<HttpResponse> r = GetExportsReply(ids);
  if (!r.ok()) return r.status();
  if (r->status >= 300) return ApiErrorFor("exports/getAll", r.value());
  return ParseGetAllResponse(r->body);
}

Result<std::optional<ExportInfo>> MewsClient::GetExport(const std::string& id) {
  Result<std::vector<ExportInfo>> got = GetExports({id});
  if (!got.ok()) return got.status();
  for (ExportInfo& e : got.value()) {
    if (e.id == id) return std::optional<ExportInfo>(std::move(e));
  }
  return std::optional<ExportInfo>();
}

}  // namespace mews
