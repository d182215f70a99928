// HAProxy's parse_line() rules, each checked against behaviour verified with haproxy 2.6 -c
// (webcache.md §1.3 and the differential fixtures).
#include <catch2/catch.hpp>

#include <string>

#include "parse/haproxy/tokenizer.hpp"
#include "support/run.hpp"

using namespace cachelint::haproxy;

namespace {
std::vector<std::string> values(const SplitResult& r) {
    std::vector<std::string> out;
    for (const auto& w : r.words) out.push_back(w.value);
    return out;
}
}  // namespace

TEST_CASE("haproxy tokenizer: comments, quotes, escapes", "[haproxy][tokenizer]") {
    CHECK(values(split_line("set-header X-A a#b")) == std::vector<std::string>{"set-header", "X-A", "a"});
    CHECK(values(split_line("set-header X-B \"a#b\"")) == std::vector<std::string>{"set-header", "X-B", "a#b"});
    CHECK(values(split_line("x foo\"bar baz\"")) == std::vector<std::string>{"x", "foobar baz"});
    CHECK(values(split_line("x a\\ b\\#c")) == std::vector<std::string>{"x", "a b#c"});
    CHECK(values(split_line("x '${V}'")) == std::vector<std::string>{"x", "${V}"});
    CHECK(values(split_line("x \\q")) == std::vector<std::string>{"x", "\\q"});  // not an escape: kept
    CHECK(values(split_line("x \\x41")) == std::vector<std::string>{"x", "A"});
    CHECK(values(split_line("x \"\" y")) == std::vector<std::string>{"x", "", "y"});
    CHECK(values(split_line("x y \"\"")) == std::vector<std::string>{"x", "y"});  // no empty last word
    CHECK(values(split_line("x y\r z")) == std::vector<std::string>{"x", "y"});  // '\r' ends the line
    auto env = split_line("x \"${HOME}\" ${HOME}");
    REQUIRE(env.words.size() == 3);
    CHECK(env.words[1].env);
    CHECK_FALSE(env.words[2].env);  // bare ${V} is literal outside double quotes
}

TEST_CASE("haproxy tokenizer: errors haproxy -c reports", "[haproxy][tokenizer]") {
    CHECK(split_line("x \"abc").error == SplitError::quote);
    CHECK(split_line("x 'abc").error == SplitError::quote);
    CHECK(split_line("x \\xZ1").error == SplitError::hex);
    CHECK(split_line("x \"$5\"").error == SplitError::varname);
    CHECK(split_line("x \"${.FOO}\"").error == SplitError::varname);
    CHECK(split_line("x \"${.LINE}\"").error == SplitError::none);
    CHECK(split_line("x \"${abc\"").error == SplitError::brace);
    CHECK(split_line("x \"${A[x]}\"").error == SplitError::expand);
    CHECK(split_line("x \"${A-def}\"").error == SplitError::none);
    std::string line = "w";
    for (int i = 1; i < 64; ++i) line += " w";
    CHECK(split_line(line).error == SplitError::none);  // 64 words: accepted
    CHECK(split_line(line + " w").error == SplitError::too_many);
}

TEST_CASE("haproxy: huge lines and binary input do not crash", "[haproxy][robustness]") {
    using namespace cachelint::test;
    std::string big = "global\n  " + std::string(2'000'000, 'a') + "\n" + std::string("\0\x01\x02", 3) + "\n";
    auto r = run_cachelint("check --format concise --fail-on never --dialect haproxy -", "", big);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("HAP901") != std::string::npos);  // the NUL byte
}
