#pragma once
// What the engine keeps to follow live files (issue 17, "follow a live file"; the steps are
// Engine's, in engine_live.cpp): the watch over the loaded files, the worker that reads a
// changed one again, and what must survive the swap of its layer (the selection's stable key,
// whether the timeline showed all of the data). One thread (the engine's) uses it.

#include "scene/file_watch.hpp"
#include "scene/live_read.hpp"
#include "scene/worker.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace incimap::scene {

// A selected incident told by what does not change when rows are added: its feature id (a
// string "id" or the FID) where it has one, else its feature number in the file.
struct FeatureKey {
    std::string path;
    std::optional<std::string> id_text;
    std::int64_t fid = -1;
    std::int64_t feature = -1;
};

struct LiveFiles {
    explicit LiveFiles(FileWatchOptions options = {}) : watch(options) {}

    FileWatch watch;
    std::deque<std::string> queue;     // changed files waiting to be read again
    std::set<std::string> stale;       // changed while watching was off: read when it is on
    std::string reading;               // the file `job` reads
    std::optional<LiveRead> ready;     // read, waiting for the scene's worker to be free
    std::optional<std::size_t> replacing; // the layer being prepared from `ready`
    std::optional<FeatureKey> selected; // the selection to find again in the new table
    bool view_was_whole = false;        // the timeline showed all of the data
    std::size_t count_before = 0;       // the layer's incidents before the swap
    std::int64_t held_bytes = 0;        // the partial last line of the read being swapped in
    // The colour-by and size-by the swapped-in table was read with (LiveRead's), by name.
    std::optional<std::optional<std::string>> colour_by, size_by;
    std::map<std::string, std::size_t> reloads; // per file: times read again
    // p17k: undo survives a reload. The keys of the selections undo recorded (drawn index →
    // key, taken before the swap) and the layer's field names before it (a reload that
    // changes them clears undo, whose styles name fields by index).
    std::map<int, FeatureKey> history_keys;
    std::vector<std::string> fields_before;
    // p17k: each file's state when its first read began; a file watched from that state is
    // read again when it changed during that read.
    std::map<std::string, FileSig> first_read_sig;
    // Last member: destroyed first. Its job owns its path and options (never the engine's).
    Worker<LiveRead> job;
};

} // namespace incimap::scene
