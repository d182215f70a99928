// Which server the configuration is for: Redis 6.2-7.4, Valkey 8.0, KeyDB 6.3. Validity, defaults
// and parser behaviour all depend on it.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cachelint::redis {

enum class Flavor { redis, valkey, keydb };

struct Target {
    Flavor flavor = Flavor::redis;
    int major = 7, minor = 4;
    int column = 3;  // column in data/directives.tsv (0 = redis-6.2 ... 5 = keydb-6.3)

    // 6.2 and KeyDB dispatch through a hard-coded if/else chain with different arity rules.
    bool legacy_parser() const { return flavor == Flavor::keydb || (flavor == Flavor::redis && major < 7); }
    bool at_least(int maj, int min) const {  // Redis-compatible version (Valkey 8 counts as >= 7.2)
        if (flavor == Flavor::valkey) return true;
        if (flavor == Flavor::keydb) return maj < 6 || (maj == 6 && min <= 2);
        return major > maj || (major == maj && minor >= min);
    }
    std::string name() const;  // "redis-7.0", "valkey-8.0", "keydb-6.3"
};

// Accepts 6.2, 7.0, 7.2, 7.4, redis-7.0, valkey, valkey-8.0, keydb, keydb-6.3.
std::optional<Target> parse_target(std::string_view s);
Target newest_target();
std::span<const std::string_view> target_names();

}  // namespace cachelint::redis
