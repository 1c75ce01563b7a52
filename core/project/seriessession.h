#pragma once
// SeriesSession: one open series as the labeling canvas works on it: its volume, its label map,
// the editor (undo history, edit mask) and the store that writes each change to the project
// file (LabelSaver: a change that cannot be written yet is kept and retried). Qt-free; the main
// window, the effects and the segment list share it instead of doing engine work themselves.
//
// Every change of the label map (a stroke, an effect, a segment added or removed, an undo, a
// redo) goes the one way: LabelEditor -> session (saved first) -> each subscriber once, with
// the chunks it changed. Views, statistics and the 3D view subscribe; nobody calls "the labels
// changed" by hand. One thread (the GUI's): like Project, a session is not thread-safe.
#include "core/image/volume.h"
#include "core/labels/labeleditor.h"
#include "core/labels/segment.h"
#include "core/project/labelsaver.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace sagitta::core {

class Project;

class SeriesSession {
public:
    // Subscribers hear of each change after the session tried to save it; saved says whether
    // everything is in the file now (false: kept and retried by retrySave()).
    using Subscriber = std::function<void(const LabelChange &change, bool saved)>;

    // labels: the series' map of author as loaded (dims must be the volume's; author as
    // LabelStore takes it: '' is the current user's). project must outlive it.
    SeriesSession(Project &project, std::int64_t seriesId, std::shared_ptr<const Volume> volume, LabelMap labels,
                  std::string author = {});
    SeriesSession(const SeriesSession &) = delete;
    SeriesSession &operator=(const SeriesSession &) = delete;

    std::int64_t seriesId() const { return m_seriesId; }
    const std::string &author() const { return m_author; }
    const std::shared_ptr<const Volume> &volume() const { return m_volume; }
    LabelMap &labels() { return *m_labels; }
    const LabelMap &labels() const { return *m_labels; }
    LabelEditor &editor() { return *m_editor; }
    LabelSaver &saver() { return *m_saver; }
    Project &project() { return m_project; }

    // The series' segments as the project holds them now; their locks go into the edit mask
    // (a locked segment is never changed by any edit).
    const std::vector<Segment> &segments() const { return m_segments; }
    const std::vector<Segment> &refreshSegments();

    int subscribe(Subscriber subscriber);
    void unsubscribe(int id);

    // Writes what is still pending; true when nothing is left.
    bool retrySave() { return m_saver->retry(); }
    // Edits heard of that were not in the file when they happened (reset by a full save).
    int unsavedEdits() const { return m_unsavedEdits; }

private:
    void changed(const LabelChange &change);

    Project &m_project;
    std::int64_t m_seriesId;
    std::string m_author;
    std::shared_ptr<const Volume> m_volume;
    std::unique_ptr<LabelMap> m_labels; // declared before its editor and saver: goes last
    std::unique_ptr<LabelEditor> m_editor;
    std::unique_ptr<LabelSaver> m_saver;
    std::vector<Segment> m_segments;
    std::map<int, Subscriber> m_subscribers;
    int m_nextSubscriber = 1;
    int m_unsavedEdits = 0;
};

} // namespace sagitta::core
