#include "widgets/segmentlist.h"

#include <QColorDialog>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QStandardItemModel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <cmath>

namespace sagitta {
namespace widgets {

namespace {
QColor toColor(std::uint32_t rgb) { return QColor(int((rgb >> 16) & 0xff), int((rgb >> 8) & 0xff), int(rgb & 0xff)); }
} // namespace

SegmentList::SegmentList(QWidget *parent) : QWidget(parent)
{
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(7);
    m_tree->setHeaderLabels({tr("Segment"), tr("Type"), tr("Voxels"), tr("Volume (mL)"), tr("Mean"), tr("Diameter (mm)"), tr("Lock")});
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setStretchLastSection(false);
    // The name keeps room to be read; the narrow dock scrolls sideways for the rest.
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    m_tree->header()->resizeSection(NameColumn, 120);
    for (int c : {TypeColumn, VoxelsColumn, VolumeColumn, MeanColumn, DiameterColumn, LockColumn})
        m_tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_add = new QPushButton(tr("Add segment"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    m_showAll = new QPushButton(tr("Show all"), this);
    m_hideAll = new QPushButton(tr("Hide all"), this);
    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setRange(0, 100);
    m_opacity->setToolTip(tr("Opacity of the selected segment"));
    m_display = new QComboBox(this);
    m_display->addItem(tr("Fill"), int(core::LabelDisplay::Fill));
    m_display->addItem(tr("Outline"), int(core::LabelDisplay::Outline));
    m_display->addItem(tr("Fill and outline"), int(core::LabelDisplay::FillAndOutline));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    auto *visibility = new QHBoxLayout;
    visibility->addWidget(m_showAll);
    visibility->addWidget(m_hideAll);
    visibility->addWidget(m_display);
    auto *opacity = new QHBoxLayout;
    opacity->addWidget(new QLabel(tr("Opacity"), this));
    opacity->addWidget(m_opacity);
    m_review = new QComboBox(this);
    m_review->addItem(tr("Draft"), QStringLiteral("draft"));
    m_review->addItem(tr("Submitted"), QStringLiteral("submitted"));
    m_review->addItem(tr("Approved"), QStringLiteral("approved"));
    m_review->addItem(tr("Rejected"), QStringLiteral("rejected"));
    m_review->setToolTip(tr("Review status of this series' labels"));
    auto *review = new QHBoxLayout;
    review->addWidget(new QLabel(tr("Review"), this));
    review->addWidget(m_review, 1);
    m_maps = new QComboBox(this);
    m_maps->setToolTip(tr("Whose labels are shown: yours, another reader's (read only) or a model's proposal"));
    m_accept = new QPushButton(tr("Accept"), this);
    m_accept->setToolTip(tr("Take the model's proposal into your labels (nothing you labelled changes)"));
    m_reject = new QPushButton(tr("Reject"), this);
    m_reject->setToolTip(tr("Turn the model's proposal down"));
    m_accept->hide();
    m_reject->hide();
    auto *maps = new QHBoxLayout;
    maps->addWidget(new QLabel(tr("Labels of"), this));
    maps->addWidget(m_maps, 1);
    maps->addWidget(m_accept);
    maps->addWidget(m_reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(maps);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(review);
    layout->addWidget(m_tree);
    layout->addLayout(opacity);
    layout->addLayout(visibility);
    layout->addLayout(buttons);

    connect(m_review, &QComboBox::activated, this, [this] { Q_EMIT reviewRequested(m_review->currentData().toString()); });
    connect(m_maps, &QComboBox::activated, this, [this] { Q_EMIT labelMapRequested(m_maps->currentData().toString()); });
    connect(m_accept, &QPushButton::clicked, this, [this] { Q_EMIT proposalDecided(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { Q_EMIT proposalDecided(false); });
    connect(m_showAll, &QPushButton::clicked, this, [this] { Q_EMIT allVisibilityChanged(true); });
    connect(m_hideAll, &QPushButton::clicked, this, [this] { Q_EMIT allVisibilityChanged(false); });
    connect(m_display, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT displayChanged(labelDisplay()); });
    // The slider reports once it is let go (or moved by keys), not at every pixel of a drag.
    auto sendOpacity = [this] {
        if (m_updating)
            return;
        if (auto *item = m_tree->currentItem())
            Q_EMIT opacityChanged(item->data(NameColumn, Qt::UserRole).toLongLong(), m_opacity->value() / 100.0);
    };
    connect(m_opacity, &QSlider::sliderReleased, this, sendOpacity);
    connect(m_opacity, &QSlider::valueChanged, this, [this, sendOpacity] {
        if (!m_opacity->isSliderDown())
            sendOpacity();
    });

    connect(m_add, &QPushButton::clicked, this, &SegmentList::addRequested);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (auto *item = m_tree->currentItem())
            Q_EMIT removeRequested(item->data(0, Qt::UserRole).toLongLong());
    });
    connect(m_tree, &QTreeWidget::itemChanged, this, &SegmentList::onItemChanged);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, &SegmentList::onItemDoubleClicked);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
        syncOpacity();
        if (!m_updating)
            Q_EMIT activeLabelChanged(activeLabel());
    });
}

void SegmentList::setStatistics(const std::vector<core::SegmentStatistics> &stats, const QString &unit)
{
    if (&stats != &m_stats) {
        m_stats = stats;
        m_unit = unit;
    }
    const bool was = m_updating;
    m_updating = true;
    for (int n = 0; n < m_tree->topLevelItemCount(); ++n) {
        QTreeWidgetItem *item = m_tree->topLevelItem(n);
        const int label = item->data(1, Qt::UserRole).toInt();
        item->setText(MeanColumn, QString());
        item->setText(DiameterColumn, QString());
        for (const core::SegmentStatistics &s : stats) {
            if (s.label != label)
                continue;
            item->setText(MeanColumn, QString::number(s.mean, 'f', 1));
            item->setToolTip(MeanColumn, tr("Mean %1 %2, SD %3, min %4, max %5")
                                             .arg(s.mean, 0, 'f', 1)
                                             .arg(m_unit)
                                             .arg(s.sd, 0, 'f', 1)
                                             .arg(s.min, 0, 'f', 1)
                                             .arg(s.max, 0, 'f', 1));
            item->setText(DiameterColumn, QStringLiteral("%1 x %2").arg(s.longestMm, 0, 'f', 1).arg(s.perpendicularMm, 0, 'f', 1));
            item->setToolTip(DiameterColumn, tr("Longest axial diameter and the extent perpendicular to it, on slice %1")
                                                 .arg(s.longestSlice + 1));
            item->setTextAlignment(MeanColumn, Qt::AlignRight | Qt::AlignVCenter);
            item->setTextAlignment(DiameterColumn, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    m_updating = was;
}

void SegmentList::setReviewStatus(const QString &status)
{
    const QSignalBlocker block(m_review);
    m_review->setCurrentIndex(std::max(0, m_review->findData(status)));
}

core::LabelDisplay SegmentList::labelDisplay() const
{
    return core::LabelDisplay(m_display->currentData().toInt());
}

void SegmentList::syncOpacity()
{
    const bool was = m_updating;
    m_updating = true;
    const QTreeWidgetItem *item = m_tree->currentItem();
    const int label = item ? item->data(1, Qt::UserRole).toInt() : 0;
    for (const core::Segment &s : m_segments)
        if (s.label == label)
            m_opacity->setValue(int(std::lround(s.opacity * 100.0)));
    m_opacity->setEnabled(item != nullptr);
    m_updating = was;
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
        item->setText(NameColumn, QString::fromStdString(s.name));
        item->setData(NameColumn, Qt::DecorationRole, toColor(s.rgb));
        item->setData(NameColumn, Qt::UserRole, qint64(s.id));
        item->setData(1, Qt::UserRole, int(s.label));
        item->setCheckState(NameColumn, s.visible ? Qt::Checked : Qt::Unchecked);
        item->setText(TypeColumn, QString::fromStdString(s.type.meaning));
        item->setToolTip(TypeColumn, s.type.empty() ? tr("Double-click to choose what the segment is")
                                                    : QString::fromStdString(s.category.meaning + " / " + s.type.meaning + " ("
                                                                             + s.type.scheme + " " + s.type.value + ")"));
        item->setText(VoxelsColumn, QString::number(counts[s.label]));
        item->setText(VolumeColumn, QString::number(double(counts[s.label]) * voxelMl, 'f', 2));
        item->setCheckState(LockColumn, s.locked ? Qt::Checked : Qt::Unchecked);
        item->setTextAlignment(VoxelsColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(VolumeColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(NameColumn, s.layer == 0 ? tr("Label value %1. Double-click the colour to change it.").arg(s.label)
                                                  : tr("Label value %1, on layer %2: it overlaps segments of other layers. "
                                                       "Double-click the colour to change it.")
                                                        .arg(s.label)
                                                        .arg(s.layer));
        if (s.layer > 0)
            item->setText(TypeColumn, item->text(TypeColumn) + tr(" [layer %1]").arg(s.layer));
        if (m_editable)
            item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_updating = false;
    m_remove->setEnabled(m_editable && !segments.empty());
    selectLabel(active > 0 ? active : (segments.empty() ? 0 : segments.front().label));
    syncOpacity();
    setStatistics(m_stats, m_unit); // until the new table arrives
}

void SegmentList::setReviewable(bool reviewable, bool mayDecide)
{
    m_review->setEnabled(reviewable);
    auto *model = qobject_cast<QStandardItemModel *>(m_review->model());
    for (const char *decision : {"approved", "rejected"}) {
        const int row = m_review->findData(QString::fromLatin1(decision));
        if (QStandardItem *item = model ? model->item(row) : nullptr) {
            item->setEnabled(mayDecide);
            item->setToolTip(mayDecide ? QString() : tr("Only a reviewer or an administrator approves or rejects labels"));
        }
    }
}

void SegmentList::setLabelMaps(const std::vector<MapEntry> &maps, const QString &current, bool pendingProposal)
{
    const QSignalBlocker block(m_maps);
    m_maps->clear();
    for (const MapEntry &m : maps)
        m_maps->addItem(m.text, m.author);
    m_maps->setCurrentIndex(std::max(0, m_maps->findData(current)));
    m_maps->setEnabled(maps.size() > 1);
    m_accept->setVisible(pendingProposal);
    m_reject->setVisible(pendingProposal);
}

void SegmentList::setEditable(bool editable)
{
    m_editable = editable;
    m_review->setEnabled(editable);
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
    if (m_updating)
        return;
    const qint64 id = item->data(NameColumn, Qt::UserRole).toLongLong();
    const auto it = std::find_if(m_segments.begin(), m_segments.end(), [id](const core::Segment &s) { return s.id == id; });
    if (it == m_segments.end())
        return;
    // The intent goes out from the event loop, not from inside the item's own change: the app
    // answers with setSegments, which rebuilds the tree and deletes this item.
    auto later = [this](std::function<void()> emitIt) { QMetaObject::invokeMethod(this, std::move(emitIt), Qt::QueuedConnection); };
    if (column == LockColumn) {
        const bool locked = item->checkState(LockColumn) == Qt::Checked;
        if (locked != it->locked)
            later([this, id, locked] { Q_EMIT lockChanged(id, locked); });
        return;
    }
    if (column != NameColumn)
        return;
    const bool visible = item->checkState(NameColumn) == Qt::Checked;
    if (visible != it->visible) {
        later([this, id, visible] { Q_EMIT visibilityChanged(id, visible); });
        return;
    }
    const QString name = item->text(NameColumn).trimmed();
    if (!name.isEmpty() && name.toStdString() != it->name)
        later([this, id, name] { Q_EMIT renamed(id, name); });
}

void SegmentList::onItemDoubleClicked(QTreeWidgetItem *item, int column)
{
    if (column == TypeColumn && m_editable) {
        Q_EMIT typeRequested(item->data(NameColumn, Qt::UserRole).toLongLong());
        return;
    }
    if (column != NameColumn || !m_editable)
        return;
    const QColor current = item->data(0, Qt::DecorationRole).value<QColor>();
    const QColor chosen = QColorDialog::getColor(current, this, tr("Segment colour"));
    if (chosen.isValid())
        Q_EMIT recolored(item->data(0, Qt::UserRole).toLongLong(), quint32(chosen.rgb() & 0xffffff));
}

} // namespace widgets
} // namespace sagitta
