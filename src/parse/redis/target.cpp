#include "parse/redis/target.hpp"

#include "core/text.hpp"

namespace cachelint::redis {

namespace {
constexpr std::string_view kNames[] = {"6.2", "7.0", "7.2", "7.4", "valkey-8.0", "keydb-6.3"};
}

std::string Target::name() const {
    switch (flavor) {
        case Flavor::valkey: return "valkey-8.0";
        case Flavor::keydb: return "keydb-6.3";
        case Flavor::redis: break;
    }
    return "redis-" + std::to_string(major) + "." + std::to_string(minor);
}

std::optional<Target> parse_target(std::string_view raw) {
    std::string s = to_lower(raw);
    if (s.rfind("redis-", 0) == 0) s = s.substr(6);
    if (s == "valkey" || s == "valkey-8" || s == "valkey-8.0") return Target{Flavor::valkey, 8, 0, 4};
    if (s == "keydb" || s == "keydb-6" || s == "keydb-6.3") return Target{Flavor::keydb, 6, 3, 5};
    if (s == "6.2" || s == "6") return Target{Flavor::redis, 6, 2, 0};
    if (s == "7.0" || s == "7") return Target{Flavor::redis, 7, 0, 1};
    if (s == "7.2") return Target{Flavor::redis, 7, 2, 2};
    if (s == "7.4") return Target{Flavor::redis, 7, 4, 3};
    return std::nullopt;
}

Target newest_target() { return Target{Flavor::redis, 7, 4, 3}; }

std::span<const std::string_view> target_names() { return kNames; }

}  // namespace cachelint::redis
