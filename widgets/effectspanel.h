#pragma once
// EffectsPanel: the segment editor's effects and masking, as inputs only. Each button asks for
// one effect on the active segment with the panel's parameters; the masking group describes the
// editable area, intensity range and overwrite rule every edit goes through. The app runs the
// core effect (one undo step) and shows the result.
#include "core/labels/labeledit.h"
#include "core/labels/outline.h"

#include <optional>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace sagitta {
namespace widgets {

class EffectsPanel : public QWidget {
    Q_OBJECT
public:
    explicit EffectsPanel(QWidget *parent = nullptr);

    enum class Effect {
        Threshold,        // [low, high] on the whole volume
        GrowFromCursor,   // connected threshold from the cursor voxel, [low, high]
        KeepLargest,      // islands
        RemoveSmall,      // islands smaller than minVoxels()
        KeepAtCursor,     // the island under the cursor
        Margin,           // marginMm(): grow (> 0) or shrink (< 0)
        Smooth,           // smoothing() with radius smoothMm()
        FillBetween,      // interpolate between outlined slices (axial): a preview to accept
        Logical,          // logicalOp() with modifierLabel()
        SplitIslands,     // one segment per island of minVoxels() or more (the largest keeps it)
    };

    double low() const;
    double high() const;
    void setRange(double low, double high);
    int minVoxels() const;
    double marginMm() const;
    double smoothMm() const;
    int smoothing() const;   // core::SmoothingMethod
    int logicalOp() const;   // core::LogicalOp
    int modifierLabel() const;
    // Segments a logical operation may take as modifier: (label, name).
    void setSegments(const std::vector<std::pair<int, QString>> &segments);
    // The editable area, intensity range and overwrite rule (locked labels are not set here).
    core::EditMask mask() const;
    // Show the threshold range over the slices while it is changed.
    bool previewOn() const;
    QCheckBox *previewBox() const { return m_preview; }
    // A fill-between preview waits for Accept or Cancel.
    void setPreviewPending(bool pending);
    bool previewPending() const { return m_previewPending; }

    QPushButton *button(Effect effect) const;
    QPushButton *acceptButton() const { return m_accept; }
    QPushButton *cancelButton() const { return m_cancel; }
    QDoubleSpinBox *lowBox() const { return m_low; }
    QDoubleSpinBox *highBox() const { return m_high; }
    QDoubleSpinBox *marginBox() const { return m_margin; }
    QSpinBox *minVoxelsBox() const { return m_minVoxels; }
    QComboBox *areaBox() const { return m_area; }
    QCheckBox *rangeMaskBox() const { return m_useRange; }
    QCheckBox *overwriteBox() const { return m_overwrite; }
    void setEditable(bool editable);

    // Options of the drawing tools (polygon, lasso, scissors, level trace).
    core::OutlineOp outlineOp() const;      // fill or erase the inside
    core::Slab scissorsSlab() const;        // what scissors cut through
    double traceTolerance() const;          // level trace: +- this around the value clicked
    QComboBox *outlineOpBox() const { return m_outlineOp; }
    QComboBox *slabBox() const { return m_slab; }
    QSpinBox *slabSlicesBox() const { return m_slabSlices; }
    QDoubleSpinBox *toleranceBox() const { return m_tolerance; }

Q_SIGNALS:
    void effectRequested(Effect effect);
    void maskChanged();
    void previewChanged(); // the preview was switched, or its range changed while on
    void previewAccepted();
    void previewCancelled();
    void toolOptionsChanged();
    // The threshold range from the window shown, or from the values around the cursor.
    void rangeFromWindowRequested();
    void rangeAroundCursorRequested();

private:
    QPushButton *addButton(Effect effect, const QString &text);

    std::vector<std::pair<Effect, QPushButton *>> m_buttons;
    QDoubleSpinBox *m_low, *m_high, *m_margin, *m_smoothMm, *m_maskLow, *m_maskHigh, *m_tolerance;
    QSpinBox *m_minVoxels, *m_slabSlices;
    QComboBox *m_smoothing, *m_logical, *m_modifier, *m_area, *m_outlineOp, *m_slab;
    QCheckBox *m_useRange, *m_overwrite, *m_preview;
    QPushButton *m_accept, *m_cancel;
    bool m_previewPending = false;
    bool m_editable = true;
};

} // namespace widgets
} // namespace sagitta
