// The --config TOML file of `sync` (app/config_file.h) over arbitrary bytes. Hermetic: the
// environment holds only the variables set here (and PATH, for the sanitizers' symbolizer), and
// token files are read from a scratch directory of known files (an input naming a token file by a
// path with '/' is skipped). Invariants:
// - either a config or InvalidArgument, the same on a second read;
// - an error is one line of valid UTF-8 without NUL, "PATH:LINE: what" with 1 <= LINE <= the
//   input's line count (or "PATH: environment variable X (the client token) is not set"); a TOML
//   syntax error is reported exactly when toml++ rejects the text, on toml++'s line;
// - no error holds a token: neither the secrets behind the variables and files, nor a distinctive
//   value written under a `*token` key of the input;
// - an accepted config has connections with names [a-z0-9][a-z0-9_-]{0,62}, ordered by name, each
//   with exactly the token of the variable or file it names; the client token is that of
//   client_token_env (default MEWS_CLIENT_TOKEN); entities are known types, ids are uuids, languages
//   are codes, api_url is secure and has no trailing '/'.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "app/config_file.h"
#include "extract/export_request.h"
#include "extract/url.h"
#include "schemas/registry.h"
#include "tests/fuzz/fuzz_support.h"
#include "transform/values.h"

namespace {

using mews::fuzz::Printable;

// The variables of the hermetic environment; every value is a secret no error may show.
constexpr const char* kClientSecret = "client-secret-Kq7Zr2Lw9Xn4Vb";
struct Var {
  const char* name;
  const char* value;
};
constexpr Var kVars[] = {
    {"MEWS_CLIENT_TOKEN", kClientSecret},
    {"MEWS_TOKEN_A", "access-secret-A-Jt5Hp8Qd3Mf6"},
    {"MEWS_TOKEN_B", "access-secret-B-Ue2Sx9Ly4Wk7"},
    {"OTHER_CLIENT", "client-secret-O-Pv3Tn6Rb1Hc8"},
    {"EMPTY", ""},
};

// The files of the scratch directory, named without '/' in `access_token_file`.
struct File {
  const char* name;
  const char* content;
  const char* secret;  // what a token read from it is (trailing newlines and spaces dropped)
};
constexpr File kFiles[] = {
    {"token", "file-secret-Wy4Gc1Rs7Nz2\n", "file-secret-Wy4Gc1Rs7Nz2"},
    {"token_crlf", "file-secret-Cr5Lf0Dm3Qa9 \r\n\n", "file-secret-Cr5Lf0Dm3Qa9"},
    {"empty", "", nullptr},
    {"blank", " \r\n\n", nullptr},
};

std::vector<std::string> Secrets() {
  std::vector<std::string> out;
  for (const Var& v : kVars) {
    if (*v.value) out.emplace_back(v.value);
  }
  for (const File& f : kFiles) {
    if (f.secret) out.emplace_back(f.secret);
  }
  return out;
}

struct Scratch {
  std::string dir;     // token files
  std::string config;  // the config file, rewritten per input
  int home = -1;       // the working directory to return to
};

Scratch* scratch = nullptr;

void RemoveScratch() {
  if (!scratch) return;
  for (const File& f : kFiles) std::remove((scratch->dir + "/" + f.name).c_str());
  rmdir((scratch->dir + "/dir").c_str());
  rmdir(scratch->dir.c_str());
}

void Setup() {
  const char* path = std::getenv("PATH");
  const std::string keep_path = path ? path : "";
  clearenv();
  if (!keep_path.empty()) setenv("PATH", keep_path.c_str(), 1);
  for (const Var& v : kVars) setenv(v.name, v.value, 1);

  scratch = new Scratch;
  std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  std::string templ = base + "/mews-fuzz-config-XXXXXX";
  FUZZ_CHECK(mkdtemp(templ.data()) != nullptr, templ);
  scratch->dir = templ;
  for (const File& f : kFiles) {
    FILE* out = std::fopen((scratch->dir + "/" + f.name).c_str(), "wb");
    FUZZ_CHECK(out != nullptr, f.name);
    std::fputs(f.content, out);
    std::fclose(out);
  }
  FUZZ_CHECK(mkdir((scratch->dir + "/dir").c_str(), 0700) == 0, "dir");
  scratch->home = open(".", O_RDONLY | O_DIRECTORY);
  FUZZ_CHECK(scratch->home >= 0, "open .");
  std::atexit(RemoveScratch);
}

// The token a connection must have got from `table` (its [connections.NAME]).
std::string ExpectedToken(const toml::table& table) {
  if (const auto* env = table.get_as<std::string>("access_token_env")) {
    const char* value = std::getenv(env->get().c_str());
    return value ? value : "";
  }
  if (const auto* file = table.get_as<std::string>("access_token_file")) {
    for (const File& f : kFiles) {
      if (file->get() == f.name) return f.secret ? f.secret : "";
    }
  }
  return "";
}

// Every string of the document but the values under `*token` keys (those go to `tokens`).
void CollectStrings(const toml::node& node, bool under_token, std::vector<std::string>* strings,
                    std::vector<std::string>* tokens) {
  if (const toml::table* t = node.as_table()) {
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      strings->push_back(key);
      const bool token = key.size() >= 5 && key.compare(key.size() - 5, 5, "token") == 0;
      CollectStrings(v, token, strings, tokens);
    }
  } else if (const toml::array* a = node.as_array()) {
    for (const toml::node& item : *a) CollectStrings(item, under_token, strings, tokens);
  } else if (const auto* s = node.as_string()) {
    (under_token ? tokens : strings)->push_back(s->get());
  }
}

// A token value written in the input is distinctive, and so must never be in an error, when no
// other string of the document (nor the config's path) holds it and it cannot be made of the
// fixed text and numbers around an echoed value (it has a digit, and no space, quote or colon).
bool Distinctive(const std::string& token, const std::vector<std::string>& strings) {
  if (token.size() < 12 || token.find_first_of("0123456789") == std::string::npos) return false;
  if (token.find_first_of(" '\":") != std::string::npos) return false;
  if (scratch->config.find(token) != std::string::npos) return false;
  return std::none_of(strings.begin(), strings.end(),
                      [&](const std::string& s) { return s.find(token) != std::string::npos; });
}

bool IsConnectionName(const std::string& name) {
  auto lower_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.empty() || name.size() > 63 || !lower_digit(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return lower_digit(c) || c == '_' || c == '-'; });
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += s + "\x1f";
  return out;
}

std::string Render(const mews::Result<mews::SyncConfig>& r) {
  if (!r.ok()) return "error " + std::to_string(static_cast<int>(r.status().code())) + " " + r.status().message();
  std::string out = "db " + r->database + "\x1e client " + r->client_token + "\x1e";
  for (const mews::ConnectionConfig& c : r->connections) {
    out += c.name + "\x1f" + c.access_token + "\x1f" + Join(c.entities) + "\x1d" + Join(c.enterprise_ids) + "\x1d" +
           Join(c.chain_ids) + "\x1d" + c.api_url + "\x1f" + c.language + "\x1e";
  }
  return out;
}

void CheckError(const mews::Status& status, std::string_view text, const toml::table* tree,
                const std::string& parse_error_line) {
  const std::string& m = status.message();
  const std::string detail = Printable(m) + " from " + Printable(text);
  FUZZ_CHECK(status.code() == mews::StatusCode::kInvalidArgument, detail);
  FUZZ_CHECK(m.find_first_of("\r\n") == std::string::npos, detail);
  FUZZ_CHECK(m.find('\0') == std::string::npos && mews::IsValidUtf8(m), detail);
  const std::string& path = scratch->config;
  FUZZ_CHECK(m.rfind(path + ":", 0) == 0, detail);
  const std::string rest = m.substr(path.size() + 1);
  const size_t digits = rest.find_first_not_of("0123456789");
  if (digits == 0) {
    // Only a client token variable that the file does not name has no line.
    FUZZ_CHECK(rest.rfind(" environment variable ", 0) == 0 && rest.find("(the client token) is not set") !=
                   std::string::npos,
               detail);
  } else {
    FUZZ_CHECK(digits != std::string::npos && digits <= 6 && rest.compare(digits, 2, ": ") == 0, detail);
    const long line = std::strtol(rest.substr(0, digits).c_str(), nullptr, 10);
    const long lines = static_cast<long>(std::count(text.begin(), text.end(), '\n')) + 1;
    FUZZ_CHECK(line >= 1 && line <= lines, detail + " (" + std::to_string(lines) + " lines)");
    if (!parse_error_line.empty()) FUZZ_CHECK(rest.substr(0, digits) == parse_error_line, detail);
  }
  for (const std::string& secret : Secrets()) {
    if (text.find(secret) == std::string_view::npos) FUZZ_CHECK(m.find(secret) == std::string::npos, detail);
  }
  if (tree) {
    std::vector<std::string> strings, tokens;
    CollectStrings(*tree, false, &strings, &tokens);
    for (const std::string& token : tokens) {
      if (Distinctive(token, strings)) FUZZ_CHECK(m.find(token) == std::string::npos, detail);
    }
  }
}

void CheckConfig(const mews::SyncConfig& config, std::string_view text, const toml::table& tree) {
  const std::string detail = Printable(text);
  const auto* client_env = tree.get_as<std::string>("client_token_env");
  const char* client = std::getenv(client_env ? client_env->get().c_str() : "MEWS_CLIENT_TOKEN");
  FUZZ_CHECK(client != nullptr && config.client_token == client && !config.client_token.empty(), detail);
  const auto* database = tree.get_as<std::string>("database");
  FUZZ_CHECK(config.database == (database ? database->get() : std::string()), detail);
  const toml::table* connections = tree.get_as<toml::table>("connections");
  FUZZ_CHECK(connections != nullptr && !config.connections.empty() &&
                 connections->size() == config.connections.size(),
             detail);
  const auto& all = mews::AllEntityTypes();
  const auto& refs = mews::AllReferenceTypes();
  for (size_t i = 0; i < config.connections.size(); ++i) {
    const mews::ConnectionConfig& c = config.connections[i];
    const std::string where = c.name + " in " + detail;
    FUZZ_CHECK(IsConnectionName(c.name), where);
    FUZZ_CHECK(i == 0 || config.connections[i - 1].name < c.name, where);
    const toml::table* table = connections->get_as<toml::table>(c.name);
    FUZZ_CHECK(table != nullptr, where);
    FUZZ_CHECK(!c.access_token.empty() && c.access_token == ExpectedToken(*table), where);
    for (const std::string& e : c.entities) {
      FUZZ_CHECK(std::find(all.begin(), all.end(), e) != all.end() || std::find(refs.begin(), refs.end(), e) != refs.end(),
                 where);
    }
    for (const std::string& id : c.enterprise_ids) FUZZ_CHECK(mews::IsUuid(id), where);
    for (const std::string& id : c.chain_ids) FUZZ_CHECK(mews::IsUuid(id), where);
    if (!c.api_url.empty()) {
      FUZZ_CHECK(c.api_url.back() != '/' && mews::CheckSecureUrl(c.api_url, "api_url").ok(), where);
    }
    if (!c.language.empty()) {
      FUZZ_CHECK(c.language.size() >= 2 && c.language.find_first_not_of(
                                               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
                                               std::string::npos,
                 where);
    }
  }
}

// Whether the product would read a token file by a path outside the scratch directory.
bool NamesOutsideFile(const toml::table& tree) {
  const toml::table* connections = tree.get_as<toml::table>("connections");
  if (!connections) return false;
  for (const auto& [name, node] : *connections) {
    const toml::table* t = node.as_table();
    const auto* file = t ? t->get_as<std::string>("access_token_file") : nullptr;
    if (file && file->get().find('/') != std::string::npos) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  toml::table tree;
  std::string parse_error_line;
  bool parsed = false;
  try {
    tree = toml::parse(text);
    parsed = true;
  } catch (const toml::parse_error& e) {
    parse_error_line = std::to_string(e.source().begin.line);
  }
  if (parsed && NamesOutsideFile(tree)) return 0;

  scratch->config = mews::fuzz::WriteScratch(0, text);
  FUZZ_CHECK(chdir(scratch->dir.c_str()) == 0, scratch->dir);
  const mews::Result<mews::SyncConfig> first = mews::LoadSyncConfig(scratch->config);
  const mews::Result<mews::SyncConfig> second = mews::LoadSyncConfig(scratch->config);
  FUZZ_CHECK(fchdir(scratch->home) == 0, "fchdir");

  FUZZ_CHECK(Render(first) == Render(second), Printable(text));
  if (!first.ok()) {
    CheckError(first.status(), text, parsed ? &tree : nullptr, parse_error_line);
    return 0;
  }
  FUZZ_CHECK(parsed, Printable(text));
  CheckConfig(first.value(), text, tree);
  return 0;
}
