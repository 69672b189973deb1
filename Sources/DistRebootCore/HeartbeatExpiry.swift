// When a heartbeat is stale, and when it is old enough to forget.

public enum HeartbeatAge: Equatable, Sendable {
    case fresh
    /// Past its expiry: that node's daemon is not running (down, unreachable, rebooting).
    case stale
    /// More than a day past its expiry: dropped from the list automatically.
    case forgotten
}

public enum HeartbeatExpiry {
    public static let forgetAfter: Int64 = 24 * 60 * 60

    public static func age(of heartbeat: Heartbeat, at now: Int64) -> HeartbeatAge {
        if now <= heartbeat.expires { return .fresh }
        if now - heartbeat.expires > forgetAfter { return .forgotten }
        return .stale
    }

    /// How often a daemon republishes a heartbeat that lasts `lifetime`
    /// seconds: three times per lifetime, so two lost refreshes still do not
    /// make it stale.
    public static func refreshInterval(lifetime: Int64) -> Int64 { max(1, lifetime / 3) }
}
