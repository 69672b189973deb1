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

@Suite struct JSONParsingTests {
    @Test func parsesGatewayShapes() throws {
        let status = try JSONValue.parse(
            #"{"header":{"member_id":"10276657743932975437","raft_term":"2"},"version":"3.4.23","leader":"10276657743932975437"}"#
        )
        #expect(status["leader"]?.uint64Value == 10_276_657_743_932_975_437)
        let txn = try JSONValue.parse(#"{"header":{"revision":"5"}}"#)
        #expect(txn["succeeded"]?.boolValue == nil)
        let error = try JSONValue.parse(
            #"{"error":"etcdserver: request timed out","message":"etcdserver: request timed out","code":14}"#)
        #expect(error["code"]?.int64Value == 14)
    }

    @Test func stringEscapes() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\n\t\r\b\f", "\u00e9\u20ac", "\ud83d\ude00", "\ud800"]"#)
        #expect(value.arrayValue?.map { $0.stringValue } == ["a\"b\\c/d\n\t\r\u{8}\u{C}", "é€", "😀", "\u{FFFD}"])
    }

    @Test func serializationRoundTrips() throws {
        let value = JSONValue.object([
            "z": .array([.null, .bool(true), .bool(false), .number("-12")]), "a": .string("tab\tctl\u{1}é"),
        ])
        #expect(value.serialized == #"{"a":"tab\tctl\u0001é","z":[null,true,false,-12]}"#)
        #expect(try JSONValue.parse(value.serialized) == value)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "tru", "\"open", "\"ctl\u{1}\"", "\"\\x\"", "1 2", "{1:2}", "-",
        "\"\\u12\"",
    ])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: JSONError.self) { try JSONValue.parse(text) }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    @Test func integersFromNumbersAndStrings() {
        #expect(JSONValue.number("42").int64Value == 42)
        #expect(JSONValue.string("-7").int64Value == -7)
        #expect(JSONValue.string("x").int64Value == nil)
        #expect(JSONValue.bool(true).int64Value == nil)
        #expect(JSONValue.string("18446744073709551615").uint64Value == .max)
    }
}

@Suite struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("/distreboot/", "L2Rpc3RyZWJvb3Qv"),
    ])
    func rfc4648Vectors(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(plain) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func everyByteRoundTrips() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }

    @Test func unpaddedAndInvalid() {
        #expect(Base64.decode("Zm8") == Array("fo".utf8))
        #expect(Base64.decode("Zm9v!") == nil)
        #expect(Base64.decode("Zg=a") == nil)
        #expect(Base64.decode("Z===") == nil)
    }
}
