#pragma once
// LabelEditor ties a LabelMap to its undo history and to persistence. Tools call it from the
// GUI thread (it is not thread-safe); every finished edit, undo and redo reports what it changed
// (its chunks, and whether segments changed with it) to the listener: the one path by which the
// project store, the views and the statistics learn of a change (see core/project/seriessession.h).
#include "core/labels/brush.h"
#include "core/labels/undohistory.h"

#include <functional>
#include <memory>

namespace sagitta::core {

// One step on the label map, as the listener hears of it.
struct LabelChange {
    enum class Kind { Edit, Undo, Redo };
    Kind kind = Kind::Edit;
    std::vector<int> chunks; // label chunks whose voxels changed (may be empty)
    bool records = false;    // the step also changed records beside the voxels (segments, measurements)
};

class LabelEditor {
public:
    using Listener = std::function<void(const LabelChange &change)>;

    LabelEditor(LabelMap &map, const Geometry &geometry) : m_map(map), m_geometry(geometry) {}

    LabelMap &labelMap() { return m_map; }
    // The mask every edit goes through, and the image its intensity range reads (may be null).
    void setMask(const EditMask &mask) { m_mask = mask; }
    const EditMask &mask() const { return m_mask; }
    void setVolume(const Volume *volume) { m_volume = volume; }
    // A LabelEdit on the map with the editor's mask: what effects write through.
    LabelEdit edit() { return LabelEdit(m_map, m_volume, m_mask); }
    // Takes a finished edit's delta (already applied to the map) and what it changed beside the
    // voxels (already done, may be null): one undo step, one notification with its chunks.
    // Returns the chunks (empty when no voxel changed).
    std::vector<int> apply(LabelDelta delta, std::shared_ptr<EditCommand> command = nullptr);
    const Geometry &geometry() const { return m_geometry; }
    UndoHistory &history() { return m_history; }
    void setListener(Listener listener) { m_listener = std::move(listener); }

    void beginStroke(const SlicePlane &plane, const BrushSettings &settings, double u, double v);
    void continueStroke(double u, double v);
    bool strokeActive() const { return bool(m_stroke); }
    // Finishes the stroke, pushes it on the history and notifies; returns changed chunks.
    std::vector<int> endStroke();

    std::vector<int> undo();
    std::vector<int> redo();

    // Changes at every change of the map through the editor (edit, stroke, undo, redo): a job
    // that worked on a copy applies its result only if the map is still what it copied.
    std::uint64_t generation() const { return m_generation; }

private:
    void notify(LabelChange change);

    LabelMap &m_map;
    Geometry m_geometry;
    EditMask m_mask;
    const Volume *m_volume = nullptr;
    UndoHistory m_history;
    std::unique_ptr<BrushStroke> m_stroke;
    Listener m_listener;
    std::uint64_t m_generation = 0;
};

} // namespace sagitta::core
