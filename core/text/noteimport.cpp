#include "core/text/noteimport.h"

#include "core/base/error.h"
#include "core/text/annotator.h"
#include "core/text/encoding.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
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

std::vector<std::string> splitCsvRecord(const std::string &record)
{
    std::vector<std::vector<std::string>> rows = parseCsv(record);
    return rows.empty() ? std::vector<std::string>() : std::move(rows.front());
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

NoteReader::NoteReader(const std::string &path, const NoteColumns &columns) : m_path(path)
{
    const std::string ext = std::filesystem::path(path).extension().string();
    m_kind = ext == ".csv" || ext == ".CSV" ? Kind::Csv : ext == ".jsonl" || ext == ".JSONL" ? Kind::Jsonl : Kind::Text;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path + ": is a folder, not a notes file");
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file)
        throw Error(path + ": cannot read: " + std::strerror(errno));
    m_size = std::filesystem::file_size(path, ec);
    char bom[3] = {0, 0, 0};
    file->read(bom, 3);
    const std::streamsize got = file->gcount();
    file->clear();
    const bool utf16 = got >= 2 && ((bom[0] == '\xff' && bom[1] == '\xfe') || (bom[0] == '\xfe' && bom[1] == '\xff'));
    const bool utf8Bom = got == 3 && bom[0] == '\xef' && bom[1] == '\xbb' && bom[2] == '\xbf';
    if (utf16 && m_kind != Kind::Text) {
        // UTF-16 cannot be split on byte values: decode it whole (its lines are UTF-8 then).
        m_in = std::make_unique<std::istringstream>(readTextFile(path));
    } else {
        file->seekg(utf8Bom ? 3 : 0);
        m_in = std::move(file);
    }
    if (m_kind != Kind::Csv)
        return;
    std::string header;
    std::int64_t line = 0;
    if (!readRecord(header, line))
        throw Error(path + ": no header row");
    std::vector<std::string> names;
    try {
        names = splitCsvRecord(decodeLine(header));
    } catch (const std::exception &e) {
        throw Error(path + ":" + std::to_string(line) + ": " + e.what());
    }
    m_text = findColumn(names, columns.text, {"text", "note", "note_text", "report"});
    m_id = findColumn(names, columns.id, {"row_id", "note_id", "id"});
    m_patient = findColumn(names, columns.patient, {"subject_id", "patient_id", "patient", "mrn"});
    m_type = findColumn(names, columns.type, {"category", "note_type", "type"});
    m_description = findColumn(names, {}, {"description"});
    if (m_text < 0)
        throw Error(path + ": no text column" + (columns.text.empty() ? std::string(" (use TEXT or name it)") : " named " + columns.text));
    for (const int c : {m_id, m_patient, m_type})
        if (c == -2)
            throw Error(path + ": a column named on the command line is not in the header");
}

NoteReader::~NoteReader() = default;

double NoteReader::fraction() const
{
    if (m_done || m_size == 0)
        return 1.0;
    const std::streamoff at = m_in->tellg();
    return at < 0 ? 1.0 : std::min(1.0, double(at) / double(m_size));
}

void NoteReader::problem(std::int64_t line, const std::string &reason)
{
    if (m_problems.size() < kMaxProblems)
        m_problems.push_back(m_path + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + reason);
    ++m_problemCount;
}

bool NoteReader::readRecord(std::string &bytes, std::int64_t &line)
{
    bytes.clear();
    std::string more;
    while (true) {
        if (!std::getline(*m_in, bytes))
            return false;
        line = ++m_line;
        if (m_kind != Kind::Csv || bytes.find_first_not_of(" \t\r") != std::string::npos)
            break;
    }
    if (m_kind == Kind::Csv) {
        // A quoted field may hold line breaks: read on while the quotes are open. Quote bytes
        // never occur inside UTF-8 or GB18030 characters, so the raw bytes can be counted.
        std::size_t quotes = std::size_t(std::count(bytes.begin(), bytes.end(), '"'));
        while (quotes % 2 == 1 && std::getline(*m_in, more)) {
            ++m_line;
            bytes += '\n';
            bytes += more;
            quotes += std::size_t(std::count(more.begin(), more.end(), '"'));
        }
    }
    if (!bytes.empty() && bytes.back() == '\r')
        bytes.pop_back();
    return true;
}

bool NoteReader::noteFromCsv(const std::string &record, std::int64_t line, Note &n)
{
    std::vector<std::string> row;
    try {
        row = splitCsvRecord(record);
    } catch (const std::exception &e) {
        problem(line, e.what());
        return false;
    }
    if (int(row.size()) <= m_text) {
        problem(line, "the row has " + std::to_string(row.size()) + " field(s), the text is in field " + std::to_string(m_text + 1));
        return false;
    }
    auto cell = [&](int c) { return c >= 0 && c < int(row.size()) ? row[std::size_t(c)] : std::string(); };
    n.text = std::move(row[std::size_t(m_text)]);
    n.externalId = cell(m_id);
    n.patientId = cell(m_patient);
    n.noteType = cell(m_type);
    n.title = n.noteType.empty() ? std::string() : n.noteType + (cell(m_description).empty() ? "" : ": " + cell(m_description));
    return true;
}

bool NoteReader::noteFromJson(const std::string &record, std::int64_t line, Note &n)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(record);
    } catch (const nlohmann::json::parse_error &e) {
        // The parser's own message quotes the text it read: patient data stays out of reports.
        problem(line, "not JSON (error at byte " + std::to_string(e.byte) + ")");
        return false;
    }
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
        problem(line, "no \"text\" string");
        return false;
    }
    n.text = j["text"].get<std::string>();
    auto str = [&](const char *k) {
        return j.contains(k) && !j[k].is_null() ? (j[k].is_string() ? j[k].get<std::string>() : j[k].dump()) : std::string();
    };
    n.externalId = str("id");
    n.patientId = str("patient_id");
    n.noteType = str("type");
    n.title = str("title");
    return true;
}

std::vector<Note> NoteReader::next(std::size_t maxNotes, std::size_t maxBytes)
{
    std::vector<Note> notes;
    if (m_done)
        return notes;
    if (m_kind == Kind::Text) {
        // One note per file.
        m_done = true;
        Note n;
        int replaced = 0;
        std::ostringstream raw;
        raw << m_in->rdbuf();
        n.text = decodeText(raw.str(), nullptr, &replaced);
        if (replaced > 0)
            problem(0, std::to_string(replaced) + " byte(s) valid in no supported encoding were replaced by U+FFFD");
        if (n.text.find_first_not_of(" \t\r\n") == std::string::npos) {
            problem(0, "the file holds no text: no note");
            return notes;
        }
        n.externalId = std::filesystem::path(m_path).stem().string();
        n.title = n.externalId;
        finish(n);
        notes.push_back(std::move(n));
        return notes;
    }
    std::string record;
    std::int64_t line = 0;
    std::size_t bytes = 0;
    while (notes.size() < maxNotes && bytes < maxBytes) {
        if (!readRecord(record, line)) {
            m_done = true;
            break;
        }
        if (m_kind == Kind::Jsonl && record.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        int replaced = 0;
        const std::string decoded = decodeLine(record, nullptr, &replaced);
        if (replaced > 0)
            problem(line, std::to_string(replaced) + " byte(s) valid in no supported encoding were replaced by U+FFFD");
        Note n;
        if (!(m_kind == Kind::Csv ? noteFromCsv(decoded, line, n) : noteFromJson(decoded, line, n)))
            continue;
        if (n.text.find_first_not_of(" \t\r\n") == std::string::npos) {
            problem(line, "empty text: no note");
            continue;
        }
        finish(n);
        bytes += n.text.size();
        notes.push_back(std::move(n));
    }
    return notes;
}

std::vector<Note> readNotes(const std::string &path, const NoteColumns &columns, std::vector<std::string> *problems)
{
    NoteReader reader(path, columns);
    std::vector<Note> notes;
    for (std::vector<Note> batch; !(batch = reader.next(4096)).empty();)
        for (Note &n : batch)
            notes.push_back(std::move(n));
    if (problems) {
        *problems = reader.problems();
    } else if (reader.problemCount() > 0) {
        const std::size_t more = reader.problemCount() - 1;
        throw Error(reader.problems().front() + (more ? " (and " + std::to_string(more) + " more)" : std::string()));
    }
    return notes;
}

} // namespace sagitta::core::text
