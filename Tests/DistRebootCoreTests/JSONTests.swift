import Testing

@testable import DistRebootCore

@Suite struct JSONTests {
    @Test func parsesEtcdRangeResponse() throws {
        let text = """
            {"header":{"cluster_id":"12228234589599257295","revision":"2"},\
            "kvs":[{"key":"YQ==","create_revision":"2","mod_revision":"2","version":"1","value":"eA=="}],"count":"1"}
            """
        let json = try JSONValue.parse(text)
        #expect(json["header"]?["revision"]?.int64Value == 2)
        #expect(json["header"]?["cluster_id"]?.uint64Value == 12_228_234_589_599_257_295)
        #expect(json["kvs"]?.arrayValue?.first?["value"]?.stringValue == "eA==")
        #expect(json["succeeded"] == nil)
    }
}
