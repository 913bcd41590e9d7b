// Errors from reading geodata always name the input and the reason, so the UI and stderr can show one clear
// line.
#pragma once
#include <stdexcept>
#include <string>

namespace entente::geo {

class InputError : public std::runtime_error {
  public:
    InputError(std::string input, std::string reason)
        : std::runtime_error(input + ": " + reason), input_(std::move(input)), reason_(std::move(reason)) {}
    const std::string& input() const { return input_; }
    const std::string& reason() const { return reason_; }

  private:
    std::string input_, reason_;
};

// Thrown when a caller cancels a long load; not an error to report.
class Cancelled : public std::runtime_error {
  public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace entente::geo
