#include "core/text/jsonlnotes.h"

#include "core/base/error.h"
#include "core/text/encoding.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sagitta::core::text {

namespace od = simdjson::ondemand;

struct JsonlNoteReader::Impl {
    std::string path;
    int fd = -1;
    std::vector<char> buffer; // data, then SIMDJSON_PADDING readable bytes
    std::size_t begin = 0, end = 0;
    bool eof = false;
    int lineNo = 0;
    od::parser parser;
    std::string decoded;      // a line that was not UTF-8, decoded
    std::string fallbackText; // the text when nlohmann read the line

    std::size_t capacity() const { return buffer.size() - simdjson::SIMDJSON_PADDING; }

    // The next line without its '\n'; false at the end.
    bool nextLine(std::string_view &line)
    {
        for (;;) {
            if (const void *nl = std::memchr(buffer.data() + begin, '\n', end - begin)) {
                const std::size_t at = std::size_t(static_cast<const char *>(nl) - buffer.data());
                line = std::string_view(buffer.data() + begin, at - begin);
                begin = at + 1;
                return true;
            }
            if (eof) {
                if (begin == end)
                    return false;
                line = std::string_view(buffer.data() + begin, end - begin);
                begin = end;
                return true;
            }
            if (begin > 0) {
                std::memmove(buffer.data(), buffer.data() + begin, end - begin);
                end -= begin;
                begin = 0;
            }
            if (end == capacity()) // a line longer than the buffer: grow it
                buffer.resize(capacity() * 2 + simdjson::SIMDJSON_PADDING);
            const ssize_t got = ::read(fd, buffer.data() + end, capacity() - end);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                throw Error(path + ": cannot read: " + std::strerror(errno));
            if (got == 0)
                eof = true;
            end += std::size_t(got);
        }
    }

    // The line through nlohmann's parser: the full parse the fast path stands in for.
    void readSlowly(std::string_view bytes, JsonlNote &note)
    {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(bytes.begin(), bytes.end());
        } catch (const nlohmann::json::parse_error &e) {
            // The parser's message quotes the note: only the position is reported.
            note.problem = "not JSON (error at byte " + std::to_string(e.byte) + ")";
            return;
        }
        if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
            note.problem = "no \"text\" string";
            return;
        }
        if (j.contains("targets") && j["targets"].is_array())
            for (const auto &t : j["targets"])
                if (t.is_string())
                    note.targets.push_back(t.get<std::string>());
        if (j.contains("id"))
            note.id = j["id"].dump();
        fallbackText = std::move(j["text"].get_ref<std::string &>());
        note.text = fallbackText;
    }
};

namespace {

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view token)
{
    while (!token.empty() && isJsonSpace(token.back()))
        token.remove_suffix(1);
    return token;
}

// Validates a value completely (on-demand parsing otherwise skips what it is not asked for).
simdjson::error_code check(od::value value, int depth = 0)
{
    od::json_type type;
    if (auto e = value.type().get(type))
        return e;
    switch (type) {
    case od::json_type::array: {
        if (depth > 64)
            return simdjson::DEPTH_ERROR;
        od::array a;
        if (auto e = value.get_array().get(a))
            return e;
        for (auto element : a) {
            od::value v;
            if (auto e = element.get(v))
                return e;
            if (auto e = check(v, depth + 1))
                return e;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::object: {
        if (depth > 64)
            return simdjson::DEPTH_ERROR;
        od::object o;
        if (auto e = value.get_object().get(o))
            return e;
        for (auto field : o) {
            std::string_view key;
            if (auto e = field.unescaped_key().get(key))
                return e;
            od::value v;
            if (auto e = field.value().get(v))
                return e;
            if (auto e = check(v, depth + 1))
                return e;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::number: {
        od::number n;
        return value.get_number().get(n);
    }
    case od::json_type::string: {
        std::string_view s;
        return value.get_string().get(s);
    }
    case od::json_type::boolean: {
        bool b;
        return value.get_bool().get(b);
    }
    case od::json_type::null: {
        bool isNull = false;
        if (auto e = value.is_null().get(isNull))
            return e;
        return isNull ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    }
    return simdjson::TAPE_ERROR;
}

// A number nlohmann writes back exactly as it is written: an integer without leading zeros
// that fits 64 bits (and not "-0").
bool plainInteger(std::string_view s)
{
    std::size_t i = s.size() > 0 && s[0] == '-' ? 1 : 0;
    if (i >= s.size() || s.size() - i > 18)
        return false;
    if (s[i] == '0')
        return s.size() == 1;
    for (; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

// A string token nlohmann writes back exactly as it is written: no escapes in it.
bool plainString(std::string_view s)
{
    return s.size() >= 2 && s.front() == '"' && s.back() == '"' && s.find('\\') == std::string_view::npos;
}

} // namespace

JsonlNoteReader::JsonlNoteReader(const std::string &path) : m(std::make_unique<Impl>())
{
    m->path = path;
    m->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m->fd < 0)
        throw Error(path + ": cannot read: " + std::strerror(errno));
    m->buffer.resize((std::size_t(1) << 20) + simdjson::SIMDJSON_PADDING);
}

JsonlNoteReader::~JsonlNoteReader()
{
    if (m->fd >= 0)
        ::close(m->fd);
}

bool JsonlNoteReader::next(JsonlNote &note)
{
    std::string_view line;
    for (;;) {
        if (!m->nextLine(line))
            return false;
        ++m->lineNo;
        if (m->lineNo == 1 && line.substr(0, 3) == "\xef\xbb\xbf")
            line.remove_prefix(3);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos)
            break;
    }
    note.line = m->lineNo;
    note.text = {};
    note.id.clear();
    note.targets.clear();
    note.problem.clear();
    note.replaced = 0;

    // The bytes to parse, with SIMDJSON_PADDING readable bytes after them.
    std::string_view bytes = line;
    std::size_t room = std::size_t(m->buffer.data() + m->buffer.size() - line.data());
    if (!simdjson::validate_utf8(line.data(), line.size())) {
        m->decoded = decodeLine(std::string(line), nullptr, &note.replaced);
        m->decoded.reserve(m->decoded.size() + simdjson::SIMDJSON_PADDING);
        bytes = m->decoded;
        room = m->decoded.capacity();
    }

    // The fast path: everything checked, the fields read where they are.
    bool haveText = false, textIsString = false;
    auto fast = [&]() -> bool {
        od::document doc;
        if (m->parser.iterate(simdjson::padded_string_view(bytes.data(), bytes.size(), room)).get(doc))
            return false;
        od::object object;
        if (doc.get_object().get(object))
            return false;
        for (auto field : object) {
            std::string_view key;
            if (field.unescaped_key().get(key))
                return false;
            od::value value;
            if (field.value().get(value))
                return false;
            if (key == "text") {
                haveText = true;
                od::json_type type;
                if (value.type().get(type))
                    return false;
                textIsString = type == od::json_type::string;
                if (textIsString) {
                    if (value.get_string().get(note.text))
                        return false;
                } else if (check(value)) {
                    return false;
                }
            } else if (key == "targets") {
                note.targets.clear(); // a later "targets" replaces an earlier one, as in a full parse
                od::json_type type;
                if (value.type().get(type))
                    return false;
                if (type != od::json_type::array) {
                    if (check(value))
                        return false;
                    continue;
                }
                od::array targets;
                if (value.get_array().get(targets))
                    return false;
                for (auto element : targets) {
                    od::value v;
                    if (element.get(v) || v.type().get(type))
                        return false;
                    if (type == od::json_type::string) {
                        std::string_view s;
                        if (v.get_string().get(s))
                            return false;
                        note.targets.emplace_back(s);
                    } else if (check(v)) {
                        return false;
                    }
                }
            } else if (key == "id") {
                od::json_type type;
                std::string_view raw;
                if (value.type().get(type))
                    return false;
                if (type == od::json_type::number || type == od::json_type::string) {
                    raw = trimmed(value.raw_json_token());
                }
                if (check(value))
                    return false;
                if ((type == od::json_type::number && plainInteger(raw)) || (type == od::json_type::string && plainString(raw))) {
                    note.id.assign(raw);
                } else {
                    note.id.clear(); // written as nlohmann writes it: read again below
                    return false;
                }
            } else if (check(value)) {
                return false;
            }
        }
        // Nothing may follow the object.
        const char *after = nullptr;
        return doc.current_location().get(after) == simdjson::OUT_OF_BOUNDS;
    };
    if (fast() && haveText && textIsString)
        return true;
    note.text = {};
    note.id.clear();
    note.targets.clear();
    m->readSlowly(bytes, note);
    return true;
}

} // namespace sagitta::core::text
