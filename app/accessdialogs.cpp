#include "app/accessdialogs.h"

#include "core/base/error.h"
#include "core/project/project.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>

namespace sagitta::app {

bool askProjectPassphrase(QWidget *parent, const QString &path, QString *error)
{
    const std::string file = path.toStdString();
    if (!core::Project::isEncrypted(file))
        return true;
    // Remembered already (opened before in this session): use it if it still opens the file.
    try {
        core::Project::usersOf(file);
        return true;
    } catch (const core::WrongPassphrase &) {
    }
    const QString name = QFileInfo(path).fileName();
    QString label = QCoreApplication::translate("AccessDialogs", "%1 is encrypted. Passphrase:").arg(name);
    for (;;) {
        QInputDialog dialog(parent);
        dialog.setObjectName(QStringLiteral("passphraseDialog"));
        dialog.setWindowTitle(QCoreApplication::translate("AccessDialogs", "Encrypted project"));
        dialog.setInputMode(QInputDialog::TextInput);
        dialog.setTextEchoMode(QLineEdit::Password);
        dialog.setLabelText(label);
        if (dialog.exec() != QDialog::Accepted) {
            if (error)
                *error = QCoreApplication::translate("AccessDialogs", "%1: not opened (it is encrypted and no passphrase was given)").arg(path);
            return false;
        }
        const std::string passphrase = dialog.textValue().toStdString();
        if (!passphrase.empty()) {
            core::Project::rememberPassphrase(file, passphrase);
            try {
                core::Project::usersOf(file);
                return true;
            } catch (const core::WrongPassphrase &) {
                core::Project::forgetPassphrase(file);
            } catch (const std::exception &e) {
                core::Project::forgetPassphrase(file);
                if (error)
                    *error = QString::fromStdString(e.what());
                return false;
            }
        }
        label = QCoreApplication::translate("AccessDialogs", "Wrong passphrase for %1. Try again:").arg(name);
    }
}

bool chooseProjectUser(QWidget *parent, const QString &path, QString *error)
{
    std::vector<core::User> users;
    try {
        users = core::Project::usersOf(path.toStdString());
    } catch (const std::exception &) {
        return true; // Project::open reports it
    }
    if (users.empty())
        return true;
    const std::string me = core::Project::currentUser();
    QStringList items;
    int current = 0;
    for (const core::User &u : users) {
        if (u.name == me)
            current = int(items.size());
        items << QStringLiteral("%1 (%2)").arg(QString::fromStdString(u.name),
                                               u.role == "administrator" ? QCoreApplication::translate("AccessDialogs", "administrator")
                                               : u.role == "reviewer"    ? QCoreApplication::translate("AccessDialogs", "reviewer")
                                                                         : QCoreApplication::translate("AccessDialogs", "annotator"));
    }
    QInputDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("userDialog"));
    dialog.setWindowTitle(QCoreApplication::translate("AccessDialogs", "Who is working?"));
    dialog.setLabelText(QCoreApplication::translate("AccessDialogs", "Open %1 as:").arg(QFileInfo(path).fileName()));
    dialog.setComboBoxItems(items);
    dialog.setComboBoxEditable(false);
    dialog.setTextValue(items.at(current));
    if (dialog.exec() != QDialog::Accepted) {
        if (error)
            *error = QCoreApplication::translate("AccessDialogs", "%1: not opened (no user chosen)").arg(path);
        return false;
    }
    const int chosen = int(items.indexOf(dialog.textValue()));
    if (chosen < 0)
        return false;
    core::Project::setCurrentUser(users[std::size_t(chosen)].name);
    return true;
}

} // namespace sagitta::app
