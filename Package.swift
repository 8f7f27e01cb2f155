// swift-tools-version:6.1
import PackageDescription

/// One set of compiler settings for every target (STYLE.md: Swift 6 mode, explicit existentials).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "KPIBridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kpibridge", targets: ["kpibridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already in the graph (Hummingbird, PostgresNIO): named for the SMTP client of notifications.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "BridgeModel", swiftSettings: swiftSettings),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "BridgeParsing", dependencies: ["BridgeModel", "CLibXML2"], swiftSettings: swiftSettings),
        .target(
            name: "BridgeMapping",
            dependencies: ["BridgeModel", "BridgeServices", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BridgeLedger",
            dependencies: [
                "BridgeModel", "BridgeServices", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BridgePostgres",
            dependencies: [
                "BridgeModel", "BridgeLedger", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "BridgeScoring", dependencies: ["BridgeModel"], swiftSettings: swiftSettings),
        // The one-stop system's dossiers: Decision 766's on-time rules, late steps, the centre's report (pure).
        .target(name: "BridgeServices", dependencies: ["BridgeModel"], swiftSettings: swiftSettings),
        .target(name: "BridgeWorkload", dependencies: ["BridgeModel", "BridgeScoring"], swiftSettings: swiftSettings),
        .target(name: "BridgeBonus", dependencies: ["BridgeModel", "BridgeScoring"], swiftSettings: swiftSettings),
        .target(name: "BridgeReconciliation", dependencies: ["BridgeModel"], swiftSettings: swiftSettings),
        // Notifications' channels: a plain SMTP client on SwiftNIO, the e-mail and the signed webhook body.
        .target(
            name: "BridgeNotify",
            dependencies: [
                "BridgeModel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .target(name: "BridgeSources", dependencies: ["BridgeModel"], swiftSettings: swiftSettings),
        .target(
            name: "BridgeSimulator",
            dependencies: [
                "BridgeModel", "BridgeReconciliation", "BridgeServices", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BridgePipeline",
            dependencies: [
                "BridgeModel", "BridgeParsing", "BridgeMapping", "BridgeLedger", "BridgeScoring", "BridgeSources",
                "BridgeReconciliation", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BridgeApp",
            dependencies: [
                "BridgePostgres",
                "BridgeModel", "BridgeParsing", "BridgeMapping", "BridgeLedger", "BridgePipeline", "BridgeScoring",
                "BridgeSources", "BridgeReconciliation", "BridgeServices", "BridgeWorkload", "BridgeBonus", "BridgeNotify",
                .product(name: "Yams", package: "Yams"), .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The benchmarks and their floors: linked by `kpibridge bench` (and its tests) only.
        .target(
            name: "BridgeBench",
            dependencies: [
                "BridgeApp", "BridgeDemo", "BridgeLedger", "BridgeModel", "BridgeParsing", "BridgePipeline", "BridgePostgres", "BridgeScoring",
                "BridgeSimulator", .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `demo` and the simulator's configuration: linked by the executable (`demo`, `sim`) and tests only.
        .target(
            name: "BridgeDemo",
            dependencies: [
                "BridgeApp", "BridgeServer", "BridgeLedger", "BridgeModel", "BridgeScoring", "BridgeServices", "BridgeSimulator",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test support without the service or the databases: fixtures, temporary folders, a manual clock, the
        // command runner. Unit tests of the model, parsing, mapping and sources link this alone.
        .target(name: "BridgeTestSupport", dependencies: ["BridgeMapping"], swiftSettings: swiftSettings),
        // Test support over ledgers on both databases (`TestLedger`, `PostgresTestServer`, `project`).
        .target(
            name: "BridgeTesting",
            dependencies: [
                "BridgeTestSupport", "BridgeModel", "BridgeLedger", "BridgePipeline", "BridgeScoring", "BridgePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BridgeServer",
            dependencies: [
                "BridgeApp", "BridgeModel", "BridgeLedger", "BridgePipeline", "BridgeScoring", "BridgeSources", "BridgeServices", "BridgeWorkload",
                "BridgeBonus", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kpibridge",
            dependencies: [
                "BridgeApp", "BridgeServer", "BridgeBench", "BridgeDemo", "BridgeModel", "BridgeLedger", "BridgePipeline", "BridgeScoring",
                "BridgeSimulator", "BridgeReconciliation", "BridgePostgres", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "BridgeModelTests", dependencies: ["BridgeModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgeParsingTests", dependencies: ["BridgeParsing", "BridgeTestSupport", "BridgeModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgeMappingTests", dependencies: ["BridgeMapping", "BridgeParsing", "BridgeTestSupport", "BridgeModel", "BridgeServices"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgeSourcesTests", dependencies: ["BridgeSources", "BridgeModel", "BridgeTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgeReconciliationTests", dependencies: ["BridgeReconciliation", "BridgeModel"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgeScoringTests", dependencies: ["BridgeScoring", "BridgeModel"],
            swiftSettings: swiftSettings),
        .testTarget(name: "BridgeServicesTests", dependencies: ["BridgeServices", "BridgeModel", "BridgeScoring"], swiftSettings: swiftSettings),
        .testTarget(name: "BridgeWorkloadTests", dependencies: ["BridgeWorkload", "BridgeModel", "BridgeScoring"], swiftSettings: swiftSettings),
        .testTarget(name: "BridgeBonusTests", dependencies: ["BridgeBonus", "BridgeModel", "BridgeScoring"], swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgeLedgerTests",
            dependencies: [
                "BridgeLedger", "BridgeTesting", "BridgeTestSupport", "BridgeModel", "BridgePipeline", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgePostgresTests",
            dependencies: [
                "BridgePostgres", "BridgeLedger", "BridgeTesting", "BridgeTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgePipelineTests",
            dependencies: [
                "BridgePipeline", "BridgeTesting", "BridgeTestSupport", "BridgeLedger", "BridgeModel", "BridgeMapping",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "BridgeApp", "BridgeTesting", "BridgeTestSupport", "BridgeBench", "BridgeDemo", "BridgeLedger", "BridgeModel", "BridgePipeline",
                "BridgeSimulator", "BridgeSources", "BridgeScoring", "BridgeReconciliation", "BridgeServer", "BridgeServices", "BridgeWorkload", "BridgeBonus",
                "BridgeNotify", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
    ]
)
