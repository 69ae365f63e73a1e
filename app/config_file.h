// The --config TOML file of `sync`: several connections (a hotel group) in one run. Secrets are
// never in the file: each connection names the environment variable or the file holding its token.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace mews {

struct ConnectionConfig {
  std::string name;                         // the [connections.NAME] table
  std::string access_token;                 // read from access_token_env or access_token_file
  std::vector<std::string> entities;        // validated EntityTypes; empty = the default set
  std::vector<std::string> enterprise_ids;  // Scope.EnterpriseIds of exports/add (portfolio tokens)
  std::vector<std::string> chain_ids;       // Scope.ChainIds
  std::string api_url;                      // "" = MEWS_API_URL, else production
  std::string language;                     // preferred language of reference names; "" = --language
};

struct SyncConfig {
  std::string database;                          // "" when the file has none
  std::string client_token;                      // from client_token_env (default MEWS_CLIENT_TOKEN)
  std::vector<ConnectionConfig> connections;     // ordered by name
};

// Reads and checks `path`. Every problem is InvalidArgument with one line "PATH:LINE: what", naming
// keys and environment variables but never a value: a TOML syntax error, an unknown key, a literal
// token key (access_token, client_token), a value of the wrong type or form, a connection with
// neither or both of access_token_env / access_token_file, a missing or empty variable or file.
Result<SyncConfig> LoadSyncConfig(const std::string& path);

}  // namespace mews
