#pragma once
#include <stdexcept>
#include <string>

namespace sagitta::core {

// The error type core throws for bad input or failed I/O. what() is one line for a person:
// it names the file and the problem, and never holds patient data.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown by jobs that stopped because their ProgressSink asked them to.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace sagitta::core
