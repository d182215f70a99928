#include "filter/filter.hpp"

#include <algorithm>

#include "core/dialect.hpp"
#include "core/lint_job.hpp"
#include "core/rule_catalog.hpp"
#include "core/rule_ids.hpp"
#include "filter/settings.hpp"

namespace cachelint {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// The text after an own-line comment marker, or nullopt when the line is not a comment.
std::optional<std::string_view> comment_body(std::string_view line, bool slash_comments, size_t& marker_at) {
    size_t i = 0;
    while (i < line.size() && is_space(line[i])) ++i;
    marker_at = i;
    if (i < line.size() && line[i] == '#') return line.substr(i + 1);
    if (slash_comments && line.substr(i).starts_with("//")) return line.substr(i + 2);
    return std::nullopt;
}

bool blank(std::string_view line) { return trim(line).empty(); }

// Where a trailing comment starts on a directive line: a `#` (or `//`) outside quotes that follows a blank,
// `;`, `{` or `}`. Deliberately narrower than the servers (HAProxy also ends a word at `#`): a false
// "comment" here would let text inside a value suppress findings.
std::optional<size_t> trailing_comment_at(std::string_view line, bool slash_comments) {
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == '\\') ++i;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            continue;
        }
        const bool after_break = i > 0 && (is_space(line[i - 1]) || line[i - 1] == ';' || line[i - 1] == '{' || line[i - 1] == '}');
        if (!after_break) continue;
        if (c == '#') return i + 1;
        if (slash_comments && c == '/' && i + 1 < line.size() && line[i + 1] == '/') return i + 2;
    }
    return std::nullopt;
}

// Rules are matched by id, so `disable=dead-directive` is ended by `enable=RC005`.
std::string canonical_rule(const std::string& raw) {
    const RuleMeta* meta = find_rule(raw);  // nullptr for a split rule's old id: the old id itself pairs the range
    return meta ? std::string(meta->id) : raw;
}

// Ends each `disable` range at the first later `enable` naming the same rule (or a bare `enable`); a
// range nobody ends runs to the end of the file. Records which rules of each `enable` ended a range.
void pair_ranges(std::vector<SuppressionComment>& comments) {
    using Kind = SuppressionComment::Kind;
    std::map<std::string, std::vector<std::pair<size_t, size_t>>> open;  // rule -> (comment, rule index)
    for (size_t c = 0; c < comments.size(); ++c) {
        SuppressionComment& s = comments[c];
        if (s.kind == Kind::range_begin) {
            s.until_line.assign(s.rules.size(), SuppressionComment::kEndOfFile);
            for (size_t r = 0; r < s.rules.size(); ++r) open[canonical_rule(s.rules[r])].push_back({c, r});
        } else if (s.kind == Kind::range_end) {
            auto close = [&](std::vector<std::pair<size_t, size_t>>& ranges) {
                for (auto [bc, br] : ranges) comments[bc].until_line[br] = s.line - 1;
                const bool any = !ranges.empty();
                ranges.clear();
                return any;
            };
            if (s.rules.empty()) {
                for (auto& [rule, ranges] : open) s.closes_any = close(ranges) || s.closes_any;
            } else {
                for (const auto& raw : s.rules) s.closes.push_back(close(open[canonical_rule(raw)]));
            }
        }
    }
}

std::string pragma_name(SuppressionComment::Kind kind) {
    switch (kind) {
        case SuppressionComment::Kind::next_line: return "disable-next-line";
        case SuppressionComment::Kind::whole_file: return "disable-file";
        case SuppressionComment::Kind::range_begin: return "disable";
        case SuppressionComment::Kind::range_end: return "enable";
        case SuppressionComment::Kind::this_line: return "disable";
    }
    return "disable";
}

}  // namespace

std::vector<SuppressionComment> parse_suppressions(std::string_view text, CommentSyntax syntax) {
    std::vector<SuppressionComment> out;
    if (text.find("cachelint:") == std::string_view::npos) return out;  // most files: no line index needed
    const bool slash_comments = syntax.slash;
    struct Line {
        uint32_t begin;
        std::string_view text;
    };
    std::vector<Line> lines;
    for (size_t pos = 0; pos <= text.size();) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        lines.push_back({static_cast<uint32_t>(pos), text.substr(pos, nl - pos)});
        if (nl == text.size()) break;
        pos = nl + 1;
    }
    for (size_t i = 0; i < lines.size(); ++i) {
        size_t marker = 0;
        auto body = comment_body(lines[i].text, slash_comments, marker);
        bool trailing = false;
        if (!body && syntax.trailing && lines[i].text.find("cachelint:") != std::string_view::npos) {
            if (auto at = trailing_comment_at(lines[i].text, slash_comments)) {
                body = lines[i].text.substr(*at);
                marker = *at - (lines[i].text[*at - 1] == '/' ? 2 : 1);
                trailing = true;
            }
        }
        if (!body) continue;
        std::string_view b = trim(*body);
        if (!b.starts_with("cachelint:")) continue;
        b = trim(b.substr(10));
        SuppressionComment s;
        using Kind = SuppressionComment::Kind;
        if (trailing) {
            // After a directive only "this line" makes sense: `disable=` and `disable-line=` both mean it.
            if (b.starts_with("disable-line")) b.remove_prefix(12);
            else if (b.starts_with("disable") && !b.starts_with("disable-")) b.remove_prefix(7);
            else continue;
            s.kind = Kind::this_line;
            s.target_line = static_cast<uint32_t>(i + 1);
        } else if (b.starts_with("disable-next-line")) {
            b.remove_prefix(17);
        } else if (b.starts_with("disable-file")) {
            b.remove_prefix(12);
            s.kind = Kind::whole_file;
        } else if (b.starts_with("disable")) {
            b.remove_prefix(7);
            s.kind = Kind::range_begin;
        } else if (b.starts_with("enable")) {
            b.remove_prefix(6);
            s.kind = Kind::range_end;
        } else {
            continue;  // another pragma (role=, redis-version=, ...): not ours
        }
        if (!b.empty() && !(b[0] == '=' || is_space(b[0]))) continue;  // e.g. "disable-filex"
        if (!b.empty() && b[0] == '=') b.remove_prefix(1);
        b = trim(b);
        std::string_view list = b, reason;
        if (auto dash = b.find("--"); dash != std::string_view::npos) {
            list = trim(b.substr(0, dash));
            reason = trim(b.substr(dash + 2));
        }
        size_t start = 0;
        while (start <= list.size()) {
            size_t comma = list.find(',', start);
            if (comma == std::string_view::npos) comma = list.size();
            std::string_view r = trim(list.substr(start, comma - start));
            // "RC001 RC002" without a comma: split on blanks too.
            size_t p = 0;
            while (p < r.size()) {
                size_t q = p;
                while (q < r.size() && !is_space(r[q])) ++q;
                if (q > p) s.rules.emplace_back(r.substr(p, q - p));
                while (q < r.size() && is_space(r[q])) ++q;
                p = q;
            }
            start = comma + 1;
        }
        s.reason = std::string(reason);
        s.line = static_cast<uint32_t>(i + 1);
        s.begin = lines[i].begin + static_cast<uint32_t>(marker);
        s.end = lines[i].begin + static_cast<uint32_t>(lines[i].text.size());
        while (s.end > s.begin && is_space(text[s.end - 1])) --s.end;
        if (s.kind == Kind::next_line)
            for (size_t j = i + 1; j < lines.size(); ++j) {
                size_t m = 0;
                if (blank(lines[j].text) || comment_body(lines[j].text, slash_comments, m)) continue;
                s.target_line = static_cast<uint32_t>(j + 1);
                break;
            }
        out.push_back(std::move(s));
    }
    pair_ranges(out);
    return out;
}

bool ProjectFilter::keep(Diagnostic& d) {
    const FilePolicy& p = resolver_.policy_for(d.location.path.empty() ? "-" : d.location.path);
    if (!p.enabled_rule(d.rule_id)) return false;
    if (auto it = p.severity.find(d.rule_id); it != p.severity.end()) d.severity = it->second;
    return true;
}

void ProjectFilter::after_job(const LintJob& job, std::vector<Diagnostic>& diags) {
    std::erase_if(diags, [&](Diagnostic& d) { return !keep(d); });
    if (!inline_suppressions_ || !job.loader) return;
    using Kind = SuppressionComment::Kind;
    const DialectInfo* dialect = find_dialect(job.dialect);
    const CommentSyntax syntax = dialect ? dialect->comments : CommentSyntax{};
    std::vector<Diagnostic> added;
    std::vector<std::pair<std::tuple<std::string, uint32_t, std::string>, Unused>> records;
    for (const auto& file : job.loader->files()) {
        const std::string& path = file->path();
        // A file named *.vcl is VCL whichever job reads it: `//` comments, trailing ones too.
        const bool vcl_file = path.ends_with(".vcl");
        auto comments = parse_suppressions(file->text(), vcl_file ? CommentSyntax{.slash = true, .trailing = true} : syntax);
        if (comments.empty()) continue;
        const FilePolicy& policy = resolver_.policy_for(path);
        for (const auto& c : comments) {
            const Span span{file.get(), c.begin, c.end};
            const std::string keyword = pragma_name(c.kind);
            auto unused = [&](std::string message) {
                Unused u;
                Diagnostic& d = u.finding;
                d.rule_id = ids::CL001.id;
                d.severity = Severity::warning;
                d.location = resolve(span);
                d.message = std::move(message);
                d.fix_hint = "remove the suppression (or this rule from it), so it cannot hide a future problem";
                return u;
            };
            if (c.kind == Kind::range_end) {  // needs no reason; reported when it ends nothing
                if (c.rules.empty() && !c.closes_any)
                    records.push_back({{path, c.line, ""}, unused("'enable' ends no 'disable' range above it")});
                for (size_t r = 0; r < c.rules.size(); ++r)
                    if (!c.closes[r])
                        records.push_back({{path, c.line, c.rules[r]},
                                           unused("'enable=" + c.rules[r] + "' ends no 'disable=" + c.rules[r] +
                                                  "' range above it")});
                continue;
            }
            if (c.reason.empty()) {
                Diagnostic d;
                d.rule_id = ids::CL002.id;
                d.severity = Severity::warning;
                d.message = "suppression comment without a reason: it suppresses nothing until it says why, after "
                            "' -- ' (\"# cachelint: " + keyword + "=RULE -- why this is fine here\")";
                d.location = resolve(span);
                d.fix_hint = "append ' -- <reason>' to the comment";
                if (keep(d)) added.push_back(std::move(d));
                continue;
            }
            if (c.rules.empty()) {
                Diagnostic d;
                d.rule_id = ids::CL001.id;
                d.severity = Severity::warning;
                d.message = "suppression comment names no rule, so it suppresses nothing";
                d.location = resolve(span);
                d.fix_hint = "name the rule: '# cachelint: " + keyword + "=RULE-ID -- reason'";
                if (keep(d)) added.push_back(std::move(d));
                continue;
            }
            for (size_t r = 0; r < c.rules.size(); ++r) {
                const std::string& raw = c.rules[r];
                // A split rule's old id suppresses every piece of it (rules/redirects.toml).
                const std::vector<const RuleMeta*> metas = find_rules(raw);
                const RuleMeta* meta = metas.empty() ? nullptr : metas.front();
                const std::string id = metas.size() == 1 ? std::string(meta->id) : raw;
                auto named = [&](std::string_view rule) {
                    for (const RuleMeta* m : metas)
                        if (m->id == rule) return true;
                    return false;
                };
                auto covers = [&](uint32_t line) {
                    switch (c.kind) {
                        case Kind::whole_file: return true;
                        case Kind::next_line:
                        case Kind::this_line: return line == c.target_line;
                        case Kind::range_begin: return line > c.line && line <= c.until_line[r];
                        case Kind::range_end: return false;
                    }
                    return false;
                };
                bool used = false;
                if (meta)
                    for (auto& d : diags) {
                        if (!named(d.rule_id) || d.location.path != path || !covers(d.location.line)) continue;
                        used = true;
                        if (!d.suppression) d.suppression = Suppression{"inSource", c.reason};
                    }
                // A rule the configuration turns off for this file has nothing to suppress: not a finding.
                if (meta && std::none_of(metas.begin(), metas.end(), [&](const RuleMeta* m) { return policy.enabled_rule(std::string(m->id)); }))
                    used = true;
                std::string message;
                if (!meta) {
                    message = "suppression names '" + raw + "', which is no cachelint rule, so it suppresses nothing";
                    if (auto hint = check_rule_name(raw); hint.find("did you mean") != std::string::npos)
                        message += " (" + hint.substr(hint.find("did you mean")) + ")";
                } else if (c.kind == Kind::whole_file) {
                    message = "'disable-file=" + raw + "' suppresses nothing: " + id + " reports nothing in this file";
                } else if (c.kind == Kind::range_begin) {
                    const uint32_t first = c.line + 1, last = c.until_line[r];
                    message = "'disable=" + raw + "' suppresses nothing: ";
                    if (last == SuppressionComment::kEndOfFile)
                        message += id + " reports nothing from line " + std::to_string(first) + " to the end of the file";
                    else if (last < first)
                        message += "the 'enable' on the next line ends the range before any line";
                    else if (last == first)
                        message += id + " reports nothing on line " + std::to_string(first);
                    else
                        message += id + " reports nothing on lines " + std::to_string(first) + "-" + std::to_string(last);
                } else if (c.kind == Kind::this_line) {
                    message = "'disable=" + raw + "' after the directive suppresses nothing: " + id +
                              " reports nothing on this line";
                } else if (c.target_line == 0) {
                    message = "'disable-next-line=" + raw + "' suppresses nothing: no line follows it";
                } else {
                    message = "'disable-next-line=" + raw + "' suppresses nothing: " + id + " reports nothing on line " +
                              std::to_string(c.target_line);
                }
                Unused u = unused(std::move(message));
                u.used = used;
                records.emplace_back(std::tuple<std::string, uint32_t, std::string>{path, c.line, id}, std::move(u));
            }
        }
    }
    for (auto& d : added) diags.push_back(std::move(d));
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [key, u] : records) {
        auto [it, inserted] = suppressions_.emplace(key, u);
        if (!inserted) it->second.used = it->second.used || u.used;
    }
}

void ProjectFilter::after_all(std::vector<Diagnostic>& diags) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [key, u] : suppressions_) {
        if (u.used) continue;
        Diagnostic d = u.finding;
        if (keep(d)) diags.push_back(std::move(d));
    }
}

}  // namespace cachelint
