// Sends each notification to notifycmd, one at a time and in order, on a
// thread of its own: a slow or failing notifycmd is logged, and never holds
// or stops a cycle. Before this node's reboot the daemon waits (at most the
// command timeout) for what is queued, so that "reboot" is told before the
// node goes down.

import DistRebootCore

final class Notifier: @unchecked Sendable {
    let command: String?
    let timeoutSeconds: Int64
    private let queue = EventQueue<Notification>()
    private let monitor = Monitor()
    private var pending = 0

    init(command: String?, timeoutSeconds: Int64) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        guard let command else { return }
        Threads.detach { [self] in
            while true {
                let notification = queue.next()
                let outcome = CheckCommand.run(
                    command, environment: notification.environment, timeoutSeconds: timeoutSeconds)
                if !outcome.passed {
                    Log.warning("notifycmd for \(notification.event.rawValue) \(notification.node) failed: \(outcome)")
                }
                monitor.locked {
                    pending -= 1
                    monitor.signalAll()
                }
            }
        }
    }

    func send(_ notification: Notification) {
        Log.info("event: \(notification.summary)")
        guard command != nil else { return }
        monitor.locked { pending += 1 }
        queue.post(notification)
    }

    /// Waits until every queued notification was sent, or the command timeout passed.
    func flush() {
        _ = monitor.locked { monitor.wait(milliseconds: timeoutSeconds * 1000 + 1000) { pending == 0 } }
    }
}
