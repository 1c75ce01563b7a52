#pragma once
// Opening a project as a person: the passphrase of an encrypted project and, in a project with
// users, who is working. Both are asked in modal dialogs before the project opens and kept in
// memory only (core::Project::rememberPassphrase, setCurrentUser).
#include <QString>

class QWidget;

namespace sagitta::app {

// For an encrypted project without a remembered passphrase: asks for it (a password field)
// until it opens the project or the person cancels. Returns false with *error set on cancel.
// A plain project returns true at once.
bool askProjectPassphrase(QWidget *parent, const QString &path, QString *error);

// For a project with users: asks who is working (the project's users, the current one first)
// and makes them the current user. Returns false with *error set on cancel; true at once for
// a project without users.
bool chooseProjectUser(QWidget *parent, const QString &path, QString *error);

} // namespace sagitta::app
