import LetsChatCore
import Testing

/// Admission at the door: the per-address limit and the client limit each say why they refuse.
@Suite struct ServerTests {
    @Test func anAddressOverItsConnectionLimitIsToldWhy() throws {
        try withServer(configure: { $0.maxConnectionsPerAddress = 2 }) { server in
            _ = try server.ircClient("one")
            _ = try server.ircClient("two")
            let third = try server.rawClient("three")
            try third.expect(containing: "Too many connections from your address")
            try third.expectClosed()
        }
    }

    @Test func aFullServerSaysItIsFull() throws {
        try withServer(configure: { $0.maxClients = 1 }) { server in
            _ = try server.ircClient("only")
            let late = try server.rawClient("late")
            try late.expect(containing: "The server is full")
            try late.expectClosed()
        }
    }

    @Test func aClosedSlotIsFreeAgain() throws {
        try withServer(configure: { $0.maxConnectionsPerAddress = 1 }) { server in
            let first = try server.ircClient("first")
            try first.irc("QUIT :bye")
            try first.expectClosed()
            let deadline = TestClient.now() + 5
            var admitted = false
            while !admitted && TestClient.now() < deadline {
                let next = try server.rawClient("next")
                try next.irc("NICK next")
                try next.irc("USER next 0 * :Next")
                admitted = (try? next.expectNumeric("001", within: 1)) != nil
            }
            #expect(admitted)
        }
    }
}
