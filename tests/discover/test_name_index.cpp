// The classifier asks "is this word a directive?" through light name indexes, not the full directive
// tables (a one-file run should not build them to classify): the indexes must answer exactly as the tables.
#include <catch2/catch.hpp>

#include <string>

#include "core/text.hpp"
#include "parse/apache/directive_table.hpp"
#include "parse/redis/directive_table.hpp"
#include "parse/redis/target.hpp"

using namespace cachelint;

TEST_CASE("name index: redis answers as the six targets' tables do", "[discover][redis]") {
    size_t names = 0;
    for (std::string_view t : redis::target_names()) {
        const auto target = redis::parse_target(t);
        REQUIRE(target);
        for (std::string_view n : redis::directive_names(*target)) {
            INFO(t << " " << n);
            CHECK(redis::is_directive_name(n));
            ++names;
        }
    }
    CHECK(names > 1000);
    for (std::string_view n : {"maxmemoryy", "listen", "server", "", "MAXMEMORY", "proxy_cache"}) {
        INFO(n);
        CHECK(redis::is_directive_name(n) == !redis::targets_accepting(n).empty());
        CHECK_FALSE(redis::is_directive_name(n));
    }
    CHECK(redis::is_directive_name("slaveof"));  // an alias counts: the server accepts it
}

TEST_CASE("name index: apache answers as the directive table does, case-insensitively", "[discover][apache]") {
    size_t names = 0;
    for (std::string_view n : apache::directive_names()) {
        const std::string lower = to_lower(n);
        INFO(n);
        CHECK(apache::is_directive_name(lower));
        CHECK(apache::lookup_directive(lower) != nullptr);
        ++names;
    }
    CHECK(names > 300);
    for (std::string_view n : {"cacheenablee", "maxmemory", "proxy_cache", "", "<locationx"}) {
        INFO(n);
        CHECK(apache::is_directive_name(n) == (apache::lookup_directive(n) != nullptr));
        CHECK_FALSE(apache::is_directive_name(n));
    }
    CHECK(apache::is_directive_name("<location"));
}
