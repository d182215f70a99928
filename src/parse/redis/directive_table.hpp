// The directives each target version accepts, with type, range and default (data/directives.tsv,
// extracted from each version's config.c), plus enum values and the command table.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parse/redis/target.hpp"

namespace cachelint::redis {

enum class Kind {
    boolean,
    numeric,
    memory,
    memory_or_percent,
    enumeration,
    octal,
    string,
    special,             // parsed by a dedicated setter (save, bind, client-output-buffer-limit, ...)
    keyword,             // include, rename-command, user, loadmodule, sentinel
    deprecated_ignored,  // accepted and silently ignored
    alias,
};

struct DirectiveSpec {
    std::string name;
    Kind kind = Kind::string;
    std::string alias_of;       // for Kind::alias
    int64_t min = 0;            // numeric range (memory too)
    uint64_t max = UINT64_MAX;
    bool has_range = false;
    std::string default_value;  // as CONFIG GET prints it; "" when unset
    std::vector<std::string> enum_values;  // for Kind::enumeration (empty: not validated)
    bool enum_flags = false;               // several values OR-ed (shutdown-on-sig*)
};

// nullptr when the target does not accept the (lower-case) name.
const DirectiveSpec* lookup_directive(const Target& t, std::string_view name);
// Follows an alias to its canonical spec (itself when not an alias).
const DirectiveSpec* canonical_directive(const Target& t, std::string_view name);
// Every name the target accepts (for did-you-mean), and the targets that do accept `name`.
std::vector<std::string_view> directive_names(const Target& t);
std::vector<std::string> targets_accepting(std::string_view name);
bool is_known_command(std::string_view lower_name);
// Whether some target accepts the (lower-case) name: the same answer as targets_accepting(name) being
// non-empty, from a name index that costs a fraction of the full tables (the classifier asks it of every
// file's first lines; a one-file run should not build six targets' specs for that).
bool is_directive_name(std::string_view name);
// Not a directive name, but a near miss of one ("maxmemmory-policy"): RC001 names the one meant.
bool is_misspelt_directive_name(std::string_view name);

}  // namespace cachelint::redis
