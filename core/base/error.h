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

// Thrown when the project file is held by another writer for longer than the connection waits
// (SQLite's BUSY or LOCKED). Nothing was changed: the caller may keep the work and retry.
class Busy : public Error {
public:
    using Error::Error;
};

// Thrown when an encrypted project is opened with a passphrase that does not decrypt it (or
// with none). Nothing was read or changed.
class WrongPassphrase : public Error {
public:
    using Error::Error;
};

} // namespace sagitta::core
