/// A rectangle of terminal cells: column `x`, row `y` (both from the top left) and a size.
public struct Rect: Equatable, Sendable {
    /// The leftmost column.
    public var x: Int
    /// The top row.
    public var y: Int
    /// Columns wide.
    public var width: Int
    /// Rows high.
    public var height: Int

    /// Creates a rectangle.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle with no cells, at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// Whether the rectangle covers no cell.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// Whether the two rectangles share a cell.
    public func overlaps(_ other: Rect) -> Bool {
        !isEmpty && !other.isEmpty
            && x < other.x + other.width && other.x < x + width
            && y < other.y + other.height && other.y < y + height
    }
}
