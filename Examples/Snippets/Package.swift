// swift-tools-version: 6.0
import PackageDescription

// The Swift snippets of README.md and Docs/*.md, each a small program: `make examples`
// builds and runs them all, and Tests/TesseraStoreTests/DocumentationSnippetTests.swift
// checks that every ```swift block of the docs is the text of one of these files (or of a
// region between `// snippet-begin` and `// snippet-end` lines), byte for byte.
let package = Package(
    name: "Snippets",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tessera", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "LibraryQuickStart", dependencies: [.product(name: "Tessera", package: "Tessera")]),
        .executableTarget(name: "NoveltySearch", dependencies: [.product(name: "Tessera", package: "Tessera")]),
        .executableTarget(name: "LearnedDescriptors", dependencies: [.product(name: "Tessera", package: "Tessera")]),
        .executableTarget(name: "CMAFamily", dependencies: [.product(name: "Tessera", package: "Tessera")]),
        .executableTarget(name: "SaveAndResume", dependencies: [
            .product(name: "Tessera", package: "Tessera"),
            .product(name: "TesseraStore", package: "Tessera"),
        ]),
    ]
)
