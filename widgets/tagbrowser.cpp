#include "widgets/tagbrowser.h"

#include "core/dicom/tagdump.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sagitta {
namespace widgets {

TagBrowser::TagBrowser(QWidget *parent) : QWidget(parent)
{
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter by tag, name or value"));
    m_filter->setClearButtonEnabled(true);
    m_tree = new QTreeWidget(this);
    m_tree->setHeaderLabels({tr("Tag"), tr("VR"), tr("Name"), tr("Value")});
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);
    connect(m_filter, &QLineEdit::textChanged, this, &TagBrowser::applyFilter);
}

void TagBrowser::showFile(const QString &path)
{
    if (path == m_file)
        return;
    m_file = path;
    m_tree->clear();
    if (path.isEmpty())
        return;
    try {
        for (const auto &t : core::dicom::readTags(path.toStdString())) {
            const QString indent(t.depth * 2, QLatin1Char(' '));
            new QTreeWidgetItem(m_tree, {indent + QString::fromStdString(t.tag), QString::fromStdString(t.vr),
                                         QString::fromStdString(t.name), QString::fromStdString(t.value)});
        }
    } catch (const std::exception &e) {
        new QTreeWidgetItem(m_tree, {QString(), QString(), tr("Error"), QString::fromStdString(e.what())});
    }
    applyFilter();
}

void TagBrowser::applyFilter()
{
    const QString f = m_filter->text().trimmed();
    for (int n = 0; n < m_tree->topLevelItemCount(); ++n) {
        QTreeWidgetItem *item = m_tree->topLevelItem(n);
        bool match = f.isEmpty();
        for (int c = 0; c < 4 && !match; ++c)
            match = item->text(c).contains(f, Qt::CaseInsensitive);
        item->setHidden(!match);
    }
}

} // namespace widgets
} // namespace sagitta
