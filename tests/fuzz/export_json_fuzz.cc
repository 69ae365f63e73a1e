// The exports/add and exports/getAll replies, and API error bodies, over arbitrary bytes: a parsed
// export has an id, a status and files with URLs and sizes >= 0; a failure and an error description
// are one line of bounded length.
#include <cstddef>
#include <cstdint>
#include <string>

#include "extract/mews_client.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using mews::fuzz::Printable;

void CheckExport(const mews::ExportInfo& info, const std::string& body) {
  FUZZ_CHECK(!info.id.empty() && !info.status.empty(), Printable(body));
  for (const mews::ExportFile& f : info.files) FUZZ_CHECK(!f.url.empty() && f.size_bytes >= 0, Printable(body));
}

void CheckOneLine(const std::string& line, const std::string& body) {
  FUZZ_CHECK(line.find_first_of("\r\n") == std::string::npos, Printable(line) + " from " + Printable(body));
  FUZZ_CHECK(line.size() < 1024, Printable(line) + " from " + Printable(body));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  mews::Result<mews::ExportInfo> added = mews::ParseAddResponse(body);
  if (added.ok()) {
    CheckExport(added.value(), body);
  } else {
    CheckOneLine(added.status().message(), body);
  }
  mews::Result<std::vector<mews::ExportInfo>> all = mews::ParseGetAllResponse(body);
  if (all.ok()) {
    for (const mews::ExportInfo& info : all.value()) CheckExport(info, body);
  } else {
    CheckOneLine(all.status().message(), body);
  }
  mews::HttpResponse response;
  response.status = 400;
  response.body = body;
  response.request_id = "req-1";
  CheckOneLine(mews::DescribeApiError(response), body);
  return 0;
}
