#pragma once
// Notes of a JSONL file, one per line {"id", "text", "targets"}, streamed: the file is read once
// in large blocks (memory bounded by the longest line) and each line parsed with simdjson's
// On-Demand API, the text handed over where the parser unescaped it. A line simdjson does not
// accept is read by nlohmann's parser instead, so what is accepted and the messages for what is
// not are those of a full parse. The encoding is decided per line, as decodeLine does.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sagitta::core::text {

struct JsonlNote {
    int line = 0;                     // 1-based line number in the file
    std::string_view text;            // valid until the next call to next()
    std::string id;                   // the "id" value as compact JSON, empty when the line has none
    std::vector<std::string> targets; // the strings of "targets"
    std::string problem;              // set when the line is not a note; never quotes the line
    int replaced = 0;                 // bytes valid in no encoding that became U+FFFD
};

class JsonlNoteReader {
public:
    // Throws core::Error naming the file when it cannot be opened.
    explicit JsonlNoteReader(const std::string &path);
    ~JsonlNoteReader();
    JsonlNoteReader(const JsonlNoteReader &) = delete;
    JsonlNoteReader &operator=(const JsonlNoteReader &) = delete;

    // The next line that is not blank; false at the end of the file. Throws core::Error when
    // the file cannot be read.
    bool next(JsonlNote &note);

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace sagitta::core::text
