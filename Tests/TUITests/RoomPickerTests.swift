import Foundation
import LetsChatCore
import Testing
import TestSupport
@testable import TUI

@Suite struct RoomPickerTests {
    static func room(_ name: String, _ address: String? = "10.0.0.1", port: UInt16 = 55556,
                     tls: String? = nil) -> DiscoveredRoom {
        DiscoveredRoom(instanceName: name, hostName: name.split(separator: " ").last.map { "\($0).local" } ?? "x.local",
                       addresses: address.map { [$0] } ?? [], port: port, channel: "#letschat",
                       tlsFingerprint: tls, isLetsChat: true)
    }

    private let alpha = room("letschat on alpha", "10.0.0.1")
    private let beta = room("letschat on beta", "10.0.0.2")
    private let gamma = room("letschat on gamma", "10.0.0.3")

    @Test func listsRoomsByNameIgnoringCaseWithTheFirstSelected() {
        let picker = RoomPicker(rooms: [gamma, Self.room("Letschat on Beta"), alpha])
        #expect(picker.rooms.map(\.instanceName) == ["letschat on alpha", "Letschat on Beta", "letschat on gamma"])
        #expect(picker.selected == alpha)
    }

    @Test(arguments: [Key.down, .character("j"), .ctrl("n")])
    func downJAndCtrlNSelectTheRoomBelowAndStopAtTheLast(key: Key) {
        var picker = RoomPicker(rooms: [alpha, beta])
        #expect(picker.apply(key) == nil)
        #expect(picker.selected == beta)
        #expect(picker.apply(key) == nil)
        #expect(picker.selected == beta)
    }

    @Test(arguments: [Key.up, .character("k"), .ctrl("p")])
    func upKAndCtrlPSelectTheRoomAboveAndStopAtTheFirst(key: Key) {
        var picker = RoomPicker(rooms: [alpha, beta])
        _ = picker.apply(.down)
        #expect(picker.apply(key) == nil)
        #expect(picker.selected == alpha)
        #expect(picker.apply(key) == nil)
        #expect(picker.selected == alpha)
    }

    @Test func enterJoinsTheSelectedRoom() {
        var picker = RoomPicker(rooms: [alpha, beta])
        _ = picker.apply(.down)
        #expect(picker.apply(.enter) == .join(beta))
    }

    @Test func enterOnARoomWhoseAddressIsNotKnownYetDoesNothing() {
        var picker = RoomPicker(rooms: [Self.room("letschat on alpha", nil)])
        #expect(picker.apply(.enter) == nil)
        var empty = RoomPicker()
        #expect(empty.apply(.enter) == nil)
    }

    @Test(arguments: [Key.escape, .character("q"), .ctrl("c")])
    func escQAndCtrlCQuit(key: Key) {
        var picker = RoomPicker(rooms: [alpha])
        #expect(picker.apply(key) == .quit)
    }

    @Test func otherKeysLeaveThePickerAsItWas() {
        var picker = RoomPicker(rooms: [alpha, beta])
        for key in [Key.character("x"), .tab, .pageDown, .function(2), .resize] {
            #expect(picker.apply(key) == nil)
        }
        #expect(picker.selected == alpha)
    }

    @Test func theSelectedRoomStaysSelectedWhenRoomsAppearAboveIt() {
        var picker = RoomPicker(rooms: [beta, gamma])
        _ = picker.apply(.down)
        #expect(picker.selected == gamma)
        picker.update([gamma, beta, alpha])
        #expect(picker.selected == gamma)
        #expect(picker.selection == 2)
    }

    @Test func theSelectedRoomStaysSelectedWhenAnotherVanishes() {
        var picker = RoomPicker(rooms: [alpha, beta, gamma])
        _ = picker.apply(.down)
        _ = picker.apply(.down)
        picker.update([beta, gamma])
        #expect(picker.selected == gamma)
    }

    @Test func aRoomThatChangedAddressStaysSelected() {
        var picker = RoomPicker(rooms: [alpha, beta])
        _ = picker.apply(.down)
        let moved = Self.room("letschat on beta", "10.0.0.22")
        picker.update([alpha, moved])
        #expect(picker.selected == moved)
    }

    @Test func whenTheSelectedRoomVanishesTheOneInItsPlaceIsSelected() {
        var picker = RoomPicker(rooms: [alpha, beta, gamma])
        _ = picker.apply(.down)
        picker.update([alpha, gamma])
        #expect(picker.selected == gamma)
        picker.update([alpha])
        #expect(picker.selected == alpha)
        picker.update([])
        #expect(picker.selected == nil)
        picker.update([beta])
        #expect(picker.selected == beta)
    }

    @Test func noKeyIsBoundTwice() {
        let keys = RoomPicker.bindings.flatMap(\.keys)
        for key in keys { #expect(keys.filter { $0 == key }.count == 1, "\(key) is bound more than once") }
    }

    @Test func theReadmesPickerKeyTableListsExactlyTheBindings() throws {
        let lines = try Repository.text("README.md").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex(of: "| picker keys | what they do |"), "README has no picker key table")
        let documented = lines[(header + 2)...].prefix { $0.hasPrefix("| ") }.map { row in
            row.dropFirst(2).prefix { $0 != "|" }.trimmingCharacters(in: .whitespaces).components(separatedBy: ", ")
        }
        #expect(documented == RoomPicker.bindings.map(\.names))
    }

    @Test func theManPagesFindingRoomsSectionListsExactlyTheBindings() throws {
        let lines = try Repository.text("Resources/man/letschat.1").split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: ".SH FINDING ROOMS"), "the man page has no FINDING ROOMS section")
        let section = Array(lines[(start + 1)...].prefix { !$0.hasPrefix(".SH ") })
        let documented = section.indices.dropLast().filter { section[$0] == ".TP" }.map { index in
            section[index + 1].replacingOccurrences(of: ".BR ", with: "").replacingOccurrences(of: ".B ", with: "")
                .replacingOccurrences(of: "\\-", with: "-").components(separatedBy: " \", \" ")
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
        }
        #expect(documented == RoomPicker.bindings.map(\.names))
    }
}
