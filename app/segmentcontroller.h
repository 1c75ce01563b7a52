#pragma once
// SegmentController: what the segment list asks for, done on the project and the label map.
// Adding, removing, renaming, recolouring and choosing what a segment is are each one undo step
// (a removal takes its voxels with it and brings them back on undo, on their layer: a new
// segment starts on layer 0 and moves to another only when an edit makes it overlap others); visibility, opacity and
// the lock are display and editing state, stored at once and not undone. GUI thread only.
#include "core/labels/labeleditor.h"
#include "core/project/project.h"
#include "widgets/segmentlist.h"

#include <QObject>

#include <functional>

class QWidget;

namespace sagitta {
namespace app {

class SegmentController : public QObject {
    Q_OBJECT
public:
    // Where the controller finds the open project, the current series' editor and its id (any
    // of them may be null or 0: the request is then ignored).
    struct Context {
        std::function<core::Project *()> project;
        std::function<core::LabelEditor *()> editor;
        std::function<qint64()> seriesId;
        std::function<std::string()> author; // whose label map is shown ('' : the user's)
    };
    SegmentController(Context context, widgets::SegmentList *list, QWidget *dialogParent);

    void add();
    // Asks first (a modal question), unless ask is false.
    void remove(qint64 id, bool ask = true);
    void rename(qint64 id, const QString &name);
    void recolour(qint64 id, quint32 rgb);
    // Lets the user pick what the segment is from the project's terminology.
    void chooseType(qint64 id);
    void setType(qint64 id, const core::TerminologyEntry &entry);
    void setVisible(qint64 id, bool visible);
    void setAllVisible(bool visible);
    void setLocked(qint64 id, bool locked);
    void setOpacity(qint64 id, double opacity);
    // Splits the segment of label into one segment per island of minVoxels or more: the largest
    // keeps it, each other island becomes a new segment named after it. One undo step.
    void splitIslands(int label, int minVoxels);
    // A new review status for the series' labels, with a comment the user may give.
    void setReview(const QString &status);

Q_SIGNALS:
    void changed(); // segments or voxels changed: refresh the list and the views
    void reviewChanged(); // the series' review status changed: the study browser shows it
    void failed(const QString &message);

private:
    bool find(qint64 id, core::Segment &segment) const;
    bool writable() const;
    // One undo step that changed only the segment row: before -> after.
    void updateUndoable(const core::Segment &before, const core::Segment &after);
    void updateState(const core::Segment &after);

    Context m_context;
    widgets::SegmentList *m_list;
    QWidget *m_dialogParent;
};

} // namespace app
} // namespace sagitta
