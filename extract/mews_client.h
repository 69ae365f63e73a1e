// The two Mews export operations, exports/add and exports/getAll, with retries by error class and
// error messages carrying the API's Message, RequestId and Request-Id header. Tokens travel only in
// request bodies and never appear in messages or notes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "extract/export_request.h"
#include "extract/http_client.h"
#include "extract/request_budget.h"
#include "extract/retry_policy.h"
#include "core/export_record.h"
#include "core/result.h"

namespace mews {

struct MewsCredentials {
  std::string client_token;  // MEWS_CLIENT_TOKEN
  std::string access_token;  // MEWS_ACCESS_TOKEN
  std::string client;        // MEWS_CLIENT, e.g. "mews-etl 0.1.0"
};

// One export as exports/add or exports/getAll describes it. File URLs are signed and short-lived.
struct ExportInfo {
  std::string id;
  std::string status;       // Pending, Processing, Success, Failed, Expired
  std::string entity;
  std::string expires_utc;  // "" when null
  std::vector<ExportFile> files;
};

// exports/add either created an export or was refused with HTTP 400 (typically: an export of that
// type is already Pending or Processing; the API does not say which 400 it is).
struct AddOutcome {
  bool refused = false;
  std::string refusal;  // the error line when refused
  ExportInfo created;   // when !refused
};

// Parsers for the API's JSON, exposed for tests. ParseError names what is missing.
Result<ExportInfo> ParseAddResponse(const std::string& body);
Result<std::vector<ExportInfo>> ParseGetAllResponse(const std::string& body);
// "<Message> (RequestId r; Request-Id header h)" from an error reply; tolerant of non-JSON bodies.
std::string DescribeApiError(const HttpResponse& response);
// The Status of a final non-2xx reply of `operation`: Unauthenticated for 401/403 (about the
// tokens), InvalidArgument for other 4xx, Unavailable for 408/429/5xx.
Status ApiErrorFor(const std::string& operation, const HttpResponse& response);

// One reference */getAll operation to read whole (see schemas' ReferenceSource).
struct PagedCall {
  std::string operation;        // "services/getAll"
  std::string parameters = "{}";  // JSON object of members added to every request
  bool paged = true;            // sends Limitation {Count, Cursor} and follows the Cursor
  std::string ids_parameter;    // "ServiceIds": filled from `ids`, at most 1000 per request
  std::vector<std::string> ids;  // with ids_parameter and no ids, no request is made
};

// What the caller found in one page: how many records its collection held and its Cursor.
struct PageSummary {
  uint64_t items = 0;
  std::optional<std::string> cursor;
};

// Consumes one response body (page numbers count from 1 per operation); a non-OK result stops paging.
using PageHandler = std::function<Result<PageSummary>(const std::string& body, int page)>;

class MewsClient {
 public:
  using Note = std::function<void(const std::string&)>;

  // REQUIRES: CheckSecureUrl(api_url) is OK. `http` and `clock` must outlive the client.
  // `note` receives one line per retry (may be empty).
  MewsClient(std::string api_url, MewsCredentials credentials, HttpClient* http, Clock* clock,
             RetryPolicy policy, Note note);

  // Validates `request` (InvalidArgument before any network traffic), then calls exports/add.
  Result<AddOutcome> AddExport(const ExportRequest& request);

  // exports/getAll for `ids` (1..1000). Unauthenticated for 401 (the tokens) and 403 (the export
  // operations are not enabled: ask Mews Partner Success); Unavailable once retries of
  // 408/429/5xx/transport errors are spent; InvalidArgument for other 4xx.
  Result<std::vector<ExportInfo>> GetExports(const std::vector<std::string>& ids);
  // exports/getAll for the one export `id`: nullopt when the reply does not list it. Errors as GetExports.
  Result<std::optional<ExportInfo>> GetExport(const std::string& id);

  // The same call, returning the final reply whatever its status (for `mews-etl check`, which
  // tells 200, 401 and 403 apart); errors only for transport failures, as PostJson.
  Result<HttpResponse> GetExportsReply(const std::vector<std::string>& ids);
  // The Status GetExports returns for a non-2xx `reply` of `operation` (one line, with the fix).
  static Status ReplyError(const std::string& operation, const HttpResponse& reply);
  // Reads every record of `call`: per batch of ids, pages of Limitation {Count: page_size, Cursor}
  // until the Cursor is null or a page holds fewer than page_size records. A page over page_size
  // or a Cursor seen before in the batch is ParseError naming the operation and page, never an
  // endless loop. Returns the number of requests made. Errors as GetExports.
  Result<int> GetAllPages(const PagedCall& call, const PageHandler& handler, int page_size = 1000);

  // Every later request first takes a slot of `budget` (shared by the token's clients); may be null.
  void set_budget(RequestBudget* budget) { budget_ = budget; }

 private:
  Result<int> GetBatch(const PagedCall& call, const std::string& ids_json, const PageHandler& handler,
                       int page_size, int* page);
  Result<HttpResponse> Call(const std::string& operation, const std::string& fields);
  std::string Envelope() const;

  std::string api_url_;
  MewsCredentials credentials_;
  HttpClient* http_;
  Clock* clock_;
  RetryPolicy policy_;
  Note note_;
  RequestBudget* budget_ = nullptr;
};

}  // namespace mews
