#pragma once
// TagBrowser: the DICOM attributes of the file behind the current slice, with a filter.
#include <QWidget>

class QLineEdit;
class QTreeWidget;

namespace sagitta {
namespace widgets {

class TagBrowser : public QWidget {
    Q_OBJECT
public:
    explicit TagBrowser(QWidget *parent = nullptr);
    // Shows the attributes of a file (nothing for an empty path); errors appear in the list.
    void showFile(const QString &path);
    QString file() const { return m_file; }
    QTreeWidget *tree() const { return m_tree; }

private:
    void applyFilter();
    QLineEdit *m_filter;
    QTreeWidget *m_tree;
    QString m_file;
};

} // namespace widgets
} // namespace sagitta
