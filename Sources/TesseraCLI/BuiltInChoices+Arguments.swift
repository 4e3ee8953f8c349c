import ArgumentParser
import TesseraTasks

extension BuiltInTask: ExpressibleByArgument {}
extension BuiltInAlgorithm: ExpressibleByArgument {}
