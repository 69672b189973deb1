import Testing
@testable import SBDCore
@Test func placeholder() {}
