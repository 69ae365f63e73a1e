// TransformFile on small files: values, child rows, `_extra`, rejects and their reasons.
#include <doctest/doctest.h>

#include "tests/transform/transform_test_util.h"

using namespace mews;
using namespace mews::test;

namespace {

const char* kId = "880d34dd-3f2c-47c8-93c5-6e7252af7625";

// A valid record of TestMapping() with `extra` spliced in before the closing brace.
std::string Record(const std::string& id, const std::string& extra = "") {
  return R"({"Id":")" + id + R"(","UpdatedUtc":"2024-03-01T01:30:00.1234567+02:00","Name":"Zo\u00eb \"Q\"\n",)"
         R"("Count":-7,"Flag":true,"Day":"2024-02-29","Span":"P2DT23H","Tags":["a", 1 ,{"b":null}],)"
         R"("Contac":"spelled wrong","Amount":{"Value":-3700.0,"Currency":"EUR","Taxes":[)"
         R"({"Code":"DE-S","Value":1E+2},{"Code":null,"Value":0}]})" + extra + "}";
}

}  // namespace

TEST_SUITE("transform.unit") {
  TEST_CASE("a record becomes a root row and child rows in canonical form") {
    const std::string path = WriteTempFile("one.jsonl", Record("880D34DD-3F2C-47C8-93C5-6E7252AF7625") + "\n");
    auto run = RunTransform(path, TestMapping());
    REQUIRE(run->status.ok());
    const std::vector<std::string> expected = {
        "things line=1 id='880d34dd-3f2c-47c8-93c5-6e7252af7625' updated_utc='2024-02-29T23:30:00.123456Z' "
        "name='Zo\xC3\xAB \"Q\"\n' count=-7 flag=true day='2024-02-29' span='P2DT23H' "
        "tags='[\"a\", 1 ,{\"b\":null}]' contact='spelled wrong' amount_value='-3700.0' "
        "amount_currency='EUR' _extra=NULL",
        "things_amount_taxes parent_id='880d34dd-3f2c-47c8-93c5-6e7252af7625' ordinal=0 code='DE-S' "
        "value='1E+2'",
        "things_amount_taxes parent_id='880d34dd-3f2c-47c8-93c5-6e7252af7625' ordinal=1 code=NULL "
        "value='0'",
    };
    CHECK(Render(*run) == expected);
    CHECK(run->stats.rows == 1);
    CHECK(run->stats.lines == 1);
    CHECK(run->stats.rejects == 0);
    CHECK(run->stats.bytes == Record(kId).size() + 1);
    REQUIRE(run->out.batches.size() == 1);
    CHECK(run->out.batches[0]->file == path);
  }

  TEST_CASE("whitespace after a value of any type changes no value") {
    // Record() with whitespace after every value but inside the `Tags` JSON (kept as written).
    const std::string spaced =
        R"({"Id":"880D34DD-3F2C-47C8-93C5-6E7252AF7625" ,"UpdatedUtc":"2024-03-01T01:30:00.1234567+02:00")" "\t"
        R"(,)"
        R"("Name":"Zo\u00eb \"Q\"\n"  ,"Count":-7 ,"Flag":true)" "\r "
        R"(,"Day":"2024-02-29" ,"Span":"P2DT23H" ,)"
        R"("Tags":["a", 1 ,{"b":null}] ,"Contac":"spelled wrong" ,"Amount":{"Value":-3700.0 ,"Currency":"EUR" ,)"
        R"("Taxes":[{"Code":"DE-S" ,"Value":1E+2 } ,{"Code":null ,"Value":0 } ] } } )";
    const std::string compact = Record("880D34DD-3F2C-47C8-93C5-6E7252AF7625");
    auto want = RunTransform(WriteTempFile("compact.jsonl", compact + "\n"), TestMapping());
    auto got = RunTransform(WriteTempFile("spaced.jsonl", spaced + "\n"), TestMapping());
    REQUIRE(want->status.ok());
    REQUIRE(got->status.ok());
    CHECK(got->out.rejects.empty());
    CHECK(Render(*got) == Render(*want));
  }

  TEST_CASE("text of every length up to 80 bytes, with or without an escape anywhere, is exact") {
    // Short values are scanned for escapes and copied in fixed-size blocks; this covers each length
    // and each position of the escape relative to those blocks.
    std::string file;
    std::vector<std::string> expected;
    for (size_t len = 0; len <= 80; ++len) {
      std::string plain;
      for (size_t i = 0; i < len; ++i) plain += static_cast<char>('a' + i % 26);
      file += R"({"Id":")" + std::string(kId) + R"(","Name":")" + plain + "\"}\n";
      expected.push_back(plain);
      for (size_t at = 0; at < len; ++at) {
        std::string escaped = plain;
        escaped.replace(at, 1, "\\n");
        file += R"({"Id":")" + std::string(kId) + R"(","Name":")" + escaped + "\"}\n";
        std::string value = plain;
        value[at] = '\n';
        expected.push_back(value);
      }
    }
    auto run = RunTransform(WriteTempFile("escapes.jsonl", file), TestMapping());
    REQUIRE(run->status.ok());
    REQUIRE(run->stats.rows == expected.size());
    for (size_t r = 0; r < expected.size(); ++r) {
      CAPTURE(r);
      CHECK(RootValue(*run, r, "name") == expected[r]);
    }
  }

  TEST_CASE("nulls and missing optional fields are NULL, a null array gives no child rows") {
    const std::string line = R"({"Id":")" + std::string(kId) +
                             R"(","Name":null,"Amount":{"Value":1,"Taxes":null}})";
    auto run = RunTransform(WriteTempFile("nulls.jsonl", line + "\n"), TestMapping());
    REQUIRE(run->status.ok());
    CHECK(Render(*run) == std::vector<std::string>{
                              "things line=1 id='" + std::string(kId) +
                              "' updated_utc=NULL name=NULL count=NULL flag=NULL day=NULL span=NULL "
                              "tags=NULL contact=NULL amount_value='1' amount_currency=NULL _extra=NULL"});
  }

  TEST_CASE("unknown fields go to _extra with dotted paths, in document order, as raw JSON") {
    const std::string line =
        R"({"New":1,"Id":")" + std::string(kId) +
        R"(","Amount":{"Value":1,"Foo":"x","Taxes":[{"Value":2,"Bar":true},{"Value":3,"Baz":{"q":[1,2]}}]},)"
        R"("N\u0061me":"escaped key still known","Odd\"Key":"\u0000",)" + R"("Nested":{"A":{"B":null}}})";
    auto run = RunTransform(WriteTempFile("extra.jsonl", line + "\n"), TestMapping());
    REQUIRE(run->status.ok());
    REQUIRE(run->out.rejects.empty());
    CHECK(RootValue(*run, 0, "_extra") ==
          R"({"New":1,"Amount.Foo":"x","Amount.Taxes[0].Bar":true,"Amount.Taxes[1].Baz":{"q":[1,2]},)"
          R"("Odd\"Key":"\ufffd","Nested":{"A":{"B":null}}})");
    CHECK(RootValue(*run, 0, "name") == "escaped key still known");
  }

  TEST_CASE("text keeps unicode, turns NUL into U+FFFD, json columns replace \\u0000") {
    const std::string line = R"({"Id":")" + std::string(kId) +
                             R"(","Name":"a\u0000b \ud83d\ude00 \u6771","Tags":{"k":"\u0000"},"Amount":{"Value":1}})";
    auto run = RunTransform(WriteTempFile("nul.jsonl", line + "\n"), TestMapping());
    REQUIRE(run->status.ok());
    CHECK(RootValue(*run, 0, "name") == "a\xEF\xBF\xBD" "b \xF0\x9F\x98\x80 \xE6\x9D\xB1");
    CHECK(RootValue(*run, 0, "tags") == R"({"k":"\ufffd"})");
  }

  TEST_CASE("records the mapping refuses become rejects with path, reason and raw line") {
    struct Case {
      std::string line;
      std::string reason;
    } cases[] = {
        {R"({"Amount":{"Value":1}})", "Id: missing required field"},
        {R"({"Id":null,"Amount":{"Value":1}})", "Id: null in a required field"},
        {R"({"Id":"nope","Amount":{"Value":1}})", "Id: invalid uuid \"nope\""},
        {R"({"Id":5,"Amount":{"Value":1}})", "Id: expected a string, got number"},
        {R"({"Id":")" + std::string(kId) + R"(","Amount":{"Value":"1.5"}})",
         "Amount.Value: expected a number, got string"},
        {R"({"Id":")" + std::string(kId) + R"(","Amount":{}})", "Amount.Value: missing required field"},
        {R"({"Id":")" + std::string(kId) + R"(","Amount":[1]})", "Amount: expected an object, got array"},
        {R"({"Id":")" + std::string(kId) + R"(","Count":5.0,"Amount":{"Value":1}})",
         "Count: expected an integer, got 5.0"},
        {R"({"Id":")" + std::string(kId) + R"(","Count":1e3,"Amount":{"Value":1}})",
         "Count: expected an integer, got 1e3"},
        {R"({"Id":")" + std::string(kId) + R"(","Count":9223372036854775808,"Amount":{"Value":1}})",
         "Count: integer out of range: 9223372036854775808"},
        {R"({"Id":")" + std::string(kId) + R"(","Count":"5","Amount":{"Value":1}})",
         "Count: expected an integer, got string"},
        {R"({"Id":")" + std::string(kId) + R"(","Flag":"true","Amount":{"Value":1}})",
         "Flag: expected a boolean, got string"},
        {R"({"Id":")" + std::string(kId) + R"(","Day":"2023-02-29","Amount":{"Value":1}})",
         "Day: invalid date \"2023-02-29\""},
        {R"({"Id":")" + std::string(kId) + R"(","UpdatedUtc":"2023-11-29","Amount":{"Value":1}})",
         "UpdatedUtc: invalid timestamp \"2023-11-29\""},
        {R"({"Id":")" + std::string(kId) + R"(","Span":"1 day","Amount":{"Value":1}})",
         "Span: invalid duration \"1 day\""},
        {R"({"Id":")" + std::string(kId) + R"(","Name":"\ud800","Amount":{"Value":1}})",
         "invalid JSON: Problem while parsing a string"},
        {R"({"Id":")" + std::string(kId) + R"(","Name":"\\\udc00","Amount":{"Value":1}})",
         "invalid JSON: Problem while parsing a string"},
        {R"({"Id":")" + std::string(kId) + R"(","Name":"a\n\t\udc00","Amount":{"Value":1}})",
         "invalid JSON: Problem while parsing a string"},
        {R"({"Id":")" + std::string(kId) + R"(","Name":"\udc00","Amount":{"Value":1}})",
         "invalid JSON: Problem while parsing a string"},
        {R"({"Id":")" + std::string(kId) + R"(","Amount":{"Value":1,"Taxes":[{"Value":1},7]}})",
         "Amount.Taxes[1]: expected an object, got number"},
        {R"({"Id":")" + std::string(kId) + R"(","Amount":{"Value":1,"Taxes":[{"Code":"x"}]}})",
         "Amount.Taxes[0].Value: missing required field"},
        {R"({"Id":")" + std::string(kId) + R"(","Amount":{"Value":1,"Taxes":{}}})",
         "Amount.Taxes: expected an array, got object"},
        {R"([1,2])", "record: expected an object, got array"},
        {R"("text")", "record: expected an object, got string"},
    };
    std::string content;
    for (const Case& c : cases) content += c.line + "\n" + Record(kId) + "\n";
    auto run = RunTransform(WriteTempFile("rejects.jsonl", content), TestMapping());
    REQUIRE(run->status.ok());
    REQUIRE(run->out.rejects.size() == std::size(cases));
    for (size_t i = 0; i < std::size(cases); ++i) {
      CAPTURE(i);
      const Reject& r = run->out.rejects[i];
      CHECK(r.reason == cases[i].reason);
      CHECK(r.raw == cases[i].line);
      CHECK(r.line == 2 * i + 1);
      CHECK(r.file == run->out.batches.at(0)->file);
    }
    // Every good record made its row and exactly its two child rows: rejected ones left nothing.
    size_t rows = 0, children = 0;
    for (const auto& b : run->out.batches) rows += b->rows(), children += b->children()[0].size();
    CHECK(rows == std::size(cases));
    CHECK(children == 2 * std::size(cases));
    CHECK(run->stats.rejects == std::size(cases));
    CHECK(run->stats.lines == 2 * std::size(cases));
  }

  TEST_CASE("a missing file is an IoError naming the file") {
    auto run = RunTransform("/nonexistent/dir/x.jsonl", TestMapping());
    CHECK(run->status.code() == StatusCode::kIoError);
    CHECK(run->status.message().find("/nonexistent/dir/x.jsonl") != std::string::npos);
  }

  TEST_CASE("batches are handed over at batch_rows and at the end, with file and line numbers") {
    std::string content;
    for (int i = 0; i < 10; ++i) content += Record(kId) + "\n" + (i == 4 ? "\n" : "");
    TransformOptions options;
    options.batch_rows = 3;
    auto run = RunTransform(WriteTempFile("batches.jsonl", content), TestMapping(), options);
    REQUIRE(run->status.ok());
    REQUIRE(run->out.batches.size() == 4);
    CHECK(run->out.batches[0]->lines == std::vector<uint64_t>{1, 2, 3});
    CHECK(run->out.batches[1]->lines == std::vector<uint64_t>{4, 5, 7});
    CHECK(run->out.batches[3]->lines == std::vector<uint64_t>{11});
    CHECK(run->out.batches[3]->children()[0].size() == 2);
  }

  TEST_CASE("batches are also handed over at batch_bytes") {
    std::string content;
    for (int i = 0; i < 4; ++i) content += Record(kId) + "\n";
    TransformOptions options;
    options.batch_bytes = 1;
    auto run = RunTransform(WriteTempFile("bytes.jsonl", content), TestMapping(), options);
    REQUIRE(run->status.ok());
    CHECK(run->out.batches.size() == 4);
  }

  TEST_CASE("a consumer error stops the transform and is returned") {
    class Failing : public BatchConsumer {
     public:
      Status OnBatch(std::unique_ptr<RowBatch>) override { return Status::Database("db down"); }
      Status OnReject(const Reject&) override { return Status::Aborted("too many rejects"); }
    } failing;
    const std::string path = WriteTempFile("stop.jsonl", "not json\n" + Record(kId) + "\n");
    Status s = TransformFile(path, TestMapping(), {}, &failing, nullptr);
    CHECK(s.code() == StatusCode::kAborted);
    const std::string good = WriteTempFile("stop2.jsonl", Record(kId) + "\n");
    s = TransformFile(good, TestMapping(), {}, &failing, nullptr);
    CHECK(s.code() == StatusCode::kDatabase);
    CHECK(s.message() == "db down");
  }
}
