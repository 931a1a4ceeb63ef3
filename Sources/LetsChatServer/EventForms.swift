/// One event's bytes per audience, each rendered the first time someone with that audience needs it.
///
/// The room keeps one for every event in its feed (the live forms) and every recent event (the
/// replay forms): a crowd that shares an audience then costs one rendering per event, not one per
/// member, and that under the room's lock. Nearly everyone shares one or two audiences, so a short
/// list searched in order beats a dictionary's hashing.
struct EventForms {
    private var forms: [(audience: Audience, bytes: [UInt8])] = []

    /// No forms rendered yet.
    init() {}

    /// The bytes for `audience`, made by `render` if no one with that audience needed them before.
    mutating func bytes(for audience: Audience, render: (Audience) -> [UInt8]) -> [UInt8] {
        if let form = forms.first(where: { $0.audience == audience }) { return form.bytes }
        let bytes = render(audience)
        forms.append((audience, bytes))
        return bytes
    }
}
