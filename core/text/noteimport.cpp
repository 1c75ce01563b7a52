#include "core/text/noteimport.h"

#include "core/base/error.h"
#include "core/text/annotator.h"
#include "core/text/encoding.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sagitta::core::text {

std::vector<std::vector<std::string>> parseCsv(const std::string &s)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n')
                ++i;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
            }
            row.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (quoted)
        throw Error("a quoted field is not closed");
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace {

int findColumn(const std::vector<std::string> &header, const std::string &wanted, std::initializer_list<const char *> guesses)
{
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        return s;
    };
    std::vector<std::string> names;
    for (const std::string &h : header)
        names.push_back(lower(h));
    if (!wanted.empty()) {
        const auto it = std::find(names.begin(), names.end(), lower(wanted));
        return it == names.end() ? -2 : int(it - names.begin());
    }
    for (const char *g : guesses) {
        const auto it = std::find(names.begin(), names.end(), std::string(g));
        if (it != names.end())
            return int(it - names.begin());
    }
    return -1;
}

void finish(Note &n)
{
    n.language = languageCode(detectLanguage(n.text));
    if (n.title.empty()) {
        n.title = n.text.substr(0, n.text.find('\n'));
        if (n.title.size() > 60)
            n.title = n.title.substr(0, 57) + "...";
    }
}

} // namespace

std::vector<Note> readNotes(const std::string &path, const NoteColumns &columns)
{
    const std::string content = readTextFile(path);
    const std::string ext = std::filesystem::path(path).extension().string();
    std::vector<Note> notes;
    if (ext == ".csv" || ext == ".CSV") {
        std::vector<std::vector<std::string>> rows;
        try {
            rows = parseCsv(content);
        } catch (const std::exception &e) {
            throw Error(path + ": " + e.what());
        }
        if (rows.empty())
            throw Error(path + ": no header row");
        const auto &header = rows.front();
        const int text = findColumn(header, columns.text, {"text", "note", "note_text", "report"});
        const int id = findColumn(header, columns.id, {"row_id", "note_id", "id"});
        const int patient = findColumn(header, columns.patient, {"subject_id", "patient_id", "patient", "mrn"});
        const int type = findColumn(header, columns.type, {"category", "note_type", "type"});
        const int description = findColumn(header, {}, {"description"});
        if (text < 0)
            throw Error(path + ": no text column" + (columns.text.empty() ? std::string(" (use TEXT or name it)") : " named " + columns.text));
        for (const int c : {id, patient, type})
            if (c == -2)
                throw Error(path + ": a column named on the command line is not in the header");
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const auto &row = rows[r];
            if (int(row.size()) <= text)
                throw Error(path + ": row " + std::to_string(r + 1) + " has " + std::to_string(row.size()) + " fields");
            Note n;
            n.text = row[std::size_t(text)];
            auto cell = [&](int c) { return c >= 0 && c < int(row.size()) ? row[std::size_t(c)] : std::string(); };
            n.externalId = cell(id);
            n.patientId = cell(patient);
            n.noteType = cell(type);
            n.title = n.noteType.empty() ? std::string() : n.noteType + (cell(description).empty() ? "" : ": " + cell(description));
            finish(n);
            notes.push_back(std::move(n));
        }
    } else if (ext == ".jsonl") {
        std::istringstream lines(content);
        std::string line;
        int lineNo = 0;
        while (std::getline(lines, line)) {
            ++lineNo;
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            nlohmann::json j;
            try {
                j = nlohmann::json::parse(line);
            } catch (const std::exception &) {
                throw Error(path + ":" + std::to_string(lineNo) + ": not JSON");
            }
            if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
                throw Error(path + ":" + std::to_string(lineNo) + ": no \"text\" string");
            Note n;
            n.text = j["text"].get<std::string>();
            auto str = [&](const char *k) {
                return j.contains(k) ? (j[k].is_string() ? j[k].get<std::string>() : j[k].dump()) : std::string();
            };
            n.externalId = str("id");
            n.patientId = str("patient_id");
            n.noteType = str("type");
            n.title = str("title");
            finish(n);
            notes.push_back(std::move(n));
        }
    } else {
        Note n;
        n.text = content;
        n.externalId = std::filesystem::path(path).stem().string();
        n.title = n.externalId;
        finish(n);
        notes.push_back(std::move(n));
    }
    return notes;
}

} // namespace sagitta::core::text
