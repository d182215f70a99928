// The Redis model rules run on: every directive in processing order (includes expanded in place),
// and the effective configuration the server would end up with, decoded as the server decodes it.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "parse/redis/directive_table.hpp"
#include "parse/redis/target.hpp"

namespace cachelint::redis {

struct Arg {
    std::string value;  // decoded (quotes and escapes applied)
    Span span;          // the raw bytes in the file
};

struct Directive {
    std::string name;  // lower-cased, as written (may be an alias)
    std::string canonical;  // alias resolved ("slaveof" -> "replicaof")
    Span name_span;
    Span line_span;    // the whole trimmed line
    std::vector<Arg> args;
    bool from_include = false;
    // false when the server would reject this line (a fatal finding was reported), or when its value is
    // an unfilled placeholder: either way the effective value is unknown to the rules.
    bool accepted = true;
    bool placeholder = false;  // the value is a template/installer placeholder, left unchecked (RC009 note)

    Span args_span() const;  // from the first to the last argument (the name when there is none)
};

enum class Role { unknown, cache, store, queue, session };
std::string_view to_string(Role r);

struct SavePoint {
    long long seconds, changes;
};

struct BufferLimit {
    uint64_t hard = 0, soft = 0;
    long long soft_seconds = 0;
    const Directive* set_by = nullptr;  // nullptr: the compiled-in default
};

struct User {
    std::string name;
    std::vector<std::string> rules;
    const Directive* directive = nullptr;
};

struct Config {
    Target target;
    std::string target_reason;  // "--redis-version", "# cachelint: redis-version=...", "inferred from ..."
    const SourceFile* main = nullptr;
    bool live = false;          // read from `CONFIG GET *` output, not from a file
    bool refused = false;       // the server would refuse to start with this configuration
    // Refusals that depend on the host, not on the file: "the included '/etc/x.conf' is missing", "built
    // without Redis's bundled jemalloc", "the placeholder is not filled in". Reported as notes; a test run
    // on a host where these hold (the Debian server of the differential tests) expects a refusal.
    std::vector<std::string> refused_if;
    std::vector<const Directive*> unresolved_includes;  // include targets that are not in the checked tree

    std::deque<Directive> directives;  // processing order, includes expanded (stable addresses)

    // Effective configuration --------------------------------------------------------------
    // Last accepted occurrence of each canonical table directive.
    std::map<std::string, const Directive*, std::less<>> last;
    // Every accepted occurrence, in order, by canonical name.
    std::map<std::string, std::vector<const Directive*>, std::less<>> occurrences;

    std::vector<SavePoint> save;             // effective snapshot schedule
    bool save_explicit = false;              // some `save` line changed the defaults
    std::vector<const Directive*> save_lines;
    BufferLimit buffer_limits[3];            // normal, replica, pubsub
    std::vector<std::string> bind;           // effective bind addresses ("" list when unset = all interfaces)
    bool bind_set = false;
    std::vector<User> users;
    std::map<std::string, std::string> renamed_commands;  // lower-case source -> new name ("" = disabled)
    std::vector<const Directive*> modules;                // loadmodule lines

    // Context the file does not contain ------------------------------------------------------
    Role role = Role::unknown;
    std::string role_reason;  // why this role was assumed, quoted in messages
    std::optional<uint64_t> memory_bytes;  // --memory: RAM or container limit, when known
    std::map<std::string, std::string> pragmas;  // `# cachelint: key=value` lines

    // Accessors: effective value as CONFIG GET would print it (the target's default when unset).
    const Directive* find(std::string_view canonical) const;
    std::string value(std::string_view canonical) const;
    bool is_set(std::string_view canonical) const { return find(canonical) != nullptr; }
    // Some line for this setting was refused by the server: its effective value is unknown, so rules
    // must not reason about it as if it were absent.
    bool rejected(std::string_view canonical) const;
    bool any_rejected(std::initializer_list<std::string_view> canonicals) const;
    std::optional<bool> boolean(std::string_view canonical) const;
    std::optional<long long> integer(std::string_view canonical) const;
    std::optional<uint64_t> memory(std::string_view canonical) const;  // memory directives, in bytes
    // CONFIG GET formatting for the special directives (save, client-output-buffer-limit, bind...).
    std::string config_get(std::string_view canonical) const;
};

// Value decoders that follow Redis's own parsers (util.c memtoull/memtoll, string2ll, yesnotoi).
std::optional<uint64_t> parse_memory(std::string_view s, const Target& t);  // nullopt = not a memory value
bool memory_has_digits(std::string_view s);
std::optional<long long> parse_integer(std::string_view s);                 // string2ll
std::optional<bool> parse_yes_no(std::string_view s);
// A value that a template engine or an installer fills in later (${VAR}, {{ var }}, <%= x %>, @VAR@,
// and, where a number is expected, SEDREDISMAXMEM): unknown, never invalid.
bool looks_like_placeholder(std::string_view v, bool numeric = false);

}  // namespace cachelint::redis
