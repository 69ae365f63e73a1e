#include "app/config_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

#include "core/json_escape.h"
#include "extract/export_request.h"
#include "extract/url.h"
#include "load/sink.h"
#include "schemas/registry.h"

namespace mews {
namespace {

// The largest access_token_file read: a Mews token is about a hundred characters.
constexpr size_t kMaxTokenFileBytes = 64 << 10;

// A key or value of the file as an error shows it: control characters escaped as in JSON, so that
// the error stays one line ("a\nb" in a quoted key or string is two characters, not a newline).
std::string Shown(std::string_view text) {
  std::string out;
  AppendJsonEscaped(text, &out);
  return out;
}

class ConfigReader {
 public:
  explicit ConfigReader(std::string path) : path_(std::move(path)) {}

  Status Error(const toml::source_region& where, const std::string& what) const {
    return Status::InvalidArgument(path_ + ":" + std::to_string(where.begin.line) + ": " + what);
  }

  Result<std::string> String(const toml::node& node, const std::string& key) const {
    const std::string* s = node.as_string() ? &node.as_string()->get() : nullptr;
    if (!s || s->empty()) return Error(node.source(), key + ": expected a non-empty string");
    return *s;
  }

  Result<std::vector<std::string>> Strings(const toml::node& node, const std::string& key) const {
    const toml::array* a = node.as_array();
    if (!a) return Error(node.source(), key + ": expected an array of strings");
    std::vector<std::string> out;
    for (const toml::node& item : *a) {
      Result<std::string> s = String(item, key);
      if (!s.ok()) return s.status();
      out.push_back(*s);
    }
    return out;
  }

  // getenv() would read "A\0B" as A, and no variable name holds '='.
  Status VariableName(const toml::node& node, const std::string& key, const std::string& name) const {
    if (name.find('\0') == std::string::npos && name.find('=') == std::string::npos) return Status::Ok();
    return Error(node.source(), key + ": '" + Shown(name) + "' is not an environment variable name");
  }

  // The value of the environment variable named by `node` (its name, never its value, in errors).
  Result<std::string> FromEnv(const toml::node& node, const std::string& key) const {
    Result<std::string> name = String(node, key);
    if (!name.ok()) return name.status();
    MEWS_RETURN_IF_ERROR(VariableName(node, key, *name));
    const char* value = std::getenv(name->c_str());
    if (!value || !*value) {
      return Error(node.source(), key + ": environment variable " + Shown(*name) + " is not set");
    }
    return std::string(value);
  }

  // The file system (and SQLite, and libpq) would read "a\0b" as a: such a value names something
  // else. `shown` is how the error names the value (a database URL may hold a password).
  Status NoNul(const toml::node& node, const std::string& key, const std::string& value,
               const std::string& shown) const {
    if (value.find('\0') == std::string::npos) return Status::Ok();
    return Error(node.source(), key + ": " + shown + " holds a NUL character");
  }

  Result<std::string> FromFile(const toml::node& node, const std::string& key) const {
    Result<std::string> file = String(node, key);
    if (!file.ok()) return file.status();
    MEWS_RETURN_IF_ERROR(NoNul(node, key, *file, "the file name '" + Shown(*file) + "'"));
    std::ifstream in(*file, std::ios::binary);
    if (!in) return Error(node.source(), key + ": cannot read " + Shown(*file));
    // A token is far shorter; reading stops past the limit (a FIFO or /dev/zero would never end).
    std::string token(kMaxTokenFileBytes + 1, '\0');
    in.read(&token[0], static_cast<std::streamsize>(token.size()));
    if (in.bad()) return Error(node.source(), key + ": cannot read " + Shown(*file));
    token.resize(static_cast<size_t>(in.gcount()));
    if (token.size() > kMaxTokenFileBytes) {
      return Error(node.source(), key + ": " + Shown(*file) + " is larger than " +
                                      std::to_string(kMaxTokenFileBytes) + " bytes, not a token file");
    }
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) return Error(node.source(), key + ": " + Shown(*file) + " is empty");
    for (char c : token) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return Error(node.source(), key + ": " + Shown(*file) + " holds more than one line or control characters");
      }
    }
    return token;
  }

  Status Connection(const std::string& name, const toml::node& node, ConnectionConfig* out) const;
  Status Top(const toml::table& root, SyncConfig* out) const;

 private:
  std::string path_;
};

// A BCP 47-style tag as Mews writes them: "en-US", "de", "zh-Hant-TW" (letters, digits, hyphens).
bool IsLanguageCode(const std::string& s) {
  if (s.size() < 2 || s.size() > 35 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return s.back() != '-';
}

bool IsTokenKey(const std::string& key) {
  return key == "access_token" || key == "client_token" || key == "token";
}

Status CheckEntities(const ConfigReader& r, const toml::node& node, const std::string& key,
                     const std::vector<std::string>& entities) {
  const auto& all = AllEntityTypes();
  const auto& refs = AllReferenceTypes();
  for (const std::string& e : entities) {
    if (std::find(all.begin(), all.end(), e) == all.end() && std::find(refs.begin(), refs.end(), e) == refs.end()) {
      return r.Error(node.source(), key + ": unknown entity type '" + Shown(e) + "' (valid: " + EntityTypeList() +
                                        "; reference types: " + ReferenceTypeList() + ")");
    }
  }
  return Status::Ok();
}

Status CheckIds(const ConfigReader& r, const toml::node& node, const std::string& key,
                const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    if (!IsUuid(id)) return r.Error(node.source(), key + ": '" + Shown(id) + "' is not a uuid");
  }
  return Status::Ok();
}

Status ConfigReader::Connection(const std::string& name, const toml::node& node, ConnectionConfig* out) const {
  const std::string prefix = "connections." + Shown(name);
  Status valid = CheckConnectionName(name);
  if (!valid.ok()) return Error(node.source(), prefix + ": " + Shown(valid.message()));
  const toml::table* t = node.as_table();
  if (!t) return Error(node.source(), prefix + ": expected a table [" + prefix + "]");
  out->name = name;
  int token_sources = 0;
  for (const auto& [k, v] : *t) {
    const std::string key = std::string(k.str()), full = prefix + "." + Shown(key);
    Result<std::string> token = std::string();
    if (IsTokenKey(key)) {
      return Error(k.source(), full + ": tokens are never written in the config file; use access_token_env or "
                               "access_token_file");
    } else if (key == "access_token_env") {
      token = FromEnv(v, full);
    } else if (key == "access_token_file") {
      token = FromFile(v, full);
    } else if (key == "language") {
      Result<std::string> language = String(v, full);
      if (!language.ok()) return language.status();
      if (!IsLanguageCode(*language)) {
        return Error(v.source(), full + ": '" + Shown(*language) + "' is not a language code such as en-US or de-DE");
      }
      out->language = *language;
      continue;
    } else if (key == "api_url") {
      Result<std::string> url = String(v, full);
      if (!url.ok()) return url.status();
      while (!url->empty() && url->back() == '/') url->pop_back();
      Status secure = CheckSecureUrl(*url, full);
      if (!secure.ok()) return Error(v.source(), secure.message());
      out->api_url = *url;
      continue;
    } else if (key == "entities" || key == "enterprise_ids" || key == "chain_ids") {
      Result<std::vector<std::string>> list = Strings(v, full);
      if (!list.ok()) return list.status();
      if (key == "entities") MEWS_RETURN_IF_ERROR(CheckEntities(*this, v, full, *list));
      if (key != "entities") MEWS_RETURN_IF_ERROR(CheckIds(*this, v, full, *list));
      (key == "entities" ? out->entities : key == "chain_ids" ? out->chain_ids : out->enterprise_ids) = *list;
      continue;
    } else {
      return Error(k.source(), "unknown key '" + full + "' (access_token_env, access_token_file, entities, "
                               "enterprise_ids, chain_ids, api_url, language)");
    }
    if (!token.ok()) return token.status();
    out->access_token = *token;
    ++token_sources;
  }
  if (token_sources != 1) {
    return Error(node.source(), prefix + ": give exactly one of access_token_env and access_token_file");
  }
  return Status::Ok();
}

Status ConfigReader::Top(const toml::table& root, SyncConfig* out) const {
  std::string client_env = "MEWS_CLIENT_TOKEN";
  const toml::node* client_node = nullptr;
  for (const auto& [k, v] : root) {
    const std::string key = std::string(k.str());
    if (IsTokenKey(key)) {
      return Error(k.source(), key + ": tokens are never written in the config file; use client_token_env");
    } else if (key == "database") {
      Result<std::string> db = String(v, key);
      if (!db.ok()) return db.status();
      MEWS_RETURN_IF_ERROR(NoNul(v, key, *db, "the URL"));
      out->database = *db;
    } else if (key == "client_token_env") {
      Result<std::string> env = String(v, key);
      if (!env.ok()) return env.status();
      MEWS_RETURN_IF_ERROR(VariableName(v, key, *env));
      client_env = *env;
      client_node = &v;
    } else if (key == "connections") {
      const toml::table* conns = v.as_table();
      if (!conns || conns->empty()) return Error(v.source(), "connections: expected [connections.NAME] tables");
      for (const auto& [name, c] : *conns) {
        ConnectionConfig cc;
        MEWS_RETURN_IF_ERROR(Connection(std::string(name.str()), c, &cc));
        out->connections.push_back(std::move(cc));
      }
    } else {
      return Error(k.source(), "unknown key '" + Shown(key) + "' (database, client_token_env, connections)");
    }
  }
  if (out->connections.empty()) return Error(root.source(), "no [connections.NAME] table");
  const char* client = std::getenv(client_env.c_str());
  if (!client || !*client) {
    return client_node ? Error(client_node->source(), "client_token_env: environment variable " + Shown(client_env) +
                                                          " is not set")
                       : Status::InvalidArgument(path_ + ": environment variable " + client_env +
                                                 " (the client token) is not set");
  }
  out->client_token = client;
  return Status::Ok();
}

}  // namespace

Result<SyncConfig> LoadSyncConfig(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(path + ":" + std::to_string(e.source().begin.line) + ": " +
                                   Shown(e.description()));  // toml++ quotes what it saw, '\n' too
  }
  SyncConfig out;
  MEWS_RETURN_IF_ERROR(ConfigReader(path).Top(root, &out));
  return out;
}

}  // namespace mews
