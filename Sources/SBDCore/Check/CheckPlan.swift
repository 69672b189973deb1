/// Every rule of `sbd check` over the facts, in the order they print:
/// devices, this node's configuration, then the cluster's.
public enum CheckPlan {
    public static func results(_ facts: CheckFacts) -> [CheckResult] {
        var results: [CheckResult] = []
        let paths = facts.settings.devices
        if paths.isEmpty {
            results.append(CheckResult("devices", .ok, "none: disk-less sbd (the watchdog fences)"))
        }
        for device in facts.devices { results.append(DeviceReadableRule.evaluate(device)) }
        if let agreement = DeviceAgreementRule.evaluate(facts.headers, allDevices: paths) { results.append(agreement) }
        for device in facts.devices {
            guard let header = device.header else { continue }
            results.append(MsgwaitRule.evaluate(device: device.path, timeouts: header.timeouts, allDevices: paths))
        }
        for device in facts.devices where device.header != nil {
            results.append(
                NodeSlotRule.evaluate(
                    device: device.path, node: facts.nodeName, slot: device.nodeSlot, freeSlots: device.freeSlots))
        }
        if facts.watchdogTimeoutSet, let headerWatchdog = facts.headers.map(\.header.timeouts.watchdog).max() {
            results.append(
                WatchdogTimeoutSettingRule.evaluate(
                    setting: facts.settings.watchdogTimeout, headerWatchdog: headerWatchdog))
        }
        results.append(
            WatchdogPresenceRule.evaluate(
                configured: facts.settings.watchdogDevice, facts: facts.watchdog, diskless: facts.diskless))
        if let watchdog = facts.watchdog, facts.settings.watchdogDevice != nil,
            let result = KernelWatchdogTimeoutRule.evaluate(
                expected: facts.effectiveWatchdogTimeout, facts: watchdog, diskless: facts.diskless, devices: paths,
                msgwait: facts.longestMsgwait, keepsDriverTimeout: facts.settings.keepWatchdogTimeout)
        {
            results.append(result)
        }
        switch facts.startTimeout {
        case .reached(let timeout):
            let delay = StartupDecisions.delaySeconds(
                facts.settings.delayStart,
                msgwait: facts.longestMsgwait
                    ?? StartupDecisions.disklessTimeouts(
                        watchdog: facts.settings.watchdogTimeout
                    ).msgwait)
            results.append(
                StartTimeoutRule.evaluate(
                    timeout: timeout,
                    probeLimit: paths.isEmpty ? 0 : StartTimeoutRule.probeLimit(ioTimeout: facts.settings.ioTimeout),
                    deviceWait: paths.isEmpty ? 0 : facts.settings.startupWait, delay: delay))
        case .notReachable(let reason):
            results.append(CheckResult(StartTimeoutRule.id, .skip, "not reachable: \(reason)"))
        }
        results += clusterResults(facts)
        return results
    }

    static func clusterResults(_ facts: CheckFacts) -> [CheckResult] {
        let cluster: ClusterFacts
        switch facts.cluster {
        case .reached(let found):
            cluster = found
        case .notReachable(let reason):
            // The same checks as with a cluster, so that a script sees every id either way.
            let withDevices = facts.diskless ? [] : [StonithTimeoutRule.id]
            let resources = facts.diskless ? [] : [FenceResourceRule.id]
            let ids =
                [StonithEnabledRule.id] + withDevices
                + [StonithWatchdogTimeoutRule.id, HaveWatchdogRule.id] + resources
            return ids.map { CheckResult($0, .skip, "cluster not reachable: \(reason)") }
        }
        var results = [StonithEnabledRule.evaluate(cluster.stonithEnabled)]
        let sbdResources = cluster.fenceResources
        if let msgwait = facts.longestMsgwait {
            if let raw = cluster.stonithTimeout, PacemakerDuration.milliseconds(raw) == nil {
                results.append(unreadable(StonithTimeoutRule.id, raw))
            } else {
                let timeout = cluster.stonithTimeout.flatMap { PacemakerDuration.milliseconds($0) }
                var result = StonithTimeoutRule.evaluate(
                    stonithTimeout: timeout ?? StonithTimeoutRule.defaultMilliseconds, msgwait: msgwait,
                    delay: StonithTimeoutRule.worstDelay(sbdResources))
                if timeout == nil { result.summary = "not set (pacemaker's default 60s): " + result.summary }
                results.append(result)
            }
        } else if !facts.diskless {
            results.append(CheckResult(StonithTimeoutRule.id, .skip, "no device header could be read for msgwait"))
        }
        if let raw = cluster.stonithWatchdogTimeout, PacemakerDuration.milliseconds(raw) == nil {
            results.append(unreadable(StonithWatchdogTimeoutRule.id, raw))
        } else {
            results.append(
                StonithWatchdogTimeoutRule.evaluate(
                    stonithWatchdogTimeout: cluster.stonithWatchdogTimeout.flatMap {
                        PacemakerDuration.milliseconds($0)
                    } ?? 0,
                    watchdogTimeout: facts.settings.watchdogTimeout, diskless: facts.diskless))
        }
        results.append(HaveWatchdogRule.evaluate(cluster.haveWatchdog, diskless: facts.diskless))
        if let result = FenceResourceRule.evaluate(sbdResources, devices: facts.settings.devices) {
            results.append(result)
        }
        for resource in sbdResources {
            if let result = FenceResourceDevicesRule.evaluate(resource, watched: facts.settings.devices) {
                results.append(result)
            }
            if let raw = resource.rebootTimeout, let msgwait = facts.longestMsgwait {
                if let timeout = PacemakerDuration.milliseconds(raw) {
                    results.append(
                        RebootTimeoutRule.evaluate(resource: resource.id, timeout: timeout, msgwait: msgwait))
                } else {
                    results.append(unreadable(RebootTimeoutRule.id, raw))
                }
            }
        }
        return results
    }

    private static func unreadable(_ id: String, _ raw: String) -> CheckResult {
        CheckResult(
            id, .fail, "\(raw) is not a pacemaker time value",
            advice: "write a number with an optional unit (s, min, h, ms)")
    }
}
