#pragma once
// The project file: one SQLite database (.sagitta) holding series references, segments, label
// chunks, notes, training runs and the audit log, each kind of data behind its store
// (SeriesStore, LabelStore, NoteStore, TrainingStore) over the one connection. WAL with synchronous=FULL: every committed edit survives a
// crash or power loss. Schema versions move forward by the numbered scripts in resources/sql.
// Not thread-safe: use a Project from one thread (the GUI thread in the app).
#include "core/project/labelstore.h"
#include "core/project/notestore.h"
#include "core/project/seriesstore.h"
#include "core/project/trainingstore.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sagitta::core {

namespace sqlite {
class Database;
}

struct AuditEntry {
    std::string at, user, action, detail;
};

// A person who works on the project, with their role: "annotator" (draws, annotates, submits),
// "reviewer" (also approves or rejects a label map's review) or "administrator" (also manages
// the users). A project without users is single-user as before: everyone may do everything.
struct User {
    std::string name, role;
};

class Project {
public:
    static constexpr int kSchemaVersion = 15; // the highest resources/sql migration

    // ReadOnly changes nothing in the file (no migration, no audit row) and works on read-only
    // files and in read-only folders; writes then throw core::Error. Auto is ReadWrite where the
    // file and its folder can be written, ReadOnly elsewhere.
    enum class Access { ReadWrite, ReadOnly, Auto };

    // Creates a new project file: built under a temporary name in the same folder and renamed
    // into place once its schema is complete, so a crash never leaves a half-made project at
    // path. Throws core::Error if path exists or cannot be written.
    // With a passphrase (given, or remembered for the path or for every project) the whole file
    // (and its WAL) is encrypted by SQLCipher; the passphrase is remembered in this process's
    // memory for the path (rememberPassphrase), never written.
    static std::unique_ptr<Project> create(const std::string &path, const std::string &passphrase = {});
    // Opens an existing project, migrating an older schema forward (ReadWrite). Throws
    // core::Error with a clear message for a missing, foreign, damaged or newer file, and
    // leaves it untouched.
    static std::unique_ptr<Project> open(const std::string &path, Access access = Access::ReadWrite);
    // An encrypted project opens with the passphrase remembered for its path; without one, or with
    // a wrong one, open throws WrongPassphrase and reads nothing.
    static std::unique_ptr<Project> openOrCreate(const std::string &path);

    // Whether the file is an encrypted project (or not a SQLite file at all): it does not begin
    // with SQLite's plain header.
    static bool isEncrypted(const std::string &path);
    // Passphrases a person gave this process (command line, dialog), by project file; kept in
    // memory only. Every connection to that file (a job's, a worker's) uses it. An empty path
    // remembers it for every project this process opens or creates (the command line's).
    static void rememberPassphrase(const std::string &path, const std::string &passphrase);
    static void forgetPassphrase(const std::string &path);
    // Writes the project again under a new passphrase (empty: unencrypted) as a new file beside it
    // and renames it into place, so a failure leaves the old file as it was. The current
    // passphrase must have been remembered. Refused while another program has the project open.
    static void rekey(const std::string &path, const std::string &newPassphrase);
    ~Project();

    bool readOnly() const;
    // How long a write waits for another connection's lock before it throws core::Busy
    // (5000 ms unless set).
    void setBusyTimeout(int milliseconds);

    const std::string &path() const { return m_path; }
    std::string folder() const;
    int schemaVersion() const;

    // The stores, one per kind of data, over this project's one database and connection.
    SeriesStore &seriesStore() { return m_series; }
    const SeriesStore &seriesStore() const { return m_series; }
    LabelStore &labelStore() { return m_labels; }
    const LabelStore &labelStore() const { return m_labels; }
    NoteStore &noteStore() { return m_notes; }
    const NoteStore &noteStore() const { return m_notes; }
    TrainingStore &trainingStore() { return m_training; }
    const TrainingStore &trainingStore() const { return m_training; }

    // Checks the file without changing it (works read-only): SQLite's integrity_check and
    // foreign_key_check, application id and schema version, every label map on its series'
    // grid with chunk edge 32, every label chunk belonging to an existing label map, its index
    // in range (of a layer 0..254) and decompressing to exactly 32^3 bytes, label values that no
    // segment explains or that lie on another layer than their segment's, and segments' label
    // values in 1..255. Returns one line per problem (empty: all good).
    std::vector<std::string> verify() const;

    // Audit log (append-only). Stores write their row in the transaction of the change.
    void audit(const std::string &action, const std::string &detail = {});
    std::vector<AuditEntry> auditLog() const;

    // Who this process works as: the user chosen on open (setCurrentUser: --user, the GUI's
    // dialog), else $SAGITTA_USER, $USER or $LOGNAME. Every audit row, label map, span, comment and
    // measurement carries it. A project with users opens only for one of them.
    static std::string currentUser();
    static void setCurrentUser(const std::string &name);

    // The project's users (empty: single-user, no roles).
    std::vector<User> users() const;
    // The users of a project file, read (read-only) before choosing who opens it, with the
    // remembered passphrase (WrongPassphrase without it); none for a file it cannot read.
    static std::vector<User> usersOf(const std::string &path);
    // Administrators add and remove users; the first user added must be an administrator, and
    // the last administrator cannot be removed. Throws core::Error otherwise.
    void addUser(const std::string &name, const std::string &role);
    void removeUser(const std::string &name);
    // The current user's role; empty in a project without users.
    std::string currentRole() const;
    // Throws core::Error ("NAME (annotator) may not approve ...") unless the current user's role
    // is one of those given (a project without users allows everything).
    void requireRole(const std::vector<std::string> &roles, const std::string &what) const;

private:
    Project(std::unique_ptr<sqlite::Database> db, std::string path);
    static std::unique_ptr<Project> openUnchecked(const std::string &path, Access access);
    void configure();
    void migrate();

    std::unique_ptr<sqlite::Database> m_db;
    std::string m_path;
    SeriesStore m_series;
    LabelStore m_labels;
    NoteStore m_notes;
    TrainingStore m_training;
};

} // namespace sagitta::core
