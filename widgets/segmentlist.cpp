#include "widgets/segmentlist.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sagitta {
namespace widgets {

namespace {
QColor toColor(std::uint32_t rgb) { return QColor(int((rgb >> 16) & 0xff), int((rgb >> 8) & 0xff), int(rgb & 0xff)); }
} // namespace

SegmentList::SegmentList(QWidget *parent) : QWidget(parent)
{
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Segment"), tr("Voxels"), tr("Volume (mL)")});
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_add = new QPushButton(tr("Add segment"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &SegmentList::addRequested);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (auto *item = m_tree->currentItem())
            Q_EMIT removeRequested(item->data(0, Qt::UserRole).toLongLong());
    });
    connect(m_tree, &QTreeWidget::itemChanged, this, &SegmentList::onItemChanged);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, &SegmentList::onItemDoubleClicked);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
        if (!m_updating)
            Q_EMIT activeLabelChanged(activeLabel());
    });
}

void SegmentList::setSegments(const std::vector<core::Segment> &segments,
                              const std::array<std::uint64_t, 256> &counts, double voxelMl)
{
    const int active = activeLabel();
    m_updating = true;
    m_segments = segments;
    m_tree->clear();
    for (const core::Segment &s : segments) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(0, QString::fromStdString(s.name));
        item->setData(0, Qt::DecorationRole, toColor(s.rgb));
        item->setData(0, Qt::UserRole, qint64(s.id));
        item->setData(1, Qt::UserRole, int(s.label));
        item->setText(1, QString::number(counts[s.label]));
        item->setText(2, QString::number(double(counts[s.label]) * voxelMl, 'f', 2));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(0, tr("Label value %1. Double-click the colour to change it.").arg(s.label));
        if (m_editable)
            item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_updating = false;
    m_remove->setEnabled(m_editable && !segments.empty());
    selectLabel(active > 0 ? active : (segments.empty() ? 0 : segments.front().label));
}

void SegmentList::setEditable(bool editable)
{
    m_editable = editable;
    m_add->setEnabled(editable);
    m_remove->setEnabled(editable && !m_segments.empty());
    m_updating = true;
    for (int n = 0; n < m_tree->topLevelItemCount(); ++n) {
        QTreeWidgetItem *item = m_tree->topLevelItem(n);
        item->setFlags(editable ? item->flags() | Qt::ItemIsEditable : item->flags() & ~Qt::ItemIsEditable);
    }
    m_updating = false;
}

int SegmentList::activeLabel() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(1, Qt::UserRole).toInt() : 0;
}

void SegmentList::selectLabel(int label)
{
    for (int n = 0; n < m_tree->topLevelItemCount(); ++n) {
        QTreeWidgetItem *item = m_tree->topLevelItem(n);
        if (item->data(1, Qt::UserRole).toInt() == label) {
            m_tree->setCurrentItem(item);
            return;
        }
    }
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(m_tree->topLevelItemCount() - 1));
}

void SegmentList::onItemChanged(QTreeWidgetItem *item, int column)
{
    if (m_updating || column != 0)
        return;
    const QString name = item->text(0).trimmed();
    if (!name.isEmpty())
        Q_EMIT renamed(item->data(0, Qt::UserRole).toLongLong(), name);
}

void SegmentList::onItemDoubleClicked(QTreeWidgetItem *item, int column)
{
    if (column != 0 || !m_editable)
        return;
    const QColor current = item->data(0, Qt::DecorationRole).value<QColor>();
    const QColor chosen = QColorDialog::getColor(current, this, tr("Segment colour"));
    if (chosen.isValid())
        Q_EMIT recolored(item->data(0, Qt::UserRole).toLongLong(), quint32(chosen.rgb() & 0xffffff));
}

} // namespace widgets
} // namespace sagitta
