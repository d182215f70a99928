// Writes every file cachelint produces (reports, baselines, fixes, rule pages). A regular file, or a new
// one, is written atomically: a temporary file beside it, then rename(2), so a reader never sees half a
// report and a failed write never destroys the previous file. Anything else is written in place and
// never replaced: a device (/dev/null), a FIFO, a socket, /dev/stdout, /dev/stderr, /dev/fd/N and
// /proc/self/fd/N (written to the descriptor itself). A symlink is followed to its target, which is
// then treated the same way (a regular target is replaced in its own folder).
#pragma once
#include <string>
#include <string_view>

namespace cachelint {
// Returns "" on success, else the reason. A new file gets `mode`; a regular file that is replaced keeps
// its own permission bits (and, when the process may, its owner and group).
std::string write_file_atomically(const std::string& path, std::string_view content, unsigned mode = 0644);
}
