// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "LetsChat",
    products: [
        .executable(name: "letschat-server", targets: ["letschat-server"]),
        .executable(name: "letschat", targets: ["letschat"]),
        .executable(name: "letschat-bench", targets: ["letschat-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure protocol and text logic: no I/O, no threads.
        .target(name: "LetsChatCore"),
        // What glibc has and Swift's Glibc module does not show (GNU extensions, epoll, malloc_trim).
        .systemLibrary(name: "CSystem"),
        // The one funnel for interruptible system calls, shared by the server, the client and the load generator.
        .target(name: "LetsChatSystem"),
        // DNS-SD over multicast DNS: the room announcer the server runs and the browser the client runs.
        .target(name: "LetsChatDiscovery", dependencies: ["LetsChatCore", "LetsChatSystem", "CSystem"]),
        // The server as a library, so the client's --serve and the tests can embed it.
        .target(name: "LetsChatServer", dependencies: ["LetsChatCore", "LetsChatSystem", "CSystem", "COpenSSL", "LetsChatDiscovery"]),
        // OpenSSL 3 for TLS (Debian's libssl-dev), reached only from the TLS files of LetsChatServer.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        // Wide-character ncurses, reached only from TUI's terminal adapter.
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "TUI", dependencies: ["LetsChatCore", "LetsChatServer", "LetsChatDiscovery", "CNcurses"]),
        .executableTarget(name: "letschat-server", dependencies: [
            "LetsChatServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [
            // The toolchain's lld with packed relative relocations (glibc 2.36+): with the standard
            // library linked in statically, the loader would otherwise read 860 KiB of relocations
            // at every start, and those pages stay resident (Resources/doc/performance.md).
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]),
        ]),
        // The load generator as a library: many IRC clients on a few epoll threads, and what they measure.
        .target(name: "LetsChatBench", dependencies: ["LetsChatSystem", "CSystem", "COpenSSL"]),
        .executableTarget(name: "letschat-bench", dependencies: [
            "LetsChatBench", "LetsChatCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "letschat", dependencies: [
            "TUI", "LetsChatCore", "LetsChatServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What tests that run real programs share: a process launcher, a tmux driver, polling with a deadline.
        .target(name: "TestSupport", dependencies: ["CSystem"], path: "Tests/TestSupport"),
        .testTarget(name: "LetsChatCoreTests", dependencies: ["LetsChatCore", "TestSupport"]),
        .testTarget(name: "LetsChatSystemTests", dependencies: ["LetsChatSystem"]),
        // The DNS-SD cache and announcer state without a network, and LAN tests in network namespaces (root).
        .testTarget(name: "LetsChatDiscoveryTests", dependencies: ["LetsChatDiscovery", "LetsChatCore", "TestSupport"]),
        .testTarget(name: "LetsChatServerTests", dependencies: ["LetsChatServer", "LetsChatCore"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "LetsChatCore", "LetsChatServer", "TestSupport"]),
        // Runs irssi, WeeChat, ngIRCd and InspIRCd against our server and client (see Resources/doc/interop.md).
        .testTarget(name: "InteropTests", dependencies: ["LetsChatServer", "LetsChatCore", "TestSupport"]),
        .testTarget(name: "LetsChatBenchTests", dependencies: ["LetsChatBench", "LetsChatServer"]),
    ],
    swiftLanguageModes: [.v6]
)
