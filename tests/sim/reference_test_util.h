// Test helpers for mews-sim's reference */getAll operations.
#pragma once

#include <string>
#include <vector>

#include "tests/sim/sim_test_util.h"

namespace mews::sim::test {

// POST /api/connector/v1/<op> with the test tokens and `fields` (may be empty), e.g.
// R"("Limitation":{"Count":10})".
httplib::Result RefPost(SimFixture& sim, const std::string& op, const std::string& fields,
                        const std::string& access_token = "sim-access-token");

// The Id of every item of the array `collection` in a response body.
std::vector<std::string> Ids(const std::string& body, const std::string& collection);

// Every page of `op` (Count `count`, `fields` added) until a page is short: the ids in order
// and the size of each page. Fails the test on a non-200 answer or a wrong Cursor.
struct Paged {
  std::vector<std::string> ids;
  std::vector<size_t> page_sizes;
};
Paged PageAll(SimFixture& sim, const std::string& op, const std::string& fields, size_t count,
              const std::string& access_token = "sim-access-token");

// Request log lines whose path is `path`.
std::vector<std::string> LogLines(SimFixture& sim, const std::string& path);

}  // namespace mews::sim::test
