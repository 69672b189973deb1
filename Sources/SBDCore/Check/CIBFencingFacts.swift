/// Reads the fencing facts out of `cibadmin --query`'s XML: the cluster
/// properties in crm_config and the sbd fence primitives with their
/// parameters. Pacemaker writes well-formed XML, so a scan of the tags is
/// enough; nothing else of the CIB is looked at.
public enum CIBFencingFacts {
    public static func parse(_ xml: String) -> ClusterFacts? {
        let tags = XMLTagScanner.tags(xml)
        guard let root = tags.first(where: { $0.name == "cib" && !$0.closing }) else { return nil }
        var facts = ClusterFacts(epoch: root.attributes["epoch"])
        var inConfig = false
        var inPropertySet = false
        var primitive: FenceResource?
        var inParameters = false
        for tag in tags {
            switch (tag.name, tag.closing) {
            case ("crm_config", let closing):
                inConfig = !closing && !tag.selfClosing
            case ("cluster_property_set", let closing):
                inPropertySet = inConfig && !closing && !tag.selfClosing
            case ("primitive", false):
                let sbd =
                    tag.attributes["class"] == "stonith"
                    && FenceResource.sbdTypes.contains(tag.attributes["type"] ?? "")
                if sbd, !tag.selfClosing {
                    primitive = FenceResource(id: tag.attributes["id"] ?? "?", type: tag.attributes["type"] ?? "")
                } else if sbd {
                    facts.fenceResources.append(
                        FenceResource(id: tag.attributes["id"] ?? "?", type: tag.attributes["type"] ?? ""))
                }
            case ("primitive", true):
                if let finished = primitive { facts.fenceResources.append(finished) }
                primitive = nil
            case ("instance_attributes", let closing):
                inParameters = primitive != nil && !closing && !tag.selfClosing
            case ("nvpair", false):
                guard let name = tag.attributes["name"] else { continue }
                let value = tag.attributes["value"]
                if inPropertySet {
                    // The first set that names a property wins, as for the unconditional sets pacemaker applies.
                    switch name {
                    case "stonith-enabled": facts.stonithEnabled = facts.stonithEnabled ?? value
                    case "stonith-timeout": facts.stonithTimeout = facts.stonithTimeout ?? value
                    case "stonith-watchdog-timeout":
                        facts.stonithWatchdogTimeout = facts.stonithWatchdogTimeout ?? value
                    case "have-watchdog": facts.haveWatchdog = facts.haveWatchdog ?? value
                    default: break
                    }
                } else if inParameters {
                    if name == "pcmk_delay_max" { primitive?.delayMax = value }
                    if name == "pcmk_delay_base" { primitive?.delayBase = value }
                    if name == "devices" || name == "sbd_device" { primitive?.devices = value }
                    if name == "pcmk_reboot_timeout" { primitive?.rebootTimeout = value }
                }
            default:
                break
            }
        }
        return facts
    }
}
