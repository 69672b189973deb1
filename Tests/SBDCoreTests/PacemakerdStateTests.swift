import Testing

@testable import SBDCore

struct PacemakerdStateTests {
    @Test func codesAreTheGluesNumbers() {
        #expect(PacemakerdState(code: 0) == .unknown)
        #expect(PacemakerdState(code: 1) == .initializing)
        #expect(PacemakerdState(code: 2) == .startingDaemons)
        #expect(PacemakerdState(code: 3) == .waitingForPing)
        #expect(PacemakerdState(code: 4) == .running)
        #expect(PacemakerdState(code: 5) == .shuttingDown)
        #expect(PacemakerdState(code: 6) == .shutdownComplete)
        #expect(PacemakerdState(code: 7) == .remote)
    }

    @Test func outOfRangeCodesAreUnknown() {
        #expect(PacemakerdState(code: -1) == .unknown)
        #expect(PacemakerdState(code: 8) == .unknown)
        #expect(PacemakerdState(code: .max) == .unknown)
    }

    @Test func namesArePacemakers() {
        #expect(PacemakerdState.waitingForPing.name == "wait_for_ping")
        #expect(PacemakerdState.shutdownComplete.description == "shutdown_complete")
        #expect(PacemakerdState.startingDaemons.name == "starting_daemons")
        #expect(PacemakerdState.initializing.name == "init")
        for state in PacemakerdState.allCases {
            #expect(PacemakerdState(name: state.name) == state)
        }
        #expect(PacemakerdState(name: "invalid") == nil)
        #expect(PacemakerdState(name: "") == nil)
    }

    @Test func predicates() {
        let running = PacemakerdState.allCases.filter(\.isRunning)
        #expect(running == [.running, .remote])
        #expect(PacemakerdState.allCases.filter(\.isShutdownComplete) == [.shutdownComplete])
        #expect(PacemakerdState.allCases.filter(\.isShuttingDown) == [.shuttingDown, .shutdownComplete])
        #expect(PacemakerdState.allCases.filter(\.isWaitingForPing) == [.waitingForPing])
        #expect(PacemakerdState.allCases.filter(\.isStarting) == [.initializing, .startingDaemons, .waitingForPing])
        #expect(!PacemakerdState.unknown.isRunning && !PacemakerdState.unknown.isStarting)
        #expect(!PacemakerdState.unknown.isShuttingDown)
    }
}
