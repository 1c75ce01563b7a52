#pragma once
// SegmentList: the segments of the current series (colour, name, voxel count, volume in mL).
// Names are edited in place, colours by double-clicking the swatch column. The list only
// emits intent; the app changes the project and calls setSegments again.
#include "core/labels/segment.h"

#include <QWidget>

#include <array>
#include <vector>

class QTreeWidget;
class QTreeWidgetItem;
class QPushButton;

namespace sagitta {
namespace widgets {

class SegmentList : public QWidget {
    Q_OBJECT
public:
    explicit SegmentList(QWidget *parent = nullptr);

    // counts: voxels per label value; voxelMl: volume of one voxel in millilitres.
    void setSegments(const std::vector<core::Segment> &segments, const std::array<std::uint64_t, 256> &counts,
                     double voxelMl);
    const std::vector<core::Segment> &segments() const { return m_segments; }
    // Label value of the selected segment, 0 when none.
    int activeLabel() const;
    void selectLabel(int label);
    QTreeWidget *tree() const { return m_tree; }
    // Off for a read-only project: no add, remove, rename or recolour (selection still works).
    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }
    QPushButton *addButton() const { return m_add; }

Q_SIGNALS:
    void addRequested();
    void removeRequested(qint64 segmentId);
    void renamed(qint64 segmentId, const QString &name);
    void recolored(qint64 segmentId, quint32 rgb);
    void activeLabelChanged(int label);

private:
    void onItemChanged(QTreeWidgetItem *item, int column);
    void onItemDoubleClicked(QTreeWidgetItem *item, int column);

    QTreeWidget *m_tree;
    QPushButton *m_add;
    QPushButton *m_remove;
    std::vector<core::Segment> m_segments;
    bool m_updating = false;
    bool m_editable = true;
};

} // namespace widgets
} // namespace sagitta
