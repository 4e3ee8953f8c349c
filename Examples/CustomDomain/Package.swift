// swift-tools-version: 6.0
import PackageDescription

// A package of your own that uses Tessera: it defines its own domain, mutation,
// selection and emitter without touching Tessera's code. Copy it as a starting point
// (replace the path dependency with Tessera's repository URL).
let package = Package(
    name: "CustomDomain",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tessera", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "CustomDomain", dependencies: [.product(name: "Tessera", package: "Tessera")]),
    ]
)
