#pragma once
// SegmentList: the segments of the current series (visibility, colour, name, what it is,
// voxel count, volume in mL, lock), an opacity slider for the selected segment, show/hide all,
// and fill/outline display. Names are edited in place, colours by double-clicking the name,
// the coded type by double-clicking its column. The list only emits intent; the app changes
// the project and calls setSegments again.
#include "core/labels/overlay.h"
#include "core/labels/segment.h"
#include "core/labels/statistics.h"

#include <QWidget>

#include <array>
#include <vector>

class QComboBox;
class QPushButton;
class QSlider;
class QTreeWidget;
class QTreeWidgetItem;

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
    QSlider *opacitySlider() const { return m_opacity; }
    QComboBox *displayBox() const { return m_display; }
    QPushButton *showAllButton() const { return m_showAll; }
    QPushButton *hideAllButton() const { return m_hideAll; }
    core::LabelDisplay labelDisplay() const;
    // The review status of the series' label map: draft, submitted, approved, rejected.
    void setReviewStatus(const QString &status);
    QComboBox *reviewBox() const { return m_review; }
    // Review can be set on a map one may not edit (a reviewer's work on another's labels).
    // mayDecide false (an annotator in a project with roles) leaves Approved and Rejected
    // shown but not selectable: only reviewers and administrators decide a review.
    void setReviewable(bool reviewable, bool mayDecide = true);

    // The series' label maps: people's and models' proposals. Each entry: the text shown and
    // its author key (LabelStore: '' is the user's own). pendingProposal shows Accept/Reject.
    struct MapEntry {
        QString text;
        QString author;
    };
    void setLabelMaps(const std::vector<MapEntry> &maps, const QString &current, bool pendingProposal);
    QComboBox *mapBox() const { return m_maps; }
    QPushButton *acceptButton() const { return m_accept; }
    QPushButton *rejectButton() const { return m_reject; }
    // Columns of the tree.
    enum Column { NameColumn, TypeColumn, VoxelsColumn, VolumeColumn, MeanColumn, DiameterColumn, LockColumn };
    // The intensity and size of each segment, computed off the GUI thread after edits; unit is
    // the image's (HU for CT). Rows of labels without statistics show nothing.
    void setStatistics(const std::vector<core::SegmentStatistics> &stats, const QString &unit);

Q_SIGNALS:
    void addRequested();
    void removeRequested(qint64 segmentId);
    void renamed(qint64 segmentId, const QString &name);
    void recolored(qint64 segmentId, quint32 rgb);
    void visibilityChanged(qint64 segmentId, bool visible);
    void allVisibilityChanged(bool visible);
    void lockChanged(qint64 segmentId, bool locked);
    void opacityChanged(qint64 segmentId, double opacity);
    void typeRequested(qint64 segmentId); // the user asked to choose what the segment is
    void displayChanged(core::LabelDisplay display);
    void reviewRequested(const QString &status); // the user chose another review status
    void activeLabelChanged(int label);
    void labelMapRequested(const QString &author); // the user picked another label map to show
    void proposalDecided(bool accept);             // Accept or Reject on a model's proposal

private:
    void onItemChanged(QTreeWidgetItem *item, int column);
    void onItemDoubleClicked(QTreeWidgetItem *item, int column);

    QTreeWidget *m_tree;
    void syncOpacity();

    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_showAll;
    QPushButton *m_hideAll;
    QSlider *m_opacity;
    QComboBox *m_display;
    QComboBox *m_review;
    QComboBox *m_maps;
    QPushButton *m_accept;
    QPushButton *m_reject;
    std::vector<core::SegmentStatistics> m_stats; // the last table, shown again when rows are rebuilt
    QString m_unit;
    std::vector<core::Segment> m_segments;
    bool m_updating = false;
    bool m_editable = true;
};

} // namespace widgets
} // namespace sagitta
