// MewsClient::GetAllPages: the Connector API's cursor paging (guidelines/pagination.md) for the
// reference */getAll operations, with required id parameters split into batches of 1000.
#include <set>

#include "extract/mews_client.h"
#include "extract/export_request.h"
#include "extract/url.h"

namespace mews {
namespace {

constexpr size_t kMaxIds = 1000;

// The members of a JSON object's text, without its braces ("" for "{}"), to splice into a request.
std::string Members(const std::string& object) {
  const size_t open = object.find('{'), close = object.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close <= open) return "";
  std::string inner = object.substr(open + 1, close - open - 1);
  return inner.find_first_not_of(" \t\r\n") == std::string::npos ? "" : inner;
}

}  // namespace

Result<int> MewsClient::GetAllPages(const PagedCall& call, const PageHandler& handler, int page_size) {
  if (page_size < 1 || page_size > 1000) {
    return Status::InvalidArgument("Limitation.Count must be 1 to 1000, not " + std::to_string(page_size));
  }
  int page = 0, requests = 0;
  if (call.ids_parameter.empty()) return GetBatch(call, "", handler, page_size, &page);
  for (size_t start = 0; start < call.ids.size(); start += kMaxIds) {
    std::string ids = "[";
    for (size_t i = start; i < call.ids.size() && i < start + kMaxIds; ++i) {
      ids += (i == start ? "" : ",") + JsonQuote(call.ids[i]);
    }
    Result<int> n = GetBatch(call, ids + "]", handler, page_size, &page);
    if (!n.ok()) return n.status();
    requests += *n;
  }
  return requests;
}

Result<int> MewsClient::GetBatch(const PagedCall& call, const std::string& ids_json,
                                 const PageHandler& handler, int page_size, int* page) {
  std::string fixed;
  if (std::string members = Members(call.parameters); !members.empty()) fixed += "," + members;
  if (!ids_json.empty()) fixed += ",\"" + call.ids_parameter + "\":" + ids_json;
  std::optional<std::string> cursor;
  std::set<std::string> seen;
  int requests = 0;
  while (true) {
    std::string fields = fixed;
    if (call.paged) {
      fields += ",\"Limitation\":{\"Count\":" + std::to_string(page_size);
      if (cursor) fields += ",\"Cursor\":" + JsonQuote(*cursor);
      fields += "}";
    }
    ++*page;
    ++requests;
    const std::string where = "Mews " + call.operation + " page " + std::to_string(*page);
    Result<HttpResponse> r = Call(call.operation, fields);
    if (!r.ok()) return r.status().WithContext(where);
    if (r->status >= 300) return ApiErrorFor(call.operation, r.value()).WithContext("page " + std::to_string(*page));
    Result<PageSummary> got = handler(r->body, *page);
    if (!got.ok()) return got.status();
    if (!call.paged) return requests;
    if (got->items > static_cast<uint64_t>(page_size)) {
      return Status::ParseError(where + " held " + std::to_string(got->items) +
                                     " records, more than the Count of " + std::to_string(page_size) +
                                     " asked for: refusing to guess where the next page starts");
    }
    if (!got->cursor || got->items < static_cast<uint64_t>(page_size)) return requests;
    if (!seen.insert(*got->cursor).second) {
      return Status::ParseError(where + " returned Cursor " + *got->cursor +
                                     " a second time: stopping instead of reading the same records again");
    }
    cursor = got->cursor;
  }
}

}  // namespace mews
