#include "output_file.hpp"

#include "geo/error.hpp"

#include <cpl_vsi.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

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

void write_file_atomically(const std::string& path, const std::string& bytes) {
    check_output_target(path);
    remove_stale_temporaries(path);
    const std::string tmp = temporary_beside(path);
    ::unlink(tmp.c_str());
    // A replaced file keeps its permissions; a new one gets the usual 0666 less the umask.
    struct stat st {};
    const mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0666;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) give_up(path, tmp, -1, errno);
    if (mode != 0666) ::fchmod(fd, mode);
    for (size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) give_up(path, tmp, fd, n < 0 ? errno : ENOSPC);
        done += size_t(n);
    }
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

} // namespace entente::missions
