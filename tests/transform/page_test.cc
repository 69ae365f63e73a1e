// PageTransformer on */getAll response bodies, and the localized-text columns (`names`, `name`).
#include <doctest/doctest.h>

#include "tests/support/process.h"
#include "tests/transform/transform_test_util.h"
#include "transform/page.h"

using namespace mews;
using namespace mews::test;

namespace {

const char* kMapping = R"({
  "entity": "Service", "table": "services", "key": "Id", "updated": "UpdatedUtc",
  "source": {"operation": "services/getAll", "collection": "Services"},
  "fields": [
    {"path": "Id", "type": "uuid", "required": true},
    {"path": "UpdatedUtc", "type": "timestamp"},
    {"path": "Names", "type": "localized", "required": true},
    {"path": "Description", "type": "localized"},
    {"path": "Name", "type": "text", "column": "legacy_name"}
  ]})";

const EntityMapping& Mapping() {
  static const EntityMapping m = ParseMapping(kMapping, "service.json").value();
  return m;
}

std::string Id(int n) { return "00000000-0000-4000-8000-00000000000" + std::to_string(n); }

struct Pages {
  explicit Pages(std::vector<std::string> languages = {"en-US"}) {
    TransformOptions options;
    options.languages = std::move(languages);
    transformer = PageTransformer::Create(Mapping(), options, &run.out).value();
  }
  Result<PageInfo> Page(const std::string& body, int page = 1) { return transformer->Transform(body, page); }
  std::string Name(size_t row, const std::string& column) {
    CHECK(transformer->Finish().ok());
    return RootValue(run, row, column);
  }
  RunResult run;
  std::unique_ptr<PageTransformer> transformer;
};

std::string Body(const std::string& names) {
  return R"({"Services":[{"Id":")" + Id(1) + R"(","Names":)" + names + R"(}],"Cursor":")" + Id(1) + R"("})";
}

}  // namespace

TEST_SUITE("transform.page") {
  TEST_CASE("a localized text gives every language as JSON and the preferred one as text") {
    Pages p({"de-DE", "en-US"});
    REQUIRE(p.Page(Body(R"({"en-US":"Double room","de-DE":"Doppelzimmer \"Deluxe\""})")).ok());
    CHECK(p.Name(0, "names") == R"({"en-US":"Double room","de-DE":"Doppelzimmer \"Deluxe\""})");
    CHECK(p.Name(0, "name") == "Doppelzimmer \"Deluxe\"");
  }

  TEST_CASE("the preferred language is matched without regard to case") {
    Pages p({"DE-de"});
    REQUIRE(p.Page(Body(R"({"en-US":"Double room","de-DE":"Doppelzimmer"})")).ok());
    CHECK(p.Name(0, "name") == "Doppelzimmer");
  }

  TEST_CASE("without the preferred language, the enterprise's default language is taken") {
    Pages p({"fr-FR", "cs-CZ"});
    REQUIRE(p.Page(Body(R"({"en-US":"Double room","cs-CZ":"Dvoul\u016f\u017ekov\u00fd pokoj"})")).ok());
    CHECK(p.Name(0, "name") == "Dvoulůžkový pokoj");
  }

  TEST_CASE("with neither, the first language present is taken, null texts are skipped") {
    Pages p({"fr-FR", "cs-CZ"});
    REQUIRE(p.Page(Body(R"({"it-IT":null,"nl-NL":"Tweepersoonskamer","en-US":"Double room"})")).ok());
    CHECK(p.Name(0, "name") == "Tweepersoonskamer");
  }

  TEST_CASE("an empty localized text has no name, a missing optional one leaves both columns NULL") {
    Pages p;
    REQUIRE(p.Page(Body("{}")).ok());
    CHECK(p.Name(0, "names") == "{}");
    CHECK(p.Name(0, "name") == "NULL");
    CHECK(p.Name(0, "description") == "NULL");
    CHECK(p.Name(0, "description_text") == "NULL");
  }

  TEST_CASE("a localized text that is not an object of strings is rejected with its path") {
    Pages p;
    Result<PageInfo> info = p.Page(Body(R"({"en-US":"Room","de-DE":3})"));
    REQUIRE(info.ok());
    CHECK(info->items == 1);
    REQUIRE(p.run.out.rejects.size() == 1);
    CHECK(p.run.out.rejects[0].reason == "Names.de-DE: expected a string");
    CHECK(p.run.out.rejects[0].file == "services/getAll");
    CHECK(p.run.out.rejects[0].line == 1);
    Pages q;
    REQUIRE(q.Page(Body(R"(["Room"])")).ok());
    REQUIRE(q.run.out.rejects.size() == 1);
    CHECK(q.run.out.rejects[0].reason == "Names: expected an object of language: text, got array");
  }

  TEST_CASE("a page gives its record count and Cursor, rejects count and keep their raw text") {
    Pages p;
    const std::string body = R"({"Cursor":")" + Id(3) + R"(","Services":[)"
                             R"({"Id":")" + Id(1) + R"(","Names":{"en-US":"A"},"Ordering":1},)"
                             R"({"Id":"not-a-uuid","Names":{"en-US":"B"}},)"
                             R"(  {"Id":")" + Id(3) + R"(","Names":{"en-US":"C"}}  ]})";
    Result<PageInfo> info = p.Page(body);
    REQUIRE(info.ok());
    CHECK(info->items == 3);
    CHECK(info->cursor == Id(3));
    Result<PageInfo> second = p.Page(R"({"Services":[{"Id":")" + Id(4) + R"(","Names":{}}],"Cursor":null})", 2);
    REQUIRE(second.ok());
    CHECK_FALSE(second->cursor.has_value());
    REQUIRE(p.transformer->Finish().ok());
    CHECK(p.transformer->stats().rows == 3);
    CHECK(p.transformer->stats().rejects == 1);
    REQUIRE(p.run.out.rejects.size() == 1);
    CHECK(p.run.out.rejects[0].line == 2);
    CHECK(p.run.out.rejects[0].raw == R"({"Id":"not-a-uuid","Names":{"en-US":"B"}})");
    CHECK(p.run.out.rejects[0].reason.rfind("Id: ", 0) == 0);
    CHECK(RootValue(p.run, 0, "_extra") == R"({"Ordering":1})");
    CHECK(RootValue(p.run, 2, "id") == Id(4));
    REQUIRE(p.run.out.batches.size() == 1);
    CHECK(p.run.out.batches[0]->lines == std::vector<uint64_t>{1, 3, 4});
  }

  TEST_CASE("a record that is not an object is rejected whole, as the same line of JSON Lines is") {
    // Fuzz finding (getall targets): an array record's raw text was its '[' alone, rejected as
    // invalid JSON, where a JSON Lines line "[1, [2]]" is rejected as not an object.
    Pages p;
    Result<PageInfo> info = p.Page(R"({"Services":[[1, [2]], "s", 3, null],"Cursor":null})");
    REQUIRE(info.ok());
    CHECK(info->items == 4);
    REQUIRE(p.run.out.rejects.size() == 4);
    CHECK(p.run.out.rejects[0].raw == "[1, [2]]");
    CHECK(p.run.out.rejects[1].raw == "\"s\"");
    CHECK(p.run.out.rejects[2].raw == "3");
    CHECK(p.run.out.rejects[3].raw == "null");
    std::unique_ptr<RunResult> file =
        RunTransform(WriteTempFile("page_not_object.jsonl", "[1, [2]]\n\"s\"\n3\nnull\n"), Mapping());
    REQUIRE(file->out.rejects.size() == 4);
    for (size_t i = 0; i < 4; ++i) {
      CHECK(p.run.out.rejects[i].reason == file->out.rejects[i].reason);
      CHECK(p.run.out.rejects[i].reason.rfind("invalid JSON", 0) != 0);
    }
  }

  TEST_CASE("a rejected record's raw text is storable: a raw NUL in it becomes U+FFFD, as in JSON Lines") {
    // Fuzz finding (getall_product): a NUL between a record's tokens passes the page's lazy parse,
    // and reached the reject's raw text, which PostgreSQL cannot store in etl_rejects.
    Pages p;
    Result<PageInfo> info = p.Page(std::string("{\"Services\":[{\"Id\":\"x\",\0\"a\":1}]}", 32));
    INFO(info.status().message());
    REQUIRE(info.ok());
    REQUIRE(p.run.out.rejects.size() == 1);
    CHECK(p.run.out.rejects[0].raw == "{\"Id\":\"x\",\xEF\xBF\xBD\"a\":1}");
  }

  TEST_CASE("a reply without the collection, or not JSON, is an error naming the operation and page") {
    Pages p;
    Result<PageInfo> missing = p.Page(R"({"Cursor":null})", 4);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.status().message() == "services/getAll page 4: reply has no Services");
    Result<PageInfo> bad = p.Page("<html>", 5);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().message().rfind("services/getAll page 5: ", 0) == 0);
    Result<PageInfo> wrong = p.Page(R"({"Services":{}})", 6);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.status().message() == "services/getAll page 6: Services is not an array");
  }

  TEST_CASE("a mapping without a source cannot transform pages") {
    RunResult run;
    Result<std::unique_ptr<PageTransformer>> t = PageTransformer::Create(TestMapping(), {}, &run.out);
    REQUIRE_FALSE(t.ok());
    CHECK(t.status().message().find("is not a reference type") != std::string::npos);
  }
}

TEST_SUITE("transform.page") {
  // tests/fixtures/reference/<operation>.json holds the records of the operation's documented
  // response example (services.json with the required Names and Ordering the example lacks);
  // taxations.json, whose one response feeds two types (Taxation, TaxRate), holds the whole response.
  TEST_CASE("every documented example record of every reference operation becomes a row") {
    const MappingRegistry registry = MappingRegistry::Builtin().value();
    for (const std::string& entity : AllReferenceTypes()) {
      CAPTURE(entity);
      const EntityMapping* m = registry.Find(entity);
      REQUIRE(m != nullptr);
      const std::string op = m->reference->operation;
      const std::string file = std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/reference/" +
                               op.substr(0, op.find('/')) + ".json";
      std::string records = ReadFile(file);
      RunResult run;
      auto pages = PageTransformer::Create(*m, {}, &run.out).value();
      const bool whole = records.find_first_not_of(" \n") != std::string::npos &&
                         records[records.find_first_not_of(" \n")] == '{';
      Result<PageInfo> info =
          pages->Transform(whole ? records : "{\"" + m->reference->collection + "\":" + records + "}", 1);
      REQUIRE(info.ok());
      REQUIRE(pages->Finish().ok());
      for (const Reject& r : run.out.rejects) FAIL_CHECK(r.reason << " | " << r.raw);
      CHECK(info->items > 0);
      CHECK(pages->stats().rows == info->items);
    }
  }
}
