// NoteStore: notes, their entity spans, links to series and the entity types users add (see
// project.h); the same database and class as project.cpp, kept apart by subject.
#include "core/base/error.h"
#include "core/project/project.h"
#include "core/project/sqlite.h"
#include "core/project/storedjson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

using nlohmann::json;

namespace sagitta::core {

std::string NoteStore::sourceKey(const Note &note)
{
    if (!note.externalId.empty())
        return "id:" + note.externalId;
    std::uint64_t h = 14695981039346656037ull; // FNV-1a 64
    for (const unsigned char c : note.text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return "text:" + std::string(hex) + ":" + std::to_string(note.text.size());
}

std::vector<NoteImport> NoteStore::importNotes(const std::vector<Note> &notes, const std::vector<std::vector<text::Span>> &spans)
{
    if (!spans.empty() && spans.size() != notes.size())
        throw Error("importNotes: one span list per note");
    std::vector<NoteImport> out;
    out.reserve(notes.size());
    sqlite::Transaction tx(*m_db);
    sqlite::Statement find(*m_db, "SELECT id, text = ?2, review_status = 'new' AND NOT EXISTS (SELECT 1 FROM spans"
                                  " WHERE note_id = notes.id AND (status <> 'proposed' OR source IN ('person', 'target')))"
                                  " FROM notes WHERE source_key = ?1");
    sqlite::Statement ins(*m_db, "INSERT INTO notes(patient_id, title, language, text, external_id, note_type, source_key)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    sqlite::Statement upd(*m_db, "UPDATE notes SET patient_id = ?2, title = ?3, language = ?4, text = ?5, note_type = ?6"
                                 " WHERE id = ?1");
    sqlite::Statement dropProposals(*m_db, "DELETE FROM spans WHERE note_id = ?1");
    std::size_t counts[4] = {0, 0, 0, 0};
    for (std::size_t n = 0; n < notes.size(); ++n) {
        const Note &note = notes[n];
        NoteImport r;
        find.bind(1, sourceKey(note)).bind(2, note.text);
        if (find.step()) {
            r.id = find.int64(0);
            const bool sameText = find.int64(1) != 0, untouched = find.int64(2) != 0;
            find.reset();
            r.kind = sameText ? NoteImport::Kind::Unchanged : untouched ? NoteImport::Kind::Updated : NoteImport::Kind::Kept;
            if (r.kind == NoteImport::Kind::Updated) {
                upd.bind(1, r.id).bind(2, note.patientId).bind(3, note.title).bind(4, note.language).bind(5, note.text);
                upd.bind(6, note.noteType).run();
                dropProposals.bind(1, r.id).run(); // offsets of the old text; only the engine's
                if (!spans.empty())
                    insertProposals(r.id, spans[n]);
            }
        } else {
            find.reset();
            ins.bind(1, note.patientId).bind(2, note.title).bind(3, note.language).bind(4, note.text).bind(5, note.externalId);
            ins.bind(6, note.noteType).bind(7, sourceKey(note)).run();
            r.id = m_db->lastInsertId();
            if (!spans.empty())
                insertProposals(r.id, spans[n]);
        }
        ++counts[int(r.kind)];
        out.push_back(r);
    }
    m_project.audit("notes.import", std::to_string(counts[0]) + " added, " + std::to_string(counts[2]) + " updated, "
                              + std::to_string(counts[1]) + " unchanged, " + std::to_string(counts[3]) + " kept");
    tx.commit();
    return out;
}

std::vector<std::int64_t> NoteStore::addNotes(const std::vector<Note> &notes, const std::vector<std::vector<text::Span>> &spans)
{
    std::vector<std::int64_t> ids;
    for (const NoteImport &r : importNotes(notes, spans))
        ids.push_back(r.id);
    linkNotesByPatient();
    return ids;
}

int NoteStore::insertProposals(std::int64_t noteId, const std::vector<text::Span> &spans)
{
    // A proposal where the note already has a span of that type and extent adds nothing.
    sqlite::Statement sp(*m_db, "INSERT INTO spans(note_id, start, end, type, source, status, negated, uncertain, historical,"
                                " hypothetical, experiencer, section, details, author)"
                                " SELECT ?1, ?2, ?3, ?4, ?5, 'proposed', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13"
                                " WHERE NOT EXISTS (SELECT 1 FROM spans WHERE note_id = ?1 AND start = ?2 AND end = ?3 AND type = ?4)");
    int added = 0;
    for (const text::Span &s : spans) {
        sp.bind(1, noteId).bind(2, s.start).bind(3, s.end).bind(4, s.type).bind(5, s.source);
        sp.bind(6, int(s.negated)).bind(7, int(s.uncertain)).bind(8, int(s.historical)).bind(9, int(s.hypothetical));
        sp.bind(10, s.experiencer).bind(11, s.section).bind(12, json(s.details).dump()).bind(13, "sagitta:" + s.source).run();
        added += m_db->changes();
    }
    return added;
}

int NoteStore::addProposals(const std::vector<std::int64_t> &noteIds, const std::vector<std::vector<text::Span>> &spans)
{
    if (noteIds.size() != spans.size())
        throw Error("addProposals: one span list per note");
    // Short transactions (about 256 notes each): the write lock is never held for long.
    constexpr std::size_t kBatch = 256;
    int added = 0;
    for (std::size_t from = 0; from < noteIds.size(); from += kBatch) {
        const std::size_t to = std::min(noteIds.size(), from + kBatch);
        sqlite::Transaction tx(*m_db);
        int batch = 0;
        for (std::size_t n = from; n < to; ++n)
            batch += insertProposals(noteIds[n], spans[n]);
        m_project.audit("spans.propose", std::to_string(batch) + " span(s) in " + std::to_string(to - from) + " note(s)");
        tx.commit();
        added += batch;
    }
    return added;
}

std::vector<Note> NoteStore::notes() const
{
    std::vector<Note> out;
    sqlite::Statement st(*m_db, "SELECT id, patient_id, title, language, text, external_id, note_type, review_status"
                                " FROM notes ORDER BY id");
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6), st.text(7)});
    return out;
}

std::vector<std::int64_t> NoteStore::filterNotes(const NoteFilter &f) const
{
    // Span text is the note's substring: SQLite's substr counts characters, as span offsets do.
    std::string sql = "SELECT id FROM notes n WHERE 1";
    if (!f.text.empty())
        sql += " AND (instr(lower(n.title), lower(?1)) OR instr(lower(n.note_type), lower(?1)) OR instr(lower(n.text), lower(?1)))";
    if (!f.noteType.empty())
        sql += " AND n.note_type = ?2";
    if (!f.reviewStatus.empty())
        sql += " AND n.review_status = ?3";
    if (f.seriesId != 0)
        sql += " AND EXISTS (SELECT 1 FROM note_series l WHERE l.note_id = n.id AND l.series_id = ?5)";
    if (!f.entity.empty()) {
        sql += " AND EXISTS (SELECT 1 FROM spans s WHERE s.note_id = n.id AND s.status <> 'rejected'"
               " AND (s.type = upper(?4) OR instr(lower(substr(n.text, s.start + 1, s.end - s.start)), lower(?4)))";
        if (f.affirmedOnly)
            sql += " AND s.negated = 0 AND s.uncertain = 0 AND s.hypothetical = 0 AND s.experiencer = 'patient'";
        sql += ")";
    }
    sql += " ORDER BY id";
    sqlite::Statement st(*m_db, sql);
    if (!f.text.empty())
        st.bind(1, f.text);
    if (!f.noteType.empty())
        st.bind(2, f.noteType);
    if (!f.reviewStatus.empty())
        st.bind(3, f.reviewStatus);
    if (!f.entity.empty())
        st.bind(4, f.entity);
    if (f.seriesId != 0)
        st.bind(5, f.seriesId);
    std::vector<std::int64_t> ids;
    while (st.step())
        ids.push_back(st.int64(0));
    return ids;
}

std::vector<std::string> NoteStore::noteTypes() const
{
    std::vector<std::string> out;
    sqlite::Statement st(*m_db, "SELECT DISTINCT note_type FROM notes WHERE note_type <> '' ORDER BY note_type");
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

void NoteStore::setNoteStatus(std::int64_t noteId, const std::string &status)
{
    if (status != "new" && status != "in progress" && status != "done")
        throw Error("unknown review status '" + status + "' (new, in progress, done)");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "UPDATE notes SET review_status = ?2 WHERE id = ?1 AND review_status <> ?2");
    st.bind(1, noteId).bind(2, status).run();
    if (m_db->changes() == 1) {
        sqlite::Statement log(*m_db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, 'note.status', ?2)");
        log.bind(1, Project::currentUser()).bind(2, "note " + std::to_string(noteId) + " " + status).run();
    }
    tx.commit();
}

void NoteStore::linkNoteToSeries(std::int64_t noteId, std::int64_t seriesId)
{
    changeNoteLink(noteId, seriesId, true);
}

void NoteStore::unlinkNoteFromSeries(std::int64_t noteId, std::int64_t seriesId)
{
    changeNoteLink(noteId, seriesId, false);
}

void NoteStore::changeNoteLink(std::int64_t noteId, std::int64_t seriesId, bool link)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, link ? "INSERT OR IGNORE INTO note_series(note_id, series_id) VALUES (?1, ?2)"
                                     : "DELETE FROM note_series WHERE note_id = ?1 AND series_id = ?2");
    st.bind(1, noteId).bind(2, seriesId).run();
    m_project.audit(link ? "note.link" : "note.unlink", "note " + std::to_string(noteId) + " series " + std::to_string(seriesId));
    tx.commit();
}

namespace {
// The first column of every row, as ids.
std::vector<std::int64_t> idColumn(sqlite::Statement &st)
{
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}
} // namespace

std::vector<std::int64_t> NoteStore::seriesOfNote(std::int64_t noteId) const
{
    sqlite::Statement st(*m_db, "SELECT series_id FROM note_series WHERE note_id = ?1 ORDER BY series_id");
    st.bind(1, noteId);
    return idColumn(st);
}

std::vector<std::int64_t> NoteStore::notesOfSeries(std::int64_t seriesId) const
{
    sqlite::Statement st(*m_db, "SELECT note_id FROM note_series WHERE series_id = ?1 ORDER BY note_id");
    st.bind(1, seriesId);
    return idColumn(st);
}

int NoteStore::linkNotesByPatient()
{
    sqlite::Transaction tx(*m_db);
    m_db->exec("INSERT OR IGNORE INTO note_series(note_id, series_id) SELECT n.id, s.id FROM notes n"
               " JOIN series s ON s.patient_id = n.patient_id WHERE n.patient_id <> ''");
    const int added = m_db->changes();
    if (added > 0)
        m_project.audit("note.link", std::to_string(added) + " link(s) by patient ID");
    tx.commit();
    return added;
}

const std::vector<std::string> &NoteStore::builtinEntityTypes()
{
    static const std::vector<std::string> types{"PROBLEM", "MEDICATION", "ANATOMY", "PROCEDURE", "TEST",
                                                "DOSE", "ROUTE", "FREQUENCY", "DURATION", "TARGET"};
    return types;
}

namespace {

std::string joinLines(const std::vector<std::string> &terms)
{
    std::string out;
    for (const std::string &t : terms) {
        if (t.find_first_of("\t\n") != std::string::npos)
            throw Error("a term may not hold a tab or a line break");
        if (!t.empty())
            out += t + "\n";
    }
    return out;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        if (end > at)
            out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

} // namespace

std::vector<EntityType> NoteStore::entityTypes() const
{
    std::vector<EntityType> out;
    sqlite::Statement st(*m_db, "SELECT id, name, rgb, terms FROM entity_types ORDER BY id");
    while (st.step())
        out.push_back({st.int64(0), st.text(1), std::uint32_t(st.int64(2)), splitLines(st.text(3))});
    return out;
}

EntityType NoteStore::addEntityType(const std::string &name, std::uint32_t rgb, const std::vector<std::string> &terms)
{
    if (name.empty() || name.size() > 32
        || !std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; })
        || !(name[0] >= 'A' && name[0] <= 'Z'))
        throw Error("entity type '" + name + "': use 1-32 upper-case letters, digits or _, starting with a letter");
    const auto &builtin = builtinEntityTypes();
    if (std::find(builtin.begin(), builtin.end(), name) != builtin.end())
        throw Error("entity type '" + name + "' is built in");
    for (const EntityType &t : entityTypes())
        if (t.name == name)
            throw Error("entity type '" + name + "' exists already");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT INTO entity_types(name, rgb, terms) VALUES (?1, ?2, ?3)");
    st.bind(1, name).bind(2, std::int64_t(rgb & 0xffffff)).bind(3, joinLines(terms)).run();
    EntityType t{m_db->lastInsertId(), name, rgb & 0xffffff, terms};
    m_project.audit("entity_type.add", name + ", " + std::to_string(terms.size()) + " term(s)");
    tx.commit();
    return t;
}

void NoteStore::updateEntityType(const EntityType &t)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "UPDATE entity_types SET rgb = ?2, terms = ?3 WHERE id = ?1");
    st.bind(1, t.id).bind(2, std::int64_t(t.rgb & 0xffffff)).bind(3, joinLines(t.terms)).run();
    if (m_db->changes() != 1)
        throw Error(m_project.path() + ": no entity type " + std::to_string(t.id));
    m_project.audit("entity_type.update", t.name + ", " + std::to_string(t.terms.size()) + " term(s)");
    tx.commit();
}

std::vector<std::string> NoteStore::spanAuthors() const
{
    std::vector<std::string> out;
    sqlite::Statement engine(*m_db, "SELECT 1 FROM spans WHERE source NOT IN ('person', 'target') LIMIT 1");
    if (engine.step())
        out.push_back(kEngineAuthor);
    sqlite::Statement st(*m_db, "SELECT DISTINCT author FROM spans WHERE status = 'accepted' AND author NOT LIKE 'sagitta:%'"
                                " ORDER BY author");
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

std::vector<text::Span> NoteStore::spansBy(std::int64_t noteId, const std::string &author) const
{
    std::vector<text::Span> out;
    for (text::Span &s : spans(noteId)) {
        const bool engine = s.source != "person" && s.source != "target";
        if (author == kEngineAuthor ? engine : s.status == "accepted" && s.author == author)
            out.push_back(std::move(s));
    }
    return out;
}

std::vector<text::Span> NoteStore::spans(std::int64_t noteId) const
{
    std::vector<text::Span> out;
    sqlite::Statement st(*m_db, "SELECT id, start, end, type, source, status, negated, uncertain, historical, hypothetical,"
                                " experiencer, section, details, author FROM spans WHERE note_id = ?1 ORDER BY start, end DESC, id");
    st.bind(1, noteId);
    while (st.step()) {
        text::Span s;
        s.id = st.int64(0);
        s.start = int(st.int64(1));
        s.end = int(st.int64(2));
        s.type = st.text(3);
        s.source = st.text(4);
        s.status = st.text(5);
        s.negated = st.int64(6) != 0;
        s.uncertain = st.int64(7) != 0;
        s.historical = st.int64(8) != 0;
        s.hypothetical = st.int64(9) != 0;
        s.experiencer = st.text(10);
        s.section = st.text(11);
        s.details = parseStoredJson(st.text(12), m_project.path() + ": span " + std::to_string(s.id) + " details")
                        .get<std::map<std::string, std::string>>();
        s.author = st.text(13);
        out.push_back(std::move(s));
    }
    return out;
}

bool NoteStore::hasSpans(std::int64_t noteId) const
{
    sqlite::Statement st(*m_db, "SELECT 1 FROM spans WHERE note_id = ?1 LIMIT 1");
    st.bind(1, noteId);
    return st.step();
}

std::vector<std::int64_t> NoteStore::addSpans(std::int64_t noteId, const std::vector<text::Span> &spans, const std::string &status,
                                            const std::string &author)
{
    std::vector<std::int64_t> ids;
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT INTO spans(note_id, start, end, type, source, status, negated, uncertain, historical,"
                                " hypothetical, experiencer, section, details, author)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    const std::string user = Project::currentUser();
    for (const text::Span &s : spans) {
        st.bind(1, noteId).bind(2, s.start).bind(3, s.end).bind(4, s.type).bind(5, s.source).bind(6, status);
        st.bind(7, int(s.negated)).bind(8, int(s.uncertain)).bind(9, int(s.historical)).bind(10, int(s.hypothetical));
        st.bind(11, s.experiencer).bind(12, s.section).bind(13, json(s.details).dump());
        st.bind(14, !author.empty() ? author : s.source == "person" ? user : std::string("sagitta:") + s.source).run();
        ids.push_back(m_db->lastInsertId());
    }
    if (status != "proposed") { // a person's work starts the note's review
        sqlite::Statement review(*m_db, "UPDATE notes SET review_status = 'in progress' WHERE id = ?1 AND review_status = 'new'");
        review.bind(1, noteId).run();
    }
    sqlite::Statement log(*m_db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, 'spans.add', ?2)");
    log.bind(1, user).bind(2, "note " + std::to_string(noteId) + ", " + std::to_string(spans.size()) + " span(s) " + status).run();
    tx.commit();
    return ids;
}

void NoteStore::setSpanStatus(std::int64_t spanId, const std::string &status)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "UPDATE spans SET status = ?2, author = ?3,"
                                " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1");
    st.bind(1, spanId).bind(2, status).bind(3, Project::currentUser()).run();
    if (m_db->changes() != 1)
        throw Error(m_project.path() + ": no span " + std::to_string(spanId));
    sqlite::Statement review(*m_db, "UPDATE notes SET review_status = 'in progress' WHERE review_status = 'new'"
                                    " AND id = (SELECT note_id FROM spans WHERE id = ?1)");
    review.bind(1, spanId).run();
    sqlite::Statement log(*m_db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, 'span.status', ?2)");
    log.bind(1, Project::currentUser()).bind(2, "span " + std::to_string(spanId) + " " + status).run();
    tx.commit();
}

} // namespace sagitta::core
