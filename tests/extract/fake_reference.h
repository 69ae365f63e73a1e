// A small in-process stand-in for the Connector API's reference */getAll operations on 127.0.0.1
// (cpp-httplib), for tests of the paging client: records per operation, Limitation {Count, Cursor}
// paging, ServiceIds-style filters, 401/400 like Mews, and faults (429, repeating cursor, oversized
// page). Thread-safe: the server runs on its own thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace mews::test {

struct ReferenceRequest {
  std::string op;    // "services/getAll"
  std::string body;  // the request body as sent (tokens included: tests only)
  int count = 0;     // Limitation.Count (0 when absent)
  std::string cursor;                  // Limitation.Cursor ("" when absent)
  std::vector<std::string> filter_ids;  // the ids parameter's values, when the op has one
  std::chrono::steady_clock::time_point at;
};

class FakeReference {
 public:
  FakeReference(std::string client_token, std::string access_token);
  ~FakeReference();
  FakeReference(const FakeReference&) = delete;
  FakeReference& operator=(const FakeReference&) = delete;

  std::string url() const;  // http://127.0.0.1:<port>
  // Serves `records` (JSON objects with "Id") in this order from `op` under `collection`. With
  // `ids_parameter` ("ServiceIds") the request must carry it (else 400); with `ids_field`
  // ("ServiceId") too, only records whose field is among its values are served.
  void Serve(const std::string& op, const std::string& collection, std::vector<std::string> records,
             const std::string& ids_parameter = "", const std::string& ids_field = "");
  // Every page of `op` is its first page, whatever the Cursor (a server whose cursor repeats).
  void RepeatFirstPage(const std::string& op);
  // Pages of `op` hold one record more than the Count.
  void Oversize(const std::string& op);
  // The next `times` requests of `op` get 429 with this Retry-After.
  void RateLimit(const std::string& op, const std::string& retry_after, int times);

  std::vector<ReferenceRequest> Requests() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mews::test
