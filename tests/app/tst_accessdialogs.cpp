// Opening a project as a person (app/accessdialogs): an encrypted project asks for its
// passphrase in a password field, says so when it is wrong and asks again, and opens with the
// right one; a project with users asks who is working and makes them the current user. Driven
// through the real dialogs with QTest (keys typed, buttons clicked).
#include "app/accessdialogs.h"
#include "core/base/error.h"
#include "core/project/project.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>

using namespace sagitta;

namespace {

// Runs each step on the next modal dialog that shows, in order; records what went wrong.
class DialogScript : public QObject {
public:
    using Step = std::function<void(QInputDialog *)>;
    explicit DialogScript(std::vector<Step> steps) : m_steps(std::move(steps))
    {
        connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
        m_timer.start(30);
    }
    std::size_t done() const { return m_next; }
    QStringList labels;

private:
    void poll()
    {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible() || m_next >= m_steps.size())
            return;
        labels << dialog->labelText();
        m_steps[m_next++](dialog);
    }
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    QTimer m_timer;
};

void typeAndAccept(QInputDialog *dialog, const QString &text)
{
    auto *edit = dialog->findChild<QLineEdit *>();
    QVERIFY(edit);
    QCOMPARE(edit->echoMode(), QLineEdit::Password); // never shown
    edit->clear();
    QTest::keyClicks(edit, text);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

} // namespace

class TstAccessDialogs : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void plainProjectWithoutUsersAsksNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("plain.sagitta"));
        core::Project::create(path.toStdString()).reset();
        DialogScript script({});
        QString error;
        QVERIFY(app::askProjectPassphrase(nullptr, path, &error));
        QVERIFY(app::chooseProjectUser(nullptr, path, &error));
        QCOMPARE(script.labels.size(), 0);
    }

    void wrongPassphraseIsRefusedThenRightOneOpens()
    {
        const QString path = m_dir.filePath(QStringLiteral("secret.sagitta"));
        core::Project::create(path.toStdString(), "open sesame").reset();
        core::Project::forgetPassphrase(path.toStdString());
        QWidget parent;
        DialogScript script({[](QInputDialog *d) { typeAndAccept(d, QStringLiteral("open barley")); },
                             [](QInputDialog *d) { typeAndAccept(d, QStringLiteral("open sesame")); }});
        QString error;
        QVERIFY2(app::askProjectPassphrase(&parent, path, &error), qPrintable(error));
        QCOMPARE(script.done(), std::size_t(2));
        QVERIFY(script.labels.at(0).contains(QStringLiteral("encrypted")));
        QVERIFY2(script.labels.at(1).contains(QStringLiteral("Wrong passphrase")), qPrintable(script.labels.at(1)));
        QVERIFY(core::Project::open(path.toStdString())); // remembered for this session

        // Cancelled: not opened, with the reason.
        core::Project::forgetPassphrase(path.toStdString());
        DialogScript cancel({[](QInputDialog *d) { d->reject(); }});
        QVERIFY(!app::askProjectPassphrase(&parent, path, &error));
        QVERIFY2(error.contains(QStringLiteral("no passphrase")), qPrintable(error));
        QVERIFY_THROWS_EXCEPTION(core::WrongPassphrase, core::Project::open(path.toStdString()));
    }

    void projectWithUsersAsksWhoWorks()
    {
        const QString path = m_dir.filePath(QStringLiteral("team.sagitta"));
        {
            auto p = core::Project::create(path.toStdString());
            core::Project::setCurrentUser("ada");
            p->addUser("ada", "administrator");
            p->addUser("ann", "annotator");
            p->addUser("rex", "reviewer");
        }
        core::Project::setCurrentUser("mallory");
        QWidget parent;
        QStringList offered;
        DialogScript script({[&offered](QInputDialog *d) {
            auto *box = d->findChild<QComboBox *>();
            QVERIFY(box);
            for (int i = 0; i < box->count(); ++i)
                offered << box->itemText(i);
            box->setCurrentIndex(box->findText(QStringLiteral("ann"), Qt::MatchStartsWith));
            QTest::mouseClick(d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        }});
        QString error;
        QVERIFY2(app::chooseProjectUser(&parent, path, &error), qPrintable(error));
        QCOMPARE(offered.size(), 3);
        QVERIFY(offered.contains(QStringLiteral("rex (reviewer)")));
        QCOMPARE(core::Project::currentUser(), std::string("ann"));
        auto p = core::Project::open(path.toStdString());
        QCOMPARE(p->currentRole(), std::string("annotator"));
        core::Project::setCurrentUser({});
    }
};

QTEST_MAIN(TstAccessDialogs)
#include "tst_accessdialogs.moc"
