// LoadSyncConfig's errors on keys and values that hold control characters or NUL: still one line,
// the characters escaped (findings of the config_file fuzz target, tests/fuzz/config_file_fuzz.cc).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "app/config_file.h"
#include "tests/support/process.h"

using namespace mews;

namespace {

// The error of the config `text` (written to a file), or "" when it loads.
std::string ErrorOf(const std::string& name, const std::string& text) {
  const std::string path = test::TempDir("config-file") + "/" + name + ".toml";
  std::ofstream(path, std::ios::binary) << text;
  Result<SyncConfig> r = LoadSyncConfig(path);
  if (r.ok()) return "";
  const std::string& m = r.status().message();
  CHECK(m.rfind(path + ":", 0) == 0);
  return m.substr(path.size());
}

}  // namespace

TEST_SUITE("app.config_file") {
  TEST_CASE("a value with a newline or CR is shown escaped: the error stays one line") {
    setenv("MEWS_CLIENT_TOKEN", "client", 1);
    setenv("CONFIG_TEST_TOKEN", "access", 1);
    const std::string conn = "[connections.a]\naccess_token_env = \"CONFIG_TEST_TOKEN\"\n";
    CHECK(ErrorOf("language", conn + "language = \"de\\r\\nDE\"\n") ==
          ":3: connections.a.language: 'de\\r\\nDE' is not a language code such as en-US or de-DE");
    CHECK(ErrorOf("entity", conn + "entities = [\"Customer\\n\"]\n")
              .rfind(":3: connections.a.entities: unknown entity type 'Customer\\n' (valid: ", 0) == 0);
    CHECK(ErrorOf("id", conn + "chain_ids = [\"x\\ty\"]\n") == ":3: connections.a.chain_ids: 'x\\ty' is not a uuid");
    CHECK(ErrorOf("key", conn + "\"a\\nb\" = 1\n").rfind(":3: unknown key 'connections.a.a\\nb' (", 0) == 0);
    CHECK(ErrorOf("top_key", "\"x\\ry\" = 1\n" + conn).rfind(":1: unknown key 'x\\ry' (", 0) == 0);
    CHECK(ErrorOf("name", "[connections.\"a\\nb\"]\naccess_token_env = \"CONFIG_TEST_TOKEN\"\n")
              .rfind(":1: connections.a\\nb: connection name 'a\\nb': use 1 to 63", 0) == 0);
    CHECK(ErrorOf("env", "[connections.a]\naccess_token_env = \"NO\\nSUCH\"\n") ==
          ":2: connections.a.access_token_env: environment variable NO\\nSUCH is not set");
    CHECK(ErrorOf("file", "[connections.a]\naccess_token_file = \"/nonexistent/a\\nb\"\n") ==
          ":2: connections.a.access_token_file: cannot read /nonexistent/a\\nb");
  }

  TEST_CASE("a TOML syntax error quoting a newline stays one line") {
    // config_file fuzz finding (CI run): toml++ describes "entities =n\n" as
    // "expected 'nan', saw 'n<newline>'".
    setenv("MEWS_CLIENT_TOKEN", "client", 1);
    CHECK(ErrorOf("syntax", "[connections.a]\nentities =n\n") ==
          ":2: Error while parsing floating-point: expected 'nan', saw 'n\\n'");
  }

  TEST_CASE("a variable name with NUL or '=' is refused, not read as the name before it") {
    setenv("MEWS_CLIENT_TOKEN", "client", 1);
    setenv("CONFIG_TEST_TOKEN", "access", 1);
    CHECK(ErrorOf("nul", "[connections.a]\naccess_token_env = \"CONFIG_TEST_TOKEN\\u0000x\"\n") ==
          ":2: connections.a.access_token_env: 'CONFIG_TEST_TOKEN\\u0000x' is not an environment variable name");
    CHECK(ErrorOf("eq", "client_token_env = \"A=B\"\n[connections.a]\naccess_token_env = \"CONFIG_TEST_TOKEN\"\n") ==
          ":1: client_token_env: 'A=B' is not an environment variable name");
    CHECK(ErrorOf("ok", "[connections.a]\naccess_token_env = \"CONFIG_TEST_TOKEN\"\n").empty());
  }

  TEST_CASE("a token file name or database URL with NUL is refused, not read as the name before it") {
    // config_file fuzz finding (one-hour run): access_token_file = "token\u0000" read the file
    // "token" and took its token.
    setenv("MEWS_CLIENT_TOKEN", "client", 1);
    const std::string dir = test::TempDir("config-nul");
    std::ofstream(dir + "/token", std::ios::binary) << "access-from-file\n";
    const std::string conn = "[connections.a]\naccess_token_file = \"" + dir + "/token";
    CHECK(ErrorOf("ok", conn + "\"\n").empty());
    CHECK(ErrorOf("file", conn + "\\u0000\"\n") ==
          ":2: connections.a.access_token_file: the file name '" + dir + "/token\\u0000' holds a NUL character");
    CHECK(ErrorOf("db", "database = \"sqlite:" + dir + "/db\\u0000x\"\n" + conn + "\"\n") ==
          ":1: database: the URL holds a NUL character");
  }

  TEST_CASE("an access_token_file is read up to 64 KiB and must hold one line: /dev/zero is refused, not read forever") {
    setenv("MEWS_CLIENT_TOKEN", "client", 1);
    const std::string dir = test::TempDir("config-token-file");
    auto file = [&](const std::string& name, const std::string& content) {
      std::ofstream(dir + "/" + name, std::ios::binary) << content;
      return "[connections.a]\naccess_token_file = \"" + dir + "/" + name + "\"\n";
    };
    CHECK(ErrorOf("zero", "[connections.a]\naccess_token_file = \"/dev/zero\"\n") ==
          ":2: connections.a.access_token_file: /dev/zero is larger than 65536 bytes, not a token file");
    CHECK(ErrorOf("big", file("big", std::string(65537, 'x'))).find("is larger than 65536 bytes") != std::string::npos);
    CHECK(ErrorOf("limit", file("limit", std::string(65536, 'x'))).empty());
    CHECK(ErrorOf("two", file("two", "secret-one\nsecret-two\n")) ==
          ":2: connections.a.access_token_file: " + dir + "/two holds more than one line or control characters");
    CHECK(ErrorOf("crlf", file("crlf", "secret\r\n")).empty());
    CHECK(ErrorOf("dir", "[connections.a]\naccess_token_file = \"" + dir + "\"\n") ==
          ":2: connections.a.access_token_file: cannot read " + dir);
  }
}
