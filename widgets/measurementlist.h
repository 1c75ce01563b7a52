#pragma once
// MeasurementList: the measurements of the open series (rulers and ROIs) as a table: what,
// where (plane and slice) and the result. Double-click or Enter jumps the views to one;
// Delete (or the button) asks to remove it. The view only emits intent.
#include "widgets/sliceview.h"

#include <QWidget>

class QPushButton;
class QTreeWidget;

namespace sagitta {
namespace widgets {

class MeasurementList : public QWidget {
    Q_OBJECT
public:
    explicit MeasurementList(QWidget *parent = nullptr);

    // ids[i] identifies measurements[i] (the project's ids).
    void setMeasurements(const std::vector<qint64> &ids, const std::vector<SliceView::MeasurementOverlay> &measurements);
    QTreeWidget *tree() const { return m_tree; }
    int count() const;

Q_SIGNALS:
    void jumpRequested(core::SliceAxis axis, int slice, QPointF center);
    void removeRequested(qint64 id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void jump();
    void removeCurrent();

    QTreeWidget *m_tree;
    QPushButton *m_remove;
    std::vector<qint64> m_ids;
    std::vector<SliceView::MeasurementOverlay> m_items;
};

} // namespace widgets
} // namespace sagitta
