// primaryLocationLineHash against the test vectors of codeql-action's src/fingerprints.test.ts, the
// implementation GitHub runs on upload: equal values mean code scanning keeps one alert per problem.
#include <catch2/catch.hpp>

#include "core/line_hash.hpp"

using cachelint::primary_location_line_hashes;
using Hashes = std::vector<std::string>;

TEST_CASE("primaryLocationLineHash matches GitHub's test vectors", "[sarif][unit]") {
    CHECK(primary_location_line_hashes("") == Hashes{"c129715d7a2bc9a3:1"});
    CHECK(primary_location_line_hashes(" a\nb\n  \t\tc\n d") ==
          Hashes{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"});
    CHECK(primary_location_line_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End") ==
          Hashes{"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
                 "b86d3392aea1be30:1", "e6ceba753e1a442:1"});
    const Hashes trailing_newline{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
                                  "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"};
    // LF, CR, CRLF and a mix of them are the same file.
    CHECK(primary_location_line_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n") == trailing_newline);
    CHECK(primary_location_line_hashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r") == trailing_newline);
    CHECK(primary_location_line_hashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n") == trailing_newline);
    CHECK(primary_location_line_hashes(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n") == trailing_newline);
    // Identical lines: the occurrence count tells them apart.
    std::string lorem;
    for (int i = 0; i < 10; ++i) lorem += "Lorem ipsum dolor sit amet.\n";
    CHECK(primary_location_line_hashes(lorem) ==
          Hashes{"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
                 "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
                 "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"});
}

TEST_CASE("primaryLocationLineHash: one value per line whatever the bytes", "[sarif][unit]") {
    // Non-ASCII and invalid UTF-8 do not change the line count.
    CHECK(primary_location_line_hashes("caf\xc3\xa9\n\xff\xfe\n\xf0\x9f\x98\x80\n").size() == 4);
    CHECK(primary_location_line_hashes("a\nb").size() == 2);
}
