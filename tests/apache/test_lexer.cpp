// httpd's line reader and word splitter, checked on the cases verified against apache2 2.4 (evidence a1..a5).
#include <catch2/catch.hpp>

#include "parse/apache/lexer.hpp"

using namespace cachelint::apache;

namespace {
std::vector<std::string> lines(std::string_view text) {
    LineReader r(text);
    LogicalLine ln;
    std::vector<std::string> out;
    while (r.next(ln)) out.push_back(ln.text);
    return out;
}
std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    for (auto& w : split_words(s)) out.push_back(w.value);
    return out;
}
}  // namespace

TEST_CASE("apache: backslash-newline joins lines, a backslash before a space does not", "[apache][lexer]") {
    CHECK(lines("CacheEnable \\\n   disk \\\r\n   /\n") == std::vector<std::string>{"CacheEnable    disk    /"});
    CHECK(lines("CacheEnable \\ \n   disk /\n") == std::vector<std::string>{"CacheEnable \\", "disk /"});
    // A comment ending in a backslash swallows the next line.
    CHECK(lines("# note \\\nBogus x\nNext\n") == std::vector<std::string>{"# note Bogus x", "Next"});
}

TEST_CASE("apache: ap_getword_conf quoting", "[apache][lexer]") {
    CHECK(words("Header set Y foo\"bar baz\"") == std::vector<std::string>{"Header", "set", "Y", "foo\"bar", "baz\""});
    CHECK(words("A \"x \\\" y\" 'a\\\\b' c\\\\d e\\f") == std::vector<std::string>{"A", "x \" y", "a\\b", "c\\d", "e\\f"});
    CHECK(words("A \"unterminated rest") == std::vector<std::string>{"A", "unterminated rest"});
    CHECK(words("CacheEnable disk / # comment") == std::vector<std::string>{"CacheEnable", "disk", "/", "#", "comment"});
}

TEST_CASE("apache: ${VAR} is substituted on the whole line; undefined stays literal", "[apache][lexer]") {
    LogicalLine ln;
    LineReader("${X} ${UNDEF} $x ${\n").next(ln);
    const std::string value = "CacheDefaultExpire 5";
    bool changed = resolve_env(ln, [&](std::string_view n) -> const std::string* { return n == "X" ? &value : nullptr; });
    CHECK(changed);
    CHECK(ln.text == "CacheDefaultExpire 5 ${UNDEF} $x ${");
    CHECK(ln.src.size() == ln.text.size() + 1);
}

TEST_CASE("apache: a NUL byte ends the line's content, as httpd's strlen() sees it", "[apache][lexer]") {
    // Verified with apache2 -t: "Include \0\0abc/x.conf" is "Include takes one argument".
    using namespace std::string_literals;
    CHECK(lines("Include \0\0abc/x.conf\nNext\n"s) == std::vector<std::string>{"Include", "Next"});
    // The LF after the NUL is unseen, so a backslash before it does not continue the line.
    CHECK(lines("A b\0c \\\nNext\n"s) == std::vector<std::string>{"A b", "Next"});
}
