// Outputs that are never torn: every export and save goes to a temporary file beside the target, is flushed
// to the disk (fsync), and only then renamed over the target, so a failed or interrupted write leaves the
// earlier file as it was and no partial file behind. Non-regular targets (device nodes, directories, FIFOs)
// are refused, and a failure names its cause in words (disk full, read-only file system, no such directory,
// permission denied).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace entente::missions {

// Throws geo::InputError (RefusedForSafety) when `path` exists and is not a regular file (stat follows
// links), and (NotFound) when `path` is empty or its directory does not exist.
void check_output_target(const std::string& path);

// The temporary name a write to `target` by this process uses: `.~NAME.PID` beside it, plus NAME's extension
// again (some GDAL drivers pick their layout by extension).
std::string temporary_beside(const std::string& target);

// Removes leftovers of interrupted writes to `target` (`.~NAME.PID[...]` whose PID is not a live process,
// with SQLite's -journal/-wal/-shm companions). Returns how many were removed; errors are ignored (a
// read-only directory keeps them, and they do no harm there).
size_t remove_stale_temporaries(const std::string& target);

// A failed write's cause, for a message: "the disk is full (no space left on device)", ...
std::string write_failure_cause(int err, const std::string& path);

// Writes `bytes` to `path` as described above. Throws geo::InputError naming the path and the cause; the
// earlier file, if any, is then unchanged and no temporary is left.
void write_file_atomically(const std::string& path, const std::string& bytes);

// GDAL writers (GeoPackage, GeoJSON, CSV, KML) write to memory first: a /vsimem/ path unique to this object
// with the target's file name, whose bytes then go to the disk with write_file_atomically, so a GDAL driver
// never leaves a partial file and disk errors are reported with their cause. The memory is freed when the
// object goes, whatever happened.
class MemoryOutput {
  public:
    explicit MemoryOutput(const std::string& target);
    ~MemoryOutput();
    MemoryOutput(const MemoryOutput&) = delete;
    MemoryOutput& operator=(const MemoryOutput&) = delete;
    const std::string& path() const { return path_; }
    // The file's bytes as GDAL left them (close the dataset first); empty when there is none.
    std::string bytes() const;

  private:
    std::string dir_, path_;
};

// A GDAL writer whose output may be larger than memory should hold (a layer export of millions of features)
// streams instead: path() is a GDAL virtual file whose writes go through a buffer straight into the temporary
// beside the target, each write checked, so a full disk is named like any other write failure and memory does
// not grow with the output. commit() flushes it to the disk and renames it over the target; without a commit
// the temporary is removed when the object goes.
class StreamedOutput {
  public:
    explicit StreamedOutput(const std::string& target); // throws as write_file_atomically does
    ~StreamedOutput();
    StreamedOutput(const StreamedOutput&) = delete;
    StreamedOutput& operator=(const StreamedOutput&) = delete;
    const std::string& path() const;
    // Sees every block written, in file order (GDAL's text writers only append), e.g. to count features.
    void observe(std::function<void(std::string_view)> watcher);
    uint64_t size() const;
    // For two writers that wrote halves of one file on two cores: write() adds bytes (the watcher sees them),
    // truncate() takes back the end of what was written (a writer's closing bytes, size <= size()), append()
    // adds bytes [from, end) of another streamed output's file (the watcher does not see them).
    void write(std::string_view bytes);
    void truncate(uint64_t size);
    void append(const StreamedOutput& part, uint64_t from);
    // Throws geo::InputError with the cause of the first failed write (or of the flush or rename); the
    // earlier target, if any, is then unchanged and the temporary gone.
    void commit();

    struct State; // the open temporary, shared with GDAL's file handle

  private:
    std::shared_ptr<State> state_;
};

} // namespace entente::missions
