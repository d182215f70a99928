// SourceFile parse views: a masked file keeps offsets, lines and columns; reports quote the bytes on disk;
// unknown values (template placeholders) are found by span.
#include <catch2/catch.hpp>

#include "core/source.hpp"

using namespace cachelint;

TEST_CASE("a masked file: parsers read the view, reports quote the file, positions are the file's", "[source]") {
    SourceFile f("redis.conf.j2", "maxmemory {{ mm }}\n{% if x %}\nport 1\n");
    REQUIRE_FALSE(f.masked());
    f.mask("maxmemory ________\n          \nport 1\n", {{10, 18}});
    CHECK(f.masked());
    CHECK(f.text().substr(0, 18) == "maxmemory ________");
    CHECK(f.shown_line_text(1) == "maxmemory {{ mm }}");
    CHECK(f.line_text(2) == "          ");
    CHECK(f.shown_line_text(2) == "{% if x %}");
    CHECK(f.position(30).line == 3);
    CHECK(f.touches_opaque(10, 18));
    CHECK(f.touches_opaque(0, 11));   // a span that reaches into the placeholder
    CHECK(f.touches_opaque(12, 12));  // an empty span inside it
    CHECK_FALSE(f.touches_opaque(0, 10));
    CHECK_FALSE(f.touches_opaque(18, 25));
}

TEST_CASE("a parse view must keep the file's length and line breaks", "[source]") {
    SourceFile f("a.conf", "a\nb\n");
    CHECK_THROWS(f.mask("a\nb", {}));
    CHECK_THROWS(f.mask("a b\n", {}));
    CHECK(f.text() == "a\nb\n");
}

TEST_CASE("conditional_at: the innermost {% if %} range holding an offset, in any order the ranges come", "[source]") {
    SourceFile f("t.conf.j2", std::string(100, 'x'));
    // Closed inner-first, as the template scanner closes them: [40,50) inside [10,90); [95,99) apart.
    f.set_conditional({{40, 50}, {95, 99}, {10, 90}});
    CHECK(f.conditional_at(5) == nullptr);
    REQUIRE(f.conditional_at(12));
    CHECK(f.conditional_at(12)->begin == 10);
    REQUIRE(f.conditional_at(45));
    CHECK(f.conditional_at(45)->begin == 40);  // the inner one, not the outer
    REQUIRE(f.conditional_at(60));
    CHECK(f.conditional_at(60)->begin == 10);  // after the inner one ended: the outer again
    CHECK(f.conditional_at(92) == nullptr);
    REQUIRE(f.conditional_at(95));
    CHECK(f.conditional_at(95)->begin == 95);
    CHECK(f.conditional_at(99) == nullptr);     // end is exclusive
}
