#include "widgets/effectspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sagitta {
namespace widgets {

namespace {
QDoubleSpinBox *valueBox(QWidget *parent, double min, double max, double value, const QString &suffix = {})
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(min, max);
    box->setDecimals(1);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setKeyboardTracking(false);
    return box;
}
} // namespace

EffectsPanel::EffectsPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *intensity = new QGroupBox(tr("Intensity"), this);
    auto *ig = new QGridLayout(intensity);
    m_low = valueBox(intensity, -100000, 100000, -100);
    m_high = valueBox(intensity, -100000, 100000, 200);
    ig->addWidget(new QLabel(tr("Range"), intensity), 0, 0);
    ig->addWidget(m_low, 0, 1);
    ig->addWidget(m_high, 0, 2);
    m_preview = new QCheckBox(tr("Preview"), intensity);
    m_preview->setToolTip(tr("Show the voxels in range over the slices while the range is changed"));
    ig->addWidget(m_preview, 0, 3);
    auto *fromWindow = new QPushButton(tr("From window"), intensity);
    fromWindow->setToolTip(tr("The range of the window shown (centre - width/2 .. centre + width/2)"));
    auto *aroundCursor = new QPushButton(tr("Around cursor"), intensity);
    aroundCursor->setToolTip(tr("The values in the 5 x 5 x 5 voxels around the cursor, widened by 10%"));
    ig->addWidget(fromWindow, 2, 0, 1, 2);
    ig->addWidget(aroundCursor, 2, 2, 1, 2);
    connect(fromWindow, &QPushButton::clicked, this, &EffectsPanel::rangeFromWindowRequested);
    connect(aroundCursor, &QPushButton::clicked, this, &EffectsPanel::rangeAroundCursorRequested);
    ig->addWidget(addButton(Effect::Threshold, tr("Threshold")), 1, 0, 1, 2);
    ig->addWidget(addButton(Effect::GrowFromCursor, tr("Grow from cursor")), 1, 2, 1, 2);
    layout->addWidget(intensity);

    auto *islands = new QGroupBox(tr("Islands"), this);
    auto *lg = new QGridLayout(islands);
    m_minVoxels = new QSpinBox(islands);
    m_minVoxels->setRange(1, 100000000);
    m_minVoxels->setValue(100);
    m_minVoxels->setSuffix(tr(" voxels"));
    lg->addWidget(addButton(Effect::KeepLargest, tr("Keep largest")), 0, 0);
    lg->addWidget(addButton(Effect::KeepAtCursor, tr("Keep at cursor")), 0, 1);
    lg->addWidget(addButton(Effect::RemoveSmall, tr("Remove smaller than")), 1, 0);
    lg->addWidget(m_minVoxels, 1, 1);
    lg->addWidget(addButton(Effect::SplitIslands, tr("Split into segments")), 2, 0, 1, 2);
    layout->addWidget(islands);

    auto *shape = new QGroupBox(tr("Shape"), this);
    auto *sg = new QGridLayout(shape);
    m_margin = valueBox(shape, -50, 50, 2, tr(" mm"));
    m_smoothing = new QComboBox(shape);
    m_smoothing->addItem(tr("Median"), 0);
    m_smoothing->addItem(tr("Opening"), 1);
    m_smoothing->addItem(tr("Closing"), 2);
    m_smoothMm = valueBox(shape, 0.1, 50, 2, tr(" mm"));
    sg->addWidget(addButton(Effect::Margin, tr("Margin")), 0, 0);
    sg->addWidget(m_margin, 0, 1, 1, 2);
    sg->addWidget(addButton(Effect::Smooth, tr("Smooth")), 1, 0);
    sg->addWidget(m_smoothing, 1, 1);
    sg->addWidget(m_smoothMm, 1, 2);
    sg->addWidget(addButton(Effect::FillBetween, tr("Fill between slices")), 2, 0);
    m_accept = new QPushButton(tr("Accept"), shape);
    m_cancel = new QPushButton(tr("Cancel"), shape);
    sg->addWidget(m_accept, 2, 1);
    sg->addWidget(m_cancel, 2, 2);
    m_logical = new QComboBox(shape);
    for (const QString &op : {tr("Copy from"), tr("Add"), tr("Subtract"), tr("Intersect with"), tr("Invert"), tr("Clear")})
        m_logical->addItem(op);
    m_modifier = new QComboBox(shape);
    sg->addWidget(addButton(Effect::Logical, tr("Logical")), 3, 0);
    sg->addWidget(m_logical, 3, 1);
    sg->addWidget(m_modifier, 3, 2);
    layout->addWidget(shape);

    // Options of the drawing tools (Tools menu: polygon, lasso, scissors, level trace).
    auto *drawing = new QGroupBox(tr("Drawing tools"), this);
    auto *dg = new QFormLayout(drawing);
    m_outlineOp = new QComboBox(drawing);
    m_outlineOp->addItem(tr("Fill inside"), int(core::OutlineOp::Fill));
    m_outlineOp->addItem(tr("Erase inside"), int(core::OutlineOp::Erase));
    dg->addRow(tr("Polygon, lasso, scissors"), m_outlineOp);
    m_slab = new QComboBox(drawing);
    m_slab->addItem(tr("Whole volume"), int(core::SlabExtent::Whole));
    m_slab->addItem(tr("Slab, both sides"), int(core::SlabExtent::Symmetric));
    m_slab->addItem(tr("Slab above"), int(core::SlabExtent::Above));
    m_slab->addItem(tr("Slab below"), int(core::SlabExtent::Below));
    m_slabSlices = new QSpinBox(drawing);
    m_slabSlices->setRange(0, 10000);
    m_slabSlices->setValue(5);
    m_slabSlices->setSuffix(tr(" slices"));
    auto *slabRow = new QHBoxLayout;
    slabRow->addWidget(m_slab);
    slabRow->addWidget(m_slabSlices);
    dg->addRow(tr("Scissors cut"), slabRow);
    m_tolerance = valueBox(drawing, 0, 100000, 50);
    m_tolerance->setToolTip(tr("Level trace takes the voxels within this distance of the value under the pointer"));
    dg->addRow(tr("Level trace tolerance"), m_tolerance);
    layout->addWidget(drawing);
    connect(m_outlineOp, &QComboBox::currentIndexChanged, this, &EffectsPanel::toolOptionsChanged);
    connect(m_slab, &QComboBox::currentIndexChanged, this, [this] {
        m_slabSlices->setEnabled(m_slab->currentIndex() > 0);
        Q_EMIT toolOptionsChanged();
    });
    connect(m_slabSlices, &QSpinBox::valueChanged, this, &EffectsPanel::toolOptionsChanged);
    connect(m_tolerance, &QDoubleSpinBox::valueChanged, this, &EffectsPanel::toolOptionsChanged);
    m_slabSlices->setEnabled(false);

    auto *masking = new QGroupBox(tr("Masking"), this);
    auto *mg = new QFormLayout(masking);
    m_area = new QComboBox(masking);
    m_area->addItem(tr("Everywhere"), -1);
    m_area->addItem(tr("Outside all segments"), 0);
    mg->addRow(tr("Editable area"), m_area);
    m_useRange = new QCheckBox(tr("Only intensities in"), masking);
    m_maskLow = valueBox(masking, -100000, 100000, -1000);
    m_maskHigh = valueBox(masking, -100000, 100000, 3000);
    auto *range = new QHBoxLayout;
    range->addWidget(m_maskLow);
    range->addWidget(m_maskHigh);
    mg->addRow(m_useRange, range);
    m_overwrite = new QCheckBox(tr("Overwrite other segments"), masking);
    m_overwrite->setChecked(true);
    m_overwrite->setToolTip(tr("Checked: painting takes the voxels from other segments. Unchecked: other segments keep "
                               "their voxels and the painted segment overlaps them (on a layer of its own)."));
    mg->addRow(m_overwrite);
    layout->addWidget(masking);
    layout->addStretch(1);

    connect(m_preview, &QCheckBox::toggled, this, &EffectsPanel::previewChanged);
    for (QDoubleSpinBox *box : {m_low, m_high})
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
            if (m_preview->isChecked())
                Q_EMIT previewChanged();
        });
    connect(m_accept, &QPushButton::clicked, this, &EffectsPanel::previewAccepted);
    connect(m_cancel, &QPushButton::clicked, this, &EffectsPanel::previewCancelled);
    for (QObject *o : std::initializer_list<QObject *>{m_maskLow, m_maskHigh})
        connect(static_cast<QDoubleSpinBox *>(o), &QDoubleSpinBox::valueChanged, this, &EffectsPanel::maskChanged);
    connect(m_area, &QComboBox::currentIndexChanged, this, &EffectsPanel::maskChanged);
    connect(m_useRange, &QCheckBox::toggled, this, &EffectsPanel::maskChanged);
    connect(m_overwrite, &QCheckBox::toggled, this, &EffectsPanel::maskChanged);
    setPreviewPending(false);
}

core::OutlineOp EffectsPanel::outlineOp() const
{
    return core::OutlineOp(m_outlineOp->currentData().toInt());
}

core::Slab EffectsPanel::scissorsSlab() const
{
    return {core::SlabExtent(m_slab->currentData().toInt()), m_slabSlices->value()};
}

double EffectsPanel::traceTolerance() const
{
    return m_tolerance->value();
}

QPushButton *EffectsPanel::addButton(Effect effect, const QString &text)
{
    auto *b = new QPushButton(text, this);
    connect(b, &QPushButton::clicked, this, [this, effect] { Q_EMIT effectRequested(effect); });
    m_buttons.emplace_back(effect, b);
    return b;
}

QPushButton *EffectsPanel::button(Effect effect) const
{
    for (const auto &[e, b] : m_buttons)
        if (e == effect)
            return b;
    return nullptr;
}

double EffectsPanel::low() const { return std::min(m_low->value(), m_high->value()); }
double EffectsPanel::high() const { return std::max(m_low->value(), m_high->value()); }
void EffectsPanel::setRange(double low, double high)
{
    m_low->setValue(low);
    m_high->setValue(high);
}
int EffectsPanel::minVoxels() const { return m_minVoxels->value(); }
double EffectsPanel::marginMm() const { return m_margin->value(); }
double EffectsPanel::smoothMm() const { return m_smoothMm->value(); }
int EffectsPanel::smoothing() const { return m_smoothing->currentData().toInt(); }
int EffectsPanel::logicalOp() const { return m_logical->currentIndex(); }
int EffectsPanel::modifierLabel() const { return m_modifier->currentData().toInt(); }

void EffectsPanel::setSegments(const std::vector<std::pair<int, QString>> &segments)
{
    const int current = modifierLabel(), area = m_area->currentData().toInt();
    const QSignalBlocker block(m_area);
    m_modifier->clear();
    while (m_area->count() > 2)
        m_area->removeItem(2);
    for (const auto &[label, name] : segments) {
        m_modifier->addItem(name, label);
        m_area->addItem(tr("Inside %1").arg(name), label);
    }
    const int index = m_modifier->findData(current);
    if (index >= 0)
        m_modifier->setCurrentIndex(index);
    m_area->setCurrentIndex(std::max(0, m_area->findData(area)));
}

core::EditMask EffectsPanel::mask() const
{
    core::EditMask m;
    const int area = m_area->currentData().toInt();
    m.area = area > 0 ? core::EditMask::Area::InsideSegment : area == 0 ? core::EditMask::Area::OutsideSegments
                                                                          : core::EditMask::Area::Everywhere;
    m.insideLabel = std::uint8_t(std::max(area, 0));
    m.useIntensityRange = m_useRange->isChecked();
    m.low = std::min(m_maskLow->value(), m_maskHigh->value());
    m.high = std::max(m_maskLow->value(), m_maskHigh->value());
    m.overwriteOthers = m_overwrite->isChecked();
    return m;
}

bool EffectsPanel::previewOn() const
{
    return m_preview->isChecked();
}

void EffectsPanel::setPreviewPending(bool pending)
{
    m_previewPending = pending;
    m_accept->setEnabled(pending);
    m_cancel->setEnabled(pending);
    for (const auto &[e, b] : m_buttons)
        b->setEnabled(m_editable && !pending);
}

void EffectsPanel::setEditable(bool editable)
{
    m_editable = editable;
    setPreviewPending(m_previewPending && editable);
}

} // namespace widgets
} // namespace sagitta
