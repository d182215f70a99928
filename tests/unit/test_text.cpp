// LineCursor is the one line splitter the dialects' sniffers and loaders share: its edge cases (no final
// newline, empty lines, CR kept, offsets) are what each of them used to get right separately.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/text.hpp"

using cachelint::first_few;
using cachelint::LineCursor;

namespace {
struct Seen {
    std::string text;
    size_t start, next;
    bool operator==(const Seen&) const = default;
};
std::vector<Seen> walk(std::string_view text) {
    std::vector<Seen> out;
    LineCursor lines(text);
    for (std::string_view line; lines.next(line);) out.push_back({std::string(line), lines.line_start(), lines.next_start()});
    return out;
}
}  // namespace

TEST_CASE("LineCursor splits on LF, keeps CR and offsets", "[unit]") {
    CHECK(walk("").empty());
    CHECK(walk("\n") == std::vector<Seen>{{"", 0, 1}});
    CHECK(walk("a") == std::vector<Seen>{{"a", 0, 1}});
    CHECK(walk("a\n") == std::vector<Seen>{{"a", 0, 2}});
    CHECK(walk("ab\r\n\ncd") == std::vector<Seen>{{"ab\r", 0, 4}, {"", 4, 5}, {"cd", 5, 7}});
    // A NUL is an ordinary byte here; the dialects decide what it means.
    CHECK(walk(std::string_view("x\0y\nz", 5)) == std::vector<Seen>{{std::string("x\0y", 3), 0, 4}, {"z", 4, 5}});
}

TEST_CASE("first_few names some items and counts the rest", "[unit]") {
    const std::vector<std::string> named = {"a", "b", "c"};
    CHECK(first_few(named, 3) == "a, b, c");
    CHECK(first_few(named, 7) == "a, b, c and 4 more");
    CHECK(first_few(std::vector<std::string>{}, 0).empty());
}
