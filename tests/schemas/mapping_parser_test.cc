#include <doctest/doctest.h>

#include "schemas/registry.h"

using namespace mews;

namespace {
std::string Doc(const std::string& fields, const std::string& extra_top = "") {
  return R"({"entity":"Payment","table":"t_payments","key":"Id","updated":"UpdatedUtc",)" + extra_top +
         R"("fields":[{"path":"Id","type":"uuid","required":true},
                      {"path":"UpdatedUtc","type":"timestamp"})" +
         fields + "]}";
}
std::string ErrorOf(const std::string& doc) {
  Result<EntityMapping> m = ParseMapping(doc, "x.json");
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == StatusCode::kInvalidArgument);
  return m.status().message();
}
}  // namespace

TEST_SUITE("schemas.mapping_parser") {
  TEST_CASE("a valid mapping yields columns, children and synthetic columns") {
    Result<EntityMapping> m = ParseMapping(
        Doc(R"(,{"path":"Amount.NetValue","type":"decimal","required":true},
               {"path":"Amount.TaxValues","type":"array","fields":[{"path":"Value","type":"decimal"}]})"),
        "x.json");
    REQUIRE(m.ok());
    CHECK(m->entity == "Payment");
    CHECK(m->root.columns.size() == 4);
    CHECK(m->root.columns[2].name == "amount_net_value");
    CHECK(m->root.columns[3].name == "_extra");
    CHECK(m->root.columns[3].role == ColumnRole::kExtra);
    CHECK(m->root.columns[m->key_column].name == "id");
    CHECK(m->updated_column == 1);
    REQUIRE(m->children.size() == 1);
    CHECK(m->children[0].name == "t_payments_amount_tax_values");
    CHECK(m->children[0].columns[0].role == ColumnRole::kParentId);
    CHECK(m->children[0].columns[1].role == ColumnRole::kOrdinal);
    CHECK(m->children[0].columns[2].name == "value");
  }

  TEST_CASE("errors name the file and the field") {
    CHECK(ErrorOf(Doc(R"(,{"path":"Foo","type":"money"})")) ==
          "x.json: field 'Foo': unknown type 'money' (uuid, timestamp, date, duration, decimal, "
          "integer, boolean, text, json, array)");
    CHECK(ErrorOf(Doc(R"(,{"path":"Foo","type":"text","requird":true})")) ==
          "x.json: field 'Foo': unknown key 'requird'");
    CHECK(ErrorOf("{nope").find("x.json: not valid JSON") == 0);
    CHECK(ErrorOf(R"({"entity":"Nope","table":"t","key":"Id","fields":[]})")
              .find("x.json: \"entity\": unknown EntityType 'Nope'") == 0);
  }

  TEST_CASE("fuzz mapping_parser: control characters quoted from the file are shown escaped, on one line") {
    // build-fuzz/crashes/mapping_parser/crash-eb4bd58e... named the type "\rray" (a CR in a JSON
    // escape) and the message carried the CR.
    CHECK(ErrorOf(Doc(R"(,{"path":"Amount.Breakdown.Items","type":"\rray"})")) ==
          "x.json: field 'Amount.Breakdown.Items': unknown type '\\x0dray' (uuid, timestamp, date, duration, "
          "decimal, integer, boolean, text, json, array)");
    CHECK(ErrorOf(Doc(R"(,{"path":"A\nB","type":"money"})")).find("field 'A\\x0aB'") != std::string::npos);
  }

  TEST_CASE("duplicate columns and leaf/object conflicts are refused") {
    CHECK(ErrorOf(Doc(R"(,{"path":"Amount.Net","type":"text"},{"path":"AmountNet","type":"text"})"))
              .find("duplicate column name") != std::string::npos);
    CHECK(ErrorOf(Doc(R"(,{"path":"A","type":"json"},{"path":"A.B","type":"text"})"))
              .find("is a leaf and also has fields below it") != std::string::npos);
  }

  TEST_CASE("a name override is allowed only where the rule collides or exceeds 63 bytes") {
    CHECK(ErrorOf(Doc(R"(,{"path":"Name","type":"text","column":"nm"})"))
              .find("neither collides nor exceeds 63 bytes") != std::string::npos);
    std::string long_path = "AVeryLongFieldNameThatGoesOn.AndOnWithAnotherLongSegment.AndAThirdOne";
    CHECK(ErrorOf(Doc(R"(,{"path":")" + long_path + R"(","type":"text"})"))
              .find("at most 63 bytes") != std::string::npos);
    CHECK(ParseMapping(Doc(R"(,{"path":")" + long_path + R"(","type":"text","column":"short_one"})"),
                       "x.json")
              .ok());
  }

  TEST_CASE("the key must be a uuid mapped to id and updated a timestamp") {
    CHECK(ErrorOf(R"({"entity":"Payment","table":"p","key":"Name","fields":[{"path":"Name","type":"text"}]})")
              .find("must be a uuid field mapped to column id") != std::string::npos);
    CHECK(ErrorOf(R"({"entity":"Payment","table":"p","key":"Id","updated":"Id",
                      "fields":[{"path":"Id","type":"uuid"}]})")
              .find("must be a timestamp field") != std::string::npos);
  }

  TEST_CASE("aliases fill the same column and may not repeat a path") {
    Result<EntityMapping> m =
        ParseMapping(Doc(R"(,{"path":"ContactPerson","aliases":["ContacPerson"],"type":"text"})"), "x.json");
    REQUIRE(m.ok());
    CHECK(m->root.columns[2].aliases.size() == 1);
    CHECK(ErrorOf(Doc(R"(,{"path":"A","type":"text"},{"path":"B","aliases":["A"],"type":"text"})"))
              .find("mapped twice") != std::string::npos);
  }

  TEST_CASE("a registry refuses two mappings of one entity and two tables of one name") {
    std::map<std::string, std::string> docs = {{"a.json", Doc("")}, {"b.json", Doc("")}};
    Result<MappingRegistry> r = MappingRegistry::FromDocuments(docs, false);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "b.json: a second mapping for EntityType Payment");
  }
}
