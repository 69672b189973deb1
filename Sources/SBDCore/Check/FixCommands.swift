/// The commands `sbd check` prints as fixes, in the spelling of each tool
/// that admins use: crmsh, pcs, and the tools pacemaker itself ships.
public enum FixCommands {
    /// A cluster property, three ways.
    public static func property(_ name: String, _ value: String) -> [String] {
        [
            "crm configure property \(name)=\(value)",
            "pcs property set \(name)=\(value)",
            "crm_attribute --type crm_config --name \(name) --update \(value)",
        ]
    }

    /// A parameter of a fence resource.
    public static func resourceParameter(_ resource: String, _ name: String, _ value: String) -> [String] {
        [
            "crm resource param \(resource) set \(name) \(value)",
            "pcs stonith update \(resource) \(name)=\(value)",
            "crm_resource --resource \(resource) --set-parameter \(name) --parameter-value \(value)",
        ]
    }

    /// Re-initialising the devices with the given timeouts (wipes the slots: the
    /// cluster must be stopped on every node first).
    public static func create(devices: [String], watchdog: UInt32, msgwait: UInt32) -> String {
        "sbd" + devices.map { " -d \(shellWord($0))" }.joined() + " -1 \(watchdog) -4 \(msgwait) create"
    }

    /// A line of /etc/default/sbd.
    public static func configLine(_ variable: String, _ value: String) -> String {
        "set \(variable)=\(value) in /etc/default/sbd"
    }

    /// Quotes a path for a shell when it needs it.
    static func shellWord(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:=@%,".contains($0)) }
        return plain && !text.isEmpty
            ? text
            : "'"
                + text.split(separator: "'", omittingEmptySubsequences: false)
                .joined(separator: "'\\''") + "'"
    }
}
