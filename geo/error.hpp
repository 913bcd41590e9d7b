// Errors from reading geodata always name the input and the reason, so the UI and stderr can show one clear
// line. The kind lets callers (the command line's exit codes, say) tell failures apart without parsing text.
#pragma once
#include <stdexcept>
#include <string>

namespace entente::geo {

enum class ErrorKind {
    Failed,           // the work itself failed: a file could not be written, a GDAL driver is missing
    NotFound,         // no such file, or no such phase, slide, layer or organisation in it
    Unsupported,      // not a format, CRS or kind of file this reads
    Corrupt,          // the right kind of file, but damaged or incomplete
    RefusedForSafety, // readable, but it holds something an untrusted file must not bring in
    OutOfRange,       // a number, coordinate or extent outside what it may be
};

class InputError : public std::runtime_error {
  public:
    InputError(std::string input, std::string reason, ErrorKind kind)
        : std::runtime_error(input + ": " + reason), input_(std::move(input)), reason_(std::move(reason)),
          kind_(kind) {}
    const std::string& input() const { return input_; }
    const std::string& reason() const { return reason_; }
    ErrorKind kind() const { return kind_; }

  private:
    std::string input_, reason_;
    ErrorKind kind_;
};

// Thrown when a caller cancels a long load; not an error to report.
class Cancelled : public std::runtime_error {
  public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace entente::geo
