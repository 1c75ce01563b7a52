#pragma once
// EffectsController: runs what the effects panel asks for on the active segment, through the
// label editor (one undo step each, masked as the panel and the locks say) and keeps the
// editor's mask in step with the panel. Whole-volume effects run on the GUI thread with a busy
// cursor (they take milliseconds to a few seconds on a 512 x 512 x 500 CT). GUI thread only.
#include "core/image/volume.h"
#include "core/labels/labeleditor.h"
#include "widgets/effectspanel.h"
#include "widgets/sliceview.h"

#include <QObject>

#include <functional>

namespace sagitta {
namespace app {

class EffectsController : public QObject {
    Q_OBJECT
public:
    struct Context {
        std::function<core::LabelEditor *()> editor;  // null: nothing open, or read-only
        std::function<const core::Volume *()> volume;
        std::function<int()> activeLabel;             // 0: no segment
        std::function<std::array<int, 3>()> cursor;   // the linked cursor's voxel
        std::function<void(const widgets::SliceView::Preview &)> showPreview; // over every slice view
    };
    EffectsController(Context context, widgets::EffectsPanel *panel, QObject *parent);

    // Runs one effect now (the panel's buttons call this).
    void run(widgets::EffectsPanel::Effect effect);
    // Puts the panel's mask on the editor, keeping its locked labels.
    void applyMask();
    // Shows (or removes) the threshold range over the slice views, as the panel says.
    void updatePreview();

Q_SIGNALS:
    void changed(const QString &message); // voxels changed (or not), for the status bar
    void failed(const QString &message);

private:
    Context m_context;
    widgets::EffectsPanel *m_panel;
};

} // namespace app
} // namespace sagitta
