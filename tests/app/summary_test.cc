#include <doctest/doctest.h>

#include "app/summary.h"

using namespace mews;

TEST_SUITE("app.summary") {
  TEST_CASE("the summary JSON has every type's counts and escapes errors") {
    EntitySummary ok;
    ok.connection = "prague";
    ok.entity = "Customer";
    ok.status = "succeeded";
    ok.export_ids = {"0d5f2c1e-0000-4000-8000-000000000001"};
    ok.windows = {"full"};
    ok.inserted = 3;
    ok.updated = 1;
    ok.seconds = 0.5;
    EntitySummary bad;
    bad.connection = "vienna";
    bad.entity = "Bill";
    bad.status = "failed";
    bad.error = "a \"quoted\" \\ line\n";
    std::string json = SummaryJson({ok, bad}, 2);
    CHECK(json ==
          "{\"seconds\":2.000000,\"entities\":["
          "{\"connection\":\"prague\",\"entity\":\"Customer\",\"status\":\"succeeded\",\"export_ids\":[\"0d5f2c1e-0000-4000-8000-000000000001\"],"
          "\"windows\":[\"full\"],\"inserted\":3,\"updated\":1,\"unchanged\":0,\"deleted\":0,\"rejected\":0,"
          "\"seconds\":0.500000,\"error\":null},"
          "{\"connection\":\"vienna\",\"entity\":\"Bill\",\"status\":\"failed\",\"export_ids\":[],\"windows\":[],\"inserted\":0,\"updated\":0,"
          "\"unchanged\":0,\"deleted\":0,\"rejected\":0,\"seconds\":0.000000,"
          "\"error\":\"a \\\"quoted\\\" \\\\ line\\n\"}]}\n");
  }
}
