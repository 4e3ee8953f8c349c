import ArgumentParser
import TesseraTasks

/// `tessera tasks`: the built-in tasks, one line each.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List the built-in tasks.")

    func run() {
        for task in BuiltInTask.allCases {
            print("\(task.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(task.summary) [default --dims \(task.defaultDimension)]")
        }
    }
}

/// `tessera algorithms`: the algorithms, one line each.
struct AlgorithmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "algorithms", abstract: "List the search algorithms.")

    func run() {
        for algorithm in BuiltInAlgorithm.allCases {
            print("\(algorithm.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(algorithm.summary)")
        }
    }
}

import Foundation
