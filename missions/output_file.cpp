#include "output_file.hpp"

#include "geo/error.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <mutex>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace entente::missions {

namespace fs = std::filesystem;

namespace {

fs::path directory_of(const std::string& path) {
    const fs::path dir = fs::path(path).parent_path();
    return dir.empty() ? fs::path(".") : dir;
}

geo::ErrorKind kind_of(int err) {
    return err == ENOENT || err == ENOTDIR ? geo::ErrorKind::NotFound : geo::ErrorKind::Failed;
}

// Closes `fd` (when open) and removes the temporary; then throws with the cause of `err`.
[[noreturn]] void give_up(const std::string& path, const std::string& tmp, int fd, int err) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw geo::InputError(path,
                          "cannot write: " + write_failure_cause(err, path) +
                              "; nothing was written and any earlier file is unchanged",
                          kind_of(err));
}

} // namespace

void check_output_target(const std::string& path) {
    if (path.empty())
        throw geo::InputError("(empty path)", "no output file named; nothing was written",
                              geo::ErrorKind::NotFound);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISREG(st.st_mode)) return;
        const char* what = S_ISDIR(st.st_mode)    ? "a directory"
                           : S_ISCHR(st.st_mode)  ? "a character device"
                           : S_ISBLK(st.st_mode)  ? "a block device"
                           : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                           : S_ISSOCK(st.st_mode) ? "a socket"
                                                  : "not a regular file";
        throw geo::InputError(path,
                              std::string("refused as an output: it is ") + what +
                                  ", not a regular file; nothing was written",
                              geo::ErrorKind::RefusedForSafety);
    }
    std::error_code ec;
    const fs::path dir = directory_of(path);
    if (!fs::is_directory(dir, ec))
        throw geo::InputError(path, "cannot write: no such directory " + dir.string(),
                              geo::ErrorKind::NotFound);
}

std::string temporary_beside(const std::string& target) {
    const fs::path t(target);
    return (directory_of(target) /
            (".~" + t.filename().string() + "." + std::to_string(::getpid()) + t.extension().string()))
        .string();
}

size_t remove_stale_temporaries(const std::string& target) {
    const std::string prefix = ".~" + fs::path(target).filename().string() + ".";
    size_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(directory_of(target), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        size_t i = prefix.size(), j = i;
        while (j < name.size() && std::isdigit((unsigned char)name[j]))
            ++j;
        if (j == i || j - i > 9) continue;
        const pid_t pid = pid_t(std::stol(name.substr(i, j - i)));
        // Only a writer that is gone: a live process (this one, or another saving now) keeps its file.
        if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
        std::error_code rm;
        if (fs::remove(it->path(), rm)) ++removed;
    }
    return removed;
}

std::string write_failure_cause(int err, const std::string& path) {
    switch (err) {
    case ENOSPC:
        return "the disk is full (no space left on device)";
    case EDQUOT:
        return "the disk quota is exhausted";
    case EROFS:
        return "the file system is read-only";
    case ENOENT:
    case ENOTDIR:
        return "no such directory " + directory_of(path).string();
    case EACCES:
    case EPERM:
        return "permission denied in " + directory_of(path).string();
    case EFBIG:
        return "the file is larger than this process may write (file size limit)";
    case EIO:
        return "an input/output error on the device";
    default:
        return std::strerror(err);
    }
}

namespace {

// The temporary for `path`, created empty with the target's permissions (0666 less the umask for a new one).
int open_temporary(const std::string& path, const std::string& tmp) {
    check_output_target(path);
    remove_stale_temporaries(path);
    ::unlink(tmp.c_str());
    struct stat st {};
    const mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0666;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) give_up(path, tmp, -1, errno);
    if (mode != 0666) ::fchmod(fd, mode);
    return fd;
}

// Writes all of it; 0, or the errno of the failure.
int write_all(int fd, const char* data, size_t size) {
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : ENOSPC;
        done += size_t(n);
    }
    return 0;
}

// Flushes, closes and renames the temporary over `path`, or gives up with the cause.
void finish_temporary(const std::string& path, const std::string& tmp, int fd) {
    // Flushed before the rename, so a crash after it cannot leave an empty or partial target.
    if (::fsync(fd) != 0) give_up(path, tmp, fd, errno);
    const int closed = ::close(fd);
    if (closed != 0) give_up(path, tmp, -1, errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) give_up(path, tmp, -1, errno);
    // The rename itself made durable: the directory's entry flushed too (best effort).
    if (const int dfd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
    const std::string tmp = temporary_beside(path);
    const int fd = open_temporary(path, tmp);
    if (const int err = write_all(fd, bytes.data(), bytes.size())) give_up(path, tmp, fd, err);
    finish_temporary(path, tmp, fd);
}

MemoryOutput::MemoryOutput(const std::string& target) {
    static std::atomic<unsigned> n{0};
    dir_ = "/vsimem/entente-out-" + std::to_string(::getpid()) + "-" + std::to_string(n++);
    path_ = dir_ + "/" + fs::path(target).filename().string();
    // Made first: GDAL's CSV driver takes a path whose directory does not exist for a directory to create.
    VSIMkdir(dir_.c_str(), 0755);
}

MemoryOutput::~MemoryOutput() {
    VSIRmdirRecursive(dir_.c_str());
}

std::string MemoryOutput::bytes() const {
    vsi_l_offset size = 0;
    const GByte* data = VSIGetMemFileBuffer(path_.c_str(), &size, FALSE);
    return data ? std::string(reinterpret_cast<const char*>(data), size_t(size)) : std::string();
}

// ---- StreamedOutput: a GDAL virtual file system (/vsientente_stream/) whose files are StreamedOutputs.

struct StreamedOutput::State {
    std::string target, tmp, vpath;
    int fd = -1;
    int err = 0; // errno of the first failed write; later writes are dropped
    uint64_t size = 0;
    uint64_t written = 0, writing_back = 0; // bytes handed to the kernel; bytes whose writeback has started
    std::string buffer; // GDAL's writers write a few bytes at a time: one system call per MiB instead
    std::function<void(std::string_view)> watcher; // sees the buffer, not each of GDAL's small writes
    bool opened = false;

    void drain() {
        if (buffer.empty()) return;
        if (watcher) watcher(buffer);
        if (!err) err = write_all(fd, buffer.data(), buffer.size());
        written += buffer.size();
        buffer.clear();
        // The disk starts on what is written while GDAL formats the rest, so commit's fsync waits for the
        // last few MiB instead of the whole file (0.11 s of a 162 MB export).
        if (!err && written - writing_back >= (8u << 20)) {
            ::sync_file_range(fd, off64_t(writing_back), off64_t(written - writing_back),
                              SYNC_FILE_RANGE_WRITE);
            writing_back = written;
        }
    }
};

namespace {

constexpr const char* kStreamPrefix = "/vsientente_stream/";
constexpr size_t kStreamBuffer = 64 << 10;

std::mutex& stream_mutex() {
    static std::mutex mu;
    return mu;
}
std::map<std::string, std::weak_ptr<StreamedOutput::State>>& streams() {
    static std::map<std::string, std::weak_ptr<StreamedOutput::State>> m;
    return m;
}

std::shared_ptr<StreamedOutput::State> stream_named(const char* name) {
    // GDAL passes names without the prefix; both forms are taken.
    std::string_view key = name ? name : "";
    if (key.substr(0, std::strlen(kStreamPrefix)) == kStreamPrefix)
        key.remove_prefix(std::strlen(kStreamPrefix));
    std::lock_guard lock(stream_mutex());
    const auto it = streams().find(std::string(key));
    return it == streams().end() ? nullptr : it->second.lock();
}

// A GDAL file handle: keeps its output alive while GDAL holds it.
struct StreamHandle {
    std::shared_ptr<StreamedOutput::State> s;
};
StreamedOutput::State& state_of(void* h) {
    return *static_cast<StreamHandle*>(h)->s;
}

void install_stream_handler() {
    static std::once_flag once;
    std::call_once(once, [] {
        VSIFilesystemPluginCallbacksStruct* cb = VSIAllocFilesystemPluginCallbacksStruct();
        cb->stat = [](void*, const char* name, VSIStatBufL* st, int) -> int {
            const auto s = stream_named(name);
            if (!s || !s->opened) return -1; // a new file: drivers check that it is not there yet
            std::memset(st, 0, sizeof(*st));
            st->st_mode = S_IFREG | 0644;
            st->st_size = s->size;
            return 0;
        };
        cb->unlink = [](void*, const char*) -> int { return 0; };
        cb->open = [](void*, const char* name, const char* access) -> void* {
            const auto s = stream_named(name);
            // Write only, once: GDAL reading the output back would need a file we do not keep.
            if (!s || s->opened || !access || (access[0] != 'w' && access[0] != 'a') ||
                std::strchr(access, '+'))
                return nullptr;
            s->opened = true;
            return new StreamHandle{s};
        };
        cb->tell = [](void* h) -> vsi_l_offset { return state_of(h).size; };
        cb->seek = [](void* h, vsi_l_offset off, int whence) -> int {
            // Only to where the file already ends: the stream never goes back.
            const StreamedOutput::State& s = state_of(h);
            return (whence == SEEK_END && off == 0) || ((whence == SEEK_SET) && off == s.size) ||
                           (whence == SEEK_CUR && off == 0)
                       ? 0
                       : -1;
        };
        cb->read = [](void*, void*, size_t, size_t) -> size_t { return 0; };
        cb->eof = [](void*) -> int { return 1; };
        cb->write = [](void* h, const void* data, size_t size, size_t count) -> size_t {
            StreamedOutput::State& s = state_of(h);
            if (s.err || size == 0) return 0;
            const std::string_view bytes(static_cast<const char*>(data), size * count);
            s.buffer.append(bytes);
            s.size += bytes.size();
            if (s.buffer.size() >= kStreamBuffer) s.drain();
            return s.err ? 0 : count;
        };
        cb->flush = [](void* h) -> int {
            StreamedOutput::State& s = state_of(h);
            s.drain();
            return s.err ? -1 : 0;
        };
        cb->truncate = [](void* h, vsi_l_offset size) -> int { return size == state_of(h).size ? 0 : -1; };
        cb->close = [](void* h) -> int {
            const std::unique_ptr<StreamHandle> handle(static_cast<StreamHandle*>(h));
            handle->s->drain();
            return handle->s->err ? -1 : 0;
        };
        VSIInstallPluginHandler(kStreamPrefix, cb);
        VSIFreeFilesystemPluginCallbacksStruct(cb);
    });
}

} // namespace

StreamedOutput::StreamedOutput(const std::string& target) : state_(std::make_shared<State>()) {
    install_stream_handler();
    static std::atomic<unsigned> n{0};
    state_->target = target;
    state_->tmp = temporary_beside(target);
    state_->fd = open_temporary(target, state_->tmp);
    state_->buffer.reserve(kStreamBuffer + 4096);
    state_->vpath = std::string(kStreamPrefix) + std::to_string(::getpid()) + "-" + std::to_string(n++) +
                    "/" + fs::path(target).filename().string();
    std::lock_guard lock(stream_mutex());
    streams()[state_->vpath.substr(std::strlen(kStreamPrefix))] = state_;
}

StreamedOutput::~StreamedOutput() {
    {
        std::lock_guard lock(stream_mutex());
        streams().erase(state_->vpath.substr(std::strlen(kStreamPrefix)));
    }
    if (state_->fd >= 0) {
        ::close(state_->fd);
        ::unlink(state_->tmp.c_str());
    }
}

const std::string& StreamedOutput::path() const {
    return state_->vpath;
}

void StreamedOutput::observe(std::function<void(std::string_view)> watcher) {
    state_->watcher = std::move(watcher);
}

uint64_t StreamedOutput::size() const {
    return state_->size;
}

void StreamedOutput::write(std::string_view bytes) {
    State& s = *state_;
    s.buffer.append(bytes);
    s.size += bytes.size();
    if (s.buffer.size() >= kStreamBuffer) s.drain();
}

void StreamedOutput::truncate(uint64_t size) {
    State& s = *state_;
    s.drain();
    if (s.err || size > s.size) return;
    // The descriptor's offset goes back too, or the next write would leave a hole.
    if (::ftruncate(s.fd, off_t(size)) != 0 || ::lseek(s.fd, off_t(size), SEEK_SET) < 0) s.err = errno;
    s.size = s.written = size;
    s.writing_back = std::min(s.writing_back, size);
}

void StreamedOutput::append(const StreamedOutput& part, uint64_t from) {
    State& s = *state_;
    State& p = *part.state_;
    s.drain();
    p.drain();
    if (s.err) return;
    if (p.err) {
        s.err = p.err;
        return;
    }
    const int in = ::open(p.tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        s.err = errno;
        return;
    }
    std::string block(kStreamBuffer, '\0');
    for (uint64_t at = from; at < p.size && !s.err;) {
        const ssize_t n = ::pread(in, block.data(), std::min<uint64_t>(block.size(), p.size - at), off_t(at));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            s.err = n < 0 ? errno : EIO;
            break;
        }
        // Straight to the disk (the buffer is empty): the watcher counted these bytes when the part was
        // written.
        s.err = write_all(s.fd, block.data(), size_t(n));
        s.size += uint64_t(n), s.written += uint64_t(n);
        at += uint64_t(n);
    }
    ::close(in);
}

void StreamedOutput::commit() {
    State& s = *state_;
    s.drain();
    const int fd = std::exchange(s.fd, -1);
    if (s.err) give_up(s.target, s.tmp, fd, s.err);
    finish_temporary(s.target, s.tmp, fd);
}

} // namespace entente::missions
