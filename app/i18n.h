#pragma once
#include <QString>

namespace sagitta {
namespace app {

// Installs Sagitta's (and Qt's own, when installed) translations for a locale name such as
// "zh_CN"; an empty name uses the system locale. Returns true when Sagitta's was found.
bool installTranslations(const QString &locale);

} // namespace app
} // namespace sagitta
