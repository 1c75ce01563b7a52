#include "widgets/measurementlist.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sagitta {
namespace widgets {

MeasurementList::MeasurementList(QWidget *parent) : QWidget(parent)
{
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Measurement"), tr("Where"), tr("Result")});
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->installEventFilter(this);
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_remove);
    connect(m_tree, &QTreeWidget::itemActivated, this, &MeasurementList::jump);
    connect(m_tree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *item) { m_remove->setEnabled(item != nullptr); });
    connect(m_remove, &QPushButton::clicked, this, &MeasurementList::removeCurrent);
}

void MeasurementList::setMeasurements(const std::vector<qint64> &ids, const std::vector<SliceView::MeasurementOverlay> &items)
{
    m_ids = ids;
    m_items = items;
    m_tree->clear();
    for (std::size_t n = 0; n < items.size() && n < ids.size(); ++n) {
        const SliceView::MeasurementOverlay &m = items[n];
        const QString kind = m.kind == MeasureKind::Ruler     ? tr("Ruler")
                             : m.kind == MeasureKind::Ellipse ? tr("Ellipse ROI")
                                                                  : tr("Rectangle ROI");
        const QString plane = m.axis == core::SliceAxis::Axial     ? tr("Axial")
                              : m.axis == core::SliceAxis::Coronal ? tr("Coronal")
                                                                   : tr("Sagittal");
        auto *item = new QTreeWidgetItem(m_tree, {kind, tr("%1, slice %2").arg(plane).arg(m.slice + 1),
                                                  QString(m.label).replace(QLatin1Char('\n'), QStringLiteral("; "))});
        item->setToolTip(2, m.label);
    }
    m_remove->setEnabled(m_tree->currentItem() != nullptr);
}

int MeasurementList::count() const
{
    return m_tree->topLevelItemCount();
}

void MeasurementList::jump()
{
    const int row = m_tree->indexOfTopLevelItem(m_tree->currentItem());
    if (row < 0 || row >= int(m_items.size()))
        return;
    const SliceView::MeasurementOverlay &m = m_items[std::size_t(row)];
    Q_EMIT jumpRequested(m.axis, m.slice, (m.p0 + m.p1) / 2.0);
}

void MeasurementList::removeCurrent()
{
    const int row = m_tree->indexOfTopLevelItem(m_tree->currentItem());
    if (row >= 0 && row < int(m_ids.size()))
        Q_EMIT removeRequested(m_ids[std::size_t(row)]);
}

bool MeasurementList::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_tree && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Delete || key == Qt::Key_Backspace) {
            removeCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace widgets
} // namespace sagitta
