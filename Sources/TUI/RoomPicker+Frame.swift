import LetsChatCore

extension RoomPicker {
    /// The narrowest terminal the picker is drawn in.
    public static let minimumColumns = 20
    /// The shortest terminal the picker is drawn in: title, column names, one room, key help.
    public static let minimumRows = 4
    /// The lock shown before a room that announces a TLS certificate.
    public static let lock = "🔒"
    /// The key help in the bottom bar.
    static let help = " ↑↓ or k j: choose │ Enter: join │ Esc: quit"

    /// What the screen shows for a terminal of `columns` × `rows`: a title, the column names, one row
    /// per room (the selected one in reverse video, scrolled into view) and the keys at the bottom.
    public func frame(columns: Int, rows: Int) -> Frame {
        var frame = Frame()
        guard columns >= Self.minimumColumns, rows >= Self.minimumRows else {
            let text = LineWrapper.truncate("Terminal too small: need \(Self.minimumColumns)x\(Self.minimumRows)",
                                            width: max(1, columns))
            frame.rows.append(.init(x: 0, y: 0, width: columns, row: DisplayRow(text, style: .error), fill: nil))
            return frame
        }
        let title = rooms.count == 1 ? " 1 room on this network" : " \(rooms.count) rooms on this network"
        frame.rows.append(.init(x: 0, y: 0, width: columns,
                                row: DisplayRow(LineWrapper.truncate(title, width: columns), style: .info), fill: nil))
        let widths = Self.columnWidths(for: rooms, columns: columns)
        let names = Self.cells(marker: " ", lock: "", room: "Room", host: "Host", address: "Address", widths: widths)
        frame.rows.append(.init(x: 0, y: 1, width: columns, row: DisplayRow(names, style: .dim), fill: nil))
        let height = rows - 3
        if rooms.isEmpty {
            let text = LineWrapper.truncate("  No rooms right now; still looking… (Esc quits)", width: columns)
            frame.rows.append(.init(x: 0, y: 2, width: columns, row: DisplayRow(text, style: .dim), fill: nil))
        }
        let top = max(0, selection - height + 1)
        for index in rooms.indices.dropFirst(top).prefix(height) {
            let room = rooms[index]
            let chosen = index == selection
            let text = Self.cells(marker: chosen ? ">" : " ", lock: room.tlsFingerprint == nil ? "" : Self.lock,
                                  room: room.instanceName, host: room.hostName, address: room.endpoint ?? "resolving…",
                                  widths: widths)
            frame.rows.append(.init(x: 0, y: 2 + index - top, width: columns,
                                    row: DisplayRow(text, style: chosen ? .status : room.endpoint == nil ? .dim : .plain),
                                    fill: chosen ? .status : nil))
        }
        frame.rows.append(.init(x: 0, y: rows - 1, width: columns,
                                row: DisplayRow(LineWrapper.truncate(Self.help, width: columns), style: .status),
                                fill: .status))
        frame.cursor = (0, rooms.isEmpty ? rows - 1 : 2 + selection - top)
        return frame
    }

    /// The widths of the room, host and address columns: what the longest value needs when the
    /// terminal is wide enough; otherwise the address keeps up to a third, the room name up to half of the rest.
    static func columnWidths(for rooms: [DiscoveredRoom], columns: Int) -> (room: Int, host: Int, address: Int) {
        // A marker, a space, the lock's two columns and a space; then two columns between each pair.
        let available = max(3, columns - 5 - 4)
        let roomNeed = rooms.map { DisplayWidth.of($0.instanceName) }.max().map { max($0, 4) } ?? 4
        let hostNeed = rooms.map { DisplayWidth.of($0.hostName) }.max().map { max($0, 4) } ?? 4
        let addressNeed = rooms.map { DisplayWidth.of($0.endpoint ?? "resolving…") }.max().map { max($0, 7) } ?? 7
        if roomNeed + hostNeed + addressNeed <= available { return (roomNeed, hostNeed, addressNeed) }
        let address = max(1, min(addressNeed, available / 3))
        let rest = available - address
        let room = max(1, min(roomNeed, max(rest - hostNeed, rest / 2)))
        return (room, max(1, rest - room), address)
    }

    /// One row's text: each value cut to its column and padded to it.
    private static func cells(marker: String, lock: String, room: String, host: String, address: String,
                              widths: (room: Int, host: Int, address: Int)) -> String {
        marker + " " + pad(lock, 2) + " " + pad(room, widths.room) + "  " + pad(host, widths.host) + "  "
            + pad(address, widths.address)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let cut = LineWrapper.truncate(text, width: width)
        return cut + String(repeating: " ", count: max(0, width - DisplayWidth.of(cut)))
    }
}
