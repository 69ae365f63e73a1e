// The reference */getAll paging client against a loopback fake server: cursor paging, the stop
// rules, ids batching, 429 handling and the shared request budget.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstdio>
#include <set>

#include "extract/mews_client.h"
#include "tests/extract/fake_clock.h"
#include "tests/extract/fake_reference.h"

namespace mews {
namespace {

const char* kClient = "CT-ref";
const char* kAccess = "AT-ref";

std::string Uuid(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
  return buf;
}

std::vector<std::string> Records(int n, int services = 0) {
  std::vector<std::string> out;
  for (int i = 1; i <= n; ++i) {
    std::string r = "{\"Id\":\"" + Uuid(i) + "\"";
    if (services > 0) r += ",\"ServiceId\":\"" + Uuid(100000 + i % services) + "\"";
    out.push_back(r + "}");
  }
  return out;
}

// Counts the records of `collection` and reads the Cursor, as the transform stage does.
struct Counter {
  std::string collection;
  uint64_t total = 0;
  std::vector<std::string> ids = {};
  simdjson::dom::parser parser = simdjson::dom::parser();
  Result<PageSummary> operator()(const std::string& body, int) {
    simdjson::dom::element doc;
    simdjson::dom::array records;
    if (parser.parse(body).get(doc) || doc[collection].get_array().get(records)) {
      return Status::ParseError("not a page: " + body.substr(0, 100));
    }
    PageSummary page;
    for (simdjson::dom::element r : records) {
      std::string_view id;
      if (r["Id"].get_string().get(id)) return Status::ParseError("a record without Id");
      ++page.items;
      ids.emplace_back(id);
    }
    std::string_view cursor;
    if (doc["Cursor"].get_string().get(cursor) == simdjson::SUCCESS) page.cursor = std::string(cursor);
    total += page.items;
    return page;
  }
};

struct Fixture {
  test::FakeReference server{kClient, kAccess};
  std::unique_ptr<HttpClient> http = NewCurlHttpClient(HttpClientOptions{});
  test::FakeClock clock{std::chrono::system_clock::now()};
  std::vector<std::string> notes;
  MewsClient Client() {
    RetryOptions retry;
    retry.max_attempts = 3;
    return MewsClient(server.url(), MewsCredentials{kClient, kAccess, "mews-etl test"}, http.get(), &clock,
                      RetryPolicy(retry), [this](const std::string& n) { notes.push_back(n); });
  }
};

PagedCall Services() {
  PagedCall call;
  call.operation = "services/getAll";
  return call;
}

}  // namespace

TEST_SUITE("extract.paging") {

TEST_CASE("paging reads every record exactly once at 999, 1000, 1001 and 2500 records") {
  struct Case {
    int records, requests;
  };
  for (Case c : {Case{999, 1}, Case{1000, 2}, Case{1001, 2}, Case{2500, 3}}) {
    CAPTURE(c.records);
    Fixture f;
    f.server.Serve("services/getAll", "Services", Records(c.records));
    Counter counter{"Services"};
    MewsClient client = f.Client();
    Result<int> n = client.GetAllPages(Services(), std::ref(counter));
    REQUIRE(n.ok());
    CHECK(*n == c.requests);
    CHECK(counter.total == static_cast<uint64_t>(c.records));
    std::set<std::string> distinct(counter.ids.begin(), counter.ids.end());
    CHECK(distinct.size() == static_cast<size_t>(c.records));
    std::vector<test::ReferenceRequest> log = f.server.Requests();
    REQUIRE(log.size() == static_cast<size_t>(c.requests));
    CHECK(log[0].count == 1000);
    CHECK(log[0].cursor == "");
    if (log.size() > 1) CHECK(log[1].cursor == Uuid(1000));
  }
}

TEST_CASE("a cursor that repeats fails with a clear error instead of looping") {
  Fixture f;
  f.server.Serve("services/getAll", "Services", Records(2500));
  f.server.RepeatFirstPage("services/getAll");
  Counter counter{"Services"};
  MewsClient client = f.Client();
  Result<int> n = client.GetAllPages(Services(), std::ref(counter));
  REQUIRE_FALSE(n.ok());
  CHECK(n.status().code() == StatusCode::kParseError);  // a failed run (exit 1), not a usage error
  CHECK(n.status().message() ==
        "Mews services/getAll page 2 returned Cursor " + Uuid(1000) +
            " a second time: stopping instead of reading the same records again");
  CHECK(f.server.Requests().size() == 2);
}

TEST_CASE("a page over the Count is an error") {
  Fixture f;
  f.server.Serve("services/getAll", "Services", Records(1500));
  f.server.Oversize("services/getAll");
  Counter counter{"Services"};
  MewsClient client = f.Client();
  Result<int> n = client.GetAllPages(Services(), std::ref(counter));
  REQUIRE_FALSE(n.ok());
  CHECK(n.status().message().find("page 1 held 1001 records, more than the Count of 1000") != std::string::npos);
}

TEST_CASE("ServiceIds go in batches of 1000 and every batch is paged on its own") {
  Fixture f;
  f.server.Serve("rates/getAll", "Rates", Records(3000, 2500), "ServiceIds", "ServiceId");
  std::vector<std::string> services;
  for (int i = 0; i < 2500; ++i) services.push_back(Uuid(100000 + i));
  PagedCall call;
  call.operation = "rates/getAll";
  call.parameters = R"({"ActivityStates":["Active","Deleted"]})";
  call.ids_parameter = "ServiceIds";
  call.ids = services;
  Counter counter{"Rates"};
  MewsClient client = f.Client();
  Result<int> n = client.GetAllPages(call, std::ref(counter));
  REQUIRE(n.ok());
  CHECK(counter.total == 3000);
  std::vector<test::ReferenceRequest> log = f.server.Requests();
  std::vector<size_t> batch_sizes;
  for (const auto& r : log) {
    batch_sizes.push_back(r.filter_ids.size());
    CHECK(r.body.find("\"ActivityStates\":[\"Active\",\"Deleted\"]") != std::string::npos);
  }
  // 1000 services own 1500 rates (two pages), the next 1000 own 1000 (a full page, then an empty
  // one), the last 500 own 500.
  CHECK(batch_sizes == std::vector<size_t>{1000, 1000, 1000, 1000, 500});
  CHECK(log[0].filter_ids.front() == services[0]);
  CHECK(log[4].filter_ids.back() == services[2499]);
}

TEST_CASE("no ids: an operation that needs them makes no request") {
  Fixture f;
  PagedCall call;
  call.operation = "rates/getAll";
  call.ids_parameter = "ServiceIds";
  Counter counter{"Rates"};
  MewsClient client = f.Client();
  Result<int> n = client.GetAllPages(call, std::ref(counter));
  REQUIRE(n.ok());
  CHECK(*n == 0);
  CHECK(f.server.Requests().empty());
}

TEST_CASE("a 429 on a reference call waits exactly its Retry-After, then goes on") {
  Fixture f;
  f.server.Serve("services/getAll", "Services", Records(10));
  f.server.RateLimit("services/getAll", "7", 1);
  Counter counter{"Services"};
  MewsClient client = f.Client();
  Result<int> n = client.GetAllPages(Services(), std::ref(counter));
  REQUIRE(n.ok());
  CHECK(counter.total == 10);
  CHECK(f.clock.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(7000)});
  CHECK(f.server.Requests().size() == 2);
}

TEST_CASE("the request budget spaces the requests of all clients of one token") {
  Fixture f;
  f.server.Serve("services/getAll", "Services", Records(2500));
  RequestBudget budget(2, std::chrono::milliseconds(30000), &f.clock);
  MewsClient a = f.Client(), b = f.Client();
  a.set_budget(&budget);
  b.set_budget(&budget);
  Counter ca{"Services"}, cb{"Services"};
  // Sent at 0, 0, then 30 s (a); 30 s, then 60 s (b waits for a's third to be 30 s old), 60 s.
  REQUIRE(a.GetAllPages(Services(), std::ref(ca)).ok());
  REQUIRE(b.GetAllPages(Services(), std::ref(cb)).ok());
  CHECK(ca.total == 2500);
  CHECK(cb.total == 2500);
  CHECK(budget.waited() == std::chrono::milliseconds(60000));
  CHECK(f.clock.Slept() == std::chrono::milliseconds(60000));
}

TEST_CASE("the budget is a sliding window: a request waits only until the oldest leaves it") {
  test::FakeClock clock;
  RequestBudget budget(3, std::chrono::milliseconds(1000), &clock);
  budget.Acquire();
  clock.SleepFor(std::chrono::milliseconds(400));
  budget.Acquire();
  budget.Acquire();
  clock.sleeps.clear();
  budget.Acquire();  // the first left the window at t = 1000: waits 600 ms
  CHECK(clock.sleeps == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(600)});
  budget.Acquire();  // the next two were sent at t = 400: wait until 1400
  CHECK(clock.sleeps.back() == std::chrono::milliseconds(400));
}

TEST_CASE("wrong tokens on a reference call fail at once with a message about the tokens") {
  Fixture f;
  f.server.Serve("services/getAll", "Services", Records(3));
  MewsClient client(f.server.url(), MewsCredentials{kClient, "AT-wrong", "t"}, f.http.get(), &f.clock,
                    RetryPolicy(RetryOptions{}), {});
  Counter counter{"Services"};
  Result<int> n = client.GetAllPages(Services(), std::ref(counter));
  REQUIRE_FALSE(n.ok());
  CHECK(n.status().code() == StatusCode::kUnauthenticated);
  CHECK(n.status().message().find("AT-wrong") == std::string::npos);
}
}

}  // namespace mews
