// Where an include of a deploy path is found in the repository being checked. A configuration names
// the paths of the host it runs on (`include /etc/redis/conf.d/*.conf`); the repository keeps those
// files elsewhere (`conf.d/override.conf` beside redis.conf, a folder a Dockerfile copies to /etc/redis/).
// Every dialect's include procedure asks here before deciding an include cannot be followed, so they
// share one mapping (and IncludeGuard's limits, core/includes.hpp), each keeping its server's rules
// for what the include means.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/includes.hpp"
#include "core/source.hpp"

namespace cachelint {

struct LintJob;

enum class IncludeVia {
    path_table,  // the [paths] table of .cachelint.toml
    dockerfile,  // a COPY/ADD line of a Dockerfile of the repository
    suffix,      // the longest trailing part of the path that exists beside the main file or in the repository
};

struct MappedInclude {
    std::string path;  // the repository's file (or glob) standing for the deploy path
    IncludeVia via = IncludeVia::suffix;
    std::string how;   // for people: "by the [paths] entry \"/etc/nginx\" = \"deploy/nginx\"", ...
};

// An include the resolver mapped, kept on the job so findings in the files it read can say how they
// were reached (related location at the include directive).
struct IncludeResolution {
    Span at;                   // the include's path argument
    std::string written;       // the path as the server would open it
    MappedInclude mapped;
    std::vector<const SourceFile*> files;  // what was read through it
};

// The COPY/ADD lines of the Dockerfiles in `dirs` (files named Dockerfile, Dockerfile.*, *.Dockerfile,
// Containerfile): a source file or folder of the repository and the image path it is copied to.
struct DockerCopy {
    std::string source;  // absolute or relative to the working directory, joined with the Dockerfile's folder
    std::string dest;    // absolute path in the image; a folder when it ends with '/'
    bool source_is_dir = false;
    std::string dockerfile;
    size_t line = 0;
};
std::vector<DockerCopy> docker_copies(const std::vector<std::string>& dirs);

class IncludeResolver {
public:
    explicit IncludeResolver(const LintJob& job);

    // `path`: an include path as the server would open it (joined with its base folder). Relative
    // paths, and absolute ones that exist on this machine, are not mapped (nullopt), except through the
    // [paths] table, which the user wrote for exactly this. `glob`: the dialect expands patterns here;
    // a mapped glob must match at least one file. `from`: the including file (never mapped onto itself).
    std::optional<MappedInclude> map(const std::string& path, bool glob, const std::string& from = {}) const;

    // Remember a mapping and what it read, for related locations (see annotate_mapped_includes).
    void record(LintJob& job, Span at, const std::string& written, const MappedInclude& m,
                std::vector<const SourceFile*> files) const;

    const std::string& repository_root() const { return root_; }

private:
    std::optional<MappedInclude> by_table(const std::string& path, bool glob) const;
    std::optional<MappedInclude> by_dockerfile(const std::string& path, bool glob) const;
    std::optional<MappedInclude> by_suffix(const std::string& path, bool glob, const std::string& from) const;
    bool usable(const std::string& candidate, bool glob, const std::string& from) const;

    const LintJob& job_;
    std::string main_dir_;
    std::string main_canon_;
    std::string main_dir_canon_;
    std::string root_;               // the repository root; "" when none was found
    std::vector<std::string> bases_; // main file's folder, then its parents up to the root
    mutable std::vector<DockerCopy> docker_;  // read on the first include that needs them
    mutable bool docker_read_ = false;
};

// Adds to each finding in a file read through a mapped include a related location at that include
// ("read as /etc/redis/conf.d/*.conf through conf.d/*.conf, the longest part of the path found here").
void annotate_mapped_includes(LintJob& job);


}  // namespace cachelint
