/// The version `sbd` reports in its log; packaging/debian/changelog carries the same.
enum Version {
    static let text = "2.0.0"
}
