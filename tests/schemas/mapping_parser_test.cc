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
          "integer, boolean, text, json, localized, array)");
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
          "decimal, integer, boolean, text, json, localized, array)");
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

  TEST_CASE("the key must be a uuid or text mapped to id and updated a timestamp") {
    CHECK(ErrorOf(R"({"entity":"Payment","table":"p","key":"Name","fields":[{"path":"Name","type":"text"}]})")
              .find("must be a uuid or text field mapped to column id") != std::string::npos);
    CHECK(ErrorOf(R"({"entity":"Payment","table":"p","key":"Count","fields":[{"path":"Count","type":"integer",
                      "column":"id"}]})")
              .find("must be a uuid or text field mapped to column id") != std::string::npos);
    CHECK(ErrorOf(R"({"entity":"Payment","table":"p","key":"Id","updated":"Id",
                      "fields":[{"path":"Id","type":"uuid"}]})")
              .find("must be a timestamp field") != std::string::npos);
  }

  TEST_CASE("a text key named id by \"column\" types its children's parent_id as text") {
    Result<EntityMapping> m = ParseMapping(
        R"({"entity":"TaxRate","table":"tax_rates","key":"Code","source":{"operation":"taxations/getAll",
            "collection":"TaxRates","paged":false},
            "fields":[{"path":"Code","type":"text","column":"id"},{"path":"Value","type":"decimal"},
                      {"path":"Intervals","type":"array","fields":[{"path":"StartUtc","type":"timestamp"}]}]})",
        "x.json");
    REQUIRE(m.ok());
    const Column& key = m->root.columns[m->key_column];
    CHECK(key.name == "id");
    CHECK(key.type == ColumnType::kText);
    CHECK(key.required);
    REQUIRE(m->children.size() == 1);
    CHECK(m->children[0].columns[0].type == ColumnType::kText);
    // A uuid key keeps uuid parent ids, and "column" on a field that is not the key stays refused.
    Result<EntityMapping> u = ParseMapping(
        Doc(R"(,{"path":"Lines","type":"array","fields":[{"path":"Value","type":"decimal"}]})"), "x.json");
    REQUIRE(u.ok());
    CHECK(u->children[0].columns[0].type == ColumnType::kUuid);
    CHECK(ErrorOf(Doc(R"(,{"path":"Code","type":"text","column":"id2"})"))
              .find("neither collides nor exceeds") != std::string::npos);
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

  TEST_CASE("a localized field becomes its json column and the preferred-language text after it") {
    Result<EntityMapping> m = ParseMapping(
        Doc(R"(,{"path":"Names","type":"localized","required":true},{"path":"Description","type":"localized"},
               {"path":"Name","type":"text","column":"legacy_name"})"),
        "x.json");
    REQUIRE(m.ok());
    const std::vector<Column>& c = m->root.columns;
    REQUIRE(c.size() == 8);
    CHECK(c[2].name == "names");
    CHECK(c[2].type == ColumnType::kJson);
    CHECK(c[2].required);
    CHECK(c[3].name == "name");
    CHECK(c[3].type == ColumnType::kText);
    CHECK(c[3].role == ColumnRole::kLocalizedName);
    CHECK(c[3].path == std::vector<std::string>{"Names"});
    CHECK(c[4].name == "description");
    CHECK(c[5].name == "description_text");
    CHECK(c[6].name == "legacy_name");
    // The deprecated plain Name may not keep `name`: that is the localized text's.
    CHECK(ErrorOf(Doc(R"(,{"path":"Names","type":"localized"},{"path":"Name","type":"text"})"))
              .find("duplicate column name") != std::string::npos);
  }

  TEST_CASE("export_filter is data: updated_utc by default, posting where the mapping says so") {
    Result<EntityMapping> plain = ParseMapping(Doc(""), "x.json");
    REQUIRE(plain.ok());
    CHECK(plain->export_filter == ExportFilter::kUpdatedUtc);
    Result<EntityMapping> posting = ParseMapping(Doc("", R"("export_filter":"posting",)"), "x.json");
    REQUIRE(posting.ok());
    CHECK(posting->export_filter == ExportFilter::kPosting);
    CHECK(std::string(ExportFilterName(posting->export_filter)) == "posting");
    CHECK(ParseMapping(Doc("", R"("export_filter":"updated_utc",)"), "x.json")->export_filter ==
          ExportFilter::kUpdatedUtc);
    CHECK(ErrorOf(Doc("", R"("export_filter":"Posting",)")) ==
          "x.json: \"export_filter\": unknown filter 'Posting' (updated_utc or posting)");
    CHECK(ErrorOf(Doc("", R"("export_filter":1,)")) == "x.json: top level: \"export_filter\" must be a string");
    CHECK(ErrorOf(R"({"entity":"Rate","table":"rates","key":"Id","export_filter":"posting",
                      "source":{"operation":"rates/getAll","collection":"Rates"},
                      "fields":[{"path":"Id","type":"uuid"}]})") ==
          "x.json: \"export_filter\": a reference type is not exported");
  }

  TEST_CASE("only LedgerEntry of the built-in mappings is exported by posting date") {
    Result<MappingRegistry> registry = MappingRegistry::Builtin();
    REQUIRE(registry.ok());
    for (const EntityMapping& m : registry->mappings()) {
      CAPTURE(m.entity);
      CHECK((m.export_filter == ExportFilter::kPosting) == (m.entity == "LedgerEntry"));
      CHECK(BuiltinExportFilter(m.entity) == m.export_filter);
    }
    CHECK(BuiltinExportFilter("NoSuchType") == ExportFilter::kUpdatedUtc);
  }

  TEST_CASE("a reference type's source says which operation, collection and parameters it takes") {
    Result<EntityMapping> m = ParseMapping(
        R"({"entity":"Rate","table":"rates","key":"Id",
            "source":{"operation":"rates/getAll","collection":"Rates",
                      "parameters":{"Extent":{"Rates":true}, "ActivityStates":["Active","Deleted"]},
                      "ids":{"ServiceIds":"Service"}},
            "fields":[{"path":"Id","type":"uuid"}]})",
        "rate.json");
    REQUIRE(m.ok());
    REQUIRE(m->is_reference());
    CHECK(m->reference->operation == "rates/getAll");
    CHECK(m->reference->collection == "Rates");
    CHECK(m->reference->paged);
    CHECK(m->reference->parameters == R"({"Extent":{"Rates":true},"ActivityStates":["Active","Deleted"]})");
    CHECK(m->reference->ids_parameter == "ServiceIds");
    CHECK(m->reference->ids_from == "Service");
    CHECK_FALSE(ParseMapping(Doc(""), "x.json")->is_reference());
  }

  TEST_CASE("source errors name the file and what is wrong") {
    const std::string top = R"({"entity":"Rate","table":"rates","key":"Id","fields":[{"path":"Id","type":"uuid"}],)";
    CHECK(ErrorOf(top + R"("source":{"operation":"rates/getAll"}})") ==
          "x.json: \"source\": missing \"collection\"");
    CHECK(ErrorOf(top + R"("source":{"operation":"a","collection":"B","paging":true}})") ==
          "x.json: \"source\": unknown key 'paging'");
    CHECK(ErrorOf(top + R"("source":{"operation":"a","collection":"B","ids":{"X":"Service","Y":"Rate"}}})") ==
          "x.json: \"source\": \"ids\" takes one parameter");
    CHECK(ErrorOf(R"({"entity":"Rate","table":"rates","key":"Id","fields":[{"path":"Id","type":"uuid"}]})")
              .find("unknown EntityType 'Rate'") != std::string::npos);
    CHECK(ErrorOf(R"({"entity":"Payment","table":"p","key":"Id","fields":[{"path":"Id","type":"uuid"}],
                      "source":{"operation":"a","collection":"B"}})")
              .find("unknown reference type 'Payment'") != std::string::npos);
  }

  TEST_CASE("a reference source's ids must come from a reference type loaded before it") {
    auto ref = [](const std::string& entity, const std::string& table, const std::string& ids) {
      return R"({"entity":")" + entity + R"(","table":")" + table + R"(","key":"Id",
                 "source":{"operation":"x/getAll","collection":"X")" + ids + R"(},
                 "fields":[{"path":"Id","type":"uuid"}]})";
    };
    std::map<std::string, std::string> docs = {{"rate.json", ref("Rate", "rates", R"(,"ids":{"ServiceIds":"Service"})")},
                                               {"service.json", ref("Service", "services", "")}};
    CHECK(MappingRegistry::FromDocuments(docs, false).ok());
    docs["service.json"] = ref("Service", "services", R"(,"ids":{"RateIds":"Rate"})");
    Result<MappingRegistry> r = MappingRegistry::FromDocuments(docs, false);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() ==
          "service.json: \"source\": \"ids\" names 'Rate', which is not a reference type loaded before Service");
  }
}

// Found by the mapping_parser fuzz target: a mapping the parser accepted but the transform could not
// compile, because an array's path was not checked against the root's fields.
TEST_SUITE("schemas.mapping_parser") {
  TEST_CASE("an array path may not repeat or nest with a field or another array of the root") {
    const std::string items = R"({"path":"Amount.Breakdown.Items","type":"array","fields":[{"path":"V","type":"decimal"}]})";
    CHECK(ErrorOf(Doc(R"(,{"path":"Amount.Breakdown","type":"text"},)" + items))
              .find("is a leaf and also has fields below it") != std::string::npos);
    CHECK(ErrorOf(Doc(R"(,{"path":"Amount.Breakdown.Items.X","type":"text"},)" + items))
              .find("is a leaf and also has fields below it") != std::string::npos);
    CHECK(ErrorOf(Doc(R"(,{"path":"Amount.Breakdown.Items","type":"text"},)" + items)).find("mapped twice") !=
          std::string::npos);
    CHECK(ErrorOf(Doc(R"(,{"path":"Amount","type":"array","fields":[{"path":"V","type":"decimal"}]},)" + items))
              .find("is a leaf and also has fields below it") != std::string::npos);
    CHECK(ParseMapping(Doc("," + items), "x.json").ok());
  }
}
