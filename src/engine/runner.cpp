#include "engine/runner.hpp"
#include "core/line_hash.hpp"
#include "core/paths.hpp"
#include "core/rule_catalog.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <cstdlib>
#include <sys/stat.h>

#include "core/includes.hpp"

#include "core/template.hpp"
#include "core/dialect.hpp"

namespace cachelint {

ResolvedLocation resolve(const Span& span) {
    ResolvedLocation loc;
    if (!span.file) return loc;
    loc.path = span.file->path();
    auto b = span.file->position(span.begin);
    auto e = span.file->position(std::max(span.end, span.begin));
    loc.line = b.line;
    loc.column = b.column;
    loc.end_line = e.line;
    loc.end_column = e.column;
    // An empty span still marks one character, so editors and SARIF viewers can show it.
    if (loc.end_line == loc.line && loc.end_column <= loc.column) loc.end_column = loc.column + 1;
    loc.line_text = std::string(span.file->shown_line_text(b.line));
    return loc;
}

namespace {

// cachelint writes only to the files it was asked to check: a fix that would touch an included file
// (perhaps outside the repository) is not offered.
std::vector<ResolvedEdit> resolve_fix(const Finding& f, const SourceFile* main) {
    std::vector<ResolvedEdit> out;
    for (const Edit& e : f.fix) {
        if (e.span.file != main || e.span.end <= e.span.begin || main->masked() ||  // a template's bytes are not its parse view
            e.replacement.find_first_of("\r\n") != std::string::npos)  // fixes keep the line structure (fix/fix.cpp)
            return {};
        out.push_back({resolve(e.span), e.span.begin, e.span.end, std::string(e.span.text()), e.replacement});
    }
    return out;
}

// A finding at a value the file does not show (a template placeholder, a deploy-time variable) would judge
// a value nobody can see: unknown is never invalid, so such findings are dropped here, for every rule.
void drop_unknown_values(FindingSink& sink) {
    auto& fs = sink.findings();
    // In a template, text inside {% if x %} ... {% endif %} is rendered only when x holds: a problem found
    // there depends on a value the file does not show, so it is a note that says so.
    for (Finding& f : fs) {
        const SourceFile* file = f.primary.file;
        if (!file || f.severity == Severity::note) continue;
        if (const SourceFile::Range* r = file->conditional_at(f.primary.begin)) {
            f.severity = Severity::note;
            f.message += "; the template renders this only when its condition at line " +
                         std::to_string(file->position(r->begin).line) + " holds, which the file does not show";
        }
    }
    fs.erase(std::remove_if(fs.begin(), fs.end(),
                            [](const Finding& f) {
                                const SourceFile* file = f.primary.file;
                                return file && !file->opaque().empty() && file->touches_opaque(f.primary.begin, f.primary.end);
                            }),
             fs.end());
}

std::vector<Diagnostic> resolve_all(const FindingSink& sink, const SourceFile* main) {
    std::vector<Diagnostic> out;
    out.reserve(sink.findings().size());
    for (const Finding& f : sink.findings()) {
        Diagnostic d;
        d.rule_id = f.rule_id;
        d.severity = f.severity;
        d.message = f.message;
        d.location = resolve(f.primary);
        for (const auto& r : f.related) d.related.push_back({resolve(r.span), r.message});
        d.fix_hint = f.fix_hint;
        d.fix = resolve_fix(f, main);
        if (const RuleMeta* meta = find_rule(d.rule_id)) d.fix_unsafe = meta->fix_unsafe;
        out.push_back(std::move(d));
    }
    return out;
}

// While the job's files are still in memory: the hash GitHub would compute for each flagged line, one
// pass over each file that has findings.
void assign_line_hashes(const SourceLoader& loader, std::vector<Diagnostic>& diags) {
    std::map<std::string_view, std::vector<std::string>> by_file;
    for (auto& d : diags) {
        auto it = by_file.find(d.location.path);
        if (it == by_file.end()) {
            std::vector<std::string> hashes;
            for (const auto& f : loader.files())
                if (f->path() == d.location.path) hashes = primary_location_line_hashes(f->text());
            it = by_file.emplace(d.location.path, std::move(hashes)).first;
        }
        if (d.location.line >= 1 && d.location.line <= it->second.size()) d.line_hash = it->second[d.location.line - 1];
    }
}

std::optional<JobFiles::Id> file_id(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return JobFiles::Id{st.st_dev, st.st_ino};
}

// Which files the job read, and findings moved from a symlink's path (sites-enabled/x, as an include glob
// finds it) to the file's own path (sites-available/x), the link kept as a related location.
void record_files(const InputFile& in, const SourceLoader& loader, std::vector<Diagnostic>& diags, JobFiles& read) {
    if (in.from_stdin) return;
    read.main = file_id(in.path);
    std::map<std::string, std::string> real_of_link, shown_as;
    for (const auto& f : loader.files()) {
        const std::string& path = f->path();
        auto id = file_id(path);
        if (!id) continue;
        if (id == read.main) continue;
        read.included.insert(*id);
        struct stat lst {};
        if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
            const std::string shown = relative_to_cwd(canonical_path(path));
            // Only when the target is inside the working directory: a link into the host's /etc keeps its name.
            if (!shown.empty() && shown[0] != '/') real_of_link.emplace(path, shown);
        } else if (!path.empty() && path[0] == '/' && !in.path.empty() && in.path[0] != '/') {
            // An include named by an absolute path inside the working directory is shown like the main file.
            const std::string shown = relative_to_cwd(path);
            if (!shown.empty() && shown[0] != '/') shown_as.emplace(path, shown);
        }
    }
    if (real_of_link.empty() && shown_as.empty()) return;
    auto respell = [&](ResolvedLocation& loc) {
        if (auto it = shown_as.find(loc.path); it != shown_as.end()) loc.path = it->second;
        if (auto it = real_of_link.find(loc.path); it != real_of_link.end()) loc.path = it->second;
    };
    for (auto& d : diags) {
        for (auto& r : d.related) respell(r.location);
        auto it = real_of_link.find(d.location.path);
        if (it != real_of_link.end()) d.related.push_back({d.location, "reached through the symlink " + relative_to_cwd(it->first)});
        respell(d.location);
    }
}

// A template (nginx.conf.j2, redis.conf.erb, a Helm file ...) is parsed through its parse view: placeholders
// are unknown words, control tags blanks (core/template.hpp). The loader owns the file, so it may be masked.
void apply_template_view(LintJob& job) {
    const TemplateLanguage language = detect_template(job.main->path(), job.main->text(), job.dialect);
    if (language == TemplateLanguage::none || job.main->masked()) return;
    TemplateView view = mask_template(job.main->text(), language, job.dialect);
    const_cast<SourceFile*>(job.main)->mask(std::move(view.text), std::move(view.opaque));
    const_cast<SourceFile*>(job.main)->set_conditional(std::move(view.conditional));
}

void run_job(const InputFile& in, const LintOptions& run_options, std::vector<Diagnostic>& diags,
             std::vector<InputError>& errors, JobFiles& read) {
    const LintOptions& options = in.options ? *in.options : run_options;
    const DialectInfo* dialect = find_dialect(in.dialect);
    if (!dialect) {
        errors.push_back({in.path, "unknown dialect '" + in.dialect + "'"});
        return;
    }
    SourceLoader loader(options);
    LintJob job;
    job.path = in.path;
    job.dialect = in.dialect;
    job.options = &options;
    job.loader = &loader;
    if (in.from_stdin) {
        job.main = loader.adopt(in.path, in.stdin_text);
    } else if (in.preread) {
        job.main = loader.adopt(in.path, *in.preread);  // classification read the whole file already
    } else {
        auto loaded = loader.load(in.path);
        if (!loaded.file) {
            errors.push_back({in.path, loaded.error});
            return;
        }
        job.main = loaded.file;
    }
    apply_template_view(job);
    try {
        dialect->lint(job);
    } catch (const std::exception& e) {
        // A bug in cachelint must not take the whole run down, and must not be silent either.
        errors.push_back({in.path, std::string("internal error while checking this file: ") + e.what()});
    }
    annotate_mapped_includes(job);  // findings in a file read through a mapped deploy path say how it was reached
    drop_unknown_values(job.sink);
    diags = resolve_all(job.sink, job.main);
    if (options.filter) {
        try {
            options.filter->after_job(job, diags);
        } catch (const std::exception& e) {
            errors.push_back({in.path, std::string("internal error while filtering findings: ") + e.what()});
        }
    }
    if (options.line_hashes) assign_line_hashes(loader, diags);
    record_files(in, loader, diags, read);
    errors.insert(errors.end(), job.errors.begin(), job.errors.end());
}

// Jobs whose main file another job of the run read as an include: that job checked it in its context (an
// nginx conf.d file inside http {}), so its standalone check would report the same problems again, or
// contradict them. In an include cycle the first job of the run is kept.
std::vector<bool> covered_jobs(const std::vector<const JobFiles*>& jobs) {
    std::vector<bool> covered(jobs.size(), false);
    std::map<JobFiles::Id, std::vector<size_t>> includers;
    for (size_t k = 0; k < jobs.size(); ++k)
        for (const auto& id : jobs[k]->included) includers[id].push_back(k);
    for (size_t j = 0; j < jobs.size(); ++j) {
        if (!jobs[j]->main) continue;
        auto it = includers.find(*jobs[j]->main);
        if (it == includers.end()) continue;
        for (size_t k : it->second) {
            if (k == j) continue;
            const bool mutual = jobs[k]->main && jobs[j]->included.count(*jobs[k]->main);
            if (!mutual || k < j) {
                covered[j] = true;
                break;
            }
        }
    }
    return covered;
}

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string normalized(std::string_view line) {
    std::string out;
    bool space = false;
    for (char c : line) {
        if (c == ' ' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// The display path made stable across invocations: "./a/x.conf", "a/x.conf" and "$PWD/a/x.conf" are
// the same file, so a baseline written from the repository root matches however the path was named.
// The code points [column, end_column) of a line, as bytes (the flagged text itself).
std::string_view flagged_text(std::string_view line, uint32_t column, uint32_t end_column) {
    size_t b = std::string_view::npos, e = line.size();
    uint32_t cp = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
        if (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
        ++cp;
        if (cp == column) b = i;
        if (cp == end_column) {
            e = i;
            break;
        }
    }
    if (b == std::string_view::npos || b > e) return {};
    return line.substr(b, e - b);
}

// The fingerprint names the rule, the file, the normalized text of the flagged line and the flagged
// text within it, plus which occurrence of that same key it is. No line number: it survives lines
// moving up or down and edits elsewhere, yet keeps two identical lines in one file apart, and two
// findings of one rule on different parts of one line apart whatever their order.
void assign_fingerprints(std::vector<Diagnostic>& diags) {
    const std::string cwd = current_directory();
    std::map<std::tuple<std::string, std::string, std::string, std::string>, int> seen;
    for (auto& d : diags) {
        const std::string path = relative_to(d.location.path, cwd);
        std::string norm = normalized(d.location.line_text);
        std::string flagged = d.location.end_line == d.location.line
                                  ? normalized(flagged_text(d.location.line_text, d.location.column, d.location.end_column))
                                  : std::string();
        // A renamed rule hashes its first id (rules/redirects.toml): baselines and alerts survive the rename.
        // The pieces of a split rule all hash the split rule's first id and count occurrences together, so
        // each finding keeps the fingerprint the rule gave it before the split.
        const RuleMeta* meta = find_rule(d.rule_id);
        const std::string_view fp_id = meta && !meta->fingerprint_id.empty() ? meta->fingerprint_id : std::string_view(d.rule_id);
        int n = seen[{std::string(fp_id), path, norm, flagged}]++;
        uint64_t h = fnv1a(fp_id);
        h = fnv1a("\x1f", h);
        h = fnv1a(path, h);
        h = fnv1a("\x1f", h);
        h = fnv1a(norm, h);
        h = fnv1a("\x1f", h);
        h = fnv1a(flagged, h);
        char buf[40];
        std::snprintf(buf, sizeof buf, "%016llx:%d", static_cast<unsigned long long>(h), n + 1);
        d.fingerprint = buf;
    }
}

bool diag_less(const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.path, a.location.line, a.location.column, a.rule_id, a.message) <
           std::tie(b.location.path, b.location.line, b.location.column, b.rule_id, b.message);
}

bool diag_same(const Diagnostic& a, const Diagnostic& b) {
    return a.rule_id == b.rule_id && a.location.path == b.location.path && a.location.line == b.location.line &&
           a.location.column == b.location.column && a.message == b.message;
}

void finish(LintResult& result, const LintOptions& options);

}  // namespace

LintResult lint_files(const std::vector<InputFile>& files, const LintOptions& options) {
    std::vector<std::vector<Diagnostic>> per_file(files.size());
    std::vector<std::vector<InputError>> per_file_errors(files.size());
    std::vector<JobFiles> read(files.size());
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t i; (i = next.fetch_add(1)) < files.size();) run_job(files[i], options, per_file[i], per_file_errors[i], read[i]);
    };
    unsigned n = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    n = static_cast<unsigned>(std::min<size_t>(n, files.size()));
    if (n <= 1) {
        worker();
    } else {
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
        for (auto& t : threads) t.join();
    }
    LintResult result;
    std::vector<const JobFiles*> jobs;
    for (const auto& r : read) jobs.push_back(&r);
    const std::vector<bool> covered = covered_jobs(jobs);
    result.files_checked = files.size();
    for (size_t i = 0; i < files.size(); ++i) {
        if (covered[i]) continue;
        for (auto& d : per_file[i]) result.diagnostics.push_back(std::move(d));
        for (auto& e : per_file_errors[i]) result.errors.push_back(std::move(e));
    }
    finish(result, options);
    return result;
}

void FileQueue::push(InputFile file) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        slots_.push_back({std::move(file), {}, {}, {}});
    }
    cv_.notify_one();
}

void FileQueue::close() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        closed_ = true;
    }
    cv_.notify_all();
}

FileQueue::Slot* FileQueue::pop() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return next_ < slots_.size() || closed_; });
    if (next_ >= slots_.size()) return nullptr;
    return &slots_[next_++];
}

LintResult lint_queue(FileQueue& queue, const LintOptions& options) {
    auto worker = [&] {
        while (FileQueue::Slot* s = queue.pop()) run_job(s->file, options, s->diagnostics, s->errors, s->read);
    };
    unsigned n = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    {
        // Discovery already finished (named files, a pre-commit run): no more workers than files. One file is
        // checked on this thread alone; starting threads costs more than the check itself.
        std::lock_guard<std::mutex> lock(queue.mu_);
        if (queue.closed_) n = static_cast<unsigned>(std::clamp<size_t>(queue.slots_.size(), 1, n));
    }
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < n; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    // Every worker has stopped and the producer has closed the queue: no more concurrent access.
    LintResult result;
    std::vector<const JobFiles*> jobs;
    for (const auto& s : queue.slots_) jobs.push_back(&s.read);
    const std::vector<bool> covered = covered_jobs(jobs);
    result.files_checked = queue.slots_.size();
    size_t slot = 0;
    for (auto& s : queue.slots_) {
        if (covered[slot++]) continue;
        for (auto& d : s.diagnostics) result.diagnostics.push_back(std::move(d));
        for (auto& e : s.errors) result.errors.push_back(std::move(e));
    }
    finish(result, options);
    return result;
}

namespace {

// Run-wide steps after every job: the filter's last word, sort and de-duplicate, fingerprints.
void finish(LintResult& result, const LintOptions& options) {
    if (options.filter) options.filter->after_all(result.diagnostics);
    // The same included file reached from two entry points yields the same finding twice.
    std::sort(result.diagnostics.begin(), result.diagnostics.end(), diag_less);
    result.diagnostics.erase(std::unique(result.diagnostics.begin(), result.diagnostics.end(), diag_same),
                             result.diagnostics.end());
    std::sort(result.errors.begin(), result.errors.end(),
              [](const InputError& a, const InputError& b) { return std::tie(a.path, a.message) < std::tie(b.path, b.message); });
    result.errors.erase(std::unique(result.errors.begin(), result.errors.end(),
                                    [](const InputError& a, const InputError& b) { return a.path == b.path && a.message == b.message; }),
                        result.errors.end());
    assign_fingerprints(result.diagnostics);
}

}  // namespace

LintResult lint_text(const std::string& path, const std::string& dialect, std::string text, const LintOptions& options) {
    InputFile f;
    f.path = path;
    f.dialect = dialect;
    f.from_stdin = true;
    f.stdin_text = std::move(text);
    return lint_files({f}, options);
}

}  // namespace cachelint
