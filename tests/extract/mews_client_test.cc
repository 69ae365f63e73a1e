#include <doctest/doctest.h>

#include "extract/mews_client.h"
#include "tests/extract/fake_clock.h"
#include "tests/extract/fake_mews.h"

namespace mews {
namespace {

const char* kClientToken = "CT-secret-\"quoted\"";
const char* kAccessToken = "AT-secret-value";

RetryOptions FastRetry() {
  RetryOptions o;
  o.max_attempts = 4;
  o.initial_backoff = std::chrono::milliseconds(1);
  o.max_backoff = std::chrono::milliseconds(5);
  return o;
}

struct ClientFixture {
  test::FakeMews sim{kClientToken, kAccessToken};
  std::unique_ptr<HttpClient> http = NewCurlHttpClient(HttpClientOptions{});
  test::FakeClock clock{std::chrono::system_clock::now()};
  std::vector<std::string> notes;
  MewsClient Client(const std::string& access = kAccessToken) {
    return MewsClient(sim.url(), MewsCredentials{kClientToken, access, "mews-etl test"}, http.get(),
                      &clock, RetryPolicy(FastRetry()), [this](const std::string& n) { notes.push_back(n); });
  }
};

ExportRequest Request(const std::string& entity) {
  ExportRequest r;
  r.entity = entity;
  return r;
}

}  // namespace

TEST_SUITE("extract.unit") {

TEST_CASE("an exports/add reply parses into id, status and entity") {
  Result<ExportInfo> info = ParseAddResponse(
      R"({"Export":{"Id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","Status":"Pending","EntityType":"Bill",)"
      R"("Scope":{"EnterpriseIds":null,"ChainIds":null},"Files":[],"ExpiresUtc":null,"Filters":null}})");
  REQUIRE(info.ok());
  CHECK(info->id == "3fa85f64-5717-4562-b3fc-2c963f66afa6");
  CHECK(info->status == "Pending");
  CHECK(info->entity == "Bill");
  CHECK(info->expires_utc == "");
  CHECK(info->files.empty());
}

TEST_CASE("an exports/getAll reply parses files with url and size") {
  Result<std::vector<ExportInfo>> got = ParseGetAllResponse(
      R"({"Exports":[{"Id":"a","Status":"Success","EntityType":"OrderItem","ExpiresUtc":"2026-01-08T00:00:00Z",)"
      R"("Files":[{"Url":"https://f/1.jsonl?sig=x","SizeInBytes":1215279},{"Url":"https://f/2.jsonl","SizeInBytes":12.0}]}]})");
  REQUIRE(got.ok());
  REQUIRE(got->size() == 1);
  const ExportInfo& e = got->front();
  CHECK(e.expires_utc == "2026-01-08T00:00:00Z");
  REQUIRE(e.files.size() == 2);
  CHECK(e.files[0].url == "https://f/1.jsonl?sig=x");
  CHECK(e.files[0].size_bytes == 1215279);
  CHECK(e.files[1].size_bytes == 12);
}

TEST_CASE("malformed API replies are parse errors naming what is missing") {
  CHECK(ParseAddResponse("<html>").status().message() == "exports/add reply is not JSON");
  CHECK(ParseAddResponse("{}").status().message() == "exports/add reply has no Export");
  CHECK(ParseGetAllResponse(R"({"Exports":[{"Status":"Success"}]})").status().message() ==
        "exports/getAll: Export without Id");
  CHECK(ParseGetAllResponse(R"({"Exports":[{"Id":"a","Status":"Success","Files":[{"Url":"u"}]}]})")
            .status().code() == StatusCode::kParseError);
}

TEST_CASE("an error description carries Message, RequestId and the Request-Id header") {
  HttpResponse r;
  r.status = 400;
  r.body = R"({"Message":"Invalid ExportIds","RequestId":"abc"})";
  r.request_id = "hdr-1";
  CHECK(DescribeApiError(r) == "Invalid ExportIds (RequestId abc; Request-Id header hdr-1)");
  r.body = "Bad Gateway\n";
  r.request_id.clear();
  CHECK(DescribeApiError(r) == "Bad Gateway");
}

}  // TEST_SUITE

TEST_SUITE("extract.integration") {

TEST_CASE("exports/add sends tokens and client in the body and returns the new export") {
  ClientFixture f;
  MewsClient client = f.Client();
  Result<AddOutcome> add = client.AddExport(Request("Payment"));
  REQUIRE(add.ok());
  CHECK_FALSE(add->refused);
  CHECK(add->created.status == "Pending");
  CHECK(add->created.entity == "Payment");
  CHECK(f.sim.Count("add") == 1);
}

TEST_CASE("a second exports/add for a pending entity type comes back as refused, not as an error") {
  ClientFixture f;
  MewsClient client = f.Client();
  REQUIRE(client.AddExport(Request("Bill")).ok());
  Result<AddOutcome> again = client.AddExport(Request("Bill"));
  REQUIRE(again.ok());
  CHECK(again->refused);
  CHECK(again->refusal == "Mews exports/add refused (HTTP 400): An export of this entity type is already in "
                          "progress. (RequestId body-400; Request-Id header hdr-400)");
}

TEST_CASE("wrong tokens fail at once with a message about the tokens and no retry") {
  ClientFixture f;
  MewsClient client = f.Client("wrong-token");
  Result<std::vector<ExportInfo>> got = client.GetExports({"3fa85f64-5717-4562-b3fc-2c963f66afa6"});
  CHECK(got.status().code() == StatusCode::kUnauthenticated);
  CHECK(got.status().message() ==
        "Mews rejected the tokens (HTTP 401): check MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN; Invalid "
        "ClientToken or AccessToken (RequestId body-401; Request-Id header hdr-401)");
  CHECK(f.sim.Count("getAll") == 1);
  CHECK(f.clock.sleeps.empty());
}

TEST_CASE("invalid filters are refused before anything is sent") {
  ClientFixture f;
  MewsClient client = f.Client();
  ExportRequest r = Request("LedgerEntry");
  Result<AddOutcome> add = client.AddExport(r);
  CHECK(add.status().code() == StatusCode::kInvalidArgument);
  CHECK(f.sim.Requests().empty());
}

TEST_CASE("500 then success on getAll is retried and the retry is noted without tokens") {
  ClientFixture f;
  MewsClient client = f.Client();
  Result<AddOutcome> add = client.AddExport(Request("Company"));
  REQUIRE(add.ok());
  f.sim.AddFault({"getAll", 500, "", -1, false, 2});
  Result<std::vector<ExportInfo>> got = client.GetExports({add->created.id});
  REQUIRE(got.ok());
  CHECK(f.sim.Count("getAll") == 3);
  REQUIRE(f.notes.size() == 2);
  CHECK(f.notes[0].rfind("Mews exports/getAll: HTTP 500: retrying in ", 0) == 0);
  for (const std::string& n : f.notes) CHECK(n.find("secret") == std::string::npos);
}

TEST_CASE("5xx that persists ends as Unavailable with the API's message") {
  ClientFixture f;
  MewsClient client = f.Client();
  f.sim.AddFault({"add", 503, "", -1, false, -1});
  Result<AddOutcome> add = client.AddExport(Request("Company"));
  CHECK(add.status().code() == StatusCode::kUnavailable);
  CHECK(add.status().message() ==
        "Mews exports/add failed (HTTP 503): injected fault (RequestId body-503; Request-Id header hdr-503)");
  CHECK(f.sim.Count("add") == 4);
}

TEST_CASE("an unreachable API is Unavailable naming the URL") {
  test::FakeClock clock;
  std::unique_ptr<HttpClient> http = NewCurlHttpClient(HttpClientOptions{});
  MewsClient client("http://127.0.0.1:1", MewsCredentials{"a", "b", "c"}, http.get(), &clock,
                    RetryPolicy(FastRetry()), {});
  Result<std::vector<ExportInfo>> got = client.GetExports({"3fa85f64-5717-4562-b3fc-2c963f66afa6"});
  CHECK(got.status().code() == StatusCode::kUnavailable);
  CHECK(got.status().message().rfind(
            "Mews exports/getAll: POST http://127.0.0.1:1/api/connector/v1/exports/getAll failed: ", 0) == 0);
  CHECK(clock.sleeps.size() == 3);
}

}  // TEST_SUITE

}  // namespace mews
