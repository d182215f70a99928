// Shared predicates of the Redis rule families (redis-memcached.md §4.0): where a directive is,
// what role was assumed and why, and the derived facts EXPOSED, PERSISTENCE_ON, REPLICATION_ON,
// DEFAULT_USER_HAS_PASSWORD and PROTECTED_MODE_EFFECTIVE.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/finding.hpp"
#include "parse/redis/config.hpp"

namespace cachelint::redis::rules {

// Where to point for a directive: its value when set, else the start of the main file (the default
// applies because the line is absent).
Span at(const Config& c, std::string_view canonical);
Span file_start(const Config& c);
// The first of these directives that is set, else the start of the file.
Span at_first(const Config& c, std::initializer_list<std::string_view> canonical);
// The directive's value as written ("maxmemory 100mb") for messages, or "no 'x' line (default y)".
std::string shown(const Config& c, std::string_view canonical);
bool secret(std::string_view canonical);
// Files named as templates (.j2, .erb, .tpl...): placeholders there are by design.
bool template_file(std::string_view path);  // requirepass, masterauth: never quoted

// "role cache (inferred from ...)": always quoted when advice depends on the role.
std::string role_phrase(const Config& c);
// The role was stated by the user (--role, project config, pragma), not guessed from heuristics.
bool role_declared(const Config& c);

bool persistence_on(const Config& c);   // effective save list non-empty or appendonly yes
bool is_replica(const Config& c);       // replicaof <host> <port> (not "no one")
bool replication_on(const Config& c);   // replica, min-replicas-to-write > 0, or redis.replication=master
bool listens_tcp(const Config& c);      // port or tls-port non-zero
bool loopback_address(std::string_view addr);
// TCP on a non-loopback address: no bind at all (all interfaces) or any non-loopback address.
bool exposed(const Config& c);
// RFC 1918, shared (100.64/10), link-local and IPv6 unique-local or link-local addresses.
bool private_address(std::string_view addr);
// Exposed beyond a private network: all interfaces (no bind, *, 0.0.0.0, ::) or a public address.
bool exposed_publicly(const Config& c);
std::string exposure_phrase(const Config& c);  // "no 'bind' line: listens on all interfaces" ...

enum class Auth { open, protected_, unknown };
// Can a client that knows no password run commands as the default user?
Auth default_user_auth(const Config& c);
const User* default_user(const Config& c);
// The user's rules end with nopass in force (a later >pw, #hash, resetpass or reset clears it).
bool user_nopass(const User& u);
bool protected_mode_effective(const Config& c);
// project setting redis.exposure=private: the network outside Redis is known to be closed
bool exposure_private(const Config& c);

}  // namespace cachelint::redis::rules
