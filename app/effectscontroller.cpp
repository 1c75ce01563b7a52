#include "app/effectscontroller.h"

#include "core/labels/interpolate.h"
#include "core/labels/islands.h"
#include "core/labels/logical.h"
#include "core/labels/morphology.h"
#include "core/labels/threshold.h"

#include <QApplication>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QPushButton>
#include <QtConcurrent>

namespace sagitta {
namespace app {

using Effect = widgets::EffectsPanel::Effect;

EffectsController::EffectsController(Context context, widgets::EffectsPanel *panel, QObject *parent)
    : QObject(parent), m_context(std::move(context)), m_panel(panel)
{
    connect(panel, &widgets::EffectsPanel::effectRequested, this, &EffectsController::run);
    connect(panel, &widgets::EffectsPanel::maskChanged, this, &EffectsController::applyMask);
    connect(panel, &widgets::EffectsPanel::previewChanged, this, &EffectsController::updatePreview);
    connect(panel, &widgets::EffectsPanel::rangeFromWindowRequested, this, [this] {
        const core::ValueRange r = core::rangeFromWindow(m_context.window());
        m_panel->setRange(r.low, r.high);
    });
    connect(panel, &widgets::EffectsPanel::rangeAroundCursorRequested, this, [this] {
        const auto volume = m_context.volume();
        if (!volume)
            return;
        const auto c = m_context.cursor();
        core::ValueRange r = core::rangeAroundSeeds(*volume, {{c[0], c[1], c[2]}}, 2);
        if (r.high < r.low)
            return;
        const double widen = std::max((r.high - r.low) * 0.1, 1.0);
        m_panel->setRange(r.low - widen, r.high + widen);
    });
    // A fill-between preview is already one step on the map: Accept keeps it, Cancel undoes it.
    connect(panel, &widgets::EffectsPanel::previewAccepted, this, [this] {
        m_panel->setPreviewPending(false);
        Q_EMIT changed(tr("Interpolated slices kept."));
    });
    connect(panel, &widgets::EffectsPanel::previewCancelled, this, [this] {
        m_panel->setPreviewPending(false);
        if (core::LabelEditor *editor = m_context.editor())
            editor->undo();
        Q_EMIT changed(tr("Interpolation cancelled."));
    });
}

void EffectsController::applyMask()
{
    core::LabelEditor *editor = m_context.editor();
    if (!editor)
        return;
    core::EditMask mask = m_panel->mask();
    mask.locked = editor->mask().locked;
    editor->setMask(mask);
}

void EffectsController::updatePreview()
{
    if (!m_context.showPreview)
        return;
    if (!m_panel->previewOn()) {
        m_context.showPreview({});
        return;
    }
    const core::ValueRange range{m_panel->low(), m_panel->high()};
    // The volume is looked up at each draw: another series may have come up since.
    m_context.showPreview([volume = m_context.volume, range](const core::SlicePlane &plane, std::vector<std::uint8_t> &mask) {
        if (const auto v = volume())
            core::thresholdPreview(*v, plane, range, mask);
    });
}

void EffectsController::run(Effect effect)
{
    core::LabelEditor *editor = m_context.editor();
    const std::shared_ptr<const core::Volume> volume = m_context.volume();
    const int label = m_context.activeLabel();
    if (effect == Effect::SplitIslands)
        return; // makes segments: the segment controller's
    if (!editor || !volume || label <= 0 || label > 255) {
        Q_EMIT failed(tr("Open a series and select a segment first."));
        return;
    }
    if (m_running)
        return;
    applyMask();
    // The worker edits a copy of the map: the views keep drawing the live one meanwhile.
    auto copy = std::make_shared<core::LabelMap>(editor->labelMap());
    const core::EditMask mask = editor->mask();
    const std::array<int, 3> cursor = m_context.cursor();
    const double low = m_panel->low(), high = m_panel->high(), marginMm = m_panel->marginMm(), smoothMm = m_panel->smoothMm();
    const auto minVoxels = std::uint64_t(m_panel->minVoxels());
    const auto smoothing = core::SmoothingMethod(m_panel->smoothing());
    const auto op = core::LogicalOp(m_panel->logicalOp());
    const auto modifier = std::uint8_t(m_panel->modifierLabel());
    const std::uint64_t generation = editor->generation();
    const quint64 job = ++m_job;
    m_running = true;
    m_panel->setEnabled(false);
    QGuiApplication::setOverrideCursor(Qt::BusyCursor);
    struct Result {
        std::shared_ptr<core::LabelDelta> delta;
        std::size_t changed = 0;
        QString note, error;
    };
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=] {
        watcher->deleteLater();
        const Result r = watcher->result();
        finished(job, effect, editor, generation, r.delta, r.changed, r.note, r.error);
    });
    // The job holds the volume and the copy; the live map is touched only back on this thread.
    watcher->setFuture(QtConcurrent::run([=]() -> Result {
        Result r;
        const auto l = std::uint8_t(label);
        const core::Vec3 &spacing = volume->geometry().spacing;
        core::LabelEdit edit(*copy, volume.get(), mask);
        try {
            switch (effect) {
            case Effect::Threshold: r.changed = core::threshold(edit, *volume, l, {low, high}); break;
            case Effect::GrowFromCursor: r.changed = core::growFromSeeds(edit, *volume, l, {cursor}, {low, high}); break;
            case Effect::KeepLargest: r.changed = core::keepLargestIsland(edit, l); break;
            case Effect::RemoveSmall: r.changed = core::removeSmallIslands(edit, l, minVoxels); break;
            case Effect::KeepAtCursor:
                r.note = core::keepIslandAt(edit, l, cursor[0], cursor[1], cursor[2]) ? tr("The island under the cursor was kept.")
                                                                                      : tr("The cursor is not on the segment.");
                break;
            case Effect::Margin: r.changed = core::marginLabel(edit, l, spacing, marginMm); break;
            case Effect::Smooth: r.changed = core::smoothLabel(edit, l, spacing, smoothing, smoothMm); break;
            case Effect::FillBetween: {
                const core::LabelMap preview = core::fillBetweenSlicesPreview(*copy, volume->geometry(), l, core::SliceAxis::Axial);
                r.changed = core::applyPreview(edit, preview);
                break;
            }
            case Effect::Logical:
                r.changed = op == core::LogicalOp::Invert || op == core::LogicalOp::Clear
                                ? core::logicalOperation(edit, op, l)
                                : core::logicalOperation(edit, op, l, *copy, modifier);
                break;
            case Effect::SplitIslands: break;
            }
            r.delta = std::make_shared<core::LabelDelta>(edit.finish());
        } catch (const std::exception &e) {
            r.error = QString::fromStdString(e.what());
        }
        return r;
    }));
}

void EffectsController::finished(quint64 job, Effect effect, core::LabelEditor *editor, std::uint64_t generation,
                                 std::shared_ptr<core::LabelDelta> delta, std::size_t changedVoxels, QString note, QString error)
{
    m_running = false;
    m_panel->setEnabled(true);
    QGuiApplication::restoreOverrideCursor();
    if (!error.isEmpty()) {
        Q_EMIT failed(error);
        return;
    }
    if (job != m_job)
        return; // its series went meanwhile: nothing to apply it to
    // An edit while it ran: the result belongs to a map that is not there any more.
    if (editor != m_context.editor() || !editor || editor->generation() != generation) {
        Q_EMIT failed(tr("The labels changed while the effect ran: nothing was applied. Run it again."));
        return;
    }
    const bool any = delta && !delta->empty();
    if (any) {
        delta->apply(editor->labelMap(), true); // the copy's result, chunk by chunk
        editor->apply(std::move(*delta));       // one undo step; the change path tells everybody
    }
    if (effect == Effect::FillBetween && any)
        m_panel->setPreviewPending(true);
    if (note.isEmpty())
        note = effect == Effect::FillBetween && any ? tr("%n voxel(s) interpolated: Accept or Cancel.", nullptr, int(changedVoxels))
                                                     : tr("%n voxel(s) changed.", nullptr, int(changedVoxels));
    Q_EMIT changed(note);
}

} // namespace app
} // namespace sagitta
