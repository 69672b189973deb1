// swift-tools-version:6.0
// sbd and distreboot: node fencing and rolling reboots for Debian HA clusters.
import PackageDescription

let package = Package(
    name: "sbd",
    products: [
        .executable(name: "sbd", targets: ["sbd"]),
        .executable(name: "distreboot", targets: ["distreboot"]),
        .executable(name: "sbd-cluster-servant", targets: ["sbd-cluster-servant"]),
        .executable(name: "sbd-pacemaker-servant", targets: ["sbd-pacemaker-servant"]),
    ],
    targets: [
        // Values from outside, quoted for a message: escaped and bounded. Shared by both cores.
        .target(name: "QuotedText"),
        // argc/argv from the process entry (an .init_array function), for every executable:
        // Swift's CommandLine reads /proc/self/cmdline, absent in a rescue shell or a chroot.
        .target(name: "CProcessArguments"),
        .target(name: "ProcessArguments", dependencies: ["CProcessArguments"]),
        .testTarget(name: "QuotedTextTests", dependencies: ["QuotedText"]),
        // Pure decisions and formats: no I/O, no clocks, no Foundation.
        .target(name: "SBDCore", dependencies: ["QuotedText"]),
        // Syscalls Swift cannot reach directly (ioctl macros, O_DIRECT, Linux AIO).
        .target(name: "CSBDPlatform"),
        // libudev (device events), from Debian's -dev package. (sd_notify is CSBDPlatform's:
        // libsystemd would map 3.4 MB of compression and crypto into every locked process.)
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        // Thin typed wrappers over the operating system.
        .target(name: "SBDPlatform", dependencies: ["SBDCore", "CSBDPlatform", "CUdev"]),
        .executableTarget(name: "sbd", dependencies: ["SBDCore", "SBDPlatform", "QuotedText", "ProcessArguments"]),
        // The systemd generator: reads /etc/default/sbd at boot, writes drop-ins; SBDCore decides.
        .executableTarget(name: "sbd-generator", dependencies: ["SBDCore", "ProcessArguments"]),
        .testTarget(name: "SBDCoreTests", dependencies: ["SBDCore"]),
        // distreboot: pure reboot-order, heartbeat and state decisions ...
        .target(name: "DistRebootCore", dependencies: ["QuotedText"]),
        // ... and the shell: etcd over HTTP/1.1, the control socket, the lock, spawning commands.
        .target(name: "DistReboot", dependencies: ["DistRebootCore", "QuotedText", "CDistRebootCPG"]),
        // The pacemaker engine's liveness: the daemons as members of one corosync process group.
        .target(name: "CDistRebootCPG", linkerSettings: [.linkedLibrary("cpg")]),
        .executableTarget(name: "distreboot", dependencies: ["DistRebootCore", "DistReboot", "ProcessArguments"]),
        .testTarget(name: "DistRebootCoreTests", dependencies: ["DistRebootCore"]),
        // Corosync (votequorum, cmap) for the local node, from Debian's -dev packages: small
        // libraries, all that the cluster watcher maps.
        .target(
            name: "CSBDCorosync",
            linkerSettings: [
                .linkedLibrary("votequorum"), .linkedLibrary("cmap"), .linkedLibrary("corosync_common"),
            ]),
        .target(name: "SBDCorosync", dependencies: ["SBDCore", "CSBDCorosync"]),
        // Pacemaker (the CIB, pacemakerd) for the local node: large libraries (glib, libxml2,
        // ...), mapped only by the pacemaker watcher.
        .target(
            name: "CSBDCluster",
            cSettings: [
                .unsafeFlags([
                    "-I/usr/include/pacemaker", "-I/usr/include/glib-2.0", "-I/usr/include/libxml2",
                    "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include", "-I/usr/lib/aarch64-linux-gnu/glib-2.0/include",
                ])
            ],
            linkerSettings: [
                .linkedLibrary("cib"), .linkedLibrary("pe_status"), .linkedLibrary("crmcommon"),
                .linkedLibrary("glib-2.0"), .linkedLibrary("xml2"),
            ]),
        .target(name: "SBDCluster", dependencies: ["SBDCore", "CSBDCluster"]),
        // The pacemaker and cluster watchers of `sbd watch -P`: one binary each, so that
        // the cluster libraries are loaded (and locked) only where they are used.
        .target(name: "SBDClusterServant", dependencies: ["SBDCore", "SBDPlatform", "ProcessArguments"]),
        .executableTarget(
            name: "sbd-cluster-servant",
            dependencies: ["SBDCore", "SBDPlatform", "SBDClusterServant", "SBDCorosync"]),
        .executableTarget(
            name: "sbd-pacemaker-servant",
            dependencies: ["SBDCore", "SBDPlatform", "SBDClusterServant", "SBDCluster"]),
        // Test-only (not a product, not packaged): prints what SBDCluster sees.
        .executableTarget(
            name: "sbd-cluster-probe",
            dependencies: ["SBDCore", "SBDPlatform", "SBDCorosync", "SBDCluster", "ProcessArguments"]),
    ]
)
