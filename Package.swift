// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kontor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kontor", targets: ["kontor"]),
        .executable(name: "kontor-search-eval", targets: ["KontorSearchEval"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        /// Thin executable: parses the command line and hands over to KontorApp.
        .executableTarget(
            name: "kontor",
            dependencies: ["KontorApp"],
            swiftSettings: strict
        ),
        /// Rules and policies with no Vapor or Fluent in them.
        /// libxml2's SAX2 push parser (Debian libxml2-dev), for reading big bank files as a stream.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        /// libidn2 (Debian libidn2-dev), IDNA2008: one spelling of an e-mail address's international domain.
        .systemLibrary(name: "CIDN2", pkgConfig: "libidn2", providers: [.apt(["libidn2-dev"])]),
        .target(
            name: "KontorDomain",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"), "CLibXML2", "CIDN2"],
            swiftSettings: strict
        ),
        /// A small SMTP client (no SMTP package is available to us; see SMTPClient.swift).
        .target(
            name: "KontorMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                "CIDN2",
            ],
            swiftSettings: strict
        ),
        /// Snowball stemmers (Debian libstemmer-dev ships no pkg-config file).
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        /// GitHub-flavoured Markdown (Debian libcmark-gfm-dev and libcmark-gfm-extensions-dev).
        .systemLibrary(name: "CMarkGFM", pkgConfig: "libcmark-gfm", providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        /// Help-center search: language-aware analysis, an in-memory index, ranking and snippets. No Vapor, no database.
        /// Spelling dictionaries (Debian libhunspell-dev and hunspell-es/-fr/-de-ch/-it/-en-us): search does not
        /// "correct" a real word the guides lack.
        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev"])]),
        .target(name: "KontorSearch", dependencies: ["CStemmer", "CHunspell"], swiftSettings: strict),
        /// Markdown to safe HTML for help articles, with `console:` deep links resolved by the caller.
        .target(name: "KontorMarkdown", dependencies: ["CMarkGFM"], swiftSettings: strict),
        /// Measures help-center search quality and speed beside SQLite FTS5 and PostgreSQL full-text search.
        .executableTarget(
            name: "KontorSearchEval",
            dependencies: [
                "KontorSearch", "KontorMarkdown", "KontorDomain",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        /// QR codes (Debian libqrencode-dev), for authenticator-app enrolment.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        /// A text as a QR code drawn in SVG.
        .target(name: "KontorQR", dependencies: ["CQRencode"], swiftSettings: strict),
        /// Cairo and Pango (Debian libcairo2-dev, libpango1.0-dev), for drawing PDFs with real text layout.
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        /// Invoices and Swiss QR-bill payment slips as PDF, from plain values. No Vapor, no database.
        .target(name: "KontorPDF", dependencies: ["CCairo", "KontorQR"], swiftSettings: strict),
        /// libsodium, for argon2id password hashing.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        /// The Vapor application, organised by feature.
        .target(
            name: "KontorApp",
            dependencies: [
                "KontorDomain", "KontorMail", "KontorSearch", "KontorMarkdown", "KontorQR", "KontorPDF", "CSodium",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .testTarget(name: "KontorDomainTests", dependencies: ["KontorDomain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "KontorSearchTests", dependencies: ["KontorSearch"], swiftSettings: strict),
        .testTarget(name: "KontorMarkdownTests", dependencies: ["KontorMarkdown"], swiftSettings: strict),
        .testTarget(name: "KontorQRTests", dependencies: ["KontorQR"], swiftSettings: strict),
        /// Reading PDFs back in tests as a person or a bank's scanner would (poppler-utils, zbar-tools).
        .target(name: "PDFReading", path: "Tests/PDFReading", swiftSettings: strict),
        /// What several test targets share: a seeded generator, damaged copies of well-formed bank files.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "KontorPDFTests", dependencies: ["KontorPDF", "KontorQR", "PDFReading"], swiftSettings: strict),
        .testTarget(
            name: "KontorAppTests",
            dependencies: [
                "KontorApp", "KontorDomain", "PDFReading", "TestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

var strict: [SwiftSetting] { [.enableUpcomingFeature("ExistentialAny")] }
