import Testing

@testable import DistRebootCore

struct EtcdMemberConfigTests {
    @Test func debiansCommentedOutFileMeansEtcdDefaults() {
        let config = EtcdMemberConfig.parse(
            environmentFile: """
                ## etcd(1) daemon options
                #ETCD_NAME="hostname"
                #ETCD_ADVERTISE_CLIENT_URLS="http://localhost:2379"
                """)
        #expect(config == EtcdMemberConfig(clientURL: "http://localhost:2379", name: nil))
    }

    @Test func nameAndFirstAdvertisedURL() {
        let config = EtcdMemberConfig.parse(
            environmentFile: """
                ETCD_NAME="node1"
                ETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:2379
                ETCD_ADVERTISE_CLIENT_URLS='http://10.0.0.1:2379, http://10.0.0.2:2379'
                """)
        #expect(config.name == "node1")
        #expect(config.clientURL == "http://10.0.0.1:2379")
    }

    @Test func listenURLOnAWildcardIsReachedThroughLoopback() {
        #expect(
            EtcdMemberConfig.parse(environmentFile: "ETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:4001").clientURL
                == "http://127.0.0.1:4001")
        #expect(
            EtcdMemberConfig.parse(environmentFile: "ETCD_LISTEN_CLIENT_URLS=http://[::]:4001").clientURL
                == "http://127.0.0.1:4001")
        #expect(
            EtcdMemberConfig.parse(environmentFile: "ETCD_LISTEN_CLIENT_URLS=http://192.0.2.1:4001").clientURL
                == "http://192.0.2.1:4001")
    }

    @Test func exportSpacesAndOtherLines() {
        let config = EtcdMemberConfig.parse(
            environmentFile:
                "  export ETCD_NAME = n2 \n; comment\nDAEMON_ARGS=\"--debug\"\nnot an assignment\nETCD_NAME2=x\n")
        #expect(config.name == "n2")
        #expect(config.clientURL == EtcdMemberConfig.defaultClientURL)
    }

    @Test func anEmptyNameMeansUnset() {
        #expect(EtcdMemberConfig.parse(environmentFile: "ETCD_NAME=\"\"").name == nil)
    }

    @Test func theLastAssignmentWins() {
        #expect(EtcdMemberConfig.parse(environmentFile: "ETCD_NAME=a\nETCD_NAME=b").name == "b")
    }
}

struct EndpointTests {
    @Test func hostAndPort() throws {
        #expect(try Endpoint.parse(url: "http://127.0.0.1:23790") == Endpoint(host: "127.0.0.1", port: 23790))
        #expect(try Endpoint.parse(url: "http://etcd.example/") == Endpoint(host: "etcd.example", port: 2379))
        #expect(try Endpoint.parse(url: "http://[::1]:2379/v3") == Endpoint(host: "::1", port: 2379))
        #expect(Endpoint(host: "::1", port: 2379).description == "http://[::1]:2379")
        #expect(Endpoint(host: "localhost", port: 2379).description == "http://localhost:2379")
    }

    @Test(arguments: [
        ("https://a:2379", "https://a:2379: TLS client URLs are not supported; use an http:// client URL"),
        ("unix:///run/etcd.sock", "unix:///run/etcd.sock: not an http:// URL"),
        ("http://:2379", "http://:2379: no host"),
        ("http://a:0", "http://a:0: bad port"),
        ("http://a:99999", "http://a:99999: bad port"),
        ("http://a:x", "http://a:x: bad port"),
        ("http://[::1", "http://[::1: bad IPv6 address"),
    ])
    func badURLs(_ url: String, _ message: String) {
        #expect(throws: EndpointError(message: message)) { try Endpoint.parse(url: url) }
    }
}

struct TextLinesTests {
    @Test func crlfFilesSplitIntoLines() throws {
        #expect("a=1\r\nb=2\r\n".lines == ["a=1\r", "b=2\r", ""])
        #expect(
            EtcdMemberConfig.parse(environmentFile: "ETCD_NAME=n1\r\nETCD_ADVERTISE_CLIENT_URLS=http://h:1\r\n").name
                == "n1")
        var p = Properties()
        try p.apply(fileText: "rebootcmd=x\r\nheartbeat=5\r\n", path: "f")
        #expect(p.rebootCommand == "x")
        #expect(p.heartbeatSeconds == 5)
    }
}
