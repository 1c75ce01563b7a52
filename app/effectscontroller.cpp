#include "app/effectscontroller.h"

#include "core/labels/interpolate.h"
#include "core/labels/islands.h"
#include "core/labels/logical.h"
#include "core/labels/morphology.h"
#include "core/labels/threshold.h"

#include <QApplication>
#include <QGuiApplication>
#include <QPushButton>

namespace sagitta {
namespace app {

using Effect = widgets::EffectsPanel::Effect;

EffectsController::EffectsController(Context context, widgets::EffectsPanel *panel, QObject *parent)
    : QObject(parent), m_context(std::move(context)), m_panel(panel)
{
    connect(panel, &widgets::EffectsPanel::effectRequested, this, &EffectsController::run);
    connect(panel, &widgets::EffectsPanel::maskChanged, this, &EffectsController::applyMask);
    connect(panel, &widgets::EffectsPanel::previewChanged, this, &EffectsController::updatePreview);
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
        if (const core::Volume *v = volume())
            core::thresholdPreview(*v, plane, range, mask);
    });
}

void EffectsController::run(Effect effect)
{
    core::LabelEditor *editor = m_context.editor();
    const core::Volume *volume = m_context.volume();
    const int label = m_context.activeLabel();
    if (!editor || !volume || label <= 0 || label > 255) {
        Q_EMIT failed(tr("Open a series and select a segment first."));
        return;
    }
    applyMask();
    const auto l = std::uint8_t(label);
    const core::Vec3 &spacing = volume->geometry().spacing;
    const std::array<int, 3> cursor = m_context.cursor();
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    core::LabelEdit edit = editor->edit();
    std::size_t changedVoxels = 0;
    QString note;
    try {
        switch (effect) {
        case Effect::Threshold:
            changedVoxels = core::threshold(edit, *volume, l, {m_panel->low(), m_panel->high()});
            break;
        case Effect::GrowFromCursor:
            changedVoxels = core::growFromSeeds(edit, *volume, l, {cursor}, {m_panel->low(), m_panel->high()});
            break;
        case Effect::KeepLargest: changedVoxels = core::keepLargestIsland(edit, l); break;
        case Effect::RemoveSmall: changedVoxels = core::removeSmallIslands(edit, l, std::uint64_t(m_panel->minVoxels())); break;
        case Effect::KeepAtCursor:
            note = core::keepIslandAt(edit, l, cursor[0], cursor[1], cursor[2]) ? tr("The island under the cursor was kept.")
                                                                                 : tr("The cursor is not on the segment.");
            break;
        case Effect::Margin: changedVoxels = core::marginLabel(edit, l, spacing, m_panel->marginMm()); break;
        case Effect::Smooth:
            changedVoxels = core::smoothLabel(edit, l, spacing, core::SmoothingMethod(m_panel->smoothing()), m_panel->smoothMm());
            break;
        case Effect::FillBetween: {
            const core::LabelMap preview =
                core::fillBetweenSlicesPreview(editor->labelMap(), volume->geometry(), l, core::SliceAxis::Axial);
            changedVoxels = core::applyPreview(edit, preview);
            break;
        }
        case Effect::Logical: {
            const auto op = core::LogicalOp(m_panel->logicalOp());
            changedVoxels = op == core::LogicalOp::Invert || op == core::LogicalOp::Clear
                                ? core::logicalOperation(edit, op, l)
                                : core::logicalOperation(edit, op, l, editor->labelMap(), std::uint8_t(m_panel->modifierLabel()));
            break;
        }
        }
    } catch (const std::exception &e) {
        edit.finish().apply(editor->labelMap(), false); // nothing half done stays
        QGuiApplication::restoreOverrideCursor();
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    core::LabelDelta delta = edit.finish();
    const bool any = !delta.empty();
    editor->apply(std::move(delta));
    QGuiApplication::restoreOverrideCursor();
    if (effect == Effect::FillBetween && any)
        m_panel->setPreviewPending(true);
    if (note.isEmpty())
        note = effect == Effect::FillBetween && any ? tr("%n voxel(s) interpolated: Accept or Cancel.", nullptr, int(changedVoxels))
                                                     : tr("%n voxel(s) changed.", nullptr, int(changedVoxels));
    Q_EMIT changed(note);
}

} // namespace app
} // namespace sagitta
