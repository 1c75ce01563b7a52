#pragma once
// Progress and cancellation for long core jobs. app/ implements ProgressSink to turn reports
// into signals; the command line passes nullptr or a console sink.
#include <atomic>
#include <mutex>
#include <string>

namespace sagitta::core {

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // fraction in [0,1]; message is UTF-8 and never holds patient data. May be called from
    // any worker thread, so implementations must be thread-safe.
    virtual void report(double fraction, const std::string &message) = 0;
    // Polled by jobs between units of work; true asks the job to stop soon.
    virtual bool cancelled() const = 0;
};

// A sink that only stores the latest state: the fraction and the last non-empty message.
// Every member is thread-safe: workers report while another thread (a GUI timer, a test)
// reads the state and may ask to cancel.
class AtomicProgress : public ProgressSink {
public:
    void report(double fraction, const std::string &message) override;
    bool cancelled() const override { return m_cancel.load(); }
    void cancel() { m_cancel = true; }
    double fraction() const { return m_fraction.load(); }
    // The latest non-empty message reported (empty before the first one).
    std::string message() const;

private:
    std::atomic<double> m_fraction{0.0};
    std::atomic<bool> m_cancel{false};
    mutable std::mutex m_messageMutex;
    std::string m_message; // guarded by m_messageMutex
};

// Maps the progress of one stage of a job into the slice [from, to] of a parent sink and
// forwards cancellation from it.
class ScaledProgress : public ProgressSink {
public:
    ScaledProgress(ProgressSink *parent, double from, double to) : m_parent(parent), m_from(from), m_to(to) {}
    void report(double fraction, const std::string &message) override;
    bool cancelled() const override;

private:
    ProgressSink *m_parent;
    double m_from, m_to;
};

inline void reportProgress(ProgressSink *sink, double fraction, const std::string &message)
{
    if (sink)
        sink->report(fraction, message);
}

inline bool isCancelled(const ProgressSink *sink) { return sink && sink->cancelled(); }

} // namespace sagitta::core
