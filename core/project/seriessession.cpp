#include "core/project/seriessession.h"

#include "core/base/error.h"
#include "core/project/project.h"

namespace sagitta::core {

SeriesSession::SeriesSession(Project &project, std::int64_t seriesId, std::shared_ptr<const Volume> volume, LabelMap labels,
                             std::string author)
    : m_project(project), m_seriesId(seriesId), m_author(std::move(author)), m_volume(std::move(volume)),
      m_labels(std::make_unique<LabelMap>(std::move(labels)))
{
    if (!m_volume)
        throw Error("a series session needs the series' volume");
    if (m_labels->dims() != m_volume->geometry().dims)
        throw Error("the label map's grid is not the series' grid");
    m_editor = std::make_unique<LabelEditor>(*m_labels, m_volume->geometry());
    m_editor->setVolume(m_volume.get());
    m_saver = std::make_unique<LabelSaver>(m_project, m_seriesId, *m_labels, m_author);
    m_editor->setListener([this](const LabelChange &change) { changed(change); });
    refreshSegments();
}

const std::vector<Segment> &SeriesSession::refreshSegments()
{
    m_segments = m_project.labelStore().segments(m_seriesId, m_author);
    EditMask mask = m_editor->mask();
    mask.locked = {};
    for (const Segment &s : m_segments)
        mask.locked[s.label] = s.locked;
    m_editor->setMask(mask);
    return m_segments;
}

int SeriesSession::subscribe(Subscriber subscriber)
{
    const int id = m_nextSubscriber++;
    m_subscribers.emplace(id, std::move(subscriber));
    return id;
}

void SeriesSession::unsubscribe(int id)
{
    m_subscribers.erase(id);
}

void SeriesSession::changed(const LabelChange &change)
{
    // The file first: a subscriber that fails must not cost the save.
    bool saved = true;
    if (!change.chunks.empty() || m_saver->pending()) {
        saved = m_saver->save(change.chunks);
        if (!saved)
            ++m_unsavedEdits;
        else
            m_unsavedEdits = 0;
    }
    if (change.records)
        refreshSegments();
    const auto subscribers = m_subscribers; // one may unsubscribe while it runs
    for (const auto &[id, s] : subscribers)
        s(change, saved);
}

} // namespace sagitta::core
