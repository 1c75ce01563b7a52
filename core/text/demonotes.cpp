#include "core/text/demonotes.h"

#include <map>
#include <sstream>
#include <string_view>

namespace sagitta::embedded {
const std::map<std::string, std::string_view> &demoNoteFiles();
}

namespace sagitta::core {

// Each file in resources/demo/notes: "title: ..." and "language: ..." lines, a blank line,
// then the text.
std::vector<Note> demoNotes(const std::string &patientId)
{
    std::vector<Note> notes;
    for (const auto &[name, content] : embedded::demoNoteFiles()) {
        Note note;
        note.patientId = patientId;
        std::istringstream in{std::string(content)};
        std::string line;
        while (std::getline(in, line) && !line.empty()) {
            if (line.rfind("title: ", 0) == 0)
                note.title = line.substr(7);
            else if (line.rfind("language: ", 0) == 0)
                note.language = line.substr(10);
        }
        std::ostringstream rest;
        rest << in.rdbuf();
        note.text = rest.str();
        notes.push_back(std::move(note));
    }
    return notes;
}

} // namespace sagitta::core
