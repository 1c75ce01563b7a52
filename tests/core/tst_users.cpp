// People and roles (resources/sql/0014_users.sql): a project without users works as before
// (everyone may do everything); with users it opens only for one of them, an annotator cannot
// approve or reject a review, a reviewer can, only an administrator manages users (the first user
// must be one, the last cannot go), and the audit log names who did what. Error messages about
// stored JSON never quote what was stored (a note's text).
#include "core/base/error.h"
#include "core/project/project.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace sagitta::core;

namespace {

SeriesRecord fakeSeries()
{
    SeriesRecord r;
    r.seriesUid = "1.2.826.0.1.3680043.2.7";
    r.modality = "CT";
    r.geometry.dims = {40, 40, 10};
    r.geometry.spacing = {1.0, 1.0, 2.0};
    r.files = {"/data/a.dcm"};
    return r;
}

// Works as `name` for the rest of the scope.
struct As {
    explicit As(const std::string &name) { Project::setCurrentUser(name); }
    ~As() { Project::setCurrentUser({}); }
};

bool lastAuditIs(Project &p, const std::string &user, const std::string &action)
{
    const auto log = p.auditLog();
    return !log.empty() && log.back().user == user && log.back().action == action;
}

} // namespace

class TstUsers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void projectWithoutUsersAllowsEverything()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("solo.sagitta")).toStdString();
        auto p = Project::create(path);
        QVERIFY(p->users().empty());
        QVERIFY(p->currentRole().empty());
        const std::int64_t id = p->seriesStore().addSeries(fakeSeries());
        p->labelStore().addSegment(id, "Lesion", 0xff0000);
        p->labelStore().setLabelMapStatus(id, "approved");
        QCOMPARE(p->labelStore().labelMapStatus(id), std::string("approved"));
        QVERIFY(lastAuditIs(*p, Project::currentUser(), "labels.review"));
    }

    void rolesDecideWhoApproves()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("team.sagitta")).toStdString();
        std::int64_t id = 0;
        {
            auto p = Project::create(path);
            // The first user must be an administrator.
            QVERIFY_THROWS_EXCEPTION(Error, p->addUser("ann", "annotator"));
            QVERIFY_THROWS_EXCEPTION(Error, p->addUser("ann", "boss"));
            p->addUser("ada", "administrator");
            id = p->seriesStore().addSeries(fakeSeries());
        }
        {
            // Someone who is not a user cannot open it.
            As stranger("mallory");
            try {
                Project::open(path);
                QFAIL("a stranger opened a project with users");
            } catch (const Error &e) {
                QVERIFY2(std::string(e.what()).find("not one of this project's users") != std::string::npos, e.what());
            }
        }
        {
            As admin("ada");
            auto p = Project::open(path);
            QCOMPARE(p->currentRole(), std::string("administrator"));
            p->addUser("ann", "annotator");
            p->addUser("rex", "reviewer");
            QVERIFY(lastAuditIs(*p, "ada", "users.add"));
            QVERIFY_THROWS_EXCEPTION(Error, p->addUser("rex", "reviewer")); // a user already
            QVERIFY_THROWS_EXCEPTION(Error, p->removeUser("ada"));          // the last administrator
            QCOMPARE(int(p->users().size()), 3);
        }
        {
            As annotator("ann");
            auto p = Project::open(path);
            p->labelStore().addSegment(id, "Lesion", 0xff0000); // her own label map
            QCOMPARE(p->labelStore().labelMap(id, "ann")->author, std::string("ann"));
            p->labelStore().setLabelMapStatus(id, "submitted", "done", "ann");
            QVERIFY(lastAuditIs(*p, "ann", "labels.review"));
            try {
                p->labelStore().setLabelMapStatus(id, "approved", {}, "ann");
                QFAIL("an annotator approved a review");
            } catch (const Error &e) {
                QVERIFY2(std::string(e.what()).find("ann (annotator) may not approve") != std::string::npos, e.what());
            }
            QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().setLabelMapStatus(id, "rejected", {}, "ann"));
            QCOMPARE(p->labelStore().labelMapStatus(id, "ann"), std::string("submitted")); // unchanged
            QVERIFY_THROWS_EXCEPTION(Error, p->addUser("eve", "administrator"));     // not an administrator
            QVERIFY_THROWS_EXCEPTION(Error, p->removeUser("rex"));
        }
        {
            As reviewer("rex");
            auto p = Project::open(path);
            p->labelStore().setLabelMapStatus(id, "approved", "fine", "ann");
            QCOMPARE(p->labelStore().labelMapStatus(id, "ann"), std::string("approved"));
            QVERIFY(lastAuditIs(*p, "rex", "labels.review"));
            QCOMPARE(p->labelStore().labelComments(id, "ann").back().user, std::string("rex"));
        }
        {
            As admin("ada");
            auto p = Project::open(path);
            p->removeUser("rex");
            QVERIFY(lastAuditIs(*p, "ada", "users.remove"));
            QCOMPARE(int(p->users().size()), 2);
            QVERIFY(p->verify().empty()); // the audit chain holds
        }
        // usersOf reads the list without being one of them (for the dialog that asks who works).
        As stranger("mallory");
        QCOMPARE(int(Project::usersOf(path).size()), 2);
    }

    void storedJsonErrorsDoNotQuoteNotes()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("quiet.sagitta")).toStdString();
        std::int64_t noteId = 0;
        {
            auto p = Project::create(path);
            Note n;
            n.text = "Quartermaine-Zyxwv has chest pain";
            noteId = p->noteStore().addNotes({n}).front();
            text::Span s;
            s.start = 21;
            s.end = 31;
            s.type = "PROBLEM";
            s.source = "person";
            p->noteStore().addSpans(noteId, {s}, "accepted");
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE spans SET details = '{\"note\": \"Quartermaine-Zyxwv has chest pain' ", nullptr, nullptr,
                              nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto p = Project::open(path);
        try {
            p->noteStore().spans(noteId);
            QFAIL("read malformed span details");
        } catch (const Error &e) {
            const std::string what = e.what();
            QVERIFY2(what.find("malformed JSON") != std::string::npos, e.what());
            QVERIFY2(what.find("Quartermaine") == std::string::npos && what.find("last read") == std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TstUsers)
#include "tst_users.moc"
