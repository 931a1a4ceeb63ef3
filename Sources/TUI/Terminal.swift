#if canImport(Glibc)
import Glibc
#endif
import CNcurses
import LetsChatCore

/// Why the terminal cannot host the full-screen client.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    /// The one-line explanation shown instead of a screen.
    public let description: String
}

/// The only place that calls ncurses: opens and restores the terminal, reads keys, prints frames.
///
/// Owned by the UI thread; nothing else may call it.
final class Terminal {
    private static let pasteStartCode: Int32 = 2001
    private static let pasteEndCode: Int32 = 2002
    private let screen: OpaquePointer
    private var window: UnsafeMutablePointer<WINDOW>
    private var colorCount = 0
    /// Set by a resize: the terminal may have kept, cut or moved the old picture, so the next draw repaints all of it.
    private var needsRepaint = false
    /// Readable when a signal arrived: `w` for a resize, `q` for SIGINT, SIGTERM or SIGHUP.
    let signalPipe = WakePipe()

    /// Checks, without touching the screen, that standard input and output are a terminal and
    /// that TERM names a full-screen one; returns TERM.
    @discardableResult
    static func checkUsable() throws(TerminalError) -> String {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw TerminalError(description: "standard input and output must be a terminal, not redirected")
        }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw TerminalError(description: "a full-screen terminal is needed, but TERM is "
                                + (term.isEmpty ? "not set" : "'dumb'") + " (try TERM=xterm-256color)")
        }
        return term
    }

    /// Takes over the terminal, or explains in one line why it cannot.
    /// - Parameter mouse: report the mouse wheel (the terminal's own text selection then needs Shift).
    init(mouse: Bool = false) throws(TerminalError) {
        let term = try Terminal.checkUsable()
        if setlocale(LC_ALL, "").flatMap({ String(cString: $0) }).map({ !$0.uppercased().contains("UTF") }) ?? true {
            // Typed UTF-8 is lost in a non-UTF-8 locale; C.UTF-8 exists everywhere on Debian.
            setlocale(LC_ALL, "C.UTF-8")
        }
        lc_install_crash_restore()
        guard let screen = newterm(nil, fdopen(1, "w"), fdopen(0, "r")) else {
            throw TerminalError(description: "cannot use the terminal type '\(term)'")
        }
        self.screen = screen
        guard tigetstr("cup").map({ Int(bitPattern: $0) > 0 }) ?? false else {
            endwin()
            delscreen(screen)
            throw TerminalError(description: "the terminal type '\(term)' cannot move the cursor, which letschat needs")
        }
        window = lc_stdscr()!
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        if has_colors() {
            start_color()
            use_default_colors()
            colorCount = Int(lc_colors())
            init_pair(1, Int16(NickColor.ownColor), -1)
            for (index, _) in NickColor.palette.enumerated() {
                init_pair(Int16(10 + index), Int16(NickColor.terminalColor(index: index, availableColors: colorCount)), -1)
            }
            init_pair(2, 1, -1)
            init_pair(3, 6, -1)
            init_pair(4, 3, -1)
        }
        if mouse {
            mouseinterval(0)
            mousemask(lc_wheel_mask(), nil)
        }
        define_key("\u{1B}[200~", Terminal.pasteStartCode)
        define_key("\u{1B}[201~", Terminal.pasteEndCode)
        writeRaw("\u{1B}[?2004h")
        _ = lc_install_signal_pipe(signalPipe.writeDescriptor)
    }

    /// Restores the terminal as it was; safe to call more than once.
    func close() {
        writeRaw("\u{1B}[?2004l")
        endwin()
    }

    /// Columns and rows of the terminal.
    var size: (columns: Int, rows: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Handles what arrived on `signalPipe`: follows a resize (asking the kernel for the size);
    /// returns true if a quit signal came.
    func handleSignals() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var quit = false
        var resized = false
        while true {
            let count = read(signalPipe.readDescriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            quit = quit || buffer[0..<count].contains(UInt8(ascii: "q"))
            resized = resized || buffer[0..<count].contains(UInt8(ascii: "w"))
        }
        if resized { followResize() }
        return quit
    }

    private func followResize() {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if lc_window_size(1, &rows, &columns) == 0 && rows > 0 && columns > 0 {
            resize_term(rows, columns)
        }
        window = lc_stdscr()!
        needsRepaint = true
    }

    /// Every key waiting on standard input, decoded; never blocks.
    func readKeys() -> [Key] {
        var keys: [Key] = []
        while let key = nextKey() { keys.append(key) }
        return keys
    }

    private func nextKey() -> Key? {
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        if status == ERR { return nil }
        let code = Int32(bitPattern: value)
        if status == KEY_CODE_YES { return Terminal.functionKey(code) }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27:
            var next: wint_t = 0
            let nextStatus = wget_wch(window, &next)
            if nextStatus == OK, let scalar = Unicode.Scalar(UInt32(next)) { return .alt(Character(scalar)) }
            if nextStatus == KEY_CODE_YES { return Terminal.functionKey(Int32(bitPattern: next)) }
            return nextStatus == ERR ? .escape : .unknown
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code + 96))))
        case 0..<32: return .unknown
        default:
            return Unicode.Scalar(UInt32(code)).map { .character(Character($0)) } ?? .unknown
        }
    }

    private static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case KEY_RESIZE: .resize
        case KEY_MOUSE: wheelKey()
        case pasteStartCode: .pasteStart
        case pasteEndCode: .pasteEnd
        case (KEY_F0 + 1)...(KEY_F0 + 12): .function(Int(code - KEY_F0))
        default: .unknown
        }
    }

    private static func wheelKey() -> Key {
        let direction = lc_wheel_direction()
        return direction < 0 ? .mouseWheelUp : direction > 0 ? .mouseWheelDown : .unknown
    }

    /// Prints `frame` (only the cells that changed reach the terminal).
    func draw(_ frame: Frame, clear: Bool = false) {
        if clear || needsRepaint { clearok(window, true) }
        needsRepaint = false
        werase(window)
        for placed in frame.rows {
            var x = placed.x
            if let fill = placed.fill {
                setStyle(fill)
                mvwaddnwstr(window, Int32(placed.y), Int32(placed.x), wide(String(repeating: " ", count: placed.width)), -1)
            }
            for segment in placed.row.segments {
                setStyle(segment.style)
                mvwaddnwstr(window, Int32(placed.y), Int32(x), wide(segment.text), -1)
                x += DisplayWidth.of(segment.text)
            }
        }
        setStyle(.plain)
        if let line = frame.separator {
            for row in line.y..<(line.y + line.height) {
                mvwaddnwstr(window, Int32(row), Int32(line.x), wide("│"), -1)
            }
        }
        wmove(window, Int32(frame.cursor.y), Int32(frame.cursor.x))
        wrefresh(window)
    }

    /// Rings the terminal bell.
    func bell() {
        beep()
    }

    private func setStyle(_ style: Style) {
        let attributes: attr_t
        switch style {
        case .plain: attributes = 0
        case .own: attributes = lc_color_pair(1)
        case .nick(let index): attributes = lc_color_pair(Int32(10 + index % NickColor.palette.count))
        case .dim, .time: attributes = lc_a_dim()
        case .mention: attributes = lc_a_bold() | lc_color_pair(4)
        case .error: attributes = lc_a_bold() | lc_color_pair(2)
        case .info: attributes = lc_color_pair(3)
        case .status: attributes = lc_a_reverse()
        }
        wattrset(window, Int32(bitPattern: attributes))
    }

    private func wide(_ text: String) -> [wchar_t] {
        text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
    }

    private func writeRaw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
}
