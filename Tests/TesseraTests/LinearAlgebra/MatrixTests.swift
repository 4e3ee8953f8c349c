import Foundation
import Testing
@testable import Tessera

@Suite struct MatrixTests {
    @Test func storesRowMajor() {
        var m = Matrix(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])
        #expect(m[0, 2] == 3)
        #expect(m[1, 0] == 4)
        m[1, 2] = 60
        #expect(m.storage == [1, 2, 3, 4, 5, 60])
        #expect(Matrix(rows: 2, columns: 2, repeating: 7).storage == [7, 7, 7, 7])
        #expect(Matrix.identity(2).storage == [1, 0, 0, 1])
        #expect(!m.isSquare)
    }

    @Test func transposesAndMultiplies() {
        let a = Matrix(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])
        #expect(a.transposed() == Matrix(rows: 3, columns: 2, storage: [1, 4, 2, 5, 3, 6]))
        // [1 2 3; 4 5 6] · [1 4; 2 5; 3 6] = [14 32; 32 77]
        #expect(a.multiplied(by: a, transposeOther: true).storage == [14, 32, 32, 77])
        // Aᵀ A is 3 x 3.
        #expect(a.multiplied(by: a, transposeSelf: true).storage == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        let b = Matrix(rows: 3, columns: 1, storage: [1, 0, -1])
        #expect(a.multiplied(by: b).storage == [-2, -2])
    }

    @Test func codableRoundTripAndValidation() throws {
        let a = Matrix(rows: 2, columns: 2, storage: [1, -2.5, 3, 4])
        let data = try JSONEncoder().encode(a)
        #expect(try JSONDecoder().decode(Matrix.self, from: data) == a)
        let bad = Data(#"{"rows":2,"columns":2,"storage":[1,2,3]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Matrix.self, from: bad) }
        let overflowing = Data(#"{"rows":4611686018427387904,"columns":4,"storage":[]}"#.utf8)
        #expect(throws: DecodingError.self, "rows x columns overflows") { try JSONDecoder().decode(Matrix.self, from: overflowing) }
    }
}
