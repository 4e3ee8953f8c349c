import Foundation
import Tessera

/// The SQL of format version 1 (documented in `Docs/FileFormat.md`).
enum Schema {
    static func create(in database: SQLiteDatabase, header: ArchiveHeader) throws {
        let descriptorColumns = (0..<header.descriptorDimension).map { "descriptor_\($0) REAL NOT NULL" }
        let genomeColumns: [String]
        switch header.genomeKind {
        case .vector: genomeColumns = (0..<header.genomeDimension).map { "genome_\($0) REAL NOT NULL" }
        case .json: genomeColumns = ["genome TEXT NOT NULL"]
        case .vectorBlob, .tensor: genomeColumns = ["genome BLOB NOT NULL"]
        }
        try database.execute("""
            PRAGMA application_id = \(FileFormat.applicationID);
            PRAGMA user_version = \(FileFormat.version);
            CREATE TABLE tessera_file (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE run_config (position INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);
            \(elitesTable(StoredArchive.main.table, columns: descriptorColumns + genomeColumns));
            CREATE TABLE history (
                iteration INTEGER PRIMARY KEY,
                evaluations INTEGER NOT NULL,
                qd_score REAL NOT NULL,
                norm_qd_score REAL NOT NULL,
                coverage REAL NOT NULL,
                num_elites INTEGER NOT NULL,
                obj_max REAL,
                obj_mean REAL,
                failed INTEGER NOT NULL
            );
            CREATE TABLE state (name TEXT PRIMARY KEY, version INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE checkpoints (
                number INTEGER PRIMARY KEY,
                iteration INTEGER NOT NULL,
                evaluations INTEGER NOT NULL,
                wall_seconds REAL NOT NULL
            );
            """)
        if header.archiveKind == .cvt {
            let columns = (0..<header.descriptorDimension).map { "c_\($0) REAL NOT NULL" }.joined(separator: ", ")
            try database.execute("CREATE TABLE centroids (cell INTEGER PRIMARY KEY, \(columns))")
        }
        if header.hasResultArchive {
            try database.execute(elitesTable(StoredArchive.result.table, columns: descriptorColumns + genomeColumns))
        }
    }

    /// The `CREATE TABLE` of an elites table (`elites`, or `result_elites`).
    static func elitesTable(_ name: String, columns: [String]) -> String {
        """
        CREATE TABLE \(name) (
            cell INTEGER PRIMARY KEY,
            position INTEGER NOT NULL UNIQUE,
            objective REAL NOT NULL,
            threshold REAL NOT NULL,
            evaluation INTEGER NOT NULL,
            \(columns.joined(separator: ",\n    ")),
            metadata TEXT
        )
        """
    }

    static func writeHeader(_ header: ArchiveHeader, configurationJSON: Data, in database: SQLiteDatabase) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let insert = try database.prepare("INSERT INTO tessera_file (key, value) VALUES (?, ?)")
        var pairs: [(String, String)] = [
            ("format_version", String(header.formatVersion)),
            ("tessera_version", header.tesseraVersion),
            ("genome_kind", header.genomeKind.rawValue),
            ("genome_dimension", String(header.genomeDimension)),
            ("archive_kind", header.archiveKind.rawValue),
            ("cells", String(header.cells)),
            ("descriptor_dimension", String(header.descriptorDimension)),
            ("header", String(decoding: try encoder.encode(header), as: UTF8.self)),
            ("run_configuration", String(decoding: configurationJSON, as: UTF8.self)),
        ]
        if let shape = header.genomeShape { pairs.append(("genome_shape", String(decoding: try encoder.encode(shape), as: UTF8.self))) }
        for (key, value) in pairs {
            insert.reset()
            try insert.bind(1, key)
            try insert.bind(2, value)
            try insert.step()
        }
    }

    /// Replaces the header of a re-indexed archive (its descriptor box, and CVT centroids).
    static func rewriteHeader(_ header: ArchiveHeader, centroids: [Double]?, in database: SQLiteDatabase) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let update = try database.prepare("UPDATE tessera_file SET value = ? WHERE key = 'header'")
        try update.bind(1, String(decoding: try encoder.encode(header), as: UTF8.self))
        try update.step()
        if let centroids {
            try database.execute("DELETE FROM centroids")
            try writeCentroids(centroids, dimension: header.descriptorDimension, in: database)
        }
    }

    /// Writes a small JSON state of the archive itself (an unstructured archive's admission
    /// rule, which Novelty Search adapts as it goes).
    static func writeArchiveState(_ data: Data, in database: SQLiteDatabase) throws {
        let statement = try database.prepare("INSERT OR REPLACE INTO state (name, version, data) VALUES ('archive', 1, ?)")
        try statement.bind(1, data)
        try statement.step()
    }

    /// The archive's own saved state, or `nil`.
    static func readArchiveState(from database: SQLiteDatabase) throws -> Data? {
        let statement = try database.prepare("SELECT data FROM state WHERE name = 'archive'")
        return try statement.step() ? statement.data(0) : nil
    }

    static func readHeader(from database: SQLiteDatabase, path: String) throws -> ArchiveHeader {
        guard let text = try database.scalarText("SELECT value FROM tessera_file WHERE key = 'header'") else {
            throw StoreError.corrupt(path: path, detail: "no header")
        }
        // Genome kinds may be added within a format: name one this build does not know.
        if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
           let kind = object["genomeKind"] as? String, ArchiveHeader.GenomeKind(rawValue: kind) == nil {
            let writer = (object["tesseraVersion"] as? String).map { " by Tessera \($0)" } ?? ""
            throw StoreError.mismatch(path: path, detail: "holds genomes of kind '\(kind)', written\(writer), which this build "
                                      + "(Tessera \(TesseraInfo.version)) does not read; open it with a newer Tessera")
        }
        do {
            return try JSONDecoder().decode(ArchiveHeader.self, from: Data(text.utf8))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.first?.stringValue == "descriptorSpace" {
            // A box is checked as it is decoded; its message names the bound at fault.
            throw StoreError.corrupt(path: path, detail: "the header's descriptor box is invalid (\(context.debugDescription))")
        } catch {
            throw StoreError.corrupt(path: path, detail: "unreadable header")
        }
    }

    static func writeCentroids(_ centroids: [Double], dimension: Int, in database: SQLiteDatabase) throws {
        let placeholders = Array(repeating: "?", count: dimension + 1).joined(separator: ", ")
        let insert = try database.prepare("INSERT INTO centroids VALUES (\(placeholders))")
        for cell in 0..<(centroids.count / dimension) {
            insert.reset()
            try insert.bind(1, Int64(cell))
            for j in 0..<dimension { try insert.bind(Int32(2 + j), centroids[cell * dimension + j]) }
            try insert.step()
        }
    }

    static func readCentroids(from database: SQLiteDatabase, dimension: Int) throws -> [Double]? {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'centroids'") == 1 else { return nil }
        let statement = try database.prepare("SELECT * FROM centroids ORDER BY cell")
        var out: [Double] = []
        var expected: Int64 = 0
        while try statement.step() {
            guard statement.int(0) == expected else { throw SQLiteError(code: 11, message: "centroid cells are not 0..<n", context: "reading centroids") }
            expected += 1
            for j in 0..<dimension { out.append(statement.double(Int32(1 + j))) }
        }
        return out
    }

    /// Brings `table` to `store`: inserts or replaces the elites whose cells changed at or
    /// after evaluation `since`, then checks that the table holds exactly the store's cells
    /// in the store's insertion order; when elites were removed (which shifts the positions
    /// of later ones), the table is rewritten whole.
    static func writeElites<Column: GenomeColumn>(of store: EliteStore<Column>, changedSince since: Int,
                                                  header: ArchiveHeader, into table: StoredArchive = .main,
                                                  in database: SQLiteDatabase) throws {
        try upsertElites(of: store, changedSince: since, header: header, into: table, in: database)
        let saved = try database.prepare("SELECT cell FROM \(table.table) ORDER BY position")
        var cells: [Int32] = []
        cells.reserveCapacity(store.occupiedCells.count)
        while try saved.step() { cells.append(Int32(truncatingIfNeeded: saved.int(0))) }
        if cells != Array(store.occupiedCells) {
            try database.execute("DELETE FROM \(table.table)")
            try upsertElites(of: store, changedSince: Int.min, header: header, into: table, in: database)
        }
    }

    /// Inserts or replaces the elites whose cells changed at or after evaluation `since`.
    static func upsertElites<Column: GenomeColumn>(of store: EliteStore<Column>, changedSince since: Int,
                                                   header: ArchiveHeader, into table: StoredArchive = .main,
                                                   in database: SQLiteDatabase) throws {
        let k = header.descriptorDimension
        let genomeColumns = header.genomeKind == .vector ? header.genomeDimension : 1
        let placeholders = Array(repeating: "?", count: 5 + k + genomeColumns + 1).joined(separator: ", ")
        let upsert = try database.prepare("INSERT OR REPLACE INTO \(table.table) VALUES (\(placeholders))")
        let vectors = store.genomes as? VectorColumn
        let tensors = store.genomes as? TensorColumn
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (position, cell32) in store.occupiedCells.enumerated() {
            let cell = Int(cell32)
            guard store.entries[cell] >= since else { continue }
            upsert.reset()
            try upsert.bind(1, Int64(cell))
            try upsert.bind(2, Int64(position))
            try upsert.bind(3, store.objectives[cell])
            try upsert.bind(4, store.thresholds[cell])
            try upsert.bind(5, Int64(store.entries[cell]))
            for j in 0..<k { try upsert.bind(Int32(6 + j), store.descriptors[cell * k + j]) }
            let genomeStart = Int32(6 + k)
            if let vectors, header.genomeKind == .vectorBlob {
                try upsert.bind(genomeStart, vectors.withRow(cell, GenomeBlob.encode))
            } else if let vectors {
                let d = vectors.dimension
                for j in 0..<d { try upsert.bind(genomeStart + Int32(j), vectors.storage[cell * d + j]) }
            } else if let tensors {
                try upsert.bind(genomeStart, tensors.withRow(cell, GenomeBlob.encode))
            } else {
                let genome = store.genomes[cell]
                try upsert.bind(genomeStart, String(decoding: try encoder.encode(genome), as: UTF8.self))
            }
            let metadata = try store.metadata?[cell].map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            try upsert.bind(genomeStart + Int32(genomeColumns), metadata)
            try upsert.step()
        }
    }

    static func appendHistory(_ points: [HistoryPoint], in database: SQLiteDatabase) throws {
        guard !points.isEmpty else { return }
        let insert = try database.prepare("INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for point in points {
            insert.reset()
            try insert.bind(1, Int64(point.iteration))
            try insert.bind(2, Int64(point.evaluations))
            try insert.bind(3, point.qdScore)
            try insert.bind(4, point.normQDScore)
            try insert.bind(5, point.coverage)
            try insert.bind(6, Int64(point.numElites))
            try insert.bind(7, point.objMax)
            try insert.bind(8, point.objMean)
            try insert.bind(9, Int64(point.failed))
            try insert.step()
        }
    }

    static func readHistory(from database: SQLiteDatabase, path: String) throws -> [HistoryPoint] {
        let statement = try database.prepare("SELECT * FROM history ORDER BY iteration")
        var out: [HistoryPoint] = []
        while try statement.step() {
            let numbers = [statement.double(2), statement.double(3), statement.double(4)]
                + [6, 7].compactMap { statement.isNull($0) ? nil : statement.double($0) }
            guard statement.int(0) >= 0, statement.int(1) >= 0, statement.int(5) >= 0, statement.int(8) >= 0,
                  numbers.allSatisfy(\.isFinite) else {
                throw StoreError.corrupt(path: path, detail: "history row of iteration \(statement.int(0)) holds impossible values")
            }
            let point = HistoryPoint(iteration: Int(statement.int(0)), evaluations: Int(statement.int(1)),
                                     stats: ArchiveStats(numElites: Int(statement.int(5)), coverage: statement.double(4),
                                                         qdScore: statement.double(2), normQDScore: statement.double(3),
                                                         objMax: statement.isNull(6) ? nil : statement.double(6),
                                                         objMean: statement.isNull(7) ? nil : statement.double(7)),
                                     failed: Int(statement.int(8)))
            out.append(point)
        }
        return out
    }

    /// Writes the `scheduler` row: the state's manifest (``StateManifest``), version 2.
    static func writeState(manifest data: Data, in database: SQLiteDatabase) throws {
        let statement = try database.prepare("INSERT OR REPLACE INTO state (name, version, data) VALUES ('scheduler', ?, ?)")
        try statement.bind(1, Int64(SchedulerState.version))
        try statement.bind(2, data)
        try statement.step()
    }

    /// The saved scheduler state: version 1 whole from its row; version 2 from its
    /// manifest and, when `parts` is true, the `state_parts` table (otherwise every
    /// component is returned without parts, for a look at the counters).
    static func readState(from database: SQLiteDatabase, path: String, parts: Bool = true) throws -> SchedulerState? {
        let statement = try database.prepare("SELECT version, data FROM state WHERE name = 'scheduler'")
        guard try statement.step() else { return nil }
        let version = statement.int(0)
        guard version <= Int64(SchedulerState.version), let data = statement.data(1) else {
            throw StoreError.newerFormat(path: path, found: Int(version), supported: SchedulerState.version)
        }
        if version < 2 {
            do {
                return try JSONDecoder().decode(SchedulerState.self, from: data)
            } catch {
                throw StoreError.corrupt(path: path, detail: "unreadable scheduler state")
            }
        }
        let manifest: StateManifest
        do {
            manifest = try JSONDecoder().decode(StateManifest.self, from: data)
        } catch {
            throw StoreError.corrupt(path: path, detail: "unreadable scheduler state")
        }
        if let stages = manifest.stages, stages < 0 || stages > manifest.components.count {
            throw StoreError.corrupt(path: path, detail: "the scheduler state lists \(stages) stages among \(manifest.components.count) components")
        }
        for component in manifest.components {
            for (key, part) in component.parts where part.bytes < 0 || (part.kind == .rows) != (part.width != nil)
                || (part.width ?? 1) < 1 {
                throw StoreError.corrupt(path: path, detail: "the scheduler state lists an impossible part '\(key)' of \(component.identifier)")
            }
        }
        return parts ? try StatePartsTable.read(manifest, from: database, path: path) : manifest.state { _, _ in [:] }
    }

    /// Writes each emitter's configuration, once, when the file is created (the `emitters`
    /// row of the `state` table).
    static func writeEmitterConfigurations(_ configurations: [EmitterConfiguration], in database: SQLiteDatabase) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let statement = try database.prepare("INSERT OR REPLACE INTO state (name, version, data) VALUES ('emitters', 1, ?)")
        try statement.bind(1, try encoder.encode(configurations))
        try statement.step()
    }

    /// The emitters' configurations written at creation, or `nil` for a file written
    /// before they were kept.
    static func readEmitterConfigurations(from database: SQLiteDatabase, path: String) throws -> [EmitterConfiguration]? {
        let statement = try database.prepare("SELECT version, data FROM state WHERE name = 'emitters'")
        guard try statement.step() else { return nil }
        guard statement.int(0) == 1, let data = statement.data(1),
              let configurations = try? JSONDecoder().decode([EmitterConfiguration].self, from: data) else {
            throw StoreError.corrupt(path: path, detail: "unreadable emitter configurations")
        }
        return configurations
    }

    /// Checks that the elites (and centroids) tables have the columns the header implies.
    static func checkTables(of header: ArchiveHeader, in database: SQLiteDatabase, path: String) throws {
        let k = header.descriptorDimension
        let genomeColumns = header.genomeKind == .vector ? (0..<header.genomeDimension).map { "genome_\($0)" } : ["genome"]
        if header.genomeKind == .vector, header.genomeDimension > FileFormat.maximumColumnGenomeDimension(descriptorDimension: k) {
            throw StoreError.corrupt(path: path, detail: "the header's \(header.genomeDimension) gene columns cannot fit a table")
        }
        let expected = ["cell", "position", "objective", "threshold", "evaluation"] + (0..<k).map { "descriptor_\($0)" }
            + genomeColumns + ["metadata"]
        for table in header.hasResultArchive ? [StoredArchive.main, .result] : [.main] {
            let found = try columns(of: table.table, in: database)
            guard found == expected else {
                throw StoreError.corrupt(path: path, detail: "the \(table.table) table has \(found.count) columns where the header "
                                         + "implies \(expected.count) (\(k) descriptor and \(genomeColumns.count) genome columns)")
            }
        }
        if header.archiveKind == .cvt {
            let centroidColumns = try columns(of: "centroids", in: database)
            guard centroidColumns == ["cell"] + (0..<k).map({ "c_\($0)" }) else {
                throw StoreError.corrupt(path: path, detail: "the centroids table does not have \(k) coordinate columns")
            }
        }
    }

    static func columns(of table: String, in database: SQLiteDatabase) throws -> [String] {
        let statement = try database.prepare("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0) ?? "") }
        return names
    }

    /// Writes the run settings (as JSON, and as `run_config` rows for readers).
    static func writeSettings(_ settings: RunSettings, in database: SQLiteDatabase) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let record = try database.prepare("INSERT OR REPLACE INTO tessera_file (key, value) VALUES ('run_settings', ?)")
        try record.bind(1, String(decoding: try encoder.encode(settings), as: UTF8.self))
        try record.step()
        let update = try database.prepare("UPDATE run_config SET value = ? WHERE key = ?")
        let insert = try database.prepare(
            "INSERT INTO run_config (position, key, value) VALUES ((SELECT coalesce(max(position), -1) + 1 FROM run_config), ?, ?)")
        for (key, value) in settings.fields {
            update.reset()
            try update.bind(1, value)
            try update.bind(2, key)
            try update.step()
            if try database.scalarInt("SELECT changes()") == 0 {
                insert.reset()
                try insert.bind(1, key)
                try insert.bind(2, value)
                try insert.step()
            }
        }
    }

    /// The saved run settings, or `nil` for a file written before they were saved.
    static func readSettings(from database: SQLiteDatabase, path: String) throws -> RunSettings? {
        guard let text = try database.scalarText("SELECT value FROM tessera_file WHERE key = 'run_settings'") else { return nil }
        let settings: RunSettings
        do {
            settings = try JSONDecoder().decode(RunSettings.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt(path: path, detail: "unreadable run settings")
        }
        if let problem = settings.problem { throw StoreError.corrupt(path: path, detail: "in its run settings, \(problem)") }
        return settings
    }
}
