// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "SunmaskComposer",
    products: [
        .executable(name: "sunmask", targets: ["sunmask"]),
        .library(name: "SunmaskEngine", targets: ["SunmaskEngine"]),
        .library(name: "Chorale", targets: ["Chorale"]),
        .library(name: "Playback", targets: ["Playback"]),
        .library(name: "Composer", targets: ["Composer"]),
    ],
    targets: [
        // MARK: - C system libraries (Debian -dev packages)

        .systemLibrary(
            name: "CBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CNCurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .systemLibrary(
            name: "CFluidSynth",
            providers: [.apt(["libfluidsynth-dev"])]
        ),

        // MARK: - Libraries

        .target(
            name: "SunmaskEngine",
            dependencies: ["CBLAS"],
            exclude: ["README.md"],
            // The engine's loops are slow unoptimized, so it is built with -O in debug builds too.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        .target(
            name: "Chorale",
            exclude: ["README.md"],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "Playback",
            dependencies: ["CFluidSynth", "Chorale"],
            exclude: ["README.md"]
        ),
        .target(
            name: "Composer",
            dependencies: ["SunmaskEngine", "Chorale", "Playback"],
            exclude: ["README.md"]
        ),

        // MARK: - Executable

        .executableTarget(
            name: "sunmask-bench",
            dependencies: ["SunmaskEngine", "Chorale", "Playback", "CBLAS"],
            path: "Benchmarks/sunmask-bench"
        ),
        .executableTarget(
            name: "sunmask",
            dependencies: ["SunmaskEngine", "Chorale", "Playback", "Composer", "CNCurses"],
            resources: [.copy("Resources")]
        ),

        // MARK: - Tests

        .testTarget(name: "SunmaskEngineTests", dependencies: ["SunmaskEngine"]),
        .testTarget(name: "ChoraleTests", dependencies: ["Chorale"]),
        .testTarget(name: "PlaybackTests", dependencies: ["Playback", "Chorale"]),
        .testTarget(name: "ComposerTests", dependencies: ["Composer", "Chorale", "SunmaskEngine"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Chorale", "SunmaskEngine"]),
    ]
)
