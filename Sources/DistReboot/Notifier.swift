// Sends each notification to notifycmd, one at a time and in order, on a
// thread of its own: a slow or failing notifycmd is logged, and never holds
// or stops a cycle.

import DistRebootCore

final class Notifier: Sendable {
    let command: String?
    let timeoutSeconds: Int64
    private let queue = EventQueue<Notification>()

    init(command: String?, timeoutSeconds: Int64) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        guard let command else { return }
        Threads.detach { [queue] in
            while true {
                let notification = queue.next()
                let outcome = CheckCommand.run(
                    command, environment: notification.environment, timeoutSeconds: timeoutSeconds)
                if !outcome.passed {
                    Log.warning("notifycmd for \(notification.event.rawValue) \(notification.node) failed: \(outcome)")
                }
            }
        }
    }

    func send(_ notification: Notification) {
        Log.info("event: \(notification.summary)")
        if command != nil { queue.post(notification) }
    }
}
