// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Tessera", targets: ["Tessera"]),
        .library(name: "TesseraTasks", targets: ["TesseraTasks"]),
        .library(name: "TesseraStore", targets: ["TesseraStore"]),
        .library(name: "TesseraLanguageModels", targets: ["TesseraLanguageModels"]),
        .executable(name: "tessera", targets: ["tessera"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLAPACKE",
            path: "Sources/CLAPACKE",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "_TesseraKernels"),
        .target(name: "Tessera", dependencies: ["CLAPACKE", "_TesseraKernels"]),
        .target(name: "TesseraStore", dependencies: ["Tessera", "CSQLite"]),
        .target(name: "TesseraLanguageModels", dependencies: ["Tessera"], exclude: ["QDAIF/Domains"]),
        .target(name: "TesseraTasks", dependencies: ["Tessera", "TesseraStore", "TesseraLanguageModels", "_TesseraKernels"], exclude: ["Tasks/Maze/Maps"]),
        .target(
            name: "TesseraCLI",
            dependencies: [
                "Tessera", "TesseraTasks", "TesseraStore", "TesseraLanguageModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tessera", dependencies: ["Tessera", "TesseraCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "TesseraTestSupport", dependencies: ["Tessera"], path: "Tests/TesseraTestSupport"),
        .testTarget(name: "TesseraTests", dependencies: ["Tessera", "TesseraTestSupport"], exclude: ["Evaluation/Fixtures", "Diffusion/Remote/Fixtures"]),
        .testTarget(name: "TesseraTasksTests", dependencies: ["Tessera", "TesseraTasks", "TesseraTestSupport"],
                    exclude: ["PythonEvaluator/Fixtures"]),
        .testTarget(name: "TesseraStoreTests", dependencies: ["TesseraStore", "Tessera", "TesseraTasks", "TesseraTestSupport"]),
        .testTarget(name: "TesseraLanguageModelsTests", dependencies: ["TesseraLanguageModels", "Tessera", "TesseraTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TesseraCLITests", dependencies: ["TesseraCLI", "tessera", "Tessera", "TesseraStore", "TesseraLanguageModels", "TesseraTestSupport"]),
    ]
)
