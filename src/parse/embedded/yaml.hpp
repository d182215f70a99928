// A YAML document as the embedded readers need it, built with libfyaml: every scalar keeps the byte range
// of its token in the file (quotes and block headers included), so values can be read at their own
// positions. Aliases are resolved and merge keys (`<<: *x`) applied; explicit keys win over merged ones.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachelint::embedded {

enum class ScalarStyle { plain, single_quoted, double_quoted, literal, folded };

struct YPair;

struct YNode {
    enum Kind { null, scalar, mapping, sequence } kind = null;
    std::string value;  // scalars: the decoded value
    ScalarStyle style = ScalarStyle::plain;
    uint32_t begin = 0, end = 0;  // scalars: the token's bytes in the file
    std::vector<YPair> pairs;  // mapping (a struct, not std::pair: YNode is incomplete here)
    std::vector<YNode> items;                   // sequence

    bool is_scalar() const { return kind == scalar; }
    bool is_map() const { return kind == mapping; }
    bool is_seq() const { return kind == sequence; }
    const YNode* get(std::string_view key) const;  // mapping value by scalar key, or nullptr
    const YNode* key_of(std::string_view key) const;  // the key node itself
    std::string str(std::string_view key) const;  // a scalar child's value, "" otherwise
};

struct YPair {
    YNode key, value;
};

struct YamlStream {
    std::vector<YNode> documents;
    std::optional<std::string> error;  // the parser's reason, when the file is not valid YAML
};

YamlStream parse_yaml(std::string_view text);

// The decoded characters of a scalar, each with the file offset it comes from (for a quoted scalar, the
// escape's first byte). Block scalars give their content lines; line breaks count as white space.
struct Mapped {
    std::string text;
    std::vector<uint32_t> at;
    std::vector<bool> opaque;  // set later by variable expansion
    void push(char c, uint32_t offset, bool o = false) {
        text += c;
        at.push_back(offset);
        opaque.push_back(o);
    }
};
Mapped map_scalar(const YNode& n, std::string_view file);

// The content lines of a block scalar (| or >): byte ranges [begin, end) of each line's content in the
// file, with the indentation removed. `folds` is set when a folded block would join two of its lines
// (then the value is not line-for-line what the file shows).
struct BlockLines {
    std::vector<std::pair<uint32_t, uint32_t>> lines;
    bool folds = false;
};
std::optional<BlockLines> block_lines(const YNode& n, std::string_view file);

}  // namespace cachelint::embedded
