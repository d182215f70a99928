#include "parse/embedded/yaml.hpp"

#include <libfyaml.h>

namespace cachelint::embedded {

const YNode* YNode::get(std::string_view key) const {
    if (kind != mapping) return nullptr;
    for (const auto& [k, v] : pairs)
        if (k.kind == scalar && k.value == key) return &v;
    return nullptr;
}

const YNode* YNode::key_of(std::string_view key) const {
    if (kind != mapping) return nullptr;
    for (const auto& [k, v] : pairs)
        if (k.kind == scalar && k.value == key) return &k;
    return nullptr;
}

std::string YNode::str(std::string_view key) const {
    const YNode* n = get(key);
    return n && n->kind == scalar ? n->value : std::string();
}

namespace {

// Aliases can multiply a small file into a huge tree ("billion laughs"): conversion stops at this many nodes.
constexpr size_t kMaxNodes = 200000;
constexpr size_t kMaxYamlBytes = 1u << 20;

struct Converter {
    size_t nodes = 0;
    bool overflow = false;

    YNode convert(fy_node* n, int depth) {
        YNode out;
        if (!n || depth > 64 || ++nodes > kMaxNodes) {
            overflow = overflow || nodes > kMaxNodes;
            return out;
        }
        if (fy_node_is_alias(n)) {
            fy_node* target = fy_node_resolve_alias(n);
            return target && target != n ? convert(target, depth + 1) : out;
        }
        switch (fy_node_get_type(n)) {
        case FYNT_SCALAR: {
            size_t len = 0;
            const char* v = fy_node_get_scalar(n, &len);
            out.kind = YNode::scalar;
            if (v) out.value.assign(v, len);
            if (fy_token* t = fy_node_get_scalar_token(n)) {
                if (const fy_mark* m = fy_token_start_mark(t)) out.begin = static_cast<uint32_t>(m->input_pos);
                if (const fy_mark* m = fy_token_end_mark(t)) out.end = static_cast<uint32_t>(m->input_pos);
                switch (fy_token_scalar_style(t)) {
                case FYSS_SINGLE_QUOTED: out.style = ScalarStyle::single_quoted; break;
                case FYSS_DOUBLE_QUOTED: out.style = ScalarStyle::double_quoted; break;
                case FYSS_LITERAL: out.style = ScalarStyle::literal; break;
                case FYSS_FOLDED: out.style = ScalarStyle::folded; break;
                default: out.style = ScalarStyle::plain; break;
                }
            }
            if (out.style == ScalarStyle::plain && (out.value.empty() || out.value == "~" || out.value == "null"))
                out.kind = YNode::null;
            return out;
        }
        case FYNT_SEQUENCE: {
            out.kind = YNode::sequence;
            void* it = nullptr;
            while (fy_node* item = fy_node_sequence_iterate(n, &it)) out.items.push_back(convert(item, depth + 1));
            return out;
        }
        case FYNT_MAPPING: {
            out.kind = YNode::mapping;
            std::vector<YNode> merged;
            void* it = nullptr;
            while (fy_node_pair* p = fy_node_mapping_iterate(n, &it)) {
                YNode k = convert(fy_node_pair_key(p), depth + 1);
                YNode v = convert(fy_node_pair_value(p), depth + 1);
                if (k.kind == YNode::scalar && k.value == "<<" && k.style == ScalarStyle::plain) {
                    if (v.is_map()) merged.push_back(std::move(v));
                    else if (v.is_seq())
                        for (auto& m : v.items)
                            if (m.is_map()) merged.push_back(std::move(m));
                    continue;
                }
                out.pairs.push_back(YPair{std::move(k), std::move(v)});
            }
            // Merge keys: the first mapping that has a key wins, and explicit keys win over all of them.
            for (auto& m : merged)
                for (auto& [k, v] : m.pairs)
                    if (k.kind != YNode::scalar || !out.get(k.value)) out.pairs.push_back(YPair{std::move(k), std::move(v)});
            return out;
        }
        }
        return out;
    }
};

}  // namespace

YamlStream parse_yaml(std::string_view text) {
    YamlStream out;
    // Compose files, manifests and values files are kilobytes; a YAML parser's time and memory grow with
    // pathological inputs (a million complex keys), so a file this large is skipped with the reason.
    if (text.size() > kMaxYamlBytes) {
        out.error = "larger than " + std::to_string(kMaxYamlBytes >> 20) + " MiB, not read as YAML";
        return out;
    }
    // Explicit keys ('? ') by the thousand make the parser's duplicate-key checks quadratic; real files have none.
    size_t explicit_keys = 0;
    for (size_t i = 0; i + 1 < text.size(); ++i)
        if (text[i] == '?' && (text[i + 1] == ' ' || text[i + 1] == '\n') && (i == 0 || text[i - 1] == '\n' || text[i - 1] == ' '))
            if (++explicit_keys > 1000) {
                out.error = "more than 1000 explicit keys ('? '), not read as YAML";
                return out;
            }
    // Diagnostics are collected, never printed: a file that is not YAML is a skip with a reason.
    fy_diag_cfg dcfg{};
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = nullptr;
    dcfg.output_fn = [](fy_diag*, void*, const char*, size_t) {};
    dcfg.colorize = false;
    fy_diag* diag = fy_diag_create(&dcfg);
    fy_parse_cfg cfg{};
    // PyYAML (what docker-compose v1 and most tools load with) accepts flow collections whose closing
    // bracket is less indented; so does the sloppy mode.
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_ALLOW_DUPLICATE_KEYS |
                                                FYPCF_SLOPPY_FLOW_INDENTATION);
    cfg.diag = diag;
    fy_parser* p = fy_parser_create(&cfg);
    if (!p) {
        if (diag) fy_diag_unref(diag);
        out.error = "cannot create the YAML parser";
        return out;
    }
    if (fy_parser_set_string(p, text.data(), text.size()) != 0) {
        fy_parser_destroy(p);
        if (diag) fy_diag_unref(diag);
        out.error = "cannot read the file as YAML";
        return out;
    }
    Converter conv;
    while (fy_document* d = fy_parse_load_document(p)) {
        out.documents.push_back(conv.convert(fy_document_root(d), 0));
        fy_parse_document_destroy(p, d);
        if (conv.overflow) {
            out.error = "more than " + std::to_string(kMaxNodes) + " nodes once aliases are expanded";
            break;
        }
    }
    if (!out.error && fy_parser_get_stream_error(p)) {
        out.error = "not valid YAML";
        // The collected diagnostic names the place.
        if (fy_diag* d = fy_parser_get_diag(p)) {
            void* it = nullptr;
            if (fy_diag_error* e = fy_diag_errors_iterate(d, &it))
                if (e->msg) out.error = "not valid YAML: line " + std::to_string(e->line + 1) + ": " + e->msg;
            fy_diag_unref(d);
        }
    }
    fy_parser_destroy(p);
    if (diag) fy_diag_unref(diag);
    return out;
}

std::optional<BlockLines> block_lines(const YNode& n, std::string_view file) {
    if (n.kind != YNode::scalar || (n.style != ScalarStyle::literal && n.style != ScalarStyle::folded)) return std::nullopt;
    // libfyaml's token starts at the first content line; the header (| or >, then an indentation indicator
    // and a chomping indicator in either order) is on the line before it.
    if (n.begin == 0 || n.begin > file.size()) return std::nullopt;
    size_t pos = n.begin;
    if (file[pos - 1] != '\n') {  // an empty block ends on its header line
        return BlockLines{};
    }
    const size_t hdr_end = pos - 1;
    const size_t hdr_start = hdr_end == 0 ? 0 : (file.rfind('\n', hdr_end - 1) == std::string_view::npos ? 0 : file.rfind('\n', hdr_end - 1) + 1);
    const std::string_view header = file.substr(hdr_start, hdr_end - hdr_start);
    size_t parent_indent = 0;
    while (parent_indent < header.size() && header[parent_indent] == ' ') ++parent_indent;
    size_t explicit_indent = 0;
    const size_t bar = header.find_last_of(n.style == ScalarStyle::literal ? '|' : '>');
    if (bar != std::string_view::npos)
        for (size_t i = bar + 1; i < header.size() && i < bar + 3; ++i)
            if (header[i] >= '1' && header[i] <= '9') explicit_indent = static_cast<size_t>(header[i] - '0');
    const size_t end = std::min<size_t>(std::max<size_t>(n.end, pos), file.size());
    BlockLines out;
    size_t indent = explicit_indent ? parent_indent + explicit_indent : 0;
    // A document's top-level block (`--- |`) has parent indentation -1; auto-detection covers it.
    bool prev_text = false;  // the previous line was a non-empty, not more-indented line (folding joins)
    while (pos < end) {
        size_t eol = file.find('\n', pos);
        if (eol == std::string_view::npos || eol > end) eol = end;
        size_t e = eol;
        if (e > pos && file[e - 1] == '\r') --e;
        size_t sp = 0;
        while (pos + sp < e && file[pos + sp] == ' ') ++sp;
        if (pos + sp == e) {  // an empty line (or only spaces)
            prev_text = false;
        } else {
            if (indent == 0) indent = sp;
            if (sp < indent) break;  // the block ended
            const bool more = sp > indent || file[pos + sp] == '\t';
            if (n.style == ScalarStyle::folded && prev_text && !more) out.folds = true;
            prev_text = !more;
            out.lines.emplace_back(static_cast<uint32_t>(pos + indent), static_cast<uint32_t>(e));
        }
        pos = eol + 1;
    }
    return out;
}

Mapped map_scalar(const YNode& n, std::string_view file) {
    Mapped m;
    if (n.kind != YNode::scalar || n.end > file.size() || n.begin >= n.end) {
        // No token range (should not happen): the value alone, at the node's start.
        for (char c : n.value) m.push(c, n.begin);
        return m;
    }
    switch (n.style) {
    case ScalarStyle::literal:
    case ScalarStyle::folded: {
        auto bl = block_lines(n, file);
        if (!bl) break;
        for (const auto& [b, e] : bl->lines) {
            for (uint32_t i = b; i < e; ++i) m.push(file[i], i);
            m.push('\n', e);
        }
        return m;
    }
    case ScalarStyle::plain:
        for (uint32_t i = n.begin; i < n.end; ++i) m.push(file[i] == '\r' ? ' ' : file[i], i);
        return m;
    case ScalarStyle::single_quoted:
        for (uint32_t i = n.begin; i < n.end; ++i) {
            if (file[i] == '\'' && i + 1 < n.end && file[i + 1] == '\'') {
                m.push('\'', i);
                ++i;
            } else {
                m.push(file[i] == '\r' ? ' ' : file[i], i);
            }
        }
        return m;
    case ScalarStyle::double_quoted:
        for (uint32_t i = n.begin; i < n.end; ++i) {
            if (file[i] == '\\' && i + 1 < n.end) {
                const char c = file[i + 1];
                const char* simple = "0abtnvfre \"/\\N_LP\t";
                const char* repl = "\0\a\b\t\n\v\f\r\x1b \"/\\   \t";
                if (const char* p = std::char_traits<char>::find(simple, 18, c)) {
                    m.push(repl[p - simple], i);
                    ++i;
                    continue;
                }
                if (c == '\n') {  // an escaped line break joins lines
                    ++i;
                    continue;
                }
                // \xNN, \uNNNN, \UNNNNNNNN: rare in commands; the code point's bytes from the decoded value are
                // not recovered here, the escape reads as one opaque character.
                m.push('?', i, true);
                size_t skip = c == 'x' ? 3 : c == 'u' ? 5 : c == 'U' ? 9 : 1;
                i += static_cast<uint32_t>(std::min<size_t>(skip, n.end - 1 - i));
                continue;
            }
            m.push(file[i] == '\r' ? ' ' : file[i], i);
        }
        return m;
    }
    for (char c : n.value) m.push(c, n.begin);
    return m;
}

}  // namespace cachelint::embedded
