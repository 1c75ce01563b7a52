#pragma once
// EffectsController: runs what the effects panel asks for on the active segment, through the
// label editor (one undo step each, masked as the panel and the locks say) and keeps the
// editor's mask in step with the panel. Effects run on a worker thread, on a copy of the label
// map (milliseconds to a few seconds on a 512 x 512 x 500 CT: margin, smoothing), so the window
// never freezes; the result becomes one undo step on the live map when it comes back, unless
// the map changed meanwhile (then nothing is applied and the user is told). The panel waits
// while one runs. The controller lives on the GUI thread.
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
        std::function<std::shared_ptr<const core::Volume>()> volume;
        std::function<int()> activeLabel;             // 0: no segment
        std::function<std::array<int, 3>()> cursor;   // the linked cursor's voxel
        std::function<void(const widgets::SliceView::Preview &)> showPreview; // over every slice view
        std::function<core::WindowLevel()> window;    // the window shown
    };
    EffectsController(Context context, widgets::EffectsPanel *panel, QObject *parent);

    // Starts one effect (the panel's buttons call this); changed() or failed() tell its end.
    void run(widgets::EffectsPanel::Effect effect);
    bool running() const { return m_running; }
    // The series' map goes (another series, closing): a running effect's result is dropped.
    void forget() { ++m_job; }
    // Puts the panel's mask on the editor, keeping its locked labels.
    void applyMask();
    // Shows (or removes) the threshold range over the slice views, as the panel says.
    void updatePreview();

Q_SIGNALS:
    void changed(const QString &message); // voxels changed (or not), for the status bar
    void failed(const QString &message);

private:
    void finished(quint64 job, widgets::EffectsPanel::Effect effect, core::LabelEditor *editor, std::uint64_t generation,
                  std::shared_ptr<core::LabelDelta> delta, std::size_t changedVoxels, QString note, QString error);

    Context m_context;
    widgets::EffectsPanel *m_panel;
    bool m_running = false;
    quint64 m_job = 0;
};

} // namespace app
} // namespace sagitta
