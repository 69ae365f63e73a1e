#include <doctest/doctest.h>

#include <thread>

#include "app/file_queue.h"

using namespace mews;

TEST_SUITE("app.file_queue") {
  TEST_CASE("files come out in order and the source ends with the closing status") {
    FileQueue q;
    FileSource next = q.Source();
    std::thread producer([&] {
      q.Add("1.jsonl");
      q.Add("2.jsonl");
      q.Close(Status::Ok());
    });
    CHECK(**next() == "1.jsonl");
    CHECK(**next() == "2.jsonl");
    Result<std::optional<std::string>> end = next();
    REQUIRE(end.ok());
    CHECK_FALSE(end->has_value());
    producer.join();
  }

  TEST_CASE("a failed queue stays failed: later files and a later OK close are ignored") {
    FileQueue q;
    q.Add("a/1.jsonl");
    q.Close(Status::Unavailable("export a expired while downloading"));
    q.Add("b/1.jsonl");
    q.Close(Status::Ok());
    FileSource next = q.Source();
    CHECK(**next() == "a/1.jsonl");
    Result<std::optional<std::string>> end = next();
    REQUIRE_FALSE(end.ok());
    CHECK(end.status().code() == StatusCode::kUnavailable);
  }
}
